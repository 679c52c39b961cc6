"""Reading the list straight from a workbook: Excel ``.xlsx`` (openpyxl) and OpenDocument ``.ods``
(odfpy through pandas), one sheet chosen by name or number, the first by default.

Cells become the text a person sees: a date cell becomes its ISO date ("1987-05-12"), a whole
number stays whole ("1987", not "1987.0"), formulas give the value Excel computed last.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from graph.i18n import _
from graph.errors import InputError

from .cellcheck import check_table
from .table import Table

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm", ".ods")
_ESCAPE = re.compile("_x([0-9A-Fa-f]{4})_")


def cell_text(value) -> str:
    """The text of one cell value as a spreadsheet shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, (dt.datetime, dt.date)):
        return value.date().isoformat() if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, float):
        if value != value:  # NaN: an empty cell read by pandas
            return ""
        return str(int(value)) if value.is_integer() else repr(value)
    text = str(value)
    if "_x" in text:  # Excel's escape of characters XML cannot hold: "_x0007_" is U+0007, "_x005F_" is "_"
        text = _ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), text)
    return "" if text == "NaT" else text


def _pick(names: list[str], sheet: str | None, path: Path) -> str:
    if not names:
        raise InputError(_("{name} has no sheets").format(name=path.name))
    if sheet is None or sheet == "":
        return names[0]
    if sheet in names:
        return sheet
    lowered = {n.lower(): n for n in names}
    if sheet.lower() in lowered:
        return lowered[sheet.lower()]
    if sheet.isdigit() and 1 <= int(sheet) <= len(names):
        return names[int(sheet) - 1]
    raise InputError(_("{name} has no sheet {sheet!r}; its sheets are {sheets} (choose one with --sheet NAME or "
                       "--sheet NUMBER)").format(name=path.name, sheet=sheet, sheets=", ".join(repr(n) for n in names)))


def _xlsx_rows(path: Path, sheet: str | None) -> tuple[str, list[list]]:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError) as exc:
        raise InputError(_("{name} cannot be read as an Excel workbook ({problem}); save it again as .xlsx, "
                           "or as CSV").format(name=path.name, problem=exc)) from None
    try:
        name = _pick(book.sheetnames, sheet, path)
        rows = [list(r) for r in book[name].iter_rows(values_only=True)]
    finally:
        book.close()
    return name, rows


def _ods_rows(path: Path, sheet: str | None) -> tuple[str, list[list]]:
    import pandas as pd

    try:
        sheets = pd.read_excel(path, engine="odf", sheet_name=None, header=None, dtype=object)
    except ImportError:
        raise InputError(_("{name}: reading .ods needs the odfpy package (pip install odfpy), "
                           "or save the sheet as .xlsx or CSV").format(name=path.name)) from None
    except Exception as exc:  # odfpy raises many kinds on a broken file
        raise InputError(_("{name} cannot be read as an OpenDocument spreadsheet ({problem})").format(
            name=path.name, problem=exc)) from None
    name = _pick(list(sheets), sheet, path)
    return name, sheets[name].values.tolist()


def read_workbook(path: Path, sheet: str | None = None):
    """One sheet of a workbook as a ``loaders.tabular.Table``.

    Parameters
    ----------
    path : Path
        An ``.xlsx``/``.xlsm`` or ``.ods`` file.
    sheet : str, optional
        Sheet name (any case) or 1-based number; the first sheet when None.

    Returns
    -------
    Table
        Header (first non-empty row, lower-cased) and rows keyed by it, each with its row number
        in the sheet; ``encoding`` names the sheet ("sheet 'Partner'"), ``delimiter`` is empty.

    Raises
    ------
    InputError
        Unreadable file, unknown sheet (naming the sheets there are), an empty sheet, or a cell
        holding a control character (``loaders.cellcheck``).
    """
    name, rows = (_ods_rows if path.suffix.lower() == ".ods" else _xlsx_rows)(path, sheet)
    texts = [[cell_text(v).strip() for v in row] for row in rows]
    start = next((i for i, row in enumerate(texts) if any(row)), None)
    if start is None:
        raise InputError(_("{file}, sheet {name!r} is empty; expected a header row").format(file=path.name, name=name))
    header = [h.lower() for h in texts[start]]
    while header and not header[-1]:
        header.pop()
    out = []
    for index in range(start + 1, len(texts)):
        values = texts[index]
        while values and not values[-1]:
            values = values[:-1]
        if not any(values):
            continue
        row = dict(zip(header, values))
        if len(values) > len(header):
            row["\x00extra"] = "; ".join(values[len(header):])
        out.append((index + 1, row))
    return check_table(Table(path, f"sheet {name!r}", "", header, out))
