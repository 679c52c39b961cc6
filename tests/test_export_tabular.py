"""CSV (zipped) and Excel exports: readable by Excel, umlauts intact, no formulas from names."""

from __future__ import annotations

import csv
import io
import zipfile

import pytest
from openpyxl import load_workbook

from graph.export import export
from graph.export.common import neutralise
from graph.store.base import Subgraph
from test_export_samples import EVIL, FORMULA, LEIPZIG, sample_context, sample_subgraph

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@pytest.fixture(scope="module")
def sub():
    return sample_subgraph()


@pytest.fixture(scope="module")
def ctx():
    return sample_context()


def _members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _rows(raw: bytes, delimiter: str = ",") -> list[dict[str, str]]:
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 byte order mark for Excel"
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig")), delimiter=delimiter))


@pytest.mark.parametrize("value, expected", [
    ("=1+1", "'=1+1"), ("+49 341", "'+49 341"), ("-x", "'-x"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tcmd", "'\tcmd"), ("\r=1", "'\r=1"), ("Leipzig", "Leipzig"), ("a=b", "a=b"),
    (-5, -5), (3.5, 3.5), (1973, 1973), (None, None), (["=a", "b"], "'=a; b"), ("x\x01y", "xy"),
])
def test_neutralise(value, expected):
    assert neutralise(value) == expected


def test_csv_zip_members_and_content(sub, ctx):
    members = _members(export(sub, "csv", context=ctx))
    assert {"nodes.csv", "edges.csv", "country_pairs.csv", "suggestions.csv", "README.txt"} <= set(members)
    nodes = _rows(members["nodes.csv"])
    edges = _rows(members["edges.csv"])
    assert {r["Id"] for r in nodes} == set(sub.nodes)
    assert len(edges) == len(sub.edges)
    by_id = {r["Id"]: r for r in nodes}
    assert by_id["mun:de:giessen"]["Label"] == "Gießen"  # umlauts and ß survive
    assert by_id["mun:ua:kyiv"]["aliases"] == "Kiev; Kiew; Київ"
    assert by_id[LEIPZIG]["population"] == "601866"
    partnerships = [r for r in edges if r["relationship"] == "PARTNER_OF"]
    assert all(r["Type"] == "Undirected" for r in partnerships)
    assert {r["kind"] for r in partnerships} >= {"twin", "solidarity", "friendship"}
    escaped = next(r for r in edges if "a\\;b" in r["sources"])
    assert escaped["sources"] == "a\\;b; c\\\\d"  # a ';' inside a value cannot split it


def test_csv_cells_never_start_like_formulas(sub, ctx):
    members = _members(export(sub, "csv", context=ctx))
    for name, raw in members.items():
        if not name.endswith(".csv"):
            continue
        for row in csv.reader(io.StringIO(raw.decode("utf-8-sig"))):
            for cell in row:
                assert not cell.startswith(FORMULA_STARTS), (name, cell)
    nodes = _rows(members["nodes.csv"])
    assert "'" + FORMULA in {r["Label"] for r in nodes}
    assert EVIL in {r["Label"] for r in nodes}  # not a formula: kept as written
    formula_aliases = next(r["aliases"] for r in nodes if r["Label"] == "'" + FORMULA)
    assert formula_aliases.startswith("'")


def test_csv_delimiter_for_german_excel(sub):
    ctx = sample_context(csv_delimiter=";")
    members = _members(export(sub, "csv", context=ctx))
    rows = _rows(members["nodes.csv"], delimiter=";")
    assert {r["Id"] for r in rows} == set(sub.nodes)


def test_csv_is_reproducible(sub, ctx):
    assert export(sub, "csv", context=ctx) == export(sub, "csv", context=ctx)


def test_xlsx_sheets_layout_and_values(sub, ctx):
    wb = load_workbook(io.BytesIO(export(sub, "xlsx", context=ctx)))
    assert wb.sheetnames[0] == "Summary"
    assert {"Suggestions", "Municipalities", "Partnerships", "Country pairs", "Organisations", "Conferences",
            "Other relationships"} <= set(wb.sheetnames)
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert all(cell.font.b for cell in ws[1] if cell.value is not None), ws.title
        if ws.title != "Summary":
            assert ws.auto_filter.ref == f"A1:{ws.cell(1, ws.max_column).column_letter}{ws.max_row}"
        for letter, dim in ws.column_dimensions.items():
            assert 8 <= dim.width <= 100, (ws.title, letter, dim.width)
    muni = wb["Municipalities"]
    header = [c.value for c in muni[1]]
    rows = [dict(zip(header, (c.value for c in row))) for row in muni.iter_rows(min_row=2)]
    leipzig = next(r for r in rows if r["Id"] == LEIPZIG)
    assert leipzig["Population"] == 601866 and isinstance(leipzig["Population"], int)
    assert leipzig["Country"] == "Germany" and leipzig["Subdivision"] == "Saxony"
    name_width = muni.column_dimensions["A"].width
    assert name_width >= len("Leipzig")
    part = wb["Partnerships"]
    header = [c.value for c in part[1]]
    assert header[:6] == ["Municipality A", "Country A", "Municipality B", "Country B", "Kind", "Since"]
    first = [c.value for c in part[2]]
    assert first[0] == "Leipzig"  # the highlighted city reads first
    summary = {row[0].value: row[1].value for row in wb["Summary"].iter_rows(min_row=2)}
    assert summary["Selection"] == ctx.selection
    assert summary["Nodes shown"] == len(sub.nodes)
    reasons = [c.value for c in wb["Suggestions"]["D"]]
    assert "'" + FORMULA in reasons


def test_xlsx_has_no_formula_cells(sub, ctx):
    wb = load_workbook(io.BytesIO(export(sub, "xlsx", context=ctx)))
    texts = []
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str):
                    assert not cell.value.startswith(FORMULA_STARTS), (ws.title, cell.value)
                    texts.append(cell.value)
    assert "'" + FORMULA in texts and EVIL in texts


def test_xlsx_extra_tables_and_dataframes(sub):
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame([{"Region": "Sachsen", "Partners in UA": 12}, {"Region": "Bayern", "Partners in UA": None}])
    ctx = sample_context(tables={"Sachsen/Ukraine: matrix?": frame}, suggestions=frame)
    wb = load_workbook(io.BytesIO(export(sub, "xlsx", context=ctx)))
    title = next(t for t in wb.sheetnames if t.startswith("Sachsen"))
    assert "/" not in title and "?" not in title and len(title) <= 31
    values = [[c.value for c in row] for row in wb[title].iter_rows()]
    assert values == [["Region", "Partners in UA"], ["Sachsen", 12], ["Bayern", None]]


def test_empty_subgraph_exports(ctx):
    empty = Subgraph()
    wb = load_workbook(io.BytesIO(export(empty, "xlsx", context=ctx)))
    assert [c.value for c in wb["Municipalities"][1]][0] == "Name"
    members = _members(export(empty, "csv", context=ctx))
    assert _rows(members["nodes.csv"]) == []


@pytest.mark.parametrize("origin, target", [("Leipzig", "UA"), ("DE", "Ukraine"), ("Sachsen", "Europa")])
def test_a_region_export_names_the_origin_first(tmp_path, memory_store, origin, target):
    from graph.export.requests import region_selection
    from loaders.twin_cities import load_twin_cities

    path = tmp_path / "partner.csv"  # the partners' side written first, as a list kept by the partner city
    path.write_bytes("Stadt;Land;Partnerstadt;Partnerland\nKiew;Ukraine;Leipzig;Deutschland\n"
                     "Charkiw;Ukraine;Nürnberg;Deutschland\n".encode("cp1252"))
    load_twin_cities(memory_store, path)
    sub, context = region_selection(memory_store, origin, target, None)
    workbook = load_workbook(io.BytesIO(export(sub, "xlsx", context=context)))
    rows = [[c.value for c in row][:4] for row in workbook["Partnerships"].iter_rows(min_row=2)]
    assert ["Leipzig", "Germany", "Kyiv", "Ukraine"] in rows
    assert all(row[1] == "Germany" for row in rows)
