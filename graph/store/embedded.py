"""The embedded default store: the whole graph in memory on networkx, persisted to one JSON file.

No server is needed. The file format, its atomic writes and the data derived from it and kept
beside it live in graph.store.graphfile. Another process may replace the file (``partnernet load``
while the explorer runs): ``refresh`` re-reads it when its stamp changed, and ``version`` names the
graph this store holds, so every cache keyed by it sees the new data.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Iterable, Sequence

import networkx as nx

from graph.errors import StoreError
from graph.model import PARTNER_OF, Edge, Node
from graph.store import graphfile
from graph.store.base import GraphStore, Stats, Subgraph, WriteResult, iter_batches, limit_hops
from graph.store.dropsource import drop_sources_embedded
from graph.store.walks import shortest_walks
from graph.upsert import check_endpoints, merge_props

FILE_NAME, BATCH_SIZE = "graph.json", 10_000  # the store's file in its directory; records written per batch


def default_data_dir() -> Path:
    """Where the embedded store lives: $PARTNERNET_DATA_DIR, else ./var/partnernet."""
    return Path(os.environ.get("PARTNERNET_DATA_DIR") or Path.cwd() / "var" / "partnernet")


class EmbeddedStore(GraphStore):
    """The graph in memory on networkx, kept in one JSON file.

    Examples
    --------
    >>> from graph.model import Node
    >>> store = EmbeddedStore.memory()
    >>> _ = store.upsert([Node("Country", "country:DE", {"code": "DE", "name": "Germany"})])
    >>> store.stats().nodes
    {'Country': 1}
    """

    kind = "embedded"

    def __init__(self, path: str | os.PathLike | None = None):
        """Open the store kept in ``path`` (a directory, or a .json file); created on first write."""
        if path is None:
            path = default_data_dir()
        path = Path(path)
        self.path: Path | None = path if path.suffix == ".json" else path / FILE_NAME
        self._setup()
        if self.path.exists():
            self._install(graphfile.read_graph(self.path))

    @classmethod
    def memory(cls) -> "EmbeddedStore":
        """A store that is never written to disk (tests, one-off analyses)."""
        store = cls.__new__(cls)
        store.path = None
        store._setup()
        return store

    def _setup(self) -> None:
        self._install(graphfile.GraphFile.empty())
        self._dirty = False
        self._revision = 0  # counts writes in this process that changed something
        self._lock = threading.Lock()

    def _install(self, held: graphfile.GraphFile) -> None:
        """Hold ``held`` (as read from the file); memory then equals the file."""
        self._nodes, self._edges, self._g = held.nodes, held.edges, held.graph
        self._digest, self._stamp = held.digest, held.stamp  # of the file memory equals, while not dirty
        # (label, country) -> nodes; None until a query asks per country, so that opening stays fast
        self._by_country: dict[tuple[str, str | None], list[Node]] | None = None
        self._dirty = False

    # -- persistence ----------------------------------------------------------------------------
    def flush(self) -> None:
        """Write the graph file when this store has unflushed writes (a memory store keeps none)."""
        if self.path is None or not self._dirty:
            return
        self._digest, self._stamp = graphfile.write_graph(self.path, self._nodes.values(), self._edges.values())
        self._dirty = False

    def refresh(self) -> bool:
        """Re-read the file if another process has replaced it since this store read or wrote it.

        One stat when nothing changed. With unflushed writes (the newer data) the file is not re-read.

        Returns
        -------
        bool
            Whether the graph was read again (``version`` has changed then).
        """
        if self.path is None or self._dirty or graphfile.file_stamp(self.path) == self._stamp:
            return False
        with self._lock:
            stamp = graphfile.file_stamp(self.path)
            if self._dirty or stamp == self._stamp:
                return False
            self._install(graphfile.read_graph(self.path) if stamp is not None else graphfile.GraphFile.empty())
        return True

    def version(self) -> str:
        """Names the graph held: the stamp of the file it equals and the number of writes since, so it
        changes with every write of this process and every re-read of another process's file (``refresh``)."""
        where = "unsaved" if self._stamp is None else "-".join(map(str, self._stamp))
        return f"embedded:{where}:{self._revision}"

    # -- data derived from the graph ------------------------------------------------------------
    def read_derived(self, name: str):
        """Data kept beside the file for exactly this graph, or None (memory store, unflushed writes)."""
        if self.path is None or self._dirty or self._digest is None:
            return None
        return graphfile.read_derived(self.path, name, self._digest)

    def keep_derived(self, name: str, data, version: str | None) -> None:
        """Keep ``data`` beside the file when ``version`` is this store's flushed graph; else do nothing."""
        if self.path is None or self._dirty or self._digest is None or version != self.version():
            return
        graphfile.write_derived(self.path, name, data, self._digest)

    # -- writing --------------------------------------------------------------------------------
    def _put_node(self, node: Node) -> None:
        old = self._nodes.get(node.id)
        if old is not None:
            if old.label != node.label:
                raise StoreError(f"node {node.id!r} is a {old.label}, cannot store it as {node.label}")
            merged = merge_props(old.props, node.props)
            if merged == old.props:
                return
            node = Node.trusted(old.label, old.id, merged)
        self._nodes[node.id] = node
        self._revision += 1
        self._by_country = None  # rebuilt on the next query, once per load rather than per record
        self._g.add_node(node.id)
        self._dirty = True

    def _put_edge(self, edge: Edge) -> None:
        old = self._edges.get(edge.identity)
        if old is not None:
            merged = merge_props(old.props, edge.props)
            if merged == old.props:
                return
            edge = Edge.trusted(edge.type, edge.source, edge.target, merged)
        else:
            self._g.add_edge(edge.source, edge.target, key=(edge.source, edge.key),
                             type=edge.type, kind=edge.props.get("kind"))
        self._edges[edge.identity] = edge
        self._revision += 1
        self._dirty = True

    def upsert(self, nodes: Iterable[Node] = (), edges: Iterable[Edge] = (), *, progress=None) -> WriteResult:
        """Create or update nodes, then edges, in batches; raises StoreError before a bad batch is written."""
        n_nodes = n_edges = 0
        for batch in iter_batches(nodes, BATCH_SIZE):
            labels = {}
            for node in batch:  # check the whole batch before changing anything
                old = self._nodes.get(node.id) or labels.get(node.id)
                if old is not None and old.label != node.label:
                    raise StoreError(f"node {node.id!r} is a {old.label}, cannot store it as {node.label}")
                labels[node.id] = node
            for node in batch:
                self._put_node(node)
            n_nodes += len(batch)
            if progress:
                progress(len(batch))
        for batch in iter_batches(edges, BATCH_SIZE):
            for edge in batch:
                src, dst = self._nodes.get(edge.source), self._nodes.get(edge.target)
                if src is None or dst is None:
                    missing = edge.source if src is None else edge.target
                    raise StoreError(f"{edge.type} {edge.source} -> {edge.target}: node {missing!r} does not exist")
                check_endpoints(edge, src.label, dst.label)
            for edge in batch:
                self._put_edge(edge)
            n_edges += len(batch)
            if progress:
                progress(len(batch))
        return WriteResult(n_nodes, n_edges)

    def drop_sources(self, source_ids: Iterable[str]) -> None:
        """Take back what the given sources said (see ``GraphStore.drop_sources``)."""
        drop_sources_embedded(self, set(source_ids))

    def clear(self) -> None:
        """Remove every node and edge (durable on ``flush``)."""
        self._nodes.clear()
        self._edges.clear()
        self._g.clear()
        self._by_country = None
        self._revision += 1
        self._dirty = True

    # -- reading --------------------------------------------------------------------------------
    def get(self, node_id: str) -> Node | None:
        """The node with that id, or None."""
        return self._nodes.get(node_id)

    def get_many(self, ids: Iterable[str]) -> dict[str, Node]:
        """Node id -> node for those of ``ids`` the store holds."""
        return {i: self._nodes[i] for i in ids if i in self._nodes}

    def nodes(self, label: str, **equals) -> list[Node]:
        """Nodes of a label whose properties equal ``equals``, by id; by country through an index."""
        if "country" in equals:
            if self._by_country is None:
                index: dict[tuple[str, str | None], list[Node]] = {}
                for n in self._nodes.values():
                    index.setdefault((n.label, n.props.get("country")), []).append(n)
                self._by_country = index
            pool: Iterable[Node] = self._by_country.get((label, equals["country"]), ())
        else:
            pool = (n for n in self._nodes.values() if n.label == label)
        out = [n for n in pool if all(n.props.get(k) == v for k, v in equals.items())]
        return sorted(out, key=lambda n: n.id)

    def subgraph(self, ids: Iterable[str]) -> Subgraph:
        """The given nodes and the edges among them, found by walking each node's adjacency rather
        than fetching every edge of every node (a hub has thousands) and dropping most."""
        nodes = self.get_many(ids)
        inside = set(nodes)
        edges = []
        for u in inside:
            for v, keyed in self._g.adj[u].items():
                if v in inside and u <= v:
                    for src, edge_key in keyed:
                        edges.append(self._edges[(src, v if src == u else u, edge_key)])
        edges.sort(key=lambda e: e.identity)
        return Subgraph(nodes, edges, len(nodes), "the nodes asked for")

    def edges(self, rel_type: str | None = None, node_ids: Iterable[str] | None = None) -> list[Edge]:
        """Edges of a type (or all), optionally only those touching ``node_ids``, by identity."""
        if node_ids is None:
            out = [e for e in self._edges.values() if rel_type is None or e.type == rel_type]
        else:
            ids = set(node_ids)
            seen: dict[tuple, Edge] = {}
            for node_id in ids:
                if node_id not in self._g:
                    continue
                for u, v, key in self._g.edges(node_id, keys=True):
                    src, edge_key = key
                    dst = v if src == u else u
                    edge = self._edges[(src, dst, edge_key)]
                    if rel_type is None or edge.type == rel_type:
                        seen[edge.identity] = edge
            out = list(seen.values())
        return sorted(out, key=lambda e: e.identity)

    def _view(self, rel_types: Sequence[str] | None, partner_kinds: Sequence[str] | None):
        if not rel_types and not partner_kinds:
            return self._g

        def keep(u, v, key):
            data = self._g.edges[u, v, key]
            if rel_types and data["type"] not in rel_types:
                return False
            return not (partner_kinds and data["type"] == PARTNER_OF and data["kind"] not in partner_kinds)

        return nx.subgraph_view(self._g, filter_edge=keep)

    def neighbourhood_raw(self, ids, depth, rel_types, partner_kinds, hard_limit):
        """Node id -> hops within ``depth`` (breadth-first on the filtered graph) and how many matched."""
        view = self._view(rel_types, partner_kinds)
        hops: dict[str, int] = {i: 0 for i in ids if i in self._g}
        frontier = list(hops)
        for hop in range(1, depth + 1):
            nxt = []
            for node_id in frontier:
                for other in view.neighbors(node_id):
                    if other not in hops:
                        hops[other] = hop
                        nxt.append(other)
            frontier = nxt
        return limit_hops(hops, hard_limit)

    def degrees(self, ids: Iterable[str]) -> dict[str, int]:
        """Number of relationships of each of ``ids`` the store holds."""
        return {i: self._g.degree(i) for i in ids if i in self._g}

    def shortest_paths(self, source, target, rel_types=None, max_depth=6, limit=5):
        """Up to ``limit`` shortest paths (node id lists) of at most ``max_depth`` hops; [] if an end is unknown."""
        if source not in self._g or target not in self._g or source == target:
            return []
        return shortest_walks(self._view(rel_types, None), source, target, max_depth, limit)

    def stats(self) -> Stats:
        """Number of nodes per label and of edges per type, sorted by name."""
        nodes: dict[str, int] = {}
        for node in self._nodes.values():
            nodes[node.label] = nodes.get(node.label, 0) + 1
        edges: dict[str, int] = {}
        for edge in self._edges.values():
            edges[edge.type] = edges.get(edge.type, 0) + 1
        return Stats(dict(sorted(nodes.items())), dict(sorted(edges.items())))

