"""The embedded default store: the whole graph in memory on networkx, persisted to one JSON file.

No server is needed. The file is written atomically (a temporary file in the same directory,
fsync, then rename), so a crash or Ctrl-C mid-write leaves the previous graph intact. JSON rather
than pickle so that opening a file never runs code from it.

Data derived from the graph (the search index) may be kept beside it in ``graph.<name>.json``,
tagged with the SHA-256 of the graph file it was derived from: once the graph file changes, the
tag no longer matches and the derived file is ignored until it is made again.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import re
import tempfile
from pathlib import Path
from typing import Iterable, Sequence

import networkx as nx

from graph.errors import StoreError
from graph.gcpause import collection_paused
from graph.model import PARTNER_OF, Edge, Node, check_endpoints, merge_props
from graph.store.base import GraphStore, Stats, Subgraph, WriteResult, iter_batches, limit_hops

FORMAT = "partnernet-graph"
VERSION = 1
FILE_NAME = "graph.json"
BATCH_SIZE = 10_000
MAX_PATHS_CONSIDERED = 1000
DERIVED_FORMAT = "partnernet-derived"
_DERIVED_NAME = re.compile(r"[a-z][a-z0-9-]*")


def default_data_dir() -> Path:
    """Where the embedded store lives: $PARTNERNET_DATA_DIR, else ./var/partnernet."""
    return Path(os.environ.get("PARTNERNET_DATA_DIR") or Path.cwd() / "var" / "partnernet")


class EmbeddedStore(GraphStore):
    kind = "embedded"

    def __init__(self, path: str | os.PathLike | None = None):
        """Open the store kept in ``path`` (a directory, or a .json file); created on first write."""
        if path is None:
            path = default_data_dir()
        path = Path(path)
        self.path: Path | None = path if path.suffix == ".json" else path / FILE_NAME
        self._nodes: dict[str, Node] = {}
        self._edges: dict[tuple[str, str, str], Edge] = {}
        self._g = nx.MultiGraph()
        # folded name -> node ids; None until the first search, so that opening and loading stay fast
        self._by_country: dict[tuple[str, str | None], list[Node]] | None = None
        self._dirty = False
        self._revision = 0  # counts writes in this process
        self._digest: str | None = None  # SHA-256 of the graph file that memory holds, while not dirty
        if self.path.exists():
            self._read()

    @classmethod
    def memory(cls) -> "EmbeddedStore":
        """A store that is never written to disk (tests, one-off analyses)."""
        store = cls.__new__(cls)
        store.path = None
        store._nodes, store._edges, store._g = {}, {}, nx.MultiGraph()
        store._dirty, store._by_country = False, None
        store._revision, store._digest = 0, None
        return store

    # -- persistence ----------------------------------------------------------------------------
    def _read(self) -> None:
        # Opening makes a few hundred thousand small objects; cyclic-GC passes over them would
        # cost a third of the time, and none of them form cycles that need collecting.
        with collection_paused():
            self._read_file()

    def reload(self) -> None:
        """Read the graph file again (another process saved it); what memory held is dropped."""
        self._nodes, self._edges, self._g = {}, {}, nx.MultiGraph()
        self._by_country, self._dirty, self._digest = None, False, None
        self._revision += 1
        if self.path is not None and self.path.exists():
            self._read()

    def _damaged(self, what: str) -> StoreError:
        return StoreError(
            f"the graph file {self.path} is damaged ({what}). Move it away (or delete it) and load your data "
            f"again, e.g. partnernet --data-dir {self.path.parent} load demo")

    def _read_file(self) -> None:
        try:
            with open(self.path, "rb") as fh:
                raw = fh.read()
        except OSError as exc:
            raise StoreError(f"cannot read the graph file {self.path}: {exc.strerror or exc}") from None
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError) as exc:  # UnicodeDecodeError is a ValueError
            raise self._damaged(f"not JSON: {exc}") from None
        if not isinstance(data, dict) or "format" not in data:
            raise self._damaged(f"it holds a JSON {type(data).__name__}, not a partnernet graph")
        if data.get("format") != FORMAT or data.get("version") != VERSION:
            raise StoreError(f"{self.path} is not a partnernet graph file of version {VERSION}")
        try:
            self._fill(data)
        except (TypeError, ValueError, KeyError, AttributeError) as exc:
            self._nodes, self._edges, self._g = {}, {}, nx.MultiGraph()
            raise self._damaged(f"a record of the wrong shape: {type(exc).__name__}: {exc}") from None
        self._dirty = False
        self._digest = hashlib.sha256(raw).hexdigest()

    def _fill(self, data: dict) -> None:
        if not isinstance(data.get("nodes"), list) or not isinstance(data.get("edges"), list):
            raise TypeError("'nodes' and 'edges' must be lists")
        # Records were validated when written; rebuild them without validating again (fast reopen).
        new_node, new_edge, setattr_, edge_key = object.__new__, object.__new__, object.__setattr__, Edge.key.fget
        for label, node_id, props in data["nodes"]:
            if not (isinstance(label, str) and isinstance(node_id, str) and isinstance(props, dict)):
                raise TypeError(f"node {node_id!r} is not [label, id, properties]")
            node = new_node(Node)
            setattr_(node, "label", label)
            setattr_(node, "id", node_id)
            setattr_(node, "props", props)
            self._nodes[node_id] = node
        self._g.add_nodes_from(self._nodes)
        # The adjacency is filled directly, as MultiGraph.add_edges_from would fill it for edges that
        # are all new: the same dicts, without its per-edge checks and calls (a third of the reopen).
        adj = self._g._adj
        for rel_type, source, target, props in data["edges"]:
            if not (isinstance(rel_type, str) and isinstance(props, dict) and source in self._nodes
                    and target in self._nodes):
                raise ValueError(f"edge {[rel_type, source, target]!r} is not [type, source, target, properties] "
                                 "between stored nodes")
            edge = new_edge(Edge)
            setattr_(edge, "type", rel_type)
            setattr_(edge, "source", source)
            setattr_(edge, "target", target)
            setattr_(edge, "props", props)
            key = edge_key(edge)
            self._edges[(source, target, key)] = edge
            keyed = adj[source].get(target)
            if keyed is None:
                keyed = adj[source][target] = adj[target][source] = {}
            keyed[(source, key)] = {"type": rel_type, "kind": props.get("kind")}

    def flush(self) -> None:
        if self.path is None or not self._dirty:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        data = {
            "format": FORMAT, "version": VERSION,
            "nodes": [[n.label, n.id, n.props] for n in self._nodes.values()],
            "edges": [[e.type, e.source, e.target, e.props] for e in self._edges.values()],
        }
        fd, tmp = tempfile.mkstemp(prefix=".graph-", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                # json.dumps uses the C encoder; json.dump writes through the slow Python one
                raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
                fh.write(raw)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        self._dirty = False
        self._digest = hashlib.sha256(raw).hexdigest()

    # -- data derived from the graph ------------------------------------------------------------
    def revision(self) -> int:
        return self._revision

    def _derived_path(self, name: str) -> Path:
        if not _DERIVED_NAME.fullmatch(name):
            raise ValueError(f"derived data needs a name of lower-case letters, digits and '-', not {name!r}")
        return self.path.with_name(f"{self.path.stem}.{name}.json")

    def read_derived(self, name: str):
        path = None if self.path is None or self._dirty or self._digest is None else self._derived_path(name)
        if path is None:
            return None
        try:
            with open(path, "rb") as fh:
                kept = json.loads(fh.read())
        except (OSError, ValueError):  # none kept yet, or a torn file: derive it again
            return None
        if not isinstance(kept, dict) or kept.get("format") != DERIVED_FORMAT or kept.get("name") != name \
                or kept.get("graph") != self._digest:
            return None
        return kept.get("data")

    def keep_derived(self, name: str, data, revision: int | None) -> None:
        if self.path is None or self._dirty or self._digest is None or revision != self._revision:
            return
        path = self._derived_path(name)
        text = json.dumps({"format": DERIVED_FORMAT, "name": name, "graph": self._digest, "data": data},
                          ensure_ascii=False, separators=(",", ":"))
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{name}-", suffix=".tmp", dir=path.parent)
        except OSError:  # a read-only data directory: later processes derive it again
            return
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                fh.write(text)
            os.replace(tmp, path)
        except BaseException as exc:
            Path(tmp).unlink(missing_ok=True)
            if not isinstance(exc, OSError):  # a full disk only costs later processes the derivation
                raise

    # -- writing --------------------------------------------------------------------------------
    def _put_node(self, node: Node) -> None:
        old = self._nodes.get(node.id)
        if old is not None:
            if old.label != node.label:
                raise StoreError(f"node {node.id!r} is a {old.label}, cannot store it as {node.label}")
            merged = merge_props(old.props, node.props)
            if merged == old.props:
                return
            node = Node.__new__(Node)
            object.__setattr__(node, "label", old.label)
            object.__setattr__(node, "id", old.id)
            object.__setattr__(node, "props", merged)
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
            edge = Edge(edge.type, edge.source, edge.target, merged)
        else:
            self._g.add_edge(edge.source, edge.target, key=(edge.source, edge.key),
                             type=edge.type, kind=edge.props.get("kind"))
        self._edges[edge.identity] = edge
        self._revision += 1
        self._dirty = True

    def upsert(self, nodes: Iterable[Node] = (), edges: Iterable[Edge] = (), *, progress=None) -> WriteResult:
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

    def clear(self) -> None:
        self._nodes.clear()
        self._edges.clear()
        self._g.clear()
        self._by_country = None
        self._revision += 1
        self._dirty = True

    # -- reading --------------------------------------------------------------------------------
    def get(self, node_id: str) -> Node | None:
        return self._nodes.get(node_id)

    def get_many(self, ids: Iterable[str]) -> dict[str, Node]:
        return {i: self._nodes[i] for i in ids if i in self._nodes}

    def nodes(self, label: str, **equals) -> list[Node]:
        if "country" in equals:
            # regional questions ask per country: an index spares a scan of every node per question
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
        # Only the edges among the nodes: walk each node's adjacency and keep neighbours inside,
        # instead of fetching every edge of every node (a hub has thousands) and dropping most.
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
        return {i: self._g.degree(i) for i in ids if i in self._g}

    def shortest_paths(self, source, target, rel_types=None, max_depth=6, limit=5):
        if source not in self._g or target not in self._g or source == target:
            return []
        view = self._view(rel_types, None)
        try:
            length = nx.shortest_path_length(view, source, target)
        except nx.NetworkXNoPath:
            return []
        if length > max_depth:
            return []
        # Meet in the middle: half the length searched from each end. nx.all_shortest_paths first
        # runs a breadth-first search over the whole component, which costs seconds on a big graph.
        half = (length + 1) // 2
        from_source, from_target = _layers(view, source, half), _layers(view, target, length - half)
        middle = sorted(m for m, (hops, _) in from_source.items()
                        if hops == half and from_target.get(m, (None,))[0] == length - half)
        paths = (head + tail[::-1][1:] for m in middle
                 for head in _walks(from_source, m) for tail in _walks(from_target, m))
        return sorted(itertools.islice(paths, MAX_PATHS_CONSIDERED))[:limit]

    def stats(self) -> Stats:
        nodes: dict[str, int] = {}
        for node in self._nodes.values():
            nodes[node.label] = nodes.get(node.label, 0) + 1
        edges: dict[str, int] = {}
        for edge in self._edges.values():
            edges[edge.type] = edges.get(edge.type, 0) + 1
        return Stats(dict(sorted(nodes.items())), dict(sorted(edges.items())))


def _layers(view, start: str, depth: int) -> dict[str, tuple[int, list[str]]]:
    """Breadth-first search from ``start`` up to ``depth`` hops: node -> (hops, predecessors)."""
    seen: dict[str, tuple[int, list[str]]] = {start: (0, [])}
    frontier = [start]
    for hop in range(1, depth + 1):
        nxt = []
        for u in frontier:
            for v in view.neighbors(u):
                info = seen.get(v)
                if info is None:
                    seen[v] = (hop, [u])
                    nxt.append(v)
                elif info[0] == hop:
                    info[1].append(u)
        frontier = nxt
    return seen


def _walks(layers: dict[str, tuple[int, list[str]]], node: str) -> Iterable[list[str]]:
    """Every shortest walk from the search's start to ``node``."""
    hops, predecessors = layers[node]
    if hops == 0:
        yield [node]
        return
    for p in sorted(set(predecessors)):
        for walk in _walks(layers, p):
            yield walk + [node]
