"""Partner suggestions: candidates, explainable scores, reasons and paths."""

import re

import pytest

from graph.store.embedded import EmbeddedStore
from graph.errors import NotFound
from graph.model import (
    ADDRESSES, ATTENDS, CONFERENCE, HELD_IN, MEMBER_OF, MUNICIPALITY, ORGANISATION, PARTNER_OF, THEME, Edge, Node,
)
from graph.queries.regional import resolve_area
from graph.queries.suggest import DEFAULT_WEIGHTS, suggest_partners
from graph.queries.search import search


def town(key, name, country, **props):
    return Node(MUNICIPALITY, f"mun:{country.lower()}:{key}", {"name": name, "country": country, **props})


NODES = [
    town("giessen", "Giessen", "DE", population=90_000, lat=50.58, lon=8.68, aliases=["Gießen"]),
    town("bonn", "Bonn", "DE"),
    town("wenzhou", "Wenzhou", "CN"),
    town("netanya", "Netanya", "IL"),
    town("winchester", "Winchester", "GB"),
    town("kumasi", "Kumasi", "GH"),
    town("accra", "Accra", "GH"),
    town("tamale", "Tamale", "GH"),
    town("cape-coast", "Cape Coast", "GH", population=85_000),
    town("bolgatanga", "Bolgatanga", "GH", lat=10.79, lon=-0.85),
    town("tema", "Tema", "GH"),
    Node(CONFERENCE, "conf:afrika-2022", {"name": "Regionalkonferenz Afrika 2022", "status": "held"}),
    Node(ORGANISATION, "org:connective-cities", {"name": "Connective Cities", "kind": "network"}),
    Node(THEME, "theme:sdgs", {"name": "SDGs"}),
]
EDGES = [
    Edge(PARTNER_OF, "mun:de:giessen", "mun:cn:wenzhou"),
    Edge(PARTNER_OF, "mun:de:giessen", "mun:il:netanya"),
    Edge(PARTNER_OF, "mun:de:giessen", "mun:gb:winchester"),
    Edge(PARTNER_OF, "mun:de:giessen", "mun:gh:tema", {"kind": "project"}),
    Edge(PARTNER_OF, "mun:gh:kumasi", "mun:cn:wenzhou"),
    Edge(PARTNER_OF, "mun:gh:kumasi", "mun:il:netanya"),
    Edge(PARTNER_OF, "mun:gh:cape-coast", "mun:de:bonn"),
    Edge(HELD_IN, "conf:afrika-2022", "mun:de:giessen"),
    Edge(ATTENDS, "mun:gh:accra", "conf:afrika-2022"),
    Edge(ADDRESSES, "conf:afrika-2022", "theme:sdgs"),
    Edge(MEMBER_OF, "mun:de:giessen", "org:connective-cities"),
    Edge(MEMBER_OF, "mun:gh:tamale", "org:connective-cities"),
]


@pytest.fixture
def suggest_store(store):
    store.upsert(NODES, EDGES)
    store.flush()
    return store


def by_name(suggestions):
    return {s.node.name: s for s in suggestions}


def test_ranking_and_exclusions(suggest_store):
    found = suggest_partners(suggest_store, "mun:de:giessen", resolve_area(suggest_store, "Ghana"))
    # Tema is already a partner; the rest ranked by the documented weighted sum
    assert [s.node.name for s in found] == ["Kumasi", "Cape Coast", "Accra", "Tamale", "Bolgatanga"]
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)


def test_components_follow_the_documented_formula(suggest_store):
    found = by_name(suggest_partners(suggest_store, "mun:de:giessen", resolve_area(suggest_store, "GH")))
    assert found["Kumasi"].components["shared_partners"] == pytest.approx(2 / 3, abs=1e-4)
    assert found["Accra"].components == {"shared_conferences": 0.5, "shared_themes": pytest.approx(1 / 3, abs=1e-4)}
    assert found["Tamale"].components == {"shared_organisations": 0.5}
    assert found["Tamale"].score == 1.0
    cape = found["Cape Coast"].components
    assert cape["origin_country_ties"] == pytest.approx(1 / 3, abs=1e-4)
    assert cape["population"] == pytest.approx(1 - 0.0248 / 2, abs=1e-3)  # log10(90/85) = 0.0248
    for s in found.values():
        assert s.score == pytest.approx(sum(DEFAULT_WEIGHTS[k] * v for k, v in s.components.items()), abs=1e-3)


def test_reasons_and_paths_name_the_evidence(suggest_store):
    found = by_name(suggest_partners(suggest_store, "mun:de:giessen", resolve_area(suggest_store, "GH")))
    assert found["Kumasi"].reasons[0] == "shares 2 partners with Giessen: Netanya, Wenzhou"
    assert found["Kumasi"].paths == [["mun:de:giessen", "mun:cn:wenzhou", "mun:gh:kumasi"],
                                     ["mun:de:giessen", "mun:il:netanya", "mun:gh:kumasi"]]
    assert "both attended Regionalkonferenz Afrika 2022" in found["Accra"].reasons
    assert "shared themes: SDGs" in found["Accra"].reasons
    assert found["Accra"].paths == [["mun:de:giessen", "conf:afrika-2022", "mun:gh:accra"]]
    assert found["Tamale"].reasons == ["both members of Connective Cities"]
    assert "has 1 partner in Germany: Bonn" in found["Cape Coast"].reasons
    assert "similar population (90k vs 85k)" in found["Cape Coast"].reasons
    assert any(re.fullmatch(r"\d,\d{3} km apart", r) for r in found["Bolgatanga"].reasons)
    assert found["Bolgatanga"].paths == []


def test_weights_change_the_order(suggest_store):
    ghana = resolve_area(suggest_store, "GH")
    found = suggest_partners(suggest_store, "mun:de:giessen", ghana,
                             weights={"population": 0, "origin_country_ties": 0})
    assert [s.node.name for s in found] == ["Kumasi", "Accra", "Tamale", "Cape Coast", "Bolgatanga"]
    with pytest.raises(ValueError, match="unknown weight"):
        suggest_partners(suggest_store, "mun:de:giessen", ghana, weights={"charm": 1})


def test_limit_ties_and_own_country(suggest_store):
    ghana = resolve_area(suggest_store, "GH")
    assert [s.node.name for s in suggest_partners(suggest_store, "mun:de:giessen", ghana, limit=2)] == [
        "Kumasi", "Cape Coast"]
    # Bonn is the only German candidate: Giessen itself is never suggested
    germany = suggest_partners(suggest_store, "mun:de:giessen", resolve_area(suggest_store, "DE"))
    assert [s.node.id for s in germany] == ["mun:de:bonn"]
    # equal scores are ordered by id
    tied = [s for s in suggest_partners(suggest_store, "mun:gh:tema", ghana) if s.score == 0]
    assert [s.node.id for s in tied] == ["mun:gh:accra", "mun:gh:bolgatanga", "mun:gh:tamale"]
    with pytest.raises(NotFound):
        suggest_partners(suggest_store, "mun:de:nowhere", ghana)


# -- the project's demo data and the real dataset ----------------------------------------------------


def test_demo_giessen_in_africa(tmp_path):
    pytest.importorskip("graph.geo.regions", reason="graph.geo.regions (the world's regions) is not available")
    from loaders.demo import load_demo

    store = EmbeddedStore(tmp_path)
    load_demo(store)
    giessen = search(store, "Gießen", labels=[MUNICIPALITY], limit=1)[0]
    partners = {e.source if e.target == giessen.id else e.target for e in store.edges(PARTNER_OF, [giessen.id])}
    found = suggest_partners(store, giessen.id, resolve_area(store, "Afrika"))
    assert found, "the demo data has African municipalities"
    assert not {s.node.id for s in found} & partners
    assert all(s.node.get("country") in resolve_area(store, "Afrika").countries for s in found)


def test_real_giessen_in_ghana(real_embedded):
    giessen = search(real_embedded, "Gießen", labels=[MUNICIPALITY], limit=1)[0]
    partners = {e.source if e.target == giessen.id else e.target
                for e in real_embedded.edges(PARTNER_OF, [giessen.id])}
    found = suggest_partners(real_embedded, giessen.id, resolve_area(real_embedded, "Ghana"))
    assert found
    assert all(s.node.get("country") == "GH" for s in found)
    assert not {s.node.id for s in found} & partners
    assert [s.score for s in found] == sorted((s.score for s in found), reverse=True)
    assert all(s.reasons for s in found[:3])


def test_real_suggestions_never_include_existing_partners(real_embedded):
    leipzig = search(real_embedded, "Leipzig", labels=[MUNICIPALITY], limit=1)[0]
    krakow = search(real_embedded, "Kraków", labels=[MUNICIPALITY], limit=1)[0]
    partners = {e.source if e.target == leipzig.id else e.target for e in real_embedded.edges(PARTNER_OF, [leipzig.id])}
    found = suggest_partners(real_embedded, leipzig.id, resolve_area(real_embedded, "PL"), limit=200)
    assert krakow.id in partners
    assert found and not {s.node.id for s in found} & partners
