"""What a cell of a spreadsheet may hold: no control characters, and no invisible ones.

A control character (C0 other than tab and line ends, DEL, C1: ``Leip\\x00zig``) is never part of a
name: a file holding one is refused, naming the file, line, column and value, before anything is
written. Invisible format characters that spreadsheets and web pages carry along — zero-width
space U+200B, word joiner U+2060, a byte order mark U+FEFF inside a cell, soft hyphen U+00AD and the
bidirectional marks and overrides U+200E, U+200F, U+202A–U+202E, U+2066–U+2069 — are removed, and
the load report lists each cell they were removed from. Joiners that some scripts need (U+200C,
U+200D) stay.
"""

from __future__ import annotations


from graph.errors import InputError
from graph.text import INVISIBLE

from .encodings import control_char
from .table import Table


def check_table(table: Table) -> Table:
    """Refuse a table with a control character in a cell; remove invisible characters from its cells.

    Parameters
    ----------
    table : Table
        As read from a text file or a workbook sheet; changed in place.

    Returns
    -------
    Table
        The same table, each cell without invisible characters and ``notes`` naming the cells changed.

    Raises
    ------
    InputError
        A header or cell holds a control character; the message names file, line, column and value.

    Example
    -------
    >>> from pathlib import Path
    >>> t = check_table(Table(Path("a.csv"), "utf-8", ",", ["city"], [(2, {"city": "Leip\\u200bzig"})]))
    >>> t.rows[0][1]["city"], t.notes
    ('Leipzig', ["line 2, column 'city': invisible character U+200B removed (value 'Leip\\\\u200bzig')"])
    """
    for column in table.header:
        _refuse_control(table, 1, column, column)
    for line, row in table.rows:
        for column, value in row.items():
            _refuse_control(table, line, column, value)
            if INVISIBLE.search(value):
                found = ", ".join(sorted({f"U+{ord(c):04X}" for c in INVISIBLE.findall(value)}))
                plural = "s" if "," in found else ""
                table.notes.append(f"line {line}, column {column!r}: invisible character{plural} {found} removed "
                                   f"(value {value!r})")
                row[column] = INVISIBLE.sub("", value)
    return table


def _refuse_control(table: Table, line: int, column: str, value: str) -> None:
    found = control_char(value)
    if found is not None:
        where = f"line {line}" if table.delimiter else f"{table.encoding}, row {line}"
        shown = value if len(value) <= 60 else value[:57] + "..."
        raise InputError(f"{table.path.name}, {where}, column {column.strip(chr(0))!r}: the cell holds the "
                         f"control character {found} (value {shown!r}); no name may hold one: delete it in the "
                         "spreadsheet and load the file again")



