"""Bytes no spreadsheet export should hold, and exports in the Unicode encodings Windows programs write.

Each file is written here the way real exports come: Excel's "Unicode Text" (UTF-16 LE with a byte
order mark, tab-separated), UTF-32, a CSV holding a NUL inside a name, a CSV with a stray quote, a
cell carrying a zero-width space, a workbook cell holding a control character.
"""

from __future__ import annotations

import hashlib

import pytest
from openpyxl import Workbook

from graph.errors import InputError
from graph.model import PARTNER_OF
from graph.store.embedded import EmbeddedStore
from loaders.page_text import read_page
from loaders.twin_cities import load_twin_cities, read_twin_cities

ROWS = [("Leipzig", "Deutschland", "Kraków", "Polen"), ("Münster", "Deutschland", "Lublin", "Polen"),
        ("Dresden", "Deutschland", "Wrocław", "Polen"), ("Kiel", "Deutschland", "Gdynia", "Polen"),
        ("Essen", "Deutschland", "Grenoble", "Frankreich")]
HEADER = ("Stadt", "Land", "Partnerstadt", "Partnerland")


def lines(rows=ROWS, sep="\t") -> list[str]:
    return [sep.join(HEADER)] + [sep.join(r) for r in rows]


def pairs(store) -> set[tuple[str, str]]:
    names = {n.id: n.name for n in store.nodes("Municipality")}
    return {tuple(sorted((names[e.source], names[e.target]))) for e in store.edges(PARTNER_OF)}


def digest(store_dir) -> str:
    return hashlib.sha256((store_dir / "graph.arrow").read_bytes()).hexdigest()


@pytest.fixture
def loaded(tmp_path):
    """An embedded store holding one earlier load, to show a refused file changes nothing."""
    first = tmp_path / "first.csv"
    first.write_text("city1,country1,city2,country2\nBonn,DE,Oxford,GB\n", encoding="utf-8")
    store = EmbeddedStore(tmp_path / "store")
    load_twin_cities(store, first)
    return store, digest(tmp_path / "store")


@pytest.mark.parametrize("encoding, name", [("utf-16-le", "partner.txt"), ("utf-16-be", "partner.txt"),
                                            ("utf-32-le", "partner.csv")])
def test_unicode_text_exports_are_read_by_their_mark(tmp_path, memory_store, encoding, name):
    """Excel's "Unicode Text": UTF-16 LE with a byte order mark, tabs, CR LF line ends."""
    path = tmp_path / name
    path.write_bytes(("\ufeff" + "\r\n".join(lines()) + "\r\n").encode(encoding))
    report = load_twin_cities(memory_store, path)
    kind = encoding[:6]
    assert report.notes[0] == f"read as {kind} with delimiter '\\t'"
    assert (report.rows_read, report.rows_loaded) == (5, 5)
    assert pairs(memory_store) == {("Kraków", "Leipzig"), ("Lublin", "Münster"), ("Dresden", "Wrocław"),
                                   ("Gdynia", "Kiel"), ("Essen", "Grenoble")}


def test_unicode_text_can_be_named(tmp_path, memory_store):
    path = tmp_path / "partner.txt"
    path.write_bytes(("\ufeff" + "\r\n".join(lines()) + "\r\n").encode("utf-16-le"))
    assert load_twin_cities(memory_store, path, encoding="Unicode").rows_loaded == 5


def test_a_nul_inside_a_name_is_refused_with_file_line_and_value(tmp_path, loaded):
    store, before = loaded
    path = tmp_path / "partner.csv"
    path.write_bytes("\n".join(lines(sep=";")).replace("Münster", "Mün\x00ster").encode("utf-8") + b"\n")
    with pytest.raises(InputError) as err:
        load_twin_cities(store, path)
    assert str(err.value) == ("partner.csv, line 3: the text holds the control character U+0000 (value "
                              "'Mün\\x00ster;Deutschland;Lublin;Polen'); no name may hold one: delete it in the "
                              "spreadsheet and load the file again")
    assert digest(tmp_path / "store") == before
    assert "Mün\x00ster" not in {n.name for n in store.nodes("Municipality")}


@pytest.mark.parametrize("char", ["\x1b", "\x7f", "\x85", "\x9b"])
def test_other_control_characters_in_utf8_are_refused(tmp_path, char):
    path = tmp_path / "partner.csv"
    path.write_text("\n".join(lines(sep=";")).replace("Kiel", f"Ki{char}el") + "\n", encoding="utf-8")
    with pytest.raises(InputError, match=rf"partner.csv, line 5: the text holds the control character "
                                         rf"U\+{ord(char):04X} \(value 'Ki\\x{ord(char):02x}el;"):
        read_twin_cities(path)


def test_a_stray_quote_is_named_with_its_line(tmp_path, loaded):
    """A quote in line 3 of 6 used to swallow the rest of the file and report "empty city name"."""
    store, before = loaded
    text = "\n".join(lines(sep=";")).replace("Münster", '"Münster') + "\n"
    path = tmp_path / "partner.csv"
    path.write_text(text, encoding="utf-8")
    assert len(text.splitlines()) == 6 and text.splitlines()[2].startswith('"Münster')
    with pytest.raises(InputError) as err:
        load_twin_cities(store, path)
    assert str(err.value) == ("partner.csv, line 3: the quote opened before 'Münster;Deutschland;Lublin;Polen' is "
                              "not closed in that line, so lines 3 to 6 would be read as one value; delete the "
                              "quote (or close it) and load the file again")
    assert digest(tmp_path / "store") == before


def test_quotes_closed_on_their_line_and_quotes_inside_names_load(tmp_path, memory_store):
    text = ('city1,country1,city2,country2\n"Halle (Saale)",DE,"Grenoble",FR\nSt. "Gallen",CH,Kiel,DE\n')
    path = tmp_path / "partner.csv"
    path.write_text(text, encoding="utf-8")
    report = load_twin_cities(memory_store, path)
    assert report.rows_loaded == 2


def test_invisible_characters_are_removed_and_listed(tmp_path, memory_store):
    path = tmp_path / "partner.csv"
    text = "\n".join(lines(sep=";")).replace("Leipzig", "Leip\u200bzig").replace("Kiel", "\u202eKiel\ufeff")
    path.write_text(text + "\n", encoding="utf-8")
    report = load_twin_cities(memory_store, path)
    assert report.rows_loaded == 5
    assert ("Kraków", "Leipzig") in pairs(memory_store) and ("Gdynia", "Kiel") in pairs(memory_store)
    assert not any("\u200b" in n.name for n in memory_store.nodes("Municipality"))
    assert [n for n in report.notes if "invisible" in n] == [
        "line 2, column 'stadt': invisible character U+200B removed (value 'Leip\\u200bzig')",
        "line 5, column 'stadt': invisible characters U+202E, U+FEFF removed (value '\\u202eKiel\\ufeff')"]


def test_a_control_character_in_a_workbook_cell_is_refused(tmp_path, loaded):
    store, before = loaded
    book = Workbook()
    sheet = book.active
    sheet.title = "Partner"
    sheet.append(list(HEADER))
    for row in ROWS:
        sheet.append(list(row))
    sheet["C4"] = "Wroc_x0007_ław"  # a BEL as Excel writes it into the file
    path = tmp_path / "partner.xlsx"
    book.save(path)
    with pytest.raises(InputError) as err:
        load_twin_cities(store, path)
    assert str(err.value) == ("partner.xlsx, sheet 'Partner', row 4, column 'partnerstadt': the cell holds the "
                              "control character U+0007 (value 'Wroc\\x07ław'); no name may hold one: delete it "
                              "in the spreadsheet and load the file again")
    assert digest(tmp_path / "store") == before


def test_excel_escapes_become_the_characters_they_stand_for(tmp_path, memory_store):
    book = Workbook()
    book.active.append(list(HEADER))
    book.active.append(["Leipzig", "Deutschland", "Krak_x00F3_w", "Polen"])
    book.active.append(["Münster", "Deutschland", "Lub_x005F_x0020_lin", "Polen"])  # a written "_x0020_"
    book.save(tmp_path / "partner.xlsx")
    load_twin_cities(memory_store, tmp_path / "partner.xlsx")
    assert pairs(memory_store) == {("Kraków", "Leipzig"), ("Lub_x0020_lin", "Münster")}


def test_a_conference_page_saved_as_unicode_text_is_read(tmp_path):
    page = tmp_path / "seite.txt"
    page.write_bytes("\ufeffPartnerschaftskonferenz 2021\r\nIn Leipzig.\r\n".encode("utf-16-le"))
    assert read_page(page).splitlines() == ["Partnerschaftskonferenz 2021", "In Leipzig."]


def test_a_conference_page_with_a_control_character_is_refused(tmp_path):
    page = tmp_path / "seite.html"
    page.write_text("<html><body><h1>Konferenz</h1><p>In Leip\x1bzig.</p></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match=r"seite.html: line 2 of its text holds a control character "
                                         r"\(value 'In Leip\\x1bzig.'\)"):
        read_page(page)


def test_curated_records_name_a_control_character_with_file_line_and_field(tmp_path):
    """YAML refuses a raw NUL (with the position only: the line is worked out) but reads "\\0" as one."""
    from loaders.curated import CuratedDataError, read_curated

    (tmp_path / "sources.yaml").write_text("- key: s1\n  title: Quelle\n  url: https://example.org\n")
    themes = tmp_path / "themes.yaml"
    themes.write_text('- key: x\n  name: "Leip\\0zig"\n  sources: [s1]\n', encoding="utf-8")
    with pytest.raises(CuratedDataError) as err:
        read_curated(tmp_path)
    assert (f"{themes}, line 2: theme 'x', field 'name': holds the control character U+0000; no name may hold "
            "one: delete it (value 'Leip\\x00zig')") in str(err.value)
    themes.write_text("- key: x\n  name: ok\n  sources: [s1]\n- key: y\n  name: Leip\x00zig\n", encoding="utf-8")
    with pytest.raises(CuratedDataError, match=r"themes.yaml, line 5: not valid YAML: unacceptable character #x0000"):
        read_curated(tmp_path)


def test_an_attendee_list_with_a_nul_is_refused_before_anything_is_written(tmp_path):
    from loaders.attendees import load_attendees
    from loaders.curated import load_curated

    store = EmbeddedStore(tmp_path / "store")
    load_curated(store)
    before = digest(tmp_path / "store")
    path = tmp_path / "teilnehmende.csv"
    path.write_bytes("Kommune/Stadt;Land\nLeipzig;Deutschland\nDres\x00den;Deutschland\n".encode("utf-8"))
    with pytest.raises(InputError, match=r"teilnehmende.csv, line 3: the text holds the control character U\+0000"):
        load_attendees(store, path, "deutsch-ukrainische-partnerschaftskonferenz-6")
    assert digest(tmp_path / "store") == before


def test_an_attendee_workbook_cell_with_an_excel_escaped_control_character_is_refused(tmp_path):
    from loaders.attendees import load_attendees
    from loaders.curated import load_curated

    store = EmbeddedStore(tmp_path / "store")
    load_curated(store)
    before = digest(tmp_path / "store")
    book = Workbook()
    book.active.append(["Kommune/Stadt", "Land"])
    book.active.append(["Dres_x001B_den", "Deutschland"])
    book.save(tmp_path / "liste.xlsx")
    with pytest.raises(InputError, match=r"liste.xlsx, row 2: the cell holds the control character U\+001B "
                                         r"\(value 'Dres\\x1bden'\)"):
        load_attendees(store, tmp_path / "liste.xlsx", "deutsch-ukrainische-partnerschaftskonferenz-6")
    assert digest(tmp_path / "store") == before


def test_a_draft_with_a_nul_names_its_line(tmp_path):
    from loaders.conference_draft import read_draft

    path = tmp_path / "entwurf.yaml"
    path.write_text("sources: []\nconferences:\n  - key: k\n    title: Kon\x00ferenz\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"entwurf.yaml, line 4: not valid YAML: unacceptable character #x0000"):
        read_draft(path)
