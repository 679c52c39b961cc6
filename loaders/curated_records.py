"""The graph records of each curated file: one builder per file, in the order the files are read.

Each builder takes the ``loaders.curated_reader.Reader`` and one ``Entry`` and adds nodes and edges
to the reader, or a problem naming file, line, entry and value.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Callable

import pycountry

from graph.errors import ValidationError
from graph.model import (
    ADDRESSES, ATTENDS, BASED_IN, CONFERENCE, CONFERENCE_STATUSES, HELD_IN, MUNICIPALITY_KINDS,
    ORGANISATION, ORGANISATION_KINDS, ORGANISER_ROLES, ORGANISES, PARTNER_OF, PARTNERSHIP_KINDS,
    SOURCE, THEME, MUNICIPALITY, Node, conference_id, organisation_id, source_id, theme_id,
)
from graph.upsert import merge_props
from graph.geo.countries import resolve_country
from graph.i18n import _
from graph.text import fold





from .curated_reader import Entry, Reader, absent
from .curated_schema import LINE, LINES


def read_sources(r: Reader, entry: Entry) -> None:
    key = r.key(entry)
    title, url, file = r.text(entry, "title"), r.url(entry, "url"), r.text(entry, "file")
    if url is None and file is None and absent(entry.get("url")):
        r.problem(entry, None, None, _("a source needs a url or a file"))
        return
    if key and title and r.add_node(entry, SOURCE, source_id(key), {"name": title, "title": title,
                                                                     "url": url, "file": file}):
        r.keys["sources"].add(key)


def read_themes(r: Reader, entry: Entry) -> None:
    key, name = r.key(entry), r.text(entry, "name")
    props = {"name": name, "aliases": r.texts(entry, "aliases"), "sources": r.source_ids(entry)}
    if key and name and r.add_node(entry, THEME, theme_id(key), props):
        r.keys["themes"].add(key)


def read_municipalities(r: Reader, entry: Entry) -> None:
    name = r.text(entry, "name")
    code = r.country(entry, "country", entry.get("country"))
    kind = r.choice(entry, "kind", MUNICIPALITY_KINDS)
    lat, lon = r.number(entry, "lat", -90, 90), r.number(entry, "lon", -180, 180)
    subdivision, aliases, sources = r.text(entry, "subdivision"), r.texts(entry, "aliases"), r.source_ids(entry)
    if not (name and code):
        return
    country = dataclasses.replace(resolve_country(code), subdivision=subdivision)
    try:
        resolved = r.resolver.place(name, country, lat, lon, sources=sources)
    except ValidationError as exc:
        r.problem(entry, "name", name, str(exc))
        return
    # the resolver's subdivision (from the gazetteer) is canonical; the file's is kept only when it has none
    extra = {"aliases": aliases, "kind": kind,
             "subdivision": None if resolved.node.get("subdivision") else subdivision}
    node = r.add_node(entry, MUNICIPALITY, resolved.node.id,
                      merge_props(resolved.node.props, {k: v for k, v in extra.items() if v}))
    if node is None:
        return
    for spelling in {name, *aliases}:
        other = r.places.setdefault((fold(spelling), code), node.id)
        if other != node.id:
            r.problem(entry, "aliases", spelling, _("also a name of {name!r}; references would be ambiguous").format(
                name=r.nodes[other].name))
    for extra_node in resolved.nodes:
        old = r.nodes.get(extra_node.id)
        r.nodes[extra_node.id] = extra_node if old is None else Node(old.label, old.id, merge_props(old.props, extra_node.props))
    for edge in resolved.edges:
        r.edges[edge.identity] = edge


def read_organisations(r: Reader, entry: Entry) -> None:
    key, name = r.key(entry), r.text(entry, "name")
    kind = r.choice(entry, "kind", ORGANISATION_KINDS)
    code = r.country(entry, "country", entry.get("country"))
    sources = r.source_ids(entry)
    props = {"name": name, "kind": kind, "country": code, "url": r.url(entry, "url"),
             "aliases": r.texts(entry, "aliases"), "sources": sources}
    seat = r.place(entry, "based_in", entry.get("based_in")) if not absent(entry.get("based_in")) else None
    themes = r.refs(entry, "themes", "themes") if not absent(entry.get("themes")) else []
    if not (key and name and kind and code):
        return
    node = r.add_node(entry, ORGANISATION, organisation_id(key), props)
    if node is None:
        return
    r.keys["organisations"].add(key)
    if seat:
        r.add_edge(entry, "based_in", BASED_IN, node.id, seat, {"sources": sources})
    for theme in themes:
        r.add_edge(entry, "themes", ADDRESSES, node.id, theme_id(theme), {"sources": sources})


def read_conferences(r: Reader, entry: Entry) -> None:
    key, title = r.key(entry), r.text(entry, "title")
    start, end = r.date(entry, "start"), r.date(entry, "end")
    if start and end and end[:len(start)] < start[:len(end)]:
        r.problem(entry, "end", end, _("ends before it starts ({start})").format(start=start))
    languages = r.texts(entry, "languages")
    for code in languages:
        if not re.fullmatch(r"[a-z]{2}", code) or pycountry.languages.get(alpha_2=code) is None:
            r.problem(entry, "languages", code, _("not an ISO 639-1 language code, e.g. de, uk, en"))
    sources = r.source_ids(entry)
    props = {"name": title, "title": title, "aliases": r.texts(entry, "aliases"), "series": r.text(entry, "series"),
             "edition": r.whole(entry, "edition", 1, 1000), "start": start, "end": end,
             "status": r.choice(entry, "status", CONFERENCE_STATUSES), "venue": r.text(entry, "venue"),
             "languages": languages, "url": r.url(entry, "url"), "note": r.text(entry, "note"), "sources": sources}
    place = r.place(entry, "place", entry.get("place")) if not absent(entry.get("place")) else None
    organisers = _organisers(r, entry, sources)
    themes = r.refs(entry, "themes", "themes") if not absent(entry.get("themes")) else []
    attendees = _attendees(r, entry)
    if not (key and title and props["status"]):
        return
    node = r.add_node(entry, CONFERENCE, conference_id(key), props)
    if node is None:
        return
    if place:
        r.add_edge(entry, "place", HELD_IN, node.id, place, {"sources": sources})
    for org, role, org_sources in organisers:
        r.add_edge(entry, "organisers", ORGANISES, organisation_id(org), node.id,
                   {"role": role, "sources": org_sources}, unique=True)
    for theme in themes:
        r.add_edge(entry, "themes", ADDRESSES, node.id, theme_id(theme), {"sources": sources})
    for attendee in attendees:
        r.add_edge(entry, "attendees", ATTENDS, attendee, node.id, {"sources": sources}, unique=True)


def _organisers(r: Reader, entry: Entry, default_sources: list[str]) -> list[tuple[str, str, list[str]]]:
    value = entry.get("organisers")
    if absent(value):
        return []
    if not isinstance(value, list):
        r.problem(entry, "organisers", value, _("must be a list of {org: <key>, role: <role>}"))
        return []
    out = []
    for item in value:
        if not isinstance(item, dict) or absent(item.get("org")) or absent(item.get("role")):
            shown = {k: v for k, v in item.items() if k not in (LINE, LINES)} if isinstance(item, dict) else item
            r.problem(entry, "organisers", shown, _("each organiser needs org: <organisation key> and role: <role>"))
            continue
        unknown = sorted(set(item) - {"org", "role", "sources", LINE, LINES})
        if unknown:
            r.problem(entry, "organisers", unknown[0], _("unknown organiser field; expected org, role, sources"))
        orgs = r.refs(entry, "organisers", "organisations", item["org"])
        role = r.choice(entry, "organisers", ORGANISER_ROLES, item["role"])
        sources = r.source_ids(entry, item["sources"]) if not absent(item.get("sources")) else default_sources
        if orgs and role and not unknown:
            out.append((orgs[0], role, sources))
    return out


def _attendees(r: Reader, entry: Entry) -> list[str]:
    value = entry.get("attendees")
    if absent(value):
        return []
    if not isinstance(value, dict) or set(value) - {"municipalities", "organisations", LINE, LINES}:
        r.problem(entry, "attendees", None,
                  _("must be {municipalities: [{name, country}, ...], organisations: [<key>, ...]}"))
        return []
    out = []
    for place in value.get("municipalities") or []:
        found = r.place(entry, "attendees", place)
        if found:
            out.append(found)
    orgs = value.get("organisations") or []
    out += [organisation_id(k) for k in r.refs(entry, "attendees", "organisations", orgs)] if orgs else []
    return out


def read_partnerships(r: Reader, entry: Entry) -> None:
    a, b = r.place(entry, "a", entry.get("a")), r.place(entry, "b", entry.get("b"))
    kind = r.choice(entry, "kind", PARTNERSHIP_KINDS) or ("twin" if absent(entry.get("kind")) else None)
    since, until = r.whole(entry, "since", 1000, 2100), r.whole(entry, "until", 1000, 2100)
    sources = r.source_ids(entry)
    if since and until and until < since:
        r.problem(entry, "until", until, _("ends before it began ({since})").format(since=since))
    if not (a and b and kind):
        return
    if a == b:
        r.problem(entry, "b", r.nodes[b].name, _("a municipality cannot be its own partner"))
        return
    r.add_edge(entry, None, PARTNER_OF, a, b, {"kind": kind, "since": since, "until": until, "sources": sources},
               unique=True)


READERS: dict[str, Callable[[Reader, Entry], None]] = {
    "sources": read_sources, "themes": read_themes, "municipalities": read_municipalities,
    "organisations": read_organisations, "conferences": read_conferences, "partnerships": read_partnerships,
}
