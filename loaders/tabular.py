"""Reading spreadsheet exports as they come: ',' or ';' (or tab) delimiters, UTF-8 with or without
BOM, or Windows-1252 (what German Excel writes), detected unless the caller chooses."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from graph.errors import InputError

DELIMITERS = {",": ",", ";": ";", "tab": "\t", "\t": "\t", "|": "|"}
ENCODINGS = ("utf-8", "utf-8-sig", "cp1252", "latin-1")


@dataclass
class Table:
    path: Path
    encoding: str
    delimiter: str
    header: list[str]
    rows: list[tuple[int, dict[str, str]]]  # (line number in the file, row by column name)


def decode(path: Path, encoding: str | None) -> tuple[str, str]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from None
    if encoding:
        if encoding.lower() not in ENCODINGS:
            raise InputError(f"unknown encoding {encoding!r}; choose one of {', '.join(ENCODINGS)}")
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise InputError(f"{path}, line {line}: bytes {raw[exc.start:exc.end]!r} are not valid {encoding}; "
                             "try --encoding cp1252 or utf-8") from None
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Not UTF-8: spreadsheet programs on Windows write cp1252, which decodes every byte but five.
        try:
            return raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return raw.decode("latin-1"), "latin-1"


def sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_table(path: str | Path, *, encoding: str | None = None, delimiter: str | None = None) -> Table:
    """Read a delimited text file into rows keyed by the (stripped, lower-cased) header names."""
    path = Path(path)
    text, used_encoding = decode(path, encoding)
    if delimiter is not None:
        if delimiter not in DELIMITERS:
            raise InputError(f"unknown delimiter {delimiter!r}; choose one of , ; tab |")
        delimiter = DELIMITERS[delimiter]
    else:
        delimiter = sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(f"{path} is empty; expected a header row") from None
    except csv.Error as exc:
        raise InputError(f"{path}, line 1: {exc}") from None
    header = [h.strip().lstrip("\ufeff").lower() for h in header]
    rows: list[tuple[int, dict[str, str]]] = []
    start = 2
    try:
        for values in reader:
            line = start
            start = reader.line_num + 1
            if not any(v.strip() for v in values):
                continue
            row = dict(zip(header, values))
            if len(values) > len(header):
                row["\x00extra"] = delimiter.join(values[len(header):])
            rows.append((line, row))
    except csv.Error as exc:
        raise InputError(f"{path}, line {reader.line_num}: {exc}") from None
    return Table(path, used_encoding, delimiter, header, rows)

