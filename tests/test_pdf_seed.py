"""The PDF laid out once from the previous build's contents and page count: the same bytes as a cold build.

A seed is only a hint, so every way it can be wrong (stale page numbers, another page count, a damaged or
hostile file) must still give the cold build's bytes, in as many passes as that takes.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from report.blocks import Story
from report.charts.raster import render_charts
from report.content import Content
from report.data import load_briefing
from report.look.theme import load_theme
from report.outputs.pdf import document
from report.outputs.pdf.document import build_pdf
from report.outputs.pdf.seed import read_seed
from report.paths import templates_dir
from report.story import full_story
from report.words.narrative import write_narrative
from tests.conftest import DATA, TEST_DATE


@pytest.fixture()
def passes(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The number of passes of each multiBuild, in order."""
    counted: list[int] = []
    original = document.Document.multiBuild

    def counting(self: document.Document, *args: object, **kwargs: object) -> int:
        done: int = original(self, *args, **kwargs)
        counted.append(done)
        return done

    monkeypatch.setattr(document.Document, "multiBuild", counting)
    return counted


@pytest.fixture(scope="module")
def cold(story: Story, tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, Path]:
    """A cold build's bytes and the seed it left."""
    folder = tmp_path_factory.mktemp("cold")
    seed = folder / "seed.json"
    build_pdf(story, folder / "cold.pdf", "a4", seed=seed)
    return (folder / "cold.pdf").read_bytes(), seed


def test_a_cold_build_takes_two_passes_and_leaves_its_contents(story: Story, tmp_path: Path, passes: list[int]) -> None:
    seed = tmp_path / "seed.json"
    pages = build_pdf(story, tmp_path / "a.pdf", "a4", seed=seed)
    assert passes == [2]
    left = read_seed(seed)
    assert left is not None and left.pages == pages
    titles = [text for _level, text, _page, _key in left.entries]
    assert story.content.narrative["summary"].title in titles
    assert all(1 < page <= pages for _level, _text, page, _key in left.entries)


def test_a_seeded_build_is_one_pass_and_the_same_bytes(
    story: Story, cold: tuple[bytes, Path], tmp_path: Path, passes: list[int]
) -> None:
    seed = tmp_path / "seed.json"
    seed.write_bytes(cold[1].read_bytes())
    build_pdf(story, tmp_path / "warm.pdf", "a4", seed=seed)
    assert passes == [1]
    assert (tmp_path / "warm.pdf").read_bytes() == cold[0]


def test_fresh_ignores_the_seed(story: Story, cold: tuple[bytes, Path], tmp_path: Path, passes: list[int]) -> None:
    seed = tmp_path / "seed.json"
    seed.write_bytes(cold[1].read_bytes())
    build_pdf(story, tmp_path / "forced.pdf", "a4", seed=seed, fresh=True)
    assert passes == [2]
    assert (tmp_path / "forced.pdf").read_bytes() == cold[0]


def _edited(seed: Path, change: str) -> str:
    raw = json.loads(seed.read_text(encoding="utf-8"))
    if change == "pages":
        raw["pages"] += 1
    elif change == "page numbers":
        raw["entries"] = [[level, text, page + 1, key] for level, text, page, key in raw["entries"]]
    elif change == "an entry too few":
        raw["entries"] = raw["entries"][:-1]
    elif change == "markup":
        raw["entries"][0][1] = "<b>unclosed & <font name='Nope'>"
    return json.dumps(raw)


@pytest.mark.parametrize("change", ["pages", "page numbers", "an entry too few", "markup"])
def test_a_stale_or_hostile_seed_costs_passes_never_bytes(
    story: Story, cold: tuple[bytes, Path], tmp_path: Path, passes: list[int], change: str
) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text(_edited(cold[1], change), encoding="utf-8")
    build_pdf(story, tmp_path / "stale.pdf", "a4", seed=seed)
    assert sum(passes) >= 2
    assert (tmp_path / "stale.pdf").read_bytes() == cold[0]
    assert seed.read_bytes() == cold[1].read_bytes()  # and the seed is put right for the next build


@pytest.mark.parametrize(
    "text", ["", "not json", "[]", '{"pages": 0, "entries": []}', '{"pages": 3, "entries": [[0, 1, 2]]}']
)
def test_a_damaged_seed_is_no_seed(
    story: Story, cold: tuple[bytes, Path], tmp_path: Path, passes: list[int], text: str
) -> None:
    seed = tmp_path / "seed.json"
    seed.write_text(text, encoding="utf-8")
    assert read_seed(seed) is None
    build_pdf(story, tmp_path / "damaged.pdf", "a4", seed=seed)
    assert passes == [2]
    assert (tmp_path / "damaged.pdf").read_bytes() == cold[0]


def test_a_long_contents_is_known_before_layout(tmp_path: Path, passes: list[int]) -> None:
    """Top 35: a contents running over pages. Its entries (not their pages) are known before layout, so the
    first pass gives it its full length and the second is final: two passes, not three."""
    briefing = load_briefing(DATA, {"top": 35})
    theme = load_theme()
    content = Content(briefing, write_narrative(briefing, templates_dir() / "prose.toml", TEST_DATE), theme, TEST_DATE)
    story = full_story(content)
    story = story.with_charts(render_charts(story.chart_specs(), tmp_path / "charts", theme, jobs=2))
    seed = tmp_path / "seed.json"
    build_pdf(story, tmp_path / "long.pdf", "a4", seed=seed)
    left = read_seed(seed)
    assert left is not None and len(left.entries) > 40
    assert passes == [2]
