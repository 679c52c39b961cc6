"""Drafts of conference records: written as YAML for review, read back, checked and loaded.

A draft file holds two lists in the formats of ``data/curated/``: ``sources`` (the page) and
``conferences`` (what the page says, every field with a comment giving the sentence it came from).
Loading checks a draft with the same rules as the curated files (:mod:`loaders.curated`), so a
reviewed draft can also be pasted into ``sources.yaml`` and ``conferences.yaml`` unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from graph.errors import InputError
from graph.model import CONFERENCE, HELD_IN, Edge, conference_id, source_id
from graph.geo.countries import resolve_country
from graph.i18n import _, term
from graph.store.base import GraphStore

from .curated_reader import Entry, Reader, entry_label
from .curated_records import READERS, read_conferences, read_sources
from .curated_schema import DEFAULT_DIRECTORY, LINE, LINES, CuratedDataError, LineLoader, line_at
from .conference_page import Draft
from .report import LoadReport, Problem

FIELD_ORDER = ("key", "title", "aliases", "series", "edition", "start", "end", "status", "place", "venue",
               "languages", "url", "organisers", "themes", "attendees", "note", "sources")
_STATUS_RANK = {"planned": 0, "postponed": 1, "held": 2, "cancelled": 2}


def source_entry(path: str | Path, title: str | None = None) -> dict:
    """The Source a page becomes, in the format of ``sources.yaml`` (``file`` is the page's file name)."""
    from .conference_page import source_key_for

    name = Path(path).name
    title = _("Conference page {title} (file {name})").format(title=title or name, name=name)
    return {"key": source_key_for(path), "title": title, "file": name}


def _flow(value: Any) -> str:
    text = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000, sort_keys=False).strip()
    return text[:-3].strip() if text.endswith("\n...") else text  # a plain scalar gets an end-of-document mark


def draft_yaml(drafts: list[Draft], source: dict) -> str:
    """The drafts as YAML text for review: each value with the sentence it came from as a comment.

    Parameters
    ----------
    drafts : list of loaders.conference_page.Draft
    source : the page as an entry of ``sources.yaml`` (see :func:`source_entry`)

    Returns
    -------
    str
        A mapping with ``sources`` and ``conferences`` lists in the curated formats; problems and
        organisations mentioned without a role are comments above the entry.

    Example
    -------
    >>> text = draft_yaml(read_conference_page("page.html"), source_entry("page.html"))  # doctest: +SKIP
    """
    out = ["# " + line for line in _(
        "Draft made from a conference page: check every value against the sentence under it,\n"
        "correct or delete what is wrong, then load it with\n"
        "  partnernet load conference-page THIS-FILE.yaml --yes\n"
        "or copy the entries into data/curated/sources.yaml and conferences.yaml.").split("\n")]
    out += ["sources:", f"  - {_flow(source)}", "conferences:"]
    for draft in drafts:
        for problem in draft.problems:
            out.append("  # " + _("PROBLEM: {problem}").format(problem=problem))
        for key, sentence in draft.mentioned.items():
            out.append("  # " + _("mentioned without a role: {key} ({sentence})").format(key=key, sentence=sentence))
        first = True
        for name in FIELD_ORDER:
            if name not in draft.record:
                continue
            if name in draft.evidence:
                for n, said in enumerate(draft.evidence[name].split("\n")):
                    out.append("    # " + (_("{field} from {quote}") if n == 0 else "  " + _("and {quote}")).format(
                        field=name, quote=said))
            prefix = "  - " if first else "    "
            first = False
            out.append(f"{prefix}{name}: {_flow(draft.record[name])}")
    return "\n".join(out) + "\n"


REVIEW_PARSED = ("place", "organisers", "themes", "languages", "aliases", "attendees", "edition")


def review_rows(draft: Draft) -> list[dict[str, str]]:
    """One row per field for a reviewer: ``field``, ``value`` (YAML flow text, editable) and the
    ``source sentence`` it came from; text fields as written, so that a date is not shown quoted."""
    shown = lambda name, value: _flow(value) if name in REVIEW_PARSED else str(value)  # noqa: E731
    return [{"field": name, "value": "" if draft.record.get(name) is None else shown(name, draft.record[name]),
             "source sentence": draft.evidence.get(name, "")}
            for name in FIELD_ORDER if name != "sources"]


def record_from_review(rows: list[dict[str, str]], sources: list[str]) -> dict:
    """The record a reviewer's rows describe: empty values are left out; lists, places and numbers
    are read as YAML flow text ("[de, en]", "{name: Leipzig, country: DE}", "6").

    Raises
    ------
    InputError
        A value is not valid YAML (the message names the field and the value).
    """
    record: dict[str, Any] = {}
    for row in rows:
        text = str(row.get("value") or "").strip()
        if not text:
            continue
        if row["field"] in REVIEW_PARSED:
            try:
                record[row["field"]] = yaml.safe_load(text)
            except yaml.YAMLError:
                raise InputError(_("field {field!r}: {value!r} is not valid; write lists as [a, b] and "
                                   "places as {{name: Leipzig, country: DE}}").format(field=row["field"], value=text)) \
                    from None
        else:
            record[row["field"]] = text
    record["sources"] = list(sources)
    return record


def read_draft(path: str | Path) -> tuple[list[dict], list[dict], str]:
    """(sources, conferences, file) of a draft file, with the line of every entry kept for messages."""
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=LineLoader)
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(_("{path}: cannot read the draft ({reason})").format(path=path, reason=exc)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else line_at(path, getattr(exc, "position", None))
        raise InputError(_("{path}, line {line}: not valid YAML: {reason}").format(
            path=path, line=line, reason=getattr(exc, "problem", None) or exc)) from None
    if not isinstance(data, dict) or not isinstance(data.get("conferences"), list):
        raise InputError(_("{path}: a draft needs 'sources:' and 'conferences:' lists "
                           "(write one with `partnernet load conference-page PAGE --draft FILE`)").format(path=path))
    return list(data.get("sources") or []), list(data["conferences"]), str(path)


def _with_lines(item: dict, line: int) -> dict:
    if LINE in item:
        return item
    return {**item, LINE: line, LINES: {}}


def load_draft(store: GraphStore, sources: list[dict], conferences: list[dict], *, file: str,
               resolver=None) -> LoadReport:
    """Check draft records like curated entries and write them; nothing is written if any is wrong.

    Parameters
    ----------
    store : the graph store
    sources, conferences : entries in the formats of ``sources.yaml`` and ``conferences.yaml``
    file : the draft's (or page's) name for messages and the report

    Returns
    -------
    LoadReport
        Nodes and relationships written; notes on a place found by the gazetteer, and on a status
        kept because the store's sources already report the conference as held or cancelled.

    Raises
    ------
    loaders.curated.CuratedDataError
        Listing every problem (unknown organisation key, role, status, date, ...).

    Example
    -------
    >>> load_draft(store, [source_entry("page.html")], [draft.record], file="page.html")  # doctest: +SKIP
    """
    from graph.places.resolver import PlaceResolver

    resolver = resolver or PlaceResolver()
    reader = Reader(DEFAULT_DIRECTORY, resolver)
    for stem in ("sources", "themes", "municipalities", "organisations"):
        for entry in reader.read_file(stem):
            READERS[stem](reader, entry)
    before = set(reader.nodes)
    report = LoadReport(file)
    for what, items in (("source", sources), ("conference", conferences)):
        for n, item in enumerate(items, 1):
            if not isinstance(item, dict):
                reader.problems.append(Problem(file, 1, "", repr(item), _("{what} entry {n} is not a mapping of fields")
                                               .format(what=entry_label(what), n=n)))
    sources = [item for item in sources if isinstance(item, dict)]
    conferences = [item for item in conferences if isinstance(item, dict)]
    for n, item in enumerate(sources, 1):
        entry = Entry(file, _with_lines(item, n), entry_label("source", repr(item.get("key"))))
        if reader._check_fields("sources", entry):
            if source_id(str(item.get("key"))) in reader.nodes:  # the page is already a curated source
                reader.keys["sources"].add(item["key"])
            else:
                read_sources(reader, entry)
    places: dict[str, dict] = {}
    for n, item in enumerate(conferences, 1):
        entry = Entry(file, _with_lines(dict(item), n), entry_label("conference", repr(item.get("key"))))
        place = entry.data.pop("place", None)
        if not reader._check_fields("conferences", entry):
            continue
        cid = conference_id(str(item.get("key")))
        reader.nodes.pop(cid, None)
        read_conferences(reader, entry)
        if place and cid in reader.nodes:
            places[cid] = place
            _place(reader, entry, cid, place, report)
    if reader.problems:
        raise CuratedDataError(file, reader.problems)
    conf_ids = {conference_id(str(c.get("key"))) for c in conferences}
    edges = [e for e in reader.edges.values() if e.source in conf_ids or e.target in conf_ids]
    ends = {e.source for e in edges} | {e.target for e in edges}
    edges += [e for e in reader.edges.values() if e.type in ("IN_COUNTRY", "PART_OF") and e.source in ends]
    ends |= {e.target for e in edges}
    nodes = [n for i, n in reader.nodes.items() if i in conf_ids or i in ends or i not in before]
    nodes = [_keep_confirmed_status(store, n, report) for n in nodes]
    result = store.upsert(nodes, edges)
    store.flush()
    report.rows_read = report.rows_loaded = len(conferences)
    report.nodes_written, report.edges_written = result.nodes, result.edges
    return report


def _place(reader, entry, cid: str, place: Any, report: LoadReport) -> None:
    """HELD_IN the place: a curated municipality by any alias, else the gazetteer via the place rules."""
    from graph.text import fold

    if not isinstance(place, dict) or not place.get("name") or not place.get("country"):
        reader.problem(entry, "place", place, _("must be a municipality as {name: ..., country: XX}"))
        return
    code = str(place["country"])
    found = reader.places.get((fold(str(place["name"])), code))
    if found is None:
        country = resolve_country(code)
        if country is None:
            reader.problem(entry, "place", code, _("not an ISO 3166-1 alpha-2 country code, e.g. DE"))
            return
        resolved = reader.resolver.place(str(place["name"]), country)
        for node in [resolved.node, *resolved.nodes]:
            reader.nodes.setdefault(node.id, node)
        for edge in resolved.edges:
            reader.edges[edge.identity] = edge
        found = resolved.node.id
        report.notes.append(_("{name} ({country}) placed by the gazetteer as {place} ({id})").format(
            name=place["name"], country=code, place=resolved.node.name, id=found))
    sources = reader.nodes[cid].get("sources") or []
    reader.edges[("HELD_IN", cid, found)] = Edge(HELD_IN, cid, found, {"sources": sources})


def _keep_confirmed_status(store: GraphStore, node, report: LoadReport):
    """A page that announces a conference does not undo a report that it was held or cancelled."""
    if node.label != CONFERENCE:
        return node
    old = store.get(node.id)
    new, was = node.get("status"), old.get("status") if old is not None else None
    if was and new and _STATUS_RANK.get(was, 0) > _STATUS_RANK.get(new, 0):
        report.notes.append(_("{name}: status stays {was!r} (earlier sources report it); this page says {new!r}").format(
            name=node.name, was=term("status", was), new=term("status", new)))
        node = node.with_props(status=was)
    if old is not None and old.get("note") and node.get("note") and node.get("note") not in old.get("note"):
        node = node.with_props(note=f"{old.get('note')} {node.get('note')}")  # the earlier note is kept
    if old is not None and old.get("title") and old.get("title") != node.get("title"):
        # the conference is known: its title stays, the page's title becomes another name for it
        aliases = sorted({*(old.get("aliases") or []), *(node.get("aliases") or []), node.get("title")})
        node = node.with_props(title=old.get("title"), name=old.name, aliases=aliases)
    return node
