"""Conferences page, section "Add a page or list": upload a conference page, review the draft (every
field editable, its source sentence beside it) and load it; or upload an attendee list."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

from app_pages import common as c
from graph.errors import PartnernetError


def _saved(upload) -> Path:
    """The upload as a file with its own name (the name becomes the Source's file name)."""
    folder = Path(tempfile.mkdtemp(prefix="partnernet-upload-"))
    path = folder / Path(upload.name).name
    path.write_bytes(upload.getvalue())
    return path


def render(store) -> None:
    """The upload section (called by app_pages/conferences.py)."""
    # every write below holds the lock `partnernet load` takes, so that a load at the same time is kept
    from graph.store.lock import writing
    from loaders.conference_draft import load_draft, record_from_review, review_rows, source_entry
    from loaders.conference_page import read_conference_page
    from loaders.page_commands import field_label

    from graph.i18n import _

    st.markdown(_("**A conference page** (text, HTML or a saved web page; German or English). Check each value "
                  "against the sentence it came from, correct it, then load. Empty fields stay empty."))
    page = st.file_uploader(_("Conference page"), type=["txt", "html", "htm"], key="conf:page")
    if page is not None:
        path = _saved(page)
        try:
            drafts = read_conference_page(path)
        except PartnernetError as exc:
            st.error(c.md(str(exc)))
            drafts = []
        source = source_entry(path, drafts[0].record.get("title") if len(drafts) == 1 else None)
        records = []
        for n, draft in enumerate(drafts):
            st.markdown("**" + _("Draft {n}").format(n=n + 1) + "**" + (
                _(" · the curated conference {name}").format(name=c.md(draft.matches)) if draft.matches else ""))
            for problem in draft.problems:
                st.warning(c.md(problem))
            for key, sentence in draft.mentioned.items():
                st.caption(_("Mentioned without a role (not recorded): {name} — {sentence}").format(
                    name=c.md(key), sentence=c.md(sentence)))
            rows = review_rows(draft)
            shown = pd.DataFrame({_("field"): [field_label(r["field"]) for r in rows],
                                  _("value"): [r["value"] for r in rows],
                                  _("source sentence"): [r["source sentence"] for r in rows]})
            edited = st.data_editor(shown, hide_index=True, width="stretch", key=f"conf:draft:{page.name}:{n}",
                                    disabled=[_("field"), _("source sentence")])
            for row, value in zip(rows, edited[_("value")].tolist()):
                row["value"] = value
            try:
                records.append(record_from_review(rows, [source["key"]]))
            except PartnernetError as exc:
                st.error(c.md(_("Draft {n}").format(n=n + 1) + f": {exc}"))
        if records and st.button(_("Load the draft"), key="conf:load_page", type="primary"):
            try:
                with writing(store, say=lambda text: st.info(c.md(text), icon="⏳")):
                    report = load_draft(store, [source], records, file=page.name)
            except PartnernetError as exc:
                st.error(c.md(str(exc)))
            else:
                st.cache_data.clear()
                st.success(c.md(report.summary()))

    st.markdown(_("**An attendee list** (CSV or Excel; columns Kommune/Stadt, Land, Organisation/Institution). "
                  "Names of persons are never read or stored."))
    from graph.model import CONFERENCE

    confs = {n.id: n.name for n in store.nodes(CONFERENCE)}
    conf_id = st.selectbox(_("Conference"), sorted(confs, key=lambda i: confs[i]), format_func=lambda i: confs[i],
                           key="conf:list_conf", placeholder=_("Choose one"))
    listing = st.file_uploader(_("Attendee list"), type=["csv", "xlsx"], key="conf:list")
    if listing is not None and conf_id and st.button(_("Load the list"), key="conf:load_list", type="primary"):
        from loaders.attendees import load_attendees

        try:
            with writing(store, say=lambda text: st.info(c.md(text), icon="⏳")):
                report = load_attendees(store, _saved(listing), conf_id)
        except PartnernetError as exc:
            st.error(c.md(str(exc)))
        else:
            st.cache_data.clear()
            st.success(c.md(report.summary()))
