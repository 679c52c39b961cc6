"""Sample graphs for the export tests: a few real-looking municipalities, organisations and a
conference, loaded into the real embedded store so exports see subgraphs as the app does.

The other test_export_* modules import the builders from here.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from graph.store.embedded import EmbeddedStore
from graph.export import ExportContext
from graph.model import Edge, Node
from graph.store.base import Subgraph

EVIL = "<img src=x onerror=alert(1)>"
FORMULA = "=HYPERLINK(\"http://evil.example\",\"click\")"

LEIPZIG = "mun:de:leipzig"
KRAKOW = "mun:pl:krakow"
KYIV = "mun:ua:kyiv"
GIESSEN = "mun:de:giessen"
EVIL_ID = "mun:de:evil"
FORMULA_ID = "mun:pl:formula"
CONFERENCE = "conf:dt-ua-2024"
SKEW = "org:skew"


def sample_records() -> tuple[list[Node], list[Edge]]:
    nodes = [
        Node("Municipality", LEIPZIG, {"name": "Leipzig", "country": "DE", "subdivision": "Sachsen", "kind": "city",
                                       "lat": 51.34, "lon": 12.37, "population": 601866,
                                       "aliases": ["Lipsk", "Lipcse"], "sources": ["source:wikipedia"]}),
        Node("Municipality", KRAKOW, {"name": "Kraków", "country": "PL", "kind": "city", "lat": 50.06,
                                      "lon": 19.94, "population": 800653, "aliases": ["Krakau", "Cracow"]}),
        Node("Municipality", KYIV, {"name": "Kyiv", "country": "UA", "kind": "city", "lat": 50.45, "lon": 30.52,
                                    "population": 2952301, "aliases": ["Kiew", "Kiev", "Київ"]}),
        Node("Municipality", GIESSEN, {"name": "Gießen", "country": "DE", "subdivision": "Hessen", "kind": "town",
                                       "lat": 50.58, "lon": 8.67, "population": 90131}),
        Node("Municipality", EVIL_ID, {"name": EVIL, "country": "DE", "lat": 52.0, "lon": 13.0,
                                       "aliases": ["</script><script>alert(2)</script>"]}),
        Node("Municipality", FORMULA_ID, {"name": FORMULA, "country": "PL", "aliases": ["-2+3", "@SUM(A1)"]}),
        Node("Organisation", SKEW, {"name": "SKEW – Servicestelle Kommunen in der Einen Welt", "kind": "agency",
                                    "country": "DE", "url": "https://skew.engagement-global.de"}),
        Node("Conference", CONFERENCE, {"name": "Deutsch-Ukrainische Partnerschaftskonferenz 2024",
                                        "start": "2024-04-22", "end": "2024-04-23", "status": "held",
                                        "languages": ["de", "uk"], "sources": ["source:skew-2024"]}),
        Node("Source", "source:wikipedia", {"name": "Wikipedia: Leipzig", "url": "https://en.wikipedia.org/wiki/Leipzig"}),
    ]
    edges = [
        Edge("PARTNER_OF", LEIPZIG, KRAKOW, {"kind": "twin", "since": 1973, "sources": ["source:wikipedia"]}),
        Edge("PARTNER_OF", LEIPZIG, KYIV, {"kind": "twin", "since": 1961}),
        Edge("PARTNER_OF", LEIPZIG, KYIV, {"kind": "solidarity", "since": 2022, "sources": ["source:skew-2024"]}),
        Edge("PARTNER_OF", KRAKOW, KYIV, {"kind": "friendship"}),
        Edge("PARTNER_OF", EVIL_ID, KYIV, {"kind": "friendship", "sources": ["a;b", "c\\d"]}),
        Edge("PARTNER_OF", FORMULA_ID, LEIPZIG, {"kind": "project", "since": 2019}),
        Edge("PARTNER_OF", GIESSEN, KRAKOW, {"kind": "contact"}),
        Edge("ATTENDS", LEIPZIG, CONFERENCE),
        Edge("ATTENDS", KYIV, CONFERENCE),
        Edge("ATTENDS", SKEW, CONFERENCE),
        Edge("ORGANISES", SKEW, CONFERENCE, {"role": "organiser"}),
        Edge("MEMBER_OF", LEIPZIG, SKEW),
    ]
    return nodes, edges


def sample_store() -> EmbeddedStore:
    store = EmbeddedStore.memory()
    nodes, edges = sample_records()
    store.upsert(nodes, edges)
    return store


def sample_subgraph() -> Subgraph:
    """Leipzig's neighbourhood, two hops: every kind of node and relationship in the samples."""
    return sample_store().neighbourhood(LEIPZIG, depth=2, max_nodes=100)


def sample_context(**overrides) -> ExportContext:
    values = dict(
        title="Leipzig's partners", selection="Leipzig and its partners, 2 hops",
        created=datetime(2025, 3, 14, 9, 30, tzinfo=timezone.utc), highlight=[LEIPZIG],
        suggestions=[
            {"Candidate": "Kraków", "Country": "Poland", "Score": 0.82, "Reasons": "2 shared partners; same conference"},
            {"Candidate": EVIL, "Country": "Germany", "Score": 0.4, "Reasons": FORMULA},
        ],
    )
    values.update(overrides)
    return ExportContext(**values)


@pytest.fixture
def sub() -> Subgraph:
    return sample_subgraph()


@pytest.fixture
def ctx() -> ExportContext:
    return sample_context()


def test_samples_cover_every_table(sub):
    labels = {n.label for n in sub.nodes.values()}
    assert {"Municipality", "Organisation", "Conference"} <= labels
    assert {e.type for e in sub.edges} >= {"PARTNER_OF", "ATTENDS", "ORGANISES", "MEMBER_OF"}
    # two partnerships of different kinds between the same two cities survive the store
    assert sum(1 for e in sub.edges if {e.source, e.target} == {LEIPZIG, KYIV}) == 2
