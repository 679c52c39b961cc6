"""Every Cypher statement the Neo4j store sends, as named constants and small builders.

Values are always parameters. Labels and relationship types are written into a statement only
after checking them against graph.model's allow-lists (``_label``/``_rel``), because Cypher cannot
take them as parameters in the Neo4j versions we support.

Every node the store writes carries its model label plus the base label ``Entity``, so a node can
be found by id without knowing its label, and so ``clear`` removes only what this store wrote.
Each node keeps ``keys``: its folded name, aliases (and country code), as graph.store.node_keys
computes them; a full-text index with the keyword analyzer answers prefix searches over them.
"""

from __future__ import annotations

from typing import Sequence

from .model import NODE_LABELS, ORGANISES, PARTNER_OF, REL_TYPES

BASE_LABEL = "Entity"
KEYS_INDEX = "partnernet_node_keys"

# Relationship property that tells two edges of one type between the same nodes apart
# (graph.model.Edge.key); the store MERGEs on it.
EDGE_KEY_PROPERTY = {PARTNER_OF: "kind", ORGANISES: "role"}


def _label(label: str) -> str:
    if label not in NODE_LABELS:
        raise ValueError(f"{label!r} is not a node label of the model")
    return f"`{label}`"


def _rel(rel_type: str) -> str:
    if rel_type not in REL_TYPES:
        raise ValueError(f"{rel_type!r} is not a relationship type of the model")
    return f"`{rel_type}`"


def _rels(rel_types: Sequence[str] | None) -> str:
    """``:A|B`` for a relationship pattern, or nothing for every type."""
    if not rel_types:
        return ""
    return ":" + "|".join(_rel(t) for t in rel_types)


# --- schema --------------------------------------------------------------------------------------

def schema_statements() -> list[str]:
    """Uniqueness of ``id`` for the base label and every model label, and the search index."""
    statements = [
        f"CREATE CONSTRAINT partnernet_entity_id IF NOT EXISTS "
        f"FOR (n:{BASE_LABEL}) REQUIRE n.id IS UNIQUE"
    ]
    for label in NODE_LABELS:
        statements.append(
            f"CREATE CONSTRAINT partnernet_{label.lower()}_id IF NOT EXISTS "
            f"FOR (n:{_label(label)}) REQUIRE n.id IS UNIQUE"
        )
    statements.append(
        f"CREATE FULLTEXT INDEX {KEYS_INDEX} IF NOT EXISTS FOR (n:{BASE_LABEL}) ON EACH [n.keys] "
        "OPTIONS {indexConfig: {`fulltext.analyzer`: 'keyword'}}"
    )
    return statements


AWAIT_INDEXES = "CALL db.awaitIndexes($seconds)"
KEYS_INDEX_EXISTS = "SHOW FULLTEXT INDEXES YIELD name, state WHERE name = $name RETURN state"

# --- writing -------------------------------------------------------------------------------------

# The store merges properties in Python (graph.model.merge_props, exactly as the embedded store
# does), so it first reads what is there, then replaces the whole property map.
FETCH_NODES = (
    f"UNWIND $ids AS id MATCH (n:{BASE_LABEL} {{id: id}}) "
    "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"
)


# Edge ends need only their labels (to check them against the model), not their properties.
FETCH_LABELS = f"UNWIND $ids AS id MATCH (n:{BASE_LABEL} {{id: id}}) RETURN n.id AS id, labels(n) AS labels"


def write_nodes(label: str) -> str:
    return (
        f"UNWIND $rows AS row MERGE (n:{_label(label)} {{id: row.id}}) "
        f"SET n = row.props, n:{BASE_LABEL}"
    )


def fetch_edges(rel_type: str) -> str:
    key = EDGE_KEY_PROPERTY.get(rel_type)
    where = f" WHERE r.{key} = row.key" if key else ""
    return (
        f"UNWIND $rows AS row "
        f"MATCH (a:{BASE_LABEL} {{id: row.source}})-[r:{_rel(rel_type)}]->(b:{BASE_LABEL} {{id: row.target}})"
        f"{where} RETURN row.source AS source, row.target AS target, properties(r) AS props"
    )


def write_edges(rel_type: str) -> str:
    key = EDGE_KEY_PROPERTY.get(rel_type)
    merge_key = f" {{{key}: row.key}}" if key else ""
    return (
        f"UNWIND $rows AS row "
        f"MATCH (a:{BASE_LABEL} {{id: row.source}}) MATCH (b:{BASE_LABEL} {{id: row.target}}) "
        f"MERGE (a)-[r:{_rel(rel_type)}{merge_key}]->(b) SET r = row.props"
    )


# One bounded transaction per call, repeated until nothing is left, so clearing a large graph
# needs no huge transaction and is retried like any other managed write.
CLEAR_SOME = f"MATCH (n:{BASE_LABEL}) WITH n LIMIT $limit DETACH DELETE n RETURN count(*) AS deleted"

# --- reading -------------------------------------------------------------------------------------

GET_NODES = FETCH_NODES
EXISTING_IDS = f"UNWIND $ids AS id MATCH (n:{BASE_LABEL} {{id: id}}) RETURN n.id AS id"


def nodes_of_label(label: str) -> str:
    """Nodes of a label whose properties equal ``$equals`` (keys are parameters too)."""
    return (
        f"MATCH (n:{_label(label)}) WHERE all(k IN keys($equals) WHERE n[k] = $equals[k]) "
        "RETURN n.id AS id, labels(n) AS labels, properties(n) AS props"
    )


def all_edges(rel_type: str | None) -> str:
    rel = f":{_rel(rel_type)}" if rel_type else ""
    return (
        f"MATCH (a:{BASE_LABEL})-[r{rel}]->(b:{BASE_LABEL}) "
        "RETURN type(r) AS type, a.id AS source, b.id AS target, properties(r) AS props"
    )


def edges_touching(rel_type: str | None) -> str:
    rel = f":{_rel(rel_type)}" if rel_type else ""
    return (
        f"UNWIND $ids AS id MATCH (n:{BASE_LABEL} {{id: id}})-[r{rel}]-(:{BASE_LABEL}) "
        "RETURN type(r) AS type, startNode(r).id AS source, endNode(r).id AS target, properties(r) AS props"
    )


# Lucene prefix query over whole keys (keyword analyzer: one term per key); the keys of each
# hit are returned so the store can choose candidates exactly as the embedded store does, and
# fetches the properties of the chosen ones only.
SEARCH_KEYS = (
    f"CALL db.index.fulltext.queryNodes('{KEYS_INDEX}', $query) YIELD node "
    "RETURN node.id AS id, labels(node) AS labels, node.keys AS keys"
)
# Without the index (a database this store has never written to): the same answer by scanning.
SEARCH_KEYS_SCAN = (
    f"MATCH (node:{BASE_LABEL}) WHERE any(k IN node.keys WHERE k STARTS WITH $key) "
    "RETURN node.id AS id, labels(node) AS labels, node.keys AS keys"
)


def neighbours(rel_types: Sequence[str] | None) -> str:
    """Ids one hop from ``$ids`` over the given types, PARTNER_OF limited to ``$kinds`` if set."""
    return (
        f"UNWIND $ids AS id MATCH (a:{BASE_LABEL} {{id: id}})-[r{_rels(rel_types)}]-(b:{BASE_LABEL}) "
        f"WHERE $kinds IS NULL OR type(r) <> '{PARTNER_OF}' OR r.kind IN $kinds "
        "RETURN DISTINCT b.id AS id"
    )


DEGREES = f"UNWIND $ids AS id MATCH (n:{BASE_LABEL} {{id: id}}) RETURN n.id AS id, COUNT {{ (n)--() }} AS degree"


def shortest_paths(rel_types: Sequence[str] | None, max_depth: int) -> str:
    if isinstance(max_depth, bool) or not isinstance(max_depth, int) or max_depth < 1:
        raise ValueError(f"max_depth must be a whole number of at least 1, got {max_depth!r}")
    return (
        f"MATCH (a:{BASE_LABEL} {{id: $source}}) MATCH (b:{BASE_LABEL} {{id: $target}}) "
        f"MATCH p = allShortestPaths((a)-[{_rels(rel_types)}*..{max_depth}]-(b)) "
        "RETURN [n IN nodes(p) | n.id] AS ids LIMIT $limit"
    )


def stats() -> str:
    """Counts per label and relationship type, each answered from Neo4j's count store."""
    parts = [f"MATCH (n:{_label(label)}) RETURN 'node' AS what, '{label}' AS name, count(n) AS count"
             for label in NODE_LABELS]
    parts += [f"MATCH ()-[r:{_rel(rel)}]->() RETURN 'edge' AS what, '{rel}' AS name, count(r) AS count"
              for rel in REL_TYPES]
    return " UNION ALL ".join(parts)
