"""A large first load into an empty Neo4j database: CREATE in parallel sessions under one held lock.

When ``Neo4jStore.upsert`` is given at least ``BULK_MIN_RECORDS`` records and the database holds no
node of the graph, nothing can already exist: the records are merged by id (and edges by identity)
in Python with graph.upsert.merge_props, exactly as the batched path merges them, every edge's ends
are checked against the nodes of the load before anything is written, and the batches CREATE
nodes and relationships without looking for existing ones, several sessions at a time. The node
batches return the element ids of what they created, and the relationships find their ends by
them rather than through the id index.

One writer at a time still holds: a transaction takes the server-side write lock
(cypher.TAKE_WRITE_LOCK) first, checks that the database is empty under it, and keeps it until the
last batch is written. Any other partnernet writer waits on that lock, and finds the graph complete
when it gets it. The batches themselves are written by other sessions, which do not take the lock.

A marker (a ``PartnernetMeta`` node with key ``bulk-load``) is committed before the first batch and
removed in the lock's transaction with the last: if the load is killed, the marker stays, the next
load finds the database not empty, takes the batched path (which merges into what was written and
so completes it) and reports the interrupted load.
"""

from __future__ import annotations

import logging
import os
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from typing import Callable, Sequence

from graph.errors import StoreError
from graph.model import Edge, Node
from graph.store import cypher
from graph.store.base import node_keys
from graph.store.neo4j_records import edge_identity, merge_edge, merge_node, node_identity
from graph.upsert import check_endpoints

log = logging.getLogger(__name__)

# Records (nodes + edges given) from which a load into an empty database goes the bulk way; below
# it the batched path is as fast, and small loads keep one code path.
BULK_MIN_RECORDS = 50_000
# Sessions writing batches at once (the server's cores are shared; see BENCHMARKS.md).
BULK_WRITERS = 2
BULK_BATCH_SIZE = 10_000


def min_records_from_env() -> int:
    """The bulk threshold: ``PARTNERNET_NEO4J_BULK_MIN`` records, or ``BULK_MIN_RECORDS``.

    Returns
    -------
    int
        Negative: never bulk-load.

    Raises
    ------
    StoreError
        The variable is set to something other than a whole number.
    """
    raw = os.environ.get("PARTNERNET_NEO4J_BULK_MIN", "").strip()
    try:
        return int(raw) if raw else BULK_MIN_RECORDS
    except ValueError:
        raise StoreError(f"PARTNERNET_NEO4J_BULK_MIN is {raw!r}; give a number of records, e.g. 50000 "
                         "(-1: never load the bulk way)") from None


def wants_bulk(nodes, edges, min_records: int) -> bool:
    """Whether a load is large enough to try the bulk path (sized collections only).

    Parameters
    ----------
    nodes, edges : iterable
        What ``upsert`` was given; generators are never bulk-loaded (their size is unknown).
    min_records : int
        The threshold; negative turns the bulk path off.

    Returns
    -------
    bool
    """
    if min_records < 0 or not hasattr(nodes, "__len__") or not hasattr(edges, "__len__"):
        return False
    return len(nodes) + len(edges) >= max(min_records, 1)


def distinct(records: Sequence, identity, merge) -> list:
    """The records merged by identity in the order first seen (what the batched path writes).

    Parameters
    ----------
    records : sequence
        Nodes or edges.
    identity, merge : callable
        As for ``graph.store.neo4j_records.distinct_batches``.

    Returns
    -------
    list
    """
    out: dict = {}
    for record in records:
        key = identity(record)
        old = out.get(key)
        out[key] = record if old is None else merge(old, record)
    return list(out.values())


def check_ends(nodes: list[Node], edges: list[Edge]) -> None:
    """Refuse a load into an empty database whose edges end outside its nodes or join wrong labels.

    Parameters
    ----------
    nodes, edges : list
        The distinct records of the load.

    Raises
    ------
    StoreError
        An edge's end is not among the nodes (the first such edge named).
    ValidationError
        An edge joins labels its type may not join.
    """
    labels = {n.id: n.label for n in nodes}
    for edge in edges:
        src, dst = labels.get(edge.source), labels.get(edge.target)
        if src is None or dst is None:
            missing = edge.source if src is None else edge.target
            raise StoreError(f"{edge.type} {edge.source} -> {edge.target}: node {missing!r} does not exist")
        check_endpoints(edge, src, dst)


def _node_batches(nodes: list[Node], size: int):
    by_label: dict[str, list[Node]] = {}
    for node in nodes:
        by_label.setdefault(node.label, []).append(node)
    for label, group in by_label.items():
        for i in range(0, len(group), size):
            part = group[i:i + size]
            yield cypher.create_nodes(label), [
                {"id": n.id, "props": n.props, "keys": sorted(node_keys(n))} for n in part]


def _edge_batches(edges: list[Edge], size: int, element_ids: dict[str, str]):
    by_type: dict[str, list[Edge]] = {}
    for edge in edges:
        by_type.setdefault(edge.type, []).append(edge)
    for rel_type, group in by_type.items():
        for i in range(0, len(group), size):
            yield cypher.create_edges(rel_type), [
                {"a": element_ids[e.source], "b": element_ids[e.target], "props": e.props}
                for e in group[i:i + size]]


def _report(written: int, progress) -> None:
    if progress:
        progress(written)


def _create(tx, statement: str, rows: list[dict]) -> tuple[int, list]:
    record = tx.run(statement, rows=rows).single()
    tx.run(cypher.BUMP_VERSION).consume()
    return record["created"], record.get("ids") or []


class BulkLoad:
    """One bulk first load through a store's driver (see the module's description).

    Parameters
    ----------
    store : Neo4jStore
        Gives the driver, database, error translation and ``_verify``.
    writers, batch_size : int
        Sessions writing at once, and rows per transaction.
    """

    def __init__(self, store, writers: int = BULK_WRITERS, batch_size: int = BULK_BATCH_SIZE):
        self.store = store
        self.writers = max(1, writers)
        self.batch_size = batch_size
        self.element_ids: dict[str, str] = {}

    def _session(self):
        driver = self.store._driver
        return driver.session(database=self.store.database,
                              bookmark_manager=driver.execute_query_bookmark_manager)

    def _write_batch(self, statement: str, rows: list[dict]) -> tuple[int, list]:
        with self.store._errors("write a batch of the bulk first load"), self._session() as session:
            created, ids = session.execute_write(_create, statement, rows)
        if created != len(rows):
            raise StoreError(f"Neo4j created {created} of {len(rows)} records of a batch of the bulk first load")
        return len(rows), ids

    def _write_all(self, batches, progress: Callable[[int], None] | None) -> None:
        """Write the batches, ``writers`` at a time; rows are built only a few batches ahead."""
        with ThreadPoolExecutor(self.writers, thread_name_prefix="partnernet-bulk") as pool:
            pending: deque = deque()
            try:
                for statement, rows in batches:
                    pending.append(pool.submit(self._write_batch, statement, rows))
                    if len(pending) >= 2 * self.writers:
                        self._done(pending.popleft(), progress)
                while pending:
                    self._done(pending.popleft(), progress)
            except BaseException:
                for future in pending:
                    future.cancel()
                raise

    def _done(self, future, progress) -> None:
        written, ids = future.result()
        self.element_ids.update(ids)
        _report(written, progress)

    def run(self, nodes: Sequence[Node], edges: Sequence[Edge], progress=None) -> float | None:
        """Load into an empty database; None (nothing written) when the database is not empty.

        Parameters
        ----------
        nodes, edges : sequence
            The records, repeats allowed (merged here).
        progress : callable, optional
            Called with the number of records written after each batch; the calls add up to the
            number of records given.

        Returns
        -------
        float or None
            Seconds the load took, or None when the database already holds nodes.

        Raises
        ------
        StoreError
            The server cannot be reached or refuses a write, an edge's end is not in the load, or one
            id is given two labels: raised before anything is written, except for a server error
            during the load, which leaves the marker for the next load to report.
        ValidationError
            An edge joins labels its type may not join, before anything is written.
        """
        start = time.perf_counter()
        unique_nodes = distinct(nodes, node_identity, merge_node)
        unique_edges = distinct(edges, edge_identity, merge_edge)
        self.store._verify()
        with self.store._errors("bulk-load the graph"):
            with self._session() as holder, holder.begin_transaction() as lock:
                lock.run(cypher.TAKE_WRITE_LOCK).consume()
                if lock.run(cypher.ANY_NODE).single() is not None:
                    return None
                check_ends(unique_nodes, unique_edges)
                self.store._driver.execute_query(
                    cypher.MARK_BULK_LOAD, {"nodes": len(unique_nodes), "edges": len(unique_edges)},
                    database_=self.store.database)
                try:
                    self._write_all(_node_batches(unique_nodes, self.batch_size), progress)
                    self._write_all(_edge_batches(unique_edges, self.batch_size, self.element_ids), progress)
                except StoreError as exc:
                    raise StoreError(f"{exc}; the bulk first load stopped after writing part of the graph, "
                                     "which the next load of the same data completes") from None
                lock.run(cypher.UNMARK_BULK_LOAD, started=None).consume()
                lock.run(cypher.BUMP_VERSION).consume()
                lock.commit()
        if progress and len(nodes) + len(edges) > len(unique_nodes) + len(unique_edges):
            progress(len(nodes) + len(edges) - len(unique_nodes) - len(unique_edges))
        seconds = time.perf_counter() - start
        log.info("bulk first load: %d records in %.1f s (%d nodes and %d relationships created by %d sessions)",
                 len(nodes) + len(edges), seconds, len(unique_nodes), len(unique_edges), self.writers)
        return seconds
