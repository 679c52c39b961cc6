"""German and English: the catalogue, plural forms, names of kinds, countries and Länder, areas."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from graph import i18n
from graph.errors import InputError
from graph.i18n import country_name, kind_label, ngettext, rel_label, subdivision_name
from graph.queries.regional import resolve_area

REPO = Path(__file__).resolve().parents[1]


def test_german_plurals_follow_the_number():
    with i18n.using("de"):
        assert ngettext("{n} municipality", "{n} municipalities", 1).format(n=1) == "1 Kommune"
        assert ngettext("{n} municipality", "{n} municipalities", 0).format(n=0) == "0 Kommunen"
        assert ngettext("{n} partnership", "{n} partnerships", 2).format(n=2) == "2 Partnerschaften"
    assert ngettext("{n} municipality", "{n} municipalities", 1).format(n=1) == "1 municipality"
    assert ngettext("{n} municipality", "{n} municipalities", 0).format(n=0) == "0 municipalities"


def test_kinds_countries_and_laender_in_german():
    with i18n.using("de"):
        assert [kind_label(k) for k in ("twin", "friendship", "climate")] == [
            "Städtepartnerschaft", "Städtefreundschaft", "Klimapartnerschaft"]
        assert rel_label("PARTNER_OF") == "Partner von"
        assert (country_name("RU"), country_name("GB"), country_name("UA")) == (
            "Russland", "Vereinigtes Königreich", "Ukraine")
        assert (subdivision_name("DE-SN"), subdivision_name("DE-BY"), subdivision_name("Bavaria", "DE")) == (
            "Sachsen", "Bayern", "Bayern")
        assert subdivision_name("PL-14") == "Masowien"
    assert (kind_label("twin"), country_name("RU"), subdivision_name("DE-SN"), subdivision_name("DE-BW")) == (
        "twin", "Russia", "Saxony", "Baden-Württemberg")


def test_numbers_use_the_languages_separators():
    with i18n.using("de"):
        assert i18n.number(25917) == "25.917"
    assert i18n.number(25917) == "25,917"


def test_language_tags_and_the_environment(monkeypatch):
    assert [i18n.normalise(t) for t in ("de-DE", "de_AT.UTF-8", "EN", "fr", None, "")] == [
        "de", "de", "en", None, None, None]
    monkeypatch.setenv("PARTNERNET_LANG", "de_DE.UTF-8")
    assert i18n.env_language() == "de"
    monkeypatch.setenv("PARTNERNET_LANG", "klingon")
    with pytest.raises(InputError, match=r"PARTNERNET_LANG='klingon'.*de \(Deutsch\)"):
        i18n.env_language()
    with pytest.raises(InputError, match="unknown language 'xx'"):
        i18n.set_language("xx")


def test_every_german_message_is_translated_and_well_formed():
    """The catalogue compiles, and every placeholder of an English message is in its German one."""
    import re

    from babel.messages.pofile import read_po

    with open(i18n.LOCALE_DIR / "de" / "LC_MESSAGES" / "partnernet.po", "rb") as handle:
        catalog = read_po(handle, locale="de")
    placeholder = re.compile(r"\{[a-z_]*[^}]*\}")
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(strings), f"untranslated: {ids[0]!r}"
        wanted = set(placeholder.findall(ids[-1]))
        for text in strings:
            assert set(placeholder.findall(text)) == wanted, (ids[0], text)


@pytest.mark.parametrize("text, code", [("Freistaat Sachsen", "DE-SN"), ("NRW", "DE-NW"),
                                        ("Baden-Württemberg", "DE-BW"), ("Bayern", "DE-BY"),
                                        ("Freistaat Bayern", "DE-BY"), ("Freie und Hansestadt Hamburg", "DE-HH")])
def test_laender_by_their_everyday_names(demo_store, text, code):
    area = resolve_area(demo_store, text)
    assert (area.kind, area.subdivision) == ("subdivision", code)


def test_an_unknown_area_is_named_in_german(demo_store):
    from graph.errors import NotFound

    with i18n.using("de"), pytest.raises(NotFound, match="keine Kommune, kein Land.*'Atlantis'"):
        resolve_area(demo_store, "Atlantis")


def test_every_message_the_code_asks_for_has_a_german_translation():
    """Extracts the messages of app.py, app_pages/, graph/, cli.py, commandline/ and loaders/ as xgettext would,
    and finds each in the German catalogue: a view cannot show an English sentence in the middle of a
    German page, nor the command line in the middle of its German output."""
    from babel.messages.extract import extract_from_file
    from babel.messages.pofile import read_po

    with open(i18n.LOCALE_DIR / "de" / "LC_MESSAGES" / "partnernet.po", "rb") as handle:
        catalog = read_po(handle, locale="de")
    keywords = {"_": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
    files = [REPO / "app.py", *sorted((REPO / "app_pages").glob("*.py")), *sorted((REPO / "graph").rglob("*.py")),
             REPO / "cli.py", *sorted((REPO / "commandline").glob("*.py")), *sorted((REPO / "loaders").rglob("*.py"))]
    missing = []
    for path in files:
        for line, message, _comments, context in extract_from_file("python", str(path), keywords=keywords):
            key = message[0] if isinstance(message, tuple) else message
            found = catalog.get(key, context=context)
            if found is None or not (found.string[0] if isinstance(found.string, tuple) else found.string):
                missing.append(f"{path.relative_to(REPO)}:{line}: {key!r}")
    assert not missing, "\n".join(missing)
