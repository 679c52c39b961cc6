"""Views that stay put, in the language asked for: the URL holds every input of a view (a reload, the
back button and a copied link show the same), and ``?lang=de`` speaks German."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

pytest.importorskip("streamlit")
from streamlit.testing.v1 import AppTest  # noqa: E402

APP = str(Path(__file__).resolve().parents[1] / "app.py")
TIMEOUT = 180
ENV_KEYS = ("PARTNERNET_DATA_DIR", "PARTNERNET_STORE", "PARTNERNET_LOAD", "NEO4J_URI", "NEO4J_USERNAME",
            "NEO4J_PASSWORD", "NEO4J_DATABASE")


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("app-views")


@pytest.fixture(autouse=True)
def env(data_dir):
    saved = {k: os.environ.pop(k, None) for k in ENV_KEYS}
    os.environ["PARTNERNET_DATA_DIR"] = str(data_dir)
    os.environ["PARTNERNET_LOAD"] = "none"
    yield
    for key, value in saved.items():
        os.environ.pop(key, None)
        if value is not None:
            os.environ[key] = value


def open_url(page: str | None = None, **params: str) -> AppTest:
    """The app as a browser opening a URL: a new session, the page and its query string."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    for key, value in params.items():
        at.query_params[key] = value
    if page:
        at.switch_page(page)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]
    return at


def url(at: AppTest) -> dict[str, str]:
    return {k: (v[-1] if isinstance(v, list) else v) for k, v in at.query_params.items()}


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [i.value for i in at.info]
    parts += [w.value for w in at.warning]
    return "\n".join(str(p) for p in parts).replace("\\", "")


def test_a_copied_link_reproduces_the_regions_view():
    at = open_url("app_pages/regions.py", **{"from": "Bayern", "to": "Polen", "regions.view": "Matrix",
                                            "rows": "origin", "cols": "partner"})
    assert at.text_input(key="regions:origin").value == "Bayern"
    assert at.text_input(key="regions:target").value == "Polen"
    assert at.radio(key="regions:view").value == "Matrix"
    assert (at.selectbox(key="regions:rows").value, at.selectbox(key="regions:cols").value) == ("origin", "partner")


def test_every_input_is_written_to_the_url_and_read_back_on_reload():
    at = open_url("app_pages/regions.py")
    at.text_input(key="regions:origin").input("Gießen").run()
    at.text_input(key="regions:target").input("Ghana").run()
    at.radio(key="regions:view").set_value("Suggestions").run()
    at.slider(key="regions:limit").set_value(7).run()
    shared = url(at)
    assert {k: shared[k] for k in ("from", "to", "regions.view", "limit")} == {
        "from": "Gießen", "to": "Ghana", "regions.view": "Suggestions", "limit": "7"}
    again = open_url("app_pages/regions.py", **shared)  # F5: a new session from the same address
    assert again.text_input(key="regions:origin").value == "Gießen"
    assert again.radio(key="regions:view").value == "Suggestions"
    assert again.slider(key="regions:limit").value == 7


def test_explore_inputs_survive_a_reload():
    at = open_url()
    at.text_input(key="focus:input").input("Kyiv").run()
    at.select_slider(key="explore:depth").set_value(2).run()
    at.multiselect(key="explore:kinds").set_value(["twin", "friendship"]).run()
    at.radio(key="explore:view").set_value("Partners").run()
    shared = url(at)
    assert shared["focus"] == "Kyiv" and shared["depth"] == "2" and shared["kinds"] == "twin,friendship"
    again = open_url(**shared)
    assert again.text_input(key="focus:input").value == "Kyiv"
    assert again.select_slider(key="explore:depth").value == 2
    assert again.multiselect(key="explore:kinds").value == ["twin", "friendship"]
    assert again.radio(key="explore:view").value == "Partners"
    assert "around Kyiv" in texts(again)


def test_leaving_a_view_and_coming_back_keeps_its_inputs():
    at = open_url("app_pages/regions.py")
    at.text_input(key="regions:origin").input("Bayern").run()
    at.switch_page("app_pages/paths.py").run()
    at.query_params.clear()  # the address bar of another page
    at.switch_page("app_pages/regions.py").run()
    assert at.text_input(key="regions:origin").value == "Bayern"
    assert url(at)["from"] == "Bayern"


def test_a_value_the_view_cannot_show_is_said():
    at = open_url(depth="7")
    assert "depth='7'" in texts(at) and "1, 2, 3" in texts(at)
    assert at.select_slider(key="explore:depth").value == 1


# -- German ----------------------------------------------------------------------------------------


def frames(at: AppTest) -> list:
    return [df.value for df in at.dataframe]


def test_german_explore_view_headings_kinds_and_plurals():
    at = open_url(lang="de", **{"explore.view": "Partners"})
    assert [t.value for t in at.title] == ["Das Netzwerk erkunden"]
    assert at.radio(key="lang").value == "de"
    shown = texts(at)
    assert "**Leipzig** hat **" in shown
    assert "Partnerschaften." in shown and "partnership(s)" not in shown
    table = next(f for f in frames(at) if "Partner" in f.columns)
    assert {"Staat", "Land/Region", "Art", "Seit"} <= set(table.columns)
    assert "Städtepartnerschaft" in set(table["Art"])
    assert "Polen" in set(table["Staat"])  # Kraków's country by its German name


def test_german_regions_view_with_laender_and_one_partnership():
    at = open_url("app_pages/regions.py", lang="de", **{"from": "Freistaat Sachsen", "to": "Ukraine"})
    assert [t.value for t in at.title] == ["Partner nach Region"]
    shown = texts(at)
    assert "**Sachsen** (Land/Region) → **Ukraine** (Staat)" in shown
    table = next(f for f in frames(at) if "Kommune" in f.columns)
    assert set(table["Land/Region"]) == {"Sachsen"} and set(table["Art"]) <= {
        "Städtepartnerschaft", "Städtefreundschaft", "Städtekontakt", "Projektpartnerschaft",
        "Solidaritätspartnerschaft", "Klimapartnerschaft"}
    n, m = len(table), table["Kommune"].nunique()
    partnerships = "Partnerschaft" if n == 1 else "Partnerschaften"
    municipalities = "Kommune" if m == 1 else "Kommunen"
    assert f"**{n}** {partnerships} von **{m}** {municipalities} aus Sachsen mit Ukraine." in shown

    one = open_url("app_pages/regions.py", lang="de", **{"from": "Leipzig", "to": "Ukraine"})
    assert "**1** Partnerschaft von **1** Kommune aus Leipzig mit Ukraine." in texts(one)


def test_every_view_has_a_german_heading():
    titles = {"app_pages/explore.py": "Das Netzwerk erkunden", "app_pages/regions.py": "Partner nach Region",
              "app_pages/conferences.py": "Partnerschaftskonferenzen",
              "app_pages/paths.py": "Wie sind zwei Orte verbunden?", "app_pages/insights.py": "Einblicke",
              "app_pages/about.py": "Über die Daten", "app_pages/your_data.py": "Ihre Daten"}
    for page, title in titles.items():  # each as a link opens it (AppTest formats choices in its own thread,
        at = open_url(page, lang="de")  # so a German session is not driven further here)
        if page.endswith("your_data.py"):  # its address (your-data) is not its file's name: reached from About
            at = open_url("app_pages/about.py", lang="de")
            at.switch_page(page).run()
        assert [t.value for t in at.title] == [title], page


def test_the_sidebar_switch_changes_the_language_and_the_url():
    at = open_url()
    assert [t.value for t in at.title] == ["Explore the network"]
    at.radio(key="lang").set_value("de").run()
    assert [t.value for t in at.title] == ["Das Netzwerk erkunden"]
    assert url(at)["lang"] == "de"
    again = open_url(**url(at))
    assert [t.value for t in again.title] == ["Das Netzwerk erkunden"]


def test_a_view_that_stops_early_still_writes_its_inputs():
    at = open_url("app_pages/regions.py")
    at.text_input(key="regions:target").input("").run()  # "Name both areas": the page stops here
    assert url(at)["to"] == "" and url(at)["from"] == "Sachsen"


def test_paths_draws_only_the_part_asked_for():
    """The path's network and map are drawn when chosen, not hidden in tabs on every visit (a page switch
    would send the map's borders each time)."""
    listed = open_url("app_pages/paths.py")
    assert listed.radio(key="paths:view").value == "Paths" and len(listed.dataframe) == 1
    assert not listed.get("deck_gl_json_chart") and not listed.get("bidi_component")
    drawn = open_url("app_pages/paths.py", **{"paths.view": "Map"})
    assert len(drawn.get("deck_gl_json_chart")) == 1 and not drawn.get("bidi_component")


def test_the_network_library_is_sent_once_per_session():
    """vis-network (700 kB) comes with the first network of a session; later pictures carry their network only."""
    import json

    def sent(at: AppTest) -> dict:
        return json.loads(at.get("bidi_component")[0].proto.json)

    at = open_url()
    first = sent(at)
    assert len(first["assets_js"]) > 100_000 and "/*pn-vis-js*/" in first["page"]
    at.select_slider(key="explore:depth").set_value(2).run()
    again = sent(at)
    assert again["assets_js"] == "" and len(again["page"]) < len(first["page"]) + 50_000
    assert "/*pn-vis-js*/" in again["page"] and again["token"] != first["token"]


def test_a_switch_in_the_address_takes_the_words_people_write():
    """?overview=true (or ja, yes, on) opens the switch; a value it cannot take is said in the address's own form."""
    assert open_url(focus="", overview="true").toggle(key="explore:overview:on").value is True
    suggestions = open_url("app_pages/regions.py", **{"regions.view": "Suggestions", "from": "Leipzig", "to": "Polen",
                                                      "no_home": "ja"})
    assert suggestions.checkbox(key="regions:no_home").value is True
    odd = open_url("app_pages/conferences.py", **{"conf.add": "maybe"})
    shown = texts(odd)
    assert "conf.add='maybe'" in shown and "showing '0' instead" in shown and "False" not in shown
