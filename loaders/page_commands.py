"""The command-line side of ``partnernet load conference-page`` and ``partnernet load attendees``."""

from __future__ import annotations

import sys
from pathlib import Path

from graph.errors import InputError
from graph.i18n import _, ngettext, number, pgettext, term
from graph.store.base import GraphStore

from .report import LoadReport


def field_label(name: str) -> str:
    """A field of a draft record as a reviewer reads it, in the current language ("start" -> "Beginn").

    Parameters
    ----------
    name : str
        The field's name in the curated format (``loaders.conference_draft.FIELD_ORDER``).

    Returns
    -------
    str
        Its label; an unknown name unchanged.
    """
    labels = {"key": pgettext("draft field", "key"), "title": pgettext("draft field", "title"),
              "aliases": pgettext("draft field", "aliases"), "series": pgettext("draft field", "series"),
              "edition": pgettext("draft field", "edition"), "start": pgettext("draft field", "start"),
              "end": pgettext("draft field", "end"), "status": pgettext("draft field", "status"),
              "place": pgettext("draft field", "place"), "venue": pgettext("draft field", "venue"),
              "languages": pgettext("draft field", "languages"), "url": pgettext("draft field", "url"),
              "organisers": pgettext("draft field", "organisers"), "themes": pgettext("draft field", "themes"),
              "attendees": pgettext("draft field", "attendees"), "note": pgettext("draft field", "note"),
              "sources": pgettext("draft field", "sources")}
    return labels.get(name, name)


def describe(drafts) -> str:
    """A reviewer's summary of drafts: each field, its value and the sentence it came from."""
    out = []
    for draft in drafts:
        rec = draft.record
        same = _(" (the curated conference {key!r})").format(key=draft.matches) if draft.matches else ""
        out.append(_("{file}: conference {title!r}{same}").format(
            file=draft.file, title=rec.get("title", _("(no title)")), same=same))
        for name, value in rec.items():
            if name in ("key", "sources"):
                continue
            if name == "status":
                value = term("status", value)
            elif name == "place" and isinstance(value, dict):
                value = f"{value.get('name')} ({value.get('country')})"
            elif name == "organisers" and isinstance(value, list):
                value = ", ".join(f"{o.get('org')} ({term('role', o.get('role'))})" for o in value if isinstance(o, dict))
            out.append(f"  {field_label(name)}: {value}")
            if name in draft.evidence:
                out += ["      " + _("from {quote}").format(quote=said[:300]) for said in draft.evidence[name].split("\n")]
        for key, sentence in draft.mentioned.items():
            out.append("  " + _("mentioned without a role (not recorded): {key}, {sentence}").format(
                key=key, sentence=sentence[:200]))
        for problem in draft.problems:
            out.append("  " + _("problem: {problem}").format(problem=problem))
    return "\n".join(out)


def load_conference_page(store: GraphStore, path: str, *, draft_file: str | None, yes: bool,
                         publisher: str | None = None) -> list[LoadReport]:
    """Read a page (or a reviewed draft ``.yaml``), show the drafts, write them to ``draft_file`` and,
    with ``yes``, load them with the page as their Source."""
    from .conference_draft import draft_yaml, load_draft, read_draft, source_entry
    from .conference_page import read_conference_page

    if Path(path).suffix.lower() in (".yaml", ".yml"):
        sources, conferences, file = read_draft(path)
        if not yes:
            raise InputError(_("{path} is a draft: add --yes to load it").format(path=path))
        return [load_draft(store, sources, conferences, file=file)]
    drafts = read_conference_page(path, publisher=publisher)
    print(describe(drafts))
    source = source_entry(path, drafts[0].record.get("title") if len(drafts) == 1 else None)
    if draft_file:
        Path(draft_file).write_text(draft_yaml(drafts, source), encoding="utf-8")
        print(_("draft written to {file}: review it, then `partnernet load conference-page {file} --yes`").format(
            file=draft_file))
    if not yes:
        if not draft_file:
            print(_("nothing loaded: add --draft FILE to write the draft for review, or --yes to load it"),
                  file=sys.stderr)
        return []
    incomplete = [d for d in drafts if "title" not in d.record or "status" not in d.record]
    if incomplete:
        raise InputError(ngettext(
            "{path}: {n} draft lacks a title or a status; nothing was written. Write the draft with --draft FILE, "
            "complete it, and load that file with --yes",
            "{path}: {n} drafts lack a title or a status; nothing was written. Write the draft with --draft FILE, "
            "complete it, and load that file with --yes", len(incomplete)).format(path=path, n=number(len(incomplete))))
    return [load_draft(store, [source], [d.record for d in drafts], file=str(path))]


def load_attendee_list(store: GraphStore, path: str, conference: str | None) -> list[LoadReport]:
    from .attendees import load_attendees

    if not conference:
        raise InputError(_("load attendees needs --conference KEY (see `partnernet conferences` for the ids)"))
    return [load_attendees(store, path, conference)]
