"""Exports of a subgraph: CSV, Excel, GraphML, GEXF, JSON, interactive HTML, printable report, PDF.

Any ``graph.store.base.Subgraph`` can be exported: a neighbourhood, a region query, a conference's
participants, a path, the candidates of a suggestion list. The store plays no part. The optional
``ExportContext`` says what was selected and when, and carries extra tables (suggestions with
their reasons, partnerships by country pair)::

    from graph.export import ExportContext, export, filename_for
    ctx = ExportContext(title="Leipzig's partners", selection="Leipzig, 2 hops, twin partnerships")
    data = export(subgraph, "xlsx", context=ctx)
    Path(filename_for(ctx, "xlsx")).write_bytes(data)
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from graph.errors import UsageError, ValidationError, check_choices
from graph.store.base import Subgraph
from graph.export.common import ExportContext, ExportUnavailable, neutralise, safe_filename
from graph.export.gephi import read_gexf, read_graphml, to_gexf, to_graphml
from graph.export.report import report_html, to_pdf, to_report_html
from graph.export.tabular import main_table, table_names, to_csv_table, to_csv_zip, to_xlsx
from graph.export.web import read_json, to_html, to_json


@dataclass(frozen=True)
class ExportFormat:
    """A file format a subgraph can be exported to: its name, file suffix, media type, description and writer."""
    name: str
    suffix: str  # file name ending, without the dot
    media_type: str
    description: str
    write: Callable[[Subgraph, ExportContext], bytes]


FORMATS: dict[str, ExportFormat] = {f.name: f for f in (
    ExportFormat("csv", "zip", "application/zip",
                 "nodes.csv and edges.csv (plus country pairs, suggestions) zipped; UTF-8 for Excel", to_csv_zip),
    ExportFormat("csv-semicolon", "zip", "application/zip",
                 "the same CSV files with ';' between columns, as German Excel expects",
                 lambda sub, ctx: to_csv_zip(sub, replace(ctx, csv_delimiter=";"))),
    ExportFormat("csv-table", "csv", "text/csv", "the view's one table as a CSV file (a region query, a partner "
                 "list)", to_csv_table),
    ExportFormat("xlsx", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                 "Excel workbook: summary, municipalities, partnerships, country pairs, ...", to_xlsx),
    ExportFormat("graphml", "graphml", "application/graphml+xml", "GraphML for Gephi, yEd, networkx", to_graphml),
    ExportFormat("gexf", "gexf", "application/gexf+xml", "GEXF for Gephi, with colours and a layout", to_gexf),
    ExportFormat("json", "json", "application/json", "JSON node-link data (networkx, d3)", to_json),
    ExportFormat("html", "html", "text/html", "interactive network, one file that works offline", to_html),
    ExportFormat("report", "html", "text/html", "printable report: map, network and tables", to_report_html),
    ExportFormat("pdf", "pdf", "application/pdf", "the printable report as PDF (needs Chromium)", to_pdf),
)}


def format_named(fmt: str) -> ExportFormat:
    """The export format a name stands for.

    Parameters
    ----------
    fmt : str
        A key of :data:`FORMATS` (``"xlsx"``, ``"csv-table"``, ...), in any case, a leading dot allowed.

    Returns
    -------
    ExportFormat

    Raises
    ------
    ValidationError
        ``fmt`` is no key of :data:`FORMATS`; the message names it and lists the formats.

    Examples
    --------
    >>> format_named(".XLSX").name
    'xlsx'
    """
    key = str(fmt).strip().lower().lstrip(".")
    if key not in FORMATS:
        raise ValidationError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    return FORMATS[key]


def export(subgraph: Subgraph, fmt: str, *, context: ExportContext | None = None) -> bytes:
    """The subgraph written in one export format, as the bytes of one file.

    Parameters
    ----------
    subgraph : Subgraph
        What to export (a neighbourhood, a region question, a path, ...); the store plays no part.
    fmt : str
        A key of :data:`FORMATS` (``"xlsx"``, ``"pdf"``, ...), in any case, a leading dot allowed.
    context : ExportContext, optional
        Title, selection in words, creation time and extra tables; None gives an empty context.

    Returns
    -------
    bytes
        The file's content (text formats as UTF-8).

    Raises
    ------
    ValidationError
        ``fmt`` is no key of :data:`FORMATS`, or ``subgraph`` is not a Subgraph.
    ExportUnavailable
        The format needs a tool that is missing (PDF without Chromium); the message says what to do.

    Examples
    --------
    >>> data = export(sub, "xlsx", context=ExportContext(title="Leipzig"))  # doctest: +SKIP
    >>> data[:2]  # doctest: +SKIP
    b'PK'
    """
    spec = format_named(fmt)
    if not isinstance(subgraph, Subgraph):
        raise ValidationError(f"export needs a Subgraph, got {type(subgraph).__name__}")
    return spec.write(subgraph, context or ExportContext())


def with_sources(store, sub: Subgraph, context: ExportContext) -> ExportContext:
    """``context`` with the Source nodes of every source the subgraph cites, read from ``store``, so
    that each export names its sources by title and link, not by id.

    Parameters
    ----------
    store : GraphStore
        Where the Source nodes are read; sources that are nodes of ``sub`` already are not read again.
    sub : Subgraph
        The subgraph to be exported; its nodes' and relationships' ``sources`` are collected.
    context : ExportContext
        The context to extend; it is not changed.

    Returns
    -------
    ExportContext
        A copy whose ``sources`` also maps each cited source id found in the store to its node.

    Examples
    --------
    >>> ctx = with_sources(store, sub, ExportContext(title="Leipzig"))  # doctest: +SKIP
    """
    cited = {s for n in sub.nodes.values() for s in n.get("sources", [])}
    cited |= {s for e in sub.edges for s in e.props.get("sources", [])}
    cited -= set(sub.nodes)
    found = store.get_many(sorted(cited)) if cited else {}
    return replace(context, sources={**dict(context.sources), **found})


# Variants that share a suffix with the main format are chosen by name only (``--format``, the app's buttons).
SUFFIXES = {**{f.suffix: f.name for f in FORMATS.values() if f.name not in ("report", "csv-semicolon", "csv-table")},
            "csv": "csv", "htm": "html"}


def format_for_path(path, fmt: str | None = None) -> str:
    """The export format for a file: ``fmt`` when given, else the one its suffix names.

    Parameters
    ----------
    path : str or Path
        The file to write (``leipzig.xlsx``, ``out.zip``).
    fmt : str, optional
        A key of :data:`FORMATS`; wins over the suffix (``report`` and ``html`` share ``.html``).

    Returns
    -------
    str
        A key of :data:`FORMATS`.

    Raises
    ------
    UsageError
        Neither ``fmt`` nor the suffix names a format; the message names the file and the formats.

    Examples
    --------
    >>> format_for_path("leipzig.zip")
    'csv'
    >>> format_for_path("bericht.html", "report")
    'report'
    """
    if fmt:
        return check_choices("export format", [str(fmt).strip().lower()], FORMATS)[0]
    suffix = Path(path).suffix.lstrip(".").lower()
    if suffix not in SUFFIXES:
        raise UsageError(f"cannot tell the format of {Path(path).name!r}; use a suffix or --format with one of "
                         f"{', '.join(FORMATS)}")
    return SUFFIXES[suffix]


def filename_for(context: ExportContext | None, fmt: str) -> str:
    """A safe download name from the context's title and the format ("Leipzig-partners.xlsx").

    Parameters
    ----------
    context : ExportContext or None
        Its ``title`` is the stem (with " report" for the ``report`` format); None uses the default title.
    fmt : str
        A key of :data:`FORMATS`, in any case, a leading dot allowed; it gives the suffix.

    Returns
    -------
    str
        A file name from :func:`graph.export.common.safe_filename`.

    Raises
    ------
    ValidationError
        ``fmt`` is no key of :data:`FORMATS`; the message names it and lists the formats.

    Examples
    --------
    >>> filename_for(ExportContext(title="Leipzig partners"), "report")
    'Leipzig_partners_report.html'
    """
    spec = format_named(fmt)
    title = (context or ExportContext()).title
    stem = title if spec.name != "report" else f"{title} report"
    return safe_filename(stem, spec.suffix)


__all__ = [
    "FORMATS", "ExportContext", "ExportFormat", "ExportUnavailable", "export", "filename_for", "format_for_path",
    "format_named", "neutralise", "main_table", "table_names", "with_sources",
    "safe_filename", "read_graphml", "read_gexf", "read_json", "report_html",
]
