"""The country-pair heatmap a person can read: every country named on both sides, in the language of
the page, cells large enough for their numbers however many countries are shown and however wide
the page is (a narrow page scrolls the matrix sideways instead of squeezing it)."""

from __future__ import annotations

import pandas as pd

from app_pages.pictures import CELL_HEIGHT, CELL_WIDTH, LABEL_ROOM, heatmap_chart
from graph.i18n import using

CODES = ["DE", "FR", "PL", "US", "IT", "CN", "HU", "GB", "CZ", "JP", "RU", "UA", "RO", "ES", "SK", "TR", "AT", "PT",
         "FI", "SE", "BE", "MX", "BG", "LT", "KR", "HR", "RS", "BY", "GR", "BR", "DK", "LV", "NO", "CA", "SI", "AU",
         "IL", "EE", "NL", "CH", "BA"]


def test_every_country_is_named_in_german_and_every_cell_has_room_for_its_number():
    matrix = pd.DataFrame([[(i * 7 + j * 13) % 700 for j in range(len(CODES))] for i in range(len(CODES))],
                          index=CODES, columns=CODES)
    with using("de"):
        spec = heatmap_chart(matrix, "Staat", "Partnerstaat").to_dict()
    data = next(iter(spec["datasets"].values()))
    rows, cols = {d["row"] for d in data}, {d["col"] for d in data}
    assert len(rows) == len(cols) == len(CODES)
    assert {"Vereinigtes Königreich", "Bosnien und Herzegowina", "Deutschland", "Polen"} <= rows == cols
    assert spec["width"] == {"step": CELL_WIDTH} and spec["height"] == {"step": CELL_HEIGHT}
    # a four-digit count in 11 px type fits its cell; the text fits the cell's height
    text = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "text")
    assert CELL_WIDTH >= 4 * 0.62 * text["mark"]["fontSize"] + 8 and CELL_HEIGHT >= 2 * text["mark"]["fontSize"]
    rect = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "rect")
    axes = {channel: rect["encoding"][channel]["axis"] for channel in ("x", "y")}
    for axis in axes.values():
        assert axis["labelOverlap"] is False  # every label is drawn, none left out to avoid a collision
        # room for the longest name, fixed rather than measured (measured too early, names were cut)
        assert axis["minExtent"] == axis["maxExtent"] == LABEL_ROOM and axis["labelLimit"] >= LABEL_ROOM - 10
    longest = max(len(name) for name in rows)
    assert 0.55 * spec["config"]["axis"]["labelFontSize"] * longest <= LABEL_ROOM - 10  # Source Sans: ~0.5 em a letter
    assert axes["x"]["labelAngle"] == -90  # upright names: one per column however narrow the cells
    assert rect["encoding"]["color"]["title"] == "Partnerschaften"
