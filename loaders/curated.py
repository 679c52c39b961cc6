"""Loader for the project's own curated dataset: the YAML files in ``data/curated/``.

Six human-edited files — sources, themes, organisations, municipalities, conferences, partnerships —
each a list of mappings that refer to one another by short keys (``org: skew``, ``sources: [...]``)
and to municipalities by ``{name, country}``. The schema of each file is documented at its top.

Everything is checked before anything is written: an unknown key, a role or status outside the
model, a bad date or a missing field becomes a :class:`~loaders.report.Problem` naming file, line,
entry and value, and a single :class:`CuratedDataError` lists them all. Municipality ids come from
:class:`graph.places.resolver.PlaceResolver`, as for the twin-city table, so the same place from both
sources becomes one node.
"""

from __future__ import annotations

import dataclasses
import logging
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

import pycountry
import yaml

from graph.errors import InputError, ValidationError
from graph.model import (
    ADDRESSES, ATTENDS, BASED_IN, CONFERENCE, CONFERENCE_STATUSES, HELD_IN, MUNICIPALITY_KINDS,
    ORGANISATION, ORGANISATION_KINDS, ORGANISER_ROLES, ORGANISES, PARTNER_OF, PARTNERSHIP_KINDS,
    SOURCE, THEME, MUNICIPALITY, Edge, Node, conference_id, merge_props, organisation_id, source_id,
    theme_id,
)
from graph.geo.countries import resolve_country
from graph.places.resolver import PlaceResolver
from graph.store.base import GraphStore
from graph.text import clean, fold

from .report import LoadReport, Problem

DEFAULT_DIRECTORY = Path(__file__).resolve().parents[1] / "data" / "curated"
log = logging.getLogger(__name__)
FILES = ("sources", "themes", "municipalities", "organisations", "conferences", "partnerships")

_LINE, _LINES = "__line__", "__lines__"
_KEY = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_DATE = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
_URL = re.compile(r"https?://\S+")

# field -> required?  (the schema comments at the top of each YAML file say the same in words)
FIELDS: dict[str, dict[str, bool]] = {
    "sources": {"key": True, "title": True, "url": False, "file": False},
    "themes": {"key": True, "name": True, "aliases": False, "sources": True},
    "municipalities": {"name": True, "country": True, "subdivision": False, "kind": False, "lat": False,
                       "lon": False, "aliases": False, "sources": True},
    "organisations": {"key": True, "name": True, "kind": True, "country": True, "url": False,
                      "aliases": False, "based_in": False, "themes": False, "sources": True},
    "conferences": {"key": True, "title": True, "aliases": False, "series": False, "edition": False,
                    "start": False, "end": False, "status": True, "place": False, "venue": False,
                    "languages": False, "url": False, "organisers": False, "themes": False,
                    "attendees": False, "note": False, "sources": True},
    "partnerships": {"a": True, "b": True, "kind": False, "since": False, "until": False, "sources": True},
}


class CuratedDataError(InputError):
    """The curated files have problems; nothing was written. ``problems`` lists every one."""

    def __init__(self, directory: str, problems: list[Problem]):
        self.problems = list(problems)
        lines = [f"{directory}: {len(problems)} problem(s) in the curated data; nothing was written"]
        lines += [f"  {p}" for p in problems]
        super().__init__("\n".join(lines))


@dataclass
class CuratedData:
    """The records made from the curated files, and how many entries each file held."""

    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)
    entries: dict[str, int] = field(default_factory=dict)


# --- YAML with line numbers ------------------------------------------------------------------------


# libyaml's parser when PyYAML was built with it (ten times faster); the constructor stays Python
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_SafeLoader):
    """SafeLoader that records the line of every mapping and of each of its keys, and refuses
    duplicate keys (PyYAML would silently keep the last)."""

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, int] = {}
        for key_node, _ in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"field {key_node.value!r} appears twice in one entry", key_node.start_mark)
                seen[key_node.value] = key_node.start_mark.line + 1
        mapping = super().construct_mapping(node, deep=deep)
        mapping[_LINE] = node.start_mark.line + 1
        mapping[_LINES] = seen
        return mapping


# Dates stay text so that they are checked here, with a message naming line and value, rather than
# failing inside the YAML parser ("2023-02-30") or turning into date objects.
_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
}


class _Entry:
    """One mapping of a file, with what is needed to report a problem about it."""

    def __init__(self, file: str, data: dict, label: str):
        self.file, self.data, self.label = file, data, label

    def line(self, name: str | None = None) -> int:
        return self.data[_LINES].get(name, self.data[_LINE]) if name else self.data[_LINE]

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)


class _Reader:
    """Reads and checks the files, collecting problems instead of stopping at the first."""

    def __init__(self, directory: Path, resolver: PlaceResolver):
        self.directory = directory
        self.resolver = resolver
        self.problems: list[Problem] = []
        self.nodes: dict[str, Node] = {}
        self.edges: dict[tuple, Edge] = {}
        self.keys: dict[str, set[str]] = {"sources": set(), "themes": set(), "organisations": set()}
        self.places: dict[tuple[str, str], str] = {}  # (folded name or alias, country) -> municipality id

    # -- reporting ---------------------------------------------------------------------------------
    def problem(self, entry: _Entry, name: str | None, value: Any, message: str) -> None:
        where = f"{entry.label}, field {name!r}" if name else entry.label
        shown = value if isinstance(value, str) else ("" if value is None else repr(value))
        self.problems.append(Problem(entry.file, entry.line(name), "", shown, f"{where}: {message}"))

    # -- files -------------------------------------------------------------------------------------
    def read_file(self, stem: str) -> list[_Entry]:
        path = self.directory / f"{stem}.yaml"
        file = str(path)
        if not path.exists():
            return []
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LineLoader)
        except UnicodeDecodeError as exc:
            self.problems.append(Problem(file, 1, "", "", f"not UTF-8 text ({exc.reason}); save the file as UTF-8"))
            return []
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else 1
            what = getattr(exc, "problem", None) or str(exc)
            self.problems.append(Problem(file, line, "", "", f"not valid YAML: {what}"))
            return []
        if data is None:
            return []
        if not isinstance(data, list):
            self.problems.append(Problem(file, 1, "", "", "the file must be a list of entries (each starting with '- ')"))
            return []
        entries = []
        for index, item in enumerate(data, 1):
            if not isinstance(item, dict):
                self.problems.append(Problem(file, 1, "", str(item), f"entry {index} is not a mapping of fields"))
                continue
            label = self._label(stem, item, index)
            entry = _Entry(file, item, label)
            if self._check_fields(stem, entry):
                entries.append(entry)
        return entries

    def _label(self, stem: str, item: dict, index: int) -> str:
        singular = stem[:-1]
        if stem == "municipalities":
            return f"municipality {clean(item.get('name')) or f'#{index}'!r}"
        if stem == "partnerships":
            ends = [clean(end.get("name")) if isinstance(end, dict) else "" for end in (item.get("a"), item.get("b"))]
            return f"partnership {' – '.join(ends)!r}" if all(ends) else f"partnership #{index}"
        key = item.get("key")
        return f"{singular} {key!r}" if isinstance(key, str) and key else f"{singular} #{index}"

    def _check_fields(self, stem: str, entry: _Entry) -> bool:
        allowed = FIELDS[stem]
        ok = True
        for name in entry.data:
            if name in (_LINE, _LINES):
                continue
            if name not in allowed:
                self.problem(entry, name, name, f"unknown field; expected one of {', '.join(allowed)}")
                ok = False
        for name, required in allowed.items():
            if required and _absent(entry.get(name)):
                self.problem(entry, None, None, f"missing required field {name!r}")
                ok = False
        return ok

    # -- values ------------------------------------------------------------------------------------
    def text(self, entry: _Entry, name: str) -> str | None:
        value = entry.get(name)
        if _absent(value):
            return None
        if not isinstance(value, str) or not clean(value):
            self.problem(entry, name, value, "must be text")
            return None
        return clean(value)

    def texts(self, entry: _Entry, name: str) -> list[str]:
        value = entry.get(name)
        if _absent(value):
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and clean(v) for v in value):
            self.problem(entry, name, value, "must be a list of text, e.g. [a, b]")
            return []
        return [clean(v) for v in value]

    def key(self, entry: _Entry) -> str | None:
        key = self.text(entry, "key")
        if key is None:
            return None
        if not _KEY.fullmatch(key):
            self.problem(entry, "key", key, "keys use lower-case letters, digits and single dashes, e.g. 'skew-africa-2025'")
            return None
        return key

    def refs(self, entry: _Entry, name: str, kind: str, value: Any = ...) -> list[str]:
        """Keys referring to entries of another file (``kind`` is that file's stem)."""
        if value is ...:
            value = entry.get(name)
        keys = value if isinstance(value, list) else [value]
        out = []
        for key in keys:
            if not isinstance(key, str) or key not in self.keys[kind]:
                self.problem(entry, name, key, f"unknown {kind[:-1]} key; expected a key from {kind}.yaml")
            else:
                out.append(key)
        return out

    def source_ids(self, entry: _Entry, value: Any = ...) -> list[str]:
        if value is ...:
            value = entry.get("sources")
        if _absent(value):
            return []
        return [source_id(k) for k in self.refs(entry, "sources", "sources", value)]

    def choice(self, entry: _Entry, name: str, allowed: tuple[str, ...], value: Any = ...) -> str | None:
        if value is ...:
            value = entry.get(name)
        if _absent(value):
            return None
        if value not in allowed:
            self.problem(entry, name, value, f"not one of {', '.join(allowed)}")
            return None
        return value

    def country(self, entry: _Entry, name: str, value: Any) -> str | None:
        if _absent(value):
            self.problem(entry, name, None, "missing country; give its ISO 3166-1 alpha-2 code, e.g. DE")
            return None
        match = resolve_country(value) if isinstance(value, str) and re.fullmatch(r"[A-Z]{2}", value) else None
        if match is None or match.code != value:
            self.problem(entry, name, value, "not an ISO 3166-1 alpha-2 country code, e.g. DE, UA, GB")
            return None
        return value

    def number(self, entry: _Entry, name: str, low: float, high: float) -> float | None:
        value = entry.get(name)
        if _absent(value):
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            self.problem(entry, name, value, f"must be a number from {low:g} to {high:g}")
            return None
        return float(value)

    def whole(self, entry: _Entry, name: str, low: int, high: int) -> int | None:
        value = entry.get(name)
        if _absent(value):
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(entry, name, value, f"must be a whole number from {low} to {high}")
            return None
        return value

    def date(self, entry: _Entry, name: str) -> str | None:
        value = entry.get(name)
        if _absent(value):
            return None
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        match = _DATE.fullmatch(text) if isinstance(text, str) else None
        try:
            if match is None:
                raise ValueError
            year, month, day = (int(g) if g else 1 for g in match.groups())
            dt.date(year, month, day)
        except ValueError:
            self.problem(entry, name, value, "not a date; use YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2023-11-13")
            return None
        return text

    def url(self, entry: _Entry, name: str) -> str | None:
        value = self.text(entry, name)
        if value is not None and not _URL.fullmatch(value):
            self.problem(entry, name, value, "must be a web address starting with http:// or https://")
            return None
        return value

    def place(self, entry: _Entry, name: str, value: Any) -> str | None:
        """Id of a municipality referenced as {name, country}."""
        if not isinstance(value, dict) or _absent(value.get("name")):
            self.problem(entry, name, value, "must be a municipality as {name: ..., country: XX}")
            return None
        code = self.country(entry, name, value.get("country"))
        if code is None:
            return None
        found = self.places.get((fold(str(value["name"])), code))
        if found is None:
            self.problem(entry, name, f"{value['name']}, {code}", "unknown municipality; add it to municipalities.yaml")
        return found

    # -- records -----------------------------------------------------------------------------------
    def add_node(self, entry: _Entry, label: str, node_id: str, props: dict) -> Node | None:
        if node_id in self.nodes and self.nodes[node_id].label == label:
            self.problem(entry, None, node_id, "listed twice (the same id as an earlier entry)")
            return None
        try:
            node = Node(label, node_id, props)
        except ValidationError as exc:
            self.problem(entry, None, None, str(exc))
            return None
        self.nodes[node_id] = node
        return node

    def add_edge(self, entry: _Entry, name: str | None, rel: str, source: str, target: str,
                 props: dict | None = None, *, unique: bool = False) -> None:
        try:
            edge = Edge(rel, source, target, props or {})
        except ValidationError as exc:
            self.problem(entry, name, None, str(exc))
            return
        if unique and edge.identity in self.edges:
            self.problem(entry, name, f"{source} / {target}", f"the same {rel} is listed twice")
            return
        self.edges[edge.identity] = edge


def _absent(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


# --- one function per file --------------------------------------------------------------------------


def _sources(r: _Reader, entry: _Entry) -> None:
    key = r.key(entry)
    title, url, file = r.text(entry, "title"), r.url(entry, "url"), r.text(entry, "file")
    if url is None and file is None and _absent(entry.get("url")):
        r.problem(entry, None, None, "a source needs a url or a file")
        return
    if key and title and r.add_node(entry, SOURCE, source_id(key), {"name": title, "title": title,
                                                                     "url": url, "file": file}):
        r.keys["sources"].add(key)


def _themes(r: _Reader, entry: _Entry) -> None:
    key, name = r.key(entry), r.text(entry, "name")
    props = {"name": name, "aliases": r.texts(entry, "aliases"), "sources": r.source_ids(entry)}
    if key and name and r.add_node(entry, THEME, theme_id(key), props):
        r.keys["themes"].add(key)


def _municipalities(r: _Reader, entry: _Entry) -> None:
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
            r.problem(entry, "aliases", spelling, f"also a name of {r.nodes[other].name!r}; references would be ambiguous")
    for extra_node in resolved.nodes:
        old = r.nodes.get(extra_node.id)
        r.nodes[extra_node.id] = extra_node if old is None else Node(old.label, old.id, merge_props(old.props, extra_node.props))
    for edge in resolved.edges:
        r.edges[edge.identity] = edge


def _organisations(r: _Reader, entry: _Entry) -> None:
    key, name = r.key(entry), r.text(entry, "name")
    kind = r.choice(entry, "kind", ORGANISATION_KINDS)
    code = r.country(entry, "country", entry.get("country"))
    sources = r.source_ids(entry)
    props = {"name": name, "kind": kind, "country": code, "url": r.url(entry, "url"),
             "aliases": r.texts(entry, "aliases"), "sources": sources}
    seat = r.place(entry, "based_in", entry.get("based_in")) if not _absent(entry.get("based_in")) else None
    themes = r.refs(entry, "themes", "themes") if not _absent(entry.get("themes")) else []
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


def _conferences(r: _Reader, entry: _Entry) -> None:
    key, title = r.key(entry), r.text(entry, "title")
    start, end = r.date(entry, "start"), r.date(entry, "end")
    if start and end and end[:len(start)] < start[:len(end)]:
        r.problem(entry, "end", end, f"ends before it starts ({start})")
    languages = r.texts(entry, "languages")
    for code in languages:
        if not re.fullmatch(r"[a-z]{2}", code) or pycountry.languages.get(alpha_2=code) is None:
            r.problem(entry, "languages", code, "not an ISO 639-1 language code, e.g. de, uk, en")
    sources = r.source_ids(entry)
    props = {"name": title, "title": title, "aliases": r.texts(entry, "aliases"), "series": r.text(entry, "series"),
             "edition": r.whole(entry, "edition", 1, 1000), "start": start, "end": end,
             "status": r.choice(entry, "status", CONFERENCE_STATUSES), "venue": r.text(entry, "venue"),
             "languages": languages, "url": r.url(entry, "url"), "note": r.text(entry, "note"), "sources": sources}
    place = r.place(entry, "place", entry.get("place")) if not _absent(entry.get("place")) else None
    organisers = _organisers(r, entry, sources)
    themes = r.refs(entry, "themes", "themes") if not _absent(entry.get("themes")) else []
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


def _organisers(r: _Reader, entry: _Entry, default_sources: list[str]) -> list[tuple[str, str, list[str]]]:
    value = entry.get("organisers")
    if _absent(value):
        return []
    if not isinstance(value, list):
        r.problem(entry, "organisers", value, "must be a list of {org: <key>, role: <role>}")
        return []
    out = []
    for item in value:
        if not isinstance(item, dict) or _absent(item.get("org")) or _absent(item.get("role")):
            shown = {k: v for k, v in item.items() if k not in (_LINE, _LINES)} if isinstance(item, dict) else item
            r.problem(entry, "organisers", shown, "each organiser needs org: <organisation key> and role: <role>")
            continue
        unknown = sorted(set(item) - {"org", "role", "sources", _LINE, _LINES})
        if unknown:
            r.problem(entry, "organisers", unknown[0], "unknown organiser field; expected org, role, sources")
        orgs = r.refs(entry, "organisers", "organisations", item["org"])
        role = r.choice(entry, "organisers", ORGANISER_ROLES, item["role"])
        sources = r.source_ids(entry, item["sources"]) if not _absent(item.get("sources")) else default_sources
        if orgs and role and not unknown:
            out.append((orgs[0], role, sources))
    return out


def _attendees(r: _Reader, entry: _Entry) -> list[str]:
    value = entry.get("attendees")
    if _absent(value):
        return []
    if not isinstance(value, dict) or set(value) - {"municipalities", "organisations", _LINE, _LINES}:
        r.problem(entry, "attendees", None, "must be {municipalities: [{name, country}, ...], organisations: [<key>, ...]}")
        return []
    out = []
    for place in value.get("municipalities") or []:
        found = r.place(entry, "attendees", place)
        if found:
            out.append(found)
    orgs = value.get("organisations") or []
    out += [organisation_id(k) for k in r.refs(entry, "attendees", "organisations", orgs)] if orgs else []
    return out


def _partnerships(r: _Reader, entry: _Entry) -> None:
    a, b = r.place(entry, "a", entry.get("a")), r.place(entry, "b", entry.get("b"))
    kind = r.choice(entry, "kind", PARTNERSHIP_KINDS) or ("twin" if _absent(entry.get("kind")) else None)
    since, until = r.whole(entry, "since", 1000, 2100), r.whole(entry, "until", 1000, 2100)
    sources = r.source_ids(entry)
    if since and until and until < since:
        r.problem(entry, "until", until, f"ends before it began ({since})")
    if not (a and b and kind):
        return
    if a == b:
        r.problem(entry, "b", r.nodes[b].name, "a municipality cannot be its own partner")
        return
    r.add_edge(entry, None, PARTNER_OF, a, b, {"kind": kind, "since": since, "until": until, "sources": sources},
               unique=True)


_READERS: dict[str, Callable[[_Reader, _Entry], None]] = {
    "sources": _sources, "themes": _themes, "municipalities": _municipalities,
    "organisations": _organisations, "conferences": _conferences, "partnerships": _partnerships,
}


# --- public API ------------------------------------------------------------------------------------


def read_curated(directory: str | Path = DEFAULT_DIRECTORY, *, resolver: PlaceResolver | None = None) -> CuratedData:
    """Read and check the curated files into graph records; raise CuratedDataError listing every problem."""
    directory = Path(directory)
    if not any((directory / f"{stem}.yaml").exists() for stem in FILES):
        raise InputError(f"{directory}: no curated data here; expected {', '.join(f'{s}.yaml' for s in FILES)}")
    reader = _Reader(directory, resolver or PlaceResolver())
    entries: dict[str, int] = {}
    # files in dependency order: a file may refer only to files read before it
    for stem in FILES:
        items = reader.read_file(stem)
        entries[stem] = len(items)
        for entry in items:
            _READERS[stem](reader, entry)
    if reader.problems:
        raise CuratedDataError(str(directory), reader.problems)
    return CuratedData(list(reader.nodes.values()), list(reader.edges.values()), entries)


def load_curated(
    store: GraphStore, directory: str | Path = DEFAULT_DIRECTORY, *,
    progress: Callable[[int], None] | None = None, resolver: PlaceResolver | None = None,
) -> LoadReport:
    """Check the curated files, then write them to the store in one upsert (nothing is written if any
    check fails)."""
    resolver = resolver or PlaceResolver()
    data = read_curated(directory, resolver=resolver)
    return write_curated(store, data, directory, progress=progress, resolver=resolver)


def write_curated(store: GraphStore, data: CuratedData, directory: str | Path = DEFAULT_DIRECTORY, *,
                  progress: Callable[[int], None] | None = None, resolver: PlaceResolver | None = None) -> LoadReport:
    """Write checked curated data (from :func:`read_curated`) in one upsert; the report names ``directory``."""
    report = LoadReport(str(directory))
    log.info("%s: checked; writing %d nodes and %d relationships", directory, len(data.nodes), len(data.edges))
    report.rows_read = report.rows_loaded = sum(data.entries.values())
    report.notes.append(", ".join(f"{n} {stem}" for stem, n in data.entries.items() if n))
    result = store.upsert(data.nodes, data.edges, progress=progress)
    store.flush()
    report.nodes_written, report.edges_written = result.nodes, result.edges
    report.merges.extend(getattr(resolver, "merge_log", []))
    return report
