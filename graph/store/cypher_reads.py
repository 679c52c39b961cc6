"""The Cypher statements the Neo4j store reads with: nodes by id or label, name keys, relationships,
neighbours, degrees, shortest paths and counts. Labels and types are checked against graph.model's
allow-lists before they are written into a statement (``graph.store.cypher_schema``); values are
parameters. ``graph.store.cypher`` re-exports them.
"""

from __future__ import annotations

from typing import Sequence

from graph.errors import UsageError
from graph.model import NODE_LABELS, PARTNER_OF, REL_TYPES
from graph.store.cypher_schema import BASE_LABEL, _label, _property, _rel, _rels, _seek

GET_NODES = (
    f"UNWIND $ids AS id MATCH (n:{BASE_LABEL} {{id: id}}) {_seek('n')} "
    "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"
)
EXISTING_IDS = f"UNWIND $ids AS id MATCH (n:{BASE_LABEL} {{id: id}}) {_seek('n')} RETURN n.id AS id"


# Many rows are returned a few thousand to a record: a record per node or relationship costs the
# driver a message each (300,000 relationships: 8.1 s one per record, 1.8 s in chunks, 8.5 MB of
# server memory; one record of everything 2.4 s and 192 MB).
CHUNK = 2000
_CHUNK_STARTS = f"UNWIND range(0, size(found) - 1, {CHUNK}) AS i "  # where each chunk of the list ``found`` starts


def _edges_in_chunks(var: str, pattern: str) -> str:
    """The relationships ``r`` that ``pattern`` matches from each node ``var`` of the rows so far, as
    records of ``rows`` ([type, source id, target id, props]), those of ``CHUNK`` nodes to a record."""
    return (f"WITH collect({var}) AS found {_CHUNK_STARTS}CALL {{ WITH found, i UNWIND found[i..i + {CHUNK}] AS {var} "
            f"MATCH {pattern} RETURN collect([type(r), startNode(r).id, endNode(r).id, properties(r)]) AS rows }} "
            "RETURN rows")


def nodes_of_label(label: str, properties: Sequence[str] = ()) -> str:
    """Nodes of a label whose ``properties`` equal ``$v0``, ``$v1``, ... and whose other properties equal ``$equals``.

    The listed properties are written as ``n.prop`` so the range indexes serve them.

    Parameters
    ----------
    label : str
        One of ``graph.model.NODE_LABELS``.
    properties : sequence of str
        Properties of that label compared with ``$v0``, ``$v1``, ... in order.

    Returns
    -------
    str
        Returns records of ``rows``: [id, labels, props] per node, ``CHUNK`` nodes to a record.

    Raises
    ------
    UsageError
        An unknown label or property.
    """
    lb = _label(label)
    where = [f"n.{_property(label, p)} = $v{i}" for i, p in enumerate(properties)]
    where.append("all(k IN keys($equals) WHERE n[k] = $equals[k])")
    return (f"MATCH (n:{lb}) WHERE {' AND '.join(where)} WITH collect(n) AS found {_CHUNK_STARTS}"
            f"RETURN [n IN found[i..i + {CHUNK}] | [n.id, labels(n), properties(n)]] AS rows")


def name_keys(label: str) -> str:
    """Every node of a label as one list [id, key, ...] of the folded names it keeps (``keys``).

    Collected into one record: what the search index needs, without reading whole nodes.

    Parameters
    ----------
    label : str
        One of ``graph.model.NODE_LABELS``.

    Returns
    -------
    str
        Returns one record with ``rows``, sorted by id.

    Raises
    ------
    UsageError
        The label is not in graph.model's allow-list.
    """
    return (f"MATCH (n:{_label(label)}) WITH n ORDER BY n.id "
            "RETURN collect([n.id] + coalesce(n.keys, [])) AS rows")


def all_edges(rel_type: str | None) -> str:
    """Every relationship of ``rel_type``, or of every type.

    Parameters
    ----------
    rel_type : str or None
        One of ``graph.model.REL_TYPES``; None for all.

    Returns
    -------
    str
        Returns records of ``rows``: [type, source id, target id, props] per relationship, those of
        ``CHUNK`` start nodes to a record.

    Raises
    ------
    UsageError
        The type is not in graph.model's allow-list.
    """
    rel = f":{_rel(rel_type)}" if rel_type else ""
    return (
        f"MATCH (a:{BASE_LABEL}) WHERE EXISTS {{ (a)-[{rel}]->(:{BASE_LABEL}) }} "
        + _edges_in_chunks("a", f"(a)-[r{rel}]->(:{BASE_LABEL})")
    )


def edges_touching(rel_type: str | None) -> str:
    """The relationships of ``rel_type`` (any for None) that touch a node of ``$ids``.

    Parameters
    ----------
    rel_type : str or None
        One of ``graph.model.REL_TYPES``; None for all.

    Returns
    -------
    str
        Returns records of ``rows``: [type, source id, target id, props] per relationship, those of
        ``CHUNK`` of the nodes to a record; a relationship between two of the ids comes twice.

    Raises
    ------
    UsageError
        The type is not in graph.model's allow-list.
    """
    rel = f":{_rel(rel_type)}" if rel_type else ""
    return (
        f"UNWIND $ids AS id MATCH (n:{BASE_LABEL} {{id: id}}) {_seek('n')} "
        + _edges_in_chunks("n", f"(n)-[r{rel}]-(:{BASE_LABEL})")
    )


# Each relationship among the nodes once, found from its start node: a dense end (a country with
# thousands of municipalities) is never expanded, as it would be by edges_touching.
EDGES_AMONG = (
    f"UNWIND $ids AS id MATCH (a:{BASE_LABEL} {{id: id}})-[r]->(b:{BASE_LABEL}) {_seek('a')} WHERE b.id IN $ids "
    "RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props"
)


def neighbours(rel_types: Sequence[str] | None) -> str:
    """Ids one hop from ``$ids`` over the given types, PARTNER_OF limited to ``$kinds`` if set.

    Parameters
    ----------
    rel_types : sequence of str or None
        Relationship types walked (both directions); None or empty for all.

    Returns
    -------
    str
        Returns distinct ``id``; one breadth-first step of ``neighbourhood_raw``.

    Raises
    ------
    UsageError
        A type not in graph.model's allow-list.
    """
    return (
        f"UNWIND $ids AS id MATCH (a:{BASE_LABEL} {{id: id}})-[r{_rels(rel_types)}]-(b:{BASE_LABEL}) {_seek('a')} "
        f"WHERE $kinds IS NULL OR type(r) <> '{PARTNER_OF}' OR r.kind IN $kinds "
        "RETURN DISTINCT b.id AS id"
    )


DEGREES = f"UNWIND $ids AS id MATCH (n:{BASE_LABEL} {{id: id}}) {_seek('n')} RETURN n.id AS id, COUNT {{ (n)--() }} AS degree"


def shortest_paths(rel_types: Sequence[str] | None, max_depth: int) -> str:
    """Up to ``$limit`` shortest paths between ``$source`` and ``$target``.

    Parameters
    ----------
    rel_types : sequence of str or None
        Relationship types walked (both directions); None or empty for all.
    max_depth : int
        Most hops, at least 1; written into the pattern (Cypher takes no parameter there).

    Returns
    -------
    str
        Returns one record, ``paths``: the node ids along each of the first ``$limit`` paths found, each
        sequence once (parallel relationships give the same one more than once); one record, not one
        per path: between two hubs there are thousands.

    Raises
    ------
    UsageError
        ``max_depth`` below 1 or not a whole number, or an unknown type.
    """
    if isinstance(max_depth, bool) or not isinstance(max_depth, int) or max_depth < 1:
        raise UsageError(f"max_depth must be a whole number of at least 1, got {max_depth!r}")
    return (
        f"MATCH (a:{BASE_LABEL} {{id: $source}}) {_seek('a')} MATCH (b:{BASE_LABEL} {{id: $target}}) {_seek('b')} "
        f"MATCH p = allShortestPaths((a)-[{_rels(rel_types)}*..{max_depth}]-(b)) "
        "WITH p LIMIT $limit RETURN collect(DISTINCT [n IN nodes(p) | n.id]) AS paths"
    )


def stats_statements() -> list[tuple[str, str, str]]:
    """(what, name, statement) counting one label or type each, answered from the count store."""
    out = [("node", label, f"MATCH (n:{_label(label)}) RETURN count(n) AS count") for label in NODE_LABELS]
    out += [("edge", rel, f"MATCH ()-[r:{_rel(rel)}]->() RETURN count(r) AS count") for rel in REL_TYPES]
    return out
