"""Where the nodes of a network picture go: three fixed layouts, the same on every run.

- **radial** around one centre (Explore, a conference): its direct partners on the first ring,
  grouped by country, partners of partners on the next ring next to the partner they hang off;
- **layered** from one end of a path to the other (Paths): one column per step, so every node of
  every shortest path is on the canvas, left to right;
- **components** otherwise (Insights): each connected part drawn from its hub upwards, the largest
  first, the small ones (pairs, triangles) packed in rows beneath.

Positions are in canvas units, in a frame about ``WIDTH`` × ``HEIGHT`` wide, the shape of the app's
frame. :mod:`graph.export.netlayout` chooses among them and sizes the labels.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Iterable

import networkx as nx

from graph.store.base import Subgraph

WIDTH, HEIGHT = 1150.0, 520.0
SEED = 7


def graph_of(sub: Subgraph, ids: Iterable[str]) -> nx.Graph:
    """The undirected graph of ``sub`` between ``ids``, without loops, built in sorted order.

    Parameters
    ----------
    sub : Subgraph
        The subgraph drawn; only its edges between two of ``ids`` are kept, whatever their type.
    ids : iterable of str
        Node ids of the picture; each becomes a node, linked or not.

    Returns
    -------
    networkx.Graph
        Nodes and edges added in sorted order, so a seeded layout is the same on every run.
    """
    inside = set(ids)
    graph = nx.Graph()
    graph.add_nodes_from(sorted(inside))
    graph.add_edges_from(sorted((e.source, e.target) for e in sub.edges
                                if e.source in inside and e.target in inside and e.source != e.target))
    return graph


def _group(sub: Subgraph, node_id: str) -> tuple[str, str]:
    node = sub.nodes[node_id]
    return (str(node.get("country") or "~" + node.label), node.name.casefold())


def radial(sub: Subgraph, ids: list[str], centre: str) -> dict[str, tuple[float, float]]:
    """Rings around ``centre`` by number of steps; each ring's nodes next to their parent's angle.

    The first ring (direct partners) is ordered by country, then name, so a country's towns sit
    together; every further ring is ordered by the angle of the node it hangs off. Nodes not linked
    to ``centre`` go on an outer ring of their own.

    Parameters
    ----------
    sub : Subgraph
        The subgraph drawn: its edges give the steps, its nodes' ``country`` and name the order.
    ids : list of str
        Node ids to place; ``centre`` among them.
    centre : str
        The node in the middle, at (0, 0).

    Returns
    -------
    dict of str to (float, float)
        Node id -> (x, y) in canvas units; the outer ring is an ellipse ``WIDTH`` × ``HEIGHT`` wide.
    """
    graph = graph_of(sub, ids)
    dist = nx.single_source_shortest_path_length(graph, centre)
    far = max(dist.values(), default=0) + 1
    rings: dict[int, list[str]] = defaultdict(list)
    for node_id in ids:
        rings[dist.get(node_id, far)].append(node_id)
    angle = {centre: 0.0}
    pos = {centre: (0.0, 0.0)}
    depth = max(rings)
    for level in range(1, depth + 1):
        members = rings.get(level, [])
        if not members:
            continue

        def parent_angle(node_id: str) -> float:
            parents = [angle[n] for n in graph.neighbors(node_id) if n in angle and dist.get(n, far) < level]
            return min(parents) if parents else 7.0

        if level == 1:
            members.sort(key=lambda i: _group(sub, i))
        else:
            members.sort(key=lambda i: (parent_angle(i), _group(sub, i)))
        share = level / depth
        rx, ry = WIDTH / 2 * share, HEIGHT / 2 * share
        for k, node_id in enumerate(members):
            theta = 2 * math.pi * (k + 0.5) / len(members) - math.pi / 2
            angle[node_id] = (theta + math.pi / 2) % (2 * math.pi)
            # alternate slightly in and out on a crowded ring, so neighbours' dots do not touch
            wobble = 1.0 + (0.06 * (1 if k % 2 else -1) if len(members) > 40 else 0.0)
            pos[node_id] = (rx * wobble * math.cos(theta), ry * wobble * math.sin(theta))
    return pos


def layered(sub: Subgraph, ids: list[str], start: str, end: str) -> dict[str, tuple[float, float]]:
    """One column per step from ``start``; ``end`` in the last column; columns ordered to limit crossings.

    Each column is sorted by the mean height of its neighbours in the columns before (their
    barycentre), then by name; nodes further from ``start`` than ``end`` share its column.

    Parameters
    ----------
    sub : Subgraph
        The subgraph drawn: its edges give the steps, its nodes' names break ties.
    ids : list of str
        Node ids to place; ``start`` and ``end`` among them.
    start, end : str
        The ends of the path: ``start`` in the left-most column, ``end`` in the right-most.

    Returns
    -------
    dict of str to (float, float)
        Node id -> (x, y) in canvas units: columns spread over ``WIDTH``, at most 160 units apart
        vertically.
    """
    graph = graph_of(sub, ids)
    dist = nx.single_source_shortest_path_length(graph, start)
    last = dist.get(end, max(dist.values(), default=0))
    columns: dict[int, list[str]] = defaultdict(list)
    for node_id in ids:
        columns[min(dist.get(node_id, last), last) if node_id != end else last].append(node_id)
    pos: dict[str, tuple[float, float]] = {}
    width = WIDTH / max(last, 1)
    for level in sorted(columns):
        members = columns[level]

        def barycentre(node_id: str) -> float:
            ys = [pos[n][1] for n in graph.neighbors(node_id) if n in pos]
            return sum(ys) / len(ys) if ys else 0.0

        members.sort(key=lambda i: (barycentre(i), sub.nodes[i].name.casefold()))
        gap = min(HEIGHT / max(len(members), 1), 160.0)
        for k, node_id in enumerate(members):
            pos[node_id] = (level * width - WIDTH / 2, (k - (len(members) - 1) / 2) * gap)
    return pos


def _local(graph: nx.Graph, part: list[str]) -> dict[str, tuple[float, float]]:
    """A connected part laid out in [-1, 1]²: its hub at the bottom, the others above it by steps."""
    if len(part) == 1:
        return {part[0]: (0.0, 0.0)}
    if len(part) == 2:
        return {part[0]: (-1.0, 0.0), part[1]: (1.0, 0.0)}
    sub = graph.subgraph(part)
    # the hub is the member with the most relationships, as the picture names it (graph.export.netlayout)
    hub = max(sorted(part), key=lambda n: graph.nodes[n].get("relationships", sub.degree[n]))
    hub_degree = sub.degree[hub]
    if hub_degree == len(part) - 1 and sub.number_of_edges() == len(part) - 1:
        # a star: the hub low in the middle, its partners on an arc above it, so that the hub's name,
        # drawn under its dot, crosses no partner
        leaves = sorted(n for n in part if n != hub)
        arc = [math.pi + 0.2 + (math.pi - 0.4) * (k + 0.5) / len(leaves) for k in range(len(leaves))]
        return {hub: (0.0, 0.5), **{leaf: (math.cos(a), 0.5 + 1.5 * math.sin(a)) for leaf, a in zip(leaves, arc)}}
    # any other group: its hub low in the middle, the others in rows above it by their steps from
    # the hub, each row ordered by where its partners below stand; the hub's name crosses nobody
    dist = nx.single_source_shortest_path_length(sub, hub)
    depth = max(dist.values())
    pos = {hub: (0.0, 0.5)}
    for level in range(1, depth + 1):
        row = [n for n in sorted(part) if dist[n] == level]
        row.sort(key=lambda n: sum(pos[m][0] for m in sub.neighbors(n) if m in pos)
                 / max(1, sum(1 for m in sub.neighbors(n) if m in pos)))
        for k, node_id in enumerate(row):
            x = 0.0 if len(row) == 1 else -1.0 + 2.0 * k / (len(row) - 1)
            pos[node_id] = (x, 0.5 - 1.5 * level / depth + (0.12 if k % 2 and len(row) > 4 else 0.0))
    return pos


def _pack(graph: nx.Graph, parts: list[list[str]], row_width: float, side_of, inner_of,
          top: float = 0.0) -> tuple[dict[str, tuple[float, float]], float]:
    """Parts side by side in rows ``row_width`` wide, each in a square of ``side_of(part)``;
    returns the positions and the y below the last row."""
    pos: dict[str, tuple[float, float]] = {}
    x, y, row_height = 0.0, top, 0.0
    for part in parts:
        side = side_of(part)
        if x + side > row_width and x > 0:
            x, y, row_height = 0.0, y + row_height, 0.0
        inner = inner_of(side)
        for node_id, (px, py) in _local(graph, part).items():
            pos[node_id] = (x + side / 2 + px * inner, y + side / 2 + py * inner)
        x += side
        row_height = max(row_height, side)
    return pos, y + row_height


def components(sub: Subgraph, ids: list[str]) -> dict[str, tuple[float, float]]:
    """Each connected part laid out on its own (a star around its hub), the parts packed in rows,
    largest first, each in a square growing with the root of its size; the pairs (two towns
    partnered only with each other) in a compact block beneath. Hubs and their partners stand out.

    Parameters
    ----------
    sub : Subgraph
        The subgraph drawn: its edges decide the connected parts.
    ids : list of str
        Node ids to place.

    Returns
    -------
    dict of str to (float, float)
        Node id -> (x, y) in canvas units, centred on (0, 0) and scaled, keeping the shape, to fit
        ``WIDTH`` × ``HEIGHT``; the same on every run.
    """
    graph = graph_of(sub, ids)
    for edge in sub.edges:  # every relationship counts, two of different kinds between the same towns too
        for end in {edge.source, edge.target}:
            if end in graph and edge.source in graph and edge.target in graph:
                graph.nodes[end]["relationships"] = graph.nodes[end].get("relationships", 0) + 1
    parts = sorted((sorted(c) for c in nx.connected_components(graph)), key=lambda c: (-len(c), c[0]))
    groups = [p for p in parts if len(p) >= 3]
    pairs = [p for p in parts if len(p) < 3]

    def side(part: list[str]) -> float:
        return 28.0 * len(part) ** 0.8 + 40.0

    area = sum(side(p) ** 2 for p in groups) * 1.1
    share = 0.7 if pairs and groups else 1.0
    row_width = max(math.sqrt(area * WIDTH / (HEIGHT * share)) if groups else 0.0,
                    max((side(p) for p in groups), default=0.0), 400.0)
    pos, bottom = _pack(graph, groups, row_width, side, lambda s: (s - 40.0) / 2)
    if pairs:
        # the block of pairs as wide as the groups above: several pairs per row, close together
        more, _ = _pack(graph, pairs, row_width, lambda p: 52.0, lambda s: s * 0.28, top=bottom + 30.0)
        pos.update(more)
    # scale into the picture's frame, keeping the shape
    xs, ys = [p[0] for p in pos.values()], [p[1] for p in pos.values()]
    span = max(max(xs) - min(xs), 1.0), max(max(ys) - min(ys), 1.0)
    factor = min(WIDTH / span[0], HEIGHT / span[1])
    return {node_id: ((px - min(xs) - span[0] / 2) * factor, (py - min(ys) - span[1] / 2) * factor)
            for node_id, (px, py) in pos.items()}
