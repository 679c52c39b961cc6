"""The Neo4j store's schema and the checks every Cypher statement relies on.

The base label ``Entity`` every node carries, the constraints and indexes (``schema_statements``),
the node that counts write transactions (the store's version) and the one that serialises writers,
and the checks that write a label, relationship type or property into a statement only when
graph.model's allow-lists know it (Cypher cannot take them as parameters). ``graph.store.cypher``
re-exports all of it.
"""

from __future__ import annotations

import re
from typing import Sequence

from graph.errors import UsageError
from graph.model import MUNICIPALITY, NODE_LABELS, NODE_PROPERTIES, ORGANISES, PARTNER_OF, REL_TYPES

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
    """The statement for a database without this store's id index (hints on a missing index fail).

    Parameters
    ----------
    statement : str
        A Cypher statement that may hold ``USING INDEX <var>:Entity(id)`` hints.

    Returns
    -------
    str
        The statement without them.
    """
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
# A bulk first load (graph.store.neo4j_bulk) commits this node before its first batch and removes it
# with its last; found later, it says the load was interrupted. Marking also makes sure the version
# node exists before the load's sessions bump it side by side.
MARK_BULK_LOAD = (f"MERGE (b:{META_LABEL} {{key: 'bulk-load'}}) SET b.started = toString(datetime()), "
                  f"b.nodes = $nodes, b.edges = $edges WITH b MERGE (m:{META_LABEL} {{key: 'store'}}) "
                  "SET m.version = coalesce(m.version, 0) + 1")
# ``$started`` None removes any mark; otherwise only the mark of the load that started then.
UNMARK_BULK_LOAD = (f"MATCH (b:{META_LABEL} {{key: 'bulk-load'}}) "
                    "WHERE $started IS NULL OR b.started = $started DELETE b")
READ_BULK_MARK = (f"MATCH (b:{META_LABEL} {{key: 'bulk-load'}}) "
                  "RETURN b.started AS started, b.nodes AS nodes, b.edges AS edges")
ANY_NODE = f"MATCH (n:{BASE_LABEL}) RETURN n.id AS id LIMIT 1"
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
