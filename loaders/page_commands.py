"""The command-line side of ``partnernet load conference-page`` and ``partnernet load attendees``."""

from __future__ import annotations

import sys
from pathlib import Path

from graph.errors import InputError
from graph.store.base import GraphStore

from .report import LoadReport


def describe(drafts) -> str:
    """A reviewer's summary of drafts: each field, its value and the sentence it came from."""
    out = []
    for draft in drafts:
        rec = draft.record
        same = f" (the curated conference {draft.matches!r})" if draft.matches else ""
        out.append(f"{draft.file}: conference {rec.get('title', '(no title)')!r}{same}")
        for name, value in rec.items():
            if name in ("key", "sources"):
                continue
            out.append(f"  {name}: {value}")
            if name in draft.evidence:
                out += [f"      from {said[:300]}" for said in draft.evidence[name].split("\n")]
        for key, sentence in draft.mentioned.items():
            out.append(f"  mentioned without a role (not recorded): {key}, {sentence[:200]}")
        for problem in draft.problems:
            out.append(f"  problem: {problem}")
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
            raise InputError(f"{path} is a draft: add --yes to load it")
        return [load_draft(store, sources, conferences, file=file)]
    drafts = read_conference_page(path, publisher=publisher)
    print(describe(drafts))
    source = source_entry(path, drafts[0].record.get("title") if len(drafts) == 1 else None)
    if draft_file:
        Path(draft_file).write_text(draft_yaml(drafts, source), encoding="utf-8")
        print(f"draft written to {draft_file}: review it, then `partnernet load conference-page {draft_file} --yes`")
    if not yes:
        if not draft_file:
            print("nothing loaded: add --draft FILE to write the draft for review, or --yes to load it",
                  file=sys.stderr)
        return []
    incomplete = [d for d in drafts if "title" not in d.record or "status" not in d.record]
    if incomplete:
        raise InputError(f"{path}: {len(incomplete)} draft(s) lack a title or a status; nothing was written. "
                         "Write the draft with --draft FILE, complete it, and load that file with --yes")
    return [load_draft(store, [source], [d.record for d in drafts], file=str(path))]


def load_attendee_list(store: GraphStore, path: str, conference: str | None) -> list[LoadReport]:
    from .attendees import load_attendees

    if not conference:
        raise InputError("load attendees needs --conference KEY (see `partnernet conferences` for the ids)")
    return [load_attendees(store, path, conference)]
