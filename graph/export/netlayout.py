"""Readable network pictures: fixed layouts and the few labels a person needs.

vis-network's own physics turns 200 nodes into a hairball and 800 into a disc of dots, and draws
every label on top of each other. Here the positions are computed once, the same on every run
(:mod:`graph.export.netpositions`), and this module chooses among them:

- **radial** around one centre (Explore, a conference): its direct partners on the first ring,
  grouped by country, partners of partners on the next ring next to the partner they hang off;
- **layered** from one end of a path to the other (Paths): one column per step, so every node of
  every shortest path is on the canvas, left to right;
- **components** otherwise (Insights): each connected part drawn from its hub upwards, the largest
  first, the small ones (pairs, triangles) packed in rows beneath.

Labels are drawn large on the centre, its direct partners and the hubs (most relationships); the
other names are small and appear as the reader zooms in (``drawThreshold``); the centre's name, and in
a picture of at most ``LABEL_ALL_UP_TO`` nodes every large one, is drawn at any zoom; every name is in
the tooltip. The picture is laid out in a canvas about ``WIDTH`` × ``HEIGHT`` units wide
(``graph.export.netpositions``), the shape of the app's frame, so the label sizes below read at
12–16 px when the network is fitted.
"""

from __future__ import annotations

from typing import Iterable

import networkx as nx

from graph.i18n import _, ngettext, number
from graph.store.base import Subgraph
from graph.export.netlabels import legible
from graph.export.netpositions import components, graph_of, layered, radial

BIG_FONT, SMALL_FONT = 17, 9
DRAW_THRESHOLD = 10  # px on screen below which vis-network leaves a label out
CROWDED = 60  # beyond this many nodes, dots shrink and edges away from the centre fade
MAX_HUB_LABELS = 12
LABEL_ALL_UP_TO = 40  # a network this small gets every name


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
    graph = graph_of(sub, sub.nodes)
    pairs = [c for c in nx.connected_components(graph) if 2 <= len(c) <= 3]
    if not pairs:
        return sub
    gone = set().union(*pairs)
    groups = ngettext("{n} small group", "{n} small groups", len(pairs)).format(n=number(len(pairs)))
    places = ngettext("{n} place linked only with one or two others", "{n} places linked only with one or two others",
                      len(gone)).format(n=number(len(gone)))
    rule = _("{groups} ({places}) not drawn; the tables and downloads list them").format(groups=groups,
                                                                                           places=places)
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
    if len(inside) == 2 and nx.has_path(graph_of(sub, ids), inside[0], inside[1]):
        return "layered", layered(sub, ids, inside[0], inside[1])
    return "components", components(sub, ids)


def labelled(sub: Subgraph, ids: list[str], focus: list[str], degree: dict[str, int], layout: str) -> set[str]:
    """Whose names are drawn large: the focus, its direct partners (radial) and the hubs.

    A network of at most ``LABEL_ALL_UP_TO`` (40) nodes gets every name. Otherwise the focus, with
    its direct partners in a radial layout, plus the ``MAX_HUB_LABELS`` (12) nodes with the most
    relationships; in a components layout one hub per connected part instead (at most 48), so that
    names of one group do not collide.

    Parameters
    ----------
    sub : Subgraph
        The subgraph drawn: its edges give the direct partners and the connected parts.
    ids : list of str
        Node ids in the picture.
    focus : list of str
        Highlighted ids; those not in ``ids`` are ignored.
    degree : dict of str to int
        Relationships per node id; a missing id counts as 0.
    layout : str
        The layout's name from :func:`choose`: "radial", "layered" or "components".

    Returns
    -------
    set of str
        The ids whose names are drawn in ``BIG_FONT``.
    """
    if len(ids) <= LABEL_ALL_UP_TO:
        return set(ids)
    inside = set(ids)
    chosen = {f for f in focus if f in inside}
    if layout == "radial" and chosen:
        centre = next(iter(chosen))
        chosen |= {e.target if e.source == centre else e.source for e in sub.edges
                   if centre in (e.source, e.target)} & inside
    if layout == "components":  # one name per group (its hub), so that names of one group do not collide
        parts = sorted(nx.connected_components(graph_of(sub, ids)), key=lambda c: (-len(c), min(c)))
        heads = [max(sorted(part), key=lambda i: degree.get(i, 0)) for part in parts if len(part) > 1]
        return chosen | set(heads[:4 * MAX_HUB_LABELS])
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
    # the focus and, in a small picture, every name drawn large stay named in a narrow frame too (fitted
    # into it, 17 px text can shrink below the draw threshold): only these ignore it
    for node in nodes:
        if node["id"] in focus or (len(ids) <= LABEL_ALL_UP_TO and node["font"]["size"] > SMALL_FONT):
            node["scaling"] = {"label": {"enabled": False, "drawThreshold": 1}}
    if crowded:
        for edge in edges:
            if edge["from"] in focus or edge["to"] in focus:
                continue
            edge["color"] = {"color": edge["color"], "opacity": 0.3} if isinstance(edge.get("color"), str) \
                else edge.get("color")
            edge["width"] = 1
    return {"physics": {"enabled": False}, "layout": {"improvedLayout": False},
            "nodes": {"scaling": {"label": {"enabled": False, "drawThreshold": DRAW_THRESHOLD, "maxVisible": 40}}}}
