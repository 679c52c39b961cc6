"""Every Cypher statement the Neo4j store sends, as named constants and small builders.

Values are always parameters. Labels and relationship types are written into a statement only
after checking them against graph.model's allow-lists (``_label``/``_rel``), because Cypher cannot
take them as parameters in the Neo4j versions we support.

Every node the store writes carries its model label plus the base label ``Entity``, so a node can
be found by id without knowing its label, and so ``clear`` removes only what this store wrote.
Each node keeps ``keys``: its folded name, aliases (and country code), as graph.store.base.node_keys
computes them; a full-text index with the keyword analyzer answers prefix searches over them.
"""

from __future__ import annotations

import re

from typing import Sequence

from graph.errors import UsageError
from graph.model import (
    LIST_MERGE_PROPERTIES, MUNICIPALITY, NODE_LABELS, NODE_PROPERTIES, ORGANISES, PARTNER_OF,
    REL_ENDPOINTS, REL_TYPES,
)

BASE_LABEL = "Entity"
# Properties that domain queries select on (graph.queries.regional: municipalities of a country or subdivision).
RANGE_INDEXES = ((MUNICIPALITY, "country"), (MUNICIPALITY, "subdivision"))

# Relationship property that tells two edges of one type between the same nodes apart
# (graph.model.Edge.key); the store MERGEs on it.
EDGE_KEY_PROPERTY = {PARTNER_OF: "kind", ORGANISES: "role"}


def _seek(var: str) -> str:
    """Look ``var`` up by the id index even when the planner's statistics say the graph is empty
    (right after a clear, a cached plan otherwise scans every node once per row: minutes per batch)."""
    return f"USING INDEX {var}:{BASE_LABEL}(id)"


_SEEK_HINT = re.compile(r" USING INDEX \w+:" + BASE_LABEL + r"\(id\)")
ID_INDEX = "partnernet_entity_id"


def without_index_hints(statement: str) -> str:
    """The statement for a database without this store's id index (hints on a missing index fail)."""
    return _SEEK_HINT.sub("", statement)


def _label(label: str) -> str:
    if label not in NODE_LABELS:
        raise UsageError(f"{label!r} is not a node label of the model")
    return f"`{label}`"


def _rel(rel_type: str) -> str:
    if rel_type not in REL_TYPES:
        raise UsageError(f"{rel_type!r} is not a relationship type of the model")
    return f"`{rel_type}`"


def _property(label: str, name: str) -> str:
    if name not in NODE_PROPERTIES[label]:
        raise UsageError(f"{name!r} is not a property of {label} in the model")
    return f"`{name}`"


def _rels(rel_types: Sequence[str] | None) -> str:
    """``:A|B`` for a relationship pattern, or nothing for every type."""
    if not rel_types:
        return ""
    return ":" + "|".join(_rel(t) for t in rel_types)


# --- schema --------------------------------------------------------------------------------------

def schema_statements() -> list[str]:
    """Uniqueness of ``id`` for the base label and every model label, and the search index."""
    statements = [
        f"CREATE CONSTRAINT {ID_INDEX} IF NOT EXISTS "
        f"FOR (n:{BASE_LABEL}) REQUIRE n.id IS UNIQUE"
    ]
    for label in NODE_LABELS:
        statements.append(
            f"CREATE CONSTRAINT partnernet_{label.lower()}_id IF NOT EXISTS "
            f"FOR (n:{_label(label)}) REQUIRE n.id IS UNIQUE"
        )
    for label, prop in RANGE_INDEXES:
        statements.append(
            f"CREATE INDEX partnernet_{label.lower()}_{prop} IF NOT EXISTS "
            f"FOR (n:{_label(label)}) ON (n.{_property(label, prop)})"
        )
    statements.append(WRITE_LOCK_CONSTRAINT)
    return statements


AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"

# --- the store's version -------------------------------------------------------------------------

# One node outside the graph's labels (no Entity label: clear, stats and every query leave it alone)
# counts the write transactions; every write transaction ends with BUMP_VERSION.
META_LABEL = "PartnernetMeta"
BUMP_VERSION = (f"MERGE (m:{META_LABEL} {{key: 'store'}}) "
                "SET m.version = coalesce(m.version, 0) + 1")
READ_VERSION = f"MATCH (m:{META_LABEL} {{key: 'store'}}) RETURN sum(m.version) AS version"  # 0 before any write

# One writer at a time on the server: every write transaction first sets a property of this one
# node, which takes its exclusive lock until the transaction ends. Two loads at once then write
# their batches one after the other, and the "create the relationship if it is missing" of one
# batch can never interleave with another's (which once made a second (Leipzig)-[:IN_COUNTRY]->(DE)).
# The node has no Entity label: it is not part of the graph, and clear() leaves it.
WRITE_LOCK_LABEL = "PartnernetWriteLock"
WRITE_LOCK_CONSTRAINT = (f"CREATE CONSTRAINT partnernet_write_lock IF NOT EXISTS "
                         f"FOR (l:{WRITE_LOCK_LABEL}) REQUIRE l.id IS UNIQUE")
TAKE_WRITE_LOCK = f"MERGE (l:{WRITE_LOCK_LABEL} {{id: 'write'}}) SET l.taken = timestamp()"
ID_INDEX_EXISTS = "SHOW RANGE INDEXES YIELD name, state WHERE name = $name RETURN state"

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
    """Create the rows' nodes that are missing; return the existing ones that differ or have another label."""
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
    """Create the rows' missing relationships between existing, allowed ends. Returns how many rows
    found both ends (fewer than sent: the store refuses the batch) and the existing relationships
    the rows would change."""
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
    """Cypher setting the props of existing ``rel_type`` relationships from ``$rows``; UsageError for a type not in the model."""
    rel, key = _rel(rel_type), EDGE_KEY_PROPERTY.get(rel_type)
    where_key = f" WHERE r.{key} = row.key" if key else ""
    return (
        f"UNWIND $rows AS row MATCH (a:{BASE_LABEL} {{id: row.source}})-[r:{rel}]->(b:{BASE_LABEL} {{id: row.target}})"
        f" {_seek('a')} {_seek('b')}{where_key} SET r = row.props"
    )


# One bounded transaction per call, repeated until nothing is left, so clearing a large graph
# needs no huge transaction and is retried like any other managed write.
# Relationships go first, in chunks of their own: deleting a hub with DETACH DELETE would take its
# thousands of relationships into one transaction and can exceed the server's transaction memory.
CLEAR_SOME_RELATIONSHIPS = (
    f"MATCH (:{BASE_LABEL})-[r]->() WITH r LIMIT $limit DELETE r RETURN count(*) AS deleted"
)
CLEAR_SOME = f"MATCH (n:{BASE_LABEL}) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"

# --- reading -------------------------------------------------------------------------------------

GET_NODES = (
    f"UNWIND $ids AS id MATCH (n:{BASE_LABEL} {{id: id}}) {_seek('n')} "
    "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"
)
EXISTING_IDS = f"UNWIND $ids AS id MATCH (n:{BASE_LABEL} {{id: id}}) {_seek('n')} RETURN n.id AS id"


def nodes_of_label(label: str, properties: Sequence[str] = ()) -> str:
    """Nodes of a label whose ``properties`` equal ``$v0``, ``$v1``, ... (in order; written as
    ``n.prop`` so the range indexes serve them) and whose other properties equal ``$equals``."""
    lb = _label(label)
    where = [f"n.{_property(label, p)} = $v{i}" for i, p in enumerate(properties)]
    where.append("all(k IN keys($equals) WHERE n[k] = $equals[k])")
    return f"MATCH (n:{lb}) WHERE {' AND '.join(where)} RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"


def name_keys(label: str) -> str:
    """Every node of a label as one list [id, key, ...] of the folded names it keeps (``keys``),
    collected into one record: what the search index needs, without reading whole nodes."""
    return (f"MATCH (n:{_label(label)}) WITH n ORDER BY n.id "
            "RETURN collect([n.id] + coalesce(n.keys, [])) AS rows")


def all_edges(rel_type: str | None) -> str:
    """Cypher returning every relationship of ``rel_type`` (all for None); UsageError for a type not in the model."""
    rel = f":{_rel(rel_type)}" if rel_type else ""
    return (
        f"MATCH (a:{BASE_LABEL})-[r{rel}]->(b:{BASE_LABEL}) "
        "RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props"
    )


def edges_touching(rel_type: str | None) -> str:
    """Cypher returning the relationships of ``rel_type`` (any for None) that touch a node of ``$ids``."""
    rel = f":{_rel(rel_type)}" if rel_type else ""
    return (
        f"UNWIND $ids AS id MATCH (n:{BASE_LABEL} {{id: id}})-[r{rel}]-(:{BASE_LABEL}) {_seek('n')} "
        "RETURN type(r) AS type, startNode(r).id AS source, endNode(r).id AS target, properties(r) AS props"
    )


# Each relationship among the nodes once, found from its start node: a dense end (a country with
# thousands of municipalities) is never expanded, as it would be by edges_touching.
EDGES_AMONG = (
    f"UNWIND $ids AS id MATCH (a:{BASE_LABEL} {{id: id}})-[r]->(b:{BASE_LABEL}) {_seek('a')} WHERE b.id IN $ids "
    "RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props"
)


def neighbours(rel_types: Sequence[str] | None) -> str:
    """Ids one hop from ``$ids`` over the given types, PARTNER_OF limited to ``$kinds`` if set."""
    return (
        f"UNWIND $ids AS id MATCH (a:{BASE_LABEL} {{id: id}})-[r{_rels(rel_types)}]-(b:{BASE_LABEL}) {_seek('a')} "
        f"WHERE $kinds IS NULL OR type(r) <> '{PARTNER_OF}' OR r.kind IN $kinds "
        "RETURN DISTINCT b.id AS id"
    )


DEGREES = f"UNWIND $ids AS id MATCH (n:{BASE_LABEL} {{id: id}}) {_seek('n')} RETURN n.id AS id, COUNT {{ (n)--() }} AS degree"


def shortest_paths(rel_types: Sequence[str] | None, max_depth: int) -> str:
    """Cypher returning up to ``$limit`` shortest paths of at most ``max_depth`` hops; UsageError below 1."""
    if isinstance(max_depth, bool) or not isinstance(max_depth, int) or max_depth < 1:
        raise UsageError(f"max_depth must be a whole number of at least 1, got {max_depth!r}")
    return (
        f"MATCH (a:{BASE_LABEL} {{id: $source}}) {_seek('a')} MATCH (b:{BASE_LABEL} {{id: $target}}) {_seek('b')} "
        f"MATCH p = allShortestPaths((a)-[{_rels(rel_types)}*..{max_depth}]-(b)) "
        "RETURN [n IN nodes(p) | n.id] AS ids LIMIT $limit"
    )


def stats_statements() -> list[tuple[str, str, str]]:
    """(what, name, statement) counting one label or type each, answered from the count store."""
    out = [("node", label, f"MATCH (n:{_label(label)}) RETURN count(n) AS count") for label in NODE_LABELS]
    out += [("edge", rel, f"MATCH ()-[r:{_rel(rel)}]->() RETURN count(r) AS count") for rel in REL_TYPES]
    return out
