"""CSV (zipped) and Excel exports.

CSV files are written in UTF-8 with a byte order mark: Excel opens a CSV file without one in the
Windows ANSI code page (cp1252 on a German Windows), which turns "Gießen" into "GieÃŸen"; with the
mark it reads UTF-8. Other tools (pandas with ``encoding="utf-8-sig"``, Gephi, LibreOffice) read
the mark as well. German Excel expects ';' between columns when a file is double-clicked, so the
delimiter can be chosen in the context (the CLI offers it); ',' is the default for everyone else.

Every text cell is neutralised against formulas (see common.neutralise); numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from typing import Any, Iterable, Mapping, Sequence

from graph.store.base import Subgraph
from graph.export import generic_tables, node_tables, readable, relation_tables, summary_tables
from graph.export.common import ExportContext, header, neutralise, table_columns, table_rows
from graph.i18n import _

BOM = "\ufeff"
# a fixed timestamp keeps the zip byte-identical for the same data (members carry their date)
_ZIP_DATE = (2000, 1, 1, 0, 0, 0)


def csv_text(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None, delimiter: str = ",",
             *, human: bool = False) -> str:
    """Rows as CSV text for spreadsheets: byte-order mark, CRLF lines, no formulas, missing values empty.

    Parameters
    ----------
    rows : sequence of mappings
    columns : sequence of str, optional (default: every key, in first-seen order)
    delimiter : str, optional ("," or ";" for German Excel)
    human : bool, optional (headers in words of the current language, not as given: Gephi's Id, ...)
    Returns
    -------
    str
    """
    columns = list(columns or table_columns(rows))
    out = io.StringIO()
    out.write(BOM)
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([neutralise(header(c) if human else c) for c in columns])
    for row in rows:
        writer.writerow(["" if (v := neutralise(row.get(c))) is None else v for c in columns])
    return out.getvalue()


def _member_name(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.casefold()).strip("_") or "table"


def to_csv_zip(sub: Subgraph, context: ExportContext) -> bytes:
    """A zip (byte-identical for the same data) of nodes.csv and edges.csv (every property; Gephi's
    Id/Label/Source/Target/Type), country_pairs.csv, suggestions.csv, sources.csv, extra tables, README.txt.

    Parameters
    ----------
    sub : Subgraph
    context : ExportContext
    Returns
    -------
    bytes
    """
    delimiter = context.csv_delimiter or ","
    members: list[tuple[str, str]] = [
        ("nodes.csv", csv_text(generic_tables.generic_node_rows(sub), generic_tables.node_columns(sub), delimiter)),
        ("edges.csv", csv_text(generic_tables.generic_edge_rows(sub), generic_tables.edge_columns(sub), delimiter)),
    ]
    pairs = relation_tables.country_pair_rows(sub, context)
    if pairs:
        members.append(("country_pairs.csv", csv_text(pairs, delimiter=delimiter, human=True)))
    suggestions = table_rows(context.suggestions)
    if suggestions:
        members.append(("suggestions.csv", csv_text(suggestions, delimiter=delimiter, human=True)))
    sources = summary_tables.source_rows(sub, context)
    if sources:
        members.append(("sources.csv", csv_text(sources, delimiter=delimiter, human=True)))
    taken = {name for name, _ in members}
    for name, table in context.tables.items():
        member = f"{_member_name(name)}.csv"
        while member in taken:
            member = "extra_" + member
        taken.add(member)
        members.append((member, csv_text(readable.readable_rows(table, context), delimiter=delimiter, human=True)))
    members.append(("README.txt", _readme(sub, context)))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in members:
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8"))
    return buffer.getvalue()


def main_table(sub: Subgraph, context: ExportContext) -> tuple[str, list[dict[str, Any]]] | None:
    """The one table a view is, as (name, rows): the context's only table (a region query) or the partnerships
    of a network of partnerships only; None for several (conferences, organisations, suggestions: ``to_csv_zip``).

    Parameters
    ----------
    sub : Subgraph
    context : ExportContext
    Returns
    -------
    (str, list of dict) or None
    """
    if table_rows(context.suggestions):
        return None
    if len(context.tables) == 1:
        name, table = next(iter(context.tables.items()))
        return str(name), readable.readable_rows(table, context)
    if context.tables or any(e.type != "PARTNER_OF" for e in sub.edges):
        return None
    return _("Partnerships"), relation_tables.partnership_rows(sub, context.first or context.highlight)


def table_names(sub: Subgraph, context: ExportContext) -> list[str]:
    """The tables (``"nodes.csv"``, ...) the zipped CSV export of a view holds, as its README names them.

    Parameters
    ----------
    sub : Subgraph
    context : ExportContext
    Returns
    -------
    list of str
    """
    names = ["nodes.csv", "edges.csv"]
    if relation_tables.country_pair_rows(sub, context):
        names.append("country_pairs.csv")
    if table_rows(context.suggestions):
        names.append("suggestions.csv")
    if summary_tables.source_rows(sub, context):
        names.append("sources.csv")
    return names + [f"{_member_name(name)}.csv" for name in context.tables]


def to_csv_table(sub: Subgraph, context: ExportContext) -> bytes:
    """The view as one CSV file, headers in words of the current language (see ``main_table``).

    Parameters
    ----------
    sub : Subgraph
    context : ExportContext
    Returns
    -------
    bytes
    Raises
    ------
    ValidationError
        When the view is several tables; the message names them and says to write a ``.zip``.
    """
    from graph.errors import ValidationError

    table = main_table(sub, context)
    if table is None:
        raise ValidationError(_("this view is several tables ({names}); a CSV file holds one: name a .zip file "
                                "to get one CSV per table").format(names=", ".join(table_names(sub, context))))
    return csv_text(table[1], delimiter=context.csv_delimiter or ",", human=True).encode("utf-8")


def _readme(sub: Subgraph, context: ExportContext) -> str:
    lines = [f"{key}: {value}" for key, value in summary_tables.summary_rows(sub, context)]
    lines += [
        "",
        "nodes.csv: one row per node; Id is the stable partnernet id, Label the name, category the node type.",
        "edges.csv: one row per relationship; PARTNER_OF rows are partnerships (no direction).",
        "Lists (other names, sources, languages) are joined with '; ' (a ';' inside a value is written '\\;').",
        "sources.csv: every source cited, with its title and link.",
        "Text starting with = + - @ has a leading ' so spreadsheet programs never run it as a formula.",
        "Files are UTF-8 with a byte order mark so Excel shows umlauts and other letters correctly.",
    ]
    return BOM + "\r\n".join(lines) + "\r\n"


# --- Excel -------------------------------------------------------------------------------------

_HEADER_STYLE = {"bold": True, "fill": "DDE6F0"}  # openpyxl is imported on the first workbook, not at start-up
_MAX_WIDTH = 60
_SHEET_NAME_BAD = re.compile(r"[\[\]:*?/\\]")


def _sheet_title(name: str, taken: set[str]) -> str:
    title = _SHEET_NAME_BAD.sub(" ", str(name)).strip().strip("'")[:31] or "Table"
    base, n = title, 2
    while title.casefold() in taken:
        suffix = f" {n}"
        title = base[: 31 - len(suffix)] + suffix
        n += 1
    taken.add(title.casefold())
    return title


def _width(value: Any) -> int:
    if value is None:
        return 0
    if isinstance(value, float):
        return len(f"{value:.4f}")
    return max((len(line) for line in str(value).splitlines()), default=0)


def _write_table(wb, title: str, rows: Iterable[Mapping[str, Any]], taken: set[str],
                 columns: Sequence[str] | None = None) -> None:
    from openpyxl.utils import get_column_letter

    rows = list(rows)
    columns = list(columns or table_columns(rows))
    ws = wb.create_sheet(_sheet_title(title, taken))
    if not columns:
        ws.append([_("(nothing to show)")])
        return
    ws.append([neutralise(header(c)) for c in columns])
    widths = [max(_width(header(c)) + 2, 8) for c in columns]
    for i, row in enumerate(rows):
        cells = [neutralise(row.get(c)) for c in columns]
        ws.append(cells)
        if i < 1000:  # widths from a sample: enough to fit typical values, cheap on big tables
            widths = [max(w, _width(v) + 1) for w, v in zip(widths, cells)]
    for idx, cell in enumerate(ws[1], start=1):
        _style_header(cell)
        ws.column_dimensions[get_column_letter(idx)].width = min(widths[idx - 1], _MAX_WIDTH)
    for idx in [i for i, column in enumerate(columns, start=1) if readable.thousands_column(column)]:
        for (cell,) in ws.iter_rows(min_row=2, min_col=idx, max_col=idx):  # separators in Excel's own locale
            cell.number_format = "#,##0"
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{len(rows) + 1}"


def _style_header(cell) -> None:
    from openpyxl.styles import Font, PatternFill

    cell.font = Font(bold=_HEADER_STYLE["bold"])
    cell.fill = PatternFill("solid", fgColor=_HEADER_STYLE["fill"])


def to_xlsx(sub: Subgraph, context: ExportContext) -> bytes:
    """A workbook (openpyxl) for people who work in Excel: a summary first, then one readable sheet per table.

    Parameters
    ----------
    sub : Subgraph
    context : ExportContext
    Returns
    -------
    bytes
    """
    from openpyxl import Workbook
    from openpyxl.styles import Alignment

    wb = Workbook()
    summary = wb.active
    summary.title = _("Summary")
    taken = {summary.title.casefold()}
    summary.append([_("What"), _("Value")])
    for key, value in summary_tables.summary_rows(sub, context):
        summary.append([neutralise(key), neutralise(value)])
    for cell in summary[1]:
        _style_header(cell)
    summary.column_dimensions["A"].width = 26
    summary.column_dimensions["B"].width = min(max(_width(r[1].value) for r in summary.iter_rows()) + 2, 100)
    for row in summary.iter_rows(min_row=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top", horizontal="left")
    summary.freeze_panes = "A2"

    def titled(rows: list) -> list:  # the graph's tables cite sources by id; people read their titles
        return readable.readable_rows(rows, context)

    sheets: list[tuple[str, list]] = [
        ("Municipalities", titled(node_tables.municipality_rows(sub))),
        ("Partnerships", titled(relation_tables.partnership_rows(sub, context.first or context.highlight))),
        ("Country pairs", relation_tables.country_pair_rows(sub, context)),
        ("Organisations", titled(node_tables.organisation_rows(sub))),
        ("Conferences", titled(node_tables.conference_rows(sub))),
        ("Other relationships", titled(relation_tables.relation_rows(sub))),
        ("Other nodes", titled(node_tables.other_node_rows(sub))),
        ("Sources", summary_tables.source_rows(sub, context)),
    ]
    suggestions = table_rows(context.suggestions)
    if suggestions:
        sheets.insert(0, ("Suggestions", suggestions))
    for name, table in context.tables.items():
        sheets.append((name, readable.readable_rows(table, context)))
    for title, rows in sheets:
        if rows or title in ("Municipalities", "Partnerships"):
            _write_table(wb, _(title), rows, taken, None if rows else _EMPTY_COLUMNS.get(title))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


_EMPTY_COLUMNS = {
    "Municipalities": ["Name", "Country", "Country code", "Subdivision", "Kind", "Population", "Id"],
    "Partnerships": ["Municipality A", "Country A", "Municipality B", "Country B", "Kind", "Since", "Sources"],
}
