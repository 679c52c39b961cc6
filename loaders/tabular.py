"""Reading spreadsheet exports as they come: ',' or ';' (or tab) delimiters, UTF-8 with or without
BOM, Windows-1252, code page 850, ISO-8859-2 or Mac Roman (see ``loaders.encodings``), detected
unless the caller chooses."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from graph.i18n import _
from graph.errors import InputError

from .cellcheck import check_table
from .encodings import ENCODINGS, decode_bytes  # noqa: F401  (ENCODINGS: part of this module's interface)
from .table import Table
from .workbook import WORKBOOK_SUFFIXES, read_workbook

DELIMITERS = {",": ",", ";": ";", "tab": "\t", "\t": "\t", "|": "|"}


def decode(path: Path, encoding: str | None) -> tuple[str, str]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(_("cannot read {path}: {reason}").format(path=path, reason=exc.strerror or exc)) from None
    return decode_bytes(raw, path.name, encoding)


def sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_table(path: str | Path, *, encoding: str | None = None, delimiter: str | None = None,
               sheet: str | None = None) -> Table:
    """Read a delimited text file, or one sheet of a workbook (``loaders.workbook``), into rows keyed
    by the (stripped, lower-cased) header names."""
    path = Path(path)
    if path.suffix.lower() in WORKBOOK_SUFFIXES:
        if not path.exists():
            raise InputError(_("cannot read {path}: No such file or directory").format(path=path))
        return read_workbook(path, sheet)
    if sheet:
        raise InputError(_("{name} is a text file, not a workbook: --sheet applies to .xlsx and .ods files").format(
            name=path.name))
    text, used_encoding = decode(path, encoding)
    if delimiter is not None:
        if delimiter not in DELIMITERS:
            raise InputError(_("unknown delimiter {delimiter!r}; choose one of , ; tab |").format(delimiter=delimiter))
        delimiter = DELIMITERS[delimiter]
    else:
        delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(_("{path} is empty; expected a header row").format(path=path)) from None
    except csv.Error as exc:
        raise InputError(_("{path}, line {line}: {problem}").format(path=path, line=1, problem=exc)) from None
    _check_quotes(path.name, 1, reader.line_num, header, delimiter)
    header = [h.strip().lstrip("\ufeff").lower() for h in header]
    while header and not header[-1]:
        header.pop()  # a header row ending in the delimiter
    rows: list[tuple[int, dict[str, str]]] = []
    start = 2
    try:
        for values in reader:
            line = start
            start = reader.line_num + 1
            _check_quotes(path.name, line, reader.line_num, values, delimiter)
            if not any(v.strip() for v in values):
                continue
            while len(values) > len(header) and not values[-1].strip():
                values = values[:-1]  # "a;b;c;" as spreadsheets write a trailing delimiter
            row = dict(zip(header, values))
            if len(values) > len(header):
                row["\x00extra"] = delimiter.join(values[len(header):])
            rows.append((line, row))
    except csv.Error as exc:
        raise InputError(_("{path}, line {line}: {problem}").format(path=path, line=reader.line_num, problem=exc)) from None
    return check_table(Table(path, used_encoding, delimiter, header, rows))


def _check_quotes(name: str, line: int, last: int, values: list[str], delimiter: str) -> None:
    """Refuse a row whose quote is never closed where it should be: the value runs over line ends and
    swallows what are plainly further rows (lines holding the delimiter)."""
    if last <= line:
        return
    for value in values:
        first, _newline, rest = value.partition("\n")
        if rest and delimiter in rest:
            shown = first if len(first) <= 40 else first[:37] + "..."
            raise InputError(_("{name}, line {line}: the quote opened before {value!r} is not closed in that line, "
                               "so lines {line} to {last} would be read as one value; delete the quote (or close "
                               "it) and load the file again").format(name=name, line=line, value=shown, last=last))

