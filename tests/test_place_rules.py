"""The place rules as a table: which rule places a spelling, what it records, what quality counts."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from graph.geo.countries import resolve_country
from graph.model import MUNICIPALITY
from graph.places.resolver import PlaceResolver
from graph.places.rules import RULES
from graph.places.spellings import Rule, parse_spelling, spelling_entry
from graph.queries.quality import quality
from graph.store.embedded import EmbeddedStore

README = Path(__file__).resolve().parent.parent / "README.md"

# source (name, country, lat, lon) -> (rule recorded, its detail, kind of the node)
TABLE = [
    (("Köln", "Germany", 50.94, 6.96), Rule.NAME, None, "city"),
    (("Cologne", "Germany", 50.94, 6.96), Rule.ALIAS, None, "city"),
    (("Liverpool", "Australia", 53.41, -2.99), Rule.COORDINATES_ABROAD, "GB", "city"),
    (("Leipzig – Grünau", "Germany", 51.32, 12.28), Rule.DISTRICT, "Leipzig", "district"),
    (("Mapo (Seoul)", "South Korea", 37.56, 126.90), Rule.DISTRICT, "Seoul", "district"),
    (("Weimar (Thüringen)", "Germany", 50.98, 11.32), Rule.QUALIFIER, None, "city"),
    (("Dębica (rural gmina)", "Poland", None, None), Rule.FLAGGED, "municipality", "municipality"),
    (("Mansfield, Ohio", "United States", None, None), Rule.SUBDIVISION, None, "city"),
    (("Prague 10", "Czech Republic", 50.07, 14.47), Rule.DISTRICT, "Prague", "district"),
    (("Hawaii County", "United States", None, None), Rule.AREA, "county", "county"),
    (("Ebensee am Traunsee", "Austria", 47.8083, 13.775), Rule.NAME_PART, None, "city"),
    (("Zzyzxville", "Germany", None, None), Rule.UNLINKED, None, "city"),
]


@pytest.fixture(scope="module")
def resolver():
    return PlaceResolver()


@pytest.mark.parametrize("source,rule,detail,kind", TABLE, ids=[row[0][0] for row in TABLE])
def test_each_spelling_records_the_rule_that_placed_it(resolver, source, rule, detail, kind):
    name, country_text, lat, lon = source
    place = resolver.place(name, resolve_country(country_text), lat, lon)
    link = resolver.links[(name, place.node.get("country"))]
    assert (link.rule, link.detail, place.node.get("kind")) == (rule, detail, kind)
    assert place.node.get("spellings") == [spelling_entry(name, rule, detail)]
    assert parse_spelling(place.node.get("spellings")[0]) == (name, rule, detail)


def test_rules_read_as_the_readme_table_in_the_same_order():
    text = README.read_text(encoding="utf-8")
    table = text[text.index("| rule | source says |"):]
    named = re.findall(r"^\| `(\w+)` \|", table[:table.index("\n\n")], re.MULTILINE)
    assert named == [rule.__name__ for rule in RULES]


def test_a_spelling_entry_says_the_rule_and_its_particulars_in_words():
    assert spelling_entry("Mitte", Rule.DISTRICT, "Berlin") == "Mitte · district of a city or municipality · Berlin"
    assert Rule.DISTRICT.describe("Berlin") == "district of Berlin"
    assert Rule.AREA.describe("county") == "area (county)"
    assert parse_spelling("Somewhere · written by hand") == ("Somewhere · written by hand", None, None)


def test_quality_counts_spellings_by_rule_without_their_particulars(resolver, tmp_path):
    store = EmbeddedStore(tmp_path)
    for source, *_ in TABLE:
        name, country_text, lat, lon = source
        place = resolver.place(name, resolve_country(country_text), lat, lon)
        store.upsert([place.node, *place.nodes])
    report = quality(store)
    assert report.rules[Rule.DISTRICT.value] == 3  # Leipzig – Grünau, Mapo (Seoul), Prague 10
    assert report.rules[Rule.COORDINATES_ABROAD.value] == 1
    assert report.rules[Rule.AREA.value] == 1 and report.rules[Rule.FLAGGED.value] == 1
    koeln = next(m for m in report.merges if m["id"] == next(
        n.id for n in store.nodes(MUNICIPALITY) if n.name == "Köln"))
    assert koeln["reasons"] == ["'Cologne' by alias", "'Köln' by name"]
