"""Read one CSV data file defensively: size, encoding, delimiter, header, cells.

Everything a hand-edited or spreadsheet-exported file can get wrong is turned into a `Problem` that names
the file, the row and the column; nothing here raises for bad input.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from report.errors import Problem
from report.inputs.cells import MAX_CELL_CHARS, close_match
from report.inputs.table import UNREADABLE, Column, Origin, Row, Table, parse_value

__all__ = ["MAX_FILE_BYTES", "Column", "Origin", "Row", "Table", "decode", "read_bytes", "read_table"]

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000


_SAVE_CSV = "save it as 'CSV UTF-8 (Comma delimited)'"


def read_bytes(path: Path, name: str, what: str) -> tuple[bytes | None, Problem | None]:
    """The file's bytes, or the problem that stops it being read; never reads more than the size cap."""
    if not path.exists():
        return None, Problem(name, f"found no such file, expected {what}")
    if not path.is_file():
        kind = "a folder" if path.is_dir() else "a special file"
        return None, Problem(name, f"found {kind}, expected {what}")
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_FILE_BYTES + 1)
            if len(raw) > MAX_FILE_BYTES:
                handle.seek(0, io.SEEK_END)
                size = handle.tell() / 2**20
                return None, Problem(
                    name,
                    f"found a file of {size:.1f} MB, expected at most "
                    f"{MAX_FILE_BYTES // 2**20} MB; is this the right file?",
                )
    except OSError as exc:
        return None, Problem(
            name,
            f"found a file that cannot be read ({exc.strerror or exc}), expected {what}; "
            "check that it is not open elsewhere and that you may read it",
        )
    return raw, None


def _looks_utf16(raw: bytes) -> bool:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    head = raw[:200]
    # Without a BOM, UTF-16 text in a Latin script has a NUL in every other byte.
    return (
        len(head) >= 4
        and min(head[0::2].count(0), head[1::2].count(0)) == 0
        and (max(head[0::2].count(0), head[1::2].count(0)) >= len(head) // 4)
    )


def decode(raw: bytes, name: str, spreadsheet: bool = True) -> tuple[str | None, Problem | None]:
    """UTF-8 text (a BOM is dropped), or the problem that says how to re-save the file.

    A spreadsheet's problem names the row, a text file's the line, as each program numbers them.
    """
    save_as = _SAVE_CSV if spreadsheet else "save it as UTF-8 in your text editor"
    if _looks_utf16(raw):
        excel = " (Excel's 'Unicode Text')" if spreadsheet else ""
        return None, Problem(name, f"found a UTF-16 file{excel}, expected UTF-8; {save_as}")
    try:
        return raw.decode("utf-8").lstrip("\ufeff"), None
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        byte = raw[exc.start : exc.start + 1]
        try:
            shown = f" ({byte.decode('cp1252')!r} in Latin-1/Windows-1252)"
        except UnicodeDecodeError:
            shown = ""
        on = "" if spreadsheet else f" on line {line}"
        return None, Problem(
            name,
            f"found byte 0x{byte.hex().upper()}{shown}{on}, which is not UTF-8, expected a UTF-8 file; {save_as}",
            row=line if spreadsheet else None,
        )


def read_table(path: Path, columns: tuple[Column, ...], problems: list[Problem]) -> Table:
    """Parse ``path`` against ``columns``; append every problem found to ``problems``."""
    names = tuple(c.name for c in columns)
    origin = Origin(str(path))
    name = origin.file
    unread = Table(origin, (), frozenset(names), whole=False)
    raw, problem = read_bytes(path, name, f"a CSV file with the header {','.join(names)}")
    if raw is None:
        problems.append(problem or Problem(name, "could not be read"))
        return unread
    content, problem = decode(raw, name)
    if content is None:
        problems.append(problem or Problem(name, "could not be read"))
        return unread
    if not content.strip():
        problems.append(Problem(name, f"found an empty file, expected the header {','.join(names)} and data rows"))
        return unread
    reader = csv.reader(io.StringIO(content, newline=""))
    try:
        header = [h.strip() for h in next(reader)]
    except csv.Error as exc:
        problems.append(_csv_problem(exc, name, 1))
        return unread
    if not header_ok(header, columns, origin, problems):
        return unread
    return _read_rows(reader, header, columns, origin, problems)


def _csv_problem(exc: csv.Error, name: str, line: int) -> Problem:
    if "field larger than field limit" in str(exc):
        return Problem(
            name,
            f"found a cell of more than {csv.field_size_limit():,} characters, expected at most "
            f"{MAX_CELL_CHARS}; a double quote that is never closed reads the rest of the file as "
            "one cell",
            row=line,
        )
    return Problem(name, f"found text that is not valid CSV ({exc}), expected comma-separated cells", row=line)


def header_ok(header: list[str], columns: tuple[Column, ...], origin: Origin, problems: list[Problem]) -> bool:
    """Whether the header names each expected column once and nothing else; every problem with it is reported.

    A workbook's origin knows each header cell's letter, so a problem with one column names that cell.
    """
    expected = [c.name for c in columns]
    if len(header) == 1 and origin.sheet is None and (";" in header[0] or "\t" in header[0]):
        sep = "';' (a European-locale export)" if ";" in header[0] else "tabs (a tab-separated export)"
        problems.append(
            origin.problem(
                f"found columns separated by {sep}, expected commas; {_SAVE_CSV} or set the field delimiter to ','",
                row=1,
            )
        )
        return False
    start = len(problems)
    missing = [c.name for c in columns if c.name not in header and not c.may_be_absent]
    seen: set[str] = set()
    for index, column in enumerate(header):
        if not column and origin.sheet is not None:
            continue  # a sheet's column with no header: a value under it is reported by the workbook reader
        if column in seen:
            problems.append(origin.header_problem(f"found column {column!r} twice, expected each column once", index))
        elif column not in expected:
            meant = close_match(column, missing)
            if meant is not None:
                missing.remove(meant)
                problems.append(
                    origin.header_problem(f"found column {column!r}, expected {meant!r}; rename the column", index)
                )
            else:
                problems.append(
                    origin.header_problem(
                        f"found unknown column {column!r}, expected only "
                        f"{','.join(expected)}; delete the column or fix its name",
                        index,
                    )
                )
        seen.add(column)
    for column in missing:
        problems.append(origin.problem(f"found no column {column}, expected the header {','.join(expected)}", row=1))
    return len(problems) == start


def _read_rows(
    reader: Any, header: list[str], columns: tuple[Column, ...], origin: Origin, problems: list[Problem]
) -> Table:
    name = origin.file
    rows: list[Row] = []
    unreadable: set[str] = set()
    whole = True
    end = reader.line_num
    try:
        for cells in reader:
            start, end = end + 1, reader.line_num
            if not cells or all(not c.strip() for c in cells):
                continue
            if len(rows) >= MAX_ROWS:
                problems.append(
                    Problem(name, f"found more than {MAX_ROWS:,} rows, expected at most {MAX_ROWS:,}", row=start)
                )
                whole = False
                break
            if end > start and (len(cells) != len(header) or _swallowed_rows(cells, len(header))):
                opened = next((i for i, c in enumerate(cells) if "\n" in c), 0)
                problems.append(
                    Problem(
                        name,
                        f"found a double quote that is not closed, so rows {start} to {end} run together; "
                        'expected a closing " after the text (or no quote at all)',
                        row=start,
                        column=header[opened] if opened < len(header) else None,
                    )
                )
                whole = False
                continue
            if len(cells) != len(header):
                fix = (
                    "put a name that contains a comma in double quotes"
                    if len(cells) > len(header)
                    else "add the missing cells (leave a cell empty, not out, when a figure is unknown)"
                )
                problems.append(Problem(name, f"found {len(cells)} cells, expected {len(header)}; {fix}", row=start))
                whole = False
                continue
            values = _parse_cells(dict(zip(header, cells, strict=True)), columns, origin, start, problems)
            unreadable.update(k for k, v in values.items() if v is UNREADABLE)
            rows.append(Row(start, {k: None if v is UNREADABLE else v for k, v in values.items()}))
    except csv.Error as exc:
        problems.append(_csv_problem(exc, name, end + 1))
        whole = False
    if not rows and whole:
        problems.append(Problem(name, "found only the header, expected at least one data row below it"))
    return Table(origin, tuple(rows), frozenset(unreadable), whole)


def _swallowed_rows(cells: list[str], width: int) -> bool:
    """Whether a cell holds what look like further rows: the sign of a quote that was opened and not closed."""
    return any(line.count(",") >= width // 2 for cell in cells for line in cell.split("\n")[1:])


def _parse_cells(
    raw: dict[str, str], columns: tuple[Column, ...], origin: Origin, line: int, problems: list[Problem]
) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column in columns:
        values[column.name], message = parse_value(raw.get(column.name, "").strip(), column)
        if message is not None:
            problems.append(origin.problem(message, line, column.name))
    return values
