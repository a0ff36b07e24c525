"""Read the workbook layout: figures.xlsx, one sheet per table, with openpyxl in read-only mode.

Cells are read as saved (``data_only``: a formula's saved value), turned into the text a CSV file would hold
(sheetcells.py) and parsed by the same parsers, so a workbook gets the same checks and the same messages as
the CSV files, naming the sheet and the cell. Anything that would make a figure silently wrong (a formula
never calculated, merged cells, a date or text where a number belongs) is reported instead.
"""

from __future__ import annotations

import io
import warnings
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from report.errors import Problem
from report.inputs import SHEETS, ooxml
from report.inputs.cells import did_you_mean
from report.inputs.csvfile import MAX_ROWS, header_ok, read_bytes
from report.inputs.sheetcells import SheetCell, cell_text, sheet_value
from report.inputs.table import UNREADABLE, Column, Origin, Row, Table, column_letter, column_number

WHAT = f"an Excel workbook (.xlsx) with the sheets {', '.join(SHEETS.values())}"
_SAVE_AGAIN = "open it in a spreadsheet program and save it again as 'Excel Workbook (.xlsx)'"


@dataclass(frozen=True)
class Sheet:
    """One sheet as saved: its header cells as text and every row that holds something, by sheet row number."""

    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[SheetCell, ...]], ...]
    merged: tuple[str, ...] = ()
    overflow: int | None = None  # the sheet row past MAX_ROWS rows of figures, where reading stopped


@dataclass(frozen=True)
class Book:
    """The sheets of the five tables that the workbook has, and what was left out."""

    file: str
    sheets: Mapping[str, Sheet]  # by table (clusters.csv ...): the sheet named like it
    names: tuple[str, ...]  # every sheet's name, for a 'did you mean' when one is missing
    ignored: tuple[str, ...] = ()  # notices: the sheets that are not tables, hidden ones said so


def read_book(path: Path, file: str) -> tuple[Book | None, Problem | None]:
    """The workbook's sheets as saved, or the one problem that stops it being read at all."""
    raw, problem = read_bytes(path, file, WHAT)
    if raw is None:
        return None, problem
    why = ooxml.not_a_workbook(raw)
    if why is not None:
        return None, Problem(file, why)
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            why = ooxml.package_problem(archive)
            if why is not None:
                return None, Problem(file, why)
            parts = ooxml.sheet_parts(archive)
            scans = {name: ooxml.scan_sheet(archive, part) for name, part in parts.items() if name in _TABLES}
        return _read_sheets(raw, file, scans), None
    except _DAMAGED:  # a zip that is not whole, or a part openpyxl cannot parse: each means the file is damaged
        return None, Problem(file, f"found a damaged workbook, expected {WHAT}; {_SAVE_AGAIN}")


# What reading a damaged package raises: from zipfile and zlib, from the XML parsers (ParseError and lxml's
# errors are SyntaxErrors), and from openpyxl looking for a part that is not there or converting a value.
_DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, SyntaxError, KeyError, IndexError, ValueError, TypeError)


_TABLES = {sheet: table for table, sheet in SHEETS.items()}


def _read_sheets(raw: bytes, file: str, scans: Mapping[str, ooxml.SheetScan]) -> Book:
    from openpyxl import load_workbook

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about features it drops (validation, styles): not ours
        book = load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        try:
            sheets: dict[str, Sheet] = {}
            ignored = []
            for worksheet in book.worksheets:
                table = _TABLES.get(worksheet.title)
                if table is None:
                    hidden = " (hidden)" if worksheet.sheet_state != "visible" else ""
                    ignored.append(
                        f"{file}: ignored sheet {worksheet.title!r}{hidden}, which is not one of "
                        f"{', '.join(SHEETS.values())}"
                    )
                    continue
                scan = scans.get(worksheet.title, ooxml.SheetScan())
                sheets[table] = _read_sheet(worksheet, scan)
            return Book(file, sheets, tuple(book.sheetnames), tuple(ignored))
        finally:
            book.close()


def _read_sheet(worksheet: Any, scan: ooxml.SheetScan) -> Sheet:
    worksheet.reset_dimensions()  # the saved dimensions may be wrong; read every row there is
    header: tuple[str, ...] = ()
    rows: list[tuple[int, tuple[SheetCell, ...]]] = []
    overflow = None
    for number, cells in enumerate(worksheet.iter_rows(), 1):
        saved = tuple(
            SheetCell.of(cell, f"{column_letter(index)}{number}" in scan.unsaved) for index, cell in enumerate(cells, 1)
        )
        if number == 1:
            header = tuple(cell_text(c, None) for c in saved)
        elif any(not c.empty for c in saved):
            if len(rows) >= MAX_ROWS:
                overflow = number
                break
            rows.append((number, saved))
    while header and not header[-1]:
        header = header[:-1]
    return Sheet(worksheet.title, header, tuple(rows), scan.merged, overflow)


# --- validation ---------------------------------------------------------------------------------------


def book_tables(book: Book, columns: Mapping[str, tuple[Column, ...]], problems: list[Problem]) -> dict[str, Table]:
    """Each table from its sheet, checked cell by cell like a CSV file; problems name the sheet and the cell."""
    return {name: _table(book, name, cols, problems) for name, cols in columns.items()}


def _table(book: Book, name: str, columns: tuple[Column, ...], problems: list[Problem]) -> Table:
    names = tuple(c.name for c in columns)
    origin = Origin(book.file, SHEETS[name])
    unread = Table(origin, (), frozenset(names), whole=False)
    sheet = book.sheets.get(name)
    if sheet is None:
        problems.append(
            origin.problem(
                f"found no such sheet, expected a sheet with the header {','.join(names)} in row 1"
                + did_you_mean(SHEETS[name], set(book.names), "", sep="; ")
            )
        )
        return unread
    positions = {h: i for i, h in reversed(list(enumerate(sheet.header))) if h}
    origin = origin.with_letters({h: column_letter(i + 1) for h, i in positions.items()})
    problems.extend(_merge_problem(origin, ref) for ref in sheet.merged)
    problems.extend(_stray_values(sheet, origin))
    if not sheet.header:
        problems.append(origin.problem(f"found an empty row 1, expected the header {','.join(names)}", row=1))
        return unread
    if not header_ok(list(sheet.header), columns, origin, problems):
        return unread
    covered = _covered(sheet.merged)
    rows: list[Row] = []
    unreadable: set[str] = set()
    for number, cells in sheet.rows:
        values: dict[str, Any] = {}
        for column in columns:
            index = positions.get(column.name)
            if index is not None and any(r.contains(number, index + 1) for r in covered):
                values[column.name] = UNREADABLE  # a merged range: reported once, above
                continue
            cell = cells[index] if index is not None and index < len(cells) else SheetCell()
            values[column.name], message = sheet_value(cell, column)
            if message is not None:
                problems.append(origin.problem(message, number, column.name))
        unreadable.update(k for k, v in values.items() if v is UNREADABLE)
        rows.append(Row(number, {k: None if v is UNREADABLE else v for k, v in values.items()}))
    if sheet.overflow is not None:
        problems.append(
            origin.problem(f"found more than {MAX_ROWS:,} rows, expected at most {MAX_ROWS:,}", row=sheet.overflow)
        )
    elif not rows:
        problems.append(origin.problem("found only the header, expected at least one data row below it"))
    return Table(origin, tuple(rows), frozenset(unreadable), whole=sheet.overflow is None)


@dataclass(frozen=True)
class _Range:
    first_col: int
    first_row: int
    last_col: int
    last_row: int

    def contains(self, row: int, col: int) -> bool:
        return self.first_row <= row <= self.last_row and self.first_col <= col <= self.last_col


def _parse_ref(ref: str) -> tuple[int, int]:
    letters = ref.rstrip("0123456789")
    return column_number(letters), int(ref[len(letters) :] or 0)


def _covered(merged: tuple[str, ...]) -> tuple[_Range, ...]:
    """The cells a merge hides: all of each range but its first cell, which holds the merged value."""
    ranges = []
    for ref in merged:
        first, _, last = ref.partition(":")
        (c1, r1), (c2, r2) = _parse_ref(first), _parse_ref(last or first)
        ranges.append(_Range(c1, r1, c2, r2))
    return tuple(ranges)


def _merge_problem(origin: Origin, ref: str) -> Problem:
    first = ref.partition(":")[0]
    return Problem(
        origin.file,
        f"found the cells {ref} merged into one, expected one value in each cell; unmerge them and fill in each cell",
        _parse_ref(first)[1],
        None,
        origin.sheet,
        first,
    )


def _stray_values(sheet: Sheet, origin: Origin) -> list[Problem]:
    """A value in a column with no header would be left out without a word: name the first one in each column."""
    found: dict[int, int] = {}
    for number, cells in sheet.rows:
        for index, cell in enumerate(cells):
            headed = index < len(sheet.header) and sheet.header[index]
            if not headed and not cell.empty and index not in found:
                found[index] = number
    return [
        Problem(
            origin.file,
            "found a value in a column with no header, expected values only under the header's columns; "
            "delete it, or give its column a header",
            row,
            None,
            origin.sheet,
            f"{column_letter(index + 1)}{row}",
        )
        for index, row in sorted(found.items())
    ]
