"""Reading the curated YAML files with the line of every entry and field, and checking their values.

``Reader`` collects problems (file, line, entry, value) instead of stopping at the first; the record
builders of each file are in ``loaders.curated_records``.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

from graph.errors import ValidationError
from graph.model import (
    Edge, Node, source_id,
)
from graph.geo.countries import resolve_country
from graph.i18n import _
from graph.places.resolver import PlaceResolver
from graph.text import clean, fold

from .report import Problem

from .curated_schema import (
    DATE_PATTERN, FIELDS, KEY_PATTERN, LINE, LINES, URL_PATTERN, LineLoader, entry_label, line_at,
)


class Entry:
    """One mapping of a file, with what is needed to report a problem about it."""

    def __init__(self, file: str, data: dict, label: str):
        self.file, self.data, self.label = file, data, label

    def line(self, name: str | None = None) -> int:
        return self.data[LINES].get(name, self.data[LINE]) if name else self.data[LINE]

    def get(self, name: str, default: Any = None) -> Any:
        return self.data.get(name, default)


class Reader:
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
    def problem(self, entry: Entry, name: str | None, value: Any, message: str) -> None:
        where = _("{entry}, field {name!r}").format(entry=entry.label, name=name) if name else entry.label
        shown = value if isinstance(value, str) else ("" if value is None else repr(value))
        self.problems.append(Problem(entry.file, entry.line(name), "", shown, f"{where}: {message}"))

    # -- files -------------------------------------------------------------------------------------
    def read_file(self, stem: str) -> list[Entry]:
        path = self.directory / f"{stem}.yaml"
        file = str(path)
        if not path.exists():
            return []
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=LineLoader)
        except UnicodeDecodeError as exc:
            self.problems.append(Problem(file, 1, "", "", _("not UTF-8 text ({reason}); save the file as UTF-8").format(
                reason=exc.reason)))
            return []
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark else line_at(path, getattr(exc, "position", None))
            what = getattr(exc, "problem", None) or str(exc)
            self.problems.append(Problem(file, line, "", "", _("not valid YAML: {reason}").format(reason=what)))
            return []
        if data is None:
            return []
        if not isinstance(data, list):
            self.problems.append(Problem(file, 1, "", "", _("the file must be a list of entries (each starting with '- ')")))
            return []
        entries = []
        for index, item in enumerate(data, 1):
            if not isinstance(item, dict):
                self.problems.append(Problem(file, 1, "", str(item), _("entry {n} is not a mapping of fields").format(n=index)))
                continue
            label = self._label(stem, item, index)
            entry = Entry(file, item, label)
            if all([self._check_fields(stem, entry), self._no_control(entry)]):  # both reported
                entries.append(entry)
        return entries

    def _no_control(self, entry: Entry) -> bool:
        """No text of the entry holds a control character (``"Leip\\0zig"`` is a NUL in YAML)."""
        from .encodings import control_char

        ok = True
        for name, value in entry.data.items():
            if name in (LINE, LINES):
                continue
            texts = [value] if isinstance(value, str) else [v for v in value if isinstance(v, str)] \
                if isinstance(value, list) else []
            for text in texts:
                if control_char(text):
                    self.problem(entry, name, text, _("holds the control character {char}; no name may hold one: delete it").format(
                        char=control_char(text)))
                    ok = False
        return ok

    def _label(self, stem: str, item: dict, index: int) -> str:
        singular = stem[:-1]
        if stem == "municipalities":
            return entry_label("municipality", repr(clean(item.get("name")) or f"#{index}"))
        if stem == "partnerships":
            ends = [clean(end.get("name")) if isinstance(end, dict) else "" for end in (item.get("a"), item.get("b"))]
            return entry_label("partnership", repr(" – ".join(ends)) if all(ends) else f"#{index}")
        key = item.get("key")
        return entry_label(singular, repr(key) if isinstance(key, str) and key else f"#{index}")

    def _check_fields(self, stem: str, entry: Entry) -> bool:
        allowed = FIELDS[stem]
        ok = True
        for name in entry.data:
            if name in (LINE, LINES):
                continue
            if name not in allowed:
                self.problem(entry, name, name, _("unknown field; expected one of {fields}").format(fields=", ".join(allowed)))
                ok = False
        for name, required in allowed.items():
            if required and absent(entry.get(name)):
                self.problem(entry, None, None, _("missing required field {name!r}").format(name=name))
                ok = False
        return ok

    # -- values ------------------------------------------------------------------------------------
    def text(self, entry: Entry, name: str) -> str | None:
        value = entry.get(name)
        if absent(value):
            return None
        if not isinstance(value, str) or not clean(value):
            self.problem(entry, name, value, _("must be text"))
            return None
        return clean(value)

    def texts(self, entry: Entry, name: str) -> list[str]:
        value = entry.get(name)
        if absent(value):
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and clean(v) for v in value):
            self.problem(entry, name, value, _("must be a list of text, e.g. [a, b]"))
            return []
        return [clean(v) for v in value]

    def key(self, entry: Entry) -> str | None:
        key = self.text(entry, "key")
        if key is None:
            return None
        if not KEY_PATTERN.fullmatch(key):
            self.problem(entry, "key", key, _("keys use lower-case letters, digits and single dashes, e.g. 'skew-africa-2025'"))
            return None
        return key

    def refs(self, entry: Entry, name: str, kind: str, value: Any = ...) -> list[str]:
        """Keys referring to entries of another file (``kind`` is that file's stem)."""
        if value is ...:
            value = entry.get(name)
        keys = value if isinstance(value, list) else [value]
        out = []
        for key in keys:
            if not isinstance(key, str) or key not in self.keys[kind]:
                self.problem(entry, name, key, _("unknown {what} key; expected a key from {file}").format(
                    what=entry_label(kind[:-1]), file=f"{kind}.yaml"))
            else:
                out.append(key)
        return out

    def source_ids(self, entry: Entry, value: Any = ...) -> list[str]:
        if value is ...:
            value = entry.get("sources")
        if absent(value):
            return []
        return [source_id(k) for k in self.refs(entry, "sources", "sources", value)]

    def choice(self, entry: Entry, name: str, allowed: tuple[str, ...], value: Any = ...) -> str | None:
        if value is ...:
            value = entry.get(name)
        if absent(value):
            return None
        if value not in allowed:
            self.problem(entry, name, value, _("not one of {values}").format(values=", ".join(allowed)))
            return None
        return value

    def country(self, entry: Entry, name: str, value: Any) -> str | None:
        if absent(value):
            self.problem(entry, name, None, _("missing country; give its ISO 3166-1 alpha-2 code, e.g. DE"))
            return None
        match = resolve_country(value) if isinstance(value, str) and re.fullmatch(r"[A-Z]{2}", value) else None
        if match is None or match.code != value:
            self.problem(entry, name, value, _("not an ISO 3166-1 alpha-2 country code, e.g. DE, UA, GB"))
            return None
        return value

    def number(self, entry: Entry, name: str, low: float, high: float) -> float | None:
        value = entry.get(name)
        if absent(value):
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            self.problem(entry, name, value, _("must be a number from {low} to {high}").format(low=f"{low:g}", high=f"{high:g}"))
            return None
        return float(value)

    def whole(self, entry: Entry, name: str, low: int, high: int) -> int | None:
        value = entry.get(name)
        if absent(value):
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            self.problem(entry, name, value, _("must be a whole number from {low} to {high}").format(low=low, high=high))
            return None
        return value

    def date(self, entry: Entry, name: str) -> str | None:
        value = entry.get(name)
        if absent(value):
            return None
        text = str(value) if isinstance(value, int) and not isinstance(value, bool) else value
        match = DATE_PATTERN.fullmatch(text) if isinstance(text, str) else None
        try:
            if match is None:
                raise ValueError
            year, month, day = (int(g) if g else 1 for g in match.groups())
            dt.date(year, month, day)
        except ValueError:
            self.problem(entry, name, value, _("not a date; use YYYY-MM-DD, YYYY-MM or YYYY, e.g. 2023-11-13"))
            return None
        return text

    def url(self, entry: Entry, name: str) -> str | None:
        value = self.text(entry, name)
        if value is not None and not URL_PATTERN.fullmatch(value):
            self.problem(entry, name, value, _("must be a web address starting with http:// or https://"))
            return None
        return value

    def place(self, entry: Entry, name: str, value: Any) -> str | None:
        """Id of a municipality referenced as {name, country}."""
        if not isinstance(value, dict) or absent(value.get("name")):
            self.problem(entry, name, value, _("must be a municipality as {name: ..., country: XX}"))
            return None
        code = self.country(entry, name, value.get("country"))
        if code is None:
            return None
        found = self.places.get((fold(str(value["name"])), code))
        if found is None:
            self.problem(entry, name, f"{value['name']}, {code}", _("unknown municipality; add it to municipalities.yaml"))
        return found

    # -- records -----------------------------------------------------------------------------------
    def add_node(self, entry: Entry, label: str, node_id: str, props: dict) -> Node | None:
        if node_id in self.nodes and self.nodes[node_id].label == label:
            self.problem(entry, None, node_id, _("listed twice (the same id as an earlier entry)"))
            return None
        try:
            node = Node(label, node_id, props)
        except ValidationError as exc:
            self.problem(entry, None, None, str(exc))
            return None
        self.nodes[node_id] = node
        return node

    def add_edge(self, entry: Entry, name: str | None, rel: str, source: str, target: str,
                 props: dict | None = None, *, unique: bool = False) -> None:
        try:
            edge = Edge(rel, source, target, props or {})
        except ValidationError as exc:
            self.problem(entry, name, None, str(exc))
            return
        if unique and edge.identity in self.edges:
            self.problem(entry, name, f"{source} / {target}", _("the same {relationship} is listed twice").format(relationship=rel))
            return
        self.edges[edge.identity] = edge


def absent(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}

