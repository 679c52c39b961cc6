"""Around a hub the node limit fills with direct partners: the Explore view says that nothing two hops
away fits, and how to see farther, instead of showing partners only without a word."""

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


@pytest.fixture(scope="module")
def hub_store(tmp_path_factory):
    """Hubstadt with 60 partners, each with a partner of its own two hops from Hubstadt."""
    folder = tmp_path_factory.mktemp("hub-note")
    hub = Node(MUNICIPALITY, "mun:de:hubstadt", {"name": "Hubstadt", "country": "DE"})
    near = [Node(MUNICIPALITY, f"mun:pl:nah-{i:02d}", {"name": f"Nahdorf {i:02d}", "country": "PL"}) for i in range(60)]
    far = [Node(MUNICIPALITY, f"mun:ua:fern-{i:02d}", {"name": f"Fernau {i:02d}", "country": "UA"}) for i in range(60)]
    edges = [Edge(PARTNER_OF, hub.id, n.id, {"kind": "twin"}) for n in near]
    edges += [Edge(PARTNER_OF, n.id, f.id, {"kind": "twin"}) for n, f in zip(near, far)]
    with EmbeddedStore(folder) as store:
        store.upsert([hub, *near, *far], edges)
    return folder


@pytest.fixture(autouse=True)
def env(hub_store):
    saved = {k: os.environ.pop(k, None) for k in ENV_KEYS}
    os.environ.update({"PARTNERNET_DATA_DIR": str(hub_store), "PARTNERNET_LOAD": "none"})
    yield
    for key, value in saved.items():
        os.environ.pop(key, None)
        if value is not None:
            os.environ[key] = value


def _notes(**params: str) -> list[str]:
    at = AppTest.from_file(APP, default_timeout=180)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception and not at.error, [e.value for e in [*at.exception, *at.error]]
    return [str(i.value) for i in at.info]


def test_a_hub_whose_partners_fill_the_limit_says_so_in_german_and_english():
    german = _notes(focus="Hubstadt", depth="2", max="50", lang="de")
    assert any(n.startswith("Alle 50 gezeigten Knoten sind direkte Partner oder Nachbarn von Hubstadt") for n in german)
    english = _notes(focus="Hubstadt", depth="2", max="50")
    assert any(n.startswith("All 50 nodes shown are direct partners or neighbours of Hubstadt") for n in english)


def test_no_such_note_where_the_second_hop_is_shown():
    for params in ({"focus": "Hubstadt", "depth": "2", "max": "100"}, {"focus": "Hubstadt", "depth": "1", "max": "50"},
                   {"focus": "Nahdorf 07", "depth": "2", "max": "50"}):
        assert not any("direct partners" in n for n in _notes(**params)), params
