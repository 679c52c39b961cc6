"""Plain-text output: aligned tables, and the lines the command line prints for stats, search hits,
partners and paths (the longer answers are in :mod:`graph.export.answer_text`).

Kept beside the file exports so that what ``partnernet`` prints is built from the same answers as
what the app shows; the command line only prints these strings. Headings, column headers and counts
are in the current language of ``graph.i18n`` (real plural forms); names and ids are printed as stored.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, Iterable, Mapping, Sequence

from graph.i18n import _, kind_label, ngettext, number, pgettext
from graph.queries.paths import describe
from graph.store.base import GraphStore

if TYPE_CHECKING:
    import pandas as pd


def _cell(value: Any) -> str:
    try:
        if value is None or value != value:  # None and NaN print as nothing
            return ""
    except TypeError:  # pandas' NA has no truth value
        return ""
    return str(value)


def heading(column: str) -> str:
    """The header of a column of the command line's tables in the current language (else ``column``).

    Parameters
    ----------
    column : str
        A column name of the answers (``"partner_country"``, ``"since"`` ...).

    Returns
    -------
    str
        Its header from the gettext catalogue (context ``"column"``): ``"since"`` is ``"seit"`` in German.
    """
    words = {
        "name": pgettext("column", "name"), "label": pgettext("column", "label"), "id": pgettext("column", "id"),
        "country": pgettext("column", "country"), "subdivision": pgettext("column", "subdivision"),
        "type": pgettext("column", "type"), "count": pgettext("column", "count"),
        "origin": pgettext("column", "origin"), "origin_subdivision": pgettext("column", "origin_subdivision"),
        "origin_country": pgettext("column", "origin_country"), "partner": pgettext("column", "partner"),
        "partner_country": pgettext("column", "partner_country"),
        "partner_subdivision": pgettext("column", "partner_subdivision"), "kind": pgettext("column", "kind"),
        "since": pgettext("column", "since"), "status": pgettext("column", "status"),
        "sources": pgettext("column", "sources"), "municipalities": pgettext("column", "municipalities"),
        "with_partner": pgettext("column", "with_partner"), "partnerships": pgettext("column", "partnerships"),
        "degree": pgettext("column", "degree"), "betweenness": pgettext("column", "betweenness"),
        "community": pgettext("column", "community"), "size": pgettext("column", "size"),
        "leaders": pgettext("column", "leaders"), "countries": pgettext("column", "countries"),
        "start": pgettext("column", "start"), "title": pgettext("column", "title"),
        "place": pgettext("column", "place"), "participants": pgettext("column", "participants"),
        "organisers": pgettext("column", "organisers"), "municipality": pgettext("column", "municipality"),
        "partners_in_target": pgettext("column", "partners_in_target"), "partners": pgettext("column", "partners"),
        "conferences": pgettext("column", "conferences"),
    }
    return words.get(column, column)


def frame_text(frame: pd.DataFrame) -> str:
    """A matrix or count table as pandas prints it, its axis and column names in words.

    Parameters
    ----------
    frame : pandas.DataFrame
        A matrix (named index and columns axes, e.g. from ``partnership_matrix``) or a count table.

    Returns
    -------
    str
        ``DataFrame.to_string()`` after :func:`heading` renamed the axis names and string column names.
    """
    frame = frame.rename_axis(index=heading(frame.index.name) if frame.index.name else None,
                              columns=heading(frame.columns.name) if frame.columns.name else None)
    return frame.rename(columns=lambda c: heading(c) if isinstance(c, str) else c).to_string()


def text_table(rows: Iterable[Mapping[str, Any]], columns: Sequence[str]) -> str:
    """Rows as left-aligned columns under a header line (:func:`heading` of each column); ``""`` when
    there are no rows.

    Parameters
    ----------
    rows : iterable of mappings
        Each maps column name to value; a missing, None or NaN value prints as an empty cell.
    columns : sequence of str
        The columns to print, in order (the header line).

    Returns
    -------
    str
        Lines joined by ``"\\n"``, columns separated by two spaces, no trailing newline.

    Examples
    --------
    >>> print(text_table([{"name": "Leipzig", "country": "DE"}], ["name", "country"]))
    name     country
    Leipzig  DE
    """
    rows = [{c: _cell(r.get(c)) for c in columns} for r in rows]
    if not rows:
        return ""
    headers = {c: heading(c) for c in columns}
    widths = {c: max(len(headers[c]), *(len(r[c]) for r in rows)) for c in columns}
    lines = ["  ".join(headers[c].ljust(widths[c]) for c in columns)]
    lines += ["  ".join(r[c].ljust(widths[c]) for c in columns) for r in rows]
    return "\n".join(line.rstrip() for line in lines)


def frame_table(frame: pd.DataFrame, columns: Sequence[str]) -> str:
    """:func:`text_table` of a DataFrame's rows.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per printed line; NaN and None print as empty cells.
    columns : sequence of str
        The frame's columns to print, in order.

    Returns
    -------
    str
        As :func:`text_table`; ``""`` for an empty frame.
    """
    return text_table(frame.to_dict("records"), columns)


def stats_text(store: GraphStore) -> str:
    """Nodes and relationships of the store, counted by label and type.

    Parameters
    ----------
    store : GraphStore
        The store to count (``store.stats()``).

    Returns
    -------
    str
        A heading ("embedded store: 17,000 nodes, 42,000 relationships", plural forms of the current
        language), then a table of ``type`` and ``count``, one row per node label and relationship type.
    """
    stats = store.stats()
    counts = [{"type": k, "count": v} for k, v in {**stats.nodes, **stats.edges}.items()]
    head = _("{kind} store: {nodes}, {relationships}").format(
        kind=store.kind, nodes=ngettext("{n} node", "{n} nodes", stats.node_count).format(n=number(stats.node_count)),
        relationships=ngettext("{n} relationship", "{n} relationships", stats.edge_count).format(n=number(stats.edge_count)))
    return "\n".join(filter(None, [head, text_table(counts, ["type", "count"])]))


def path_text(result) -> str:
    """A :class:`graph.queries.paths.PathResult` in words: its summary, then one line per path.

    Parameters
    ----------
    result : graph.queries.paths.PathResult
        The answer of ``connection_paths``.

    Returns
    -------
    str
        ``result.summary()``, then each path as ``describe`` words it ("Münster – Orléans – Kraków"),
        indented by two spaces.
    """
    return "\n".join([result.summary(), *(f"  {describe(p)}" for p in result.paths)])


class ProgressBar:
    """A progress bar on stderr for a load, sized once the number of records to write is known:
    pass ``start`` as a loader's ``announce`` and ``update`` as its ``progress``."""

    def __init__(self, desc: str) -> None:
        self.desc, self.bar = desc, None

    def start(self, total: int) -> None:
        """Show the bar (tqdm, on stderr; hidden when that is not a terminal) for ``total`` records."""
        from tqdm import tqdm

        self.bar = tqdm(total=total, desc=self.desc, unit="rec", disable=None, file=sys.stderr)

    def update(self, count: int) -> None:
        """Advance the bar by ``count`` records written (nothing before ``start``)."""
        if self.bar is not None:
            self.bar.update(count)

    def __enter__(self) -> "ProgressBar":
        return self

    def __exit__(self, *exc) -> None:
        if self.bar is not None:
            self.bar.close()


def nodes_text(nodes: Sequence) -> str:
    """Search hits (or any nodes) as a table: name, label, country, subdivision, id.

    Parameters
    ----------
    nodes : sequence of Node
        In the order to print (``search`` ranks them).

    Returns
    -------
    str
        A :func:`text_table`; ``""`` when there are no nodes.
    """
    return text_table([{"name": n.name, "label": n.label, "country": n.get("country"),
                        "subdivision": n.get("subdivision"), "id": n.id} for n in nodes],
                      ["name", "label", "country", "subdivision", "id"])


def partners_text(node, rows: Sequence[Mapping[str, Any]]) -> str:
    """A municipality's partnerships under a count line.

    Parameters
    ----------
    node : Node
        The municipality (its name and ISO 3166-1 alpha-2 ``country`` head the answer).
    rows : sequence of mappings
        ``graph.queries.partners.partner_rows``: ``partner``, ``country``, ``kind``, ``since``,
        ``status``, ``sources`` per partnership.

    Returns
    -------
    str
        "Gießen (DE): 12 partnerships" (plural form of the current language), then the table with the
        kinds in words.
    """
    head = "{name} ({country}): {partnerships}".format(
        name=node.name, country=node.get("country", "?"),
        partnerships=ngettext("{n} partnership", "{n} partnerships", len(rows)).format(n=number(len(rows))))
    rows = [{**r, "kind": kind_label(r.get("kind"))} for r in rows]
    return "\n".join(filter(None, [head, text_table(rows, ["partner", "country", "kind", "since", "status", "sources"])]))
