"""Query tables as people read them: names instead of codes, kinds in words, sources by title.

The tables ``graph.queries`` return carry codes ("UA", "UA-30", "twin") and source ids so that code
can work with them; an export shows them in the current language (``graph.i18n``).
"""

from __future__ import annotations

from typing import Any

from graph.export.common import ExportContext, split_list, table_rows
from graph.i18n import country_name, kind_label, subdivision_name
from graph.model import Node

_COUNTRY_COLUMNS = ("country", "origin_country", "partner_country", "Country", "Country A", "Country B")
_SUBDIVISION_COLUMNS = {"subdivision": "country", "origin_subdivision": "origin_country",
                        "partner_subdivision": "partner_country"}


def thousands_column(column: str) -> bool:
    """Whether a table's whole numbers in ``column`` are written with thousands separators: counts of
    inhabitants (``Population``, ``origin_population`` ...), not years ("Since" 1990) or ranks.

    Parameters
    ----------
    column : str
        The column's key as the table holds it.

    Returns
    -------
    bool
    """
    return str(column).lower().endswith("population")


def readable_rows(table: Any, context: ExportContext | None = None) -> list[dict[str, Any]]:
    """A query's table (``graph.queries.regional.existing_partnerships`` ...) as people read it, in the
    current language: countries and subdivisions by name instead of code ("UA" -> "Ukraine",
    "UA-30" -> "Kyiv City" / "Kyjiw"), partnership kinds in words, sources by title (a ``sources`` or
    ``Sources`` column: the node and relationship tables of graph.export too), missing values empty.

    Parameters
    ----------
    table : DataFrame or list of dicts
    context : ExportContext, optional
        Its ``sources`` give the titles of the source ids in a ``sources`` column.

    Returns
    -------
    list of dict
        Same columns, readable values (None where a value is missing).
    """
    known = dict(context.sources) if context is not None else {}
    out = []
    for row in table_rows(table):
        row = dict(row)
        for column, country_column in _SUBDIVISION_COLUMNS.items():
            if isinstance(row.get(column), str) and row[column]:
                country = row.get(country_column)
                row[column] = subdivision_name(row[column], country if isinstance(country, str) and
                                               len(country) == 2 else None)
        for column in _COUNTRY_COLUMNS:
            value = row.get(column)
            if isinstance(value, str) and len(value) == 2 and value.isupper():
                row[column] = country_name(value)
        if "kind" in row:
            row["kind"] = kind_label(row["kind"]) or None
        for column in ("sources", "Sources"):  # a query's table, and the node and relationship tables
            cited = row.get(column)
            if isinstance(cited, str):  # "a; b" as the queries join them
                cited = split_list(cited)
            if isinstance(cited, (list, tuple)) and known:
                row[column] = [(source_value(known[c], "title") or source_value(known[c], "name") or c)
                               if c in known else c for c in cited]
        out.append(row)
    return out


def source_value(node: Any, key: str) -> Any:
    """A Source node's property, or a plain mapping's value (sources given as dicts).

    Parameters
    ----------
    node : Node, mapping or None
        The source; for a Node, ``"name"`` means its name.
    key : str
        ``"title"``, ``"name"``, ``"url"`` or ``"file"``.

    Returns
    -------
    object or None
    """
    if isinstance(node, Node):
        return node.name if key == "name" else node.get(key)
    return node.get(key) if hasattr(node, "get") else None


def blank_missing(frame):
    """A copy of the DataFrame in which every column with a missing value holds text.

    Missing values (None, NaN, NA) become empty, whole numbers lose their decimals (years read as
    1991.0 give "1991"), lists are joined with "; ". Mixed columns of numbers and empty text cannot be
    drawn (Arrow needs one type per column), so such a column is text throughout.

    Parameters
    ----------
    frame : pandas.DataFrame
        Not changed; columns without a missing value keep their type.

    Returns
    -------
    pandas.DataFrame

    Examples
    --------
    >>> import pandas as pd
    >>> blank_missing(pd.DataFrame({"since": [1991.0, None], "name": ["a", "b"]})).to_dict("list")
    {'since': ['1991', ''], 'name': ['a', 'b']}
    """
    import pandas as pd

    def cell(value) -> str:
        if isinstance(value, (list, tuple, set)):
            return "; ".join(map(str, value))
        if value is None or (not isinstance(value, dict) and pd.isna(value)):
            return ""
        if isinstance(value, float) and value.is_integer():
            return str(int(value))
        return str(value)

    frame = frame.copy()
    for col in frame.columns:
        if frame[col].isna().any():
            frame[col] = frame[col].map(cell).astype(object)
    return frame
