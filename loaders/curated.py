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

import logging
from pathlib import Path
from typing import Callable


from graph.errors import InputError
from graph.i18n import _, ngettext, number
from graph.places.resolver import PlaceResolver
from graph.store.base import GraphStore

from .curated_reader import Reader
from .curated_schema import DEFAULT_DIRECTORY, FILES, CuratedData, CuratedDataError
from .curated_records import READERS
from .report import LoadReport

log = logging.getLogger(__name__)

# --- public API ------------------------------------------------------------------------------------


def read_curated(directory: str | Path = DEFAULT_DIRECTORY, *, resolver: PlaceResolver | None = None) -> CuratedData:
    """Read and check the curated files into graph records; raise CuratedDataError listing every problem."""
    directory = Path(directory)
    if not any((directory / f"{stem}.yaml").exists() for stem in FILES):
        raise InputError(_("{directory}: no curated data here; expected {files}").format(
            directory=directory, files=", ".join(f"{s}.yaml" for s in FILES)))
    reader = Reader(directory, resolver or PlaceResolver())
    entries: dict[str, int] = {}
    # files in dependency order: a file may refer only to files read before it
    for stem in FILES:
        items = reader.read_file(stem)
        entries[stem] = len(items)
        for entry in items:
            READERS[stem](reader, entry)
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
    report.notes.append(", ".join(_entries(stem, n) for stem, n in data.entries.items() if n))
    result = store.upsert(data.nodes, data.edges, progress=progress)
    store.flush()
    report.nodes_written, report.edges_written = result.nodes, result.edges
    report.merges.extend(getattr(resolver, "merge_log", []))
    return report


def _entries(stem: str, n: int) -> str:
    """How many entries a curated file held, in words: "12 sources"."""
    forms = {"sources": lambda: ngettext("{n} source", "{n} sources", n),
             "themes": lambda: ngettext("{n} theme", "{n} themes", n),
             "municipalities": lambda: ngettext("{n} municipality", "{n} municipalities", n),
             "organisations": lambda: ngettext("{n} organisation", "{n} organisations", n),
             "conferences": lambda: ngettext("{n} conference", "{n} conferences", n),
             "partnerships": lambda: ngettext("{n} partnership", "{n} partnerships", n)}
    return forms[stem]().format(n=number(n)) if stem in forms else f"{number(n)} {stem}"
