"""Users' own partnership spreadsheets, one table of cases per kind of fault real files have.

Each case is a small file the test writes (bytes in a given encoding, or a workbook made with
openpyxl/pandas) and the nodes and edges it must give, or the exact message it must be refused with.
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest

from graph.store.embedded import EmbeddedStore
from graph.errors import InputError
from graph.model import PARTNER_OF
from loaders.twin_cities import load_twin_cities, read_twin_cities

GERMAN = "Stadt;Land;Partnerstadt;Partnerland;Art;Seit\n"


def write(tmp_path, text: str, name="partner.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def pairs(store) -> list[tuple]:
    """(city, partner, partner's country, partner linked to GeoNames, kind, since, until, status)."""
    places = {n.id: n for n in store.nodes("Municipality")}
    out = []
    for edge in store.edges(PARTNER_OF):
        a, b = places[edge.source], places[edge.target]
        if a.name not in ("Leipzig", "Münster"):
            a, b = b, a
        out.append((a.name, b.name, b.get("country"), b.id.startswith("mun:gn:"), edge.props["kind"],
                    edge.props.get("since"), edge.props.get("until"), edge.props.get("status")))
    return sorted(out)


# -- kind codes and German kind words ---------------------------------------------------------------
KINDS = [
    ("P", "twin"), ("F", "friendship"), ("K", "contact"), ("Städtepartnerschaft", "twin"),
    ("Städtefreundschaft", "friendship"), ("Städtekontakt", "contact"), ("Patenschaft", "friendship"),
    ("Projektpartnerschaft", "project"), ("Klimapartnerschaft", "climate"), ("sister city", "twin"),
    ("", "twin"),
]


@pytest.mark.parametrize("cell, kind", KINDS)
def test_kind_codes_and_words(tmp_path, memory_store, cell, kind):
    report = load_twin_cities(memory_store, write(tmp_path, GERMAN + f"Leipzig;Deutschland;Kraków;Polen;{cell};1995\n"))
    assert report.rows_loaded == 1 and not report.problems and not report.warnings
    assert pairs(memory_store) == [("Leipzig", "Kraków", "PL", True, kind, 1995, None, None)]


def test_an_unknown_kind_loads_as_contact_with_a_note(tmp_path, memory_store):
    text = GERMAN + "Leipzig;Deutschland;Kraków;Polen;Schulpartnerschaft;1995\nLeipzig;Deutschland;Kyjiw;Ukraine;P;\n"
    report = load_twin_cities(memory_store, write(tmp_path, text))
    assert report.rows_loaded == 2 and not report.problems
    assert [p[4] for p in pairs(memory_store)] == ["contact", "twin"]
    assert ("partnership kind 'Schulpartnerschaft' (line 2) is not one we know; loaded as 'contact'. "
            "Known: P/Partnerschaft/twin") in "\n".join(report.notes)


# -- a year where a date is written -----------------------------------------------------------------
DATES = [("12.05.1987", 1987), ("seit 1991", 1991), ("1991-06-14", 1991), ("1962-01-01T00:00:00Z", 1962),
         ("5/14/1990 12:00:00 AM", 1990), ("ca. 1978", 1978), ("1995", 1995), ("März 1990", 1990)]


@pytest.mark.parametrize("cell, year", DATES)
def test_year_from_any_date_form(tmp_path, memory_store, cell, year):
    report = load_twin_cities(memory_store, write(tmp_path, GERMAN + f"Leipzig;Deutschland;Kraków;Polen;P;{cell}\n"),
                              strict=True)
    assert report.rows_loaded == 1
    assert pairs(memory_store)[0][5] == year


def test_an_unreadable_year_is_reported_and_the_pair_loads(tmp_path, memory_store):
    report = load_twin_cities(memory_store, write(tmp_path, GERMAN + "Leipzig;Deutschland;Kraków;Polen;P;unbekannt\n"))
    assert report.rows_loaded == 1 and not report.problems
    assert pairs(memory_store) == [("Leipzig", "Kraków", "PL", True, "twin", None, None, None)]
    assert [str(w) for w in report.warnings] == [
        "partner.csv, line 2, column 'seit': no year in this date (write e.g. 1991, 12.05.1991 or 1991-05-12); "
        "left empty (value 'unbekannt')"]


# -- a trailing delimiter -------------------------------------------------------------------------
def test_rows_ending_in_the_delimiter(tmp_path, memory_store):
    text = GERMAN.replace("\n", ";\n") + "Leipzig;Deutschland;Kraków;Polen;P;1995;\nLeipzig;Deutschland;Lyon;Frankreich;P;1981;;\n"
    report = load_twin_cities(memory_store, write(tmp_path, text))
    assert (report.rows_loaded, report.problems) == (2, [])
    assert [p[1] for p in pairs(memory_store)] == ["Kraków", "Lyon"]


# -- country names in German, other languages, historical and long forms -----------------------------
COUNTRIES = [
    ("Cluj-Napoca", "Rumänien", "RO"), ("Minsk", "Weißrussland", "BY"), ("Houston", "Vereinigte Staaten", "US"),
    ("Birmingham", "Vereinigtes Königreich", "GB"), ("Sousse", "Tunesien", "TN"),
    ("Brno", "Tschechische Republik", "CZ"), ("Kazan", "Russische Föderation", "RU"),
    ("Toruń", "Pologne", "PL"), ("Debrecen", "Węgry", "HU"), ("Chişinău", "Moldau, Republik", "MD"),
]


@pytest.mark.parametrize("city, country, code", COUNTRIES)
def test_country_names_in_other_languages(tmp_path, memory_store, city, country, code):
    report = load_twin_cities(memory_store, write(tmp_path, GERMAN + f"Leipzig;Deutschland;{city};{country};P;\n"))
    assert not [n for n in report.notes if "is not a country" in n]
    ((_, partner, partner_country, linked, *_),) = pairs(memory_store)
    assert (partner_country, linked) == (code, True)


# -- header words ----------------------------------------------------------------------------------
HEADERS = [
    "Stadt;Land;Partnerstadt;Partnerland;Art;Seit",
    "Kommune;Staat;Partnerkommune;Partnerstaat;Typ;Beginn",
    "city;country;partner city;partner country;type;year",
    "STADT1;LAND1;STADT2;LAND2;ART;SEIT",
]


@pytest.mark.parametrize("header", HEADERS)
def test_header_words(tmp_path, memory_store, header):
    load_twin_cities(memory_store, write(tmp_path, header + "\nLeipzig;Deutschland;Kraków;Polen;F;1995\n"))
    assert pairs(memory_store) == [("Leipzig", "Kraków", "PL", True, "friendship", 1995, None, None)]


def test_a_refusal_names_the_german_header_words(tmp_path, memory_store):
    with pytest.raises(InputError) as err:
        load_twin_cities(memory_store, write(tmp_path, "Stadt;Land;Art\nLeipzig;Deutschland;P\n"))
    message = str(err.value)
    assert message.startswith("partner.csv: missing columns 'city2', 'country2'; expected city1,country1,city2,country2")
    assert "city2 (also: 'Partnerstadt', " in message and "country2 (also: 'Partnerland', " in message
    assert "Stadt;Land;Partnerstadt;Partnerland;Art;Seit;Bis;Quelle works as it is" in message
    assert memory_store.stats().node_count == 0


# -- notes in name cells --------------------------------------------------------------------------
ANNOTATIONS = [
    ("Oxford (since 1947)", "England", ("Oxford", 1947, None, None)),
    ("Novi Sad (former)", "Serbien", ("Novi Sad", None, None, "former")),
    ("Lviv (suspended)", "Ukraine", ("Lviv", None, None, "suspended")),
    ("Tours (seit 1990)", "Frankreich", ("Tours", 1990, None, None)),
    ("Perm (ruht)", "Russland", ("Perm", None, None, "suspended")),
    ("Ohrid (1961–1991)", "Nordmazedonien", ("Ohrid", 1961, 1991, "former")),
    ("Halle (Saale)", "Deutschland", ("Halle (Saale)", None, None, None)),
]


@pytest.mark.parametrize("cell, country, expected", ANNOTATIONS)
def test_notes_in_name_cells(tmp_path, memory_store, cell, country, expected):
    load_twin_cities(memory_store, write(tmp_path, GERMAN + f"Münster;Deutschland;{cell};{country};;\n"))
    ((_, partner, _, _, _, since, until, status),) = pairs(memory_store)
    assert (partner, since, until, status) == expected


# -- encodings ------------------------------------------------------------------------------------
ENCODED = [
    ("cp850", "Münster;Deutschland;Kraków;Polen;P;\nGießen;Deutschland;Wenzhou;China;F;\n", ["Gießen", "Münster"]),
    ("iso-8859-2", "Münster;Deutschland;Łódź;Polen;P;\nMünster;Deutschland;České Budějovice;Tschechien;P;\n",
     ["Münster"]),
    ("mac_roman", "Münster;Deutschland;Nîmes;Frankreich;P;\n", ["Münster"]),
    ("cp1252", "Münster;Deutschland;Kraków;Polen;P;\n", ["Münster"]),
]


@pytest.mark.parametrize("encoding, body, germans", ENCODED)
def test_encodings_are_detected(tmp_path, memory_store, encoding, body, germans):
    path = write(tmp_path, GERMAN + body, encoding=encoding)
    report = load_twin_cities(memory_store, path)
    assert report.notes[0] == f"read as {encoding} with delimiter ';'"
    names = {n.name for n in memory_store.nodes("Municipality")}
    assert set(germans) <= names
    assert all(p[3] for p in pairs(memory_store))  # every partner linked to the gazetteer


@pytest.mark.parametrize("encoding", ["cp850", "iso-8859-2", "mac_roman"])
def test_encodings_can_be_chosen(tmp_path, memory_store, encoding):
    path = write(tmp_path, GERMAN + "Münster;Deutschland;Nîmes;Frankreich;P;\n", encoding=encoding)
    load_twin_cities(memory_store, path, encoding=encoding)
    assert [p[:2] for p in pairs(memory_store)] == [("Münster", "Nîmes")]


def test_a_wrong_encoding_is_refused_naming_the_likely_one(tmp_path):
    store = EmbeddedStore(tmp_path / "store")
    load_twin_cities(store, write(tmp_path, GERMAN + "Leipzig;Deutschland;Kraków;Polen;P;\n", name="first.csv"))
    before = hashlib.sha256((tmp_path / "store" / "graph.arrow").read_bytes()).hexdigest()
    path = write(tmp_path, GERMAN + "Münster;Deutschland;Lublin;Polen;P;\n", encoding="cp850")
    with pytest.raises(InputError) as err:
        load_twin_cities(store, path, encoding="latin-1")
    assert str(err.value) == ("partner.csv, line 2: read as latin-1, the text holds control characters "
                              "(value 'M\\x81nster;Deutschland;Lublin;Polen;P;'); the file looks like cp850: "
                              "load it with --encoding cp850")
    assert hashlib.sha256((tmp_path / "store" / "graph.arrow").read_bytes()).hexdigest() == before


# -- letters lost by a Windows-1252 save ------------------------------------------------------------
def test_a_lost_letter_is_matched_to_the_place_it_was(tmp_path, memory_store):
    text = GERMAN + "Münster;Deutschland;Gödöll?;Ungarn;P;\nLeipzig;Deutschland;Gödöllő;Ungarn;P;\n"
    report = load_twin_cities(memory_store, write(tmp_path, text))
    partners = {p[1] for p in pairs(memory_store)}
    assert partners == {"Gödöllő"}  # one place, not a new one beside it
    assert ("'Gödöll?' (line 2) has '?' where a letter was lost when the file was saved (Excel writes '?' "
            "for letters its encoding lacks); read as 'Gödöllő'") in "\n".join(report.notes)


def test_a_lost_letter_without_a_match_is_kept_and_said(tmp_path, memory_store):
    report = load_twin_cities(memory_store, write(tmp_path, GERMAN + "Münster;Deutschland;Qwx?yz;Ungarn;P;\n"))
    assert [p[1] for p in pairs(memory_store)] == ["Qwx?yz"]
    assert "'Qwx?yz' (line 2) has '?' where a letter was probably lost" in "\n".join(report.notes)


# -- workbooks ------------------------------------------------------------------------------------
def _xlsx(path, sheets: dict[str, list[list]]):
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


ROWS = [["Stadt", "Land", "Partnerstadt", "Partnerland", "Art", "Seit"],
        ["Leipzig", "Deutschland", "Kraków", "Polen", "P", dt.datetime(1987, 5, 12)],
        ["Leipzig", "Deutschland", "Lyon", "Frankreich", "F", 1981],
        [None, None, None, None, None, None]]


def test_an_excel_workbook_is_read_directly(tmp_path, memory_store):
    path = _xlsx(tmp_path / "Partnerschaften.xlsx", {"Partner": ROWS, "Notizen": [["nichts"]]})
    report = load_twin_cities(memory_store, path)
    assert report.notes[0] == "read as sheet 'Partner'"
    assert pairs(memory_store) == [("Leipzig", "Kraków", "PL", True, "twin", 1987, None, None),
                                   ("Leipzig", "Lyon", "FR", True, "friendship", 1981, None, None)]


def test_the_sheet_is_chosen_by_name_or_number(tmp_path, memory_store):
    path = _xlsx(tmp_path / "book.xlsx", {"Deckblatt": [["Partnerschaften der Stadt"]], "Liste": ROWS})
    assert read_twin_cities(path, sheet="Liste")[2].rows_loaded == 2
    assert read_twin_cities(path, sheet="2")[2].rows_loaded == 2
    with pytest.raises(InputError) as err:
        read_twin_cities(path, sheet="Tabelle1")
    assert str(err.value) == ("book.xlsx has no sheet 'Tabelle1'; its sheets are 'Deckblatt', 'Liste' "
                              "(choose one with --sheet NAME or --sheet NUMBER)")


def test_an_ods_workbook_is_read(tmp_path, memory_store):
    pd = pytest.importorskip("pandas")
    path = tmp_path / "partner.ods"
    pd.DataFrame(ROWS[1:3], columns=ROWS[0]).to_excel(path, engine="odf", index=False)
    load_twin_cities(memory_store, path)
    assert [p[1] for p in pairs(memory_store)] == ["Kraków", "Lyon"]


# -- totals -----------------------------------------------------------------------------------------
def test_totals_add_up(tmp_path, memory_store):
    first = write(tmp_path, GERMAN + "Leipzig;Deutschland;Kraków;Polen;P;\nLeipzig;Deutschland;Lyon;Frankreich;P;\n")
    report = load_twin_cities(memory_store, first)
    totals = report.totals
    assert totals.written == {"Municipality": 3, "Country": 3, "Source": 1, "IN_COUNTRY": 3, "PARTNER_OF": 2}
    assert totals.present == {}
    assert report.summary().splitlines()[1:5] == [
        "  nodes: 7 written (7 new, 0 already present); store 0 -> 7",
        "    Country 3 (3 new), Municipality 3 (3 new), Source 1 (1 new)",
        "  relationships: 5 written (5 new, 0 already present); store 0 -> 5",
        "    IN_COUNTRY 3 (3 new), PARTNER_OF 2 (2 new)",
    ]
    second = write(tmp_path, GERMAN + "Leipzig;Deutschland;Kraków;Polen;P;\nLeipzig;Deutschland;Kyjiw;Ukraine;P;\n",
                   name="zweite.csv")
    totals = load_twin_cities(memory_store, second).totals
    assert totals.new("Municipality") == 1 and totals.present["Municipality"] == 2
    assert totals.new("PARTNER_OF") == 1 and totals.present["PARTNER_OF"] == 1
    stats = memory_store.stats()
    for kind, after in {**stats.nodes, **stats.edges}.items():
        assert after == totals.before.get(kind, 0) - totals.removed.get(kind, 0) + totals.new(kind), kind


def test_no_source_node_when_no_row_loads(tmp_path, memory_store):
    report = load_twin_cities(memory_store, write(tmp_path, GERMAN + ";Deutschland;Kraków;Polen;P;\n"))
    assert report.rows_loaded == 0
    assert memory_store.stats().node_count == 0


# -- the same from the command line ---------------------------------------------------------------
def test_the_command_line_loads_each_example(tmp_path, capsys):
    import cli

    text = (GERMAN.replace("\n", ";\n")
            + "Münster;Deutschland;Lublin;Polen;P;12.05.1991;\n"
              "Münster;Deutschland;Gödöll?;Ungarn;Städtefreundschaft;unbekannt;\n"
              "Münster;Deutschland;Novi Sad (former);Serbien;P;;\n"
              "Münster;Deutschland;Minsk;Weißrussland;K;5/14/1990 12:00:00 AM;\n")
    path = write(tmp_path, text, encoding="cp850")
    store = ["--data-dir", str(tmp_path / "store")]
    assert cli.main([*store, "load", "twin-cities", str(path), "--encoding", "cp850"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[:5] == [
        "partner.csv: 4 of 4 rows loaded, 0 skipped",
        "  nodes: 11 written (11 new, 0 already present); store 0 -> 11",
        "    Country 5 (5 new), Municipality 5 (5 new), Source 1 (1 new)",
        "  relationships: 9 written (9 new, 0 already present); store 0 -> 9",
        "    IN_COUNTRY 5 (5 new), PARTNER_OF 4 (4 new)",
    ]
    assert cli.main([*store, "partners", "Münster"]) == 0
    lines = [line.split() for line in capsys.readouterr().out.splitlines()[2:]]
    assert [line[:-1] for line in lines] == [["Minsk", "BY", "contact", "1990"], ["Gödöllő", "HU", "friendship"],
                                             ["Lublin", "PL", "twin", "1991"], ["Novi", "Sad", "RS", "twin", "former"]]
    assert cli.main([*store, "load", "twin-cities", str(path), "--encoding", "latin-1"]) == 1
    assert "the file looks like cp850: load it with --encoding cp850" in capsys.readouterr().err


@pytest.mark.parametrize("cell, status, warned", [("aktiv", None, False), ("ruht", "suspended", False),
                                                  ("beendet", "former", False), ("former", "former", False),
                                                  ("vielleicht", None, True)])
def test_a_status_column(tmp_path, memory_store, cell, status, warned):
    text = "Stadt;Land;Partnerstadt;Partnerland;Status\n" + f"Leipzig;Deutschland;Kraków;Polen;{cell}\n"
    report = load_twin_cities(memory_store, write(tmp_path, text))
    assert pairs(memory_store)[0][7] == status
    assert [w.value for w in report.warnings] == ([cell] if warned else [])


@pytest.mark.parametrize("text, kept", [
    (GERMAN + "Münster;;Kiew;Ukraine;P;\n", [(2, "land", "", "Münster")]),
    (GERMAN + "Leipzig;Deutschland;Winneba;;P;1990\n", [(2, "partnerland", "", "Winneba")]),
    (GERMAN + "Leipzig;Deutschland;Kraków;Polen;P;\n", []),
    (GERMAN + "Leipzig;Deutschland;Falkland Islands;;P;\n", []),  # the name says the country
    ("city1,country1,lat1,lng1,city2,country2,lat2,lng2\nMünster,,51.96,7.63,Kyiv,Ukraine,,\n", []),  # coordinates
])
def test_a_place_without_a_country_is_listed_with_its_line(tmp_path, text, kept):
    _, _, report = read_twin_cities(write(tmp_path, text))
    assert report.rows_loaded == 1 and not report.problems
    assert [(k.line, k.column, k.value, k.message.split("'")[1]) for k in report.kept] == kept
    assert all("kept as written" in k.message and "add the country" in k.message for k in report.kept)
    for k in report.kept:  # the command line's report lists it too
        assert f"row loaded, place kept as written: partner.csv, line {k.line}, column {k.column!r}" in report.summary()


@pytest.mark.parametrize("text, written", [
    (GERMAN + "Gießen;Deutschland;Winneba;Ghana;P;\n", [("Gießen", "Winneba")]),
    (GERMAN + "Winneba;Ghana;Gießen;Deutschland;P;\n", [("Winneba", "Gießen")]),
    (GERMAN + "Münster;;Kiew;Ukraine;P;\nKiew;Ukraine;Münster;;P;1990\n", [("Münster", "Kyiv")]),  # the first line
])
def test_each_partnership_remembers_the_order_the_file_gave(tmp_path, text, written):
    nodes, edges, report = read_twin_cities(write(tmp_path, text))
    names = {n.id: n.name for n in nodes}
    assert [(names[a], names[b]) for _line, a, b in report.written.values()] == written
    assert {e.identity for e in edges if e.type == PARTNER_OF} == set(report.written)


@pytest.mark.parametrize("lang", ["en", "de"])
def test_the_header_words_the_upload_page_lists_are_read(lang):
    from graph.i18n.core import using
    from loaders.columns import accepted_headers, find_columns

    with using(lang):
        text = accepted_headers()
    listed = [part.split("—")[1] for part in text.split("):", 1)[1].rstrip(".").split(";")]
    assert len(listed) == 10
    for words in listed[:-1]:
        columns = {tuple(find_columns([word.strip().lower()])) for word in words.split(",")}
        assert len(columns) == 1 and () not in columns, words  # each word names the column it is listed under
    coordinates = [find_columns([word.strip().lower()]) for word in listed[-1].split(",")]
    assert all(set(c) <= {"lat1", "lng1", "lat2", "lng2"} and c for c in coordinates), listed[-1]
    if lang == "de":
        assert "city" not in text and "country" not in text
