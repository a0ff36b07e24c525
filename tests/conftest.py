"""Shared fixtures: the real data folder, and the built Content that the deck and PDF tests start from."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from report.charts import build_charts
from report.content import Content
from report.data import Briefing, load_briefing
from report.render import render_charts
from report.text import write_narrative
from report.theme import load_theme, templates_dir

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
TEST_DATE = "28 November 2026"


@pytest.fixture(scope="session")
def briefing() -> Briefing:
    return load_briefing(DATA)


@pytest.fixture(scope="session")
def content(tmp_path_factory: pytest.TempPathFactory, briefing: Briefing) -> Content:
    theme = load_theme()
    narrative = write_narrative(briefing, templates_dir() / "prose.toml", TEST_DATE)
    specs = build_charts(briefing, narrative, theme)
    cache = tmp_path_factory.mktemp("chart-cache")
    charts = render_charts(specs, cache, theme, jobs=2)
    return Content(briefing, narrative, theme, charts, TEST_DATE)


@pytest.fixture()
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ for tests that change figures."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target
