"""What the command line's ``export`` writes: a neighbourhood or the partnerships of a region question,
to the file a user names.

The app builds the same selections from its views (``graph.queries.selections``); this module adds
the export context (title, selection, sources) and the choice of file: a ``.csv`` name gets one CSV
when the view is one table, else a ``.zip`` of one CSV per table, and the caller is told so.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Sequence

from graph.errors import UsageError
from graph.export import ExportContext, export, main_table, table_names, with_sources
from graph.queries import selections as sel
from graph.queries.areas import resolve_area
from graph.queries.partners import find_one
from graph.store.base import GraphStore, Subgraph


def neighbourhood_selection(store: GraphStore, centre: str, depth: int, rel_types: Sequence[str] | None,
                            kinds: Sequence[str] | None, max_nodes: int, delimiter: str = ","
                            ) -> tuple[Subgraph, ExportContext]:
    """The neighbourhood of the node ``centre`` names, as Explore shows it, with its export context.

    Raises
    ------
    NotFound
        ``centre`` names no node. UsageError for a bad depth, type or kind (from the store).
    """
    node = find_one(store, centre, labels=())
    sub = store.neighbourhood(node.id, depth, rel_types, kinds, max_nodes)
    context = ExportContext(title=f"{node.name} network", selection=f"{node.name}: {sub.rule}",
                            highlight=[node.id], csv_delimiter=delimiter)
    return sub, with_sources(store, sub, context)


def region_selection(store: GraphStore, origin: str, target: str, kinds: Sequence[str] | None,
                     delimiter: str = ",") -> tuple[Subgraph, ExportContext]:
    """The partnerships from the area ``origin`` names to the one ``target`` names (the listed ones, as
    Partners by region shows them), with the table and its export context.

    Raises
    ------
    NotFound
        An area name matches nothing.
    """
    source, goal = resolve_area(store, origin), resolve_area(store, target)
    table = sel.region_partnerships(store, source, goal, kinds)
    sub = sel.listed_partnerships(store, table)
    context = ExportContext(title=f"{source.name} - {goal.name}", tables={"partnerships": table},
                            selection=f"partnerships from {source.name} to {goal.name}: {len(table)}",
                            csv_delimiter=delimiter)
    return sub, with_sources(store, sub, context)


def export_to(path: Path, fmt: str, sub: Subgraph, context: ExportContext) -> tuple[Path, str, bytes, str | None]:
    """The file to write for ``path``: (path, format, bytes, a note for the user or None).

    A ``.csv`` name asked as CSV gets one CSV table when the view is one table; a view of several
    tables goes to the same name with ``.zip`` (one CSV each), and the note says which tables.

    Raises
    ------
    UsageError
        ``fmt`` is not an export format.
    """
    if fmt == "csv" and path.suffix.lower() == ".csv":
        if main_table(sub, context) is not None:
            return path, "csv-table", export(sub, "csv-table", context=context), None
        zipped = path.with_suffix(".zip")
        note = (f"{path.name}: this view is several tables ({', '.join(table_names(sub, context))}); a CSV "
                f"file holds one, so they are written as one CSV each to {zipped.name}")
        return zipped, fmt, export(sub, fmt, context=context), note
    try:
        return path, fmt, export(sub, fmt, context=context), None
    except KeyError:
        raise UsageError(f"unknown export format {fmt!r}") from None


def download_choice(sub: Subgraph, context: ExportContext, fmt: str) -> tuple[str, ExportContext]:
    """The format a download button really writes: a view that is one table gets one ``.csv``
    ("csv-table"; ``;`` as delimiter for "csv-semicolon", the German Excel button), not a zip of
    tables; every other format as it is.

    Returns
    -------
    (str, ExportContext)
        The format name for ``graph.export.export`` and the context to write it with.
    """
    if fmt in ("csv", "csv-semicolon") and main_table(sub, context) is not None:
        return "csv-table", replace(context, csv_delimiter=";" if fmt == "csv-semicolon" else ",")
    return fmt, context
