"""Pictures a person can read: geography on the maps, pixel-sized places, names that do not overlap,
network layouts that keep the centre, its partners and the hubs legible, every node of a path on the canvas."""

from __future__ import annotations

import json
import math
import re

import pytest

from graph.geo import worldatlas
from graph.export.maplabels import declutter
from graph.export.mapview import fit_view, mercator
from graph.model import Edge, Node
from graph.export.netlayout import BIG_FONT, choose, without_pairs
from graph.export.netpositions import HEIGHT, WIDTH
from graph.store.base import Subgraph
from graph.export.network_page import network_html
from graph.export.tooltips import node_tooltip
from graph.export.visual import build_network
from test_export_samples import KYIV, LEIPZIG, sample_store

needs_atlas = pytest.mark.skipif(worldatlas.atlas_dir() is None, reason="world-atlas not installed (make install)")


def _inside(point, ring) -> bool:
    x, y = point
    hit = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            hit = not hit
    return hit


@needs_atlas
@pytest.mark.parametrize("resolution", worldatlas.RESOLUTIONS)
def test_countries_are_natural_earth_shapes_around_their_cities(resolution):
    by_name = {c.name: c for c in worldatlas.countries(resolution)}
    assert len(by_name) > 170
    for country, city in (("Germany", (12.37, 51.34)), ("Poland", (19.94, 50.06)), ("Ukraine", (30.52, 50.45)),
                          ("Ghana", (-0.19, 5.6)), ("United States of America", (-104.99, 39.74))):
        assert any(_inside(city, polygon[0]) for polygon in by_name[country].polygons), (country, city)
    assert not any(_inside((12.37, 51.34), p[0]) for p in by_name["Poland"].polygons)
    # no ring jumps across the whole map at the antimeridian (Russia, Fiji), Antarctica is left out
    for country in by_name.values():
        for polygon in country.polygons:
            for ring in polygon:
                assert all(abs(b[0] - a[0]) < 180 for a, b in zip(ring, ring[1:])), country.name
    assert "Antarctica" not in by_name


@needs_atlas
def test_geojson_of_a_region_holds_only_its_neighbourhood():
    names = {f["properties"]["name"] for f in worldatlas.geojson((5, 47, 25, 55), "50m")["features"]}
    assert {"Germany", "Poland", "Czechia"} <= names and "Brazil" not in names


def test_view_fits_every_place_and_the_top_of_long_arcs():
    width, height = 950, 520
    places = [(12.37, 51.34), (-74.0, 40.7), (139.7, 35.7), (-58.4, -34.6)]
    view = fit_view(places, [(places[0], places[2])], width=width, height=height)
    cx, cy = mercator(view.longitude, view.latitude, view.zoom)
    for lon, lat in places + [(70.0, 68.0)]:  # the great circle Leipzig–Tokyo passes near 68°N
        x, y = mercator(lon, lat, view.zoom)
        assert abs(x - cx) <= width / 2 and abs(y - cy) <= height / 2, (lon, lat)
    regional = fit_view([(12.37, 51.34), (13.73, 51.05), (30.52, 50.45)], width=width, height=height)
    assert regional.zoom > view.zoom + 2  # a region is shown much closer than the world


def test_a_view_of_no_place_says_there_is_nothing_to_show():
    from graph.errors import UsageError

    with pytest.raises(UsageError, match="nothing to show on the map"):
        fit_view([], [])


def test_kept_labels_never_overlap():
    spots = [(f"Place {i}", 10 + (i % 7) * 30, 20 + (i // 7) * 8) for i in range(60)]
    kept = declutter(spots, font_px=12, limit=100)
    assert 0 < len(kept) < len(spots) and kept[0] == 0  # the most important is always named
    boxes = [(spots[i][1], spots[i][2] - 12, spots[i][1] + 7 + 0.58 * 12 * len(spots[i][0]), spots[i][2])
             for i in kept]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3])


def _star_network(partners: int, second: int) -> tuple[Subgraph, str]:
    nodes = {"c": Node("Municipality", "c", {"name": "Centre", "country": "DE"})}
    edges = []
    for i in range(partners):
        nodes[f"p{i}"] = Node("Municipality", f"p{i}", {"name": f"Partner {i}", "country": "PL"})
        edges.append(Edge("PARTNER_OF", "c", f"p{i}"))
        for j in range(second):
            nodes[f"q{i}_{j}"] = Node("Municipality", f"q{i}_{j}", {"name": f"Second {i}.{j}", "country": "FR"})
            edges.append(Edge("PARTNER_OF", f"p{i}", f"q{i}_{j}"))
    return Subgraph(nodes, edges, len(nodes), ""), "c"


def test_depth_two_is_drawn_in_rings_with_the_centre_and_its_partners_named():
    sub, centre = _star_network(15, 12)  # 196 nodes, like Leipzig at depth 2
    net, _ = build_network(sub, highlight=[centre])
    nodes = {n["id"]: n for n in net.nodes}
    radius = {i: math.hypot(n["x"] / WIDTH, n["y"] / HEIGHT) for i, n in nodes.items()}  # rings are ellipses
    assert radius[centre] == 0
    assert max(radius[f"p{i}"] for i in range(15)) < min(radius[i] for i in nodes if i.startswith("q"))
    big = {i for i, n in nodes.items() if n["font"]["size"] >= BIG_FONT}
    assert {centre, *(f"p{i}" for i in range(15))} <= big  # the centre and its direct partners are named
    assert len(big) <= 15 + 1 + 12  # and only a few hubs besides: no hairball of names
    assert net.options["physics"]["enabled"] is False  # the layout is final, the same every time
    assert network_html(sub, highlight=[centre]) == network_html(sub, highlight=[centre])


def test_every_node_of_a_path_gets_its_own_column_from_start_to_end():
    names = ["Münster", "Lublin", "Tbilisi", "Kyiv", "Orléans", "Kraków"]
    nodes = {n: Node("Municipality", n, {"name": n}) for n in names}
    edges = [Edge("PARTNER_OF", a, b) for a, b in (("Münster", "Lublin"), ("Lublin", "Tbilisi"), ("Tbilisi", "Kyiv"),
                                                   ("Münster", "Orléans"), ("Orléans", "Kraków"), ("Kraków", "Kyiv"))]
    layout, pos = choose(Subgraph(nodes, edges, 6, ""), sorted(names), ["Münster", "Kyiv"])
    assert layout == "layered"
    assert pos["Münster"][0] < pos["Lublin"][0] == pos["Orléans"][0] < pos["Tbilisi"][0] < pos["Kyiv"][0]
    assert len({p for p in pos.values()}) == 6  # no two nodes on the same spot


def test_a_large_network_is_drawn_without_its_isolated_pairs_and_says_so():
    nodes, edges = {}, []
    for i in range(200):
        nodes[f"a{i}"] = Node("Municipality", f"a{i}", {"name": f"A{i}"})
        nodes[f"b{i}"] = Node("Municipality", f"b{i}", {"name": f"B{i}"})
        edges.append(Edge("PARTNER_OF", f"a{i}", f"b{i}"))
    for j in range(20):
        nodes[f"s{j}"] = Node("Municipality", f"s{j}", {"name": f"S{j}"})
        edges.append(Edge("PARTNER_OF", "a0", f"s{j}"))
    drawn = without_pairs(Subgraph(nodes, edges, len(nodes), "between two countries"))
    assert sorted(drawn.nodes) == sorted(["a0", "b0", *(f"s{j}" for j in range(20))])
    page = network_html(drawn)
    assert "22 of 420 matching nodes" in page and "199 small groups (398 places" in page


def test_large_names_never_run_into_each_other_in_a_network_of_many_small_groups():
    from graph.export.netlabels import label_box

    nodes, edges = {}, []
    for g in range(40):  # like Germany–Poland: dozens of small stars whose hubs have long names
        hub = f"h{g}"
        nodes[hub] = Node("Municipality", hub, {"name": f"Środa Wielkopolska {g}" if g % 2 else f"Berlin – Mitte {g}"})
        for k in range(3 + g % 3):
            nodes[f"{hub}.{k}"] = Node("Municipality", f"{hub}.{k}", {"name": f"Międzyrzecz {g}.{k}"})
            edges.append(Edge("PARTNER_OF", hub, f"{hub}.{k}"))
    centre, _ = _star_network(30, 4)
    for sub, focus in ((Subgraph(nodes, edges, len(nodes), ""), []), (centre, ["c"])):
        net, _ = build_network(sub, highlight=focus)
        big = [n for n in net.nodes if n["font"]["size"] >= BIG_FONT]
        assert len(big) >= 8 and all(n["id"] in {b["id"] for b in big} for n in net.nodes if n["id"] in focus)
        boxes = [label_box(n) for n in big]
        clashes = [(big[i]["label"], big[j]["label"]) for i, a in enumerate(boxes) for j, b in enumerate(boxes)
                   if i < j and a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]
        assert not clashes, clashes[:5]


HUBS = ["Schwedt (Oder)", "Szczecin", "Verden (Aller)", "Gorzów Wielkopolski", "Świebodzin", "Środa Wielkopolska",
        "Darłowo", "Wałcz", "Żagań", "Frankenberg", "Nowa Sól", "Głogów", "Opole", "Kołobrzeg", "Kraków",
        "Wolsztyn", "Lubań", "Sulęcin", "Leśnica", "Jelenia Góra", "Borken", "Lübbenau/Spreewald", "Słubice",
        "Zgorzelec", "Gubin", "Kostrzyn nad Odrą", "Police", "Gryfino"]


def test_in_a_network_of_small_groups_each_hub_is_named_and_its_name_crosses_no_dot():
    from graph.export.netlabels import label_box

    nodes, edges = {}, []
    for g in range(28):  # like Germany–Poland: stars of three or four partners, and a few larger groups
        hub = f"h{g}"
        nodes[hub] = Node("Municipality", hub, {"name": HUBS[g % len(HUBS)]})
        for k in range(3 + g % 2):
            nodes[f"{hub}.{k}"] = Node("Municipality", f"{hub}.{k}", {"name": f"Gryfino {g}.{k}"})
            edges.append(Edge("PARTNER_OF", hub, f"{hub}.{k}"))
        if g < 3:  # a group that is not a star: partners of partners, and two kinds of partnership
            nodes[f"{hub}.far"] = Node("Municipality", f"{hub}.far", {"name": f"Chojna {g}"})
            edges += [Edge("PARTNER_OF", f"{hub}.0", f"{hub}.far"), Edge("PARTNER_OF", f"{hub}.1", f"{hub}.far"),
                      Edge("PARTNER_OF", hub, f"{hub}.0", {"kind": "friendship"})]
    net, _ = build_network(Subgraph(nodes, edges, len(nodes), ""))
    big = {n["id"] for n in net.nodes if n["font"]["size"] >= BIG_FONT}
    assert big <= {f"h{g}" for g in range(28)} and len(big) >= 20  # groups' hubs (a few long names give way)
    crossed = [(node["label"], other["label"]) for node in net.nodes if node["id"] in big for other in net.nodes
               if other is not node and _covers(label_box(node), other)]
    assert not crossed, crossed[:5]


def _covers(box, node) -> bool:
    r = float(node.get("size", 10))
    return box[0] < node["x"] + r and node["x"] - r < box[2] and box[1] < node["y"] + r and node["y"] - r < box[3]


def test_tooltips_name_the_subdivision_instead_of_its_code():
    node = Node("Municipality", "mun:ua:x", {"name": "Irpin", "country": "UA", "subdivision": "UA-32"})
    text = node_tooltip(node, 1)
    assert "in Kyivska oblast, Ukraine" in text and "UA-32" not in text and "Kiev" not in text


def test_the_network_page_tells_the_app_which_node_was_clicked():
    store = sample_store()
    page = network_html(store.neighbourhood(LEIPZIG, depth=1, max_nodes=50), highlight=[LEIPZIG])
    assert 'network.on("click"' in page and 'network.on("doubleClick"' in page
    assert "window.parent.postMessage" in page and "window.parent === window" in page  # quiet when opened alone


@needs_atlas
def test_app_map_has_borders_pixel_sized_places_and_names():
    from app_pages.maps import map_deck

    store = sample_store()
    deck, kinds = map_deck(store.neighbourhood(LEIPZIG, depth=1, max_nodes=50), highlight=[LEIPZIG])
    spec = json.loads(deck.to_json())
    layers = {layer["id"]: layer for layer in spec["layers"]}
    assert layers["borders"]["@@type"] == "GeoJsonLayer"
    assert {"Germany", "Poland", "Ukraine"} <= {f["properties"]["name"] for f in layers["borders"]["data"]["features"]}
    # a literal, not "@@=pixels" (an expression naming an unknown variable: deck.gl falls back to metres)
    assert layers["places"]["radiusUnits"] == "pixels"
    assert layers["partnerships"]["widthUnits"] == "pixels"
    assert layers["borders"]["lineWidthUnits"] == "pixels"
    names = [row["label"] for row in layers["labels"]["data"]]
    assert names[0] == "Leipzig" and "Kyiv" in names and "Poland" in names  # places first, then countries
    tips = " ".join(row["tooltip"] for row in layers["places"]["data"])
    assert "Leipzig (Sachsen, Germany)" in tips or "Leipzig (Saxony, Germany)" in tips
    assert {"twin", "solidarity"} <= set(kinds)
    assert "sans-serif" in deck._tooltip["style"]["fontFamily"]  # not the browser's serif default


@needs_atlas
def test_report_map_draws_countries_and_names_that_do_not_overlap(real_embedded):
    from graph.export.drawing import map_svg
    from graph.queries.search import search

    leipzig = search(real_embedded, "Leipzig", ["Municipality"])[0]
    sub = real_embedded.neighbourhood([leipzig.id], 2, None, None, 200)
    svg = map_svg(sub, highlight=[leipzig.id])
    assert "clipPath" in svg and svg.count("<path d=\"M") > 50  # countries under the partnerships
    labels = [(float(x), float(y), anchor, text) for x, y, anchor, text in
              re.findall(r'<text x="([\d.]+)" y="([\d.]+)" font-size="11"[^>]*?text-anchor="(\w+)"[^>]*>([^<]+)</text>',
                         svg)]
    assert any(text == "Leipzig" for *_, text in labels) and len(labels) >= 10
    boxes = [(x, y - 11, x + 0.58 * 11 * len(t), y) if anchor == "start" else (x - 0.58 * 11 * len(t), y - 11, x, y)
             for x, y, anchor, t in labels]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (labels[i], b)
