"""Data inside the documented limits never breaks rendering; data beyond them is refused by `check` and `build`.

Once, one hub with 300 facts took 800 MB, 1,000 facts a 263-megapixel chart (PIL's DecompressionBombError)
and 5,000 facts overflowed vl-convert's stack, while `report check` said OK to all three.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from report.blocks import Story
from report.charts import specs
from report.charts.raster import checked_png, render_charts, within_budget
from report.charts.specs import ChartSpec
from report.content import Content
from report.limits import MAX_CHART_PIXELS, MAX_CHART_ROWS, MAX_CHART_SIDE_PX, MAX_FACTS_PER_CLUSTER
from report.look.theme import load_theme
from report.outputs.pdf.png import parse_rgb_png
from tests.conftest import DATA

ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000", "PYTHONWARNINGS": "ignore"}
FACT = "Seoul,Company {n},revenue,{value},USD billion,2022,,,synthetic test figure,seed-article,innovation,\n"
SEOUL_FACTS = sum(line.startswith("Seoul,") for line in (DATA / "facts.csv").read_text(encoding="utf-8").splitlines())


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "report", *args], capture_output=True, text=True, env=ENV, timeout=600)


def _with_facts(tmp_path: Path, count: int) -> Path:
    """The real data, plus ``count`` facts for Seoul, all in one unit (so one chart would draw them all)."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    with (data / "facts.csv").open("a", encoding="utf-8") as handle:
        handle.writelines(FACT.format(n=n, value=10 + n % 90) for n in range(count))
    return data


@pytest.mark.parametrize("count", [300, 4_900])
def test_check_and_build_refuse_a_hub_with_too_many_facts(tmp_path: Path, count: int) -> None:
    data = _with_facts(tmp_path, count)
    checked = _cli("check", "--data", str(data))
    assert checked.returncode == 2 and "Traceback" not in checked.stderr
    assert f"expected at most {MAX_FACTS_PER_CLUSTER} per cluster" in checked.stderr
    assert f"found {count + SEOUL_FACTS} facts for 'Seoul'" in checked.stderr  # with the ones it has already
    out = tmp_path / "out"
    built = _cli("build", "--data", str(data), "--out", str(out))
    assert built.returncode == 2 and "Traceback" not in built.stderr
    assert checked.stderr.splitlines()[0] == built.stderr.splitlines()[-2]  # the same problem, word for word
    assert not list(out.glob("*.p*"))


@pytest.mark.slow
def test_a_hub_at_the_fact_limit_builds_with_every_chart_in_budget(tmp_path: Path) -> None:
    data = _with_facts(tmp_path, MAX_FACTS_PER_CLUSTER - SEOUL_FACTS)
    assert _cli("check", "--data", str(data)).returncode == 0
    out = tmp_path / "out"
    built = _cli("build", "--data", str(data), "--out", str(out), "--format", "pdf", "--jobs", "2")
    assert built.returncode == 0, built.stderr
    pngs = list((out / ".cache" / "charts").glob("*.png"))
    assert pngs
    for png in pngs:
        size = checked_png(png.read_bytes())
        assert size is not None and within_budget(*size), (png, size)


def test_the_intensity_chart_draws_at_most_the_row_cap(content: Content) -> None:
    """Uncapped, 5,000 rows in intensity.csv would make this chart 450,000 px tall: it draws the first
    MAX_CHART_ROWS by intensity, then the five largest clusters, at the size of every chart."""
    briefing = content.briefing
    first = next(i for i in briefing.intensity if i.rank is not None)
    entries = tuple(dataclasses.replace(first, rank=n + 1, cluster=f"Cluster {n}") for n in range(3_000))
    crowded = dataclasses.replace(briefing, intensity=entries)
    names = {"size": "size", "intensity": "intensity", "outside": "not in top {n}", "axis": "rank"}
    rows = crowded.size_and_intensity(5, MAX_CHART_ROWS)
    spec = specs.size_and_intensity(crowded, content.narrative["intensity"], names, content.theme, rows)
    layers = json.loads(spec.spec_json)["layer"]
    drawn = {row["cluster"] for layer in layers for row in layer.get("data", {}).get("values", []) if "cluster" in row}
    place = crowded.place_names()  # a name that could be another place carries its economy, as in the text
    largest = {c.name for c in briefing.clusters[:5]}
    assert drawn == {place[f"Cluster {n}"] for n in range(MAX_CHART_ROWS)} | largest
    assert spec.width_px * spec.height_px * spec.scale**2 <= MAX_CHART_PIXELS


@pytest.mark.slow
def test_a_chart_wider_than_the_budget_is_drawn_again_to_fit(tmp_path: Path) -> None:
    """A 500-character label stretches a chart to about 15,000 pixels; it is rendered again at a smaller scale."""
    label = "W" * 500
    spec_json = json.dumps(
        {
            "data": {"values": [{"x": 1, "y": 1, "t": label}, {"x": 2, "y": 2, "t": "b"}]},
            "mark": {"type": "text", "align": "left"},
            "encoding": {
                "x": {"field": "x", "type": "quantitative"},
                "y": {"field": "y", "type": "quantitative"},
                "text": {"field": "t"},
            },
            "width": 560,
            "height": 380,
        }
    )
    spec = ChartSpec("wide", spec_json, 560, 380, 2.711, "alt", "caption", ())
    (chart,) = render_charts([spec], tmp_path, load_theme())
    assert chart.width_px <= MAX_CHART_SIDE_PX and chart.width_px * chart.height_px <= MAX_CHART_PIXELS
    assert chart.width_px > 2 * chart.height_px  # the same wide chart, at a smaller scale


def test_a_truncated_or_damaged_png_is_never_taken_for_a_chart(story: Story) -> None:
    """The cache's check and the PDF's parser both refuse what a full disk or a kill leaves behind."""
    chart = next(iter(story.rendered.values()))
    whole = chart.png.read_bytes()
    assert checked_png(whole) == (chart.width_px, chart.height_px)
    damaged = bytearray(whole)
    damaged[len(whole) // 2] ^= 0xFF
    for bad in (whole[: len(whole) // 2], whole[:30], whole[:-12], bytes(damaged), b"", b"GIF89a"):
        assert checked_png(bad) is None
        with pytest.raises(ValueError):
            parse_rgb_png(bad)
