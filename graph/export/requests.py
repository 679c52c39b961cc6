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

from graph.i18n import _, area_name, ngettext, number
from graph.i18n.place_labels import place_name
from graph.export import ExportContext, export, format_named, main_table, table_names, with_sources
from graph.queries import selections as sel
from graph.queries.areas import resolve_area
from graph.queries.partners import find_one
from graph.store.base import GraphStore, Subgraph


def neighbourhood_selection(store: GraphStore, centre: str, depth: int, rel_types: Sequence[str] | None,
                            kinds: Sequence[str] | None, max_nodes: int, delimiter: str = ","
                            ) -> tuple[Subgraph, ExportContext]:
    """The neighbourhood of the node ``centre`` names, as Explore shows it, with its export context.

    Parameters
    ----------
    store : GraphStore
    centre : str
        A node id or a name of any searchable node (:func:`graph.queries.partners.find_one`).
    depth : int
        Hops from the centre, 0 or more.
    rel_types : sequence of str or None
        Relationship types to follow (``graph.model.REL_TYPES``); None or empty follows all.
    kinds : sequence of str or None
        Partnership kinds to follow (``graph.model.PARTNERSHIP_KINDS``); None or empty follows all.
    max_nodes : int
        Most nodes kept, the nearest first (at least 1).
    delimiter : str, optional
        Column separator of CSV files written with the context ("," or ";").

    Returns
    -------
    (Subgraph, ExportContext)
        The neighbourhood, and a context titled "<name> network" that highlights the centre and
        names the sources cited (:func:`graph.export.with_sources`).

    Raises
    ------
    NotFound
        ``centre`` names no node.
    UsageError
        A bad depth, relationship type, kind or cap (from the store).

    Examples
    --------
    >>> sub, ctx = neighbourhood_selection(store, "Leipzig", 2, None, ["twin"], 200)  # doctest: +SKIP
    >>> data = export(sub, "xlsx", context=ctx)  # doctest: +SKIP
    """
    node = find_one(store, centre, labels=())
    sub = store.neighbourhood(node.id, depth, rel_types, kinds, max_nodes)
    context = ExportContext(title=_("{name} network").format(name=place_name(node)),
                            selection=f"{place_name(node)}: {sub.rule}",
                            highlight=[node.id], csv_delimiter=delimiter)
    return sub, with_sources(store, sub, context)


def region_selection(store: GraphStore, origin: str, target: str, kinds: Sequence[str] | None,
                     delimiter: str = ",") -> tuple[Subgraph, ExportContext]:
    """The partnerships from the area ``origin`` names to the one ``target`` names (the listed ones, as
    Partners by region shows them), with the table and its export context.

    Parameters
    ----------
    store : GraphStore
    origin, target : str
        Names of areas: municipality, subdivision, country or region
        (:func:`graph.queries.areas.resolve_area`; "Sachsen", "DE", "Afrika").
    kinds : sequence of str or None
        Partnership kinds to keep (``graph.model.PARTNERSHIP_KINDS``); None or empty keeps all.
    delimiter : str, optional
        Column separator of CSV files written with the context ("," or ";").

    Returns
    -------
    (Subgraph, ExportContext)
        The listed partnerships and their municipalities, and a context carrying the table as
        ``tables["partnerships"]``, the origin's municipalities as the side named first, and the sources cited.

    Raises
    ------
    NotFound
        An area name matches nothing.
    UsageError
        A kind outside ``PARTNERSHIP_KINDS``.
    """
    source, goal = resolve_area(store, origin), resolve_area(store, target)
    table = sel.region_partnerships(store, source, goal, kinds)
    sub = sel.listed_partnerships(store, table)
    names = {"origin": area_name(source), "target": area_name(goal)}
    context = ExportContext(title=_("{origin} – {target} partnerships").format(**names), tables={"partnerships": table},
                            selection=ngettext("{n} partnership from {origin} to {target}",
                                               "{n} partnerships from {origin} to {target}", len(table)).format(
                                n=number(len(table)), **names),
                            first=list(dict.fromkeys(table["origin_id"])) if not table.empty else (),
                            csv_delimiter=delimiter)
    return sub, with_sources(store, sub, context)


def export_to(path: Path, fmt: str, sub: Subgraph, context: ExportContext) -> tuple[Path, str, bytes, str | None]:
    """The file to write for ``path``: (path, format, bytes, a note for the user or None).

    A ``.csv`` name asked as CSV gets one CSV table when the view is one table; a view of several
    tables goes to the same name with ``.zip`` (one CSV each), and the note says which tables.

    Parameters
    ----------
    path : Path
        The file the user named.
    fmt : str
        A key of ``graph.export.FORMATS`` (as from :func:`graph.export.format_for_path`), in any case.
    sub : Subgraph
    context : ExportContext

    Returns
    -------
    (Path, str, bytes, str or None)
        The path to write (``.zip`` instead of ``.csv`` for several tables), the format written, the
        file's content and a note for the user.

    Raises
    ------
    ValidationError
        ``fmt`` is not an export format; the message names it and lists the formats
        (:func:`graph.export.format_named`).
    ExportUnavailable
        The format needs a tool that is missing (PDF without Chromium).
    """
    fmt = format_named(fmt).name
    if fmt == "csv" and path.suffix.lower() == ".csv":
        if main_table(sub, context) is not None:
            return path, "csv-table", export(sub, "csv-table", context=context), None
        zipped = path.with_suffix(".zip")
        note = _("{file}: this view is several tables ({tables}); a CSV file holds one, so they are written as "
                 "one CSV each to {zip}").format(file=path.name, tables=", ".join(table_names(sub, context)),
                                                 zip=zipped.name)
        return zipped, fmt, export(sub, fmt, context=context), note
    return path, fmt, export(sub, fmt, context=context), None


def download_choice(sub: Subgraph, context: ExportContext, fmt: str) -> tuple[str, ExportContext]:
    """The format a download button really writes: a view that is one table gets one ``.csv``
    ("csv-table"; ``;`` as delimiter for "csv-semicolon", the German Excel button), not a zip of
    tables; every other format as it is.

    Parameters
    ----------
    sub : Subgraph
    context : ExportContext
        Its tables decide whether the view is one table (:func:`graph.export.main_table`).
    fmt : str
        The button's format, a key of ``graph.export.FORMATS``.

    Returns
    -------
    (str, ExportContext)
        The format name for ``graph.export.export`` and the context to write it with.
    """
    if fmt in ("csv", "csv-semicolon") and main_table(sub, context) is not None:
        return "csv-table", replace(context, csv_delimiter=";" if fmt == "csv-semicolon" else ",")
    return fmt, context
