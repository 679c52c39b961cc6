"""The fast paths of a suggestion give the answers of the rules they stand in for.

The embedded store reads what links the candidates to the origin from its adjacency index; distances
are worked out as arrays; a picture's edge tooltips name each end once. Each is compared here with the
plain rule on inputs it was not written around: a generated network with conferences, organisations,
themes and programme partnerships, and random places on the globe.
"""

import math
import random

import pytest

from benchmarks.generate import network
from benchmarks.workload import questions
from graph.geo.gazetteer_index import distance_km
from graph.geo.sphere import haversine_km
from graph.model import ATTENDS, MEMBER_OF, MUNICIPALITY, PARTNER_OF, Edge, Node
from graph.queries.regional import resolve_area
from graph.queries.suggest_places import NEAR_KM, km_between, km_from, near_pairs
from graph.store import suggest_reads
from graph.store.base import Subgraph
from graph.store.embedded import EmbeddedStore
from graph.export.tooltips import display_name, edge_tooltip


@pytest.fixture(scope="module")
def generated():
    store = EmbeddedStore.memory()
    net = network("tiny", seed=11)
    store.upsert(net.nodes(), net.edges())
    return store, net


def test_embedded_candidate_links_equal_the_rule_over_the_primitives(generated):
    store, net = generated
    asked = questions(net, 25, 3)["suggestions"]
    # and origins that share conferences and organisations with places of another country
    from benchmarks.workload import _country_name

    for rel_type in (ATTENDS, MEMBER_OF):
        members: dict[str, list[str]] = {}
        for edge in store.edges(rel_type):
            members.setdefault(edge.target, []).append(edge.source)
        for group in list(members.values())[:15]:
            countries = [store.get(m).get("country") for m in group]
            others = [c for c in countries if c != countries[0]]
            if others:
                asked.append((group[0], _country_name(others[0])))
    covered = set()
    for origin, country in asked:
        found = store.area_candidates(origin, resolve_area(store, country))
        for origin_country in (store.get(origin).get("country"), None):
            fast = store.candidate_links(origin, list(found.nodes), origin_country)
            rule = suggest_reads.candidate_links(store, origin, list(found.nodes), origin_country)
            assert fast == rule, (origin, country, origin_country)
            for links in fast.values():
                covered |= {name for name in ("shared", "met", "orgs", "themes", "programme_partners",
                                              "country_partners") if getattr(links, name)}
    # the comparison above met every kind of link, not only partner counts
    assert covered == {"shared", "met", "orgs", "themes", "programme_partners", "country_partners"}


def test_embedded_candidate_links_of_unknown_ids_and_of_no_candidates(generated):
    store, net = generated
    origin = questions(net, 1, 3)["suggestions"][0][0]
    assert store.candidate_links(origin, [], "DE") == {}
    assert store.candidate_links(origin, ["mun:nowhere"], "DE") == {}
    assert store.candidate_links("mun:nowhere", [origin], "DE") == \
        suggest_reads.candidate_links(store, "mun:nowhere", [origin], "DE")


def test_haversine_km_is_the_distance_of_distance_km():
    rng = random.Random(5)
    points = [(rng.uniform(-90, 90), rng.uniform(-180, 180), rng.uniform(-90, 90), rng.uniform(-180, 180))
              for _ in range(2_000)]
    arrays = [list(column) for column in zip(*points)]
    for (lat1, lon1, lat2, lon2), km in zip(points, haversine_km(*arrays).tolist()):
        assert km == pytest.approx(distance_km(lat1, lon1, lat2, lon2), abs=1e-6)
    assert round(float(haversine_km(51.34, 12.37, 50.06, 19.94))) == 552  # Leipzig - Kraków
    assert math.isnan(float(haversine_km(float("nan"), 0.0, 1.0, 1.0)))


def _places(count, seed, missing_every=9):
    rng = random.Random(seed)
    out = []
    for i in range(count):
        props = {"name": f"Ort {i}", "country": "DE"}
        if i % missing_every:
            props.update(lat=round(50 + rng.uniform(-0.8, 0.8), 5), lon=round(8 + rng.uniform(-1.2, 1.2), 5))
        out.append(Node.trusted(MUNICIPALITY, f"mun:de:ort{i}", props))
    return out


def test_near_pairs_are_the_pairs_km_between_finds():
    towns, partners = _places(300, 1), _places(40, 2)
    expected = {(i, j) for i, a in enumerate(partners) for j, b in enumerate(towns)
                if (km := km_between(a, b)) is not None and km <= NEAR_KM}
    assert 50 < len(expected) < 40 * 300  # some pairs near, most not
    assert near_pairs(partners, towns, NEAR_KM) == sorted(expected)
    # at the limit: a pair 0.04 mm short of 40 km is near, one 4 cm beyond is not
    a = Node.trusted(MUNICIPALITY, "a", {"name": "a", "lat": 50.0, "lon": 8.0})
    step = NEAR_KM / 111.19492664455873  # degrees of latitude per 40 km on the 6,371 km sphere
    b, c = (Node.trusted(MUNICIPALITY, k, {"name": k, "lat": 50.0 + d, "lon": 8.0}) for k, d in
            (("b", step * (1 - 1e-9)), ("c", step * (1 + 1e-6))))
    assert near_pairs([a], [b, c], NEAR_KM) == [(0, 0)] and km_between(a, c) > NEAR_KM >= km_between(a, b)
    unplaced = Node.trusted(MUNICIPALITY, "x", {"name": "x"})
    assert near_pairs([unplaced], [a], NEAR_KM) == near_pairs([a], [unplaced], NEAR_KM) == []
    assert list(near_pairs([], towns, NEAR_KM)) == [] and list(near_pairs(partners, [], NEAR_KM)) == []


def test_km_from_is_km_between_for_each_place():
    towns = _places(100, 3)
    origin = _places(2, 4, missing_every=100)[1]
    for town, km in zip(towns, km_from(origin, towns)):
        expected = km_between(origin, town)
        assert (km is None) == (expected is None) and (km is None or km == pytest.approx(expected, abs=1e-6))
    assert km_from(_places(1, 5)[0], towns) == [None] * 100  # an origin without coordinates
    assert km_from(origin, []) == []


def test_a_pictures_edge_tooltips_are_the_same_with_the_names_worked_out_once():
    a = Node(MUNICIPALITY, "mun:de:a", {"name": "Gießen", "country": "DE"})
    b = Node(MUNICIPALITY, "mun:fr:b", {"name": "Nîmes", "country": "FR"})
    edge = Edge(PARTNER_OF, a.id, b.id, {"kind": "climate", "since": 1991})
    sub = Subgraph({a.id: a, b.id: b}, [edge], 2)
    names = {n.id: display_name(n) for n in (a, b)}
    assert edge_tooltip(edge, sub, names=names) == edge_tooltip(edge, sub)
    assert edge_tooltip(edge, sub, names=names).startswith("Gießen — Nîmes\n")
    # an end missing from the names is named from the subgraph
    assert edge_tooltip(edge, sub, names={a.id: "Giessen"}).startswith("Giessen — Nîmes\n")


def test_conferences_held_in_a_place_count_as_taken_part_in():
    from graph.model import ADDRESSES, CONFERENCE, HELD_IN, THEME

    store = EmbeddedStore.memory()
    places = [Node(MUNICIPALITY, f"mun:{c}:{k}", {"name": k, "country": c.upper()})
              for c, k in (("de", "jena"), ("gh", "ho"), ("gh", "tamale"))]
    conferences = [Node(CONFERENCE, f"conf:{k}", {"name": k}) for k in ("afrika-2022", "klima-2023")]
    theme = Node(THEME, "theme:climate", {"name": "Klima"})
    store.upsert(places + conferences + [theme], [
        Edge(ATTENDS, "mun:de:jena", "conf:afrika-2022"), Edge(HELD_IN, "conf:afrika-2022", "mun:gh:ho"),
        Edge(HELD_IN, "conf:klima-2023", "mun:de:jena"), Edge(ATTENDS, "mun:gh:tamale", "conf:klima-2023"),
        Edge(ADDRESSES, "conf:klima-2023", "theme:climate"), Edge(ADDRESSES, "conf:afrika-2022", "theme:climate")])
    fast = store.candidate_links("mun:de:jena", ["mun:gh:ho", "mun:gh:tamale"], "DE")
    assert fast == suggest_reads.candidate_links(store, "mun:de:jena", ["mun:gh:ho", "mun:gh:tamale"], "DE")
    assert (fast["mun:gh:ho"].met, fast["mun:gh:tamale"].met) == ({"conf:afrika-2022"}, {"conf:klima-2023"})
    assert fast["mun:gh:ho"].themes == fast["mun:gh:tamale"].themes == {"theme:climate"}


@pytest.mark.parametrize("language, kyiv", [("de", "Kiew"), ("en", "Kyiv")])
def test_reasons_name_the_partners_they_read_by_their_facts_in_the_readers_language(language, kyiv):
    from graph import i18n
    from graph.queries.suggest import suggest

    store = EmbeddedStore.memory()
    place = lambda key, name, country, **more: Node(MUNICIPALITY, f"mun:{country.lower()}:{key}",  # noqa: E731
                                                    {"name": name, "country": country, **more})
    store.upsert([place("lviv", "Lviv", "UA", lat=49.84, lon=24.03), place("kyiv", "Kyiv", "UA", zone="Europe/Kyiv"),
                  place("lublin", "Lublin", "PL", lat=51.25, lon=22.57), place("opole", "Opole", "PL"),
                  place("gdansk", "Gdańsk", "PL")],
                 [Edge(PARTNER_OF, "mun:pl:lublin", "mun:ua:kyiv", {"kind": "twin"}),
                  Edge(PARTNER_OF, "mun:ua:lviv", "mun:pl:opole", {"kind": "twin"})])
    with i18n.using(language):
        found = suggest(store, "mun:ua:lviv", resolve_area(store, "PL"))
        lublin = next(s for s in found.suggestions if s.node.id == "mun:pl:lublin")
        assert any(reason.endswith(f": {kyiv}") for reason in lublin.reasons), lublin.reasons
