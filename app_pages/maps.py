"""Maps with geography, offline: Natural Earth borders and coastlines, pixel-sized places, labels.

deck.gl (via ``st.pydeck_chart``) draws the countries of ``graph.geo.worldatlas`` on a sea-coloured
background (no tiles), partnerships as arcs, places as dots whose size is given in screen pixels at
every zoom, and the names of the centre and the largest places, decluttered. Clicking a place
selects it (``on_select``); the caller shows its details.
"""

from __future__ import annotations

import math
from html import escape
from typing import Iterable

import streamlit as st

from app_pages.answers import spinner
from app_pages.common import describe, store, token
from graph.geo import worldatlas
from graph.export.geography import country_label, missing_atlas
from graph.export.maplabels import COUNTRY_FONT, PLACE_FONT, label_rank, map_names
from graph.export.mapview import country_overview, fit_view
from graph.model import MUNICIPALITY, PARTNER_OF
from graph.i18n import _, country_name, kind_phrase, language, ngettext, number
from graph.store.base import Subgraph
from graph.export.visual import KIND_COLOURS, LABEL_COLOURS

MAP_HEIGHT = 520
MAP_WIDTH = 900  # the map's width in the narrowest layout (1400 px window, sidebar open)
SEA = [0.80, 0.87, 0.93, 1]
SEA_RGB = [205, 222, 237]
PLACE_INK = [29, 39, 51]
LAND = [246, 244, 238]
BORDER = [150, 150, 140]
# pydeck turns every string argument into a JavaScript expression ("pixels" -> "@@=pixels", an
# unknown variable, so deck.gl falls back to metres); a quoted string is an expression whose value
# is the literal.
PIXELS = "'pixels'"
TOOLTIP_STYLE = {"fontFamily": "-apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif", "fontSize": "13px",
                 "backgroundColor": "#1d2733", "color": "#ffffff", "whiteSpace": "pre-line", "maxWidth": "22rem"}


def map_view():
    """deck.gl's map view: drag to pan, double-click, pinch or +/- to zoom; the mouse wheel scrolls the
    page, not the map (a reader scrolling past the map would otherwise zoom it out, and the names placed
    for the fitted view would pile up)."""
    import pydeck as pdk

    return pdk.View(type="MapView", controller={"scrollZoom": False, "dragPan": True, "doubleClickZoom": True,
                                                "touchZoom": True, "keyboard": True})


def _rgb(hex_colour: str) -> list[int]:
    return [int(hex_colour[i:i + 2], 16) for i in (1, 3, 5)]


@st.cache_data(show_spinner=False, max_entries=32)
def _geography(bbox: tuple[float, float, float, float], resolution: str, lang: str) -> dict:
    data = worldatlas.geojson(bbox, resolution)
    names = {c.name: country_label(c) for c in worldatlas.countries(resolution)}
    for feature in data["features"]:  # the names in the language of the page
        feature["properties"]["name"] = names.get(feature["properties"]["name"], feature["properties"]["name"])
    return data


def geography_layers(view) -> list:
    """The land and borders layer for a view (finer for a region); [] and a note without world-atlas."""
    import pydeck as pdk

    missing = missing_atlas()
    if missing:
        st.warning(missing, icon="⚠️")
        return []
    resolution = worldatlas.resolution_for(view.span)
    west, south, east, north = view.bbox
    margin = max(view.span, 10) * 0.8
    box = (round(west - margin), round(south - margin), round(east + margin), round(north + margin))
    data = _geography(box if resolution == "50m" else (-180, -90, 180, 90), resolution, language())
    sea = [{"polygon": [[-540, -85], [540, -85], [540, 85], [-540, 85]]}]
    return [pdk.Layer("SolidPolygonLayer", sea, id="sea", get_polygon="polygon", get_fill_color=SEA_RGB,
                      pickable=False),
            pdk.Layer("GeoJsonLayer", data, id="borders", stroked=True, filled=True, get_fill_color=LAND,
                      get_line_color=BORDER, get_line_width=1, line_width_units=PIXELS, line_width_min_pixels=1,
                      pickable=False)]


def country_names(view) -> list[dict]:
    """Label rows (grey) for the countries in a regional view, in the page's language; none for a world
    view. Each has a few ``spots`` its name may be centred on: the country's centre first, then a
    little above, below and to each side (inside the country's box), so that a name moves aside
    for the places named in it."""
    if view.span >= 45:
        return []
    west, south, east, north = view.bbox
    margin = max(view.span * 0.4, 2)
    per_px = 360.0 / (512 * 2 ** view.zoom)  # degrees of longitude per pixel
    rows = []
    for c in worldatlas.countries_in((west - margin, south - margin, east + margin, north + margin), "50m"):
        if not (west - margin <= c.centre[0] <= east + margin and south - margin <= c.centre[1] <= north + margin):
            continue
        lon, lat = c.centre
        dx, dy = 45 * per_px, 20 * per_px * math.cos(math.radians(lat))
        spots = [(lon + i * dx, lat + j * dy) for i, j in ((0, 0), (0, 1), (0, -1), (-1, 0), (1, 0), (0, 2), (0, -2),
                                                           (-1, 1), (1, 1), (-1, -1), (1, -1))]
        rows.append({"label": country_label(c), "colour": [110, 118, 128], "size": COUNTRY_FONT, "lon": lon,
                     "lat": lat, "bbox": c.bbox, "spots": [(x, y) for x, y in spots if c.bbox[0] <= x <= c.bbox[2]
                                           and c.bbox[1] <= y <= c.bbox[3]]})
    return rows


def _offset(side: str, reach: float) -> list[float]:
    """deck.gl's pixel offset of a name on ``side`` of a dot ``reach`` pixels wide (see ``label_box``)."""
    if side == "centre":
        return [0, 0]
    x = 6 + reach if side.endswith("right") else -6 - reach
    return [x, 3 if side.startswith("below") else -3]


_ANCHOR = {"right": ("start", "bottom"), "left": ("end", "bottom"), "below-right": ("start", "top"),
           "below-left": ("end", "top"), "centre": ("middle", "center")}


def label_layer(rows: list[dict], view, layer_id: str = "labels", background: list[dict] = ()):
    """Names for ``rows`` (dicts with lon, lat, label, radius; most important first) that do not
    overlap, each beside its point where it fits, then the ``background`` names (countries, in grey)
    where there is room left (``graph.export.maplabels.map_names``)."""
    import pydeck as pdk

    names = map_names([{**r, "radius": _drawn_radius(r)} for r in rows], list(background), view.zoom,
                      (view.longitude, view.latitude), MAP_WIDTH, MAP_HEIGHT)
    data = []
    for row, side, (lon, lat), _box in names:
        place = side != "centre"
        data.append({"lon": lon, "lat": lat, "label": row["label"], "colour": PLACE_INK if place else row["colour"],
                     "size": PLACE_FONT if place else COUNTRY_FONT, "anchor": _ANCHOR[side][0],
                     "baseline": _ANCHOR[side][1], "offset": _offset(side, _drawn_radius(row) if place else 0)})
    return pdk.Layer("TextLayer", data, id=layer_id, get_position=["lon", "lat"], get_text="label", get_size="size",
                     size_units=PIXELS, get_color="colour", get_text_anchor="anchor",
                     get_alignment_baseline="baseline", get_pixel_offset="offset", font_family="'sans-serif'",
                     font_weight=600, outline_width=2, outline_color=[255, 255, 255, 220],
                     font_settings={"sdf": True}, pickable=False, character_set="'auto'")


def _drawn_radius(row: dict) -> float:
    """The radius deck.gl draws a place's dot with (the layers clamp it to 2–14 pixels, discs to 25)."""
    return min(max(float(row.get("radius", 3)), 2.0), 25.0)


def map_frames(sub: Subgraph, highlight: Iterable[str] = ()) -> tuple[list[dict], list[dict]]:
    """Rows for the map: one arc per partnership whose two cities have coordinates, one point per city
    (most important first: the highlighted, then by relationships shown, then by population)."""
    from graph.export.node_tables import degrees

    deg = degrees(sub)
    focus = set(highlight)
    placed = {i: n for i, n in sub.nodes.items()
              if n.label == MUNICIPALITY and n.get("lat") is not None and n.get("lon") is not None}
    arcs = []
    for edge in sub.edges:
        if edge.type != PARTNER_OF or edge.source not in placed or edge.target not in placed:
            continue
        a, b = placed[edge.source], placed[edge.target]
        kind = edge.props.get("kind", "twin")
        since = _(", since {year}").format(year=edge.props["since"]) if edge.props.get("since") else ""
        arcs.append({"source_lon": a.get("lon"), "source_lat": a.get("lat"), "target_lon": b.get("lon"),
                     "target_lat": b.get("lat"), "kind": kind,
                     "colour": _rgb(KIND_COLOURS.get(kind, "#888888")) + [255 if edge.source in focus
                                                                          or edge.target in focus else 150],
                     "tooltip": f"{a.name} — {b.name}\n{kind_phrase(kind)}{since}"})
    order = sorted(placed, key=lambda i: label_rank(i in focus, deg[i], placed[i].get("population"), placed[i].name))
    points = [{"id": i, "lon": placed[i].get("lon"), "lat": placed[i].get("lat"), "label": placed[i].name,
               "radius": 3 + min(deg[i], 25) ** 0.5 * 1.1 + (3 if i in focus else 0),
               "colour": _rgb("#111111" if i in focus else LABEL_COLOURS[MUNICIPALITY]),
               "tooltip": describe(placed[i]) + "\n" + ngettext("{n} relationship shown", "{n} relationships shown",
                                                                 deg[i]).format(n=number(deg[i]))} for i in order]
    return arcs, points


def map_deck(sub: Subgraph, highlight: Iterable[str] = ()):
    """The pydeck map of a subgraph (countries, arcs, places, names), its arcs' kinds; None without places."""
    import pydeck as pdk

    arcs, points = map_frames(sub, highlight)
    if not points:
        return None, []
    pairs = [((a["source_lon"], a["source_lat"]), (a["target_lon"], a["target_lat"])) for a in arcs]
    view = fit_view([(p["lon"], p["lat"]) for p in points], pairs, width=MAP_WIDTH, height=MAP_HEIGHT)
    layers = geography_layers(view) + [
        pdk.Layer("ArcLayer", arcs, id="partnerships", get_source_position=["source_lon", "source_lat"],
                  get_target_position=["target_lon", "target_lat"], get_source_color="colour",
                  get_target_color="colour", get_width=2 if len(arcs) < 80 else 1.2, width_units=PIXELS,
                  get_height=0, great_circle=view.span > 25, pickable=True, auto_highlight=True),
        pdk.Layer("ScatterplotLayer", points, id="places", get_position=["lon", "lat"], get_fill_color="colour",
                  get_radius="radius", radius_units=PIXELS, radius_min_pixels=2, radius_max_pixels=14, stroked=True,
                  get_line_color=[255, 255, 255], line_width_units=PIXELS, get_line_width=1, pickable=True,
                  auto_highlight=True),
        label_layer(points, view, background=country_names(view)),
    ]
    deck = pdk.Deck(layers=layers, initial_view_state=pdk.ViewState(longitude=view.longitude, latitude=view.latitude,
                                                                     zoom=view.zoom),
                    map_provider=None, tooltip={"text": "{tooltip}", "style": TOOLTIP_STYLE},
                    parameters={"clearColor": SEA}, views=[map_view()])
    return deck, sorted({a["kind"] for a in arcs})


def show_map(sub: Subgraph, key: str, highlight: Iterable[str] = ()) -> str | None:
    """Partnerships of the subgraph on a map with borders; returns the id of a clicked place, if any."""
    deck, kinds = map_deck(sub, highlight)
    if deck is None:
        st.info(_("None of these places has coordinates, so there is nothing to put on the map."))
        return None
    event = st.pydeck_chart(deck, height=MAP_HEIGHT, key=key, on_select="rerun", selection_mode="single-object")
    if kinds:
        st.caption(_("Arcs: {kinds} · click a place for its details").format(kinds=" · ".join(
            f"<span style='color:{KIND_COLOURS.get(k, '#888')}'>━ {escape(kind_phrase(k))}</span>" for k in kinds)),
                   unsafe_allow_html=True)
    chosen = (getattr(event, "selection", None) or {}).get("objects", {}).get("places") or []
    return chosen[0].get("id") if chosen else None


@spinner(lambda: _("Counting partnerships by country …"))
@st.cache_data(show_spinner=False, max_entries=4)
def _overview(_s, key: str):
    return country_overview(_s)


def overview_map(key: str, max_pairs: int = 200) -> None:
    """All partnerships of the store, aggregated per country: a disc per country sized by its
    partnerships, lines between countries as wide as their partnerships, the largest countries named."""
    data = _overview(store(), token())
    if not data.places:
        st.info(_("The store holds no municipality with coordinates yet: load a dataset first."))
        return
    deck, countries, pairs = overview_deck(data, max_pairs)
    st.pydeck_chart(deck, height=MAP_HEIGHT, key=key)
    st.caption(_("{n} partnerships between municipalities of {countries} countries; a disc per country (its size: "
                 "partnerships), lines for the {pairs} most linked country pairs.").format(
        n=number(sum(data.pairs.values())), countries=countries, pairs=pairs))


def overview_deck(data, max_pairs: int = 200):
    """The pydeck map of a ``CountryOverview``, with how many countries and country pairs it draws."""
    import pydeck as pdk

    top = max(data.partnerships.values() or [1])
    discs = sorted(({"code": code, "lon": lon, "lat": lat, "label": country_name(code),
                     "radius": 3 + 22 * (data.partnerships[code] / top) ** 0.5,
                     "tooltip": country_name(code) + "\n" + ngettext(
                         "{n} partnership", "{n} partnerships", data.partnerships[code]).format(
                         n=number(data.partnerships[code])) + ", " + ngettext(
                         "{n} municipality", "{n} municipalities", data.municipalities[code]).format(
                         n=number(data.municipalities[code]))}
                    for code, (lon, lat) in data.places.items() if data.partnerships[code]),
                   key=lambda d: -data.partnerships[d["code"]])
    lines = []
    for (a, b), count in data.pairs.most_common(max_pairs):
        if a == b or a not in data.places or b not in data.places:
            continue
        lines.append({"source": list(data.places[a]), "target": list(data.places[b]), "count": count,
                      "width": 0.5 + 5 * (count / data.pairs.most_common(1)[0][1]) ** 0.5,
                      "tooltip": f"{country_name(a)} — {country_name(b)}\n" + ngettext(
                          "{n} partnership", "{n} partnerships", count).format(n=number(count))})
    view = fit_view([(-150.0, -45.0), (165.0, 68.0)], width=MAP_WIDTH, height=MAP_HEIGHT, padding=0.02)
    layers = geography_layers(view) + [
        pdk.Layer("ArcLayer", lines, id="country-pairs", get_source_position="source", get_target_position="target",
                  get_source_color=[31, 78, 156, 70], get_target_color=[31, 78, 156, 70], get_width="width",
                  width_units=PIXELS, get_height=0, great_circle=True, pickable=True, auto_highlight=True),
        pdk.Layer("ScatterplotLayer", discs, id="countries", get_position=["lon", "lat"], get_radius="radius",
                  radius_units=PIXELS, get_fill_color=[0, 114, 178, 200], stroked=True, get_line_color=[255, 255, 255],
                  line_width_units=PIXELS, get_line_width=1, pickable=True, auto_highlight=True),
        label_layer(discs, view, "country-labels"),
    ]
    deck = pdk.Deck(layers=layers, initial_view_state=pdk.ViewState(longitude=view.longitude, latitude=view.latitude,
                                                                     zoom=view.zoom),
                    map_provider=None, tooltip={"text": "{tooltip}", "style": TOOLTIP_STYLE},
                    parameters={"clearColor": SEA}, views=[map_view()])
    return deck, len(discs), len(lines)
