"""One entry for every kind of source a user loads: a twin-city table, the curated data, the demo
set, a conference page, an attendee list."""

from __future__ import annotations

from pathlib import Path
from typing import Callable

from graph.errors import UsageError
from graph.store.base import GraphStore

from . import page_commands
from .demo import load_demo
from .report import LoadReport
from .twin_cities import load_twin_cities

SOURCES = ("twin-cities", "curated", "demo", "conference-page", "attendees")
EXAMPLE_FILES = {"twin-cities": "../shared/data/twin_cities.csv", "conference-page": "page.html",
                 "attendees": "teilnehmende.xlsx"}


def load_source(store: GraphStore, source: str, path: str | Path | None = None, *, strict: bool = False,
                encoding: str | None = None, delimiter: str | None = None, sheet: str | None = None,
                replace: bool = False, draft: str | Path | None = None, yes: bool = False,
                publisher: str | None = None, conference: str | None = None,
                progress: Callable[[int], None] | None = None,
                announce: Callable[[int], None] | None = None) -> list[LoadReport]:
    """Load one source into ``store`` and say what happened, one report per file read.

    Parameters
    ----------
    source : str
        One of ``SOURCES``. ``path`` is the file (or, for "curated", the directory; default
        ``data/curated``). The other options apply to the sources that name them (the pair table:
        ``strict``, ``encoding``, ``delimiter``, ``sheet``, ``replace``; a conference page: ``draft``,
        ``yes``, ``publisher``; an attendee list: ``conference``).

    Returns
    -------
    list of LoadReport

    Raises
    ------
    UsageError
        An unknown source, or no file for a source that needs one.
    InputError
        A file that cannot be read or (in strict mode) has a bad row; nothing is written then.
    """
    if source not in SOURCES:
        raise UsageError(f"unknown source {source!r}; use one of {', '.join(SOURCES)}")
    if source in ("curated", "demo"):
        return load_demo(store, curated_dir=path, strict=strict, with_regions=source == "demo")
    if not path:
        raise UsageError(f"load {source} needs a file, e.g. partnernet load {source} {EXAMPLE_FILES[source]}")
    if source == "conference-page":
        return page_commands.load_conference_page(store, path, draft_file=draft, yes=yes, publisher=publisher)
    if source == "attendees":
        return page_commands.load_attendee_list(store, path, conference)
    return [load_twin_cities(store, path, strict=strict, encoding=encoding, delimiter=delimiter, sheet=sheet,
                             replace=replace, progress=progress, announce=announce)]
