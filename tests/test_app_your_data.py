"""The "Your data" page, driven through Streamlit's AppTest: upload, preview, load, upload again."""

from __future__ import annotations

import io
import re
import os
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from graph.queries.search import search  # noqa: E402
from graph.store.embedded import EmbeddedStore  # noqa: E402
from graph.model import PARTNER_OF  # noqa: E402

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TIMEOUT = 180
ENV_KEYS = ("PARTNERNET_DATA_DIR", "PARTNERNET_STORE", "PARTNERNET_LOAD", "NEO4J_URI", "NEO4J_USERNAME",
            "NEO4J_PASSWORD", "NEO4J_DATABASE")
HEADER = "Stadt;Land;Partnerstadt;Partnerland;Art;Seit\n"


@pytest.fixture
def page(tmp_path):
    saved = {k: os.environ.pop(k, None) for k in ENV_KEYS}
    os.environ["PARTNERNET_DATA_DIR"] = str(tmp_path / "store")
    os.environ["PARTNERNET_LOAD"] = "none"
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    at.switch_page("app_pages/your_data.py").run()
    clean(at)
    yield at
    for key, value in saved.items():
        os.environ.pop(key, None)
        if value is not None:
            os.environ[key] = value


def clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


COLUMN_OF = {"yours:columns": "header in your file", "yours:problems": "outcome", "yours:notes": "note",
             "yours:unlinked": "name", "yours:rows": "partner"}


def frame(at: AppTest, key: str):
    """The table of that key (AppTest does not expose a dataframe's key: found by a column only it has)."""
    found = [d.value for d in at.dataframe if COLUMN_OF[key] in d.value.columns]
    assert found, f"no table {key}; tables: {[list(d.value.columns) for d in at.dataframe]}"
    return found[0]


def shown(markdown: str) -> str:
    """The text a markdown element shows (the page escapes what came from the file)."""
    return re.sub(r"\\(.)", r"\1", markdown)


def partners(data_dir: str) -> list[tuple]:
    store = EmbeddedStore(data_dir)
    names = {n.id: n.name for n in store.nodes("Municipality")}
    return sorted((*sorted((names[e.source], names[e.target])), e.props["kind"], e.props.get("since"),
                   e.props.get("status")) for e in store.edges(PARTNER_OF)
                  if "source:file-partner-csv" in e.props.get("sources", ()))


def test_upload_preview_load_and_upload_again(page):
    text = (HEADER + "Münster;Deutschland;Lublin;Polen;P;12.05.1991\n"
                     "Münster;Deutschland;Gödöll?;Ungarn;Städtefreundschaft;unbekannt\n"
                     "Münster;Deutschland;;Polen;P;1990\n"
                     "Münster;Deutschland;Qwxyzdorf;Ungarn;K;\n"
                     "Münster;Deutschland;Novi Sad (former);Serbien;P;\n")
    page.file_uploader(key="yours:file").set_value(("partner.csv", text.encode("cp850"), "text/csv")).run()
    clean(page)
    metrics = {m.label: m.value for m in page.metric}
    assert metrics == {"Rows read": "5", "Rows that will load": "4", "Rows skipped": "1", "Places not linked": "1"}
    columns = frame(page, "yours:columns")
    assert dict(zip(columns["column"], columns["header in your file"]))["partner city"] == "partnerstadt"
    problems = frame(page, "yours:problems")
    assert problems[["line", "column", "value", "outcome"]].values.tolist() == [
        [3, "seit", "unbekannt", "value ignored, row loads"], [4, "partnerstadt", "", "row skipped"]]
    assert frame(page, "yours:unlinked").values.tolist() == [["Qwxyzdorf", "HU"]]
    notes = "\n".join(frame(page, "yours:notes")["note"])
    assert "read as cp850 with delimiter ';'" in notes and "read as 'Gödöllő'" in notes
    assert frame(page, "yours:rows")["partner"].tolist() == ["Lublin", "Gödöllő", "Qwxyzdorf", "Novi Sad"]
    data_dir = os.environ["PARTNERNET_DATA_DIR"]
    assert partners(data_dir) == []  # nothing written before the button

    page.button(key="yours:load").click().run()
    clean(page)
    assert "partner.csv: 4 of 5 rows loaded." in [shown(s.value) for s in page.success]
    assert "partner\\.csv" in page.success[0].value  # file text is escaped, never read as markdown
    assert partners(data_dir) == [("Gödöllő", "Münster", "friendship", None, None),
                                  ("Lublin", "Münster", "twin", 1991, None),
                                  ("Münster", "Novi Sad", "twin", None, "former"),
                                  ("Münster", "Qwxyzdorf", "contact", None, None)]

    corrected = HEADER + "Münster;Deutschland;Lublin;Polen;P;1991\nMünster;Deutschland;Gödöllő;Ungarn;F;2001\n"
    page.file_uploader(key="yours:file").set_value(("partner.csv", corrected.encode("utf-8"), "text/csv")).run()
    page.button(key="yours:load").click().run()
    clean(page)
    assert partners(data_dir) == [("Gödöllő", "Münster", "friendship", 2001, None),
                                  ("Lublin", "Münster", "twin", 1991, None)]
    assert not search(EmbeddedStore(data_dir), "Qwxyzdorf")  # the place only the old file named is gone


def test_an_excel_upload_and_a_refused_file(page):
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "Partner"
    for row in (["Stadt", "Land", "Partnerstadt", "Partnerland", "Art", "Seit"],
                ["Leipzig", "Deutschland", "Kraków", "Polen", "P", 1995]):
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    page.file_uploader(key="yours:file").set_value(("liste.xlsx", buffer.getvalue(), "application/vnd.ms-excel")).run()
    clean(page)
    assert frame(page, "yours:rows")[["city", "partner", "since"]].values.tolist() == [["Leipzig", "Kraków", 1995]]

    page.file_uploader(key="yours:file").set_value(("kaputt.csv", b"Stadt;Land\nLeipzig;Deutschland\n",
                                                    "text/csv")).run()
    (error,) = page.error
    assert shown(error.value).startswith("kaputt.csv: missing columns 'city2', 'country2'")
    assert shown(error.value).endswith("Nothing was written.")
    assert not page.button  # no load button for a refused file


def test_a_load_from_the_command_line_at_the_same_time_is_kept(page, tmp_path):
    """The page's load takes the lock `partnernet load` takes: it waits for the other writer, then
    adds its own data to what that one saved — neither load is lost."""
    import subprocess
    import sys

    other = tmp_path / "andere.csv"
    other.write_text(HEADER + "Leipzig;Deutschland;Kraków;Polen;P;1973\n", encoding="utf-8")
    page.file_uploader(key="yours:file").set_value(
        ("partner.csv", (HEADER + "Münster;Deutschland;Lublin;Polen;P;1991\n").encode(), "text/csv")).run()
    data_dir = os.environ["PARTNERNET_DATA_DIR"]
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time\nfrom graph.store.embedded import EmbeddedStore\n"
         "from graph.store.lock import writing\nfrom loaders.twin_cities import load_twin_cities\n"
         "s = EmbeddedStore(sys.argv[1])\nwith writing(s):\n    load_twin_cities(s, sys.argv[2])\n"
         "    print('holding', flush=True)\n    time.sleep(3)\n", data_dir, str(other)],
        cwd=Path(APP).parent, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        page.button(key="yours:load").click().run()
    finally:
        holder.wait(timeout=120)
    clean(page)
    store = EmbeddedStore(data_dir)
    places = {n.id: n.name for n in store.nodes("Municipality")}
    assert {tuple(sorted((places[e.source], places[e.target]))) for e in store.edges(PARTNER_OF)} >= {
        ("Kraków", "Leipzig"), ("Lublin", "Münster")}


def test_the_preview_keeps_the_files_order_and_lists_a_place_without_a_country(page):
    text = ("Stadt;Land;Partnerstadt;Partnerland;Seit\r\n"
            "Leipzig;Deutschland;Krakau;Polen;1973\r\n"
            "Gießen;Deutschland;Winneba;Ghana;zweitausend\r\n"
            "Münster;;Kiew;Ukraine;\r\n"
            "Gießen;Deutschland;;Ghana;1990\r\n")  # as Excel writes "CSV (Trennzeichen-getrennt)"
    page.file_uploader(key="yours:file").set_value(("partner.csv", text.encode("cp1252"), "text/csv")).run()
    clean(page)
    rows = frame(page, "yours:rows")
    assert rows[["city", "country", "partner", "partner country"]].values.tolist() == [
        ["Leipzig", "Germany", "Kraków", "Poland"], ["Gießen", "Germany", "Winneba", "Ghana"],
        ["Münster", "", "Kyiv", "Ukraine"]]  # city first, as each line wrote it
    problems = frame(page, "yours:problems")
    assert problems[["line", "column", "value", "outcome"]].values.tolist() == [
        [3, "seit", "zweitausend", "value ignored, row loads"],
        [4, "land", "", "row loads; place kept as written, not linked"],
        [5, "partnerstadt", "", "row skipped"]]
    kept = problems["problem"].tolist()[1]
    assert "no country for 'Münster'" in kept and "add the country" in kept
    table = next(d for d in page.dataframe if "outcome" in d.value.columns)
    longest = max(map(len, problems["problem"]))
    assert longest > 90 and table.proto.row_height >= 2 * 21  # long texts wrap instead of being cut off
    assert "1 place without a country" in shown(next(m.value for m in page.markdown if "Problems" in m.value))


def test_the_page_lists_the_accepted_headers_itself(page):
    assert [e.label for e in page.expander] == ["Accepted headers and words"]
    texts = [m.value for m in page.markdown]
    assert not any("README" in t for t in texts)  # a coordinator has the page, not the project's files
    assert any("*partner city* — city2" in t for t in texts)
