"""Tables as a reader sees them: column titles in words and in the UI language, numbers written
the way the language writes them (``st.dataframe`` shows what these functions return)."""

from __future__ import annotations

from graph.i18n import _, number


def column_title(column: object, words: bool = False) -> str:
    """A table's column as a reader sees it, in the UI language: query names in words
    ("origin_subdivision" -> "Subdivision" / "Land/Region"), other headers translated. ``words``
    also puts the query tables' one-word names in words ("partner" -> "Partner")."""
    from graph.export.common import HUMAN_HEADERS

    text = str(column)
    if words or "_" in text or text in ("id", "origin"):
        text = HUMAN_HEADERS.get(text, text.replace("_", " "))
    return _(text) if text else text


def readable(frame, words: bool = False):
    """``frame`` with its columns renamed by ``column_title`` and missing values as empty cells
    (``graph.export.readable.blank_missing``; ``st.dataframe`` would write "None")."""
    from graph.export.readable import blank_missing

    frame = blank_missing(frame)
    return frame.rename(columns={col: column_title(col, words) for col in frame.columns})


PLAIN_NUMBERS = {"since", "until", "year", "founded", "rank", "community", "id", "hops"}  # never "1.973"


def _number_text(value) -> str:
    """A number in the UI language: whole numbers with separators, fractions with as many decimals as they need."""
    import math

    if value is None or isinstance(value, float) and math.isnan(value) or not isinstance(value, (int, float)):
        return "" if value is None or isinstance(value, float) else str(value)
    if float(value).is_integer() or abs(value) >= 100:
        return number(value)
    return number(value, decimals=2 if abs(value) >= 1 else 3 if abs(value) >= .01 or not value else 5)


def display(frame, words: bool = False):
    """``readable(frame, words)`` with its numbers written in the UI language (504.971 and 1,11 in German),
    as a Styler: the table still sorts by the numbers (up to 20,000 cells; a Styler takes about a second
    per 20,000 to send, so larger tables show plain numbers). Years, ranks and ids stay as they are."""
    import pandas as pd

    numeric = lambda v: isinstance(v, (int, float)) and not isinstance(v, bool)  # noqa: E731
    measured = [col for col in frame.columns if str(col) not in PLAIN_NUMBERS and (
        pd.api.types.is_numeric_dtype(frame[col]) and not pd.api.types.is_bool_dtype(frame[col])
        or frame[col].dtype == object and frame[col].map(numeric).any())]
    text = lambda v: _number_text(v.item() if hasattr(v, "item") else v)  # noqa: E731
    gappy = [col for col in measured if frame[col].isna().any() or frame[col].dtype == object]  # text in any case
    frame = frame.assign(**{str(col): frame[col].map(text) for col in gappy}) if gappy else frame
    shown = readable(frame, words)
    whole = [column_title(col, words) for col in measured if col not in gappy]
    return shown.style.format(text, subset=whole) if whole and shown.size <= 20_000 else shown
