"""The change report: every changed cell, added row and removed row between two data folders, keyed by row."""

from __future__ import annotations

from pathlib import Path

import pytest

from report.errors import DataError
from report.inputs.diff import Change, compare, diff_folders, read_snapshot
from tests.conftest import DATA


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
