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

import html
import importlib.util
import json
import math
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from graph.errors import UsageError
from graph.model import (
    CONFERENCE, COUNTRY, MUNICIPALITY, ORGANISATION, PARTNER_OF, PARTNERSHIP_KINDS, REGION, SOURCE, THEME,
    Edge, Node,
)
from graph.geo.countries import country_name
from graph.store.base import Subgraph

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

_VIS_DIR = Path(importlib.util.find_spec("pyvis").origin).resolve().parent / "templates" / "lib" / "vis-9.1.2"


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
        if node_id in self._ids:
            return
        self._ids.add(node_id)
        self.nodes.append({"color": color, **options, "id": node_id, "label": label or node_id, "shape": shape})

    def add_edge(self, source: str, target: str, **options: Any) -> None:
        if source not in self._ids or target not in self._ids:
            raise UsageError(f"an edge needs both of its nodes first: {source!r} -> {target!r}")
        edge = {**options, "from": source, "to": target}
        edge.setdefault("arrows", "to")
        self.edges.append(edge)


def node_size(degree: int) -> float:
    """Dot radius growing with the square root of the relationships, so hubs stand out but fit."""
    return round(min(10 + 5 * math.sqrt(max(degree, 0)), 45), 1)


def edge_colour(edge: Edge) -> str:
    if edge.type == PARTNER_OF:
        return KIND_COLOURS.get(edge.props.get("kind", "twin"), KIND_COLOURS["twin"])
    return OTHER_EDGE_COLOUR


def node_tooltip(node: Node, degree: int | None = None) -> str:
    """Plain text (never markup) shown when hovering a node."""
    lines = [node.name, node.label]
    if node.label == MUNICIPALITY:
        place = [p for p in (_subdivision_words(node.get("subdivision")), country_name(node.get("country")) if node.get("country") else None) if p]
        if place:
            lines[1] = f"{node.get('kind') or 'municipality'} in {', '.join(place)}"
        if node.get("population"):
            lines.append(f"population {node.get('population'):,}")
    elif node.label == CONFERENCE:
        when = " – ".join(d for d in (node.get("start"), node.get("end")) if d)
        lines[1] = " · ".join(p for p in ("conference", when, node.get("status")) if p)
    elif node.get("kind"):
        lines[1] = f"{node.label} ({node.get('kind')})"
    aliases = [a for a in node.get("aliases", []) if a != node.name]
    if aliases:
        more = f" (+{len(aliases) - 6})" if len(aliases) > 6 else ""
        lines.append("also: " + ", ".join(aliases[:6]) + more)
    if degree is not None:
        lines.append(f"{degree} relationship(s) shown")
    if node.get("sources"):
        lines.append(f"sources: {', '.join(node.get('sources')[:3])}")
    return "\n".join(lines)


def _subdivision_words(value: str | None) -> str | None:
    """"UA-30" -> "Kyiv City": tooltips speak in names, not codes."""
    if not value:
        return None
    from graph.queries.regional import subdivision_label  # pandas: not on the first view

    return subdivision_label(value) or value


def edge_tooltip(edge: Edge, sub: Subgraph) -> str:
    def name(node_id: str) -> str:
        node = sub.nodes.get(node_id)
        return node.name if node else node_id

    if edge.type == PARTNER_OF:
        years = " – ".join(str(y) for y in (edge.props.get("since"), edge.props.get("until")) if y)
        head = f"{name(edge.source)} — {name(edge.target)}"
        what = f"{edge.props.get('kind', 'twin')} partnership" + (f", {years}" if years else "")
    else:
        head = f"{name(edge.source)} → {name(edge.target)}"
        what = edge.type.lower().replace("_", " ") + (f" ({edge.props['role']})" if edge.props.get("role") else "")
    lines = [head, what]
    if edge.props.get("sources"):
        lines.append(f"sources: {', '.join(edge.props['sources'][:3])}")
    return "\n".join(lines)


def _short(text: str, limit: int = 32) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def vis_options(node_count: int, physics: bool = True) -> dict[str, Any]:
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
                  layout: bool = True) -> tuple[VisNetwork, list[str]]:
    """The vis-network data of a subgraph, and notes for the reader (e.g. how many nodes were left out)."""
    notes: list[str] = []
    deg = sub.degrees()
    chosen = sorted(sub.nodes.values(), key=lambda n: (-deg[n.id], n.id))
    focus = set(highlight or ()) & set(sub.nodes)
    if len(chosen) > max_nodes:
        keep = [n for n in chosen if n.id in focus] + [n for n in chosen if n.id not in focus]
        chosen = keep[:max_nodes]
        notes.append(f"showing the {max_nodes} most connected of {len(sub.nodes)} nodes")
    if sub.truncated:
        notes.append(f"{len(sub.nodes)} of {sub.total_nodes} matching nodes ({sub.rule})")
    # directed, so that a second partnership of another kind between the same two cities is kept
    # (pyvis drops it from an undirected network); arrows are switched off below.
    net = VisNetwork()
    for node in sorted(chosen, key=lambda n: n.id):
        colour = LABEL_COLOURS[node.label]
        is_focus = node.id in focus
        net.add_node(
            node.id, label=_short(node.name), title=node_tooltip(node, deg[node.id]), shape="dot",
            size=node_size(deg[node.id]) + (6 if is_focus else 0),
            color={"background": colour, "border": HIGHLIGHT_BORDER if is_focus else colour,
                   "highlight": {"background": colour, "border": HIGHLIGHT_BORDER}},
            borderWidth=4 if is_focus else 1,
            font={"size": 18 if is_focus else 14, "bold": is_focus},
            category=node.label,
        )
    shown = {n.id for n in chosen}
    between: Counter = Counter()
    for i, edge in enumerate(sorted(sub.edges, key=lambda e: e.identity)):
        if edge.source not in shown or edge.target not in shown:
            continue
        pair = (min(edge.source, edge.target), max(edge.source, edge.target))
        nth = between[pair]
        between[pair] += 1
        extra = {}
        if nth:  # a second relationship between the same two nodes curves away from the first
            extra["smooth"] = {"enabled": True, "type": "curvedCW" if nth % 2 else "curvedCCW",
                               "roundness": 0.2 * ((nth + 1) // 2)}
        net.add_edge(
            edge.source, edge.target, id=f"e{i}", title=edge_tooltip(edge, sub), color=edge_colour(edge),
            width=2.5 if edge.type == PARTNER_OF else 1.2, dashes=edge.type != PARTNER_OF,
            arrows={"to": {"enabled": False}}, **extra,
        )
    net.options = vis_options(len(chosen), physics)
    if layout:  # fixed positions and few large labels (graph.export.netlayout): readable at 200 or 800 nodes
        from graph.export.netlayout import apply as fixed_layout

        _merge(net.options, fixed_layout(net.nodes, net.edges, sub, [h for h in highlight or () if h in shown], deg))
    return net, notes


def _merge(into: dict, extra: dict) -> None:
    for key, value in extra.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet as shipped with pyvis (inlined: no CDN, works offline)."""
    script = (_VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    style = (_VIS_DIR / "vis-network.css").read_text(encoding="utf-8")
    # the assets are trusted, but make sure they cannot end their element early
    return script.replace("</script", "<\\/script"), style.replace("</style", "<\\/style")


def script_json(value: Any) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' that HTML could act on."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return text


def legend_html(sub: Subgraph, notes: Iterable[str] = ()) -> str:
    """A small legend of the node types and partnership kinds present (escaped)."""
    labels = [label for label in LABEL_COLOURS if any(n.label == label for n in sub.nodes.values())]
    kinds = [k for k in PARTNERSHIP_KINDS if any(e.type == PARTNER_OF and e.props.get("kind") == k for e in sub.edges)]
    others = any(e.type != PARTNER_OF for e in sub.edges)
    items = [f'<span class="pn-item"><span class="pn-dot" style="background:{LABEL_COLOURS[label]}"></span>'
             f"{html.escape(label)}</span>" for label in labels]
    items += [f'<span class="pn-item"><span class="pn-line" style="background:{KIND_COLOURS[k]}"></span>'
              f"{html.escape(k)} partnership</span>" for k in kinds]
    if others:
        items.append(f'<span class="pn-item"><span class="pn-line pn-dashed" style="border-color:{OTHER_EDGE_COLOUR}">'
                     "</span>other relationship</span>")
    notes_html = "".join(f'<span class="pn-note">{html.escape(n)}</span>' for n in notes)
    return f'<div class="pn-legend">{"".join(items)}{notes_html}</div>'


_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:; font-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>{vis_css}</style>
<style>
body {{ margin: 0; font-family: -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; color: #1d2733; }}
h1 {{ font-size: 1.2rem; margin: .6rem .8rem .2rem; }}
.pn-sub {{ margin: 0 .8rem .4rem; color: #56606b; font-size: .85rem; }}
#pn-network {{ width: 100%; height: {height}; border-top: 1px solid #e3e6ea; border-bottom: 1px solid #e3e6ea; }}
.pn-legend {{ display: flex; flex-wrap: wrap; gap: .3rem 1rem; padding: .4rem .8rem; font-size: .8rem; }}
.pn-item {{ display: inline-flex; align-items: center; gap: .35rem; }}
.pn-dot {{ width: .8rem; height: .8rem; border-radius: 50%; display: inline-block; }}
.pn-line {{ width: 1.4rem; height: 3px; display: inline-block; }}
.pn-dashed {{ height: 0; border-top: 2px dashed; background: none !important; }}
.pn-note {{ color: #8a5a00; }}
.pn-tip {{ white-space: pre-line; max-width: 22rem; font-size: .85rem; }}
div.vis-tooltip {{ font-family: -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif; }}
</style>
</head>
<body>
{heading}
<div id="pn-network"></div>
{legend}
<script>{vis_js}</script>
<script>
(function () {{
  var nodeItems = {nodes};
  var edgeItems = {edges};
  var options = {options};
  function tip(text) {{
    var box = document.createElement("div");
    box.className = "pn-tip";
    box.textContent = text;
    return box;
  }}
  nodeItems.forEach(function (n) {{ if (n.title) {{ n.title = tip(n.title); }} }});
  edgeItems.forEach(function (e) {{ if (e.title) {{ e.title = tip(e.title); }} }});
  var container = document.getElementById("pn-network");
  var data = {{nodes: new vis.DataSet(nodeItems), edges: new vis.DataSet(edgeItems)}};
  var network = new vis.Network(container, data, options);
  function fitAll() {{  // the whole network, with a little room so names at its edge are not cut
    network.fit();
    network.moveTo({{scale: network.getScale() * 0.9}});
  }}
  function settle() {{
    network.setOptions({{physics: false}});
    fitAll();
    document.body.setAttribute("data-network", "stable");
  }}
  if (options.physics && options.physics.enabled) {{
    network.once("stabilizationIterationsDone", settle);
  }} else {{
    settle();
  }}
  document.body.setAttribute("data-network", document.body.getAttribute("data-network") || "drawn");
  window.partnernetNetwork = network;
  // inside the app the page sits in a frame: tell it which node was clicked (select) or double-clicked
  function tell(kind, params) {{
    if (window.parent === window || !params.nodes || !params.nodes.length) {{ return; }}
    document.body.setAttribute("data-selected", String(params.nodes[0]));
    window.parent.postMessage({{partnernet: kind, node: String(params.nodes[0])}}, "*");
  }}
  network.on("click", function (params) {{ tell("select", params); }});
  // drawn while hidden (a tab not yet opened) or resized: fit the whole network to the new frame
  var lastWidth = container.clientWidth;
  if (window.ResizeObserver) {{
    new ResizeObserver(function () {{
      if (container.clientWidth > 0 && container.clientWidth !== lastWidth) {{
        lastWidth = container.clientWidth;
        network.redraw();
        fitAll();
      }}
    }}).observe(container);
  }}
  network.on("doubleClick", function (params) {{ tell("recentre", params); }});
}})();
</script>
</body>
</html>
"""


def network_html(sub: Subgraph, *, height: str = "650px", highlight: Iterable[str] | None = None,
                 title: str | None = None, subtitle: str | None = None, legend: bool = True,
                 physics: bool = True, max_nodes: int = MAX_INTERACTIVE_NODES, layout: bool = True) -> str:
    """A standalone, offline HTML page with the interactive network of ``sub``.

    ``highlight`` ids get a dark ring and a larger label (the centre city, the ends of a path);
    ``title``/``subtitle`` add a heading (omit them inside the app, which has its own).
    """
    net, notes = build_network(sub, height=height, highlight=highlight, physics=physics, max_nodes=max_nodes,
                               layout=layout)
    vis_js, vis_css = vis_assets()
    heading = ""
    if title:
        heading += f"<h1>{html.escape(title)}</h1>"
    if subtitle:
        heading += f'<p class="pn-sub">{html.escape(subtitle)}</p>'
    safe_height = height if _is_css_length(height) else "650px"
    return _PAGE.format(
        title=html.escape(title or "partnernet network"), vis_css=vis_css, vis_js=vis_js, height=safe_height,
        heading=heading, legend=legend_html(sub, notes) if legend else "",
        nodes=script_json(net.nodes), edges=script_json(net.edges), options=script_json(net.options),
    )


def _is_css_length(text: str) -> bool:
    import re

    return bool(re.fullmatch(r"\d{1,5}(\.\d+)?(px|vh|rem|em|%)", str(text).strip()))
