"""The network page: vis-network's script and styles inlined, the network, its legend and the click
messages to the app, in one self-contained HTML document (no file or script from elsewhere).

``network_html`` is what the app shows in a component and what the HTML export writes; the network
itself is built by ``graph.export.visual.build_network``.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache
from typing import Any, Iterable

from graph.model import (
    PARTNER_OF, PARTNERSHIP_KINDS,
)
from graph.i18n import _, kind_phrase, language, term
from graph.store.base import Subgraph
from graph.store.shared import without_cyclic_gc

from graph.export.visual import KIND_COLOURS, LABEL_COLOURS, MAX_INTERACTIVE_NODES, OTHER_EDGE_COLOUR, VIS_DIR, build_network


@lru_cache(maxsize=1)
def vis_assets() -> tuple[str, str]:
    """vis-network's script and stylesheet as shipped with pyvis (inlined: no CDN, works offline).

    Returns
    -------
    (str, str)
        The script and the stylesheet, unable to close their element early; read once per process.
    """
    import re

    script = (VIS_DIR / "vis-network.min.js").read_text(encoding="utf-8")
    # of the 220 kB stylesheet only the tooltip's rules are used: the rest styles the editing toolbar and
    # navigation buttons (with their pictures inlined), which the picture never shows
    style = "".join(rule for rule in re.findall(r"[^{}]+\{[^{}]*\}", (VIS_DIR / "vis-network.css").read_text(
        encoding="utf-8")) if "vis-tooltip" in rule.split("{")[0])
    # the assets are trusted, but make sure they cannot end their element early
    return script.replace("</script", "<\\/script"), style.replace("</style", "<\\/style")


def script_json(value: Any) -> str:
    """JSON safe inside a <script> element: no '<', '>' or '&' that HTML could act on.

    Parameters
    ----------
    value : object
        Anything ``json.dumps`` takes.

    Returns
    -------
    str
        Compact JSON with ``<``, ``>``, ``&``, U+2028 and U+2029 written as ``\\u`` escapes.
    """
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                       ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, code)
    return text


def legend_html(sub: Subgraph, notes: Iterable[str] = ()) -> str:
    """A small legend of the node types and partnership kinds present (escaped).

    Parameters
    ----------
    sub : Subgraph
        Only the labels, kinds and relationships it holds are listed.
    notes : iterable of str, optional
        Lines added at the end (as from :func:`graph.export.visual.build_network`).

    Returns
    -------
    str
        One ``<div class="pn-legend">``.
    """
    labels = [label for label in LABEL_COLOURS if any(n.label == label for n in sub.nodes.values())]
    kinds = [k for k in PARTNERSHIP_KINDS if any(e.type == PARTNER_OF and e.props.get("kind") == k for e in sub.edges)]
    others = any(e.type != PARTNER_OF for e in sub.edges)
    items = [f'<span class="pn-item"><span class="pn-dot" style="background:{LABEL_COLOURS[label]}"></span>'
             f"{html.escape(term('label', label))}</span>" for label in labels]
    items += [f'<span class="pn-item"><span class="pn-line" style="background:{KIND_COLOURS[k]}"></span>'
              f"{html.escape(kind_phrase(k))}</span>" for k in kinds]
    if others:
        items.append(f'<span class="pn-item"><span class="pn-line pn-dashed" style="border-color:{OTHER_EDGE_COLOUR}">'
                     f"</span>{html.escape(_('other relationship'))}</span>")
    notes_html = "".join(f'<span class="pn-note">{html.escape(n)}</span>' for n in notes)
    return f'<div class="pn-legend">{"".join(items)}{notes_html}</div>'


_PAGE = """<!DOCTYPE html>
<html lang="{lang}">
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
/* inside the app's frame the legend takes the room it needs and the network the rest, so no note is cut off */
body.pn-framed {{ height: 100vh; display: flex; flex-direction: column; overflow: hidden; }}
body.pn-framed #pn-network {{ flex: 1 1 auto; min-height: 0; height: auto; }}
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
  if (window.parent !== window) {{ document.body.classList.add("pn-framed"); }}
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


# Where vis-network's script and stylesheet go in a page made with ``inline_assets=False`` (the app's
# component fills them in from the copy the browser already holds: they are sent once per session).
ASSET_MARKS = ("/*pn-vis-css*/", "/*pn-vis-js*/")


@without_cyclic_gc  # thousands of short-lived dicts; the layout's few cycles are collected after the pause
def network_html(sub: Subgraph, *, height: str = "650px", highlight: Iterable[str] | None = None,
                 title: str | None = None, subtitle: str | None = None, legend: bool = True,
                 physics: bool = True, max_nodes: int = MAX_INTERACTIVE_NODES, layout: bool = True,
                 inline_assets: bool = True) -> str:
    """A standalone, offline HTML page with the interactive network of ``sub``.

    Parameters
    ----------
    sub : Subgraph
    height : str, optional
        CSS height of the network (``"650px"``, ``"80vh"``); anything else gives 650px.
    highlight : iterable of str, optional
        Node ids with a dark ring and a larger label (the centre city, the ends of a path).
    title, subtitle : str, optional
        A heading (omit them inside the app, which has its own).
    legend : bool, optional
        Show :func:`legend_html` below the network (default True).
    physics : bool, optional
        Let nodes move under the layout forces until the network settles (default True).
    max_nodes : int, optional
        Most nodes drawn, the most connected (default ``MAX_INTERACTIVE_NODES``, 1500).
    layout : bool, optional
        Fixed positions from :mod:`graph.export.netlayout` (default True).
    inline_assets : bool, optional
        False leaves vis-network's script and stylesheet out, at ``ASSET_MARKS`` (the app sends them to
        the browser once per session instead of with every picture).

    Returns
    -------
    str
        One HTML document; its Content-Security-Policy forbids loading anything from elsewhere.

    Examples
    --------
    >>> page = network_html(sub, highlight=["mun:de:leipzig"], title="Leipzig")  # doctest: +SKIP
    """
    net, notes = build_network(sub, height=height, highlight=highlight, physics=physics, max_nodes=max_nodes,
                               layout=layout)
    vis_js, vis_css = vis_assets() if inline_assets else (ASSET_MARKS[1], ASSET_MARKS[0])
    heading = ""
    if title:
        heading += f"<h1>{html.escape(title)}</h1>"
    if subtitle:
        heading += f'<p class="pn-sub">{html.escape(subtitle)}</p>'
    safe_height = height if _is_css_length(height) else "650px"
    return _PAGE.format(
        title=html.escape(title or _("partnernet network")), lang=language(), vis_css=vis_css, vis_js=vis_js, height=safe_height,
        heading=heading, legend=legend_html(sub, notes) if legend else "",
        nodes=script_json(net.nodes), edges=script_json(net.edges), options=script_json(net.options),
    )


def _is_css_length(text: str) -> bool:
    import re

    return bool(re.fullmatch(r"\d{1,5}(\.\d+)?(px|vh|rem|em|%)", str(text).strip()))
