"""The curated files' schema and format: file names, fields, key/date/URL patterns, the error that lists
every problem, and a YAML loader that keeps the line of every entry and field.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graph.errors import InputError
from graph.i18n import _, ngettext, number, pgettext
from graph.model import (
    Edge, Node,
)

from .report import Problem

DEFAULT_DIRECTORY = Path(__file__).resolve().parents[1] / "data" / "curated"
FILES = ("sources", "themes", "municipalities", "organisations", "conferences", "partnerships")

LINE, LINES = "__line__", "__lines__"
KEY_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
DATE_PATTERN = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
URL_PATTERN = re.compile(r"https?://\S+")

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



def entry_label(kind: str, name: str = "") -> str:
    """What an entry is called in a problem, in the current language: "conference 'skew-2023'".

    Parameters
    ----------
    kind : str
        source, theme, municipality, organisation, conference or partnership.
    name : str, optional
        Its key or name as shown ("'skew-2023'", "#3"); empty for the kind alone.

    Returns
    -------
    str
    """
    words = {"source": pgettext("curated entry", "source"), "theme": pgettext("curated entry", "theme"),
             "municipality": pgettext("curated entry", "municipality"),
             "organisation": pgettext("curated entry", "organisation"),
             "conference": pgettext("curated entry", "conference"),
             "partnership": pgettext("curated entry", "partnership")}.get(kind, kind)
    return f"{words} {name}" if name else words


class CuratedDataError(InputError):
    """The curated files have problems; nothing was written. ``problems`` lists every one."""

    def __init__(self, directory: str, problems: list[Problem]):
        self.problems = list(problems)
        lines = [ngettext("{directory}: {n} problem in the curated data; nothing was written",
                          "{directory}: {n} problems in the curated data; nothing was written",
                          len(problems)).format(directory=directory, n=number(len(problems)))]
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


class LineLoader(_SafeLoader):
    """SafeLoader that records the line of every mapping and of each of its keys, and refuses
    duplicate keys (PyYAML would silently keep the last)."""

    def construct_mapping(self, node, deep=False):
        seen: dict[Any, int] = {}
        for key_node, _value in node.value:
            if isinstance(key_node, yaml.ScalarNode):
                if key_node.value in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, _("field {name!r} appears twice in one entry").format(name=key_node.value),
                        key_node.start_mark)
                seen[key_node.value] = key_node.start_mark.line + 1
        mapping = super().construct_mapping(node, deep=deep)
        mapping[LINE] = node.start_mark.line + 1
        mapping[LINES] = seen
        return mapping


# Dates stay text so that they are checked here, with a message naming line and value, rather than
# failing inside the YAML parser ("2023-02-30") or turning into date objects.
LineLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _SafeLoader.yaml_implicit_resolvers.items()
}


def line_at(path: Path, position: int | None) -> int:
    """The line of a character position in a file (a YAML reader error names only the position).

    Parameters
    ----------
    path : Path
        The file, read as UTF-8.
    position : int or None
        The character offset; None gives line 1.

    Returns
    -------
    int
        The 1-based line number.
    """
    if position is None:
        return 1
    try:
        return path.read_text(encoding="utf-8", errors="replace")[:position].count("\n") + 1
    except OSError:
        return 1
