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
