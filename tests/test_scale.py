"""Scale: --top up to the whole table, one short deck and PDF per hub, and a synthetic 100-cluster build."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from report.build import BuildOptions, BuildResult, build
from report.charts.specs import slug
from report.data import load_briefing
from tests.readers import deck_text, pdf_text, plain, squash

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parent.parent


def _paths(result: BuildResult) -> tuple[Path, Path]:
    return (
        next(o.path for o in result.outputs if o.kind == "pptx"),
        next(o.path for o in result.outputs if o.kind == "pdf"),
    )


def _check_every_hub_present_and_nothing_overflows(result: BuildResult, names: list[str]) -> None:
    deck_path, pdf_path = _paths(result)
    deck = Presentation(str(deck_path))
    width, height = deck.slide_width, deck.slide_height
    for slide in deck.slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.left + shape.width <= width
            assert shape.top >= 0 and shape.top + shape.height <= height
    titles = [plain(s.shapes.title.text) for s in deck.slides if s.shapes.title is not None]
    text = squash(deck_text(deck_path))
    pdf = squash(pdf_text(pdf_path))
    for name in names:
        assert any(t.startswith(f"{name}:") for t in titles), f"no slide for {name}"
        assert name in text and name in pdf
    assert len(PdfReader(str(pdf_path)).pages) == next(o.count for o in result.outputs if o.kind == "pdf")


def test_top_35_covers_the_whole_table(tmp_path: Path) -> None:
    result = build(BuildOptions(data_dir=ROOT / "data", out_dir=tmp_path, top=35, jobs=2))
    names = [c.name for c in load_briefing(ROOT / "data").clusters]
    _check_every_hub_present_and_nothing_overflows(result, names)
    deck = Presentation(str(_paths(result)[0]))
    overview = load_briefing(ROOT / "data", {"top": 35})
    from report.look.theme import load_theme
    from report.paths import templates_dir
    from report.words.narrative import write_narrative

    title = write_narrative(overview, templates_dir() / "prose.toml", "1 January 2026")["overview"].title
    tables = [s for s in deck.slides if s.shapes.title is not None and plain(s.shapes.title.text).startswith(title)]
    assert len(tables) >= 3, "35 table rows must continue over several slides"
    assert load_theme()
    assert len(deck.slides) == next(o.count for o in result.outputs if o.kind == "pptx")


def test_per_hub_writes_a_short_deck_and_pdf_per_hub(tmp_path: Path) -> None:
    build(BuildOptions(data_dir=ROOT / "data", out_dir=tmp_path, per_hub=True, jobs=2))
    hubs = load_briefing(ROOT / "data").hubs
    for hub in hubs:
        deck, pdf = tmp_path / "hubs" / f"{slug(hub.name)}.pptx", tmp_path / "hubs" / f"{slug(hub.name)}.pdf"
        slides = Presentation(str(deck)).slides
        assert 3 <= len(slides) <= 6
        assert hub.name in deck_text(deck) and hub.name in squash(pdf_text(pdf))
        assert len(PdfReader(str(pdf)).pages) <= 8
    again = build(BuildOptions(data_dir=ROOT / "data", out_dir=tmp_path, per_hub=True, jobs=2))
    assert again.up_to_date


def test_synthetic_hundred_cluster_build(tmp_path: Path) -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    from synthetic import generate

    data = generate(100, tmp_path / "data")
    result = build(BuildOptions(data_dir=data, out_dir=tmp_path / "out", top=100, jobs=2, formats=("pptx",)))
    names = [c.name for c in load_briefing(data).clusters]
    deck_path = _paths_pptx(result)
    titles = [plain(s.shapes.title.text) for s in Presentation(str(deck_path)).slides if s.shapes.title is not None]
    for name in names:
        assert any(t.startswith(f"{name}:") for t in titles)
    assert "SYNTHETIC" in deck_text(deck_path)


def _paths_pptx(result: BuildResult) -> Path:
    return next(o.path for o in result.outputs if o.kind == "pptx")
