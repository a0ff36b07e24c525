"""The small family of errors the CLI turns into one-line messages and exit codes.

Library code raises these for anything the user can fix; anything else is a bug and keeps its traceback.
"""

from __future__ import annotations

from dataclasses import dataclass

MAX_REPORTED_PROBLEMS = 50


class ReportError(Exception):
    """Base of every error a user can act on. ``exit_code`` is what the CLI exits with."""

    exit_code = 1


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one place of the input, phrased so the user knows the fix."""

    file: str
    message: str
    row: int | None = None
    column: str | None = None
    sheet: str | None = None  # in a workbook: the sheet, and the cell as a spreadsheet names it ("D4")
    cell: str | None = None

    def __str__(self) -> str:
        where = self.file
        if self.sheet is not None:
            where += f", sheet {self.sheet}"
        if self.cell is not None:
            return f"{where}, cell {self.cell}: {self.message}"
        if self.row is not None:
            where += f", row {self.row}"
        if self.column:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


class DataError(ReportError):
    """The data folder has one or more problems; all of them are carried, not just the first."""

    exit_code = 2

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.lines()))

    def __reduce__(self) -> tuple[type[DataError], tuple[tuple[Problem, ...]]]:
        return DataError, (self.problems,)  # so a child process can hand it back whole

    def lines(self) -> list[str]:
        shown = [str(p) for p in self.problems[:MAX_REPORTED_PROBLEMS]]
        hidden = len(self.problems) - len(shown)
        if hidden > 0:
            shown.append(f"... and {hidden} more problem(s); fix the ones above and run `report check` again")
        return shown


class TemplateError(ReportError):
    """A deck template, theme or text template cannot be used as it is."""

    exit_code = 2


class BuildError(ReportError):
    """The build could not finish for a reason outside the data (e.g. an output cannot be written)."""

    exit_code = 1


class OutputError(BuildError):
    """The output folder or the disk cannot take the build's files (a bad --out, a full disk): the user's to fix."""

    exit_code = 2
