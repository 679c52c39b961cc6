"""All shortest paths between two nodes of a graph given by its neighbours, searched from both ends.

A breadth-first search over the whole component costs seconds on a big graph; meeting in the middle
searches half the length from each end, first to learn the length, then to collect the paths.
"""

from __future__ import annotations

import itertools
from typing import Callable, Iterable

MAX_PATHS_CONSIDERED = 1000
Neighbours = Callable[[str], Iterable[str]]


def shortest_walks(neighbours: Neighbours, source: str, target: str, max_depth: int, limit: int) -> list[list[str]]:
    """The shortest paths from ``source`` to ``target`` as node id lists, sorted, at most ``limit``.

    Parameters
    ----------
    neighbours : callable
        Node id -> the ids of the nodes linked to it (edges walked in both directions), each once.
    source, target : str
        Node ids; both must be nodes of the graph.
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
    >>> g = {"a": ["b", "c"], "b": ["a", "d"], "c": ["a", "d"], "d": ["b", "c"]}
    >>> shortest_walks(g.__getitem__, "a", "d", 6, 5)
    [['a', 'b', 'd'], ['a', 'c', 'd']]
    """
    length = _distance(neighbours, source, target, max_depth)
    if length is None:
        return []
    half = (length + 1) // 2
    from_source, from_target = _layers(neighbours, source, half), _layers(neighbours, target, length - half)
    middle = sorted(m for m, (hops, _) in from_source.items()
                    if hops == half and from_target.get(m, (None,))[0] == length - half)
    paths = (head + tail[::-1][1:] for m in middle
             for head in _walks(from_source, m) for tail in _walks(from_target, m))
    return sorted(itertools.islice(paths, MAX_PATHS_CONSIDERED))[:limit]


def _distance(neighbours: Neighbours, source: str, target: str, max_depth: int) -> int | None:
    """Hops between two nodes, or None when more than ``max_depth``: breadth-first from both ends,
    always widening the smaller side by one whole level; the first meeting is a shortest path."""
    if source == target:
        return 0
    seen = ({source: 0}, {target: 0})
    fringe = ([source], [target])
    while fringe[0] and fringe[1]:
        side = 0 if len(fringe[0]) <= len(fringe[1]) else 1
        mine, theirs = seen[side], seen[1 - side]
        hop = mine[fringe[side][0]] + 1
        if hop + theirs[fringe[1 - side][0]] > max_depth:  # every path not yet seen is longer
            return None
        nxt = []
        for u in fringe[side]:
            for v in neighbours(u):
                if v in theirs:
                    length = hop + theirs[v]
                    return length if length <= max_depth else None
                if v not in mine:
                    mine[v] = hop
                    nxt.append(v)
        fringe[side][:] = nxt
    return None


def _layers(neighbours: Neighbours, start: str, depth: int) -> dict[str, tuple[int, list[str]]]:
    """Breadth-first search from ``start`` up to ``depth`` hops: node -> (hops, predecessors)."""
    seen: dict[str, tuple[int, list[str]]] = {start: (0, [])}
    frontier = [start]
    for hop in range(1, depth + 1):
        nxt = []
        for u in frontier:
            for v in neighbours(u):
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
