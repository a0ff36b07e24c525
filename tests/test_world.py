"""report.charts.world: map labels are placed by their width, and a CJK name is wider than its letter count says."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from report.charts.world import _place_labels
from report.look.fontchain import system_fonts
from report.look.theme import load_theme

SIZE = 14
WIDTH, HEIGHT = 338, 260


@pytest.mark.parametrize("label", ["東京–横浜", "서울특별시", "Tokyo–Yokohama"])
def test_a_label_near_the_edge_is_placed_where_its_real_width_fits(label: str) -> None:
    """A circle 60 px from the right edge: its label must end inside the frame, measured with the font that
    draws it (an estimate of 0.58 em a character puts a CJK name's end off the edge)."""
    from PIL import ImageFont

    if label.isascii():
        path, index = Path(load_theme().font_files["regular"]), 0
    else:
        found = system_fonts("cjk", label)
        if not found:
            pytest.skip("no installed CJK font: install fonts-noto-cjk (tools/install-system-packages.sh)")
        path, index = found[0][0].path, found[0][0].index
    font = ImageFont.truetype(str(path), SIZE, index=index)
    point = {"px": WIDTH - 60, "py": HEIGHT / 2, "r": 10, "label": label, "score": 1.0, "cluster": "c"}
    (spot,) = _place_labels([point], WIDTH, HEIGHT, SIZE, [])
    longest = max(font.getlength(line) for line in spot["label"].split("\n"))
    left = {"left": spot["x"], "center": spot["x"] - longest / 2, "right": spot["x"] - longest}[spot["align"]]
    assert left >= 0 and left + longest <= WIDTH, (spot, longest)


def _inline_rows(spec_json: str) -> list[dict[str, Any]]:
    """Every inline data row of a spec: in each layer's "values" and in "datasets"."""
    found: list[dict[str, Any]] = []

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            found.extend(v for v in node.get("values", []) if isinstance(v, dict))
            for key, value in node.items():
                if key not in ("values", "datasets"):
                    collect(value)
            for value in node.get("datasets", {}).values():
                found.extend(v for v in value if isinstance(v, dict))
        elif isinstance(node, list):
            for item in node:
                collect(item)

    collect(json.loads(spec_json))
    return found


def test_the_key_names_both_colours_and_sets_the_size_values_on_one_line(content: Any) -> None:
    """The key says what the highlight colour means (a caption's "highlighted" is not a legend), and the size
    key's numbers share one line instead of each sitting at its own circle's middle."""
    from report.charts import specs

    labels = content.narrative.labels
    groups = (labels["legend_hubs"], labels["legend_others"])
    spec = specs.world_map(content.briefing, content.narrative["map"], "Combined score", "Inset", content.theme, groups)
    rows = _inline_rows(spec.spec_json)
    words = {row["text"]: row for row in rows if "text" in row}
    assert set(groups) <= set(words) and "Combined score" in words
    dots = [row for row in rows if "fill" in row and "d2" in row]
    assert {row["fill"] for row in dots} == {content.theme.colours["focus"], content.theme.colours["context"]}
    values = [row for text, row in words.items() if text.replace(".", "").isdigit()]
    assert len(values) >= 2 and len({row["y"] for row in values}) == 1


def test_world_labels_stand_off_their_circles_on_a_leader() -> None:
    crowd = [
        {"px": 100 + 6 * i, "py": 80 + 3 * i, "r": 3, "label": "Paris" if i == 0 else "", "score": 1.0, "cluster": i}
        for i in range(5)
    ]
    (spot,) = _place_labels(crowd, WIDTH, HEIGHT, SIZE, [], leader=True)
    assert spot["lead"] is True


def test_the_world_writes_the_counts_by_region_that_the_title_states(content: Any) -> None:
    """The map's title counts the clusters by region; the world shows the same counts where the regions are, so
    a reader can check the title on the map: the three largest regions, then the rest together."""
    from collections import Counter

    from report.blocks import Chart
    from report.charts.specs import MAP_WIDTH_PX
    from report.story import full_story

    briefing, narrative = content.briefing, content.narrative
    counts = Counter(briefing.economy(c.economy_codes[0]).region for c in briefing.clusters).most_common()
    assert len(counts) > 3  # the default data has regions beyond the three named
    expected = [narrative.labels["map_tally"].format(region=narrative.region(r), n=n) for r, n in counts[:3]]
    expected.append(narrative.labels["map_elsewhere"].format(n=sum(n for _r, n in counts[3:])))
    chart = next(b for b in full_story(content).blocks if isinstance(b, Chart) and b.key == "map")
    written = {row["text"]: row for row in _inline_rows(chart.chart.spec_json) if "text" in row}
    for text in expected:
        assert text in written, (text, sorted(written))
        assert 0 < written[text]["x"] < MAP_WIDTH_PX  # on the world, not in the enlarged view
    title = chart.words.title
    for region, n in counts[:3]:
        assert f"{n} in {narrative.region(region)}" in title


def test_the_page_prints_the_world_over_its_enlarged_view_larger_than_the_slide_does(content: Any) -> None:
    """Readers found the map small on the page: the PDF prints its own drawing, the enlarged view under the world,
    at the slide's type scale, so it prints nearly twice as tall as the slide's side-by-side map."""
    from report.blocks import Chart
    from report.story import full_story

    block = next(b for b in full_story(content).blocks if isinstance(b, Chart) and b.key == "map")
    slide, page = block.chart, block.page_chart
    assert page is not slide and page.key == "map_print" and slide.key == "map"
    assert page.print_pt_per_px == slide.print_pt_per_px  # labels print at one size
    assert page.height_px > 1.9 * slide.height_px and page.width_px < slide.width_px
    concat = json.loads(page.spec_json)
    assert "vconcat" in concat and "hconcat" not in concat
    assert (page.alt, page.caption, page.table) == (slide.alt, slide.caption, slide.table)


def test_a_count_written_on_the_world_stands_clear_of_the_enlarged_areas_outline() -> None:
    """'Elsewhere 2', centred under Tel Aviv–Jerusalem and Tehran, touched the outline of the enlarged area on
    the page's map: a count moves along its line until it stands clear."""
    from report.charts.world import TALLY_GAP, _overlap, _Projection, _tally_spots

    proj = _Projection(600, 278)
    members = [(34.8, 32.1), (51.4, 35.7)]  # Tel Aviv–Jerusalem, Tehran
    tally = {"text": "Elsewhere 2", "members": members, "region": None}
    (free,) = _tally_spots(proj, (tally,), SIZE)
    _x0, y0, x1, y1 = free["box"]
    outline = (x1 - 10, y0 - 40, x1 + 120, y1 + 40)  # an enlarged area whose left side cuts the count
    (moved,) = _tally_spots(proj, (tally,), SIZE, outline)
    gap = (outline[0] - TALLY_GAP, outline[1] - TALLY_GAP, outline[2] + TALLY_GAP, outline[3] + TALLY_GAP)
    assert _overlap(free["box"], gap) > 0 and _overlap(moved["box"], gap) == 0
    assert moved["y"] == free["y"] and moved["x"] < free["x"]
