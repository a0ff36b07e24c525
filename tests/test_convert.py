"""`report data export` and `report data import`: CSV files and a workbook hold the same figures, both ways."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from report.cli import main
from report.data import load_briefing
from report.inputs import TABLE_FILES
from report.inputs.layout import text_tables
from tests.conftest import DATA
from tests.test_data_errors import problem_lines, run_check
from tests.workbooks import edit_workbook, set_text
from tools.office import convert, has_calc

EPOCH = {"SOURCE_DATE_EPOCH": "1790000000"}


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner(env=EPOCH).invoke(main, list(args))
    assert "Traceback" not in result.output
    return result.exit_code, result.output


def _cells(folder: Path) -> dict[str, tuple[tuple[str, ...], tuple[tuple[int, dict[str, str]], ...]]]:
    return {name: (t.header, tuple((n, dict(c)) for n, c in t.rows)) for name, t in text_tables(folder).items()}


def test_export_then_import_gives_back_every_cell(tmp_path: Path) -> None:
    book = tmp_path / "figures.xlsx"
    assert _cli("data", "export", str(DATA), "--to", str(book)) == (0, f"wrote {book}: 5 sheets, 88 rows\n")
    back = tmp_path / "back"
    assert _cli("data", "import", str(book), "--to", str(back))[0] == 0
    assert sorted(p.name for p in back.iterdir()) == sorted(TABLE_FILES)
    assert _cells(back) == _cells(DATA)
    shutil.copy(DATA / "briefing.toml", back)
    assert load_briefing(back) == load_briefing(DATA)


def test_a_workbook_folder_reads_as_the_same_cells_and_the_same_briefing(tmp_path: Path) -> None:
    folder = tmp_path / "book"
    folder.mkdir()
    shutil.copy(DATA / "briefing.toml", folder)
    assert _cli("data", "export", str(DATA), "--to", str(folder / "figures.xlsx"))[0] == 0
    assert _cells(folder) == _cells(DATA)  # 9.0 stays 9.0, 4.90 stays 4.90, names stay text
    assert load_briefing(folder) == load_briefing(DATA)


def test_export_is_the_same_bytes_every_time(tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    assert _cli("data", "export", str(DATA), "--to", str(first))[0] == 0
    assert _cli("data", "export", str(DATA), "--to", str(second))[0] == 0
    assert first.read_bytes() == second.read_bytes()


def test_text_that_looks_like_a_formula_stays_text_both_ways(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    clusters = data / "clusters.csv"
    clusters.write_text(clusters.read_text(encoding="utf-8").replace("Mitsubishi Electric", "=HYPERLINK(1)"))
    book = tmp_path / "figures.xlsx"
    assert _cli("data", "export", str(data), "--to", str(book))[0] == 0
    assert _cli("data", "import", str(book), "--to", str(tmp_path / "back"))[0] == 0
    assert "=HYPERLINK(1)" in (tmp_path / "back" / "clusters.csv").read_text(encoding="utf-8")


def test_existing_files_are_kept_unless_forced(tmp_path: Path) -> None:
    book = tmp_path / "figures.xlsx"
    book.write_bytes(b"mine")
    code, output = _cli("data", "export", str(DATA), "--to", str(book))
    assert (code, output) == (2, f"error: {book} already exist(s); pass --force to replace them\n")
    assert book.read_bytes() == b"mine"
    assert _cli("data", "export", str(DATA), "--to", str(book), "--force")[0] == 0
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    before = {p.name: p.read_bytes() for p in data.iterdir()}
    code, output = _cli("data", "import", str(book), "--to", str(data))
    assert code == 2 and output.startswith(f"error: {data / 'clusters.csv'}, ")
    assert {p.name: p.read_bytes() for p in data.iterdir()} == before


def test_bad_data_is_not_converted(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    clusters = data / "clusters.csv"
    clusters.write_text(clusters.read_text(encoding="utf-8").replace(",63447,", ",63,447,"), encoding="utf-8")
    code, output = _cli("data", "export", str(data), "--to", str(tmp_path / "figures.xlsx"))
    assert code == 2 and "clusters.csv, row 4: found 17 cells, expected 16" in output
    assert not (tmp_path / "figures.xlsx").exists()
    book = tmp_path / "good.xlsx"
    assert _cli("data", "export", str(DATA), "--to", str(book))[0] == 0
    edit_workbook(book, set_text("clusters", "D4", "63,447"))
    code, output = _cli("data", "import", str(book), "--to", str(tmp_path / "back"))
    assert code == 2 and f"{book}, sheet clusters, cell D4: found text '63,447'" in output
    assert not (tmp_path / "back").exists()


@pytest.mark.soffice
@pytest.mark.skipif(not has_calc(), reason="LibreOffice Calc is not installed (tools/install-system-packages.sh)")
def test_a_workbook_saved_again_by_a_spreadsheet_program_reads_the_same(tmp_path: Path) -> None:
    """LibreOffice rewrites every part (shared strings, styles, its own number formats) and saves a formula's value."""
    book = tmp_path / "made" / "figures.xlsx"
    book.parent.mkdir()
    assert _cli("data", "export", str(DATA), "--to", str(book))[0] == 0
    edit_workbook(book, lambda b: setattr(b["clusters"]["D4"], "value", "=63000+447"))
    folder = tmp_path / "saved"
    convert(book, folder, "xlsx:Calc MS Excel 2007 XML")
    shutil.copy(DATA / "briefing.toml", folder)
    assert _cells(folder) == _cells(DATA)
    assert load_briefing(folder) == load_briefing(DATA)


@pytest.mark.soffice
@pytest.mark.skipif(not has_calc(), reason="LibreOffice Calc is not installed (tools/install-system-packages.sh)")
def test_a_real_xls_file_named_xlsx_says_how_to_save_it(tmp_path: Path) -> None:
    book = tmp_path / "figures.xlsx"
    assert _cli("data", "export", str(DATA), "--to", str(book))[0] == 0
    xls = convert(book, tmp_path / "old", "xls:MS Excel 97")
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "figures.xlsx").write_bytes(xls.read_bytes())
    shutil.copy(DATA / "briefing.toml", folder)
    assert problem_lines(run_check(folder)) == [
        f"{folder}/figures.xlsx: found an Excel 97-2003 workbook (.xls), expected an .xlsx workbook; "
        "open it and save it as 'Excel Workbook (.xlsx)'"
    ]
