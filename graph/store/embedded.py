"""The embedded default store: the whole graph in memory, persisted to one file.

No server is needed. Each node's neighbours are indexed per relationship key (graph.store.adjacency),
so walks, degrees, suggestions and area tables choose keys, not edges; nodes per label and per country
are indexed on first use after a change. The file, its atomic writes and derived data: graph.store.graphfile. Another process may replace the file (``partnernet load``
while the explorer runs): ``refresh`` re-reads it when its stamp changed, and ``version`` names the
graph this store holds, so every cache keyed by it sees the new data.
"""

from __future__ import annotations

import os
import threading
from collections import Counter
from pathlib import Path
from typing import Iterable, Sequence

from graph.errors import StoreError
from graph.model import PARTNER_OF, Edge, Node
from graph.store import graphfile
from graph.store.adjacency import Adjacency, key_filter, key_type
from graph.store.base import GraphStore, Stats, Subgraph, WriteResult, iter_batches
from graph.store.dropsource import drop_sources_embedded
from graph.store.embedded_areas import EmbeddedAreas
from graph.store.embedded_suggest import EmbeddedSuggest
from graph.store.neighbourhood_rules import smallest
from graph.store.walks import shortest_walks
from graph.upsert import check_endpoints, merge_props

FILE_NAME, BATCH_SIZE = graphfile.FILE_NAME, 10_000  # the store's file in its directory; records written per batch


def default_data_dir() -> Path:
    """Where the embedded store lives: $PARTNERNET_DATA_DIR, else ./var/partnernet."""
    return Path(os.environ.get("PARTNERNET_DATA_DIR") or Path.cwd() / "var" / "partnernet")


class EmbeddedStore(EmbeddedAreas, EmbeddedSuggest, GraphStore):
    """The graph in memory, kept in one file (see graph.store.graphfile).

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
        """Open the store kept in ``path`` (a directory, or its graph file); created on first write. A
        graph file of the earlier JSON format found there is read and converted once."""
        if path is None:
            path = default_data_dir()
        self.path: Path | None = graphfile.graph_path(Path(path))
        self._setup()
        held = graphfile.open_graph(self.path)
        if held is not None:
            self._install(held)

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
        self._nodes, self._edges, self._adj = held.nodes, held.edges, held.adjacency
        self._digest, self._stamp = held.digest, held.stamp  # of the file memory equals, while not dirty
        self._changed()
        self._dirty = False

    def _changed(self) -> None:
        """Forget the indexes derived from the nodes (rebuilt by the next query that needs one, once
        per load rather than per record): nodes by label and by (label, country), the counts."""
        self._edge_records: dict[tuple[str, str, str], Edge] = {}  # see _edge
        self._by_label: dict[str, list[Node]] | None = None
        self._by_country: dict[tuple[str, str | None], list[Node]] | None = None
        self._stats: Stats | None = None

    # -- persistence ----------------------------------------------------------------------------
    def flush(self) -> None:
        """Write the graph file when this store has unflushed writes (a memory store keeps none)."""
        if self.path is None or not self._dirty:
            return
        self._digest, self._stamp = graphfile.write_graph(self.path, self._nodes.values(), self._edges)
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
        if self._by_label is not None or self._stats is not None:
            self._changed()
        self._adj.add_node(node.id)
        self._dirty = True

    def _put_edge(self, edge: Edge) -> None:
        identity = edge.identity
        old = self._edges.get(identity)
        if old is not None:
            merged = merge_props(old, edge.props)
            if merged == old:
                return
            self._edges[identity] = merged
            self._edge_records.pop(identity, None)
        else:
            self._adj.add_edge(*identity)
            self._stats = None
            self._edges[identity] = edge.props
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
        self._adj = Adjacency()
        self._changed()
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
        """Nodes of a label whose properties equal ``equals``, by id; through indexes per label and country."""
        if self._by_label is None:
            self._by_label = {}
            for node_id in sorted(self._nodes):
                self._by_label.setdefault(self._nodes[node_id].label, []).append(self._nodes[node_id])
        if "country" in equals:
            if self._by_country is None:
                index: dict[tuple[str, str | None], list[Node]] = {}
                for of_label, found in self._by_label.items():
                    for n in found:
                        index.setdefault((of_label, n.props.get("country")), []).append(n)
                self._by_country = index
            pool = self._by_country.get((label, equals["country"]), [])
        else:
            pool = self._by_label.get(label, [])
        if not equals or list(equals) == ["country"]:
            return list(pool)
        return [n for n in pool if all(n.props.get(k) == v for k, v in equals.items())]

    def subgraph(self, ids: Iterable[str]) -> Subgraph:
        """The given nodes and the edges among them; a hub's neighbours are intersected with the
        nodes asked for rather than walked one by one."""
        nodes = self.get_many(ids)
        edges = [self._edge(i) for i in sorted(self._adj.within(set(nodes)))]
        return Subgraph(nodes, edges, len(nodes), "the nodes asked for")

    def edges(self, rel_type: str | None = None, node_ids: Iterable[str] | None = None) -> list[Edge]:
        """Edges of a type (or all), optionally only those touching ``node_ids``, by identity."""
        if node_ids is None:
            found = [i for i in self._edges if rel_type is None or key_type(i[2]) == rel_type]
        else:
            incident = self._adj.incident
            found = list({i for node_id in set(node_ids) for i in incident(node_id, rel_type)})
        found.sort()
        return [self._edge(i) for i in found]

    def _edge(self, identity: tuple[str, str, str]) -> Edge:
        """The stored edge of an identity: edges are kept as identity -> properties, and made into
        ``Edge`` records when first read (opening makes none), then remembered until they change."""
        edge = self._edge_records.get(identity)
        if edge is None:
            edge = self._edge_records[identity] = Edge.trusted(
                key_type(identity[2]), identity[0], identity[1], self._edges[identity])
        return edge

    def neighbourhood_raw(self, ids, depth, rel_types, partner_kinds, hard_limit):
        """Node id -> hops within ``depth`` (breadth-first, a whole level at a time, choosing keys
        rather than edges) and how many matched; at most ``hard_limit``, nearest first, ties by id."""
        hops: dict[str, int] = {}
        total = 0
        for hop, level in enumerate(self._adj.levels(ids, depth, key_filter(rel_types, partner_kinds))):
            total += len(level)
            room = hard_limit - len(hops)
            if room > 0:
                hops.update(dict.fromkeys(level if len(level) <= room else smallest(room, level), hop))
        return hops, total

    def degrees(self, ids: Iterable[str]) -> dict[str, int]:
        """Number of relationships of each of ``ids`` the store holds (counted as edges are written)."""
        degree = self._adj.degree
        return {i: degree[i] for i in ids if i in degree}

    def shortest_paths(self, source, target, rel_types=None, max_depth=6, limit=5):
        """Up to ``limit`` shortest paths (node id lists) of at most ``max_depth`` hops; [] if an end is unknown."""
        if source not in self._adj or target not in self._adj or source == target:
            return []
        keep, neighbours = key_filter(rel_types, None), self._adj.neighbours
        return shortest_walks(lambda node: neighbours(node, keep), source, target, max_depth, limit)

    def stats(self) -> Stats:
        """Number of nodes per label and of edges per type, sorted by name (counted once per change)."""
        if self._stats is None:
            nodes: dict[str, int] = {}
            for node in self._nodes.values():
                nodes[node.label] = nodes.get(node.label, 0) + 1
            edges = Counter(key_type(key) for _, _, key in self._edges)
            self._stats = Stats(dict(sorted(nodes.items())), dict(sorted(edges.items())))
        return Stats(dict(self._stats.nodes), dict(self._stats.edges))
