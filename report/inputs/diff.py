"""Compare two versions of the data, figure by figure, for the change report and `report diff`.

It works on the raw cells (before validation), so it can describe any two folders, and it keys each
table by what a reader calls a row: the cluster, the economy, the source id.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from report.errors import DataError, Problem
from report.inputs import CLUSTERS, ECONOMIES, FACTS, INTENSITY, SOURCES
from report.inputs.csvfile import decode, read_bytes

ROW_KEYS: Mapping[str, tuple[str, ...]] = {
    CLUSTERS: ("cluster",),
    ECONOMIES: ("economy",),
    INTENSITY: ("cluster",),
    FACTS: ("cluster", "subject", "metric", "unit"),
    SOURCES: ("id",),
}

Snapshot = dict[str, dict[str, dict[str, str]]]  # file -> row key -> column -> cell


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
    """The raw cells of every CSV in ``data_dir``, keyed by row; missing files are empty tables."""
    snapshot: Snapshot = {}
    problems: list[Problem] = []
    for name, key_columns in ROW_KEYS.items():
        path = data_dir / name
        table: dict[str, dict[str, str]] = {}
        if path.is_file():  # a missing file compares as an empty table
            raw, problem = read_bytes(path, str(path), "a CSV file")
            text, problem = decode(raw, str(path)) if raw is not None else (None, problem)
            if text is None:
                problems.append(problem or Problem(str(path), "could not be read"))
                continue
            try:
                for row in csv.DictReader(io.StringIO(text, newline="")):
                    cells = {str(k).strip(): (v or "").strip() for k, v in row.items() if k is not None}
                    table[" / ".join(cells.get(k, "") for k in key_columns)] = cells
            except csv.Error as exc:
                problems.append(Problem(str(path), f"could not be read as CSV ({exc}); run `report check` on it"))
        snapshot[name] = table
    if problems:
        raise DataError(problems)
    return snapshot


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
                        changes.append(Change(name, key, column, before[key].get(column), row.get(column)))
        changes.extend(Change(name, key, None, None, "") for key in after if key not in before)
        changes.extend(Change(name, key, None, "", None) for key in before if key not in after)
    return tuple(changes)


def diff_folders(old_dir: Path, new_dir: Path) -> tuple[Change, ...]:
    return compare(read_snapshot(old_dir), read_snapshot(new_dir))
