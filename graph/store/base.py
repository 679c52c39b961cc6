"""The GraphStore interface every backend implements, and the results it returns.

The primitives are few on purpose: batch upsert, get, search, neighbourhood, shortest paths,
subgraph, stats, clear. Domain logic (partners by region, suggestions, insights, exports) is written
once over these primitives in other modules of ``graph``. Two stores must give the same answers; the
rules both follow (search ranking, the node cap) live here so they cannot drift apart.
"""

from __future__ import annotations

import abc
from dataclasses import dataclass, field
from typing import Iterable, Iterator, Sequence

import networkx as nx

from graph.errors import check_at_least, check_choices
from graph.model import PARTNERSHIP_KINDS, REL_TYPES, Edge, Node
from graph.store.capping import cap_nodes  # noqa: F401  (the cap's rule, used by every store)
from graph.text import fold

DEFAULT_MAX_NODES = 200


@dataclass
class Subgraph:
    """Nodes and the edges among them, plus how much was left out by a node cap."""

    nodes: dict[str, Node] = field(default_factory=dict)
    edges: list[Edge] = field(default_factory=list)
    total_nodes: int = 0  # nodes that matched before the cap
    rule: str = ""  # how the shown nodes were chosen, in words

    @property
    def truncated(self) -> bool:
        """Whether the node cap left out nodes that matched."""
        return self.total_nodes > len(self.nodes)

    def degrees(self) -> dict[str, int]:
        """Relationships of each node inside the subgraph (what a picture of it shows)."""
        counts = dict.fromkeys(self.nodes, 0)
        for edge in self.edges:
            counts[edge.source] = counts.get(edge.source, 0) + 1
            counts[edge.target] = counts.get(edge.target, 0) + 1
        return counts

    def to_networkx(self) -> nx.MultiGraph:
        """Undirected multigraph with node attributes label+props and edge attributes type+props."""
        g = nx.MultiGraph()
        for node in self.nodes.values():
            g.add_node(node.id, label=node.label, **node.props)
        for edge in self.edges:
            g.add_edge(edge.source, edge.target, key=edge.key, type=edge.type, **edge.props)
        return g



@dataclass(frozen=True)
class Stats:
    """Counts of a store: nodes per label and edges per relationship type."""
    nodes: dict[str, int]
    edges: dict[str, int]

    @property
    def node_count(self) -> int:
        """Number of nodes of every label."""
        return sum(self.nodes.values())

    @property
    def edge_count(self) -> int:
        """Number of edges of every type."""
        return sum(self.edges.values())


@dataclass(frozen=True)
class WriteResult:
    """How many nodes and edges an ``upsert`` wrote (records given, changed or not)."""
    nodes: int = 0
    edges: int = 0


class GraphStore(abc.ABC):
    """What every backend offers. Node ids are globally unique; labels and types come from graph.model."""

    kind: str = "abstract"

    # -- writing --------------------------------------------------------------------------------
    @abc.abstractmethod
    def upsert(self, nodes: Iterable[Node] = (), edges: Iterable[Edge] = (), *, progress=None) -> WriteResult:
        """Create or update nodes, then edges, in batches. Re-running with the same records changes nothing.

        Properties merge by graph.model.merge_props. Edges whose ends are missing raise StoreError
        before anything of that batch is written. ``progress`` is called with the number of records
        written after each batch.
        """

    @abc.abstractmethod
    def clear(self) -> None:
        """Remove every node and edge."""

    def drop_sources(self, source_ids: Iterable[str]) -> None:
        """Take back what the given sources said, so that a source can be loaded again in place.

        Each id is removed from the ``sources`` of every node and edge. Edges left with no sources
        are deleted, and so are the Source nodes themselves. A node left with no sources is
        deleted with its relationships, unless one of them still has sources of its own. Last, a node
        without sources (a country) that lost a relationship here and has none left is deleted:
        nothing is left orphaned. Nothing else changes; like ``upsert``, the embedded store makes
        it durable on ``flush``.

        Example
        -------
        >>> store.drop_sources(["source:file-partner-csv"])  # doctest: +SKIP
        """
        raise NotImplementedError(f"the {self.kind} store cannot take back a source")

    def flush(self) -> None:
        """Make written data durable (the embedded store writes its file; servers need nothing)."""

    def close(self) -> None:
        """Release resources. Unflushed writes of the embedded store are dropped, so that an
        interrupted load never persists half of its records."""

    # -- the version of the data, and data derived from it --------------------------------------
    @abc.abstractmethod
    def version(self) -> str:
        """Names the data this store answers from: it changes whenever a node or an edge is written
        or removed, by this process or (for a server, and for the embedded store after
        ``refresh``) by another. Every cache of answers is keyed by it.

        Returns
        -------
        str
            Opaque; compare for equality only.

        Examples
        --------
        >>> from graph.store.embedded import EmbeddedStore
        >>> from graph.model import Node
        >>> store = EmbeddedStore.memory(); before = store.version()
        >>> _ = store.upsert([Node("Country", "country:DE", {"code": "DE", "name": "Germany"})])
        >>> store.version() != before
        True
        """

    def refresh(self) -> bool:
        """Catch up with writes of other processes where this store holds a copy of the data (the
        embedded store re-reads its file when another process replaced it); a server's store
        always answers from the server and does nothing. Returns whether the data was read again."""
        return False

    def read_derived(self, name: str):
        """JSON data that ``keep_derived`` kept for exactly the graph this store holds, or None
        (nothing kept, or the graph has changed since)."""
        return None

    def keep_derived(self, name: str, data, version: str) -> None:
        """Keep JSON data derived from the graph as it was at ``version`` (e.g. a search index), so
        that a later process can skip deriving it again. Stores that cannot do nothing; so does a
        store whose graph changed after ``version`` or differs from what it has persisted."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, *exc) -> None:
        if exc_type is None:
            self.flush()
        self.close()

    # -- reading --------------------------------------------------------------------------------
    @abc.abstractmethod
    def get(self, node_id: str) -> Node | None:
        """The node with that id, or None."""

    @abc.abstractmethod
    def get_many(self, ids: Iterable[str]) -> dict[str, Node]:
        """Node id -> node for those of ``ids`` the store holds (unknown ids are left out)."""

    @abc.abstractmethod
    def nodes(self, label: str, **equals) -> list[Node]:
        """All nodes of a label whose properties equal the given values (e.g. country="DE"), sorted by id."""

    def name_keys(self, label: str) -> list[list[str]]:
        """Each node of a label as [id, *node_keys(node)] (its folded name, aliases and, for a country,
        code), sorted by id: what the search index reads. Neo4j keeps the keys on each node."""
        return [[node.id, *sorted(node_keys(node))] for node in self.nodes(label)]

    @abc.abstractmethod
    def edges(self, rel_type: str | None = None, node_ids: Iterable[str] | None = None) -> list[Edge]:
        """Edges of a type (or all), optionally only those touching the given nodes, sorted by identity."""

    @abc.abstractmethod
    def neighbourhood_raw(
        self, ids: Sequence[str], depth: int, rel_types: Sequence[str] | None,
        partner_kinds: Sequence[str] | None, hard_limit: int,
    ) -> tuple[dict[str, int], int]:
        """Node id -> hop distance for nodes within ``depth`` hops (edges walked in both directions,
        only of ``rel_types`` and, for PARTNER_OF, of ``partner_kinds``); at most ``hard_limit`` nodes
        are returned; the second value is how many nodes matched in all (may be a lower bound when
        the hard limit was hit)."""

    @abc.abstractmethod
    def degrees(self, ids: Iterable[str]) -> dict[str, int]:
        """Number of relationships of each node (both directions)."""

    @abc.abstractmethod
    def shortest_paths(
        self, source: str, target: str, rel_types: Sequence[str] | None = None,
        max_depth: int = 6, limit: int = 5,
    ) -> list[list[str]]:
        """All shortest paths (as node id lists) between two nodes, at most ``limit``, sorted."""

    @abc.abstractmethod
    def stats(self) -> Stats:
        """Number of nodes per label and of edges per type."""

    # -- shared, written once over the primitives ------------------------------------------------
    def subgraph(self, ids: Iterable[str]) -> Subgraph:
        """The given nodes and every edge among them."""
        nodes = self.get_many(ids)
        inside = set(nodes)
        edges = [e for e in self.edges(node_ids=inside) if e.source in inside and e.target in inside]
        return Subgraph(nodes, edges, len(nodes), "the nodes asked for")

    def neighbourhood(
        self, ids: str | Sequence[str], depth: int = 1, rel_types: Sequence[str] | None = None,
        partner_kinds: Sequence[str] | None = None, max_nodes: int = DEFAULT_MAX_NODES,
    ) -> Subgraph:
        """The nodes within ``depth`` hops of ``ids`` and the edges among them, capped at ``max_nodes``.

        The cap keeps the centre nodes, then the nearest nodes, and among equally near ones those
        with the most relationships (ties by id), so both stores show the same nodes.

        Raises
        ------
        UsageError
            A relationship type or partnership kind outside :mod:`graph.model`'s lists, a negative
            depth or a cap below 1 (the message names the value and the allowed ones).
        """
        check_choices("relationship type", rel_types, REL_TYPES)
        check_choices("partnership kind", partner_kinds, PARTNERSHIP_KINDS)
        check_at_least("depth", depth, 0)
        check_at_least("max_nodes", max_nodes, 1)
        centre = [ids] if isinstance(ids, str) else list(ids)
        hops, total = self.neighbourhood_raw(centre, depth, rel_types, partner_kinds, max(max_nodes * 50, 20000))
        chosen = cap_nodes(hops, self.degrees(hops), max_nodes)
        sub = self.subgraph(chosen)
        if rel_types or partner_kinds:
            sub.edges = [e for e in sub.edges if edge_passes(e, rel_types, partner_kinds)]
        sub.total_nodes = max(total, len(sub.nodes))
        sub.rule = (
            f"{len(sub.nodes)} of {sub.total_nodes} nodes within {depth} hop(s): nearest first, "
            "then most connected" if sub.truncated else f"all {len(sub.nodes)} nodes within {depth} hop(s)"
        )
        return sub


def edge_passes(edge: Edge, rel_types: Sequence[str] | None, partner_kinds: Sequence[str] | None) -> bool:
    """Whether an edge is of one of ``rel_types`` and, for PARTNER_OF, of one of ``partner_kinds`` (empty: any)."""
    if rel_types and edge.type not in rel_types:
        return False
    if partner_kinds and edge.type == "PARTNER_OF" and edge.props.get("kind") not in partner_kinds:
        return False
    return True


def limit_hops(hops: dict[str, int], hard_limit: int) -> tuple[dict[str, int], int]:
    """At most ``hard_limit`` of the nodes found, nearest first (ties by id), and how many were found."""
    total = len(hops)
    if total > hard_limit:
        keep = sorted(hops, key=lambda n: (hops[n], n))[:hard_limit]
        hops = {n: hops[n] for n in keep}
    return hops, total


def node_keys(node: Node) -> set[str]:
    """Folded names a node can be found by."""
    keys = {fold(node.props.get("name", ""))}
    keys.update(fold(a) for a in node.props.get("aliases", ()))
    if node.label == "Country":
        keys.add(fold(node.props.get("code", "")))
    keys.discard("")
    return keys


def iter_batches(items: Iterable, size: int) -> Iterator[list]:
    """``items`` in lists of ``size`` (the last one may be shorter)."""
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
