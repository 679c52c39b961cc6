"""Names on the maps a German coordinator reads: the centre and the largest places are named first,
beside their dot where there is room; countries are named in the language of the page; a map
without the world-atlas package says so, with the fix."""

from __future__ import annotations

import json
import logging
import re

import pytest

from graph.export import geography
from graph.export.drawing import map_svg
from graph.export.maplabels import label_box, place_labels
from graph.export.report import report_html
from graph.geo import worldatlas
from graph.i18n import using
from graph.model import Edge, Node
from graph.store.base import Subgraph

needs_atlas = pytest.mark.skipif(worldatlas.atlas_dir() is None, reason="world-atlas not installed (make install)")

# Sachsen -> Ukraine in the real dataset: every place has one partnership in the view, so the
# population decides; Borna lies just south of Leipzig, Irpin just west of Kyiv.
PLACES = {"Zwickau": ("DE", 12.49, 50.73, 98796), "Borna": ("DE", 12.50, 51.12, 18806),
          "Leipzig": ("DE", 12.37, 51.34, 504971), "Radebeul": ("DE", 13.66, 51.11, 32979),
          "Obukhiv": ("UA", 30.63, 50.12, 31557), "Volodymyr-Volynskyi": ("UA", 24.32, 50.85, 37910),
          "Irpin": ("UA", 30.24, 50.52, 65167), "Kyiv": ("UA", 30.52, 50.45, 2952301)}
PAIRS = [("Zwickau", "Volodymyr-Volynskyi"), ("Borna", "Irpin"), ("Leipzig", "Kyiv"), ("Radebeul", "Obukhiv")]


def _sachsen_ukraine() -> Subgraph:
    nodes = {name: Node("Municipality", name, {"name": name, "country": country, "lon": lon, "lat": lat,
                                               "population": people})
             for name, (country, lon, lat, people) in PLACES.items()}
    return Subgraph(nodes, [Edge("PARTNER_OF", a, b, {"kind": "twin"}) for a, b in PAIRS], len(nodes), "")


def _overlaps(boxes) -> list:
    return [(a, b) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]]


def test_a_name_that_does_not_fit_right_of_its_dot_goes_to_another_side():
    spots = [("Leipzig", 100, 100), ("Borna", 102, 108), ("Markkleeberg", 101, 104), ("Kraków", 400, 100)]
    placed = place_labels(spots, font_px=13)
    assert [i for i, _ in placed][:2] == [0, 1] and placed[0][1] == "right" and placed[1][1] != "right"
    boxes = [label_box(*spots[i], side, 13) for i, side in placed]
    assert not _overlaps(boxes)


@needs_atlas
def test_app_map_names_the_largest_places_first_and_countries_in_german():
    from app_pages.maps import map_deck

    with using("de"):
        deck, _ = map_deck(_sachsen_ukraine())
    layers = {layer["id"]: layer for layer in json.loads(deck.to_json())["layers"]}
    rows = layers["labels"]["data"]
    names = [row["label"] for row in rows]
    assert names[:2] == ["Kyiv", "Leipzig"]  # the largest places of the view first
    assert {"Leipzig", "Kyiv", "Zwickau"} <= set(names)
    assert {"Polen", "Tschechien"} <= set(names) and not {"Poland", "Czechia", "Germany"} & set(names)
    # every name lies inside the narrowest map the app draws: none runs off its edge
    from app_pages.maps import MAP_HEIGHT, MAP_WIDTH
    from graph.export.mapview import mercator

    state = json.loads(deck.to_json())["initialViewState"]
    cx, cy = mercator(state["longitude"], state["latitude"], state["zoom"])
    for row in rows:
        x, y = mercator(row["lon"], row["lat"], state["zoom"])
        box = label_box(row["label"], x, y, {"start": "right", "end": "left", "middle": "centre"}[row["anchor"]], 13)
        assert cx - MAP_WIDTH / 2 <= box[0] and box[2] <= cx + MAP_WIDTH / 2, row["label"]
    border_names = {f["properties"]["name"] for f in layers["borders"]["data"]["features"]}
    assert {"Polen", "Tschechien", "Deutschland"} <= border_names
    assert "Czechia" not in border_names
    # each name is drawn on the side it was placed on
    assert {row["anchor"] for row in rows} <= {"start", "end", "middle"} and layers["labels"]["getTextAnchor"] == "@@=anchor"


def _svg_labels(svg: str, size: str = "1[01]") -> list[tuple[float, float, str, str]]:
    found = re.findall(r'<text x="([\d.]+)" y="([\d.]+)" font-size="(' + size + r')"[^>]*?text-anchor="(\w+)"[^>]*>'
                       r'([^<]+)</text>', svg)
    return [(float(x), float(y), anchor, text) for x, y, _size, anchor, text in found]


@needs_atlas
def test_report_map_names_the_largest_places_and_countries_in_german_without_overlap():
    with using("de"):
        svg = map_svg(_sachsen_ukraine())
    labels = _svg_labels(svg)
    texts = [text for *_, text in labels]
    assert {"Leipzig", "Kyiv", "Zwickau", "Volodymyr-Volynskyi"} <= set(texts)
    assert {"Polen", "Ukraine"} <= set(texts) and "Poland" not in texts  # countries, in the page's language
    boxes = [(x, y - 11, x + 0.58 * 11 * len(t), y) if anchor == "start" else (x - 0.58 * 11 * len(t), y - 11, x, y)
             for x, y, anchor, t in labels]
    assert not _overlaps(boxes), [(labels[i][3]) for i in range(len(labels))]
    width = float(re.search(r'width="(\d+)"', svg).group(1))
    assert all(0 <= box[0] and box[2] <= width for box in boxes)  # no name runs off the picture


def test_report_without_world_atlas_says_so_in_words_with_the_fix(monkeypatch, tmp_path, caplog):
    monkeypatch.setenv("PARTNERNET_NODE_MODULES", str(tmp_path))  # an installation without node_modules
    monkeypatch.setattr(geography, "_said", set())
    worldatlas.countries.cache_clear()
    try:
        with caplog.at_level(logging.WARNING, logger="graph.export.geography"), using("de"):
            page = report_html(_sachsen_ukraine())
            report_html(_sachsen_ukraine())
    finally:
        worldatlas.countries.cache_clear()
    assert "Staatsgrenzen und Küstenlinien fehlen" in page and "make install" in page
    assert "<svg" in page  # the places are still drawn, on a plain background
    said = [r.getMessage() for r in caplog.records if "world-atlas" in r.getMessage()]
    assert len(said) == 1 and "make install" in said[0]  # once in the log, however many maps


def test_report_network_names_do_not_run_into_each_other():
    from graph.export.drawing import network_svg

    nodes, edges = {}, []
    for g in range(30):
        nodes[f"h{g}"] = Node("Municipality", f"h{g}", {"name": f"Środa Wielkopolska {g}"})
        for k in range(3):
            nodes[f"h{g}.{k}"] = Node("Municipality", f"h{g}.{k}", {"name": f"Międzyrzecz {g}.{k}"})
            edges.append(Edge("PARTNER_OF", f"h{g}", f"h{g}.{k}"))
    labels = _svg_labels(network_svg(Subgraph(nodes, edges, len(nodes), "")), "11")
    assert len(labels) >= 10
    boxes = [(x, y - 11, x + 0.58 * 11 * len(t), y) for x, y, _anchor, t in labels]
    assert not _overlaps(boxes)
