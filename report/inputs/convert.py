"""`report data export` and `report data import`: the same figures as five CSV files or as one workbook.

Both directions check the data first, as a build would, and convert cell by cell without loss: a number
column becomes numbers (a decimal keeps its places through its number format, so 9.0 comes back as 9.0), a
text column becomes text (so '=' or '+' at the start of a name stays text), and an empty cell stays empty.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from report.errors import DataError, Problem, ReportError
from report.inputs import SHEETS, TABLE_FILES, WORKBOOK
from report.inputs.checks import check_cross_references
from report.inputs.layout import TextTable, book_texts, has_workbook, read_tables, text_tables
from report.inputs.schema import COLUMNS, number_kind
from report.inputs.workbook import book_tables, read_book
from report.spreadsheet import replace_all, text_cell, workbook_bytes

MAX_WIDTH = 60


class ConvertError(ReportError):
    """The conversion would overwrite files, or has nothing to convert."""

    exit_code = 2


def export_workbook(data_dir: Path, target: Path, force: bool = False) -> str:
    """Write the CSV files of ``data_dir`` as one workbook at ``target``; return what was written."""
    if has_workbook(data_dir):
        raise ConvertError(f"{data_dir} keeps its figures in {WORKBOOK} already; there are no CSV files to export")
    if target.suffix.lower() != ".xlsx":
        raise ConvertError(f"{target}: expected a file name ending in .xlsx")
    _refuse_overwrite([target], force)
    problems: list[Problem] = []
    check_cross_references(read_tables(data_dir, problems, []), problems)
    if problems:
        raise DataError(problems)
    tables = text_tables(data_dir)
    replace_all({target: _workbook(tables)})
    rows = sum(len(t.rows) for t in tables.values())
    return f"wrote {target}: {len(tables)} sheets, {rows} rows"


def import_workbook(source: Path, data_dir: Path, force: bool = False) -> str:
    """Write the sheets of the workbook ``source`` as CSV files in ``data_dir``; return what was written."""
    book, problem = read_book(source, str(source))
    if book is None:
        raise DataError([problem or Problem(str(source), "could not be read")])
    problems: list[Problem] = []
    check_cross_references(book_tables(book, COLUMNS, problems), problems)
    if problems:
        raise DataError(problems)
    targets = [data_dir / name for name in TABLE_FILES]
    _refuse_overwrite(targets, force)
    data_dir.mkdir(parents=True, exist_ok=True)
    texts = book_texts(book)
    replace_all({target: _csv(texts[name]).encode("utf-8") for name, target in zip(TABLE_FILES, targets, strict=True)})
    also = (
        f"; {data_dir} also holds {WORKBOOK}: move it out, or a build stops at having both"
        if has_workbook(data_dir)
        else ""
    )
    return f"wrote {len(targets)} CSV files to {data_dir}{also}"


def _refuse_overwrite(targets: list[Path], force: bool) -> None:
    existing = [str(t) for t in targets if t.exists()]
    if existing and not force:
        raise ConvertError(f"{', '.join(existing)} already exist(s); pass --force to replace them")


def _csv(table: TextTable) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = [h for h in table.header if h]
    writer.writerow(header)
    writer.writerows([cells.get(h, "") for h in header] for _number, cells in table.rows)
    return out.getvalue()


def _workbook(tables: dict[str, TextTable]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    book.remove(book.active)
    for name in TABLE_FILES:
        table = tables.get(name)
        sheet = book.create_sheet(SHEETS[name])
        if table is None:
            continue
        kinds = {c.name: number_kind(c) for c in COLUMNS[name]}
        widths = [len(h) for h in table.header]
        for index, head in enumerate(table.header, 1):
            text_cell(sheet.cell(1, index), head).font = Font(bold=True)
        for row, (_number, cells) in enumerate(table.rows, 2):
            for index, head in enumerate(table.header, 1):
                text = cells.get(head, "")
                widths[index - 1] = max(widths[index - 1], len(text))
                put(sheet.cell(row, index), text, kinds.get(head))
        sheet.freeze_panes = "A2"
        for index, width in enumerate(widths, 1):
            sheet.column_dimensions[sheet.cell(1, index).column_letter].width = min(MAX_WIDTH, width + 2)
    return workbook_bytes(book, _moment())


def put(cell: Any, text: str, kind: str | None) -> None:
    """A CSV cell's text into a workbook cell: a number as a number, with the decimal places it was written with."""
    if kind is None:
        cell.number_format = "@"  # text, so what a user types there later stays text too
        if text:
            text_cell(cell, text)
        return
    if not text:
        return
    if kind == "whole":
        cell.value = int(text)
        return
    number = Decimal(text)
    places = -number.as_tuple().exponent if "." in text else 0  # type: ignore[operator]
    cell.value = float(number) if places else int(number)
    if places:
        cell.number_format = "0." + "0" * places


def _moment() -> dt.datetime:
    """The workbook's created time: SOURCE_DATE_EPOCH when set (a reproducible export), else now."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC)
    return dt.datetime.now(dt.UTC).replace(microsecond=0)
