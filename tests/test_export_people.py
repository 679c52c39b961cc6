"""Tables and exports for people: the file named is the file written, human headers in the UI
language, names instead of codes, empty cells for missing values, sources by title and link."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

import cli
from graph import i18n
from graph.export import ExportContext, export, with_sources
from graph.export.readable import readable_rows
from graph.queries.regional import existing_partnerships, resolve_area

HEADER = "city1,country1,lat1,lng1,city2,country2,lat2,lng2\n"


@pytest.fixture
def run(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("PARTNERNET_LANG", raising=False)

    def _run(*args):
        code = cli.main(["--data-dir", str(tmp_path / "store"), *args])
        out = capsys.readouterr()
        return code, out.out, out.err
    return _run


@pytest.fixture
def loaded(run, tmp_path):
    assert run("load", "demo")[0] == 0
    return run


def _csv(path, delimiter=","):
    raw = path.read_bytes()
    assert not raw.startswith(b"PK"), "a zip written under a .csv name"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter))


def test_csv_named_is_a_csv_with_readable_rows(loaded, tmp_path):
    out = tmp_path / "sachsen-ukraine.csv"
    code, text, _ = loaded("export", str(out), "--from", "Sachsen", "--to", "Ukraine", "--delimiter", ";")
    assert code == 0 and f"wrote {out}" in text
    rows = _csv(out, ";")
    leipzig = next(r for r in rows if r["Municipality"] == "Leipzig" and r["Partner"] == "Kyiv")
    assert (leipzig["Subdivision"], leipzig["Country"], leipzig["Partner's country"], leipzig["Kind"]) == (
        "Saxony", "Germany", "Ukraine", "twin")
    assert leipzig["Partner's subdivision"] == "Kyiv City"  # UA-30 by its name, not its code
    assert "Wikipedia: List of twin towns and sister cities in Germany" in leipzig["Sources"]
    assert all(v != "None" for r in rows for v in r.values())


def test_csv_in_german_with_partnernet_lang(loaded, tmp_path, monkeypatch):
    monkeypatch.setenv("PARTNERNET_LANG", "de")
    out = tmp_path / "sachsen-ukraine.csv"
    assert loaded("export", str(out), "--from", "Freistaat Sachsen", "--to", "Ukraine")[0] == 0
    row = next(r for r in _csv(out) if r["Kommune"] == "Leipzig" and r["Partner"] == "Kiew")  # CLDR's German name
    assert (row["Land/Region"], row["Staat"], row["Land/Region des Partners"], row["Art"]) == (
        "Sachsen", "Deutschland", "Kyjiw", "Städtepartnerschaft")


def test_several_tables_named_csv_are_said_and_zipped(loaded, tmp_path):
    out = tmp_path / "leipzig.csv"
    code, text, _ = loaded("export", str(out), "--centre", "Leipzig")
    assert code == 0
    assert "leipzig.csv: this view is several tables (nodes.csv, edges.csv" in text
    assert "written as one CSV each to leipzig.zip" in text
    assert not out.exists()
    names = zipfile.ZipFile(tmp_path / "leipzig.zip").namelist()
    assert {"nodes.csv", "edges.csv", "sources.csv"} <= set(names)


def test_partnerships_only_view_named_csv_is_one_csv(loaded, tmp_path):
    out = tmp_path / "leipzig-partners.csv"
    assert loaded("export", str(out), "--centre", "Leipzig", "--rel", "PARTNER_OF")[0] == 0
    rows = _csv(out)
    assert rows and {"Municipality A", "Municipality B", "Kind", "Since"} <= set(rows[0])
    assert all(r["Municipality A"] == "Leipzig" for r in rows)


def test_semicolon_csv_and_sources_with_titles(demo_store):
    origin, target = resolve_area(demo_store, "Sachsen"), resolve_area(demo_store, "Ukraine")
    table = existing_partnerships(demo_store, origin, target)
    sub = demo_store.subgraph(set(table["origin_id"]) | set(table["partner_id"]))
    context = with_sources(demo_store, sub, ExportContext(title="Sachsen - Ukraine", tables={"partnerships": table}))
    archive = zipfile.ZipFile(io.BytesIO(export(sub, "csv-semicolon", context=context)))
    first = archive.read("partnerships.csv").decode("utf-8-sig").splitlines()[0]
    assert first.startswith("Municipality;Subdivision;Country;Partner;")
    sources = list(csv.DictReader(io.StringIO(archive.read("sources.csv").decode("utf-8-sig")), delimiter=";"))
    wiki = next(r for r in sources if r["Id"] == "source:wikipedia-twin-towns-germany")
    assert wiki["Source"].startswith("Wikipedia: List of twin towns") and wiki["Link or file"].startswith("https://")

    book = load_workbook(io.BytesIO(export(sub, "xlsx", context=context)))
    sheet = book["Sources"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in r))) for r in sheet.iter_rows(min_row=2)]
    assert all(r["Link or file"] for r in rows), rows
    assert all(not str(r["Source"]).startswith("source:") for r in rows)


def test_missing_values_are_empty_cells_and_codes_become_names():
    rows = [{"origin": "Leipzig", "origin_country": "DE", "origin_subdivision": "DE-SN", "partner": "Kyiv",
             "partner_country": "UA", "partner_subdivision": "UA-30", "kind": "twin", "since": None}]
    assert readable_rows(rows)[0] == {"origin": "Leipzig", "origin_country": "Germany", "origin_subdivision": "Saxony",
                                      "partner": "Kyiv", "partner_country": "Ukraine",
                                      "partner_subdivision": "Kyiv City", "kind": "twin", "since": None}
    with i18n.using("de"):
        german = readable_rows(rows)[0]
    assert (german["origin_subdivision"], german["partner_subdivision"], german["kind"]) == (
        "Sachsen", "Kyjiw", "Städtepartnerschaft")


def test_german_workbook_headers_and_sheet_names(demo_store):
    sub = demo_store.neighbourhood("mun:gn:2879139", depth=1, rel_types=["PARTNER_OF"])
    with i18n.using("de"):
        book = load_workbook(io.BytesIO(export(sub, "xlsx", context=ExportContext(title="Leipzig"))))
    assert book.sheetnames[:3] == ["Übersicht", "Kommunen", "Partnerschaften"]
    header = [c.value for c in book["Partnerschaften"][1]]
    assert header[:6] == ["Kommune A", "Staat A", "Kommune B", "Staat B", "Art", "Seit"]
    kinds = {c.value for c in book["Partnerschaften"]["E"][1:]}
    assert "Städtepartnerschaft" in kinds


def test_report_keeps_words_whole():
    from graph.export.report import _STYLE

    assert "overflow-wrap: anywhere" not in _STYLE
