"""The world's twin cities ship in data/world, unchanged, with their licence and attribution, and a
fresh store shows them at first start."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
WORLD = REPO / "data" / "world"


def test_the_world_dataset_ships_with_its_licence_and_attribution():
    assert (WORLD / "twin_cities.csv").read_text(encoding="utf-8").startswith("city1,country1,lat1,lng1,city2,")
    assert "MIT License" in (WORLD / "twin_cities.LICENSE").read_text(encoding="utf-8")
    readme = (WORLD / "README.md").read_text(encoding="utf-8")
    assert "Hekman/twincities" in readme and "MIT" in readme and "Wikipedia" in readme


def test_the_shipped_file_is_the_shared_file_unchanged(real_csv):
    digest = [hashlib.sha256(p.read_bytes()).hexdigest() for p in (real_csv, WORLD / "twin_cities.csv")]
    assert digest[0] == digest[1]


@pytest.mark.realdata
def test_first_start_shows_the_world(tmp_path):
    pytest.importorskip("streamlit")
    from streamlit.testing.v1 import AppTest

    keys = ("PARTNERNET_DATA_DIR", "PARTNERNET_STORE", "PARTNERNET_LOAD", "NEO4J_URI")
    saved = {k: os.environ.pop(k, None) for k in keys}
    os.environ["PARTNERNET_DATA_DIR"] = str(tmp_path / "store")
    try:
        at = AppTest.from_file(str(REPO / "app.py"), default_timeout=600)
        at.query_params["lang"] = "de"
        at.run()
        assert not at.exception and not at.error, [e.value for e in [*at.exception, *at.error]]
        sidebar = " ".join(m.value for m in at.sidebar.markdown)
        partnerships = int(re.search(r"\*\*([\d.]+)\*\* Partnerschaften", sidebar).group(1).replace(".", ""))
        assert partnerships > 20_000  # the world, not only the curated records
        assert any(s.label == "Daten geladen" for s in at.get("expandable")) or at.markdown
    finally:
        for key, value in saved.items():
            os.environ.pop(key, None)
            if value is not None:
                os.environ[key] = value
