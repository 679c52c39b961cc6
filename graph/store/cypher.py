"""Every Cypher statement the Neo4j store sends, as named constants and small builders.

Values are always parameters. Labels and relationship types are written into a statement only
after checking them against graph.model's allow-lists (``_label``/``_rel``), because Cypher cannot
take them as parameters in the Neo4j versions we support.

Every node the store writes carries its model label plus the base label ``Entity``, so a node can
be found by id without knowing its label, and so ``clear`` removes only what this store wrote.
Each node keeps ``keys``: its folded name, aliases (and country code), as graph.store.base.node_keys
computes them; a full-text index with the keyword analyzer answers prefix searches over them. The
schema, the version and lock nodes and the checks of labels and types live in
``graph.store.cypher_schema``, the statements that read in ``graph.store.cypher_reads``; both are
re-exported here.
"""

from __future__ import annotations

from graph.model import LIST_MERGE_PROPERTIES, PARTNER_OF, REL_ENDPOINTS
from graph.store.cypher_reads import (  # noqa: F401  (re-exported: the statements that read)
    CHUNK, DEGREES, EDGES_AMONG, EXISTING_IDS, GET_NODES, all_edges, edges_touching, name_keys, neighbours,
    nodes_of_label, shortest_paths, stats_statements,
)
from graph.store.cypher_schema import (  # noqa: F401  (re-exported: the schema and the checks)
    ANY_NODE, AWAIT_INDEXES, BASE_LABEL, BUMP_VERSION, EDGE_KEY_PROPERTY, ID_INDEX, ID_INDEX_EXISTS,
    MARK_BULK_LOAD, META_LABEL, RANGE_INDEXES, READ_BULK_MARK, READ_VERSION, TAKE_WRITE_LOCK, UNMARK_BULK_LOAD,
    WRITE_LOCK_CONSTRAINT, WRITE_LOCK_LABEL, _label, _property, _rel, _rels, _seek, schema_statements,
    without_index_hints,
)

# --- writing -------------------------------------------------------------------------------------

# A batch is written in one statement per label (or relationship type): what does not exist yet is
# created outright, and what exists is compared with the row on the server. Only existing records
# the row would change (or that carry another label) come back; the store merges those with
# graph.upsert.merge_props in Python, exactly as the embedded store does, and writes the result.
# So a first load and a re-load of unchanged data are one round trip per label and batch.

_LIST_PROPERTIES = "[" + ", ".join(f"'{k}'" for k in sorted(LIST_MERGE_PROPERTIES)) + "]"


def _changes(old: str, new: str) -> str:
    """True when merging the map ``new`` into the entity ``old`` would change it: a scalar differs,
    or a list property is missing or lacks one of the new values (lists are united)."""
    return (
        f"any(k IN keys({new}) WHERE {old}[k] IS NULL OR CASE WHEN k IN {_LIST_PROPERTIES} "
        f"THEN any(v IN {new}[k] WHERE NOT v IN {old}[k]) ELSE {old}[k] <> {new}[k] END)"
    )


def write_nodes(label: str) -> str:
    """Create the rows' nodes that are missing; return the existing ones that differ or have another label.

    Parameters
    ----------
    label : str
        One of ``graph.model.NODE_LABELS``; the nodes get it and ``Entity``.

    Returns
    -------
    str
        Takes ``$rows`` (``id``, ``props``, ``keys``); returns ``id``, ``labels``, ``props`` of existing
        nodes to merge in Python.

    Raises
    ------
    UsageError
        The label is not in graph.model's allow-list.
    """
    lb = _label(label)
    return (
        f"UNWIND $rows AS row OPTIONAL MATCH (old:{BASE_LABEL} {{id: row.id}}) {_seek('old')} "
        f"FOREACH (_ IN CASE WHEN old IS NULL THEN [1] ELSE [] END | "
        f"CREATE (n:{lb}:{BASE_LABEL}) SET n = row.props, n.id = row.id, n.keys = row.keys) "
        f"WITH row, old WHERE old IS NOT NULL AND (NOT old:{lb} OR {_changes('old', 'row.props')}) "
        "RETURN row.id AS id, labels(old) AS labels, properties(old) AS props"
    )


# Existing nodes whose merged properties differ: the whole map is replaced (id and keys included).
REPLACE_NODES = f"UNWIND $rows AS row MATCH (n:{BASE_LABEL} {{id: row.id}}) {_seek('n')} SET n = row.props"

# Edge ends need only their labels (to name the first bad edge of a refused batch).
FETCH_LABELS = f"UNWIND $ids AS id MATCH (n:{BASE_LABEL} {{id: id}}) {_seek('n')} RETURN n.id AS id, labels(n) AS labels"


def _ends_allowed(rel_type: str) -> str:
    """The model's (source label, target label) pairs of a type, as a predicate on ``a`` and ``b``.
    Written over labels(a) rather than as label predicates, which the planner would try to answer
    with label scans (seconds of planning for a few rows)."""
    pairs = set(REL_ENDPOINTS[rel_type])
    if rel_type == PARTNER_OF:  # undirected in meaning
        pairs |= {(t, s) for s, t in pairs}
    literal = ", ".join(f"['{_label(s)[1:-1]}', '{_label(t)[1:-1]}']" for s, t in sorted(pairs))
    return f"any(ends IN [{literal}] WHERE ends[0] IN labels(a) AND ends[1] IN labels(b))"


def write_edges(rel_type: str) -> str:
    """Create the rows' missing relationships between existing, allowed ends.

    Parameters
    ----------
    rel_type : str
        One of ``graph.model.REL_TYPES``; its allowed end labels are checked on the server.

    Returns
    -------
    str
        Takes ``$rows`` (``source``, ``target``, ``key``, ``props``); returns ``matched``, how many rows
        found both ends (fewer than sent: the store refuses the batch), and ``changed``, the existing
        relationships the rows would change.

    Raises
    ------
    UsageError
        The type is not in graph.model's allow-list.
    """
    rel, key = _rel(rel_type), EDGE_KEY_PROPERTY.get(rel_type)
    where_key = f" WHERE old.{key} = row.key" if key else ""
    return (
        f"UNWIND $rows AS row MATCH (a:{BASE_LABEL} {{id: row.source}}) {_seek('a')} "
        f"MATCH (b:{BASE_LABEL} {{id: row.target}}) {_seek('b')} "
        f"WHERE {_ends_allowed(rel_type)} "
        f"OPTIONAL MATCH (a)-[old:{rel}]->(b){where_key} "
        f"FOREACH (_ IN CASE WHEN old IS NULL THEN [1] ELSE [] END | CREATE (a)-[r:{rel}]->(b) SET r = row.props) "
        f"WITH row, old RETURN count(*) AS matched, collect(CASE WHEN old IS NOT NULL AND "
        f"{_changes('old', 'row.props')} THEN {{source: row.source, target: row.target, key: row.key, props: properties(old)}} "
        "END) AS changed"
    )


def replace_edges(rel_type: str) -> str:
    """Set the properties of existing relationships from ``$rows`` (after the merge in Python).

    Parameters
    ----------
    rel_type : str
        One of ``graph.model.REL_TYPES``; PARTNER_OF and ORGANISES match on their key property too.

    Returns
    -------
    str
        Takes ``$rows`` (``source``, ``target``, ``key``, ``props``); returns nothing.

    Raises
    ------
    UsageError
        The type is not in graph.model's allow-list.
    """
    rel, key = _rel(rel_type), EDGE_KEY_PROPERTY.get(rel_type)
    where_key = f" WHERE r.{key} = row.key" if key else ""
    return (
        f"UNWIND $rows AS row MATCH (a:{BASE_LABEL} {{id: row.source}})-[r:{rel}]->(b:{BASE_LABEL} {{id: row.target}})"
        f" {_seek('a')} {_seek('b')}{where_key} SET r = row.props"
    )


# --- the bulk first load (graph.store.neo4j_bulk): the database is empty and the rows distinct ------

def create_nodes(label: str) -> str:
    """Create one node per row, without looking for an existing one (an empty database's first load).

    Parameters
    ----------
    label : str
        One of ``graph.model.NODE_LABELS``; the nodes get it and ``Entity``.

    Returns
    -------
    str
        Takes ``$rows`` (``id``, ``props``, ``keys``); returns ``created`` and ``ids``, the pairs
        [id, element id] that ``create_edges`` finds the ends by. The uniqueness constraints still
        refuse a second node of an id.

    Raises
    ------
    UsageError
        The label is not in graph.model's allow-list.
    """
    return (f"UNWIND $rows AS row CREATE (n:{_label(label)}:{BASE_LABEL}) "
            "SET n = row.props, n.id = row.id, n.keys = row.keys "
            "RETURN count(*) AS created, collect([row.id, elementId(n)]) AS ids")


def create_edges(rel_type: str) -> str:
    """Create one relationship per row between ends given by element id, without looking for an existing one.

    The ends are the nodes ``create_nodes`` created in the same load, found by their element ids:
    no id index look-up (and no index lock) per end.

    Parameters
    ----------
    rel_type : str
        One of ``graph.model.REL_TYPES``; the ends were checked against the model before.

    Returns
    -------
    str
        Takes ``$rows`` (``a``, ``b``: element ids of start and end, ``props``); returns ``created``
        (fewer than the rows when an end no longer exists).

    Raises
    ------
    UsageError
        The type is not in graph.model's allow-list.
    """
    return ("UNWIND $rows AS row MATCH (a) WHERE elementId(a) = row.a MATCH (b) WHERE elementId(b) = row.b "
            f"CREATE (a)-[r:{_rel(rel_type)}]->(b) SET r = row.props RETURN count(*) AS created")


# One bounded transaction per call, repeated until nothing is left, so clearing a large graph
# needs no huge transaction and is retried like any other managed write.
# Relationships go first, in chunks of their own: deleting a hub with DETACH DELETE would take its
# thousands of relationships into one transaction and can exceed the server's transaction memory.
CLEAR_SOME_RELATIONSHIPS = (
    f"MATCH (:{BASE_LABEL})-[r]->() WITH r LIMIT $limit DELETE r RETURN count(*) AS deleted"
)
CLEAR_SOME = f"MATCH (n:{BASE_LABEL}) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"
