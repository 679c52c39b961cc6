"""Readable network pictures: fixed layouts and the few labels a person needs.

vis-network's own physics turns 200 nodes into a hairball and 800 into a disc of dots, and draws
every label on top of each other. Here the positions are computed once, the same on every run:

- **radial** around one centre (Explore, a conference): its direct partners on the first ring,
  grouped by country, partners of partners on the next ring next to the partner they hang off;
- **layered** from one end of a path to the other (Paths): one column per step, so every node of
  every shortest path is on the canvas, left to right;
- **components** otherwise (Insights): a seeded force layout of each connected part, the largest
  first, the small ones (pairs, triangles) packed in rows beneath.

Labels are drawn large on the centre, its direct partners and the hubs (most relationships); the
other names are small and appear as the reader zooms in (``drawThreshold``); every name is in the
tooltip. The picture is laid out in a canvas about ``WIDTH`` × ``HEIGHT`` units wide, the shape of
the app's frame, so the label sizes below read at 12–16 px when the network is fitted.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Iterable

import networkx as nx

from graph.store.base import Subgraph
from graph.export.netlabels import legible

WIDTH, HEIGHT = 1150.0, 520.0
SEED = 7
BIG_FONT, SMALL_FONT = 17, 9
DRAW_THRESHOLD = 10  # px on screen below which vis-network leaves a label out
CROWDED = 60  # beyond this many nodes, dots shrink and edges away from the centre fade
MAX_HUB_LABELS = 12
LABEL_ALL_UP_TO = 40  # a network this small gets every name


def _graph(sub: Subgraph, ids: Iterable[str]) -> nx.Graph:
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
    """Rings around ``centre`` by number of steps; each ring's nodes next to their parent's angle."""
    graph = _graph(sub, ids)
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
    """One column per step from ``start``; ``end`` in the last column; columns ordered to limit crossings."""
    graph = _graph(sub, ids)
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
    """A connected part laid out in [-1, 1]²: a seeded force layout, a star around its hub."""
    if len(part) == 1:
        return {part[0]: (0.0, 0.0)}
    if len(part) == 2:
        return {part[0]: (-1.0, 0.0), part[1]: (1.0, 0.0)}
    sub = graph.subgraph(part)
    hub, hub_degree = max(sub.degree, key=lambda item: (item[1], item[0]))
    if hub_degree == len(part) - 1 and sub.number_of_edges() == len(part) - 1:  # a star: hub in the middle
        leaves = sorted(n for n in part if n != hub)
        return {hub: (0.0, 0.0), **{leaf: (math.cos(2 * math.pi * k / len(leaves)),
                                           math.sin(2 * math.pi * k / len(leaves)))
                                    for k, leaf in enumerate(leaves)}}
    layout = nx.spring_layout(sub, seed=SEED, k=1.4 / math.sqrt(len(part)), iterations=60)
    return {node_id: (float(x), float(y)) for node_id, (x, y) in layout.items()}


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
    partnered only with each other) in a compact block beneath. Hubs and their partners stand out."""
    graph = _graph(sub, ids)
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


PAIR_CAP = 300  # a network larger than this is drawn without its isolated pairs


def without_pairs(sub: Subgraph, cap: int = PAIR_CAP) -> Subgraph:
    """``sub`` without the small groups (two or three nodes linked only among themselves), when it has more
    than ``cap`` nodes: in a large network (Germany–Poland: 772 towns, mostly such pairs) they fill the
    picture and squeeze the hubs. The rule says how many are left out (``total_nodes`` counts them).

    Parameters
    ----------
    sub : Subgraph
    cap : int, optional
        Largest network drawn whole (default ``PAIR_CAP``, 300 nodes).
    Returns
    -------
    Subgraph
    Example
    -------
    >>> from graph.model import Node, Edge
    >>> nodes = {i: Node("Municipality", i, {"name": i}) for i in "abcdefg"}
    >>> edges = [Edge("PARTNER_OF", "a", x) for x in "bcd"] + [Edge("PARTNER_OF", "f", "g")]
    >>> drawn = without_pairs(Subgraph(nodes, edges, 7, ""), cap=3)
    >>> sorted(drawn.nodes), drawn.total_nodes
    (['a', 'b', 'c', 'd', 'e'], 7)
    """
    if len(sub.nodes) <= cap:
        return sub
    graph = _graph(sub, sub.nodes)
    pairs = [c for c in nx.connected_components(graph) if 2 <= len(c) <= 3]
    if not pairs:
        return sub
    gone = set().union(*pairs)
    rule = (f"{len(pairs):,} small groups ({len(gone):,} places linked only with one or two others) are not "
            "drawn; the tables and downloads list them")
    return Subgraph({i: n for i, n in sub.nodes.items() if i not in gone},
                    [e for e in sub.edges if e.source not in gone and e.target not in gone],
                    max(sub.total_nodes, len(sub.nodes)), f"{sub.rule}; {rule}" if sub.rule else rule)


def choose(sub: Subgraph, ids: list[str], focus: list[str]) -> tuple[str, dict[str, tuple[float, float]]]:
    """The layout for a picture: radial around one focus, layered between two, components otherwise.

    Parameters
    ----------
    sub : Subgraph
    ids : list of str
    focus : list of str
        Highlighted ids; those not in ``ids`` are ignored.
    Returns
    -------
    (str, dict of str to (float, float))
        The layout's name and node id -> (x, y) in canvas units.
    Example
    -------
    >>> from graph.model import Node, Edge
    >>> sub = Subgraph(nodes={i: Node("Municipality", i, {"name": i}) for i in "abc"},
    ...                edges=[Edge("PARTNER_OF", "a", "b"), Edge("PARTNER_OF", "b", "c")])
    >>> choose(sub, ["a", "b", "c"], ["a", "c"])[0]
    'layered'
    """
    inside = [f for f in focus if f in ids]
    if len(inside) == 1:
        return "radial", radial(sub, ids, inside[0])
    if len(inside) == 2 and nx.has_path(_graph(sub, ids), inside[0], inside[1]):
        return "layered", layered(sub, ids, inside[0], inside[1])
    return "components", components(sub, ids)


def labelled(sub: Subgraph, ids: list[str], focus: list[str], degree: dict[str, int], layout: str) -> set[str]:
    """Whose names are drawn large: the focus, its direct partners (radial) and the hubs."""
    if len(ids) <= LABEL_ALL_UP_TO:
        return set(ids)
    inside = set(ids)
    chosen = {f for f in focus if f in inside}
    if layout == "radial" and chosen:
        centre = next(iter(chosen))
        chosen |= {e.target if e.source == centre else e.source for e in sub.edges
                   if centre in (e.source, e.target)} & inside
    if layout == "components":  # one name per group (its hub), so that names of one group do not collide
        parts = sorted(nx.connected_components(_graph(sub, ids)), key=lambda c: (-len(c), min(c)))
        heads = [max(sorted(part), key=lambda i: degree.get(i, 0)) for part in parts if len(part) > 1]
        return chosen | set(heads[:2 * MAX_HUB_LABELS])
    hubs = sorted((i for i in ids if i not in chosen), key=lambda i: (-degree.get(i, 0), i))
    return chosen | set(hubs[:MAX_HUB_LABELS])


def apply(nodes: list[dict], edges: list[dict], sub: Subgraph, focus: Iterable[str], degree: dict[str, int]) -> dict:
    """Give vis-network node dicts fixed positions and label sizes; returns options to merge.

    Parameters
    ----------
    nodes : the node dicts of ``graph.export.visual.VisNetwork`` (changed in place: ``x``, ``y``, ``font``)
    edges : its edge dicts (in a crowded picture those away from the focus fade)
    sub : the subgraph drawn
    focus : the highlighted ids (one: radial; two: a path; else components)
    degree : relationships per node id

    Returns
    -------
    dict
        vis-network options: physics off (the layout is final), the label draw threshold.
    """
    ids = [n["id"] for n in nodes]
    focus = [f for f in focus]
    if not ids:
        return {}
    layout, pos = choose(sub, ids, focus)
    big = labelled(sub, ids, focus, degree, layout)
    crowded = len(ids) > CROWDED
    for node in nodes:
        x, y = pos.get(node["id"], (0.0, 0.0))
        node["x"], node["y"] = round(x, 1), round(y, 1)
        font = dict(node.get("font") or {})
        font["size"] = BIG_FONT + (3 if node["id"] in focus else 0) if node["id"] in big else SMALL_FONT
        node["font"] = font
        if crowded and "size" in node:
            node["size"] = round(4 + (node["size"] - 10) * 0.45 + (4 if node["id"] in focus else 0), 1)
    # a large name that would run into a more important one is drawn small (it appears on zooming in)
    readable = legible([n for n in nodes if n["id"] in big], focus, degree)
    for node in nodes:
        if node["id"] in big and node["id"] not in readable:
            node["font"]["size"] = SMALL_FONT
    if crowded:
        for edge in edges:
            if edge["from"] in focus or edge["to"] in focus:
                continue
            edge["color"] = {"color": edge["color"], "opacity": 0.3} if isinstance(edge.get("color"), str) \
                else edge.get("color")
            edge["width"] = 1
    return {"physics": {"enabled": False}, "layout": {"improvedLayout": False},
            "nodes": {"scaling": {"label": {"enabled": False, "drawThreshold": DRAW_THRESHOLD, "maxVisible": 40}}}}
