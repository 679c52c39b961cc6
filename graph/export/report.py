"""The printable report: one self-contained HTML page with print styles, and PDF printed from it.

It is written for a council meeting: what was selected and when, a few figures, a map, the
network, then the tables. Everything is inline (styles, SVG pictures), so the file can be mailed,
opened offline and printed from any browser; PDF is the same page printed by headless Chromium.
Every value is HTML-escaped. Very long tables are cut in the report (the Excel export has all rows).
"""

from __future__ import annotations

import numbers
from collections import Counter
from html import escape
from typing import Any, Mapping, Sequence

from graph.model import CONFERENCE, MUNICIPALITY, ORGANISATION, PARTNER_OF, PARTNERSHIP_KINDS
from graph.store.base import Subgraph
from graph.export.visual import KIND_COLOURS, LABEL_COLOURS, OTHER_EDGE_COLOUR
from graph.export.node_tables import conference_rows, municipality_rows, organisation_rows
from graph.export.readable import readable_rows, thousands_column
from graph.export.relation_tables import country_pair_rows, partnership_rows, relation_rows
from graph.export.summary_tables import source_rows
from graph.export.browser import html_to_pdf
from graph.export.common import ExportContext, header, table_columns, table_rows
from graph.i18n import _, kind_phrase, language, number
from graph.export.drawing import map_svg, network_figure
from graph.export.geography import missing_atlas

MAX_REPORT_ROWS = 500

_STYLE = """
:root { --ink: #1d2733; --muted: #5b6672; --line: #d9dee4; --band: #f4f6f8; --accent: #0072B2; }
* { box-sizing: border-box; }
body { font-family: "Noto Sans", "DejaVu Sans", Helvetica, Arial, sans-serif; color: var(--ink);
       font-size: 10.5pt; line-height: 1.35; margin: 0 auto; max-width: 1100px; padding: 24px 32px; }
header { border-bottom: 3px solid var(--accent); padding-bottom: 10px; margin-bottom: 16px; }
h1 { font-size: 20pt; margin: 0 0 6px; }
h2 { font-size: 13pt; margin: 22px 0 8px; padding-bottom: 3px; border-bottom: 1px solid var(--line);
     break-after: avoid; }
.meta { color: var(--muted); margin: 2px 0; }
.meta b { color: var(--ink); font-weight: 600; }
.note { background: #fff6e0; border-left: 4px solid #e0a500; padding: 6px 10px; margin: 10px 0; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(120px, 1fr)); gap: 8px; margin: 12px 0; }
.figure { border: 1px solid var(--line); border-radius: 6px; padding: 8px 10px; background: var(--band); }
.figure .n { font-size: 17pt; font-weight: 700; display: block; }
.figure .what { color: var(--muted); font-size: 9pt; }
figure { margin: 8px 0 14px; break-inside: avoid; }
figure svg { width: 100%; height: auto; border: 1px solid var(--line); border-radius: 4px; }
figcaption { color: var(--muted); font-size: 9pt; margin-top: 4px; }
.legend { display: flex; flex-wrap: wrap; gap: 4px 14px; font-size: 9pt; margin-top: 4px; }
.swatch { display: inline-block; width: 10px; height: 10px; border-radius: 50%; margin-right: 4px;
          vertical-align: -1px; }
.bar { display: inline-block; width: 18px; height: 3px; margin-right: 4px; vertical-align: 3px; }
table { border-collapse: collapse; width: 100%; font-size: 9pt; margin: 4px 0 6px; }
thead { display: table-header-group; }
th { text-align: left; background: var(--band); border-bottom: 2px solid var(--line); padding: 4px 6px;
     font-weight: 600; }
td { border-bottom: 1px solid var(--line); padding: 3px 6px; vertical-align: top; overflow-wrap: break-word; hyphens: auto; }
th.num, td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr { break-inside: avoid; }
.more { color: var(--muted); font-size: 9pt; }
footer { margin-top: 24px; color: var(--muted); font-size: 8.5pt; border-top: 1px solid var(--line);
         padding-top: 6px; }
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { padding: 0; max-width: none; font-size: 9.5pt; }
  h2 { break-after: avoid-page; }
  section { break-inside: auto; }
  a { color: inherit; text-decoration: none; }
  .figure { background: none; }
}
"""

# columns shown in the report (the Excel workbook has every column)
_REPORT_COLUMNS = {
    "municipalities": ["Name", "Country", "Subdivision", "Kind", "Population", "Partnerships shown", "Sources"],
    "partnerships": ["Municipality A", "Country A", "Municipality B", "Country B", "Kind", "Since", "Until",
                     "Sources"],
    "organisations": ["Name", "Kind", "Country", "Website", "Relationships shown", "Sources"],
    "conferences": ["Title", "Start", "End", "Status", "Venue", "Participants shown", "Sources"],
    "relations": ["From", "Relationship", "To", "Role", "Sources"],
    "sources": ["Source", "Link or file", "Facts citing it"],
}


def _cell(column: str, value: Any) -> tuple[str, bool]:
    if value is None or isinstance(value, (list, tuple, set)) and not value or value == "" or value != value:
        return "", False  # value != value: NaN, a blank cell of a pandas table
    if isinstance(value, bool):
        return (_("yes") if value else _("no")), False
    if isinstance(value, numbers.Integral):  # numpy's integers too (a table's column from pandas)
        return (number(int(value)) if thousands_column(column) else str(value)), True
    if isinstance(value, numbers.Real):
        return number(value, decimals=0 if abs(value) >= 100 else 2 if abs(value) >= 1 else 3 if abs(value) >= .01 else 5), True
    if isinstance(value, (list, tuple, set)):
        return escape(", ".join(str(v) for v in value)), False
    return escape(str(value)), False


def html_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None = None, *,
               limit: int = MAX_REPORT_ROWS) -> str:
    """An HTML table of ``rows``, its values escaped and numbers right-aligned.

    Parameters
    ----------
    rows : sequence of mappings
        Column name -> value; columns empty in every row are left out.
    columns : sequence of str, optional
        The columns and their order; by default those of ``rows``.
    limit : int
        Most rows shown (500); a note below says how many there are in all.

    Returns
    -------
    str
        ``<table>...</table>``, or a short paragraph when there are no rows.
    """
    columns = [c for c in (columns or table_columns(rows)) if any(r.get(c) not in (None, "", []) for r in rows)] \
        if rows else list(columns or [])
    if not rows:
        return f'<p class="more">{escape(_("None in this selection."))}</p>'
    numeric = {c for c in columns if all(isinstance(r.get(c), (int, float)) or r.get(c) in (None, "")
                                         for r in rows[:limit])}
    head = "".join(f'<th class="num">{escape(header(c))}</th>' if c in numeric else f"<th>{escape(header(c))}</th>"
                   for c in columns)
    body = []
    for row in rows[:limit]:
        cells = []
        for column in columns:
            text, numeric = _cell(column, row.get(column))
            cells.append(f'<td class="num">{text}</td>' if numeric else f"<td>{text}</td>")
        body.append("<tr>" + "".join(cells) + "</tr>")
    more = ('<p class="more">' + escape(_("The first {n} of {total} rows; the Excel and CSV exports have all.").format(
        n=number(limit), total=number(len(rows)))) + "</p>" if len(rows) > limit else "")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>{more}"


def _figures(sub: Subgraph) -> list[tuple[str, int]]:
    counts = Counter(n.label for n in sub.nodes.values())
    partnerships = sum(1 for e in sub.edges if e.type == PARTNER_OF)
    countries = {n.get("country") for n in sub.nodes.values() if n.label == MUNICIPALITY and n.get("country")}
    figures = [("Municipalities", counts.get(MUNICIPALITY, 0)), ("Partnerships", partnerships),
               ("Countries", len(countries))]
    for label, word in ((ORGANISATION, "Organisations"), (CONFERENCE, "Conferences")):
        if counts.get(label):
            figures.append((word, counts[label]))
    sources = len(source_rows(sub))  # a count: titles are not needed
    if sources:
        figures.append(("Sources cited", sources))
    return figures


def _legend(sub: Subgraph, only_partnerships: bool = False) -> str:
    labels = [label for label in LABEL_COLOURS if any(n.label == label for n in sub.nodes.values())]
    if only_partnerships:
        labels = [MUNICIPALITY] if MUNICIPALITY in labels else []
    kinds = [k for k in PARTNERSHIP_KINDS if any(e.type == PARTNER_OF and e.props.get("kind") == k for e in sub.edges)]
    items = [f'<span><span class="swatch" style="background:{LABEL_COLOURS[label]}"></span>{escape(_(label))}</span>'
             for label in labels]
    items += [f'<span><span class="bar" style="background:{KIND_COLOURS[k]}"></span>{escape(kind_phrase(k))}</span>'
              for k in kinds]
    if not only_partnerships and any(e.type != PARTNER_OF for e in sub.edges):
        items.append(f'<span><span class="bar" style="background:{OTHER_EDGE_COLOUR}"></span>{escape(_("other relationship"))}</span>')
    return f'<div class="legend">{"".join(items)}</div>'


def _section(title: str, body: str) -> str:
    return f"<section><h2>{escape(_(title))}</h2>{body}</section>"


def report_html(sub: Subgraph, context: ExportContext | None = None) -> str:
    """The printable report as one self-contained HTML document: selection, figures, map, network, tables.

    Parameters
    ----------
    sub : Subgraph
        What the report is about.
    context : ExportContext, optional
        Title, selection in words and creation time for the header; ``highlight`` marks nodes in the
        pictures and puts the focused municipality first in the partnerships; ``suggestions``,
        ``country_pairs``, ``tables`` and ``sources`` add or fill tables. None gives an empty context.

    Returns
    -------
    str
        The HTML page; every value is escaped, tables are cut at ``MAX_REPORT_ROWS`` (500) rows.

    Examples
    --------
    >>> html = report_html(sub, ExportContext(title="Leipzig", highlight=["mun:de:leipzig"]))  # doctest: +SKIP
    >>> html.startswith("<!DOCTYPE html>")  # doctest: +SKIP
    True
    """
    context = context or ExportContext()
    highlight = list(context.highlight or ())
    selection = context.selection or sub.rule or _("the nodes given")
    parts = [
        "<header>",
        f"<h1>{escape(context.title)}</h1>",
        f'<p class="meta"><b>{escape(_("Selection:"))}</b> {escape(selection)}</p>',
        f'<p class="meta"><b>{escape(_("Created:"))}</b> {escape(context.created_text)} '
        f'{escape(_("with partnernet"))}</p>',
        "</header>",
    ]
    if sub.truncated:
        parts.append('<p class="note">' + escape(_("Only {shown} of {total} matching nodes are included ({rule}).").format(
            shown=number(len(sub.nodes)), total=number(sub.total_nodes), rule=sub.rule)) + "</p>")
    parts.append('<div class="figures">' + "".join(
        f'<div class="figure"><span class="n">{number(n)}</span><span class="what">{escape(_(what))}</span></div>'
        for what, n in _figures(sub)) + "</div>")

    suggestions = table_rows(context.suggestions)
    if suggestions:
        parts.append(_section("Suggested partners", html_table(suggestions)))

    pictures = []
    drawn_map = map_svg(sub, highlight=highlight)
    if drawn_map:
        missing = missing_atlas()  # said in words, with the fix, not only in the log
        if missing:
            pictures.append(f'<p class="note">{escape(missing)}</p>')
        pictures.append(f"<figure>{drawn_map}<figcaption>"
                        f"{escape(_('Municipalities by longitude and latitude; arcs are partnerships.'))}</figcaption>{_legend(sub, True)}</figure>")
    network = network_figure(sub, highlight=highlight)
    if network:
        drawn_network, left_out = network  # what the drawing leaves out goes in the caption, for paper
        pictures.append(f"<figure>{drawn_network}<figcaption>"
                        f"{escape(_('The network: dots sized by relationships shown; a dark ring marks the selection.'))}"
                        f"{''.join(f' ({escape(x)})' for x in left_out)}</figcaption>{_legend(sub)}</figure>")
    if pictures:
        parts.append(_section("Map and network", "".join(pictures)))

    pairs = country_pair_rows(sub, context)
    if pairs:
        parts.append(_section("Partnerships by country pair", html_table(pairs)))
    parts.append(_section("Municipalities", html_table(readable_rows(municipality_rows(sub), context),
                                                       _REPORT_COLUMNS["municipalities"])))
    partnerships = readable_rows(partnership_rows(sub, context.first or highlight), context)
    parts.append(_section("Partnerships", html_table(partnerships, _REPORT_COLUMNS["partnerships"])))
    for title, rows, key in (
        ("Organisations", organisation_rows(sub), "organisations"),
        ("Conferences", conference_rows(sub), "conferences"),
        ("Other relationships", relation_rows(sub), "relations"),
    ):
        if rows:
            parts.append(_section(title, html_table(readable_rows(rows, context), _REPORT_COLUMNS[key])))
    for name, table in context.tables.items():
        parts.append(_section(str(name), html_table(readable_rows(table, context))))
    parts.append(_section("Sources", html_table(source_rows(sub, context), _REPORT_COLUMNS["sources"])))
    parts.append("<footer>" + escape(_("Partnerships and places as recorded in the sources listed; names are shown as "
                                       "written there. Produced with partnernet.")) + "</footer>")
    return _document(context.title, "".join(parts))


def _document(title: str, body: str) -> str:
    return ("<!DOCTYPE html>\n<html lang=\"" + language() + "\"><head><meta charset=\"utf-8\">"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; "
            "img-src data:\">"
            f"<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{escape(title)}</title>"
            f"<style>{_STYLE}</style></head><body>{body}</body></html>\n")


def to_report_html(sub: Subgraph, context: ExportContext | None = None) -> bytes:
    """The printable HTML report of the subgraph, as UTF-8 bytes.

    Parameters
    ----------
    sub : Subgraph
    context : ExportContext, optional
        As for :func:`report_html`.

    Returns
    -------
    bytes
    """
    return report_html(sub, context).encode("utf-8")


def to_pdf(sub: Subgraph, context: ExportContext | None = None) -> bytes:
    """The report printed to PDF by headless Chromium.

    Parameters
    ----------
    sub : Subgraph
    context : ExportContext, optional
        As for :func:`report_html`.

    Returns
    -------
    bytes

    Raises
    ------
    ExportUnavailable
        Chromium is missing or fails; the message says what to do (the HTML report prints from any browser).
    """
    return html_to_pdf(report_html(sub, context))

