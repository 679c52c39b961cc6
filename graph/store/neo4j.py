"""The Neo4j store: the same answers as the embedded store, from a Neo4j 5 server or Aura.

The driver is created once and injected (``Neo4jStore(driver)``), or built by ``from_config`` /
``from_env`` (graph.store.neo4j_connection). Writes go as ``UNWIND $rows`` batches in managed
transactions, so transient errors are retried (graph.store.neo4j_records). Reads are routed to
readers. All Cypher lives in graph.store.cypher. Every write transaction first
takes one server-side lock (cypher.TAKE_WRITE_LOCK), so concurrent loads write one batch after the
other and never duplicate a relationship.
"""

from __future__ import annotations

import logging
from typing import Iterable, Sequence

from graph.model import NODE_LABELS, NODE_PROPERTIES, REL_TYPES, Edge, Node
from graph.store import cypher
from graph.store.dropsource import drop_sources_cypher
from graph.store.base import GraphStore, Stats, Subgraph, WriteResult, limit_hops
from graph.store.neo4j_connection import (  # noqa: F401  (the store's settings, importable from here)
    BATCH_SIZE, DEFAULT_PASSWORD, DEFAULT_URI, DEFAULT_USER, HOW_TO_START, Neo4jConnection,
)
from graph.store.neo4j_bulk import BULK_BATCH_SIZE, BULK_WRITERS, BulkLoad, min_records_from_env, wants_bulk
from graph.store.neo4j_derived import Neo4jDerived
from graph.store.neo4j_queries import Neo4jReads
from graph.store.neo4j_suggest import Neo4jSuggest
from graph.store.neo4j_records import (
    distinct_batches, edge_identity, merge_edge, merge_node, node_identity, stored_edge, stored_node,
    write_edges, write_nodes,
)

log = logging.getLogger(__name__)

MAX_PATHS_CONSIDERED = 1000
CLEAR_CHUNK = 10_000


class Neo4jStore(Neo4jReads, Neo4jSuggest, Neo4jDerived, Neo4jConnection, GraphStore):
    """The graph in a Neo4j database.

    Examples
    --------
    >>> import neo4j  # doctest: +SKIP
    >>> driver = neo4j.GraphDatabase.driver("bolt://127.0.0.1:7687", auth=("neo4j", "partnernet-dev"))  # doctest: +SKIP
    >>> store = Neo4jStore(driver)  # doctest: +SKIP
    >>> store.stats().node_count  # doctest: +SKIP
    0
    """

    kind = "neo4j"
    # A load of at least this many records into an empty database goes the bulk way (a negative
    # number: never; None: PARTNERNET_NEO4J_BULK_MIN or 50,000); see graph.store.neo4j_bulk.
    bulk_min_records: int | None = None
    bulk_writers = BULK_WRITERS
    bulk_batch_size = BULK_BATCH_SIZE

    # -- writing --------------------------------------------------------------------------------
    def upsert(self, nodes: Iterable[Node] = (), edges: Iterable[Edge] = (), *, progress=None) -> WriteResult:
        """Create or update nodes, then edges, in batches of ``batch_size`` (see ``GraphStore.upsert``).

        Records repeated in a batch are merged and written once; the result counts the records given.
        At least ``bulk_min_records`` records (lists, not generators) into an empty database are
        created by the bulk first load (graph.store.neo4j_bulk) instead, which the result tells by
        ``bulk_seconds``; an earlier bulk load found interrupted is merged into and named by
        ``interrupted_bulk``.

        Raises
        ------
        StoreError
            The server cannot be reached or refuses the write, an edge's end is missing, or one id is given
            two labels.
        """
        self.ensure_schema()
        interrupted = self._interrupted_bulk()
        threshold = min_records_from_env() if self.bulk_min_records is None else self.bulk_min_records
        if not interrupted and wants_bulk(nodes, edges, threshold):  # after an interruption: the batched path
            seconds = BulkLoad(self, self.bulk_writers, self.bulk_batch_size).run(nodes, edges, progress)
            if seconds is not None:
                return WriteResult(len(nodes), len(edges), bulk_seconds=seconds)
        result = self._upsert_batched(nodes, edges, progress)
        if not interrupted:
            return result
        mark = interrupted[0]
        if result.nodes < (mark["nodes"] or 0) or result.edges < (mark["edges"] or 0):
            # a smaller load (the demo data, one file of several) cannot have completed it: keep the mark
            log.warning("an earlier bulk first load (started %s, %s nodes and %s relationships) was interrupted "
                        "and this smaller load cannot have completed it; load the same data again",
                        mark["started"], mark["nodes"], mark["edges"])
            return WriteResult(result.nodes, result.edges, interrupted_bulk=mark["started"])
        self._write(lambda tx: tx.run(cypher.UNMARK_BULK_LOAD, started=mark["started"]).consume())
        log.warning("an earlier bulk first load (started %s, %s nodes and %s relationships) was interrupted; "
                    "this load merged into what it had written", mark["started"], mark["nodes"], mark["edges"])
        return WriteResult(result.nodes, result.edges, interrupted_bulk=mark["started"])

    def _interrupted_bulk(self) -> list[dict]:
        """The mark of an interrupted bulk first load ([] when none): read once, then, if there is one,
        again under the write lock, which a bulk load still running holds (its mark then goes)."""
        if not list(self._read(cypher.READ_BULK_MARK)):
            return []
        return self._write(lambda tx: tx.run(cypher.READ_BULK_MARK).data(), bump=False)

    def _upsert_batched(self, nodes, edges, progress) -> WriteResult:
        """The batched path: each batch creates what is missing and merges what exists."""
        n_nodes = n_edges = 0
        for batch, count in distinct_batches(nodes, self.batch_size, node_identity, merge_node):
            self._write(write_nodes, batch)
            n_nodes += count
            if progress:
                progress(count)
        for batch, count in distinct_batches(edges, self.batch_size, edge_identity, merge_edge):
            self._write(write_edges, batch)
            n_edges += count
            if progress:
                progress(count)
        return WriteResult(n_nodes, n_edges)

    def drop_sources(self, source_ids: Iterable[str]) -> None:
        """Take back what the given sources said, in one write (see ``GraphStore.drop_sources``)."""
        self._write(drop_sources_cypher, sorted(set(source_ids)))

    def clear(self) -> None:
        """Remove every node and edge, relationships first, in bounded transactions."""
        for query in (cypher.CLEAR_SOME_RELATIONSHIPS, cypher.CLEAR_SOME):
            def clear_some(tx, query=query) -> int:
                return tx.run(query, limit=CLEAR_CHUNK).single()["deleted"]

            while self._write(clear_some):
                pass
        self._write(lambda tx: tx.run(cypher.UNMARK_BULK_LOAD, started=None).consume())

    # -- reading --------------------------------------------------------------------------------
    def get(self, node_id: str) -> Node | None:
        """The node with that id, or None."""
        return self.get_many([node_id]).get(node_id)

    def get_many(self, ids: Iterable[str]) -> dict[str, Node]:
        """Node id -> node for those of ``ids`` the server holds, in the order asked."""
        ids = list(ids)
        if not ids:
            return {}
        found = {r["id"]: stored_node(r["labels"], r["props"])
                 for r in self._read(cypher.GET_NODES, ids=list(dict.fromkeys(ids)))}
        return {i: found[i] for i in ids if i in found}

    def name_keys(self, label: str) -> list[list[str]]:
        """Each node of a label as [id, *keys], from the folded names kept on each node; [] for an unknown label."""
        if label not in NODE_LABELS:
            return []
        records = self._read(cypher.name_keys(label))
        return [list(row) for row in records[0]["rows"]] if records else []

    def nodes(self, label: str, **equals) -> list[Node]:
        """Nodes of a label whose properties equal ``equals``, sorted by id; [] for an unknown label.

        Plain values of the label's own properties are compared by the server through its indexes; lists
        and None (absent) are compared here, so equality means what it means in the embedded store.
        """
        if label not in NODE_LABELS:
            return []
        # Plain values of the label's own properties are compared by Cypher, through the indexes
        # where there is one; lists and None (absent) are compared here, where equality means
        # exactly what it means in the embedded store.
        simple = {k: v for k, v in equals.items() if isinstance(v, (str, int, float)) and not isinstance(v, bool)}
        known = [k for k in simple if k in NODE_PROPERTIES[label]]
        params = {f"v{i}": simple.pop(k) for i, k in enumerate(known)}
        rest = {k: v for k, v in equals.items() if k not in simple and k not in known}
        records = self._read(cypher.nodes_of_label(label, known), equals=simple, **params)
        out = [stored_node(labels, {**props, "id": node_id}) for r in records for node_id, labels, props in r["rows"]]
        out = [n for n in out if all(n.props.get(k) == v for k, v in rest.items())]
        return sorted(out, key=lambda n: n.id)

    def edges(self, rel_type: str | None = None, node_ids: Iterable[str] | None = None) -> list[Edge]:
        """Edges of a type (or all), optionally only those touching ``node_ids``, sorted by identity."""
        if rel_type is not None and rel_type not in REL_TYPES:
            return []
        if node_ids is None:
            records = self._read(cypher.all_edges(rel_type))
        else:
            records = self._read(cypher.edges_touching(rel_type), ids=list(dict.fromkeys(node_ids)))
        unique = {}
        for r in records:
            for row in r["rows"]:
                edge = stored_edge(*row)
                unique[edge.identity] = edge
        return sorted(unique.values(), key=lambda e: e.identity)

    def subgraph(self, ids: Iterable[str]) -> Subgraph:
        """As GraphStore.subgraph, with the edges among the nodes chosen by the server."""
        nodes = self.get_many(ids)
        records = self._read(cypher.EDGES_AMONG, ids=list(nodes)) if nodes else []
        edges = sorted((stored_edge(r["type"], r["source"], r["target"], r["props"]) for r in records),
                       key=lambda e: e.identity)
        return Subgraph(nodes, edges, len(nodes), "the nodes asked for")

    def _known_types(self, rel_types: Sequence[str] | None) -> list[str] | None:
        """The model's types among ``rel_types``; None for all; [] when none of them exists."""
        if not rel_types:
            return None
        return [t for t in REL_TYPES if t in rel_types]

    def neighbourhood_raw(self, ids, depth, rel_types, partner_kinds, hard_limit):
        """Node id -> hops within ``depth``, one query per hop, and how many matched (see ``GraphStore``)."""
        hops: dict[str, int] = {}
        present = {r["id"] for r in self._read(cypher.EXISTING_IDS, ids=list(dict.fromkeys(ids)))}
        for node_id in ids:
            if node_id in present:
                hops.setdefault(node_id, 0)
        types = self._known_types(rel_types)
        frontier = list(hops)
        if types != []:
            query = cypher.neighbours(types)
            kinds = list(partner_kinds) if partner_kinds else None
            for hop in range(1, depth + 1):
                if not frontier:
                    break
                nxt = []
                for r in self._read(query, ids=frontier, kinds=kinds):
                    if r["id"] not in hops:
                        hops[r["id"]] = hop
                        nxt.append(r["id"])
                frontier = nxt
        return limit_hops(hops, hard_limit)

    def degrees(self, ids: Iterable[str]) -> dict[str, int]:
        """Number of relationships of each of ``ids`` the server holds."""
        ids = list(dict.fromkeys(ids))
        found = {r["id"]: r["degree"] for r in self._read(cypher.DEGREES, ids=ids)}
        return {i: found[i] for i in ids if i in found}

    def shortest_paths(self, source, target, rel_types=None, max_depth=6, limit=5):
        """Up to ``limit`` shortest paths (node id lists, sorted) of at most ``max_depth`` hops; [] when none."""
        types = self._known_types(rel_types)
        if source == target or types == [] or max_depth < 1:
            return []
        records = self._read(cypher.shortest_paths(types, max_depth), source=source, target=target,
                             limit=MAX_PATHS_CONSIDERED * 4)
        paths = sorted(tuple(ids) for ids in (records[0]["paths"] if records else []))
        return [list(p) for p in paths[:limit]]

    def stats(self) -> Stats:
        # One small statement per label and type, each answered from the count store; as one
        # UNION query the planner took seconds on a fresh server.
        """Number of nodes per label and of edges per type (zeros left out), from the server's count store.

        Raises
        ------
        StoreError
            The server cannot be reached or read.
        """
        import neo4j

        def count_all(tx) -> list[tuple[str, str, int]]:
            return [(what, name, tx.run(statement).single()["count"])
                    for what, name, statement in cypher.stats_statements()]

        self._verify()
        with self._errors("read the graph"):
            with self._driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS,
                                      bookmark_manager=self._driver.execute_query_bookmark_manager) as session:
                counts = session.execute_read(count_all)
        nodes = {name: count for what, name, count in counts if what == "node" and count}
        edges = {name: count for what, name, count in counts if what == "edge" and count}
        return Stats(dict(sorted(nodes.items())), dict(sorted(edges.items())))
