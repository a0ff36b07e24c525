"""Save an openpyxl workbook byte-for-byte repeatably, and to a file only once it is complete.

openpyxl stamps the save time into the document properties and each zip member; both are fixed here, so
the same workbook is the same bytes (the data pack's manifest digest and `report data export` rely on it).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path
from typing import Any

from report.errors import OutputError
from report.staging import commit, discard, open_output, write_temporary

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def workbook_bytes(book: Any, moment: dt.datetime, title: str = "", author: str = "") -> bytes:
    """The workbook's file, with ``moment`` as its created and modified time and no time of saving anywhere."""
    from openpyxl.writer.excel import ExcelWriter

    when = moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo else moment
    props = book.properties
    props.created = props.modified = when
    props.title, props.creator, props.lastModifiedBy = title or None, author or None, author or None
    raw = io.BytesIO()
    with zipfile.ZipFile(raw, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(book, archive).save()  # not openpyxl's save_workbook, which sets modified to now
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            member.compress_type, member.create_system, member.external_attr = zipfile.ZIP_DEFLATED, 3, 0o644 << 16
            dst.writestr(member, src.read(info.filename))
    return out.getvalue()


def text_cell(cell: Any, text: str) -> Any:
    """Put ``text`` in ``cell`` as text: openpyxl would store '=...' from the data as a formula."""
    cell.value = text
    cell.data_type = "s"
    return cell


def write_file(target: Path, data: bytes, what: str) -> None:
    """Write ``data`` to ``target`` (never through a symbolic link), or raise the OutputError that says why not."""
    try:
        with open_output(target) as handle:
            handle.write(data)
    except OSError as exc:
        raise OutputError(
            f"{target}: cannot write the {what} ({exc.strerror}); check the folder exists, is writable "
            "and has free space"
        ) from exc


def replace_all(files: dict[Path, bytes]) -> None:
    """Write each file beside its target and rename them all into place, all or none."""
    staged: list[tuple[Path, Path]] = []
    try:
        for target, data in files.items():
            staged.append((write_temporary(target, data), target))
        commit(staged)
    finally:
        discard(staged)
