"""The hostile-workbook catalogue: each case is one mistake in figures.xlsx made from data/, run through
`report check` and through a build into a folder of earlier outputs, which must stay as it was.

As in test_data_errors.py, every expected line is written out here by hand: the file, the sheet and the cell
as a spreadsheet names them, what was found, what was expected and the fix.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from report.build import BuildOptions, build
from report.data import load_briefing
from report.errors import DataError
from report.limits import MAX_WORKBOOK_UNPACKED_BYTES
from tests.conftest import DATA
from tests.test_data_errors import CLUSTERS_HEADER, FACTS_HEADER, problem_lines, run_check
from tests.workbooks import Edit, edit_workbook, set_cell, set_text, workbook_folder

Mutation = Callable[[Path], None]
SAVE_XLSX = "save it as 'Excel Workbook (.xlsx)'"
WHAT = "an Excel workbook (.xlsx) with the sheets clusters, economies, intensity, facts, sources"
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def edit(*edits: Edit) -> Mutation:
    return lambda data: edit_workbook(data / "figures.xlsx", *edits)


def replace_file(content: Callable[[Path], bytes]) -> Mutation:
    def mutate(data: Path) -> None:
        (data / "figures.xlsx").write_bytes(content(data))

    return mutate


def rename_sheet(old: str, new: str) -> Edit:
    def change(book: Any) -> None:
        book[old].title = "renaming"  # openpyxl refuses a name that differs from a sheet's only in case
        book["renaming"].title = new

    return change


def zip_bomb(data: Path) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(data / "figures.xlsx") as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info.filename))
        dst.writestr("xl/media/padding.bin", bytes(MAX_WORKBOOK_UNPACKED_BYTES + 2**20))
    return out.getvalue()


def damage(data: Path, part: str) -> bytes:
    """The workbook with one part cut short, as a copy interrupted mid-write leaves it."""
    out = io.BytesIO()
    with zipfile.ZipFile(data / "figures.xlsx") as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            dst.writestr(info, content[: len(content) // 2] if info.filename == part else content)
    return out.getvalue()


def with_doctype(data: Path, part: str) -> bytes:
    """A part that defines an entity bomb and an entity that reads a file, and uses both."""
    doctype = (
        b'<!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
        b'<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY file SYSTEM "file:///etc/hostname">]>'
    )
    out = io.BytesIO()
    with zipfile.ZipFile(data / "figures.xlsx") as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == part:
                content = doctype + content.replace(b"<t>Tokyo", b"<t>&c;&file;Tokyo", 1)
            dst.writestr(info, content)
    return out.getvalue()


def ods(_data: Path) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", "<office:document-content/>")
    return out.getvalue()


def excel_date(serial: int) -> str:
    """What a spreadsheet shows for ``serial`` in a date format (days since 30 December 1899)."""
    return (dt.date(1899, 12, 30) + dt.timedelta(days=serial)).isoformat()


# (id, mutation, extra CLI arguments, expected lines with {d} for the data folder)
CASES: list[tuple[str, Mutation, tuple[str, ...], list[str]]] = [
    (
        "number-as-text-with-separators",
        edit(set_text("clusters", "D4", "63,447")),
        (),
        [
            "{d}/figures.xlsx, sheet clusters, cell D4: found text '63,447', expected a whole number "
            "without thousands separators; write 63447"
        ],
    ),
    (
        "number-stored-as-text",
        edit(set_text("clusters", "D4", "63447")),
        (),
        [
            "{d}/figures.xlsx, sheet clusters, cell D4: found text '63447', expected a number; "
            "convert the cell to a number (it is stored as text)"
        ],
    ),
    (
        "formula-without-saved-value",
        edit(set_cell("clusters", "D4", "=63000+447")),
        (),
        [
            "{d}/figures.xlsx, sheet clusters, cell D4: found a formula with no saved value, expected a value; "
            "open the workbook in a spreadsheet program and save it, so the value of each formula is saved with it"
        ],
    ),
    (
        "error-value",
        edit(set_cell("clusters", "H4", "#DIV/0!")),
        (),
        [
            "{d}/figures.xlsx, sheet clusters, cell H4: found the error #DIV/0!, expected a number; "
            "correct the formula or type the value"
        ],
    ),
    (
        "date-where-a-number-belongs",
        edit(set_cell("clusters", "D4", dt.datetime(2023, 9, 27))),
        (),
        [
            "{d}/figures.xlsx, sheet clusters, cell D4: found the date 2023-09-27, expected a number; "
            "format the cell as a number, not a date"
        ],
    ),
    (
        "year-in-a-date-formatted-cell",
        edit(set_cell("facts", "F2", 2022, "yyyy-mm-dd")),
        (),
        [
            f"{{d}}/figures.xlsx, sheet facts, cell F2: found the date {excel_date(2022)}, expected a number; "
            "format the cell as a number, not a date"
        ],
    ),
    (
        "true-false",
        edit(set_cell("clusters", "E4", True)),
        (),
        ["{d}/figures.xlsx, sheet clusters, cell E4: found TRUE, expected a number"],
    ),
    (
        "percentage-typed-into-a-percent-cell",  # 10.1 in a cell formatted 0.0% shows 1010.0%
        edit(set_cell("clusters", "F2", 10.1, "0.0%")),
        (),
        ["{d}/figures.xlsx, sheet clusters, cell F2: found 1010.0, expected a percentage from 0 to 100"],
    ),
    (
        "empty-required-cell",
        edit(set_cell("clusters", "C3", None)),
        (),
        ["{d}/figures.xlsx, sheet clusters, cell C3: found an empty cell, expected a value"],
    ),
    (
        "missing-sheet",
        edit(lambda book: book.remove(book["facts"])),
        (),
        [
            "{d}/figures.xlsx, sheet facts: found no such sheet, expected a sheet with the header "
            f"{FACTS_HEADER} in row 1"
        ],
    ),
    (
        "sheet-named-in-capitals",
        edit(rename_sheet("facts", "Facts")),
        (),
        [
            f"{{d}}/figures.xlsx, sheet facts: found no such sheet, expected a sheet with the header {FACTS_HEADER} "
            "in row 1; did you mean 'Facts'?"
        ],
    ),
    (
        "missing-column",
        edit(lambda book: book["clusters"].delete_cols(6)),
        (),
        [
            "{d}/figures.xlsx, sheet clusters, row 1: found no column pct_share, expected the header "
            f"{CLUSTERS_HEADER}"
        ],
    ),
    (
        "misspelt-column",
        edit(set_text("clusters", "F1", "pct_shares")),
        (),
        [
            "{d}/figures.xlsx, sheet clusters, cell F1: found column 'pct_shares', expected 'pct_share'; "
            "rename the column"
        ],
    ),
    (
        "merged-cells",
        edit(lambda book: book["clusters"].merge_cells("J2:K2")),
        (),
        [
            "{d}/figures.xlsx, sheet clusters, cell J2: found the cells J2:K2 merged into one, expected one value "
            "in each cell; unmerge them and fill in each cell"
        ],
    ),
    (
        "value-in-a-column-with-no-header",
        edit(set_cell("clusters", "R5", "see note")),
        (),
        [
            "{d}/figures.xlsx, sheet clusters, cell R5: found a value in a column with no header, expected values "
            "only under the header's columns; delete it, or give its column a header"
        ],
    ),
    (
        "unknown-source-id",
        edit(set_text("clusters", "L2", "gii2023-tabel3")),
        (),
        [
            "{d}/figures.xlsx, sheet clusters, cell L2: found source id 'gii2023-tabel3', expected an id listed in "
            "sheet sources; did you mean 'gii2023-table3'?"
        ],
    ),
    (
        "top-beyond-the-sheet",
        lambda _data: None,
        ("--top", "40"),
        ["--top: found top = 40, expected at most 35, the number of clusters in {d}/figures.xlsx, sheet clusters"],
    ),
    (
        "renamed-csv",
        replace_file(lambda _data: (DATA / "clusters.csv").read_bytes()),
        (),
        [
            "{d}/figures.xlsx: found a text file (a CSV file renamed?), expected an Excel workbook (.xlsx); "
            f"open it in a spreadsheet program and {SAVE_XLSX}"
        ],
    ),
    (
        "password-protected",  # an encrypted workbook is an OLE2 container holding an EncryptedPackage stream
        replace_file(lambda _data: OLE2 + bytes(504) + "EncryptedPackage".encode("utf-16-le") + bytes(1024)),
        (),
        [
            "{d}/figures.xlsx: found a password-protected workbook, expected one that opens without a password; "
            "save a copy with the password removed (Excel: File > Info > Protect Workbook > Encrypt with Password)"
        ],
    ),
    (
        "old-xls",
        replace_file(lambda _data: OLE2 + bytes(504) + "Workbook".encode("utf-16-le") + bytes(1024)),
        (),
        [
            "{d}/figures.xlsx: found an Excel 97-2003 workbook (.xls), expected an .xlsx workbook; "
            f"open it and {SAVE_XLSX}"
        ],
    ),
    (
        "opendocument",
        replace_file(ods),
        (),
        [
            "{d}/figures.xlsx: found an OpenDocument spreadsheet (.ods), expected an Excel workbook (.xlsx); "
            + SAVE_XLSX
        ],
    ),
    (
        "damaged-zip",
        replace_file(lambda data: (data / "figures.xlsx").read_bytes()[:3000]),
        (),
        [
            f"{{d}}/figures.xlsx: found a damaged workbook, expected {WHAT}; "
            "open it in a spreadsheet program and save it again as 'Excel Workbook (.xlsx)'"
        ],
    ),
    (
        "damaged-part",
        replace_file(lambda data: damage(data, "xl/workbook.xml")),
        (),
        [
            f"{{d}}/figures.xlsx: found a damaged workbook, expected {WHAT}; "
            "open it in a spreadsheet program and save it again as 'Excel Workbook (.xlsx)'"
        ],
    ),
    (
        "damaged-sheet",
        replace_file(lambda data: damage(data, "xl/worksheets/sheet1.xml")),
        (),
        [
            f"{{d}}/figures.xlsx: found a damaged workbook, expected {WHAT}; "
            "open it in a spreadsheet program and save it again as 'Excel Workbook (.xlsx)'"
        ],
    ),
    (
        "zip-bomb",
        replace_file(zip_bomb),
        (),
        [
            f"{{d}}/figures.xlsx: found a workbook that unpacks to {MAX_WORKBOOK_UNPACKED_BYTES // 2**20 + 1} MB, "
            f"expected at most {MAX_WORKBOOK_UNPACKED_BYTES // 2**20} MB; is this the right file?"
        ],
    ),
    (
        "doctype-with-entities",
        replace_file(lambda data: with_doctype(data, "xl/worksheets/sheet1.xml")),
        (),
        [
            "{d}/figures.xlsx: found a workbook whose part xl/worksheets/sheet1.xml declares a DOCTYPE, which "
            "spreadsheet programs never write and which can carry entities that read files; open it in a "
            f"spreadsheet program and {SAVE_XLSX}"
        ],
    ),
    (
        "csv-files-beside-the-workbook",
        lambda data: shutil.copy(DATA / "clusters.csv", data / "clusters.csv"),
        (),
        [
            "{d}: found both figures.xlsx and clusters.csv, expected the figures in one or the other; "
            "move the one you do not edit out of the folder"
        ],
    ),
]


@pytest.fixture()
def book_copy(tmp_path: Path) -> Path:
    return workbook_folder(tmp_path / "data")


@pytest.mark.parametrize(("mutate", "args", "expected"), [pytest.param(m, a, e, id=i) for i, m, a, e in CASES])
def test_bad_workbook_is_one_clear_line(
    book_copy: Path, mutate: Mutation, args: tuple[str, ...], expected: list[str]
) -> None:
    mutate(book_copy)
    assert problem_lines(run_check(book_copy, *args)) == [line.format(d=book_copy) for line in expected]


@pytest.mark.parametrize("mutate", [pytest.param(m, id=i) for i, m, a, _e in CASES if not a])
def test_a_bad_workbook_writes_nothing_and_leaves_earlier_outputs(
    book_copy: Path, tmp_path: Path, mutate: Mutation
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    earlier = {name: f"earlier {name}".encode() for name in ("b.pptx", "b.pdf", "b-data.xlsx")}
    for name, content in earlier.items():
        (out / name).write_bytes(content)
    mutate(book_copy)
    with pytest.raises(DataError) as caught:
        build(BuildOptions(data_dir=book_copy, out_dir=out, jobs=1))
    assert caught.value.exit_code == 2 and caught.value.problems
    assert {p.name: p.read_bytes() for p in out.iterdir() if p.is_file() and not p.name.startswith(".")} == earlier
    assert not list(out.glob(".*tmp-*"))


def test_the_workbook_over_the_size_limit_is_rejected_without_being_read(book_copy: Path) -> None:
    with (book_copy / "figures.xlsx").open("r+b") as handle:
        handle.truncate(50 * 2**20)  # sparse: nothing is written, nothing is held in memory
    assert problem_lines(run_check(book_copy)) == [
        f"{book_copy}/figures.xlsx: found a file of 50.0 MB, expected at most 2 MB; is this the right file?"
    ]


def test_catalogue_covers_every_case_the_issue_lists() -> None:
    ids = {case[0] for case in CASES}
    assert len(ids) == len(CASES) >= 20


# --- accepted: what a spreadsheet commonly holds must load the same figures as data/ ----------------------------


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(set_cell("clusters", "D4", 63447.0), id="integer-valued-float"),
        pytest.param(set_cell("clusters", "F2", 0.101, "0.0%"), id="share-stored-as-a-percentage"),
        pytest.param(set_cell("clusters", "F3", 9, "0.0"), id="decimal-shown-with-its-places"),
        pytest.param(set_cell("facts", "D2", 4.476, "0.0"), id="decimal-shown-rounded-keeps-its-places"),
        pytest.param(set_cell("clusters", "D4", 63447, "#,##0.00"), id="whole-number-shown-with-places"),
        pytest.param(lambda book: book["clusters"].cell(400, 3, " "), id="trailing-blank-rows"),
        pytest.param(lambda book: setattr(book["clusters"].cell(900, 1), "number_format", "0.0"), id="styled-rows"),
        pytest.param(lambda book: book.move_sheet("sources", offset=-4), id="sheets-in-another-order"),
    ],
)
def test_spreadsheet_variations_give_the_same_briefing(book_copy: Path, change: Edit) -> None:
    edit_workbook(book_copy / "figures.xlsx", change)
    result = run_check(book_copy)
    assert result.exit_code == 0, result.output
    assert load_briefing(book_copy) == load_briefing(DATA)


def test_a_hidden_extra_sheet_is_ignored_and_mentioned(book_copy: Path) -> None:
    def add_sheets(book: Any) -> None:
        book.create_sheet("workings").sheet_state = "hidden"
        book.create_sheet("notes")["A1"] = "to check with WIPO"

    edit_workbook(book_copy / "figures.xlsx", add_sheets)
    result = run_check(book_copy)
    assert result.exit_code == 0, result.output
    assert load_briefing(book_copy) == load_briefing(DATA)
    sheets = "which is not one of clusters, economies, intensity, facts, sources"
    assert result.stdout.splitlines()[1:] == [
        f"warning: {book_copy}/figures.xlsx: ignored sheet 'workings' (hidden), {sheets}",
        f"warning: {book_copy}/figures.xlsx: ignored sheet 'notes', {sheets}",
    ]
