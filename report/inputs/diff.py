"""Compare two versions of the data, figure by figure, for the change report and `report diff`.

It works on the raw cells (before validation), so it can describe any two folders, and it keys each
table by what a reader calls a row: the cluster, the economy, the source id. Either folder may hold the
CSV files or the workbook: cells are compared as the same text, and a change in a workbook names its sheet
and cell ("figures.xlsx, sheet clusters, cell D4").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from report.inputs import CLUSTERS, ECONOMIES, FACTS, INTENSITY, SOURCES
from report.inputs.layout import text_tables

ROW_KEYS: Mapping[str, tuple[str, ...]] = {
    CLUSTERS: ("cluster",),
    ECONOMIES: ("economy",),
    INTENSITY: ("cluster",),
    FACTS: ("cluster", "subject", "metric", "unit"),
    SOURCES: ("id",),
}
PLACES = "places"  # beside the tables: where a workbook's rows and columns are, to name a changed cell

Snapshot = dict[str, Any]  # table -> row key -> column -> cell; and PLACES -> table -> where its cells are


@dataclass(frozen=True)
class Change:
    file: str
    key: str
    column: str | None  # None: the whole row was added or removed
    old: str | None
    new: str | None

    def __str__(self) -> str:
        return self.describe(
            "{file}  {key}  {column}: {old} → {new}", "{file}  {key}: row added", "{file}  {key}: row removed"
        )

    def describe(self, changed: str, added: str, removed: str) -> str:
        """The change in words; the formats come from the text templates for the Revisions page."""
        fields = {
            "file": self.file,
            "key": self.key,
            "column": self.column,
            "old": _cell(self.old),
            "new": _cell(self.new),
        }
        if self.column is None:
            return (added if self.old is None else removed).format(**fields)
        return changed.format(**fields)


def _cell(value: str | None) -> str:
    return value if value else "(empty)"


def read_snapshot(data_dir: Path) -> Snapshot:
    """The raw cells of every table in ``data_dir``, keyed by row; a missing file or sheet is an empty table."""
    snapshot: Snapshot = {}
    places: dict[str, Any] = {}
    tables = text_tables(data_dir)
    for name, key_columns in ROW_KEYS.items():
        rows: dict[str, dict[str, str]] = {}
        numbers: dict[str, int] = {}
        table = tables.get(name)
        for number, cells in table.rows if table is not None else ():
            key = " / ".join(cells.get(k, "") for k in key_columns)
            rows[key], numbers[key] = dict(cells), number
        snapshot[name] = rows
        if table is not None and table.origin.sheet is not None:
            called = f"{Path(table.origin.file).name}, sheet {table.origin.sheet}"
            places[name] = {"table": called, "rows": numbers, "letters": table.origin.letters}
    if places:
        snapshot[PLACES] = places
    return snapshot


def _where(new: Snapshot, name: str, key: str | None = None, column: str | None = None) -> str:
    """The file's name, or in a workbook the file, sheet and (for a row still there) row or cell."""
    place = new.get(PLACES, {}).get(name)
    if place is None:
        return name
    table = place["table"]
    row = place["rows"].get(key) if key is not None else None
    if row is None:
        return table
    letter = place["letters"].get(column) if column is not None else None
    return f"{table}, cell {letter}{row}" if letter else f"{table}, row {row}"


def compare(old: Snapshot, new: Snapshot) -> tuple[Change, ...]:
    """Every changed cell, then rows added and removed, in file order and then row order."""
    changes: list[Change] = []
    for name in ROW_KEYS:
        before, after = old.get(name, {}), new.get(name, {})
        for key, row in after.items():
            if key in before:
                columns = list(dict.fromkeys([*row, *before[key]]))
                for column in columns:
                    if before[key].get(column, "") != row.get(column, ""):
                        where = _where(new, name, key, column)
                        changes.append(Change(where, key, column, before[key].get(column), row.get(column)))
        changes.extend(Change(_where(new, name, key), key, None, None, "") for key in after if key not in before)
        changes.extend(Change(_where(new, name), key, None, "", None) for key in before if key not in after)
    return tuple(changes)


def diff_folders(old_dir: Path, new_dir: Path) -> tuple[Change, ...]:
    return compare(read_snapshot(old_dir), read_snapshot(new_dir))
