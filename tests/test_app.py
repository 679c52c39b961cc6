"""The explorer driven through Streamlit's AppTest on the curated demo data.

The app itself fills an empty store at first start (that path is tested too); every view is then
run, and what it shows is checked against the store, read directly through the graph package.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

from graph.queries.conferences import conference_table  # noqa: E402
from graph.store.embedded import EmbeddedStore  # noqa: E402
from graph.queries.partners import partner_rows  # noqa: E402
from graph.queries.regional import resolve_area  # noqa: E402
from graph.queries.search import search  # noqa: E402
from app_pages.common import DEFAULT_REL_TYPES  # noqa: E402

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TIMEOUT = 120
ENV_KEYS = ("PARTNERNET_DATA_DIR", "PARTNERNET_STORE", "PARTNERNET_LOAD", "NEO4J_URI", "NEO4J_USERNAME",
            "NEO4J_PASSWORD", "NEO4J_DATABASE")


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory):
    """A data directory the app fills with the demo data on its first start."""
    return tmp_path_factory.mktemp("app-demo")


@pytest.fixture
def app_env(demo_dir):
    saved = {k: os.environ.get(k) for k in ENV_KEYS}
    for key in ENV_KEYS:
        os.environ.pop(key, None)
    os.environ["PARTNERNET_DATA_DIR"] = str(demo_dir)
    os.environ["PARTNERNET_LOAD"] = "none"  # the curated records only: the world dataset has tests of its own
    yield demo_dir
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value


@pytest.fixture
def app(app_env):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.run()
    assert_clean(at)
    return at


@pytest.fixture
def demo_store(app):
    """The store as the app left it on disk, opened separately to check what the app shows."""
    return EmbeddedStore(app_env_dir())


def app_env_dir() -> str:
    return os.environ["PARTNERNET_DATA_DIR"]


def assert_clean(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def plain(markdown_source: str) -> str:
    """The text a reader sees in a Markdown string that graph.safe_text.markdown escaped."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown_source).replace("\u2060", "")


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [s.value for s in at.success]
    parts += [w.value for w in at.warning] + [i.value for i in at.info]
    return "\n".join(str(p) for p in parts)


def frame_with(at: AppTest, column: str) -> pd.DataFrame:
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"no table with a {column!r} column; tables: {[list(d.value.columns) for d in at.dataframe]}")


def show(at: AppTest, key: str, view: str) -> None:
    at.radio(key=key).set_value(view).run()
    assert_clean(at)


def search_for(at: AppTest, key: str, text: str) -> None:
    at.text_input(key=f"{key}:input").input(text).run()
    assert_clean(at)


# -- first start, explore ------------------------------------------------------------------------


def test_first_start_fills_the_store_and_explore_shows_leipzigs_partners(app, demo_store):
    leipzig = search(demo_store, "Leipzig", labels=["Municipality"], limit=1)[0]
    expected = {row["partner"] for row in partner_rows(demo_store, leipzig.id)}
    assert {"Kyiv", "Kraków"} <= expected  # the curated partnerships were loaded at first start

    assert [t.value for t in app.title] == ["Explore the network"]
    around = demo_store.neighbourhood(leipzig.id, 1, list(DEFAULT_REL_TYPES))
    assert shown_count(app) == len(around.nodes)
    # the network was rendered as an offline vis-network page holding Leipzig and its partners (in
    # the clickable network component)
    pages = [str(el.proto) for kind in ("iframe", "bidi_component") for el in app.get(kind)]
    assert any("new vis.Network" in page and leipzig.id in page and all(
        row["partner_id"] in page for row in partner_rows(demo_store, leipzig.id)) for page in pages)

    show(app, "explore:view", "Partners")
    table = frame_with(app, "partner")
    assert set(table["partner"]) == expected


def test_the_first_view_waits_for_no_library_it_does_not_show(app):
    """Explore opens on a network, drawn without pyvis's import; tables, maps and charts import
    their libraries when they are shown."""
    script = (f"import sys\nfrom streamlit.testing.v1 import AppTest\n"
              f"at = AppTest.from_file({APP!r}, default_timeout={TIMEOUT}).run()\n"
              "assert not at.exception and not at.error and at.markdown\n"
              "print(*sorted(m for m in ('pandas', 'pydeck', 'altair', 'openpyxl', 'pyvis') if m in sys.modules))\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=TIMEOUT,
                          cwd=Path(APP).parent, env=dict(os.environ))
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""


def test_german_names_find_the_right_city(app, demo_store):
    search_for(app, "focus", "Kiew")
    pick = app.selectbox(key="focus:pick:Kiew")
    kyiv = demo_store.get(pick.value)
    assert kyiv.name == "Kyiv" and kyiv.get("country") == "UA"
    assert "around Kyiv" in texts(app)
    show(app, "explore:view", "Partners")
    table = frame_with(app, "partner")
    assert "Leipzig" in set(table["partner"])


def test_depth_and_filters_change_the_network(app, demo_store):
    first = shown_count(app)
    app.select_slider[0].set_value(2).run()
    assert_clean(app)
    deeper = shown_count(app)
    assert deeper > first

    app.multiselect(key="explore:countries").set_value(["PL"]).run()
    show(app, "explore:view", "Nodes shown")
    nodes = frame_with(app, "relationships shown")
    municipalities = nodes[nodes["type"] == "Municipality"]
    assert set(municipalities["country"]) <= {"Poland", "Germany"}  # Poland, plus Leipzig itself
    assert "Poland" in set(municipalities["country"])
    assert "only municipalities in Poland" in texts(app)

    app.multiselect(key="explore:countries").set_value([]).run()
    app.selectbox(key="explore:region").select("region:continent:africa").run()
    assert_clean(app)
    nodes = frame_with(app, "relationships shown")
    africa = resolve_area(demo_store, "region:continent:africa")
    towns = [demo_store.get(i) for i in nodes[nodes["type"] == "Municipality"]["Id"]]  # the id column, headed in words
    assert any(t.get("country") == "ET" for t in towns)  # Addis Ababa, Leipzig's partner
    assert all(africa.contains(t) or t.name == "Leipzig" for t in towns)


def test_partnership_kind_filter_keeps_only_that_kind(app):
    app.multiselect(key="explore:kinds").set_value(["climate"]).run()
    show(app, "explore:view", "Nodes shown")
    nodes = frame_with(app, "relationships shown")
    # Leipzig has no climate partnership in the demo data: only the centre and non-partner links remain
    assert "Kraków" not in set(nodes["name"])


def shown_count(at: AppTest) -> int:
    for m in at.markdown:
        if m.value.startswith("**Showing "):
            return int(m.value.split()[1].replace(",", ""))
    raise AssertionError("no 'Showing N of M' line")


def test_details_panel_lists_sources_and_aliases(app, demo_store):
    search_for(app, "focus", "Kyiv")
    show(app, "explore:view", "Details")
    text = texts(app)
    assert "Also known as" in text and "Kiew" in text
    sources = frame_with(app, "source")
    assert len(sources) >= 1


# -- partners by region ----------------------------------------------------------------------------


def test_regions_view_lists_existing_partnerships_and_suggestions(app, demo_store):
    app.switch_page("app_pages/regions.py").run()
    assert_clean(app)
    app.text_input(key="regions:origin").input("Gießen").run()
    app.text_input(key="regions:target").input("Polen").run()
    show(app, "regions:view", "Suggestions")
    suggestions = frame_with(app, "reasons")
    assert len(suggestions) > 0
    assert set(suggestions["country"]) == {"Poland"}
    giessen = search(demo_store, "Gießen", labels=["Municipality"], limit=1)[0]
    partners = {row["partner"] for row in partner_rows(demo_store, giessen.id)}
    assert not set(suggestions["municipality"]) & partners  # never suggests an existing partner
    assert suggestions["score"].is_monotonic_decreasing


def test_suggestions_say_why_they_are_empty_refuse_a_land_and_filter(app, demo_store):
    app.switch_page("app_pages/regions.py").run()
    app.text_input(key="regions:origin").input("Gießen").run()
    app.text_input(key="regions:target").input("Ghana").run()
    show(app, "regions:view", "Suggestions")
    assert "The store holds no municipality in Ghana — load data for it" in texts(app)
    app.text_input(key="regions:target").input("Polen").run()
    everyone = frame_with(app, "reasons")
    assert everyone["fit"].iloc[0] == 100 and everyone["criteria"].str.fullmatch(r"\d+ of \d+").all()
    app.number_input(key="regions:pop_min").set_value(500_000).run()
    assert_clean(app)
    big = frame_with(app, "reasons")
    assert 0 < len(big) < len(everyone) and (big["population"] >= 500_000).all()
    app.text_input(key="regions:origin").input("Sachsen").run()
    assert_clean(app)
    assert "'Sachsen' is a Land (Saxony), not one municipality" in texts(app)
    assert not any("reasons" in df.value.columns for df in app.dataframe)


def test_regions_view_matrix_for_a_country(app, demo_store):
    app.switch_page("app_pages/regions.py").run()
    app.text_input(key="regions:origin").input("Deutschland").run()
    app.text_input(key="regions:target").input("Ukraine").run()
    assert_clean(app)
    table = frame_with(app, "Municipality")
    assert "Kyiv" in set(table["Partner"]) and "Leipzig" in set(table["Municipality"])
    assert set(table["Partner's country"]) == {"Ukraine"}
    show(app, "regions:view", "Matrix")
    matrix = frame_with(app, "Ukraine")
    assert int(matrix["Ukraine"].sum()) == len(table)


def test_regions_matrix_names_its_rows_in_german(app):
    app.switch_page("app_pages/regions.py").run()  # Sachsen -> Ukraine
    app.radio(key="lang").set_value("de").run()
    show(app, "regions:view", "Matrix")
    matrix = next(df.value for df in app.dataframe if "Ukraine" in df.value.columns)
    assert matrix.index.name == "Land/Region" and list(matrix.index) == ["Sachsen"]  # not "origin_subdivision", "Saxony"


# -- paths, conferences, insights, about -------------------------------------------------------------


def test_paths_between_two_cities(app):
    app.switch_page("app_pages/paths.py").run()
    assert_clean(app)
    success = [s.value for s in app.success]
    assert success and "between Münster and Kyiv" in success[0]
    routes = frame_with(app, "route")
    assert all(r.startswith("Münster") and r.endswith("Kyiv") for r in routes["route"])
    steps = set(routes["steps"])
    assert len(steps) == 1  # all shortest paths have the same length


def test_conferences_list_network_and_attendees_without_partner(app, demo_store):
    app.switch_page("app_pages/conferences.py").run()
    assert_clean(app)
    shown = frame_with(app, "organisers")
    table = conference_table(demo_store)
    assert len(shown) == len(demo_store.nodes("Conference")) > 0
    assert list(shown["title"]) == list(table["title"])
    assert len(app.get("vega_lite_chart")) >= 1  # the timeline

    show(app, "conf:view", "Attendees without a partner")
    ukrainian = [i for i in app.multiselect(key="conf:gap").value]
    assert ukrainian, "the German-Ukrainian conferences are preselected"
    lacking = frame_with(app, "Partners there")  # the query's partners_in_target, in words
    assert (lacking["Partners there"] == 0).all()
    for name in lacking["municipality"]:
        town = search(demo_store, name, labels=["Municipality"], limit=1)[0]
        assert all(row["country"] != "UA" for row in partner_rows(demo_store, town.id)), name

    show(app, "conf:view", "One conference")
    ukrainian_rows = table[table["title"].str.contains("Ukrain")]
    busiest = ukrainian_rows.sort_values("participants").iloc[-1]
    app.selectbox(key="conf:one").select(busiest["id"]).run()
    assert_clean(app)
    attendees = frame_with(app, "relationship")
    linked = attendees[attendees["relationship"] == "attends"]
    assert len(linked) == busiest["participants"] > 0
    assert busiest["title"] in texts(app).replace("\\", "")


def test_insights_hubs_and_country_pairs(app):
    app.switch_page("app_pages/insights.py").run()
    assert_clean(app)
    app.multiselect(key="insights:b").set_value(["UA"]).run()
    assert_clean(app)
    hubs = frame_with(app, "degree")
    assert len(hubs) > 0
    assert list(hubs["degree"]) == sorted(hubs["degree"], reverse=True)
    show(app, "insights:view", "Coverage gaps")
    gaps = frame_with(app, "subdivision")
    assert gaps["partnerships"].iloc[0] <= gaps["partnerships"].iloc[-1]  # the gaps come first


def test_about_shows_quality_figures(app, demo_store):
    app.switch_page("app_pages/about.py").run()
    assert_clean(app)
    labels = {m.label: m.value for m in app.metric}
    municipalities = len(demo_store.nodes("Municipality"))
    assert labels["Municipalities"] == f"{municipalities:,}"
    assert "with a country" in labels
    from graph.queries.quality import quality

    report = quality(demo_store)
    assert labels["linked to the gazetteer"] == f"{report.linked:,}"
    assert labels["in a national register"] == f"{report.registered:,}"
    assert labels["unresolved"] == f"{len(report.unresolved):,}"
    rules = next(f.value for f in app.dataframe if "rule" in f.value.columns)
    assert dict(zip(rules["rule"], rules["spellings"])) == report.rules
    if report.merges:
        merges = next(f.value for f in app.dataframe if "why" in f.value.columns)
        assert len(merges) == len(report.merges)


# -- errors are one message, never a traceback ---------------------------------------------------------


def test_unknown_store_is_one_clear_message(app_env):
    os.environ["PARTNERNET_STORE"] = "cassandra"
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert len(at.error) == 1 and "unknown store 'cassandra'" in plain(at.error[0].value)


def test_unreadable_graph_file_is_one_clear_message(app_env, tmp_path):
    (tmp_path / "graph.json").write_text("{ not json", encoding="utf-8")
    os.environ["PARTNERNET_DATA_DIR"] = str(tmp_path)
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert len(at.error) == 1 and f"the graph file {tmp_path / 'graph.json'} is damaged (not JSON" in plain(at.error[0].value)


def test_missing_first_start_csv_is_named(app_env, tmp_path):
    os.environ["PARTNERNET_DATA_DIR"] = str(tmp_path / "store")
    os.environ["PARTNERNET_LOAD"] = str(tmp_path / "nope.csv")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    assert not at.exception
    assert any("nope.csv" in plain(e.value) for e in at.error)


def test_organisations_and_conferences_can_be_the_centre(app, demo_store):
    organisation = demo_store.nodes("Organisation")[0]
    search_for(app, "focus", organisation.name)
    assert f"around {organisation.name}" in texts(app).replace("\\", "")
    show(app, "explore:view", "Partners")
    links = frame_with(app, "relationship")
    assert len(links) == len([e for e in demo_store.edges(node_ids=[organisation.id])
                              if e.type in DEFAULT_REL_TYPES])


def test_secrets_choose_the_store(app_env):
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.secrets["PARTNERNET_STORE"] = "cassandra"
    at.run()
    assert not at.exception
    assert len(at.error) == 1 and "unknown store 'cassandra'" in plain(at.error[0].value)


def test_names_are_shown_as_text_never_as_markup(app_env, tmp_path):
    from graph.model import Edge, Node

    store = EmbeddedStore(tmp_path / "store")
    evil = Node("Municipality", "mun:xx:evil", {"name": "<b>Evil</b> **town** :red[x]", "country": "DE"})
    other = Node("Municipality", "mun:xx:formula", {"name": "=HYPERLINK(\"http://x\")", "country": "PL"})
    store.upsert([evil, other], [Edge("PARTNER_OF", evil.id, other.id, {"kind": "twin"})])
    store.flush()
    os.environ["PARTNERNET_DATA_DIR"] = str(tmp_path / "store")
    at = AppTest.from_file(APP, default_timeout=TIMEOUT).run()
    at.text_input(key="focus:input").input("<b>Evil").run()
    assert_clean(at)
    shown = [m.value for m in at.markdown if "Showing" in m.value][0]
    assert "\\<b\\>Evil\\<\\/b\\>" in shown and "\\*\\*town\\*\\*" in shown and "\\:\u2060red\\[x\\]" in shown
    assert "<b>Evil" not in shown and "<b>Evil</b> **town** :red[x]" in plain(shown)



def test_about_says_when_the_french_register_is_missing(app, tmp_path, monkeypatch):
    monkeypatch.setenv("PARTNERNET_NODE_MODULES", str(tmp_path))
    app.switch_page("app_pages/about.py").run()
    assert_clean(app)
    warnings = [w.value for w in app.warning if "French commune register" in w.value]
    assert len(warnings) == 1 and "make install" in warnings[0] and str(tmp_path) in warnings[0]
    monkeypatch.delenv("PARTNERNET_NODE_MODULES")
    app.run()
    assert not [w for w in app.warning if "French commune register" in w.value]


def test_coverage_gaps_take_a_land_and_refuse_a_region_in_words(app):
    app.switch_page("app_pages/insights.py").run()
    show(app, "insights:view", "Coverage gaps")
    app.text_input(key="insights:gap_o").input("Sachsen").run()
    assert_clean(app)
    gaps = frame_with(app, "subdivision")
    assert len(gaps) == 16 and "Saxony" in set(gaps["subdivision"])  # the Länder of Sachsen's country
    app.text_input(key="insights:gap_o").input("EU").run()
    assert not app.exception and not app.error
    assert any("coverage gaps count the subdivisions of one country" in w.value for w in app.warning)

@pytest.mark.neo4j
def test_the_app_gives_the_same_answers_on_neo4j(app_env, neo4j_server, neo4j_store, demo_store):
    """First start on an empty Neo4j loads the demo data; Leipzig's partners are the same as on the
    embedded store."""
    os.environ.update({"PARTNERNET_STORE": "neo4j", "NEO4J_URI": neo4j_server.uri,
                       "NEO4J_USERNAME": neo4j_server.user, "NEO4J_PASSWORD": neo4j_server.password})
    if neo4j_server.database:
        os.environ["NEO4J_DATABASE"] = neo4j_server.database
    at = AppTest.from_file(APP, default_timeout=600).run()
    assert_clean(at)
    show(at, "explore:view", "Partners")
    on_neo4j = set(frame_with(at, "partner")["partner"])
    leipzig = search(demo_store, "Leipzig", labels=["Municipality"], limit=1)[0]
    assert on_neo4j == {row["partner"] for row in partner_rows(demo_store, leipzig.id)}


@pytest.mark.neo4j
def test_wrong_neo4j_password_is_one_clear_message(app_env, neo4j_server):
    os.environ.update({"PARTNERNET_STORE": "neo4j", "NEO4J_URI": neo4j_server.uri,
                       "NEO4J_USERNAME": neo4j_server.user, "NEO4J_PASSWORD": "not-the-password"})
    at = AppTest.from_file(APP, default_timeout=120).run()
    assert not at.exception
    assert len(at.error) == 1 and "refused the login" in plain(at.error[0].value)


def test_conferences_add_section_offers_page_and_list_upload(app, demo_store):
    app.switch_page("app_pages/conferences.py").run()
    app.toggle(key="conf:add").set_value(True).run()
    assert_clean(app)
    assert app.selectbox(key="conf:list_conf").options, "the conferences to attach a list to"
    assert any("Names of persons are never read or stored" in m.value for m in app.markdown)


def test_overview_map_shows_every_country_with_partnerships_on_a_map_with_borders(app, demo_store):
    app.toggle(key="explore:overview:on").set_value(True).run()
    assert_clean(app)
    charts = app.get("deck_gl_json_chart")
    assert charts, "no map drawn"
    spec = json.loads(charts[0].proto.json)
    layers = {layer["id"]: layer for layer in spec["layers"]}
    assert layers["borders"]["@@type"] == "GeoJsonLayer" and len(layers["borders"]["data"]["features"]) > 150
    countries = {row["code"] for row in layers["countries"]["data"]}
    assert {"DE", "PL", "UA"} <= countries and layers["countries"]["radiusUnits"] == "pixels"
    assert "Germany" in {row["label"] for row in layers["country-labels"]["data"]}
    assert "partnerships between municipalities of" in texts(app)


def test_tables_show_an_unknown_year_as_an_empty_cell_not_none(app, demo_store):
    from graph.model import IN_COUNTRY, MUNICIPALITY, PARTNER_OF, Edge, Node

    towns = [Node(MUNICIPALITY, "mun:de:ohnejahr", {"name": "Ohnejahr", "country": "DE"}),
             Node(MUNICIPALITY, "mun:pl:bezroku", {"name": "Bezroku", "country": "PL"})]
    demo_store.upsert(towns, [Edge(IN_COUNTRY, "mun:de:ohnejahr", "country:DE", {}),
                              Edge(IN_COUNTRY, "mun:pl:bezroku", "country:PL", {}),
                              Edge(PARTNER_OF, "mun:de:ohnejahr", "mun:pl:bezroku", {"kind": "twin"})])
    demo_store.flush()
    app.switch_page("app_pages/regions.py").run()
    app.text_input(key="regions:origin").input("Deutschland").run()
    app.text_input(key="regions:target").input("Polen").run()
    assert_clean(app)
    table = frame_with(app, "Since")
    assert table.loc[table["Municipality"] == "Ohnejahr", "Since"].tolist() == [""]
    assert not table.isna().any().any() and not table.astype(str).isin(["None", "nan", "<NA>"]).any().any()
    # a number column would draw the empty year as "None" in the browser: years are shown as text
    shown = next(d for d in app.dataframe if "Since" in d.value.columns)
    assert '"number"' not in shown.proto.columns, shown.proto.columns


def test_a_view_that_is_one_table_downloads_as_one_csv_with_semicolons(demo_store):
    from graph.export.requests import download_choice
    from graph.export import ExportContext, export, filename_for
    from graph.queries import selections as sel
    from graph.queries.regional import resolve_area

    table = sel.region_partnerships(demo_store, resolve_area(demo_store, "Deutschland"), resolve_area(demo_store, "Polen"), None)
    sub = sel.listed_partnerships(demo_store, table)
    context = ExportContext(title="DE-PL", tables={"partnerships": table})
    fmt, made = download_choice(sub, context, "csv-semicolon")
    text = export(sub, fmt, context=made).decode("utf-8-sig")
    assert filename_for(made, fmt).endswith(".csv") and ";" in text.splitlines()[0] and "Kraków" in text
    assert download_choice(sub, context, "xlsx") == ("xlsx", context)


def test_a_table_with_a_missing_edition_can_be_drawn():
    # st.dataframe sends Arrow: a column of numbers and empty cells must be one type
    import pyarrow as pa

    from app_pages.common import readable

    frame = pd.DataFrame({"edition": [6, None, 7], "title": ["a", "b", None], "aliases": [["x", "y"], None, []]})
    table = pa.Table.from_pandas(readable(frame))
    assert table.column(0).to_pylist() == ["6", "", "7"] and table.column(1).to_pylist() == ["a", "b", ""]
    assert table.column(2).to_pylist() == ["x; y", "", ""]


def test_a_map_without_world_atlas_says_so_in_german_with_the_fix(app, monkeypatch, tmp_path):
    from graph.geo import worldatlas

    monkeypatch.setenv("PARTNERNET_NODE_MODULES", str(tmp_path))  # node_modules not installed
    worldatlas.countries.cache_clear()
    try:
        show(app, "explore:view", "Map")
        english = [w.value for w in app.warning]
        app.query_params["lang"] = "de"
        app.run()
        warnings = [w.value for w in app.warning]
    finally:
        worldatlas.countries.cache_clear()
    assert any("world-atlas package is not installed" in w and "make install" in w for w in english), english
    assert any("Staatsgrenzen und Küstenlinien fehlen" in w and "make install" in w for w in warnings), warnings
