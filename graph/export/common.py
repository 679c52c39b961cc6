"""What every export format shares: the context of an export, safe cell text and safe file names.

Names are data. A municipality called ``=HYPERLINK(...)`` must stay text in Excel, a name with a
control character must not corrupt an XML file, and a title typed by a user must not become a
path outside the download folder.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Iterable, Mapping, Sequence

from graph.errors import PartnernetError

LIST_SEPARATOR = "; "

# Spreadsheet programs treat a cell starting with one of these as a formula (or, for tab and CR,
# as a cell boundary that lets the next characters start a formula): OWASP "CSV injection".
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")

# Characters XML 1.0 cannot carry at all (GraphML, GEXF, xlsx are XML): C0 controls except tab,
# newline and carriage return, lone surrogates and the two non-characters U+FFFE/U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


class ExportUnavailable(PartnernetError):
    """A format needs a tool that is not installed here (e.g. a browser to print PDF)."""


Table = Sequence[Mapping[str, Any]]


@dataclass
class ExportContext:
    """What a reader of an exported file needs to know besides the graph itself.

    ``selection`` says in words what was asked for ("Leipzig and its partners, 2 hops"); ``created``
    is when. Optional tables travel with the export: ``suggestions`` (one row per candidate with
    its reasons), ``country_pairs`` (partnerships by country pair; computed from the subgraph when
    not given) and ``tables`` for anything else, by sheet name. Tables are pandas DataFrames or
    lists of dicts. ``highlight`` lists node ids to emphasise (a centre city, the ends of a path).
    ``sources`` maps the ids of the sources cited to their Source nodes, so that every export names
    them by title and link (``graph.export.with_sources`` fills it from a store).
    """

    title: str = "partnernet export"
    selection: str = ""
    created: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    suggestions: Any = None
    country_pairs: Any = None
    tables: dict[str, Any] = field(default_factory=dict)
    highlight: Sequence[str] = ()
    first: Sequence[str] = ()  # ids whose side is A in partnership tables (a region's origin); else the highlighted
    csv_delimiter: str = ","
    sources: Mapping[str, Any] = field(default_factory=dict)  # source id -> Source node (title, url, file)

    @property
    def created_text(self) -> str:
        """When the export was made, as ``YYYY-MM-DD HH:MM`` and the time zone (UTC when none is given)."""
        created = self.created
        if created.tzinfo is None:
            created = created.replace(tzinfo=timezone.utc)
        return created.strftime("%Y-%m-%d %H:%M %Z").strip()


def table_rows(table: Any) -> list[dict[str, Any]]:
    """Rows of a DataFrame or a list of dicts, as plain dicts.

    Parameters
    ----------
    table : pandas.DataFrame, iterable of mappings, or None
        A table given with an :class:`ExportContext` or returned by a query.
    Returns
    -------
    list of dict
        Keys as text; NaN and pandas' missing values become None, numpy scalars Python numbers; [] for None.
    """
    if table is None:
        return []
    if hasattr(table, "to_dict") and hasattr(table, "columns"):
        records = table.to_dict(orient="records")
    else:
        records = [dict(row) for row in table]
    out = []
    for row in records:
        clean_row = {}
        for key, value in row.items():
            if isinstance(value, float) and math.isnan(value):
                value = None
            elif type(value).__name__ in ("NAType", "NaTType"):  # pandas' missing values
                value = None
            elif value is not None and type(value).__module__ == "numpy":
                value = value.item()
            clean_row[str(key)] = value
        out.append(clean_row)
    return out


# Column names of the tables the queries return (graph.queries.regional, suggest), in words.
HUMAN_HEADERS = {
    "origin": "Municipality", "origin_subdivision": "Subdivision", "origin_country": "Country",
    "partner": "Partner", "partner_subdivision": "Partner's subdivision", "partner_country": "Partner's country",
    "kind": "Kind", "since": "Since", "until": "Until", "status": "Status", "sources": "Sources",
    "origin_id": "Municipality id", "partner_id": "Partner id", "id": "Id", "name": "Name", "country": "Country",
    "subdivision": "Subdivision", "score": "Score", "reasons": "Reasons", "partners_in_target": "Partners there",
    "municipality": "Municipality", "municipalities": "Municipalities", "partnerships": "Partnerships",
}


def header(column: str) -> str:
    """A column name as a reader sees it, in the current language ("origin_subdivision" -> "Subdivision").

    Parameters
    ----------
    column : str
        A column of a query's table; names not in ``HUMAN_HEADERS`` stay as they are (translated if known).
    Returns
    -------
    str
    """
    from graph.i18n import _

    text = str(column)
    return _(HUMAN_HEADERS.get(text, text)) if text else text


def table_columns(rows: Iterable[Mapping[str, Any]]) -> list[str]:
    """Column names in first-seen order, so a table keeps the order its author gave it.

    Parameters
    ----------
    rows : iterable of mappings
    Returns
    -------
    list of str
    """
    columns: dict[str, None] = {}
    for row in rows:
        for key in row:
            columns.setdefault(key, None)
    return list(columns)


def xml_text(text: str) -> str:
    """Text without what XML 1.0 cannot hold: C0 controls but tab, LF and CR, lone surrogates, U+FFFE, U+FFFF.

    Parameters
    ----------
    text : str
    Returns
    -------
    str
    """
    return _XML_ILLEGAL.sub("", text)


def escape_item(item: str) -> str:
    """``item`` with backslashes and ``;`` escaped, as one item of a list cell.

    Parameters
    ----------
    item : str
    Returns
    -------
    str
    Examples
    --------
    >>> print(escape_item("a;b"))
    a\\;b
    """
    return item.replace("\\", "\\\\").replace(";", "\\;")


def join_list(items: Iterable[Any]) -> str:
    """A list property as one text cell: "a; b". A ';' inside an item is escaped as '\\;'.

    Parameters
    ----------
    items : iterable
        The values, each written with ``str``, in the order given; :func:`split_list` reads them back.
    Returns
    -------
    str
    """
    return LIST_SEPARATOR.join(escape_item(str(item)) for item in items)


def split_list(text: str) -> list[str]:
    """The items of a list cell written by :func:`join_list` (its inverse).

    Parameters
    ----------
    text : str
    Returns
    -------
    list of str
        The items, unescaped and stripped; empty items are dropped.
    """
    if not text:
        return []
    items, current, chars = [], [], iter(text)
    for ch in chars:
        if ch == "\\":
            current.append(next(chars, ""))
        elif ch == ";":
            items.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    items.append("".join(current).strip())
    return [item for item in items if item]


def plain(value: Any) -> Any:
    """A property value as a spreadsheet cell: numbers stay numbers, lists become joined text.

    Parameters
    ----------
    value : object
    Returns
    -------
    int, float, str or None
        Booleans become "yes"/"no", lists and sets (sorted) :func:`join_list` text, datetimes ISO 8601.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, (list, tuple, set, frozenset)):
        return join_list(sorted(value) if isinstance(value, (set, frozenset)) else value)
    if isinstance(value, datetime):
        return value.isoformat(timespec="minutes")
    return str(value)


def neutralise(value: Any) -> Any:
    """A cell that a spreadsheet shows as what it is (the OWASP "CSV injection" defence): text starting
    like a formula gets a leading quote (Excel and LibreOffice then show it as text); numbers stay numbers.

    Parameters
    ----------
    value : object
        A property value; it is made :func:`plain` and stripped of what XML cannot hold (:func:`xml_text`).
    Returns
    -------
    int, float, str or None
    """
    value = plain(value)
    if isinstance(value, str):
        value = xml_text(value)
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


_UNSAFE_FILENAME = re.compile(r"[^\w.\- ()]+", re.UNICODE)
_RESERVED_WINDOWS = {
    "con", "prn", "aux", "nul", *(f"com{i}" for i in range(1, 10)), *(f"lpt{i}" for i in range(1, 10)),
}


def safe_filename(text: str, suffix: str = "", *, max_length: int = 80, default: str = "partnernet") -> str:
    """A file name from user text, safe on every common file system: no path separators, control characters,
    leading dots or reserved Windows names, never empty; letters of any script stay ("Gießen–Kyiv").

    Parameters
    ----------
    text : str
        Usually a title; whitespace becomes ``_``, other unsafe characters ``-``.
    suffix : str, optional
        File ending with or without the dot; only ASCII letters, digits and dots are kept.
    max_length : int, optional
        Characters kept before the suffix (default 80).
    default : str, optional
        The name when nothing safe is left, and the prefix of a reserved name ("partnernet-con").
    Returns
    -------
    str
    """
    text = unicodedata.normalize("NFC", str(text or ""))
    text = "".join(ch if unicodedata.category(ch)[0] != "C" else " " for ch in text)
    text = _UNSAFE_FILENAME.sub("-", text)
    text = re.sub(r"\s+", "_", text.strip())
    text = re.sub(r"[-_]{2,}", "-", text).strip("._- ")
    text = text[:max_length].rstrip("._- ")
    if not text or text.split(".")[0].lower() in _RESERVED_WINDOWS:
        text = default if not text else f"{default}-{text}"
    suffix = str(suffix or "")
    if suffix:
        suffix = "." + re.sub(r"[^A-Za-z0-9.]", "", suffix).strip(".")
        suffix = "" if suffix == "." else suffix
    return text + suffix
