"""partnernet explorer: municipal partnerships, their organisations and conferences, in a browser.

Run ``streamlit run app.py``. The graph lives in the embedded store (./var/partnernet, or
$PARTNERNET_DATA_DIR) unless $PARTNERNET_STORE=neo4j points it at a Neo4j server (NEO4J_URI,
NEO4J_USERNAME, NEO4J_PASSWORD, NEO4J_DATABASE, also read from Streamlit secrets). An empty store is
filled with the demo data on first start, plus the twin-city CSV named by $PARTNERNET_LOAD.
"""

from __future__ import annotations

import gc
import os
import threading
from pathlib import Path

import streamlit as st

from graph.errors import InputError, PartnernetError
from app_pages import answers, common


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
        self.csv = os.environ.get("PARTNERNET_LOAD", "").strip()
        self.steps: list[str] = []
        self.written = 0
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

        self.steps.append("Regions, countries and the curated partnerships, organisations and conferences")
        was_empty = not self.store.stats().node_count
        ensure_demo(self.store)
        if self.csv and was_empty:
            path = Path(self.csv).expanduser()
            if not path.is_file():
                raise InputError(f"PARTNERNET_LOAD names {self.csv!r}, which is not a readable file; fix the "
                                 "path, or load it later with: partnernet load twin-cities FILE")
            self.steps.append(f"Reading and writing {path.name}")
            report = load_twin_cities(self.store, path, progress=self._progress)
            self.steps.append(f"{path.name}: {report.rows_loaded:,} of {report.rows_read:,} rows loaded"
                              + (f", {report.rows_skipped:,} skipped (`partnernet load twin-cities` lists them)"
                                 if report.rows_skipped else ""))

    def _progress(self, count: int) -> None:
        self.written += count


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
        with st.status("First start: loading the data this store still needs …", expanded=True) as status:
            lines = st.empty()
            while not job.done.wait(0.5):
                lines.markdown("\n".join(f"- {step}" for step in job.steps)
                               + (f"\n\n{job.written:,} records written" if job.written else ""))
            status.update(label="Data loaded", state="complete", expanded=False)
    if job.error is not None:
        st.error(f"Loading at first start stopped: {common.md(job.error)}", icon="⚠️")


def sidebar() -> None:
    s = common.store()
    stats = answers.store_stats(s, common.token())
    st.sidebar.caption(common.store_description(s))
    st.sidebar.markdown(" · ".join(f"**{count:,}** {label}" for label, count in stats.nodes.items() if count)
                        + f" · **{stats.edges.get('PARTNER_OF', 0):,}** partnerships")


PAGES = [
    st.Page("app_pages/explore.py", title="Explore", icon=":material/travel_explore:", default=True),
    st.Page("app_pages/regions.py", title="Partners by region", icon=":material/map:", url_path="regions"),
    st.Page("app_pages/conferences.py", title="Conferences", icon=":material/event:", url_path="conferences"),
    st.Page("app_pages/paths.py", title="Paths", icon=":material/route:", url_path="paths"),
    st.Page("app_pages/insights.py", title="Insights", icon=":material/insights:", url_path="insights"),
    st.Page("app_pages/about.py", title="About the data", icon=":material/info:", url_path="about"),
    st.Page("app_pages/your_data.py", title="Your data", icon=":material/upload_file:", url_path="your-data"),
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
        _freeze(common.token())
    finally:
        if collecting:
            gc.enable()


def main() -> None:
    common.apply_secrets()
    navigation = st.navigation(PAGES)
    try:
        open_store_for_run()
        first_start()
        sidebar()
        navigation.run()
    except PartnernetError as exc:
        st.error(common.md(exc), icon="⚠️")


main()
