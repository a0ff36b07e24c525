"""The change report: every changed cell, added row and removed row between two data folders, keyed by row."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from report.errors import DataError
from report.inputs.diff import Change, compare, diff_folders, read_snapshot
from tests.conftest import DATA
from tests.workbooks import edit_workbook, set_cell, workbook_folder


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_identical_folders_have_no_changes() -> None:
    assert diff_folders(DATA, DATA) == ()


def test_a_changed_cell_is_named_by_file_row_key_and_column(data_copy: Path) -> None:
    _edit(data_copy / "clusters.csv", ",63447,", ",63500,")
    (change,) = diff_folders(DATA, data_copy)
    assert change == Change("clusters.csv", "Seoul", "pct_applications", "63447", "63500")
    assert str(change) == "clusters.csv  Seoul  pct_applications: 63447 → 63500"


def test_added_and_removed_rows_are_reported_after_changed_cells(data_copy: Path) -> None:
    facts = data_copy / "facts.csv"
    lines = facts.read_text(encoding="utf-8").splitlines(keepends=True)
    removed = lines.pop(1)
    facts.write_text("".join(lines) + "Seoul,Seoul,test metric,1,companies,2023,,seed-article\n", encoding="utf-8")
    _edit(data_copy / "economies.csv", "CN,China,", "CN,People's Republic of China,")
    changes = diff_folders(DATA, data_copy)
    assert [c.column is None for c in changes] == [False, True, True]
    assert changes[1].describe("", "{key}: added", "{key}: removed") == "Seoul / Seoul / test metric / companies: added"
    assert changes[2].old == "" and changes[2].new is None and removed.split(",")[2] in changes[2].key


def test_an_emptied_cell_reads_as_empty(data_copy: Path) -> None:
    _edit(data_copy / "clusters.csv", "Mitsubishi Electric", "")
    (change,) = diff_folders(DATA, data_copy)
    assert "(empty)" in str(change) and change.new == ""


def test_a_missing_file_compares_as_an_empty_table(data_copy: Path) -> None:
    (data_copy / "intensity.csv").unlink()
    old = read_snapshot(DATA)
    changes = compare(old, read_snapshot(data_copy))
    assert len(changes) == len(old["intensity.csv"]) and all(c.new is None for c in changes)


def test_an_unreadable_file_is_a_data_error(data_copy: Path) -> None:
    (data_copy / "clusters.csv").write_bytes("rank,cluster\n1,Zürich\n".encode("utf-16"))
    with pytest.raises(DataError, match=r"clusters\.csv"):
        read_snapshot(data_copy)


def test_a_workbook_and_the_csv_files_it_was_made_from_do_not_differ(tmp_path: Path) -> None:
    book = workbook_folder(tmp_path / "book")
    assert diff_folders(DATA, book) == ()
    assert diff_folders(book, DATA) == ()


def test_a_change_in_a_workbook_names_its_sheet_and_cell(tmp_path: Path) -> None:
    book = workbook_folder(tmp_path / "book")

    def add_row(workbook: Any) -> None:
        row = ["Seoul", "Seoul", "test metric", 1, "companies", 2023, None, None, None, "seed-article"]
        workbook["facts"].append(row)

    edit_workbook(book / "figures.xlsx", set_cell("clusters", "D4", 63500), add_row)
    changed, added = diff_folders(DATA, book)
    assert str(changed) == "figures.xlsx, sheet clusters, cell D4  Seoul  pct_applications: 63447 → 63500"
    assert str(added) == "figures.xlsx, sheet facts, row 12  Seoul / Seoul / test metric / companies: row added"
    assert [str(c) for c in diff_folders(book, DATA)] == [  # named as the newer folder names them
        "clusters.csv  Seoul  pct_applications: 63500 → 63447",
        "facts.csv  Seoul / Seoul / test metric / companies: row removed",
    ]
