"""Static pictures for the printable report, drawn as SVG text: no plotting library, no tiles, offline.

The map places municipalities by longitude and latitude (equirectangular, x shrunk by the cosine of
the middle latitude so distances look right around the selection) on a graticule, with
partnerships as arcs. The network uses the shared fixed-seed layout. All text is escaped.
"""

from __future__ import annotations

import math
from collections import Counter
from html import escape
from typing import Iterable

from graph.i18n import _, ngettext, number
from graph.model import MUNICIPALITY, PARTNER_OF, Edge
from graph.store.base import Subgraph
from graph.export.visual import HIGHLIGHT_BORDER, LABEL_COLOURS, OTHER_EDGE_COLOUR, edge_colour
from graph.export.maplabels import declutter, label_box, label_rank, place_labels
from graph.export.geography import countries_in_view, countries_svg, country_label
from graph.export.layout import positions
from graph.export.netedges import drawn_edges
from graph.export.node_tables import degrees
from graph.export.tooltips import display_name

MAX_DRAWN_NODES = 250
MAX_LABELS = 30
_FONT = 'font-family="Helvetica, Arial, sans-serif"'


def _svg_open(width: int, height: int, title: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
            f'<rect width="{width}" height="{height}" fill="#ffffff"/>')


def _short(text: str, limit: int = 24) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _label(x: float, y: float, text: str, *, size: int = 11, bold: bool = False, anchor: str = "start") -> str:
    weight = ' font-weight="bold"' if bold else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" {_FONT}{weight} text-anchor="{anchor}" '
            f'fill="#1d2733" stroke="#ffffff" stroke-width="3" paint-order="stroke">{escape(_short(text))}</text>')


def _nth_between(edges: Iterable[Edge]) -> list[tuple[Edge, int]]:
    """Each edge with its index among the edges joining the same two nodes (0 for the first)."""
    seen, out = Counter(), []
    for edge in edges:
        pair = tuple(sorted((edge.source, edge.target)))
        out.append((edge, seen[pair]))
        seen[pair] += 1
    return out


def _step(span: float) -> float:
    for step in (1, 2, 5, 10, 15, 20, 30, 45, 60):
        if span / step <= 8:
            return step
    return 90


def map_svg(sub: Subgraph, *, width: int = 900, max_height: int = 560, highlight: Iterable[str] = ()) -> str | None:
    """Municipalities with coordinates and the partnerships between them, as an SVG map.

    Equirectangular, x shrunk by the cosine of the middle latitude; Natural Earth countries behind
    (:func:`graph.export.geography.countries_svg`), a graticule, partnerships as arcs coloured by kind.

    Parameters
    ----------
    sub : Subgraph
        Municipalities need ``lat`` and ``lon`` (degrees, WGS 84); the others are counted in a note.
    width : int, optional
        Width of the picture in pixels (default 900).
    max_height : int, optional
        Greatest height in pixels (default 560); the height follows the shape of the area shown.
    highlight : iterable of str, optional
        Node ids drawn with a dark ring and labelled first.

    Returns
    -------
    str or None
        One ``<svg>`` element with at most ``MAX_LABELS`` (30) non-overlapping names; None when no
        municipality has coordinates.

    Examples
    --------
    >>> svg = map_svg(sub, highlight=["mun:de:leipzig"])  # doctest: +SKIP
    """
    located = {n.id: (float(n.get("lon")), float(n.get("lat"))) for n in sub.nodes.values()
               if n.label == MUNICIPALITY and n.get("lat") is not None and n.get("lon") is not None}
    if not located:
        return None
    focus = set(highlight) & set(located)
    deg = degrees(sub)
    lons = [p[0] for p in located.values()]
    lats = [p[1] for p in located.values()]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    pad_x, pad_y = max((east - west) * 0.08, 2.0), max((north - south) * 0.1, 1.5)
    west, east = max(west - pad_x, -180.0), min(east + pad_x, 180.0)
    south, north = max(south - pad_y, -85.0), min(north + pad_y, 85.0)
    shrink = max(math.cos(math.radians((south + north) / 2)), 0.2)
    margin = 28
    # the picture takes the shape of the area shown, within sensible bounds
    aspect = (north - south) / ((east - west) * shrink)
    height = int(min(max((width - 2 * margin) * aspect + 2 * margin, 300), max_height))
    # fit the box into the picture keeping the aspect ratio, centred
    scale = min((width - 2 * margin) / ((east - west) * shrink), (height - 2 * margin) / (north - south))
    off_x = (width - (east - west) * shrink * scale) / 2
    off_y = (height - (north - south) * scale) / 2

    def project(lon: float, lat: float) -> tuple[float, float]:
        return off_x + (lon - west) * shrink * scale, off_y + (north - lat) * scale

    frame = (off_x, off_y, (east - west) * shrink * scale, (north - south) * scale)
    parts = [_svg_open(width, height, _("Map of the municipalities and their partnerships")),
             countries_svg(project, (west, south, east, north), frame)
             or f'<rect x="{off_x:.1f}" y="{off_y:.1f}" width="{frame[2]:.1f}" '
                f'height="{frame[3]:.1f}" fill="#f3f7fa" stroke="#d5dde4"/>']
    step = _step(max(east - west, north - south))
    lon = math.ceil(west / step) * step
    while lon <= east:
        x, _y = project(lon, 0)
        parts.append(f'<line x1="{x:.1f}" y1="{off_y:.1f}" x2="{x:.1f}" y2="{height - off_y:.1f}" stroke="#dfe6ec"/>')
        parts.append(f'<text x="{x:.1f}" y="{height - off_y + 14:.1f}" font-size="9" {_FONT} fill="#7b8794" '
                     f'text-anchor="middle">{abs(lon):g}°{"E" if lon >= 0 else "W"}</text>')
        lon += step
    lat = math.ceil(south / step) * step
    while lat <= north:
        _x, y = project(0, lat)
        parts.append(f'<line x1="{off_x:.1f}" y1="{y:.1f}" x2="{width - off_x:.1f}" y2="{y:.1f}" stroke="#dfe6ec"/>')
        parts.append(f'<text x="{off_x - 4:.1f}" y="{y + 3:.1f}" font-size="9" {_FONT} fill="#7b8794" '
                     f'text-anchor="end">{abs(lat):g}°{"N" if lat >= 0 else "S"}</text>')
        lat += step
    partnerships = [e for e in sorted(sub.edges, key=lambda e: e.identity)
                    if e.type == PARTNER_OF and e.source in located and e.target in located]
    for edge, nth in _nth_between(partnerships):
        (x1, y1), (x2, y2) = project(*located[edge.source]), project(*located[edge.target])
        # bend arcs to one side so partnerships out of one city do not overlap; parallel ones bend more
        bend = 0.15 + 0.12 * nth
        mx, my = (x1 + x2) / 2, (y1 + y2) / 2
        dx, dy = x2 - x1, y2 - y1
        cx, cy = mx - dy * bend, my + dx * bend
        parts.append(f'<path d="M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}" fill="none" '
                     f'stroke="{edge_colour(edge)}" stroke-width="1.8" stroke-opacity="0.75"/>')
    # names that do not overlap: the highlighted first, then the most connected, then the largest
    ranked = sorted(located, key=lambda i: label_rank(i in focus, deg[i], sub.nodes[i].get("population"),
                                                      display_name(sub.nodes[i])))
    spots = [(_short(display_name(sub.nodes[i])), x + 2, y + 1) for i in ranked for x, y in [project(*located[i])]]
    named = place_labels(spots, font_px=11, limit=MAX_LABELS, bounds=(0, 0, width, height))
    countries = _country_names(project, (west, south, east, north), [spots[k] for k, _side in named], frame)
    for node_id in sorted(located, key=lambda i: (i in focus, deg[i])):
        x, y = project(*located[node_id])
        radius = 3.5 + min(math.sqrt(deg[node_id]), 5)
        ring = f' stroke="{HIGHLIGHT_BORDER}" stroke-width="2.5"' if node_id in focus else ' stroke="#ffffff" stroke-width="1"'
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{LABEL_COLOURS[MUNICIPALITY]}"{ring}/>')
    for k, side in named:
        x, y, anchor = _text_spot(spots[k], side)
        parts.append(_label(x, y, display_name(sub.nodes[ranked[k]]), bold=ranked[k] in focus, anchor=anchor))
    for spot, side in countries:
        x, y, anchor = _text_spot(spot, side)
        parts.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="10" {_FONT} fill="#6e7680" font-style="italic" '
                     f'text-anchor="{anchor}" class="country">{escape(spot[0])}</text>')
    missing = sum(1 for n in sub.nodes.values() if n.label == MUNICIPALITY) - len(located)
    if missing:
        parts.append(f'<text x="{margin}" y="{height - 6}" font-size="10" {_FONT} fill="#7b8794">'
                     + escape(ngettext("{n} municipality without coordinates not shown",
                                       "{n} municipalities without coordinates not shown", missing).format(n=number(missing)))
                     + "</text>")
    parts.append("</svg>")
    return "".join(parts)


def _text_spot(spot: tuple[str, float, float], side: str) -> tuple[float, float, str]:
    """Where an SVG text goes (x, baseline, text-anchor) to fill the box ``label_box`` gives its side."""
    left, _top, right, bottom = label_box(*spot, side, font_px=11)
    return (left, bottom - 2, "start") if side.endswith("right") else (right - 2, bottom - 2, "end")


def _country_names(project, bbox: tuple[float, float, float, float], places: list[tuple[str, float, float]],
                   frame: tuple[float, float, float, float]) -> list[tuple[tuple[str, float, float], str]]:
    """Names of the countries of a regional map, in the page's language, where the place names
    (already placed, most important first) leave room inside the map's ``frame``; each with its side."""
    west, south, east, north = bbox
    if max(east - west, north - south) >= 45:  # a world map: the places say enough
        return []
    shapes = sorted((c for c in countries_in_view(bbox)
                     if west <= c.centre[0] <= east and south <= c.centre[1] <= north),
                    key=lambda c: -(c.bbox[2] - c.bbox[0]) * (c.bbox[3] - c.bbox[1]))
    # a country's name centred on its middle; the place names kept take the same sides again
    spots = [(t, x - 3.2 * len(t) - 6, y + 4) for c in shapes for t in [country_label(c)] for x, y in [project(*c.centre)]]
    every = places + spots
    x, y, w, h = frame

    def inside(box: tuple[float, float, float, float]) -> bool:
        return x <= box[0] and box[2] <= x + w and y <= box[1] and box[3] <= y + h

    return [(every[k], side) for k, side in place_labels(every, font_px=11, limit=len(every))
            if k >= len(places) and inside(label_box(*every[k], side, font_px=11))]


def network_svg(sub: Subgraph, *, width: int = 900, height: int | None = None,
                highlight: Iterable[str] = ()) -> str | None:
    """The picture of :func:`network_figure` alone.

    Parameters
    ----------
    sub, width, height, highlight : as for :func:`network_figure`

    Returns
    -------
    str or None
        Its ``<svg>`` element; None where it gives None.
    """
    return (network_figure(sub, width=width, height=height, highlight=highlight) or (None,))[0]


def network_figure(sub: Subgraph, *, width: int = 900, height: int | None = None,
                   highlight: Iterable[str] = ()) -> tuple[str, list[str]] | None:
    """The network drawn with the shared fixed-seed layout (:func:`graph.export.layout.positions`).

    Parameters
    ----------
    sub : Subgraph
    width : int, optional
        Width of the picture in pixels (default 900).
    height : int, optional
        Height in pixels; by default 300 plus 6 per node drawn, at most 620.
    highlight : iterable of str, optional
        Node ids drawn first among the ``MAX_DRAWN_NODES``, with a dark ring and a bold label.

    Returns
    -------
    (str, list of str) or None
        One ``<svg>`` element: at most ``MAX_DRAWN_NODES`` (250) nodes, the most connected, sized by
        relationships shown; partnerships solid, other dashed, at most ``netedges.MAX_DRAWN_EDGES``
        of them; and what it leaves out in words (also in its title). None: empty or too large.
    """
    if not sub.nodes:
        return None
    deg = degrees(sub)
    focus = set(highlight) & set(sub.nodes)
    ranked = sorted(sub.nodes, key=lambda i: (i not in focus, -deg[i], i))
    drawn = ranked[:MAX_DRAWN_NODES]
    pos = positions(sub, drawn)
    if not pos:
        return None
    if height is None:  # small networks need little paper
        height = int(min(300 + 6 * len(drawn), 620))
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    margin_x, margin_y = 180, 30  # labels reach right of a dot
    span_x, span_y = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0

    def place(node_id: str) -> tuple[float, float]:
        x, y = pos[node_id]
        return (margin_x / 3 + (x - min(xs)) / span_x * (width - margin_x),
                margin_y + (max(ys) - y) / span_y * (height - 2 * margin_y))

    inside = set(drawn)
    shown = [e for e in sorted(sub.edges, key=lambda e: (e.type == PARTNER_OF, e.identity))
             if e.source in inside and e.target in inside]
    among = len(shown)
    shown = [shown[k] for k in drawn_edges(shown, focus, deg)]  # a dense network: graph.export.netedges
    left_out = []
    if len(drawn) < len(sub.nodes):
        left_out.append(_("the {shown} most connected of {n} nodes").format(shown=number(len(drawn)),
                                                                           n=number(len(sub.nodes))))
    if len(shown) < among:
        left_out.append(_("{drawn} of {n} relationships drawn").format(drawn=number(len(shown)), n=number(among)))
    parts = [_svg_open(width, height, _("Network of the selection") + "".join(f" ({x})" for x in left_out))]
    for edge, nth in _nth_between(shown):
        (x1, y1), (x2, y2) = place(edge.source), place(edge.target)
        dash = "" if edge.type == PARTNER_OF else ' stroke-dasharray="4 3"'
        colour = edge_colour(edge) if edge.type == PARTNER_OF else OTHER_EDGE_COLOUR
        # a second relationship between the same two nodes is drawn as a curve beside the first
        bend = (0.5 * nth if nth % 2 else -0.5 * nth) * 0.25
        cx, cy = (x1 + x2) / 2 - (y2 - y1) * bend, (y1 + y2) / 2 + (x2 - x1) * bend
        parts.append(f'<path d="M{x1:.1f},{y1:.1f} Q{cx:.1f},{cy:.1f} {x2:.1f},{y2:.1f}" fill="none" '
                     f'stroke="{colour}" stroke-width="{2 if edge.type == PARTNER_OF else 1}" '
                     f'stroke-opacity="0.8"{dash}/>')
    # the most important names that do not run into each other (the text right of its dot)
    ranked = sorted(drawn, key=lambda i: (i not in focus, -deg[i], i))
    spots = [(_short(display_name(sub.nodes[i])), *place(i)) for i in ranked]
    radii = [4 + min(2.2 * math.sqrt(deg[i]), 14) for i in ranked]
    labelled = {ranked[k] for k in declutter([(t, x + r - 3, y + 5) for (t, x, y), r in zip(spots, radii)],
                                             font_px=11, limit=MAX_LABELS)}
    for node_id in sorted(drawn, key=lambda i: (i in focus, deg[i])):
        x, y = place(node_id)
        node = sub.nodes[node_id]
        radius = 4 + min(2.2 * math.sqrt(deg[node_id]), 14)
        ring = f' stroke="{HIGHLIGHT_BORDER}" stroke-width="2.5"' if node_id in focus else ' stroke="#ffffff" stroke-width="1"'
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="{radius:.1f}" fill="{LABEL_COLOURS[node.label]}"{ring}/>')
    for node_id in sorted(labelled):
        x, y = place(node_id)
        radius = 4 + min(2.2 * math.sqrt(deg[node_id]), 14)
        parts.append(_label(x + radius + 2, y + 4, display_name(sub.nodes[node_id]), bold=node_id in focus))
    parts.append("</svg>")
    return "".join(parts), left_out
