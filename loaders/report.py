"""What a load did: rows read and written, and every bad row with file, line, column and value."""

from __future__ import annotations

from dataclasses import dataclass, field

from graph.errors import InputError
from graph.i18n import _, ngettext, number

from .totals import Totals  # noqa: F401  (the type of LoadReport.totals)


@dataclass(frozen=True)
class Problem:
    file: str
    line: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        return (_("{file}, line {line}, column {column!r}: {message} (value {value!r})") if self.column else
                _("{file}, line {line}: {message} (value {value!r})")).format(
            file=self.file, line=self.line, column=self.column, message=self.message, value=self.value)


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
    kept: list[Problem] = field(default_factory=list)  # places kept as written (no country): their rows load
    written: dict = field(default_factory=dict)  # partnership identity -> (first line, city id, partner id)
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

    def keep(self, line: int, column: str, value: object, message: str) -> None:
        """A place the row names that is kept as written, not linked: the row loads, the place stays vague."""
        self.kept.append(Problem(self.file, line, column, "" if value is None else str(value), message))

    def raise_if_strict(self, strict: bool) -> None:
        """In strict mode any problem aborts the load before anything is written."""
        if strict and self.problems:
            raise InputError(strict_message(self))

    def summary(self, max_problems: int = 20) -> str:
        """What the load did in words (the current language of ``graph.i18n``): rows, totals, notes
        and at most ``max_problems`` of the values ignored and of the rows skipped."""
        head = ngettext("{file}: {loaded} of {read} row loaded, {skipped} skipped",
                        "{file}: {loaded} of {read} rows loaded, {skipped} skipped", self.rows_read).format(
            file=self.file, loaded=number(self.rows_loaded), read=number(self.rows_read), skipped=number(self.rows_skipped))
        if self.totals is not None:
            lines = [head, *("  " + t for t in self.totals.lines())]
        else:
            lines = [head + _("; {nodes} and {relationships} written").format(
                nodes=ngettext("{n} node", "{n} nodes", self.nodes_written).format(n=number(self.nodes_written)),
                relationships=ngettext("{n} relationship", "{n} relationships", self.edges_written).format(
                    n=number(self.edges_written)))]
        lines += ["  " + _("note: {note}").format(note=n) for n in self.notes]
        for warning in self.warnings[:max_problems]:
            lines.append("  " + _("value ignored, row loaded: {problem}").format(problem=warning))
        if len(self.warnings) > max_problems:
            more = len(self.warnings) - max_problems
            lines.append("  " + ngettext("... and {n} more value ignored", "... and {n} more values ignored",
                                         more).format(n=number(more)))
        for kept in self.kept[:max_problems]:
            lines.append("  " + _("row loaded, place kept as written: {problem}").format(problem=kept))
        if len(self.kept) > max_problems:
            more = len(self.kept) - max_problems
            lines.append("  " + ngettext("... and {n} more place kept as written", "... and {n} more places kept "
                                         "as written", more).format(n=number(more)))
        for problem in self.problems[:max_problems]:
            lines.append("  " + _("skipped: {problem}").format(problem=problem))
        if len(self.problems) > max_problems:
            more = len(self.problems) - max_problems
            lines.append("  " + ngettext("... and {n} more problem", "... and {n} more problems", more).format(n=number(more)))
        return "\n".join(lines)


def strict_message(report: LoadReport, max_problems: int = 20) -> str:
    count = len(report.problems)
    lines = [ngettext("{file}: {n} bad row; nothing was written (--strict)",
                      "{file}: {n} bad rows; nothing was written (--strict)", count).format(file=report.file, n=number(count))]
    lines += [f"  {p}" for p in report.problems[:max_problems]]
    if count > max_problems:
        lines.append("  " + _("... and {n} more").format(n=number(count - max_problems)))
    lines.append(_("Fix the rows, or load without --strict to skip them."))
    return "\n".join(lines)
