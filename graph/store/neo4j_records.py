"""Records of the Neo4j store: from server values to graph.model records and back, batched writes.

Repeated records of a load are merged before sending (graph.upsert.merge_props, the rule the
embedded store uses), then each batch is one statement per label or relationship type: missing
records are created; existing ones come back only if the row would change them, and are merged in
Python and replaced, so both stores agree to the letter. Edge ends are checked in the same
statement; a batch with a missing or wrongly labelled end is rolled back whole and the first bad
edge named.
"""

from __future__ import annotations

import functools
from typing import Iterable, Iterator, Sequence

from graph.errors import StoreError
from graph.model import EDGE_PROPERTIES, NODE_LABELS, NODE_PROPERTIES, REL_TYPES, Edge, Node
from graph.store import cypher
from graph.store.base import node_keys
from graph.upsert import check_endpoints, merge_props


# Properties come back from Neo4j in no particular order; give them the model's order.
_NODE_ORDER = {label: {k: i for i, k in enumerate(props)} for label, props in NODE_PROPERTIES.items()}
_EDGE_ORDER = {t: {k: i for i, k in enumerate(EDGE_PROPERTIES.get(t, {"sources": None}))} for t in REL_TYPES}


@functools.lru_cache(maxsize=4096)
def _key_order(kind: str, keys: tuple[str, ...]) -> tuple[str, ...]:
    """The model's order of one combination of property names (a label's or a type's); a large answer
    holds few combinations, so each is sorted once."""
    order = _NODE_ORDER[kind] if kind in _NODE_ORDER else _EDGE_ORDER[kind]
    return tuple(sorted(keys, key=lambda k: (order.get(k, len(order)), k)))


def _ordered(props: dict, kind: str) -> dict:
    if len(props) < 2:
        return dict(props)
    return {k: props[k] for k in _key_order(kind, tuple(props))}


def stored_node(labels: Sequence[str], props: dict) -> Node:
    """A Node from a stored node, without validating again (it was validated when written).

    Parameters
    ----------
    labels : sequence of str
        The node's labels as Neo4j returns them (its model label and ``Entity``).
    props : dict
        Its properties, with ``id`` and the search ``keys``.

    Returns
    -------
    Node
        Properties in the model's order, without ``id`` and ``keys``.
    """
    label = next(label for label in labels if label in NODE_LABELS)
    props = dict(props)
    node_id = props.pop("id")
    props.pop("keys", None)
    return Node.trusted(label, node_id, _ordered(props, label))


def stored_edge(rel_type: str, source: str, target: str, props: dict) -> Edge:
    """An Edge from a stored relationship, without validating again.

    Parameters
    ----------
    rel_type : str
        The relationship type.
    source, target : str
        Ids of its start and end node.
    props : dict
        Its properties.

    Returns
    -------
    Edge
        Properties in the model's order.
    """
    return Edge.trusted(rel_type, source, target, _ordered(props, rel_type))


def node_identity(node: Node) -> str:
    """What makes a node distinct in a batch: its id.

    Parameters
    ----------
    node : Node

    Returns
    -------
    str
    """
    return node.id


def edge_identity(edge: Edge) -> tuple[str, str, str]:
    """What makes an edge distinct in a batch: ``Edge.identity``.

    Parameters
    ----------
    edge : Edge

    Returns
    -------
    (str, str, str)
        Source id, target id and key.
    """
    return edge.identity


def merge_node(old: Node, new: Node) -> Node:
    """``new`` with its properties merged into ``old``'s by graph.upsert.merge_props.

    Parameters
    ----------
    old, new : Node
        Two records of one id, ``new`` written later.

    Returns
    -------
    Node

    Raises
    ------
    StoreError
        The two have different labels.
    """
    if old.label != new.label:
        raise StoreError(f"node {new.id!r} is a {old.label}, cannot store it as {new.label}")
    return Node.trusted(new.label, new.id, merge_props(old.props, new.props))


def merge_edge(old: Edge, new: Edge) -> Edge:
    """``new`` with its properties merged into ``old``'s by graph.upsert.merge_props.

    Parameters
    ----------
    old, new : Edge
        Two records of one identity, ``new`` written later.

    Returns
    -------
    Edge
    """
    return Edge.trusted(new.type, new.source, new.target, merge_props(old.props, new.props))


def distinct_batches(records: Iterable, size: int, identity, merge) -> Iterator[tuple[list, int]]:
    """Batches of up to ``size`` distinct records, each with the number of records it took in.

    Loaders repeat records (a town appears in every pair it is part of); repeats are merged here
    with graph.upsert.merge_props, which gives what writing them one after the other would give,
    so each node or relationship is sent and written once per batch.

    Parameters
    ----------
    records : iterable
        Nodes or edges, read once.
    size : int
        Most distinct records per batch.
    identity : callable
        Record -> what makes it distinct (:func:`node_identity`, :func:`edge_identity`).
    merge : callable
        (old, new) -> the merged record (:func:`merge_node`, :func:`merge_edge`).

    Yields
    ------
    (list, int)
        The distinct records of a batch and how many records it took in (for progress).
    """
    batch: dict = {}
    count = 0
    for record in records:
        count += 1
        key = identity(record)
        old = batch.get(key)
        batch[key] = record if old is None else merge(old, record)
        if len(batch) >= size:
            yield list(batch.values()), count
            batch, count = {}, 0
    if batch:
        yield list(batch.values()), count


def _refuse(tx, batch: list[Edge]) -> None:
    """Raise for the first edge of a refused batch whose end is missing or of the wrong label."""
    ids = list(dict.fromkeys(i for edge in batch for i in (edge.source, edge.target)))
    labels = {r["id"]: next(lb for lb in r["labels"] if lb in NODE_LABELS)
              for r in tx.run(cypher.FETCH_LABELS, ids=ids)}
    for edge in batch:
        src, dst = labels.get(edge.source), labels.get(edge.target)
        if src is None or dst is None:
            missing = edge.source if src is None else edge.target
            raise StoreError(f"{edge.type} {edge.source} -> {edge.target}: node {missing!r} does not exist")
        check_endpoints(edge, src, dst)
    raise StoreError("Neo4j refused a batch of relationships although every end exists with an allowed label")


def write_nodes(tx, batch: list[Node]) -> None:
    """Write a batch of distinct nodes in transaction ``tx``.

    Parameters
    ----------
    tx : neo4j.ManagedTransaction
        The write transaction.
    batch : list of Node
        Distinct nodes (:func:`distinct_batches`).

    Raises
    ------
    StoreError
        A node exists with another label; the transaction is rolled back.
    """
    by_label: dict[str, list[Node]] = {}
    for node in batch:
        by_label.setdefault(node.label, []).append(node)
    existing: dict[str, Node] = {}
    for label, nodes in by_label.items():
        rows = [{"id": n.id, "props": n.props, "keys": sorted(node_keys(n))} for n in nodes]
        for r in tx.run(cypher.write_nodes(label), rows=rows):
            existing[r["id"]] = stored_node(r["labels"], r["props"])
    if not existing:
        return
    # A node of another label refuses the whole batch; raising rolls the transaction back.
    for node in batch:
        old = existing.get(node.id)
        if old is not None and old.label != node.label:
            raise StoreError(f"node {node.id!r} is a {old.label}, cannot store it as {node.label}")
    rows = []
    for node in batch:
        old = existing.get(node.id)
        if old is not None:
            merged = Node.trusted(node.label, node.id, merge_props(old.props, node.props))
            rows.append({"id": node.id, "props": {**merged.props, "id": node.id,
                                                  "keys": sorted(node_keys(merged))}})
    tx.run(cypher.REPLACE_NODES, rows=rows).consume()


def write_edges(tx, batch: list[Edge]) -> None:
    """Write a batch of distinct edges in transaction ``tx``; a bad end refuses the whole batch.

    Parameters
    ----------
    tx : neo4j.ManagedTransaction
        The write transaction.
    batch : list of Edge
        Distinct edges (:func:`distinct_batches`).

    Raises
    ------
    StoreError
        An end is missing or of a label the type may not join (named); the transaction is rolled back.
    """
    by_type: dict[str, list[Edge]] = {}
    for edge in batch:
        by_type.setdefault(edge.type, []).append(edge)
    refused = False
    changed: dict[str, list[dict]] = {}
    for rel_type, edges in by_type.items():
        key_prop = cypher.EDGE_KEY_PROPERTY.get(rel_type)
        rows = [{"source": e.source, "target": e.target, "key": e.props[key_prop] if key_prop else None,
                 "props": e.props} for e in edges]
        record = tx.run(cypher.write_edges(rel_type), rows=rows).single()
        if record["matched"] < len(rows):
            refused = True
            break
        if record["changed"]:
            stored = {(c["source"], c["target"], c["key"]): c["props"] for c in record["changed"]}
            changed[rel_type] = [
                {**row, "props": merge_props(stored[ends], row["props"])}
                for row in rows if (ends := (row["source"], row["target"], row["key"])) in stored
            ]
    if refused:
        _refuse(tx, batch)
    for rel_type, rows in changed.items():
        tx.run(cypher.replace_edges(rel_type), rows=rows).consume()
