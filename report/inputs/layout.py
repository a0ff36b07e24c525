"""Which layout a data folder has, the five CSV files or the one workbook, and its tables in either.

Everything after this reads a table the same way whichever layout it came from; only a problem's place
("clusters.csv, row 4" or "figures.xlsx, sheet clusters, cell D4") tells them apart.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from report.errors import DataError, Problem
from report.inputs import TABLE_FILES, WORKBOOK
from report.inputs import csvfile as c
from report.inputs.schema import COLUMNS
from report.inputs.sheetcells import cell_text
from report.inputs.table import Origin, Table, column_letter
from report.inputs.workbook import Book, book_tables, read_book


def has_workbook(data_dir: Path) -> bool:
    """Whether the folder keeps its figures in the workbook (checked by `check_layout` to be the only layout)."""
    return (data_dir / WORKBOOK).exists()


def check_layout(data_dir: Path) -> Problem | None:
    """Both layouts at once is an error: the build cannot know which one holds the figures meant."""
    csvs = [name for name in TABLE_FILES if (data_dir / name).exists()]
    if has_workbook(data_dir) and csvs:
        return Problem(
            str(data_dir),
            f"found both {WORKBOOK} and {', '.join(csvs)}, expected the figures in one or the other; "
            "move the one you do not edit out of the folder",
        )
    return None


def read_tables(data_dir: Path, problems: list[Problem], notices: list[str]) -> dict[str, Table]:
    """Every table, read and checked cell by cell from whichever layout the folder has."""
    both = check_layout(data_dir)
    if both is not None:
        problems.append(both)
        return {
            name: Table(Origin(str(data_dir / name)), (), frozenset(c.name for c in columns), whole=False)
            for name, columns in COLUMNS.items()
        }
    if not has_workbook(data_dir):
        return {name: c.read_table(data_dir / name, columns, problems) for name, columns in COLUMNS.items()}
    book = _book(data_dir, problems)
    if book is None:
        origin = Origin(str(data_dir / WORKBOOK))
        return {name: Table(origin, (), frozenset(c.name for c in cols), whole=False) for name, cols in COLUMNS.items()}
    notices.extend(book.ignored)
    return book_tables(book, COLUMNS, problems)


def _book(data_dir: Path, problems: list[Problem]) -> Book | None:
    book, problem = read_book(data_dir / WORKBOOK, str(data_dir / WORKBOOK))
    if problem is not None:
        problems.append(problem)
    return book


# --- the tables as text, before any check: for `report diff`, the change report and `report data` ---------


@dataclass(frozen=True)
class TextTable:
    """A table's cells as the text a CSV file holds, keyed by row number (its line, or its sheet row)."""

    origin: Origin
    header: tuple[str, ...]
    rows: tuple[tuple[int, Mapping[str, str]], ...]


def text_tables(data_dir: Path) -> dict[str, TextTable]:
    """The raw cells of every table the folder has (a missing file or sheet is left out), or a DataError."""
    problems: list[Problem] = []
    both = check_layout(data_dir)
    if both is not None:
        raise DataError([both])
    if has_workbook(data_dir):
        book = _book(data_dir, problems)
        tables = {} if book is None else book_texts(book)
    else:
        tables = {}
        for name in TABLE_FILES:
            if (data_dir / name).is_file():  # a missing file compares as an empty table
                table = csv_text(data_dir / name, problems)
                if table is not None:
                    tables[name] = table
    if problems:
        raise DataError(problems)
    return tables


def csv_text(path: Path, problems: list[Problem]) -> TextTable | None:
    raw, problem = c.read_bytes(path, str(path), "a CSV file")
    text, problem = c.decode(raw, str(path)) if raw is not None else (None, problem)
    if text is None:
        problems.append(problem or Problem(str(path), "could not be read"))
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = tuple(h.strip() for h in next(reader, []))
        rows = []
        end = reader.line_num
        for cells in reader:
            start, end = end + 1, reader.line_num
            if any(cell.strip() for cell in cells):
                rows.append((start, {h: cell.strip() for h, cell in zip(header, cells, strict=False)}))
    except csv.Error as exc:
        problems.append(Problem(str(path), f"could not be read as CSV ({exc}); run `report check` on it"))
        return None
    return TextTable(Origin(str(path)), header, tuple(rows))


def book_texts(book: Book) -> dict[str, TextTable]:
    tables = {}
    for name, sheet in book.sheets.items():
        columns = {column.name: column for column in COLUMNS[name]}
        letters: dict[str, str] = {}
        for index, head in enumerate(sheet.header):
            if head:
                letters.setdefault(head, column_letter(index + 1))
        origin = Origin(book.file, sheet.name, letters)
        rows = tuple(
            (number, {h: cell_text(cell, columns.get(h)) for h, cell in zip(sheet.header, cells, strict=False) if h})
            for number, cells in sheet.rows
        )
        tables[name] = TextTable(origin, sheet.header, rows)
    return tables
