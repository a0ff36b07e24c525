"""End to end with a workbook: the same deck and PDF as from the CSV files, the data pack beside them, and the
up-to-date check, the change report and a bad save behaving as they do with CSV files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from report.manifest import MANIFEST
from tests.readers import deck_text, deck_texts, pdf_text, squash
from tests.test_build import _cli
from tests.workbooks import edit_workbook, set_cell, set_text, workbook_folder

pytestmark = pytest.mark.slow
STEM = "gii2023-top-hubs"
PACK_LINE = f"The numbers behind every chart are in {STEM}-data.xlsx."


@pytest.fixture(scope="module")
def csv_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("csv") / "out"
    result = _cli("build", "--out", str(out), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def book_build(tmp_path_factory: pytest.TempPathFactory, csv_build: Path) -> tuple[Path, Path]:
    """figures.xlsx made from data/, built into a folder that starts with the CSV build's chart cache only."""
    base = tmp_path_factory.mktemp("book")
    data = workbook_folder(base / "data")
    out = base / "out"
    shutil.copytree(csv_build / ".cache", out / ".cache")
    result = _cli("build", "--data", str(data), "--out", str(out), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert f"wrote {out / (STEM + '-data.xlsx')}  " in result.stdout and " sheets" in result.stdout
    return data, out


def _copy(built: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    data, out = built
    shutil.copytree(data, tmp_path / "data")
    shutil.copytree(out, tmp_path / "out")
    return tmp_path / "data", tmp_path / "out"


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.iterdir()) if p.is_file() and not p.name.startswith(".")}


def test_a_workbook_builds_the_same_deck_pdf_and_pack_as_the_csv_files(
    csv_build: Path, book_build: tuple[Path, Path]
) -> None:
    _data, out = book_build
    assert sorted(_outputs(out)) == [f"{STEM}-data.xlsx", f"{STEM}.pdf", f"{STEM}.pptx"]
    assert deck_text(out / f"{STEM}.pptx") == deck_text(csv_build / f"{STEM}.pptx")
    assert pdf_text(out / f"{STEM}.pdf") == pdf_text(csv_build / f"{STEM}.pdf")
    assert (out / f"{STEM}-data.xlsx").read_bytes() == (csv_build / f"{STEM}-data.xlsx").read_bytes()


def test_chart_notes_and_the_appendix_name_the_data_pack(csv_build: Path) -> None:
    from pptx import Presentation

    deck = Presentation(str(csv_build / f"{STEM}.pptx"))
    pictured = [s for s in deck.slides if any(shape.shape_type == 13 for shape in s.shapes)]  # 13: a picture
    notes = [s.notes_slide.notes_text_frame.text for s in pictured]
    assert len(notes) >= 5 and all(n.endswith(PACK_LINE) for n in notes)
    assert sum(PACK_LINE in text for text in deck_texts(csv_build / f"{STEM}.pptx")) == len(notes)
    assert squash(pdf_text(csv_build / f"{STEM}.pdf")).count(PACK_LINE) == 1


def test_the_manifest_tracks_the_pack_and_an_unchanged_workbook_is_up_to_date(
    book_build: tuple[Path, Path], tmp_path: Path
) -> None:
    data, out = _copy(book_build, tmp_path)
    entry = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["outputs"]["xlsx"]
    assert entry["file"] == f"{STEM}-data.xlsx"
    before = _outputs(out)
    result = _cli("build", "--data", str(data), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"up to date: {STEM}.pptx, {STEM}.pdf, {STEM}-data.xlsx (")
    (out / f"{STEM}-data.xlsx").write_bytes(b"edited by hand")
    again = _cli("build", "--data", str(data), "--out", str(out))
    assert f"wrote {out / (STEM + '-data.xlsx')}" in again.stdout and f"kept  {out / (STEM + '.pdf')}" in again.stdout
    assert _outputs(out) == before


def test_a_changed_cell_is_reported_by_sheet_and_cell_and_reaches_the_pack(
    book_build: tuple[Path, Path], tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    data, out = _copy(book_build, tmp_path)
    edit_workbook(data / "figures.xlsx", set_cell("clusters", "D4", 63500))
    result = _cli("build", "--data", str(data), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "  figures.xlsx, sheet clusters, cell D4  Seoul  pct_applications: 63447 → 63500" in result.stdout
    assert int(result.stdout.split("charts: ")[1].split(" rendered")[0]) == 0  # no chart draws the counts
    assert "63,500" in deck_text(out / f"{STEM}.pptx")
    pack = load_workbook(out / f"{STEM}-data.xlsx")
    values = [c.value for s in pack.worksheets for row in s.iter_rows() for c in row]
    assert 63500 in values and 63447 not in values


def test_a_bad_save_of_the_workbook_writes_nothing(book_build: tuple[Path, Path], tmp_path: Path) -> None:
    data, out = _copy(book_build, tmp_path)
    before = _outputs(out)
    edit_workbook(data / "figures.xlsx", set_text("clusters", "D4", "63,447"))
    result = _cli("build", "--data", str(data), "--out", str(out), "--force")
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert result.stderr.splitlines()[0] == (
        f"{data}/figures.xlsx, sheet clusters, cell D4: found text '63,447', expected a whole number without "
        "thousands separators; write 63447"
    )
    assert _outputs(out) == before


def test_without_the_pack_nothing_mentions_it_and_per_hub_writes_one_pack_per_hub(
    csv_build: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    shutil.copytree(csv_build, out)
    result = _cli("build", "--out", str(out), "--format", "pdf")
    assert result.returncode == 0, result.stderr
    assert "The numbers behind every chart" not in squash(pdf_text(out / f"{STEM}.pdf"))
    result = _cli("build", "--out", str(out), "--per-hub")
    assert result.returncode == 0, result.stderr
    packs = sorted(p.name for p in (out / "hubs").glob("*-data.xlsx"))
    assert len(packs) == 5 and "seoul-data.xlsx" in packs
    assert "The numbers behind" not in squash(pdf_text(out / "hubs" / "seoul.pdf"))  # a hub document has no chart
    extras = json.loads((out / MANIFEST).read_text(encoding="utf-8"))["outputs"]["xlsx"]["extras"]
    assert sorted(extras) == [f"hubs/{name}" for name in packs]
