"""Read one CSV data file defensively: size, encoding, delimiter, header, cells.

Everything a hand-edited or spreadsheet-exported file can get wrong is turned into a `Problem` that names
the file, the row and the column; nothing here raises for bad input.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from report.errors import Problem

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_CELL_CHARS = 500
MAX_ROWS = 5000
MAX_DIGITS = 15

_INT = re.compile(r"-?\d+")
_DECIMAL = re.compile(r"-?\d+(\.\d+)?")
_GROUPED = re.compile(r"-?\d{1,3}([,.' \u00a0\u202f]\d{3})+")
_SOURCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


class CellError(ValueError):
    """A cell that does not hold what its column expects; the message says what was expected."""


Parser = Callable[[str], Any]


@dataclass(frozen=True)
class Column:
    """One expected column: its name, how a cell is parsed, and whether it may be empty."""

    name: str
    parse: Parser
    required: bool = True


@dataclass(frozen=True)
class Row:
    """A parsed row: its line number in the file and its values by column (None for an empty cell)."""

    line: int
    values: dict[str, Any]


def _show(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def text(cell: str) -> str:
    return cell


def count(cell: str) -> int:
    """A whole number of 0 or more, written without thousands separators."""
    if _GROUPED.fullmatch(cell) and not _INT.fullmatch(cell):
        plain = re.sub(r"\D", "", cell)
        raise CellError(f"expected a whole number without thousands separators (write {plain})")
    if not _INT.fullmatch(cell):
        raise CellError("expected a whole number such as 127418")
    if len(cell.lstrip("-")) > MAX_DIGITS:
        raise CellError(f"expected a whole number of at most {MAX_DIGITS} digits")
    value = int(cell)
    if value < 0:
        raise CellError("expected a whole number of 0 or more")
    return value


def positive(cell: str) -> int:
    value = count(cell)
    if value < 1:
        raise CellError("expected a whole number of 1 or more")
    return value


def signed(cell: str) -> int:
    """A whole number that may be negative, e.g. a rank change."""
    if not _INT.fullmatch(cell.replace("+", "", 1) if cell.startswith("+") else cell):
        raise CellError("expected a whole number such as 2, 0 or -1")
    if len(cell.lstrip("+-")) > MAX_DIGITS:
        raise CellError(f"expected a whole number of at most {MAX_DIGITS} digits")
    return int(cell)


def decimal(cell: str) -> Decimal:
    """A number kept exactly as written, so 4.476 prints as 4.476 and never as 4.4759999."""
    if not _DECIMAL.fullmatch(cell):
        if "," in cell:
            raise CellError("expected a number with a point for decimals and no thousands separators (e.g. 4.476)")
        raise CellError("expected a number such as 92.5")
    if len(cell.replace("-", "").replace(".", "")) > MAX_DIGITS:
        raise CellError(f"expected a number of at most {MAX_DIGITS} digits")
    try:
        return Decimal(cell)
    except InvalidOperation as exc:  # pragma: no cover - the pattern above already rules this out
        raise CellError("expected a number such as 92.5") from exc


def share(cell: str) -> Decimal:
    """A percentage as WIPO prints it: 0 to 100."""
    value = decimal(cell)
    if not Decimal(0) <= value <= Decimal(100):
        raise CellError("expected a percentage from 0 to 100")
    return value


def year(cell: str) -> int:
    if not re.fullmatch(r"\d{4}", cell) or not 1800 <= int(cell) <= 2200:
        raise CellError("expected a four-digit year such as 2023")
    return int(cell)


def source_ids(cell: str) -> tuple[str, ...]:
    """One or more source ids separated by ';'."""
    ids = tuple(part.strip() for part in cell.split(";"))
    for part in ids:
        if not _SOURCE_ID.fullmatch(part):
            raise CellError("expected source ids (letters, digits, '.', '_', '-') separated by ';'")
    return ids


def economy_codes(cell: str) -> tuple[str, ...]:
    """WIPO's economy label, e.g. 'JP', 'CN/HK' or 'TW*' (the star is WIPO's footnote mark)."""
    codes = tuple(part.strip().rstrip("*") for part in cell.split("/"))
    for code in codes:
        if not re.fullmatch(r"[A-Z]{2}", code):
            raise CellError("expected two-letter economy codes such as JP or CN/HK")
    return codes


def url(cell: str) -> str:
    if not re.fullmatch(r"https?://\S+", cell):
        raise CellError("expected a web address starting with http:// or https://")
    return cell


def _decode(raw: bytes, name: str) -> tuple[str | None, Problem | None]:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or (len(raw) > 1 and b"\x00" in raw[:200]):
        return None, Problem(
            name,
            "found a UTF-16 file (Excel's 'Unicode Text'), expected UTF-8; "
            "save it as 'CSV UTF-8 (Comma delimited)'",
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start : exc.start + 1].hex().upper()
        return None, Problem(
            name,
            f"found byte 0x{byte} that is not UTF-8 (the file looks like Latin-1 or Windows-1252), "
            "expected UTF-8; save it as 'CSV UTF-8 (Comma delimited)'",
            row=line,
        )


def _check_cell(cell: str) -> str | None:
    if len(cell) > MAX_CELL_CHARS:
        return f"found {len(cell)} characters, expected at most {MAX_CELL_CHARS}"
    for char in cell:
        if unicodedata.category(char) == "Cc":
            return f"found control character U+{ord(char):04X}, expected printable text; delete it"
    return None


def read_table(path: Path, name: str, columns: tuple[Column, ...], problems: list[Problem]) -> list[Row]:
    """Parse ``path`` against ``columns``; append every problem found to ``problems``."""
    if not path.is_file():
        expected = ",".join(c.name for c in columns)
        problems.append(Problem(name, f"file not found, expected a CSV file with the header {expected}"))
        return []
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        problems.append(
            Problem(name, f"found a file of {size / 1e6:.1f} MB, expected at most {MAX_FILE_BYTES // 2**20} MB; "
                    "is this the right file?")
        )
        return []
    content, problem = _decode(path.read_bytes(), name)
    if problem is not None or content is None:
        problems.append(problem or Problem(name, "could not be read"))
        return []
    if not content.strip():
        expected = ",".join(c.name for c in columns)
        problems.append(Problem(name, f"found an empty file, expected the header {expected} and data rows"))
        return []
    reader = csv.reader(io.StringIO(content, newline=""))
    try:
        header = next(reader)
    except csv.Error as exc:
        problems.append(Problem(name, f"could not be read as CSV ({exc})", row=1))
        return []
    header = [h.strip() for h in header]
    if not _header_ok(header, columns, name, problems):
        return []
    return _read_rows(reader, header, columns, name, problems)


def _header_ok(header: list[str], columns: tuple[Column, ...], name: str, problems: list[Problem]) -> bool:
    expected = [c.name for c in columns]
    if len(header) == 1 and (";" in header[0] or "\t" in header[0]):
        sep = "';'" if ";" in header[0] else "tabs"
        problems.append(
            Problem(name, f"found columns separated by {sep} (a European-locale or tab export), expected commas; "
                    "save it as 'CSV UTF-8 (Comma delimited)' or set the field delimiter to ','", row=1)
        )
        return False
    start = len(problems)
    for column in expected:
        if column not in header:
            problems.append(Problem(name, f"column {column} is missing; expected the header {','.join(expected)}", row=1))
    seen: set[str] = set()
    for column in header:
        if column in seen:
            problems.append(Problem(name, f"column {column!r} appears twice, expected each column once", row=1))
        elif column not in expected:
            problems.append(
                Problem(name, f"found unknown column {column!r}, expected only {','.join(expected)}", row=1)
            )
        seen.add(column)
    return len(problems) == start


def _read_rows(
    reader: Any, header: list[str], columns: tuple[Column, ...], name: str, problems: list[Problem]
) -> list[Row]:
    rows: list[Row] = []
    try:
        for cells in reader:
            line = reader.line_num
            if not cells or all(not c.strip() for c in cells):
                continue
            if len(rows) >= MAX_ROWS:
                problems.append(Problem(name, f"found more than {MAX_ROWS} rows, expected a table of ranked clusters",
                                        row=line))
                break
            if len(cells) != len(header):
                problems.append(Problem(
                    name, f"found {len(cells)} cells, expected {len(header)}; "
                    "a name with a comma in it must be in double quotes", row=line))
                continue
            rows.append(Row(line, _parse_cells(dict(zip(header, cells, strict=True)), columns, name, line, problems)))
    except csv.Error as exc:
        problems.append(Problem(name, f"could not be read as CSV ({exc})", row=reader.line_num))
    if not rows and not any(p.file == name for p in problems):
        problems.append(Problem(name, "found a header and no data rows, expected at least one row"))
    return rows


def _parse_cells(
    raw: dict[str, str], columns: tuple[Column, ...], name: str, line: int, problems: list[Problem]
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column in columns:
        cell = raw[column.name].strip()
        values[column.name] = None
        bad = _check_cell(cell)
        if bad:
            problems.append(Problem(name, bad, row=line, column=column.name))
            continue
        if not cell:
            if column.required:
                problems.append(Problem(name, "found an empty cell, expected a value", row=line, column=column.name))
            continue
        try:
            values[column.name] = column.parse(cell)
        except CellError as exc:
            problems.append(Problem(name, f"found {_show(cell)}, {exc}", row=line, column=column.name))
    return values
