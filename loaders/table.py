"""The rows of a pair table as read from a text file or a workbook sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Table:
    """A table read from a file: where it came from, how it was read, its header and its rows.

    Attributes
    ----------
    path : Path
    encoding : str
        The text encoding used, or for a workbook the sheet read ("sheet 'Partner'").
    delimiter : str
        The field delimiter, empty for a workbook.
    header : list of str
        Column names, stripped and lower-cased.
    rows : list of (int, dict)
        Each row's line number in the file (row number in the sheet) and its values by column name.
    notes : list of str
        What was changed while reading, for the load report (invisible characters removed).
    """

    path: Path
    encoding: str
    delimiter: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]
    notes: list[str] = field(default_factory=list)
