"""Downloads of a view: one button per export format, each file made only when its button is clicked.

The files are made by :mod:`graph.export` from the subgraph the view shows, with the sources of its
records, in the language the page was shown in.
"""

from __future__ import annotations

from typing import Callable, Sequence

import streamlit as st

from app_pages.common import store
from graph import export as exports
from graph.export.requests import download_choice
from graph.i18n import _
from graph.store.base import Subgraph

DOWNLOAD_FORMATS = ("xlsx", "csv", "csv-semicolon", "gexf", "graphml", "json", "html", "report", "pdf")


def download_buttons(sub: Subgraph, context: exports.ExportContext, key: str,
                     formats: Sequence[str] = DOWNLOAD_FORMATS) -> None:
    """One button per export format; each file is made only when its button is clicked."""
    from graph.export.browser import find_chromium

    shown = [f for f in formats if f != "pdf" or find_chromium()]
    if not sub.nodes:
        return
    st.caption(_("Download this view"))
    # one row that shares its width among the buttons: one block for the page to send, where
    # columns were one per button (every element sent is work for the server on every click)
    row = st.container(horizontal=True, gap="small")
    for fmt in shown:
        made, made_context = download_choice(sub, context, fmt)  # one table: one .csv, not a zip
        spec = exports.FORMATS[made]
        row.download_button(
            _(_FORMAT_LABELS.get(fmt, fmt)), data=_deferred(sub, made, made_context),
            file_name=exports.filename_for(made_context, made), mime=spec.media_type, key=f"{key}:dl:{fmt}",
            help=_(spec.description), on_click="ignore", width="stretch",
        )


_FORMAT_LABELS = {"xlsx": "Excel", "csv": "CSV", "csv-semicolon": "CSV (;)", "gexf": "GEXF", "graphml": "GraphML", "json": "JSON",
                  "html": "HTML", "report": "Report", "pdf": "PDF"}


def _deferred(sub: Subgraph, fmt: str, context: exports.ExportContext) -> Callable[[], bytes]:
    from graph import i18n

    lang = i18n.language()  # the file is made later, when its button is clicked: in the language shown now

    def make() -> bytes:
        with i18n.using(lang):
            return exports.export(sub, fmt, context=exports.with_sources(store(), sub, context))

    return make
