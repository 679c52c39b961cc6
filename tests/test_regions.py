"""Continents, UN M49 sub-regions, EU, ODA recipients and subdivisions."""

from __future__ import annotations

import pycountry
import pytest

from graph.errors import ValidationError
from graph.geo.regions import countries_in_region, find_region, region_records, regions_of_country
from graph.geo.subdivisions import subdivision, subdivision_names, subdivisions
from graph.model import COUNTRY, IN_REGION, PART_OF, REGION


def test_eu_has_27_members():
    eu = countries_in_region("EU")
    assert len(eu) == 27 and "DE" in eu and "GB" not in eu
    assert countries_in_region("Europäische Union") == eu


@pytest.mark.parametrize("code,region", [
    ("UA", "ODA recipients"), ("GH", "Afrika"), ("GH", "Western Africa"), ("DE", "Westeuropa"),
    ("PL", "Osteuropa"), ("BR", "Lateinamerika und Karibik"), ("JP", "Asia"), ("FJ", "Oceania"),
    ("ET", "LDC"), ("MX", "Americas"),
])
def test_membership(code, region):
    assert code in countries_in_region(region)


@pytest.mark.parametrize("code,region", [("DE", "ODA recipients"), ("US", "Europe"), ("UA", "EU")])
def test_non_membership(code, region):
    assert code not in countries_in_region(region)


def test_every_m49_country_is_a_known_iso_code_and_in_one_continent():
    continents = [r for r in ("Africa", "Americas", "Asia", "Europe", "Oceania", "Antarctica")]
    seen: dict[str, str] = {}
    for name in continents:
        for code in countries_in_region(name):
            assert code == "XK" or pycountry.countries.get(alpha_2=code) is not None, code
            assert code not in seen, f"{code} in {seen.get(code)} and {name}"
            seen[code] = name
    assert len(seen) >= 245


def test_unknown_region_is_refused():
    with pytest.raises(ValidationError, match="unknown region"):
        countries_in_region("Atlantis")


def test_region_records_are_a_consistent_graph():
    nodes, edges = region_records()
    ids = {n.id for n in nodes}
    assert {n.label for n in nodes} == {REGION, COUNTRY}
    assert all(e.source in ids and e.target in ids for e in edges)
    assert {e.type for e in edges} == {IN_REGION, PART_OF}
    africa = find_region("Afrika")
    assert any(n.id == africa.id and "Afrika" in n.get("aliases") for n in nodes)
    eu = find_region("EU")
    assert sum(1 for e in edges if e.type == IN_REGION and e.target == eu.id) == 27


def test_regions_of_country_goes_up_the_hierarchy():
    names = [r.name for r in regions_of_country("GH")]
    assert "Western Africa" in names and "Sub-Saharan Africa" in names and "Africa" in names


@pytest.mark.parametrize("text", ["Sachsen", "Saxony", "DE-SN", "sachsen"])
def test_subdivision_names_resolve_to_one_code(text):
    assert subdivision(text, "DE").code == "DE-SN"


def test_subdivisions_of_germany():
    subs = subdivisions("DE")
    assert len(subs) == 16
    bavaria = next(s for s in subs if s.code == "DE-BY")
    assert {"Bayern", "Bavaria"} <= subdivision_names("DE-BY") and bavaria.name_de == "Bayern"
