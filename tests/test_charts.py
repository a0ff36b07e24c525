"""Chart specs: built from the data, themed, inline, sized for print; snapshots catch unintended changes.

Refresh the snapshots deliberately with `make snapshots` after a change you meant to make.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from report.blocks import Story
from report.charts.raster import png_size
from report.charts.specs import PRINT_WIDTH_IN, ChartSpec, slug
from report.content import Content
from report.data import Briefing
from report.story import full_story

SNAPSHOTS = Path(__file__).parent / "snapshots" / "charts"


@pytest.fixture(scope="module")
def specs(story: Story) -> tuple[ChartSpec, ...]:
    return story.chart_specs()


def _values(spec: ChartSpec) -> list[dict]:
    parsed = json.loads(spec.spec_json)
    layers = parsed.get("layer", [parsed])
    return parsed.get("data", layers[0].get("data", {})).get("values", [])


def test_at_least_six_kinds_of_chart(specs: tuple[ChartSpec, ...], briefing: Briefing) -> None:
    kinds = {s.key.split("-")[0] for s in specs}
    assert {"economies", "pct_vs_pubs", "shares", "rank_movement", "hub", "facts", "intensity"} <= kinds
    assert [s.key for s in specs if s.key.startswith("hub-")] == [f"hub-{slug(h.name)}" for h in briefing.hubs]


def test_economy_chart_highlights_the_two_leaders(specs: tuple[ChartSpec, ...], content: Content) -> None:
    economies = next(s for s in specs if s.key == "economies")
    rows = {r["economy"]: r for r in _values(economies)}
    assert rows["China"]["clusters"] == 24 and rows["China"]["group"] == "lead"
    assert rows["United States"]["clusters"] == 21 and rows["United States"]["group"] == "runner"
    spec_text = economies.spec_json
    assert content.theme.colour("highlight") in spec_text and content.theme.colour("second") in spec_text


def test_facts_charts_only_where_a_hub_has_two_figures_in_one_unit(
    specs: tuple[ChartSpec, ...], briefing: Briefing
) -> None:
    expected = set()
    for hub in briefing.hubs:
        units = [f.unit for f in briefing.facts_for(hub.name) if f.unit != "rank"]
        expected |= {f"facts-{slug(hub.name)}-{slug(u)}" for u in set(units) if units.count(u) >= 2}
    assert {s.key for s in specs if s.key.startswith("facts-")} == expected


def test_every_chart_is_inline_themed_and_described(specs: tuple[ChartSpec, ...], content: Content) -> None:
    for spec in specs:
        parsed = json.loads(spec.spec_json)
        assert '"url"' not in spec.spec_json, spec.key
        assert parsed["config"]["font"] == content.theme.font_family
        assert len(spec.alt) > 40 and spec.caption and spec.source_ids


def test_charts_are_print_resolution(story: Story) -> None:
    for chart in story.rendered.values():
        width, height = png_size(chart.png)
        assert (width, height) == (chart.width_px, chart.height_px)
        assert width / PRINT_WIDTH_IN >= 200, chart.spec.key
        assert abs(width / height - chart.spec.aspect) < 0.01


def test_specs_match_snapshots(specs: tuple[ChartSpec, ...]) -> None:
    if os.environ.get("REPORT_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOTS.mkdir(parents=True, exist_ok=True)
        for old in SNAPSHOTS.glob("*.json"):
            old.unlink()
        for spec in specs:
            (SNAPSHOTS / f"{spec.key}.json").write_text(
                json.dumps(json.loads(spec.spec_json), indent=1, sort_keys=True, ensure_ascii=False) + "\n",
                encoding="utf-8",
            )
    stored = {p.stem for p in SNAPSHOTS.glob("*.json")}
    assert stored == {s.key for s in specs}, "chart set changed: run `make snapshots` if that was intended"
    for spec in specs:
        expected = json.loads((SNAPSHOTS / f"{spec.key}.json").read_text(encoding="utf-8"))
        assert json.loads(spec.spec_json) == expected, f"{spec.key} changed: run `make snapshots` if intended"


def test_same_inputs_same_specs(content: Content, specs: tuple[ChartSpec, ...]) -> None:
    again = full_story(content).chart_specs()
    assert [s.spec_json for s in again] == [s.spec_json for s in specs]
