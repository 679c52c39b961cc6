"""The printable report (HTML, PDF, a PNG look), the export entry point and safe file names."""

from __future__ import annotations

import re
import struct

import pytest

from graph.errors import ValidationError
from graph.export import FORMATS, ExportContext, ExportUnavailable, export, filename_for, report_html, safe_filename
from graph.export.browser import find_chromium, html_to_png
from graph.store.base import Subgraph
from test_export_samples import CONFERENCE, EVIL, FORMULA, KYIV, LEIPZIG, sample_context, sample_store

CHROMIUM = find_chromium()
needs_chromium = pytest.mark.skipif(CHROMIUM is None, reason="needs Chromium (Debian: /usr/bin/chromium) to print")


@pytest.fixture(scope="module")
def store():
    return sample_store()


@pytest.fixture(scope="module")
def sub(store):
    return store.neighbourhood(LEIPZIG, depth=2, max_nodes=100)


def selections(store):
    """The kinds of subgraph users export: neighbourhood, path, conference participants, suggestions, nothing."""
    path = store.shortest_paths(LEIPZIG, "mun:de:giessen")[0]
    attendees = [e.source for e in store.edges("ATTENDS", [CONFERENCE]) if e.target == CONFERENCE]
    return {
        "neighbourhood": store.neighbourhood(LEIPZIG, depth=1),
        "path": store.subgraph(path),
        "conference": store.subgraph([CONFERENCE, *attendees]),
        "suggestions": store.subgraph([KYIV, "mun:pl:krakow"]),
        "empty": Subgraph(),
    }


def test_report_has_every_part(sub):
    html = report_html(sub, sample_context())
    assert "<h1>Leipzig&#x27;s partners</h1>" in html
    for heading in ("Suggested partners", "Map and network", "Partnerships by country pair", "Municipalities",
                    "Partnerships", "Organisations", "Conferences", "Sources"):
        assert f"<h2>{heading}</h2>" in html
    assert "Leipzig and its partners, 2 hops" in html and "2025-03-14 09:30 UTC" in html
    assert html.count("<svg") == 2  # the map and the network
    assert "@media print" in html and "@page" in html
    assert "601,866" in html


def test_report_escapes_names_and_runs_no_script(sub):
    html = report_html(sub, sample_context(title="<script>alert(1)</script>"))
    assert "<img" not in html and "<script" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    assert "default-src 'none'" in html
    assert not re.search(r"\b(src|href)=\"?https?:", html)


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "pdf"])
def test_every_format_takes_every_selection(store, fmt):
    for name, selection in selections(store).items():
        if fmt == "csv-table" and any(e.type != "PARTNER_OF" for e in selection.edges):
            with pytest.raises(ValidationError, match=r"several tables \(nodes.csv, edges.csv.*name a .zip file"):
                export(selection, fmt, context=ExportContext(title=f"{name} export"))
            continue
        data = export(selection, fmt, context=ExportContext(title=f"{name} export"))
        assert isinstance(data, bytes) and data, (fmt, name)


def test_path_report_lists_the_path(store):
    sub = selections(store)["path"]
    html = report_html(sub, ExportContext(title="Leipzig to Gießen", highlight=[LEIPZIG, "mun:de:giessen"]))
    assert "Gießen" in html and "Kraków" in html


def test_unknown_format_is_a_clear_error(sub):
    with pytest.raises(ValidationError, match="unknown export format 'docx'.*xlsx"):
        export(sub, "docx")
    with pytest.raises(ValidationError, match="needs a Subgraph"):
        export({"nodes": []}, "json")


def test_pdf_without_chromium_says_what_to_do(sub, monkeypatch, tmp_path):
    monkeypatch.setenv("PARTNERNET_CHROMIUM", str(tmp_path / "no-such-browser"))
    with pytest.raises(ExportUnavailable, match="Chromium.*PARTNERNET_CHROMIUM"):
        export(sub, "pdf")


@pytest.mark.browser
@needs_chromium
def test_pdf(sub):
    data = export(sub, "pdf", context=sample_context())
    assert data.startswith(b"%PDF-") and len(data) > 10_000


@pytest.mark.browser
@needs_chromium
def test_report_renders_to_png(sub, tmp_path):
    png = html_to_png(report_html(sub, sample_context()), width=1100, height=2600)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (1100, 2600)
    assert len(png) > 50_000  # a blank page compresses to a few kB
    (tmp_path / "report.png").write_bytes(png)


@pytest.mark.parametrize("text, suffix, expected", [
    ("Leipzig's partners", "xlsx", "Leipzig-s_partners.xlsx"),
    ("../../etc/passwd", "csv", "etc-passwd.csv"),
    ("a/b\\c:d*e?f\"g<h>i|j", "json", "a-b-c-d-e-f-g-h-i-j.json"),
    ("Gießen – Kyiv", "pdf", "Gießen-Kyiv.pdf"),
    ("", "html", "partnernet.html"),
    ("...", "", "partnernet"),
    ("con", "txt", "partnernet-con.txt"),
    ("x\x00y\nz\u202e", "zip", "x_y_z.zip"),
    (EVIL, "html", "img_src-x_onerror-alert(1).html"),
    ("report", "../x", "report.x"),
])
def test_safe_filename(text, suffix, expected):
    assert safe_filename(text, suffix) == expected


def test_safe_filename_is_bounded():
    name = safe_filename("Ö" * 500 + FORMULA, "xlsx")
    assert len(name) <= 80 + len(".xlsx") and name.endswith(".xlsx") and "/" not in name


def test_filename_for_format():
    ctx = ExportContext(title="Sachsen / Ukraine")
    assert filename_for(ctx, "report") == "Sachsen-Ukraine_report.html"
    assert filename_for(ctx, "csv").endswith(".zip")


def test_filename_for_an_unknown_format_names_it_and_the_formats():
    with pytest.raises(ValidationError, match="unknown export format 'docx'; expected one of csv, .*xlsx"):
        filename_for(ExportContext(title="Leipzig"), "docx")


def test_export_to_names_an_unknown_format_and_reads_any_case(sub, tmp_path):
    from graph.export.requests import export_to

    with pytest.raises(ValidationError, match="unknown export format 'docx'; expected one of csv, .*xlsx"):
        export_to(tmp_path / "out.docx", "docx", sub, ExportContext())
    path, fmt, data, _ = export_to(tmp_path / "out.CSV", "CSV", sub, ExportContext())
    assert (path.suffix, fmt, data[:2]) == (".zip", "csv", b"PK")  # several tables: a zip, never a zip named .csv
