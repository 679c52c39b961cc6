"""partnernet explorer: municipal partnerships, their organisations and conferences, in a browser.

Run ``streamlit run app.py``. The graph lives in the embedded store (./var/partnernet, or
$PARTNERNET_DATA_DIR) unless $PARTNERNET_STORE=neo4j points it at a Neo4j server (NEO4J_URI,
NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE, also read from Streamlit secrets). An empty store is
filled at first start with the curated records and the world's twin cities (data/world/twin_cities.csv,
or the twin-city CSV named by $PARTNERNET_LOAD; PARTNERNET_LOAD=none loads the curated records only).
The app speaks German or English: ``?lang=de`` / ``?lang=en``, the sidebar switch, else the browser's
language.
"""

from __future__ import annotations

import streamlit as st

from graph import i18n
from graph.errors import PartnernetError
from graph.i18n import _, ngettext
from app_pages import answers, common, outage, parts, startup, state

st.set_page_config(page_title="partnernet", page_icon=startup.icon(), layout="wide")


# What a node label is called in the sidebar's counts, singular and plural.
_LABEL_WORDS = {
    "Municipality": ("{n} municipality", "{n} municipalities"), "Country": ("{n} country", "{n} countries"),
    "Region": ("{n} region", "{n} regions"), "Organisation": ("{n} organisation", "{n} organisations"),
    "Conference": ("{n} conference", "{n} conferences"), "Theme": ("{n} theme", "{n} themes"),
    "Source": ("{n} source", "{n} sources"),
}


def sidebar() -> None:
    s = common.store()
    stats = answers.store_stats(s, common.token())
    st.sidebar.caption(common.store_description(s))
    counts = [ngettext(*_LABEL_WORDS[label], count).format(n=f"**{i18n.number(count)}**") if label in _LABEL_WORDS
             else f"**{i18n.number(count)}** {label}" for label, count in stats.nodes.items() if count]
    partnerships = stats.edges.get("PARTNER_OF", 0)
    counts.append(ngettext("{n} partnership", "{n} partnerships", partnerships).format(
        n=f"**{i18n.number(partnerships)}**"))
    st.sidebar.markdown(" · ".join(counts))


def choose_language() -> str:
    """The language of this run: ``?lang=``, else the sidebar switch, else the browser's language."""
    browser = i18n.normalise(getattr(st.context, "locale", None)) or i18n.DEFAULT_LANGUAGE
    lang = state.selectbox("Sprache · Language", "lang", list(i18n.LANGUAGES), default=browser, key="lang",
                           widget=st.sidebar.radio, format_func=i18n.LANGUAGES.get, horizontal=True)
    return parts.speak(lang)  # parts of a view rerun alone speak it too


def pages() -> list:
    return [
        st.Page("app_pages/explore.py", title=_("Explore"), icon=":material/travel_explore:", default=True),
        st.Page("app_pages/regions.py", title=_("Partners by region"), icon=":material/map:", url_path="regions"),
        st.Page("app_pages/conferences.py", title=_("Conferences"), icon=":material/event:",
                url_path="conferences"),
        st.Page("app_pages/paths.py", title=_("Paths"), icon=":material/route:", url_path="paths"),
        st.Page("app_pages/insights.py", title=_("Insights"), icon=":material/insights:", url_path="insights"),
        st.Page("app_pages/about.py", title=_("About the data"), icon=":material/info:", url_path="about"),
        st.Page("app_pages/your_data.py", title=_("Your data"), icon=":material/upload_file:",
                url_path="your-data"),
    ]


def main() -> None:
    common.apply_secrets()
    choose_language()
    navigation = st.navigation(pages())
    try:
        startup.open_store_for_run()
        outage.stale_notice()
        startup.first_start()
        sidebar()
        navigation.run()
    except PartnernetError as exc:
        st.error(common.md(exc), icon="⚠️")
    finally:
        state.flush()  # the view's inputs to the address bar, once per run


main()
