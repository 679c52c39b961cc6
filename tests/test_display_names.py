"""Names as a reader sees them: current subdivision names in English and German, never a bare code;
place labels that tell namesakes apart; display names chosen by one documented rule."""

from __future__ import annotations

import re

import pytest

import graph.i18n.core as i18n
from graph.geo.subdivisions import subdivisions
from graph.i18n.names import subdivision_name

CODE = re.compile(r"[A-Z]{2}-[A-Z0-9]{1,3}")
COUNTRIES = ("DE", "PL", "UA", "FR", "IT", "CZ", "RU", "GB", "US", "TR", "ID", "CV", "GW", "DO", "MH", "JP")


@pytest.mark.parametrize("lang", ["en", "de"])
def test_no_subdivision_label_is_a_bare_code(lang):
    import pycountry

    with i18n.using(lang):
        for country in COUNTRIES:
            for sub in pycountry.subdivisions.get(country_code=country):
                label = subdivision_name(sub.code)
                assert label and not CODE.fullmatch(label), (sub.code, label)


@pytest.mark.parametrize("code, en, de", [
    ("UA-30", "Kyiv City", "Kyjiw"),
    ("UA-32", "Kyivska oblast", "Kyjiwska oblast"),  # GeoNames' "Kiev" is outdated
    ("UA-51", "Odeska oblast", "Odeska oblast"),  # not "Odessa"
    ("UA-12", "Dnipropetrovsk", "Dnipropetrovsk"),
    ("DE-SN", "Saxony", "Sachsen"),
    ("PL-12", "Lesser Poland", "Kleinpolen"),
    ("ID-JB", "West Java", "West Java"),  # a province ISO files under an island
])
def test_subdivision_names_are_current(code, en, de):
    with i18n.using("en"):
        assert subdivision_name(code) == en
    with i18n.using("de"):
        assert subdivision_name(code) == de


def test_no_ukrainian_subdivision_keeps_a_russian_era_spelling():
    with i18n.using("en"):
        names = {subdivision_name(s.code) for s in subdivisions("UA")}
    assert not names & {"Kiev", "Odessa", "Kharkov", "Lvov", "Nikolayev", "Zaporozhye"}


def test_real_dataset_subdivisions_are_named(real_embedded):
    from graph.model import MUNICIPALITY

    bare = set()
    for node in real_embedded.nodes(MUNICIPALITY):
        value = node.get("subdivision")
        if value and CODE.fullmatch(value):
            for lang in ("en", "de"):
                with i18n.using(lang):
                    if CODE.fullmatch(subdivision_name(value, node.get("country"))):
                        bare.add(value)
    assert not bare


# --- display names of places -----------------------------------------------------------------------

HEADER = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"
PAIRS = [
    "Plzeň,Czech Republic,49.7475,13.3776,Limoges,France,45.8336,1.2611",
    "Lübbenau,Germany,51.8667,13.9667,Kamień Pomorski,Poland,53.9697,14.7725",
    "Rishon LeZion,Israel,31.9642,34.8044,Munich,Germany,48.1372,11.5756",
    "Kyiv,Ukraine,50.45,30.5236,Kraków,Poland,50.0614,19.9372",
    "Milan,Italy,45.4669,9.19,Wrocław,Poland,51.11,17.0325",
    "Volos,Greece,39.3667,22.9333,Rishon LeZion,Israel,31.9642,34.8044",
    "Iolcus,Greece,39.3667,22.9333,Plzeň,Czech Republic,49.7475,13.3776",
]


def _names(tmp_path, rows):
    from graph.model import MUNICIPALITY
    from loaders.twin_cities import read_twin_cities

    path = tmp_path / "pairs.csv"
    path.write_text(HEADER + "\n".join(rows) + "\n", encoding="utf-8")
    nodes, _, _ = read_twin_cities(path)
    return {n.get("gazetteer_id"): n for n in nodes if n.label == MUNICIPALITY}


@pytest.mark.parametrize("rows", [PAIRS, PAIRS[::-1]], ids=["in order", "reversed"])
def test_places_are_stored_under_their_local_official_name(tmp_path, rows):
    places = _names(tmp_path, rows)
    expected = {"3068160": "Plzeň",  # GeoNames: "Pilsen"
                "2875623": "Lübbenau/Spreewald",  # GeoNames: "Lubnjow"; the register's name
                "293703": "Rishon LeZion",  # GeoNames: "Rishon LeTsiyyon"
                "2867714": "München",  # GeoNames and the source: "Munich"
                "3173435": "Milano",
                "3094802": "Kraków", "3081368": "Wrocław", "703448": "Kyiv",
                "251833": "Volos"}  # also written "Iolcus": GeoNames' name, written by a source, stays
    assert {gid: places[gid].name for gid in expected} == expected


def test_names_follow_the_reader_language_where_cldr_has_them(tmp_path):
    from graph.i18n.place_labels import place_name

    places = _names(tmp_path, PAIRS)
    kyiv, krakow, munich = places["703448"], places["3094802"], places["2867714"]
    with i18n.using("de"):
        assert [place_name(kyiv), place_name(krakow), place_name(munich)] == ["Kiew", "Kraków", "München"]
    with i18n.using("en"):
        assert [place_name(kyiv), place_name(krakow), place_name(munich)] == ["Kyiv", "Kraków", "München"]
    assert {"Krakau", "Cracow"} <= set(krakow.get("aliases")) and "Breslau" in places["3081368"].get("aliases")


def test_real_dataset_names(real_embedded):
    from graph.i18n.place_labels import place_name
    from graph.model import MUNICIPALITY

    by_gazetteer = {n.get("gazetteer_id"): n for n in real_embedded.nodes(MUNICIPALITY)}
    shown = {gid: by_gazetteer[gid].name for gid in ("3068160", "2875623", "293703", "2867714", "3094802")}
    assert shown == {"3068160": "Plzeň", "2875623": "Lübbenau/Spreewald", "293703": "Rishon LeZion",
                     "2867714": "München", "3094802": "Kraków"}
    with i18n.using("de"):
        assert place_name(by_gazetteer["703448"]) == "Kiew"
        assert place_name(by_gazetteer["756135"]) == "Warschau"
    with i18n.using("en"):
        assert place_name(by_gazetteer["756135"]) == "Warsaw"


def test_real_dataset_namesakes_get_labels_of_their_own(real_embedded):
    from graph.i18n.place_labels import distinct_labels, place_label
    from graph.queries.search import search
    from graph.queries.partners import partner_counts

    for name in ("Friedberg", "Massa", "Münster"):
        hits = [n for n in search(real_embedded, name, labels=["Municipality"], limit=50) if n.name == name]
        counts = partner_counts(real_embedded, [n.id for n in hits])
        with i18n.using("de"):
            labels = distinct_labels({n.id: place_label(n, counts[n.id]) for n in hits})
        assert len(set(labels.values())) == len(hits), labels
    assert len([n for n in search(real_embedded, "Friedberg", limit=50) if n.name == "Friedberg"]) >= 3
    assert labels["mun:gn:2867543"] == (
        f"Münster (Nordrhein-Westfalen, Deutschland) · Stadt · {counts['mun:gn:2867543']} Partnerschaften")
    assert counts["mun:gn:2867543"] >= 10
    with i18n.using("de"):
        assert place_label(real_embedded.get("mun:gn:703448")) == "Kiew (Ukraine) · Stadt"


def test_a_former_english_subdivision_name_still_finds_it_but_is_not_shown():
    from graph.geo.subdivisions import subdivision

    assert [subdivision(n, c).code for n, c in (("Kiev", "UA"), ("Odessa", "UA"), ("Metro Manila", "PH"))] == [
        "UA-32", "UA-51", "PH-00"]
    with i18n.using("en"):
        assert subdivision_name("Kiev", "UA") == "Kyivska oblast"
