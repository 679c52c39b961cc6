"""Place pickers tell namesakes apart and keep what the user chose: two places of one name get different
labels (kind, subdivision, number of partnerships; the id where all of that is the same), and the second
of two namesakes stays chosen when the user goes to another page and comes back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from graph.model import MUNICIPALITY, PARTNER_OF, Edge, Node  # noqa: E402
from graph.store.embedded import EmbeddedStore  # noqa: E402

APP = str(Path(__file__).resolve().parents[1] / "app.py")
ENV_KEYS = ("PARTNERNET_DATA_DIR", "PARTNERNET_STORE", "PARTNERNET_LOAD", "NEO4J_URI", "NEO4J_USERNAME",
            "NEO4J_PASSWORD", "NEO4J_DATABASE")
# the city of Münster, the Regierungsbezirk of the same name, and two villages that differ in nothing shown
PLACES = [
    ("mun:test:muenster-city", {"name": "Münster", "country": "DE", "subdivision": "DE-NW", "kind": "city"}),
    ("mun:test:muenster-county", {"name": "Münster", "country": "DE", "subdivision": "DE-NW", "kind": "county"}),
    ("mun:de:muenster-a", {"name": "Münster", "country": "DE", "subdivision": "DE-BY", "kind": "town"}),
    ("mun:de:muenster-b", {"name": "Münster", "country": "DE", "subdivision": "DE-BY", "kind": "town"}),
    ("mun:gn:1", {"name": "Rivne", "country": "UA", "kind": "city"}),
    ("mun:gn:2", {"name": "Orléans", "country": "FR", "kind": "city"}),
]


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pickers")
    store = EmbeddedStore(folder)
    store.upsert([Node(MUNICIPALITY, i, props) for i, props in PLACES],
                 [Edge(PARTNER_OF, "mun:test:muenster-city", "mun:gn:1", {"kind": "twin"}),
                  Edge(PARTNER_OF, "mun:test:muenster-city", "mun:gn:2", {"kind": "twin"}),
                  Edge(PARTNER_OF, "mun:test:muenster-county", "mun:gn:2", {"kind": "friendship"})])
    store.flush()
    return folder


@pytest.fixture(autouse=True)
def env(data_dir):
    saved = {k: os.environ.pop(k, None) for k in ENV_KEYS}
    os.environ["PARTNERNET_DATA_DIR"] = str(data_dir)
    os.environ["PARTNERNET_LOAD"] = "none"
    yield
    for key, value in saved.items():
        os.environ.pop(key, None)
        if value is not None:
            os.environ[key] = value


def explore(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_namesakes_have_different_labels_that_say_kind_subdivision_and_partners():
    at = explore(focus="Münster", lang="de")
    pick = at.selectbox(key="focus:pick:Münster")
    labels = pick.options
    assert len(labels) == len(set(labels)) == 5  # with the Münster of the curated records
    assert "Münster (Nordrhein-Westfalen, Deutschland) · Stadt · 2 Partnerschaften" in labels
    assert "Münster (Nordrhein-Westfalen, Deutschland) · Kreis oder Bezirk · 1 Partnerschaft" in labels
    assert {label for label in labels if "Bayern" in label} == {
        "Münster (Bayern, Deutschland) · Ort · 0 Partnerschaften · mun:de:muenster-a",
        "Münster (Bayern, Deutschland) · Ort · 0 Partnerschaften · mun:de:muenster-b"}


@pytest.mark.parametrize("second", ["mun:test:muenster-county", "mun:de:muenster-b"])
def test_the_second_namesake_stays_chosen_across_pages(second):
    at = explore(focus="Münster")
    at.selectbox(key="focus:pick:Münster").set_value(second).run()
    assert at.selectbox(key="focus:pick:Münster").value == second
    at.switch_page("app_pages/paths.py").run()
    assert not at.exception, [e.value for e in at.exception]
    at.switch_page("app_pages/explore.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="focus:pick:Münster").value == second
    at.run()  # and on any later run
    assert at.selectbox(key="focus:pick:Münster").value == second


def test_partners_by_region_asks_which_namesake_and_keeps_the_choice():
    at = AppTest.from_file(APP, default_timeout=180)
    at.query_params["from"], at.query_params["to"] = "Münster", "Frankreich"
    at.switch_page("app_pages/regions.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    pick = at.selectbox(key="from:pick:Münster")
    assert len(pick.options) == len(set(pick.options)) == 6  # the Irish province Munster first, as resolved
    pick.set_value("mun:test:muenster-county").run()
    assert at.query_params["from.id"] in ("mun:test:muenster-county", ["mun:test:muenster-county"])
    at.switch_page("app_pages/paths.py").run()
    at.switch_page("app_pages/regions.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="from:pick:Münster").value == "mun:test:muenster-county"
