"""The interactive network picture shared by the app and the HTML export.

``network_html`` returns one standalone HTML document: vis-network's script and stylesheet are
inlined from the copy pyvis ships, so the page works offline and inside a sandboxed iframe, and a
Content-Security-Policy forbids loading anything from elsewhere. The nodes and edges are the dicts
pyvis's ``Network`` would make; they are made here (``VisNetwork``) because importing pyvis also
imports IPython and Jinja, which the app's first view would wait for. Nodes are coloured by label and
sized by their relationships; edges are coloured by partnership kind.

Names are data. Labels are drawn on a canvas (never parsed as markup); tooltips are turned into
DOM text nodes in the page (``textContent``), so they stay text whatever vis-network version
renders them; the data is embedded as JSON with ``<``, ``>`` and ``&`` escaped, so a name cannot
close the script element; everything in the legend and heading is HTML-escaped.

The layout is the same on every rerun (``layout.randomSeed``), and physics runs only until the
network has stabilised: then it is switched off so nodes stay where the user drags them.
"""

from __future__ import annotations

import importlib.util
import math
from collections import Counter
from operator import itemgetter
from pathlib import Path
from typing import Any, Iterable

from graph.errors import UsageError
from graph.model import CONFERENCE, COUNTRY, MUNICIPALITY, ORGANISATION, PARTNER_OF, REGION, SOURCE, THEME, Edge
from graph.i18n import ngettext, number
from graph.store.base import Subgraph
from graph.store.neighbourhood_rules import neighbourhood_rule
from graph.export.netedges import MAX_DRAWN_EDGES, drawn_edges
from graph.export.tooltips import display_name, edge_tooltip, node_tooltip

# Okabe–Ito palette (readable for the common colour-vision deficiencies), darkened where a pale
# colour would vanish on white.
LABEL_COLOURS: dict[str, str] = {
    MUNICIPALITY: "#0072B2",
    ORGANISATION: "#E69F00",
    CONFERENCE: "#CC79A7",
    COUNTRY: "#009E73",
    REGION: "#56B4E9",
    THEME: "#B59F00",
    SOURCE: "#888888",
}
KIND_COLOURS: dict[str, str] = {
    "twin": "#1F4E9C",
    "friendship": "#2A9D8F",
    "contact": "#8D99AE",
    "project": "#D55E00",
    "solidarity": "#C99A00",
    "climate": "#2E7D32",
}
OTHER_EDGE_COLOUR = "#B8B8B8"
HIGHLIGHT_BORDER = "#111111"
LAYOUT_SEED = 7
MAX_INTERACTIVE_NODES = 1500  # beyond this a browser canvas becomes sluggish and unreadable

VIS_DIR = Path(importlib.util.find_spec("pyvis").origin).resolve().parent / "templates" / "lib" / "vis-9.1.2"


class VisNetwork:
    """A network for vis-network: what ``pyvis.network.Network(directed=True)`` builds with
    ``add_node`` and ``add_edge`` (the same dicts, keys in the same order), in ``nodes``, ``edges``
    and ``options``."""

    def __init__(self) -> None:
        self.nodes: list[dict[str, Any]] = []
        self.edges: list[dict[str, Any]] = []
        self.options: dict[str, Any] = {}
        self._ids: set[str] = set()

    def add_node(self, node_id: str, label: str | None = None, shape: str = "dot", color: Any = "#97c2fc",
                 **options: Any) -> None:
        """Add a node once (a repeated id is ignored), as pyvis would; ``options`` are vis-network node options."""
        if node_id in self._ids:
            return
        self._ids.add(node_id)
        self.nodes.append({"color": color, **options, "id": node_id, "label": label or node_id, "shape": shape})

    def add_edge(self, source: str, target: str, **options: Any) -> None:
        """Add an edge between two added nodes (arrow to ``target`` unless ``options`` say otherwise).

        Raises
        ------
        UsageError
            ``source`` or ``target`` has not been added.
        """
        if source not in self._ids or target not in self._ids:
            raise UsageError(f"an edge needs both of its nodes first: {source!r} -> {target!r}")
        edge = {**options, "from": source, "to": target}
        edge.setdefault("arrows", "to")
        self.edges.append(edge)


def node_size(degree: int) -> float:
    """Dot radius in pixels, 10 + 5·√degree, at most 45: hubs stand out but fit.

    Parameters
    ----------
    degree : int
        Relationships shown; negative counts as 0.
    Returns
    -------
    float
    """
    return round(min(10 + 5 * math.sqrt(max(degree, 0)), 45), 1)


def edge_colour(edge: Edge) -> str:
    """Colour of an edge (``#rrggbb``): its partnership kind's (twin when none), or ``OTHER_EDGE_COLOUR``.

    Parameters
    ----------
    edge : Edge
    Returns
    -------
    str
    """
    if edge.type == PARTNER_OF:
        return KIND_COLOURS.get(edge.props.get("kind", "twin"), KIND_COLOURS["twin"])
    return OTHER_EDGE_COLOUR


def _short(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def vis_options(node_count: int, physics: bool = True) -> dict[str, Any]:
    """vis-network options for a picture of ``node_count`` nodes: forceAtlas2 physics (unless off), hover tips.

    Parameters
    ----------
    node_count : int
        Nodes shown; large pictures get a cheaper layout and stabilisation.
    physics : bool
        Whether nodes keep moving under the layout forces.
    Returns
    -------
    dict
    """
    return {
        "layout": {"randomSeed": LAYOUT_SEED, "improvedLayout": node_count <= 150},
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {"gravitationalConstant": -60, "springLength": 110, "avoidOverlap": 0.4},
            "stabilization": {"enabled": True, "iterations": 400 if node_count <= 300 else 200, "fit": True},
        },
        "interaction": {"hover": True, "tooltipDelay": 120, "hideEdgesOnDrag": node_count > 400},
        "nodes": {"shape": "dot", "borderWidth": 1, "font": {"size": 14, "face": "sans-serif", "strokeWidth": 3,
                                                              "strokeColor": "#ffffff"}},
        "edges": {"smooth": {"enabled": True, "type": "continuous"}, "arrows": {"to": {"enabled": False}},
                  "selectionWidth": 2},
    }


def build_network(sub: Subgraph, *, height: str = "650px", highlight: Iterable[str] | None = None,
                  physics: bool = True, max_nodes: int = MAX_INTERACTIVE_NODES,
                  layout: bool = True, max_edges: int = MAX_DRAWN_EDGES) -> tuple[VisNetwork, list[str]]:
    """The vis-network data of a subgraph, and notes for the reader (e.g. how many nodes were left out).

    More than ``graph.export.netedges.MAX_DRAWN_EDGES`` relationships among the nodes drawn are thinned
    by :func:`graph.export.netedges.drawn_edges` (a note says how many are drawn); the subgraph keeps them all.

    Parameters
    ----------
    sub : Subgraph
    height : str, optional (the page's CSS height; not used here)
    highlight, physics, max_nodes, layout : as for :func:`graph.export.network_page.network_html`
    max_edges : int, optional
        Most relationships drawn (default ``MAX_DRAWN_EDGES``, 1,500; see :func:`graph.export.netedges.drawn_edges`).
    Returns
    -------
    (VisNetwork, list of str)
    """
    notes: list[str] = []
    deg = sub.degrees()
    chosen = sorted(sub.nodes.values(), key=lambda n: (-deg[n.id], n.id))
    focus = set(highlight or ()) & set(sub.nodes)
    if len(chosen) > max_nodes:
        keep = [n for n in chosen if n.id in focus] + [n for n in chosen if n.id not in focus]
        chosen = keep[:max_nodes]
        notes.append(ngettext("showing the {shown} most connected of {n} node",
                              "showing the {shown} most connected of {n} nodes", len(sub.nodes)).format(
            shown=number(max_nodes), n=number(len(sub.nodes))))
    if sub.truncated and any(sub.rule == neighbourhood_rule(len(sub.nodes), sub.total_nodes, depth) for depth in range(10)):
        notes.append(sub.rule)  # a neighbourhood's own rule says the figures ("200 of 55,148 nodes within 2 hops: …")
    elif sub.truncated:
        notes.append(ngettext("{shown} of {n} matching node ({rule})", "{shown} of {n} matching nodes ({rule})",
                              sub.total_nodes).format(shown=number(len(sub.nodes)), n=number(sub.total_nodes), rule=sub.rule))
    shown = {n.id for n in chosen}
    # numbered in identity order over the whole subgraph, so an edge keeps its id whatever is drawn
    inside = [(i, edge) for i, (_, edge) in enumerate(sorted(((e.identity, e) for e in sub.edges), key=itemgetter(0)))
              if edge.source in shown and edge.target in shown]
    drawn = drawn_edges([edge for _, edge in inside], focus, deg, max_edges)
    lines: Counter | None = None  # relationships drawn per node, when not all are
    if len(drawn) < len(inside):
        if focus:
            marked = ", ".join(sorted(display_name(sub.nodes[f]) for f in focus))
            notes.append(ngettext("{drawn} of {n} relationship drawn: all of {names}, at least one of every other "
                                  "place, then those of the most connected places; the tables and the Excel and CSV "
                                  "downloads list all",
                                  "{drawn} of {n} relationships drawn: all of {names}, at least one of every other "
                                  "place, then those of the most connected places; the tables and the Excel and CSV "
                                  "downloads list all", len(inside)).format(
                drawn=number(len(drawn)), n=number(len(inside)), names=marked))
        else:
            notes.append(ngettext("{drawn} of {n} relationship drawn: at least one of every place, then those of the "
                                  "most connected places; the tables and the Excel and CSV downloads list all",
                                  "{drawn} of {n} relationships drawn: at least one of every place, then those of the "
                                  "most connected places; the tables and the Excel and CSV downloads list all",
                                  len(inside)).format(drawn=number(len(drawn)), n=number(len(inside))))
        inside = [inside[k] for k in drawn]
        lines = Counter(end for _, edge in inside for end in (edge.source, edge.target))
    # directed, so that a second partnership of another kind between the same two cities is kept
    # (pyvis drops it from an undirected network); arrows are switched off below.
    net = VisNetwork()
    for node in sorted(chosen, key=lambda n: n.id):
        colour = LABEL_COLOURS[node.label]
        is_focus = node.id in focus
        net.add_node(
            node.id, label=_short(display_name(node)), shape="dot",
            title=node_tooltip(node, deg[node.id], drawn=lines[node.id] if lines is not None else None),
            size=node_size(deg[node.id]) + (6 if is_focus else 0),
            color={"background": colour, "border": HIGHLIGHT_BORDER if is_focus else colour,
                   "highlight": {"background": colour, "border": HIGHLIGHT_BORDER}},
            borderWidth=4 if is_focus else 1,
            font={"size": 18 if is_focus else 14, "bold": is_focus},
            category=node.label,
        )
    names = {n.id: display_name(n) for n in chosen}  # each end named once, not once per edge
    between: Counter = Counter()
    for i, edge in inside:
        pair = (min(edge.source, edge.target), max(edge.source, edge.target))
        nth = between[pair]
        between[pair] += 1
        extra = {}
        if nth:  # a second relationship between the same two nodes curves away from the first
            extra["smooth"] = {"enabled": True, "type": "curvedCW" if nth % 2 else "curvedCCW",
                               "roundness": 0.2 * ((nth + 1) // 2)}
        net.add_edge(
            edge.source, edge.target, id=f"e{i}", title=edge_tooltip(edge, sub, names=names), color=edge_colour(edge),
            width=2.5 if edge.type == PARTNER_OF else 1.2, dashes=edge.type != PARTNER_OF,
            arrows={"to": {"enabled": False}}, **extra,
        )
    net.options = vis_options(len(chosen), physics)
    if layout:  # fixed positions and few large labels (graph.export.netlayout): readable at 200 or 800 nodes
        from graph.export.netlayout import apply as fixed_layout

        drawing = sub if lines is None else Subgraph(sub.nodes, [e for _, e in inside], sub.total_nodes, sub.rule)
        _merge(net.options, fixed_layout(net.nodes, net.edges, drawing, [h for h in highlight or () if h in shown], deg))
    return net, notes


def _merge(into: dict, extra: dict) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value
