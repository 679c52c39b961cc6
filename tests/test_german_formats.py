"""What a German coordinator reads comes in German form: numbers with German separators in text, metrics
and tables; choice boxes that say what to do in German; chosen places by their German names; technical
ids and rule names kept out of sight; and only the inputs that apply to a view shown on it."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from graph import i18n  # noqa: E402

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TIMEOUT = 180
ENV_KEYS = ("PARTNERNET_DATA_DIR", "PARTNERNET_STORE", "PARTNERNET_LOAD", "NEO4J_URI", "NEO4J_USERNAME",
            "NEO4J_PASSWORD", "NEO4J_DATABASE")
# 16,972 or 100.0 %: an English number in German text
ENGLISH_NUMBER = re.compile(r"(?<![\w.,])[1-9]\d{0,2}(?:,\d{3})+(?![\d,])|\d\.\d+\s?%")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("german-formats")


@pytest.fixture(autouse=True)
def env(data_dir):
    import streamlit as st

    saved = {k: os.environ.pop(k, None) for k in ENV_KEYS}
    os.environ["PARTNERNET_DATA_DIR"] = str(data_dir)
    os.environ["PARTNERNET_LOAD"] = "none"
    st.cache_data.clear()
    yield
    for key, value in saved.items():
        os.environ.pop(key, None)
        if value is not None:
            os.environ[key] = value


def open_url(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.query_params["lang"] = "de"
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def shown_text(at: AppTest) -> list[str]:
    """Markdown, captions, alerts, metrics and every table cell as the table draws it."""
    texts = [str(x.value) for kind in (at.markdown, at.caption, at.info, at.warning, at.success, at.subheader)
             for x in kind]
    texts += [f"{m.label} {m.value} {m.proto.delta}" for m in at.metric]
    for frame in at.dataframe:
        texts += _cells(frame)
    return texts


def _cells(frame) -> list[str]:
    """What a table shows: its display values where the app formatted them, else its data."""
    arrow = frame.proto.arrow_data
    if arrow.HasField("styler") and arrow.styler.display_values:
        return list(_arrow_strings(arrow.styler.display_values))
    return [str(v) for col in frame.value.columns for v in frame.value[col].head(200)]


def _arrow_strings(data: bytes):
    import pyarrow as pa

    table = pa.ipc.open_stream(data).read_all()
    for column in table.columns:
        yield from (str(v) for v in column.to_pylist() if v is not None)


NUMBER_VIEWS = [
    ("app_pages/about.py", {}),
    ("app_pages/explore.py", {"focus": "Leipzig", "explore.view": "Partners"}),
    ("app_pages/explore.py", {"focus": "Leipzig", "explore.view": "Details"}),
    ("app_pages/explore.py", {"focus": "Leipzig", "explore.view": "Nodes shown"}),
    ("app_pages/regions.py", {"from": "Gießen", "to": "Polen", "regions.view": "Suggestions"}),
    ("app_pages/insights.py", {"insights.view": "Hubs"}),
    ("app_pages/insights.py", {"insights.view": "Brokers"}),
]


@pytest.mark.parametrize("page, params", NUMBER_VIEWS, ids=[f"{p.split('/')[-1][:-3]}-{'-'.join(v.values()) or 'default'}"
                                                             for p, v in NUMBER_VIEWS])
def test_no_english_number_on_a_german_page(page, params):
    at = open_url(page, **params)
    found = sorted({m.group() for t in shown_text(at) for m in ENGLISH_NUMBER.finditer(t)})
    assert not found, f"English numbers on the German page: {found}"


def test_a_table_writes_populations_and_scores_in_german():
    """504971 reads 504.971 and a score of 1.1112 reads 1,11; a year stays 1973; the table still sorts by number."""
    import pandas as pd

    from app_pages import common as c

    frame = pd.DataFrame({"municipality": ["Leipzig", "Gießen"], "population": [504971, None],
                          "score": [1.1112, 0.02], "since": [1973, 1990], "partnerships": [12345, 3]})
    with i18n.using("de"):
        shown = c.display(frame)
        text = shown.to_string()
    assert "504.971" in text and "1,11" in text and "0,020" in text and "12.345" in text and "1973" in text
    assert "1.973" not in text and shown.data["Partnerschaften"].tolist() == [12345, 3]
    with i18n.using("en"):
        assert "504,971" in c.display(frame).to_string()


def test_the_about_figures_are_german():
    at = open_url("app_pages/about.py")
    deltas = [m.proto.delta for m in at.metric if m.proto.delta]
    assert deltas and all(re.fullmatch(r"\d{1,3}(\.\d{3})*,\d %", d) for d in deltas), deltas


def test_every_choice_box_has_a_german_placeholder():
    """Streamlit's own "Choose options" is English: every selectbox and multiselect brings its own."""
    views = [("app_pages/conferences.py", {}), ("app_pages/explore.py", {"focus": "Leipzig"}),
             ("app_pages/insights.py", {}), ("app_pages/paths.py", {}), ("app_pages/regions.py", {"regions.view": "Matrix"})]
    seen = 0
    for page, params in views:
        at = open_url(page, **params)
        for box in [*at.multiselect, *at.selectbox]:
            if box.key == "lang":
                continue
            seen += 1
            assert box.proto.placeholder in ("Bitte auswählen", "Eine oder mehrere auswählen"), (page, box.label)
    assert seen >= 8


def test_a_chosen_place_is_named_in_german_on_the_paths_page():
    at = open_url("app_pages/paths.py", path_a="Leipzig", path_b="Kyiv")
    caption = at.caption[0].value
    assert "Leipzig" in caption and "Kiew" in caption and "Kyjiw" not in caption and "Kyiv" not in caption


def test_node_details_show_no_ids_or_rule_codes(demo_store):
    """The hover text names sources by title (or counts them), never by id; spellings are explained in words."""
    from graph.export.tooltips import node_tooltip, sources_line

    leipzig = demo_store.nodes("Municipality", name="Leipzig")[0]
    with i18n.using("de"):
        hover = node_tooltip(leipzig)
        named = sources_line(["source:a", "source:b"], {"source:a": "Stadt Leipzig", "source:b": "Wikipedia"})
    assert "source:" not in hover
    assert named == "Quellen: Stadt Leipzig, Wikipedia"
    at = open_url("app_pages/explore.py", focus="Leipzig", **{"explore.view": "Details"})
    attributes = at.dataframe[0].value
    assert "Schreibweisen" not in set(attributes.iloc[:, 0])
    sources = next(d.value for d in at.dataframe if "Quelle" in d.value.columns)
    assert not sources.astype(str).apply(lambda col: col.str.startswith("source:")).any().any()
    assert "Link" in sources.columns and sources["Link"].dropna().str.startswith("http").all()
    if leipzig.get("spellings"):
        assert any(e.label == "Wie die Schreibweisen der Quellen diesem Ort zugeordnet wurden" for e in at.expander)


def test_the_insights_country_boxes_appear_only_where_they_apply():
    at = open_url("app_pages/insights.py", **{"insights.view": "Coverage gaps"})
    assert not [b for b in at.multiselect if b.key in ("insights:a", "insights:b")]
    assert at.text_input(key="insights:gap_o")
    at = open_url("app_pages/insights.py", **{"insights.view": "Hubs"})
    assert {b.key for b in at.multiselect} >= {"insights:a", "insights:b"}


def test_the_export_rule_is_german(demo_store):
    """The rule an export's overview sheet writes: "die 4 aufgeführten Partnerschaften", not English."""
    from graph.export.requests import region_selection

    with i18n.using("de"):
        sub, context = region_selection(demo_store, "Sachsen", "Polen", None)
    assert sub.rule.startswith("die ") and "aufgeführte" in sub.rule and "listed" not in sub.rule
    assert "Partnerschaft" in context.selection and "partnerships from" not in context.selection


def test_the_report_writes_german_numbers_and_notes(demo_store):
    """The HTML report of a capped selection: German figures, a German note on the cap, German cells."""
    from graph.export.common import ExportContext
    from graph.export.report import _cell, report_html

    leipzig = demo_store.nodes("Municipality", name="Leipzig")[0].id
    with i18n.using("de"):
        sub = demo_store.neighbourhood(leipzig, depth=2, max_nodes=5)
        page = report_html(sub, ExportContext(title="Leipzig"))
        cells = [_cell("Population", 504971)[0], _cell("Score", 1.1112)[0], _cell("Sampled", True)[0]]
    assert sub.truncated and "Nur 5 von" in page and "matching nodes" not in page
    assert cells == ["504.971", "1,11", "ja"]
    assert "Erstellt mit partnernet" in page and "Produced with" not in page


def test_a_reports_cells_from_a_pandas_table_are_german_and_blank_where_missing():
    """A suggestions table comes from pandas: numpy integers, NaN for an unknown population; an empty
    table says so in German ("28688", "nan" and "None in this selection." were written before)."""
    import numpy as np

    from graph.export.report import _cell, html_table

    with i18n.using("de"):
        cells = [_cell("population", np.int64(28688))[0], _cell("population", float("nan"))[0],
                 _cell("origin_population", 1_500_000)[0], _cell("Since", np.int64(1990))[0], _cell("score", np.float64(2.6512))[0]]
        empty = html_table([])
    assert cells == ["28.688", "", "1.500.000", "1990", "2,65"]
    assert "Keine in dieser Auswahl." in empty


def test_the_tables_of_a_report_and_a_workbook_name_statuses_kinds_and_types_in_german():
    """Conference status, organisation kind, node type and region kind are words of the reader's
    language in the node tables the report and the Excel workbook are made of ("held", "company",
    "Theme" were written as stored)."""
    from graph.export.node_tables import conference_rows, organisation_rows, other_node_rows
    from graph.export.relation_tables import relation_rows
    from graph.i18n import rel_label
    from graph.model import ADDRESSES, CONFERENCE, COUNTRY, ORGANISATION, ORGANISES, REGION, THEME, Edge, Node

    def rel_label_de(rel: str) -> str:
        with i18n.using("de"):
            return rel_label(rel)
    from graph.store.base import Subgraph

    nodes = [Node(CONFERENCE, "conf:a", {"name": "Konferenz A", "status": "held", "start": "2024-05-02"}),
             Node(CONFERENCE, "conf:b", {"name": "Konferenz B", "status": "planned", "start": "2020-01-01"}),
             Node(ORGANISATION, "org:a", {"name": "Firma", "kind": "company"}),
             Node(THEME, "theme:k", {"name": "Klima"}), Node(REGION, "region:eu", {"name": "Europa", "kind": "continent"}),
             Node(COUNTRY, "country:RU", {"name": "Russia", "code": "RU"})]
    sub = Subgraph({n.id: n for n in nodes}, [Edge(ADDRESSES, "conf:a", "theme:k"),
                                              Edge(ORGANISES, "org:a", "conf:a", {"role": "host"})])
    with i18n.using("de"):
        relations = {(r["From"], r["To"]): (r["From type"], r["Relationship"], r["To type"], r["Role"])
                     for r in relation_rows(sub)}
        statuses = {r["Title"]: r["Status"] for r in conference_rows(sub)}
        kinds = [r["Kind"] for r in organisation_rows(sub)]
        others = {r["Name"]: (r["Type"], r["Kind"]) for r in other_node_rows(sub)}
    assert statuses == {"Konferenz A": "stattgefunden", "Konferenz B": "stattgefunden (Datum verstrichen)"}
    assert kinds == ["Unternehmen"]
    assert others == {"Klima": ("Thema", None), "Europa": ("Region", "Kontinent"), "Russland": ("Staat", None)}
    assert relations == {("Konferenz A", "Klima"): ("Konferenz", rel_label_de("ADDRESSES"), "Thema", None),
                         ("Firma", "Konferenz A"): ("Organisation", rel_label_de("ORGANISES"), "Konferenz", "Gastgeber")}
    assert "ADDRESSES" not in str(relations)
    english = {r["Title"]: r["Status"] for r in conference_rows(sub)}
    assert english == {"Konferenz A": "held", "Konferenz B": "held (date passed)"}


def test_no_view_formats_a_number_with_a_fixed_thousands_separator():
    """A number shown to people goes through graph.i18n.number (16.972 in German), never ``f"{n:,}"``,
    which writes the English 16,972 whatever the page's language."""
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    fixed = re.compile(r"\{[^{}]*:,[^{}]*\}")
    found = [f"{path.relative_to(root)}:{number}" for top in ("app_pages", "commandline")
             for path in sorted((root / top).rglob("*.py"))
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
             if fixed.search(line)]
    assert not found, "numbers with a fixed ',' separator: " + ", ".join(found)


def test_counts_in_words_carry_the_languages_separators():
    """Counts of a thousand and more in sentences (a place's partnerships, a neighbourhood's rule, a
    load's summary) read 1.659 in German and 1,659 in English, never 1659."""
    from graph.model import Node
    from graph.i18n.place_labels import place_label
    from graph.store.neighbourhood_rules import neighbourhood_rule
    from loaders.report import LoadReport
    from loaders.totals import Totals

    hub = Node("Municipality", "mun:pl:yaonsu", {"name": "Yaonsu", "country": "PL", "kind": "city"})
    report = LoadReport("twin_cities.csv", rows_read=25917, rows_loaded=25890, nodes_written=19001,
                        edges_written=25890)
    for lang, one, two in (("de", "1.659", "58.245"), ("en", "1,659", "58,245")):
        with i18n.using(lang):
            assert place_label(hub, 1659).endswith(f"{one} " + ("Partnerschaften" if lang == "de" else "partnerships"))
            assert f"200 {'von' if lang == 'de' else 'of'} {two} " in neighbourhood_rule(200, 58245, 2)
            summary = report.summary()
            assert ("25.890" if lang == "de" else "25,890") in summary and "25890" not in summary
            totals = Totals(written={"PARTNER_OF": 25890}, node_types=("Municipality",)).lines()
            assert not any(re.search(r"\d{4}", line) for line in totals), totals


def test_every_count_in_a_plural_sentence_goes_through_number():
    """The count ``n`` of every ``ngettext(...).format(n=...)`` is written by graph.i18n.number, so that no
    sentence shows 1659 or, in German text, 1,659."""
    import ast

    root = Path(__file__).resolve().parents[1]

    def plural(call) -> bool:
        return isinstance(call, ast.Call) and getattr(call.func, "id", getattr(call.func, "attr", "")) == "ngettext"

    bare = []
    for path in sorted(p for top in ("graph", "app_pages", "loaders", "commandline") for p in (root / top).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "format" and plural(node.func.value):
                bare += [f"{path.relative_to(root)}:{kw.value.lineno}" for kw in node.keywords
                         if kw.arg == "n" and "number(" not in ast.unparse(kw.value)]
    assert not bare, "counts written without graph.i18n.number: " + ", ".join(bare)


def test_the_report_and_the_workbook_cite_sources_by_title(demo_store):
    """The node and relationship tables name each source by its title, as the query tables do; a source's
    id is left only in the Sources sheet's Id column (the workbook keeps an id column in every sheet)."""
    import io
    import re

    import openpyxl

    from graph.export import export, with_sources
    from graph.export.common import ExportContext
    from graph.export.report import report_html

    leipzig = demo_store.nodes("Municipality", name="Leipzig")[0]
    with i18n.using("de"):
        sub = demo_store.neighbourhood(leipzig.id, depth=1)
        context = with_sources(demo_store, sub, ExportContext(title="Leipzig"))
        page = report_html(sub, context)
        workbook = openpyxl.load_workbook(io.BytesIO(export(sub, "xlsx", context=context)))
    assert not re.findall(r"source:[\w-]+", page)
    ids = [(ws.title, ws.cell(1, c.column).value) for ws in workbook for row in ws.iter_rows(min_row=2) for c in row
           if isinstance(c.value, str) and "source:" in c.value]
    assert ids and set(ids) == {("Quellen", "Kennung")}
    titles = [c.value for row in workbook["Kommunen"].iter_rows(min_row=2) for c in row if c.value]
    assert any("Wikipedia" in str(t) for t in titles)
    population = [c for c in workbook["Kommunen"][1] if c.value == "Einwohner"][0].column
    counted = [row[0] for row in workbook["Kommunen"].iter_rows(min_row=2, min_col=population, max_col=population)
               if isinstance(row[0].value, int)]
    assert counted and all(c.number_format == "#,##0" for c in counted)  # Excel writes 504.971 in German
