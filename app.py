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

import gc
import os
import threading
from pathlib import Path

import streamlit as st

from graph import i18n
from graph.errors import InputError, PartnernetError
from graph.i18n import _, ngettext
from app_pages import answers, common, outage, state

WORLD_CSV = Path(__file__).resolve().parent / "data" / "world" / "twin_cities.csv"
NO_LOAD = ("none", "no", "0", "off")


def first_start_file() -> Path | None:
    """The twin-city file to load into an empty store: $PARTNERNET_LOAD, else the world dataset."""
    raw = os.environ.get("PARTNERNET_LOAD")
    if raw is None:
        return WORLD_CSV if WORLD_CSV.is_file() else None
    if raw.strip().lower() in NO_LOAD or not raw.strip():
        return None
    return Path(raw.strip()).expanduser()


def _icon():
    """The tab icon, drawn here: a page icon from st.Page would be fetched from a font server."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.line([(16, 44), (32, 18), (48, 44), (16, 44)], fill=(31, 78, 156, 255), width=5)
    for x, y in ((16, 44), (32, 18), (48, 44)):
        draw.ellipse([x - 9, y - 9, x + 9, y + 9], fill=(0, 114, 178, 255))
    return image


st.set_page_config(page_title="partnernet", page_icon=_icon(), layout="wide")


class FirstLoad:
    """Fills an empty store once per process, in a thread of its own, so that a closed browser tab
    cannot interrupt it half-way; every session shows its progress and waits for it."""

    def __init__(self, store) -> None:
        self.store = store
        self.csv = first_start_file()
        self.lang = i18n.language()
        self.steps: list[str] = []
        self.written = 0
        self.total = 0
        self.fraction = 0.0
        self.error: str | None = None
        self.done = threading.Event()
        self.thread = threading.Thread(target=self._run, name="partnernet-first-load", daemon=True)

    def _run(self) -> None:
        from graph.store.lock import writing

        # A load makes millions of small objects and next to no reference cycles: the cyclic GC is
        # paused while it runs (a third of the time otherwise), and its result frozen afterwards.
        collecting = gc.isenabled()
        gc.disable()
        try:
            # the lock `partnernet load` takes too: a CLI load at the same time waits, or is waited for
            with writing(self.store, say=self.steps.append):
                self._load()
        except PartnernetError as exc:
            self.error = str(exc)
        except Exception as exc:  # a bug, but the sessions waiting for this load must hear of it
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
            gc.freeze()
            if collecting:
                gc.enable()
            st.cache_data.clear()
            self.done.set()

    def _load(self) -> None:
        from loaders.demo import ensure_demo
        from loaders.twin_cities import load_twin_cities

        i18n.set_language(self.lang)
        self.steps.append(_("Regions, countries and the curated partnerships, organisations and conferences"))
        was_empty = not self.store.stats().node_count
        ensure_demo(self.store)
        self.fraction = 0.1
        path = self.csv
        if path is not None and was_empty:
            if not path.is_file():
                raise InputError(_("PARTNERNET_LOAD names {path!r}, which is not a readable file; fix the "
                                   "path, or load it later with: partnernet load twin-cities FILE")
                                 .format(path=str(path)))
            self.steps.append(_("Reading {name} and placing its towns (about a minute)").format(name=path.name))
            report = load_twin_cities(self.store, path, progress=self._progress, announce=self._announce)
            self.fraction = 1.0
            line = ngettext("{name}: {loaded} of {n} row loaded", "{name}: {loaded} of {n} rows loaded",
                            report.rows_read).format(name=path.name, loaded=i18n.number(report.rows_loaded),
                                                     n=i18n.number(report.rows_read))
            if report.rows_skipped:
                line += _(", {skipped} skipped (`partnernet load twin-cities` lists them)").format(
                    skipped=i18n.number(report.rows_skipped))
            self.steps.append(line)

    def _announce(self, total: int) -> None:
        """The file is read and placed: what is left is writing ``total`` records."""
        self.total = total
        self.fraction = 0.6
        self.steps.append(_("Writing {name}").format(name=self.csv.name if self.csv else ""))

    def _progress(self, count: int) -> None:
        self.written += count
        if self.total:
            self.fraction = min(0.6 + 0.4 * self.written / self.total, 1.0)


@st.cache_resource(show_spinner=False)
def _first_load(store_key: str) -> FirstLoad | None:
    from loaders.demo import demo_missing

    s = common.store()
    if not demo_missing(s):
        return None
    job = FirstLoad(s)
    job.thread.start()
    return job


def first_start() -> None:
    """Wait for (or start) the one-time load of an empty store, showing what it does."""
    s = common.store()
    job = _first_load(f"{s.kind}:{id(s)}")
    if job is None:
        return
    if not job.done.is_set():
        with st.status(_("First start: loading the data this store still needs …"), expanded=True) as status:
            bar = st.progress(0.0)
            lines = st.empty()
            while not job.done.wait(0.5):
                bar.progress(job.fraction, text=_("{percent} % done").format(percent=int(job.fraction * 100)))
                lines.markdown("\n".join(f"- {common.md(step)}" for step in job.steps)
                               + ("\n\n" + ngettext("{n} record written", "{n} records written", job.written)
                                  .format(n=i18n.number(job.written)) if job.written else ""))
            bar.progress(1.0)
            status.update(label=_("Data loaded"), state="complete", expanded=False)
    if job.error is not None:
        st.error(_("Loading at first start stopped: {error}").format(error=common.md(job.error)), icon="⚠️")


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
    parts = [ngettext(*_LABEL_WORDS[label], count).format(n=f"**{i18n.number(count)}**") if label in _LABEL_WORDS
             else f"**{i18n.number(count)}** {label}" for label, count in stats.nodes.items() if count]
    partnerships = stats.edges.get("PARTNER_OF", 0)
    parts.append(ngettext("{n} partnership", "{n} partnerships", partnerships).format(
        n=f"**{i18n.number(partnerships)}**"))
    st.sidebar.markdown(" · ".join(parts))


def choose_language() -> str:
    """The language of this run: ``?lang=``, else the sidebar switch, else the browser's language."""
    browser = i18n.normalise(getattr(st.context, "locale", None)) or i18n.DEFAULT_LANGUAGE
    lang = state.selectbox("Sprache · Language", "lang", list(i18n.LANGUAGES), default=browser, key="lang",
                           widget=st.sidebar.radio, format_func=i18n.LANGUAGES.get, horizontal=True)
    return i18n.set_language(lang)


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


@st.cache_resource(show_spinner=False, max_entries=1)
def _freeze(version: str) -> None:
    """Once per version of the data: the store lives as long as the process, and the embedded one
    is hundreds of thousands of objects that are never garbage. Frozen, the cyclic GC's passes do
    not walk them all (on the real dataset about 0.3 s during the first view alone)."""
    gc.freeze()


def open_store_for_run() -> None:
    """Open the store (first run of the process) or catch up with what another process wrote
    (``partnernet load`` while the app runs): with the cyclic GC paused while the graph is read,
    which would otherwise cost a third of the time, and the result frozen."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        common.start_run()
        _freeze(common.token().rsplit(":", 1)[0])  # once per version of the data, whatever the language
    finally:
        if collecting:
            gc.enable()


def main() -> None:
    common.apply_secrets()
    choose_language()
    navigation = st.navigation(pages())
    try:
        open_store_for_run()
        outage.stale_notice()
        first_start()
        sidebar()
        navigation.run()
    except PartnernetError as exc:
        st.error(common.md(exc), icon="⚠️")
    finally:
        state.flush()  # the view's inputs to the address bar, once per run


main()
