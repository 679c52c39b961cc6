"""Which relationships a network picture draws when it holds more than a canvas can show.

A neighbourhood capped at 200 nodes is made of the best-connected places, and around a hub those
are linked to each other thousands of times (9,500 relationships among 200 nodes in a generated
network of 100,000 partnerships): drawn whole, the picture is a grey disc and the page several
megabytes. Above ``MAX_DRAWN_EDGES`` the picture keeps the relationships that explain it:

1. every relationship of a highlighted node (the centre, the ends of a path);
2. for every other node, one link on a shortest way to the first highlighted node (a breadth-first
   tree from it, so the rings of a radial layout stay where they are and a path between two
   highlighted nodes is drawn whole); nodes of a part without a highlighted node hang off that
   part's best-connected node, so no dot floats unconnected;
3. then the others, by the relationships of their two ends together (the sum of their degrees),
   until the limit.

Every relationship stays in the subgraph: the tables and downloads list them all.
"""

from __future__ import annotations

from collections import defaultdict, deque
from typing import Iterable, Mapping, Sequence

from graph.model import Edge

MAX_DRAWN_EDGES = 1500  # beyond this the lines cover the dots, and the browser slows


def drawn_edges(edges: Sequence[Edge], focus: Iterable[str], degree: Mapping[str, int],
                limit: int = MAX_DRAWN_EDGES) -> list[int]:
    """The positions in ``edges`` of the relationships a picture draws (all of them up to ``limit``).

    Parameters
    ----------
    edges : sequence of Edge
        The relationships among the nodes drawn, in the picture's order (by ``Edge.identity``).
    focus : iterable of str
        Highlighted node ids: all their relationships are drawn, whatever ``limit`` says (as are
        relationships of a node with itself, which the model never holds).
    degree : mapping of str to int
        Relationships per node id in the subgraph (a missing id counts as 0); ranks the roots of
        parts without a highlighted node and the relationships drawn last.
    limit : int, optional
        Most relationships drawn (default ``MAX_DRAWN_EDGES``, 1,500), unless the highlighted
        nodes' relationships and one link per node are more.

    Returns
    -------
    list of int
        Ascending positions in ``edges``; every position when ``len(edges) <= limit``.

    Raises
    ------
    ValueError
        ``limit`` is below 1.

    Examples
    --------
    >>> from graph.model import Edge
    >>> star = [Edge("PARTNER_OF", "c", x) for x in "abd"] + [Edge("PARTNER_OF", "a", "b"),
    ...                                                         Edge("PARTNER_OF", "b", "d")]
    >>> drawn_edges(star, ["c"], {"a": 2, "b": 3, "c": 3, "d": 2}, limit=4)
    [0, 1, 2, 3]
    """
    if limit < 1:
        raise ValueError(f"a picture draws at least one relationship, got limit={limit!r}")
    if len(edges) <= limit:
        return list(range(len(edges)))
    focus = set(focus)
    keep = {i for i, e in enumerate(edges) if e.source in focus or e.target in focus or e.source == e.target}
    keep |= _tree(edges, focus, degree)
    if len(keep) < limit:
        rest = sorted((i for i in range(len(edges)) if i not in keep),
                      key=lambda i: (-(degree.get(edges[i].source, 0) + degree.get(edges[i].target, 0)), i))
        keep.update(rest[:limit - len(keep)])
    return sorted(keep)


def _tree(edges: Sequence[Edge], focus: set[str], degree: Mapping[str, int]) -> set[int]:
    """Positions of one link per node: a breadth-first forest grown from each highlighted node in id
    order (the first reaches everything it can, on shortest ways), then from the best-connected node
    (ties by id) of each part still unreached."""
    links: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for i, edge in enumerate(edges):
        if edge.source != edge.target:
            links[edge.source].append((edge.target, i))
            links[edge.target].append((edge.source, i))
    seen: set[str] = set()
    tree: set[int] = set()
    roots = sorted(n for n in focus if n in links) + sorted((n for n in links if n not in focus),
                                                           key=lambda n: (-degree.get(n, 0), n))
    for root in roots:
        if root in seen:
            continue
        seen.add(root)
        queue = deque([root])
        while queue:
            node = queue.popleft()
            for other, i in links[node]:
                if other not in seen:
                    seen.add(other)
                    tree.add(i)
                    queue.append(other)
    return tree
