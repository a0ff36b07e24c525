"""What a data table is once read, whichever file it came from: its columns, its rows, and where it lives.

A CSV file and a workbook's sheet are read into the same `Table`; its `Origin` turns a problem at a row and a
column into the place the user's program shows: "clusters.csv, row 4, column pct_applications" for a CSV
file, "figures.xlsx, sheet clusters, cell D4" for a workbook.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from report.errors import Problem
from report.inputs.cells import CellError, Parser, check_text, show


@dataclass(frozen=True)
class Column:
    """One expected column: its name, how a cell is parsed, and whether it may be empty."""

    name: str
    parse: Parser
    required: bool = True
    may_be_absent: bool = False  # a column added in a later version: a file without it reads as all empty


@dataclass(frozen=True)
class Origin:
    """Where a table was read from, so every problem names the place as the user's program shows it."""

    file: str  # the file as problems name it: data/clusters.csv, data/figures.xlsx
    sheet: str | None = None  # the sheet, when the file is a workbook
    letters: dict[str, str] = field(default_factory=dict, compare=False)  # column name -> its letter ("D")

    @property
    def called(self) -> str:
        """How a message about another table names this one: 'clusters.csv' or 'sheet clusters'."""
        return f"sheet {self.sheet}" if self.sheet is not None else Path(self.file).name

    @property
    def full(self) -> str:
        """The file and, in a workbook, the sheet: for a message that names the table from outside it."""
        return f"{self.file}, sheet {self.sheet}" if self.sheet is not None else self.file

    def with_letters(self, letters: dict[str, str]) -> Origin:
        return replace(self, letters=dict(letters))

    def problem(self, message: str, row: int | None = None, column: str | None = None) -> Problem:
        """A problem at a row and column; in a workbook, at the cell they meet in when both are known."""
        cell = None
        if self.sheet is not None and row is not None and column in self.letters:
            cell = f"{self.letters[column]}{row}"
        return Problem(self.file, message, row, column, self.sheet, cell)

    def header_problem(self, message: str, index: int) -> Problem:
        """A problem with the header's ``index``-th column (from 0): row 1, or that cell of a workbook."""
        cell = f"{column_letter(index + 1)}1" if self.sheet is not None else None
        return Problem(self.file, message, 1, None, self.sheet, cell)


def column_number(letters: str) -> int:
    """The inverse of `column_letter`: A -> 1, AA -> 27."""
    number = 0
    for letter in letters.upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


def column_letter(number: int) -> str:
    """A spreadsheet's name for the ``number``-th column (from 1): A, B, ... Z, AA, AB ..."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


@dataclass(frozen=True)
class Row:
    """A parsed row: its line (or sheet row) number and its values by column (None for an empty cell)."""

    line: int
    values: dict[str, Any]


@dataclass(frozen=True)
class Table:
    """The rows that could be read, and which columns are incomplete because a cell or a row could not be.

    A check that looks a value up in another table (a source id, a cluster name, ranks 1 to n) is skipped
    against an incomplete column, so one typo is reported once, not again by every row that refers to it.
    """

    origin: Origin
    rows: tuple[Row, ...]
    unreadable: frozenset[str] = frozenset()
    whole: bool = True  # False when a row, or the whole file, could not be read

    def complete(self, column: str) -> bool:
        return self.whole and column not in self.unreadable


UNREADABLE = object()  # a cell that could not be parsed: its problem is already reported


def parse_value(text: str, column: Column, shown: str | None = None) -> tuple[Any, str | None]:
    """A cell's value from its text, or UNREADABLE and the message that says what was expected.

    ``shown`` is how the message quotes the cell (a workbook shows a number without quotes).
    """
    bad = check_text(text)
    if bad:
        return UNREADABLE, bad
    if not text:
        return (UNREADABLE, "found an empty cell, expected a value") if column.required else (None, None)
    try:
        return column.parse(text), None
    except CellError as exc:
        return UNREADABLE, f"found {shown if shown is not None else show(text)}, {exc}"
