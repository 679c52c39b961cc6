"""What the app does before a view: the tab icon, the one-time load of an empty store, opening the
store for a run.

Kept out of ``app.py`` because that script runs anew on every interaction: a cached function
defined there would be made again (its source read and hashed) on every run.
"""

from __future__ import annotations

import functools
import gc
import io
import os
import threading
from pathlib import Path

import streamlit as st

from graph import i18n
from graph.errors import InputError, PartnernetError
from graph.i18n import _, ngettext
from app_pages import common

WORLD_CSV = Path(__file__).resolve().parents[1] / "data" / "world" / "twin_cities.csv"
NO_LOAD = ("none", "no", "0", "off")


def first_start_file() -> Path | None:
    """The twin-city file to load into an empty store: $PARTNERNET_LOAD, else the world dataset."""
    raw = os.environ.get("PARTNERNET_LOAD")
    if raw is None:
        return WORLD_CSV if WORLD_CSV.is_file() else None
    if raw.strip().lower() in NO_LOAD or not raw.strip():
        return None
    return Path(raw.strip()).expanduser()


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
        from graph.store.shared import cyclic_gc_paused

        # A load makes millions of small objects and next to no reference cycles: the cyclic GC is
        # paused while it runs (a third of the time otherwise), and its result frozen afterwards.
        try:
            with cyclic_gc_paused():
                try:
                    # the lock `partnernet load` takes too: a CLI load at the same time waits, or is waited for
                    with writing(self.store, say=self.steps.append):
                        self._load()
                finally:
                    gc.freeze()
        except PartnernetError as exc:
            self.error = str(exc)
        except Exception as exc:  # a bug, but the sessions waiting for this load must hear of it
            self.error = f"{type(exc).__name__}: {exc}"
        finally:
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


@functools.lru_cache(maxsize=1)
def icon() -> bytes:
    """The tab icon as PNG, drawn here once per process: a page icon from st.Page would be fetched
    from a font server."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (64, 64), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.line([(16, 44), (32, 18), (48, 44), (16, 44)], fill=(31, 78, 156, 255), width=5)
    for x, y in ((16, 44), (32, 18), (48, 44)):
        draw.ellipse([x - 9, y - 9, x + 9, y + 9], fill=(0, 114, 178, 255))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


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
    from graph.store.shared import cyclic_gc_paused

    with cyclic_gc_paused():  # the sessions' threads share one count of who paused it
        common.start_run()
        _freeze(common.token().rsplit(":", 1)[0])  # once per version of the data, whatever the language
