"""Make workbook data folders for tests: data/ exported to figures.xlsx, and edits to it as a user would make."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

from report.inputs.convert import export_workbook
from tests.conftest import DATA

Edit = Callable[[Any], None]  # takes an openpyxl Workbook (not read-only) and changes it


def workbook_folder(target: Path) -> Path:
    """A data folder holding briefing.toml and data/'s figures as figures.xlsx (no CSV files)."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(DATA / "briefing.toml", target / "briefing.toml")
    export_workbook(DATA, target / "figures.xlsx")
    return target


def edit_workbook(path: Path, *edits: Edit) -> None:
    """Open the workbook as a spreadsheet program would, apply ``edits``, and save it as Excel does: to a
    temporary file renamed over the old one, so a watcher never reads half a file."""
    from openpyxl import load_workbook

    book = load_workbook(path)
    for edit in edits:
        edit(book)
    tmp = path.with_name(f".{path.name}.saving")
    book.save(tmp)
    os.replace(tmp, path)


def set_cell(sheet: str, cell: str, value: Any, number_format: str | None = None) -> Edit:
    def edit(book: Any) -> None:
        book[sheet][cell].value = value
        if number_format is not None:
            book[sheet][cell].number_format = number_format

    return edit


def set_text(sheet: str, cell: str, text: str) -> Edit:
    """Type text into a cell (as a cell formatted as Text keeps it), even text that looks like a number."""

    def edit(book: Any) -> None:
        book[sheet][cell].value = text
        book[sheet][cell].data_type = "s"

    return edit
