"""What a load did: rows read and written, and every bad row with file, line, column and value."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.errors import InputError

from .totals import Totals  # noqa: F401  (the type of LoadReport.totals)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" + (f", column {self.column!r}" if self.column else "")
        return f"{where}: {self.message} (value {self.value!r})"


@dataclass
class LoadReport:
    file: str
    rows_read: int = 0
    rows_loaded: int = 0
    nodes_written: int = 0
    edges_written: int = 0
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    merges: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)  # values ignored; their rows loaded
    source: str = ""  # id of the file's Source node
    columns: dict = field(default_factory=dict)  # column recognised -> header as written in the file
    totals: "Totals | None" = None  # written / new / already present per type (loaders.totals)

    @property
    def rows_skipped(self) -> int:
        return self.rows_read - self.rows_loaded

    def problem(self, line: int, column: str, value: object, message: str) -> None:
        self.problems.append(Problem(self.file, line, column, "" if value is None else str(value), message))

    def warn(self, line: int, column: str, value: object, message: str) -> None:
        """An optional value that could not be read: the row loads without it."""
        self.warnings.append(Problem(self.file, line, column, "" if value is None else str(value), message))

    def raise_if_strict(self, strict: bool) -> None:
        """In strict mode any problem aborts the load before anything is written."""
        if strict and self.problems:
            raise InputError(strict_message(self))

    def summary(self, max_problems: int = 20) -> str:
        if self.totals is not None:
            lines = [f"{self.file}: {self.rows_loaded} of {self.rows_read} rows loaded, {self.rows_skipped} skipped",
                     *("  " + t for t in self.totals.lines())]
        else:
            lines = [
                f"{self.file}: {self.rows_loaded} of {self.rows_read} rows loaded, {self.rows_skipped} skipped; "
                f"{self.nodes_written} nodes and {self.edges_written} relationships written"
            ]
        lines += [f"  note: {n}" for n in self.notes]
        for warning in self.warnings[:max_problems]:
            lines.append(f"  value ignored, row loaded: {warning}")
        if len(self.warnings) > max_problems:
            lines.append(f"  ... and {len(self.warnings) - max_problems} more values ignored")
        for problem in self.problems[:max_problems]:
            lines.append(f"  skipped: {problem}")
        if len(self.problems) > max_problems:
            lines.append(f"  ... and {len(self.problems) - max_problems} more problems")
        return "\n".join(lines)


def strict_message(report: LoadReport, max_problems: int = 20) -> str:
    lines = [f"{report.file}: {len(report.problems)} bad row(s); nothing was written (--strict)"]
    lines += [f"  {p}" for p in report.problems[:max_problems]]
    if len(report.problems) > max_problems:
        lines.append(f"  ... and {len(report.problems) - max_problems} more")
    lines.append("Fix the rows, or load without --strict to skip them.")
    return "\n".join(lines)
