"""Shared fixtures: the real data folder, its Content, and the full story with its charts rendered once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from report.blocks import Story
from report.charts.raster import RenderedChart, render_charts
from report.content import Content
from report.data import Briefing, load_briefing
from report.look.theme import load_theme
from report.paths import templates_dir
from report.story import full_story, hub_story
from report.words.narrative import write_narrative

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TEST_DATE = "28 November 2026"


@pytest.fixture(scope="session")
def briefing() -> Briefing:
    return load_briefing(DATA)


@pytest.fixture(scope="session")
def content(briefing: Briefing) -> Content:
    narrative = write_narrative(briefing, templates_dir() / "prose.toml", TEST_DATE)
    return Content(briefing, narrative, load_theme(), TEST_DATE)


@pytest.fixture(scope="session")
def charts(tmp_path_factory: pytest.TempPathFactory, content: Content) -> tuple[RenderedChart, ...]:
    """Every chart of the full story, rendered once for the session (hub stories draw a subset)."""
    specs = full_story(content).chart_specs()
    return render_charts(specs, tmp_path_factory.mktemp("chart-cache"), content.theme, jobs=2)


@pytest.fixture(scope="session")
def story(content: Content, charts: tuple[RenderedChart, ...]) -> Story:
    return full_story(content).with_charts(charts)


@pytest.fixture(scope="session")
def first_hub_story(content: Content, charts: tuple[RenderedChart, ...]) -> Story:
    return hub_story(content, content.briefing.hubs[0].name).with_charts(charts)


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ for tests that change figures."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target
