"""All shortest paths between two nodes of a networkx graph, searched from both ends.

``nx.all_shortest_paths`` first runs a breadth-first search over the whole component, which costs
seconds on a big graph; meeting in the middle searches half the length from each end.
"""

from __future__ import annotations

import itertools
from typing import Iterable

import networkx as nx

MAX_PATHS_CONSIDERED = 1000


def shortest_walks(view: nx.Graph, source: str, target: str, max_depth: int, limit: int) -> list[list[str]]:
    """The shortest paths from ``source`` to ``target`` as node id lists, sorted, at most ``limit``.

    Parameters
    ----------
    view : networkx graph
        The graph (or a filtered view of it) to walk; edges are walked in both directions.
    source, target : str
        Node ids; both must be nodes of ``view``.
    max_depth : int
        Paths longer than this many hops are not looked for: an empty list.
    limit : int
        At most this many paths, the first in sorted order among the first ``MAX_PATHS_CONSIDERED``.

    Returns
    -------
    list of list of str
        Empty when the nodes are not connected within ``max_depth``.

    Examples
    --------
    >>> g = nx.MultiGraph([("a", "b"), ("b", "d"), ("a", "c"), ("c", "d")])
    >>> shortest_walks(g, "a", "d", 6, 5)
    [['a', 'b', 'd'], ['a', 'c', 'd']]
    """
    try:
        length = nx.shortest_path_length(view, source, target)
    except nx.NetworkXNoPath:
        return []
    if length > max_depth:
        return []
    half = (length + 1) // 2
    from_source, from_target = _layers(view, source, half), _layers(view, target, length - half)
    middle = sorted(m for m, (hops, _) in from_source.items()
                    if hops == half and from_target.get(m, (None,))[0] == length - half)
    paths = (head + tail[::-1][1:] for m in middle
             for head in _walks(from_source, m) for tail in _walks(from_target, m))
    return sorted(itertools.islice(paths, MAX_PATHS_CONSIDERED))[:limit]


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
