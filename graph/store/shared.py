"""What every store shares: the results it returns (``Subgraph``, ``Stats``, ``WriteResult``) and the
rules both stores follow, so they cannot drift apart: the keys a node is found by, which edges a
filter passes, which nodes a cap keeps, and writing in batches. ``graph.store.base`` re-exports them.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gc
import threading
from dataclasses import dataclass, field
from typing import Callable, Iterable, Iterator, TypeVar

import networkx as nx

from graph.model import Edge, Node
from graph.text import fold

_F = TypeVar("_F", bound=Callable)
_T = TypeVar("_T")


_ONE_VERSION: contextvars.ContextVar[dict | None] = contextvars.ContextVar("partnernet_one_version", default=None)


@contextlib.contextmanager
def one_version() -> Iterator[None]:
    """Within the block, each store reads the version of its data once: a question made of several
    lookups, each checking its cache against ``store.version()`` (one small read on Neo4j), checks
    once. A write by this process in the block makes the next ``version()`` read again.

    Yields
    ------
    None
        Blocks may nest; the outermost decides.

    Examples
    --------
    >>> with one_version():
    ...     area = resolve_area(store, "Sachsen")  # doctest: +SKIP
    """
    if _ONE_VERSION.get() is not None:
        yield
        return
    token = _ONE_VERSION.set({})
    try:
        yield
    finally:
        _ONE_VERSION.reset(token)


def version_once(store, read: Callable[[], str]) -> str:
    """``read()``, or inside :func:`one_version` the answer it first gave for ``store`` there.

    Parameters
    ----------
    store : GraphStore
        Whose version is asked (kept by identity for the block).
    read : callable
        Reads the version from the store.

    Returns
    -------
    str
    """
    seen = _ONE_VERSION.get()
    if seen is None:
        return read()
    if id(store) not in seen:
        seen[id(store)] = read()
    return seen[id(store)]


def version_changed(store) -> None:
    """Forget the version :func:`version_once` keeps for ``store`` (called by a store that writes).

    Parameters
    ----------
    store : GraphStore
    """
    seen = _ONE_VERSION.get()
    if seen is not None:
        seen.pop(id(store), None)


def per_version(store, name: str, count: Callable[[], _T]) -> _T:
    """``count()``, kept on ``store`` as ``name`` for the version of its data it was counted at.

    Parameters
    ----------
    store : GraphStore
        Its ``version()`` is read on every call (one small read on Neo4j).
    name : str
        The attribute the (version, answer) pair is kept in.
    count : callable
        Counts the answer from the store; called when nothing is kept for the current version.

    Returns
    -------
    object
        The kept answer itself: a caller that hands it out copies it first.
    """
    version = store.version()
    cached = getattr(store, name, None)
    if cached is None or cached[0] != version:
        cached = (version, count())
        setattr(store, name, cached)
    return cached[1]


# Who is inside cyclic_gc_paused, across threads: the collector is paused by the first to enter and
# enabled again (if it was enabled before) by the last to leave.
_PAUSE = threading.Lock()
_paused = {"inside": 0, "was_enabled": False}


@contextlib.contextmanager
def cyclic_gc_paused(freeze: bool = False) -> Iterator[None]:
    """Pause Python's cyclic garbage collector while a large answer or graph is built.

    An answer of thousands of records makes hundreds of thousands of small containers and no reference
    cycles; the collector's passes over them (and over everything else alive) cost a quarter to a third
    of a suggestion on 10,000 candidates. Reference counting still frees every object. Several threads
    (the app's sessions) may be inside at once: the first to enter pauses the collector and the last to
    leave enables it again, if it was enabled when the first entered.

    Parameters
    ----------
    freeze : bool
        Move every object alive on leaving out of the collector's reach (``gc.freeze``), for a graph
        that lives as long as the process.

    Yields
    ------
    None
    """
    entered = False
    try:
        with _PAUSE:
            _paused["inside"] += 1
            entered = True
            if _paused["inside"] == 1:
                _paused["was_enabled"] = gc.isenabled()
                gc.disable()
        yield
        if freeze:
            gc.freeze()
    finally:
        if entered:
            with _PAUSE:
                _paused["inside"] -= 1
                if _paused["inside"] == 0 and _paused["was_enabled"]:
                    gc.enable()


def without_cyclic_gc(func: _F) -> _F:
    """``func`` run inside :func:`cyclic_gc_paused` (a decorator).

    Parameters
    ----------
    func : callable
        A function that builds a large answer (many small objects, no reference cycles).

    Returns
    -------
    callable
        The same call, signature and docstring.
    """
    @functools.wraps(func)
    def paused(*args, **kwargs):
        with cyclic_gc_paused():
            return func(*args, **kwargs)
    return paused  # type: ignore[return-value]


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
    """How many nodes and edges an ``upsert`` wrote (records given, changed or not), and how.

    ``bulk_seconds`` is set when a server store loaded them into its empty database by the bulk
    path (graph.store.neo4j_bulk), ``interrupted_bulk`` when the store found an earlier bulk first
    load interrupted (when it started), which this write merged into.
    """
    nodes: int = 0
    edges: int = 0
    bulk_seconds: float | None = None
    interrupted_bulk: str | None = None


def node_keys(node: Node) -> set[str]:
    """Folded names a node can be found by.

    Parameters
    ----------
    node : Node
        Any node.

    Returns
    -------
    set of str
        :func:`graph.text.fold` of its name and aliases and, for a country, of its ISO code; never "".
    """
    keys = {fold(node.props.get("name", ""))}
    keys.update(fold(a) for a in node.props.get("aliases", ()))
    if node.label == "Country":
        keys.add(fold(node.props.get("code", "")))
    keys.discard("")
    return keys


def iter_batches(items: Iterable, size: int) -> Iterator[list]:
    """``items`` in lists of ``size`` (the last one may be shorter).

    Parameters
    ----------
    items : iterable
        Anything; read once.
    size : int
        Items per batch, at least 1.

    Yields
    ------
    list
        The next batch.
    """
    batch: list = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
