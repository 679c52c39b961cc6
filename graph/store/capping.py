"""The node cap both stores apply to a neighbourhood: nearest first, then most relationships, then by id."""

from __future__ import annotations

import heapq
import itertools


def cap_nodes(hops: dict[str, int], degrees: dict[str, int], max_nodes: int) -> list[str]:
    """The first ``max_nodes`` node ids: nearest first, then most relationships, then by id.

    Only the level the cap cuts through is ranked, and only among its nodes with at least the
    degree of the last one kept (a depth-2 walk across a hub finds tens of thousands).

    Examples
    --------
    >>> cap_nodes({"c": 0, "a": 1, "b": 1, "d": 2}, {"a": 1, "b": 5, "d": 9}, 3)
    ['c', 'b', 'a']
    """
    levels: dict[int, list[str]] = {}
    for node, hop in hops.items():
        levels.setdefault(hop, []).append(node)
    order: list[str] = []
    for hop in sorted(levels):
        room = max_nodes - len(order)
        if room <= 0:
            break
        level = levels[hop]
        if len(level) > room:
            least = heapq.nlargest(room, map(degrees.get, level, itertools.repeat(0)))[-1]
            level = [n for n in level if degrees.get(n, 0) >= least]
        level.sort(key=lambda n: (-degrees.get(n, 0), n))
        order.extend(level[:room])
    return order
