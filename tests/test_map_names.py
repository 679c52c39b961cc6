"""Names on the app's maps as a person sees them: no two names drawn overlap and none covers another
place's dot, in the map the app draws in a 1400 px and a 1920 px wide window; country names find room
beside the place names (Sachsen -> Ukraine names Germany)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from graph.export.mapview import CountryOverview, mercator
from graph.geo import worldatlas
from graph.i18n import using
from graph.model import Edge, Node
from graph.store.base import Subgraph

needs_atlas = pytest.mark.skipif(worldatlas.atlas_dir() is None, reason="world-atlas not installed (make install)")

# the map's width on screen: 1400 px window with the sidebar open, and 1920 px
WIDTHS = (940, 1460)

# Leipzig and its partners in the world dataset (name: country, lon, lat, population)
LEIPZIG = {
    "Leipzig": ("DE", 12.37129, 51.33962, 504971),
    "Kyiv": ("UA", 30.5238, 50.45466, 2952301),
    "Ho Chi Minh City": ("VN", 106.62965, 10.82302, 14002598),
    "Kraków": ("PL", 19.93658, 50.06143, 816614),
    "Nanjing": ("CN", 118.77778, 32.06167, 9314685),
    "Lyon": ("FR", 4.84789, 45.74906, 520774),
    "Thessaloníki": ("GR", 22.93493, 40.64072, 317778),
    "Frankfurt am Main": ("DE", 8.68417, 50.11552, 650000),
    "Houston": ("US", -95.36327, 29.76328, 2314157),
    "Brno": ("CZ", 16.60796, 49.19522, 379466),
    "Bologna": ("IT", 11.33875, 44.49381, 394843),
    "Birmingham": ("GB", -1.89983, 52.48142, 1157603),
    "Hannover": ("DE", 9.73322, 52.37052, 515140),
    "Travnik": ("BA", 17.66583, 44.22637, 31127),
    "Herzliya": ("IL", 34.82536, 32.16627, 97470),
    "Addis Ababa": ("ET", 38.74689, 9.02497, 3860000),
    "Leipzig – Liebertwolkwitz": ("DE", 12.4639, 51.2828, None)}
LEIPZIG_PAIRS = [("Ho Chi Minh City", "Leipzig"), ("Ho Chi Minh City", "Lyon"), ("Nanjing", "Leipzig"), ("Birmingham", "Leipzig"), ("Birmingham", "Frankfurt am Main"), ("Birmingham", "Lyon"), ("Leipzig", "Hannover"), ("Leipzig", "Frankfurt am Main"), ("Leipzig", "Herzliya"), ("Leipzig", "Lyon"), ("Leipzig", "Brno"), ("Leipzig", "Kraków"), ("Leipzig", "Bologna"), ("Leipzig", "Travnik"), ("Leipzig", "Addis Ababa"), ("Leipzig", "Houston"), ("Leipzig", "Kyiv"), ("Leipzig", "Thessaloníki"), ("Frankfurt am Main", "Lyon"), ("Frankfurt am Main", "Kraków"), ("Lyon", "Addis Ababa"), ("Kraków", "Kyiv"), ("Bologna", "Thessaloníki")]

# the 60 countries with the most partnerships in the world dataset: lon, lat, partnerships
COUNTRIES = {"DE": (9.67, 50.7, 4195), "FR": (2.32, 48.03, 3473), "PL": (19.03, 51.34, 2599), "US": (-91.95, 39.06, 2547), "IT": (12.24, 43.91, 1996), "CN": (116.91, 31.84, 1826), "HU": (19.19, 47.38, 1798), "GB": (-2.12, 52.28, 1656), "CZ": (15.67, 49.8, 1459), "JP": (138.22, 35.48, 1242), "RU": (38.81, 55.66, 1197), "UA": (27.93, 49.06, 1138), "RO": (24.91, 46.28, 1085), "ES": (-3.53, 40.64, 995), "SK": (18.74, 48.72, 993), "TR": (30.27, 39.91, 954), "AT": (14.63, 47.67, 747), "PT": (-8.45, 40.05, 740), "FI": (24.46, 61.48, 725), "SE": (14.94, 58.74, 719), "BE": (4.42, 50.82, 694), "MX": (-100.98, 20.53, 613), "BG": (25.36, 42.84, 601), "LT": (23.95, 55.31, 575), "KR": (127.15, 36.81, 543), "HR": (16.24, 45.34, 479), "RS": (20.42, 44.74, 467), "BY": (27.57, 53.7, 461), "GR": (23.54, 38.25, 456), "BR": (-46.88, -22.78, 442), "DK": (10.39, 55.72, 431), "LV": (24.86, 56.85, 416), "NO": (10.05, 60.33, 376), "CA": (-79.68, 46.47, 371), "SI": (14.81, 46.17, 369), "AU": (148.2, -33.86, 356), "IL": (34.92, 32.08, 355), "EE": (25.49, 58.78, 354), "NL": (5.46, 52.02, 344), "CH": (7.62, 46.96, 336), "IE": (-7.85, 52.98, 325), "BA": (18.09, 44.19, 293), "TW": (121.01, 24.43, 237), "AR": (-61.0, -32.99, 236), "GE": (42.83, 42.08, 219), "MD": (28.63, 47.14, 202), "MK": (21.61, 41.75, 199), "CY": (33.39, 35.16, 195), "PS": (35.17, 31.9, 187), "NI": (-86.15, 12.53, 152), "CU": (-81.47, 22.8, 151), "LU": (6.1, 49.64, 142), "ME": (19.15, 42.55, 140), "MT": (14.47, 35.9, 134), "MA": (-6.37, 33.77, 134), "IS": (-21.41, 64.92, 129), "CL": (-71.22, -33.46, 121), "PH": (120.99, 14.56, 113), "CV": (-23.75, 15.14, 111), "IN": (77.1, 20.41, 106)}


def _leipzig() -> Subgraph:
    nodes = {n: Node("Municipality", n, {"name": n, "country": c, "lon": lon, "lat": lat, "population": p})
             for n, (c, lon, lat, p) in LEIPZIG.items()}
    return Subgraph(nodes, [Edge("PARTNER_OF", a, b, {"kind": "twin"}) for a, b in LEIPZIG_PAIRS], len(nodes), "")


def drawn(deck, layer_id: str, places_id: str, width: float, height: float = 520):
    """The boxes on screen of the names a deck draws (as deck.gl places a TextLayer's text: anchor,
    baseline, pixel offset, a letter 0.58 of the size wide) and of its dots, in a map ``width`` wide."""
    spec = json.loads(deck.to_json())
    state, layers = spec["initialViewState"], {layer["id"]: layer for layer in spec["layers"]}
    cx, cy = mercator(state["longitude"], state["latitude"], state["zoom"])

    def at(lon, lat):
        x, y = mercator(lon, lat, state["zoom"])
        return x - cx + width / 2, y - cy + height / 2

    names = []
    for row in layers[layer_id]["data"]:
        x, y = at(row["lon"], row["lat"])
        x, y = x + row["offset"][0], y + row["offset"][1]
        w, h = 0.58 * row["size"] * len(row["label"]), row["size"]
        left = {"start": x, "end": x - w, "middle": x - w / 2}[row["anchor"]]
        top = {"bottom": y - h, "top": y, "center": y - h / 2}[row["baseline"]]
        names.append((row["label"], (left, top, left + w, top + h)))
    dots = []
    for row in layers[places_id]["data"]:
        x, y = at(row["lon"], row["lat"])
        r = min(row["radius"], 14) if places_id == "places" else row["radius"]
        dots.append((row["label"], (x - r, y - r, x + r, y + r)))
    return names, dots


def _meet(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _check(names, dots, width, height=520):
    clashes = [(a, b) for i, (a, box) in enumerate(names) for b, other in names[i + 1:] if _meet(box, other)]
    assert not clashes, f"names overlap at {width} px: {clashes}"
    # no name covers the dot of a place more important than its own (dots come most important first)
    rank = {label: k for k, (label, _dot) in enumerate(dots)}
    covered = [(a, b) for a, box in names for k, (b, dot) in enumerate(dots)
               if a != b and k < rank.get(a, len(dots)) and _meet(box, dot)]
    assert not covered, f"names cover dots at {width} px: {covered}"
    outside = [a for a, box in names if box[0] < 0 or box[1] < 0 or box[2] > width or box[3] > height]
    assert not outside, f"names run off the map at {width} px: {outside}"


@needs_atlas
@pytest.mark.parametrize("width", WIDTHS)
def test_leipzig_map_names_do_not_overlap_each_other_or_the_dots(width):
    from app_pages.maps import map_deck

    with using("de"):
        deck, _ = map_deck(_leipzig(), ["Leipzig"])
    names, dots = drawn(deck, "labels", "places", width)
    _check(names, dots, width)
    shown = {n for n, _ in names}
    assert {"Leipzig", "Houston", "Nanjing", "Kraków"} <= shown and len(shown) >= 10


@needs_atlas
@pytest.mark.parametrize("width", WIDTHS)
def test_overview_map_country_names_do_not_overlap(width):
    from app_pages.maps import overview_deck

    data = CountryOverview(places={c: (lon, lat) for c, (lon, lat, _n) in COUNTRIES.items()},
                           partnerships=Counter({c: n for c, (_x, _y, n) in COUNTRIES.items()}),
                           municipalities=Counter({c: 10 for c in COUNTRIES}),
                           pairs=Counter({("DE", "FR"): 900, ("DE", "PL"): 700, ("FR", "IT"): 300}))
    with using("de"):
        deck, _countries, _pairs = overview_deck(data)
    names, dots = drawn(deck, "country-labels", "countries", width)
    _check(names, dots, width)
    assert {"Deutschland", "Frankreich", "Vereinigte Staaten", "China"} <= {n for n, _ in names}


@needs_atlas
def test_a_regional_map_names_the_countries_beside_the_places():
    from app_pages.maps import map_deck

    nodes = {n: Node("Municipality", n, {"name": n, "country": c, "lon": lon, "lat": lat, "population": p})
             for n, (c, lon, lat, p) in {"Leipzig": ("DE", 12.37, 51.34, 504971), "Zwickau": ("DE", 12.49, 50.73, 98796),
                                          "Borna": ("DE", 12.50, 51.12, 18806), "Kyiv": ("UA", 30.52, 50.45, 2952301),
                                          "Irpin": ("UA", 30.24, 50.52, 65167)}.items()}
    edges = [Edge("PARTNER_OF", "Leipzig", "Kyiv"), Edge("PARTNER_OF", "Borna", "Irpin"),
             Edge("PARTNER_OF", "Zwickau", "Kyiv")]
    with using("de"):
        deck, _ = map_deck(Subgraph(nodes, edges, len(nodes), ""))
    for width in WIDTHS:
        names, dots = drawn(deck, "labels", "places", width)
        _check(names, dots, width)
        assert {"Deutschland", "Ukraine", "Polen", "Leipzig", "Kyiv"} <= {n for n, _ in names}


@needs_atlas
def test_scrolling_the_page_over_a_map_does_not_zoom_it_out():
    """The names are placed for the fitted view: the mouse wheel scrolls the page past the map instead
    of zooming the map out under the reader's pointer (zoom: double-click, pinch, +/-)."""
    from app_pages.maps import map_deck, overview_deck

    data = CountryOverview(places={"DE": (9.67, 50.7), "PL": (19.03, 51.34)}, partnerships=Counter({"DE": 2, "PL": 2}),
                           municipalities=Counter({"DE": 2, "PL": 2}), pairs=Counter({("DE", "PL"): 2}))
    for deck in (map_deck(_leipzig(), ["Leipzig"])[0], overview_deck(data)[0]):
        (view,) = json.loads(deck.to_json())["views"]
        assert view["controller"]["scrollZoom"] is False and view["controller"]["doubleClickZoom"] is True
