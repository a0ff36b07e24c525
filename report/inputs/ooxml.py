"""What openpyxl's read-only mode does not show about a workbook, read from its zip package directly.

Read-only mode (the one that reads a large sheet without holding it all) reports neither merged cells nor
which formulas have no saved value (with ``data_only`` such a cell simply reads as empty). Both would make
a figure silently go missing, so this scans each sheet's XML for them. Before any of that, the package is
refused if it is too large unpacked or any part declares a DOCTYPE (the way in for entity bombs and
entities that read files), and a file that is not an .xlsx workbook is named for what it is instead.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass
from xml.etree.ElementTree import Element, ParseError, iterparse

from report.limits import MAX_WORKBOOK_UNPACKED_BYTES

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # the container of .xls files and of password-protected workbooks
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_SAVE_XLSX = "save it as 'Excel Workbook (.xlsx)'"
_ODS = b"application/vnd.oasis.opendocument.spreadsheet"


@dataclass(frozen=True)
class SheetScan:
    """What a sheet's XML holds that read-only mode does not report."""

    merged: tuple[str, ...] = ()  # merged ranges, as "A5:C5"
    unsaved: frozenset[str] = frozenset()  # cells with a formula and no saved value, as "D4"


def not_a_workbook(raw: bytes) -> str | None:
    """Why ``raw`` is not an .xlsx workbook, phrased as found/expected/fix; None when it may be one."""
    if raw.startswith(_OLE2):
        if _ENCRYPTED in raw:
            return (
                "found a password-protected workbook, expected one that opens without a password; save a copy "
                "with the password removed (Excel: File > Info > Protect Workbook > Encrypt with Password)"
            )
        return f"found an Excel 97-2003 workbook (.xls), expected an .xlsx workbook; open it and {_SAVE_XLSX}"
    if not raw.startswith(b"PK"):
        kind = "a text file (a CSV file renamed?)" if _looks_like_text(raw) else "a file that is not a workbook"
        return f"found {kind}, expected an Excel workbook (.xlsx); open it in a spreadsheet program and {_SAVE_XLSX}"
    return None


def _looks_like_text(raw: bytes) -> bool:
    head = raw[:2000]
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start > len(head) - 4  # only a character cut at the end
    return b"\0" not in head


def package_problem(archive: zipfile.ZipFile) -> str | None:
    """What makes a zip package unfit to read as a workbook: too large unpacked, or another kind of document."""
    unpacked = sum(info.file_size for info in archive.infolist())
    if unpacked > MAX_WORKBOOK_UNPACKED_BYTES:
        return (
            f"found a workbook that unpacks to {unpacked / 2**20:.0f} MB, expected at most "
            f"{MAX_WORKBOOK_UNPACKED_BYTES // 2**20} MB; is this the right file?"
        )
    names = set(archive.namelist())
    if "mimetype" in names and archive.read("mimetype").strip() == _ODS:
        return f"found an OpenDocument spreadsheet (.ods), expected an Excel workbook (.xlsx); {_SAVE_XLSX}"
    if "[Content_Types].xml" not in names:
        return f"found a zip file that is not a workbook, expected an Excel workbook (.xlsx); {_SAVE_XLSX}"
    for info in archive.infolist():
        if info.filename.endswith((".xml", ".rels")) and _DOCTYPE.search(_as_text(archive.read(info))):
            return (
                f"found a workbook whose part {info.filename} declares a DOCTYPE, which spreadsheet programs never "
                f"write and which can carry entities that read files; open it in a spreadsheet program and "
                f"{_SAVE_XLSX}"
            )
    return None


_DOCTYPE = re.compile(r"<!\s*DOCTYPE", re.IGNORECASE)


def _as_text(data: bytes) -> str:
    """The part as text, whatever its encoding, to find a DOCTYPE before any XML parser meets it."""
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"\xef\xbb\xbf", "utf-8")):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, "replace")
    return data.decode("latin-1")


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _relationships(archive: zipfile.ZipFile, part: str) -> dict[str, tuple[str, str]]:
    """A part's relationships: id -> (type, the target's path in the package)."""
    folder, name = posixpath.split(part)
    rels = posixpath.join(folder, "_rels", f"{name}.rels")
    if rels not in archive.namelist():
        return {}
    found = {}
    for _event, element in iterparse(archive.open(rels)):
        if _local(element.tag) == "Relationship":
            target = element.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
            found[element.get("Id", "")] = (element.get("Type", ""), path)
    return found


def sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Each sheet's name and the package part that holds its cells."""
    try:
        book = next(
            (path for kind, path in _relationships(archive, "").values() if kind.endswith("/officeDocument")), None
        )
        if book is None or book not in archive.namelist():
            return {}
        targets = _relationships(archive, book)
        parts = {}
        for _event, element in iterparse(archive.open(book)):
            if _local(element.tag) == "sheet":
                rid = next((v for k, v in element.attrib.items() if _local(k) == "id"), "")
                if rid in targets:
                    parts[element.get("name", "")] = targets[rid][1]
        return parts
    except (ParseError, KeyError, zipfile.BadZipFile):
        return {}  # openpyxl, reading the same parts next, reports a damaged workbook in its own words


def _unsaved(cell: Element) -> bool:
    """A formula with no value saved: no <v> at all, or an empty one where only text may be empty.

    Excel saves an empty text result as <v></v> in a cell of type str; a generator such as openpyxl writes
    <v></v> for a formula it could not calculate.
    """
    children = {_local(child.tag): child for child in cell}
    if "f" not in children or cell.get("t") == "inlineStr":
        return False
    value = children.get("v")
    return value is None or (not value.text and cell.get("t") != "str")


def scan_sheet(archive: zipfile.ZipFile, part: str) -> SheetScan:
    """The merged ranges of one sheet, and its cells whose formula has no saved value."""
    merged: list[str] = []
    unsaved: set[str] = set()
    try:
        for _event, element in iterparse(archive.open(part)):
            tag = _local(element.tag)
            if tag == "c":
                if _unsaved(element):
                    unsaved.add(element.get("r", ""))
                element.clear()
            elif tag == "mergeCell":
                merged.append(element.get("ref", ""))
    except (ParseError, KeyError, zipfile.BadZipFile):
        pass  # reported by openpyxl, which reads the same part
    return SheetScan(tuple(merged), frozenset(unsaved))
