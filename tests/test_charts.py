"""Chart specs: built from the data, themed, inline, sized for print; snapshots catch unintended changes.

Refresh the snapshots deliberately with `make snapshots` after a change you meant to make.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from report.blocks import Story
from report.charts.raster import png_size
from report.charts.specs import ChartSpec
from report.content import Content
from report.data import Briefing, load_briefing
from report.story import full_story
from report.words.format import in_words
from tests.conftest import TEST_DATE

SNAPSHOTS = Path(__file__).parent / "snapshots" / "charts"
MIN_DPI = 200


@pytest.fixture(scope="module")
def specs(story: Story) -> tuple[ChartSpec, ...]:
    return story.chart_specs()


def _spec(specs: tuple[ChartSpec, ...], key: str) -> ChartSpec:
    return next(s for s in specs if s.key == key)


def _values(spec: ChartSpec) -> list[dict[str, Any]]:
    """Every inline data row of a spec, from all its layers."""
    parsed = json.loads(spec.spec_json)
    found = []
    for layer in [parsed, *parsed.get("layer", [])]:
        values = layer.get("data", {}).get("values", [])
        if isinstance(values, list):
            found += values
    for values in parsed.get("datasets", {}).values():  # where Altair gathers data it has named
        found += values if isinstance(values, list) else []
    return found


def _scales(node: object) -> list[dict[str, object]]:
    """Every scale object in a spec, wherever it is nested."""
    found: list[dict[str, object]] = []
    if isinstance(node, dict):
        if isinstance(node.get("scale"), dict):
            found.append(node["scale"])
        for value in node.values():
            found += _scales(value)
    elif isinstance(node, list):
        for value in node:
            found += _scales(value)
    return found


def test_the_story_draws_five_kinds_of_chart(specs: tuple[ChartSpec, ...]) -> None:
    """Five charts, the map twice: beside its enlarged view on the slide, over it on the page."""
    assert {s.key for s in specs} == {"map", "map_print", "economies", "pct_vs_pubs", "rank_movement", "intensity"}


def test_economy_chart_sets_the_two_leaders_apart_and_counts_the_rest(
    specs: tuple[ChartSpec, ...], content: Content
) -> None:
    spec = _spec(specs, "economies")
    rows = {r["economy"]: r for r in _values(spec) if "role" in r}
    leaders = content.briefing.economies_by_count()
    assert rows[leaders[0].name]["role"] == rows[leaders[1].name]["role"] == "lead"
    # blue means the top clusters on every chart; economies are not clusters, so the leaders are dark grey
    scales = _scales(json.loads(spec.spec_json))
    roles = next(sc for sc in scales if sc.get("domain") == ["lead", "context", "unknown"])
    assert roles["range"][0].upper() == content.theme.colour("muted")
    assert content.theme.colour("focus") not in {str(c).upper() for sc in scales for c in sc.get("range", [])}
    assert all(rows[e.name]["role"] == "context" for e in leaders[2:])
    unknown = [r for r in rows.values() if r["role"] == "unknown"]
    assert [r["clusters"] for r in unknown] == [100 - sum(e.clusters_top100 or 0 for e in leaders)]


def test_the_map_places_every_cluster_with_a_position_and_a_score(
    specs: tuple[ChartSpec, ...], briefing: Briefing
) -> None:
    spec = _spec(specs, "map")
    drawn = {row[1] for row in spec.table.rows}
    expected = {c.name for c in briefing.clusters if c.lat is not None and c.total_share is not None}
    assert drawn == expected and len(drawn) >= 30
    labelled = {r["cluster"] for r in _values(spec) if r.get("label") and "align" in r}  # placed labels
    # the five largest are labelled in the enlarged view; on the world, the largest of each other region that has
    # three or more clusters on the map
    five = {c.name for c in briefing.clusters[:5]}
    region = {c.name: briefing.economy(c.economy_codes[0]).region for c in briefing.clusters}
    theirs = {region[name] for name in five}
    by_region: dict[str, list[str]] = {}
    for c in briefing.clusters:
        if c.name in drawn:
            by_region.setdefault(region[c.name], []).append(c.name)
    others = {names[0] for r, names in by_region.items() if r not in theirs and len(names) >= 3}
    assert labelled == five | others
    assert others == {"San Jose–San Francisco, CA", "Paris"}  # North America's and Europe's largest
    assert "approx-positions" in spec.source_ids


def test_a_cluster_without_a_position_is_left_off_the_map_and_named(data_copy: Path) -> None:
    clusters = data_copy / "clusters.csv"
    text = clusters.read_text(encoding="utf-8").replace(",41.88,-87.63,approx-positions", ",,,")
    clusters.write_text(text, encoding="utf-8")
    briefing = load_briefing(data_copy)
    assert next(c for c in briefing.clusters if c.name == "Chicago, IL").lat is None
    from report.look.theme import load_theme
    from report.paths import templates_dir
    from report.words.narrative import write_narrative

    narrative = write_narrative(briefing, templates_dir() / "prose.toml", TEST_DATE)
    story = full_story(Content(briefing, narrative, load_theme(), TEST_DATE))
    block = next(b for b in story.blocks if b.key == "map")
    assert "Chicago, IL" not in {row[1] for row in block.charts[0].table.rows}
    assert "Chicago, IL" in block.words.caption and "Chicago, IL" in block.charts[0].caption


def test_colours_mean_one_thing_and_the_brand_colours_never_stand_for_data(
    specs: tuple[ChartSpec, ...], content: Content
) -> None:
    brand = {content.theme.colour("primary"), content.theme.colour("accent")}
    for spec in specs:
        for colour in brand:
            assert colour not in spec.spec_json.upper(), spec.key
    for key in ("map", "pct_vs_pubs"):  # the top clusters are the focus colour on every chart that shows them
        assert content.theme.colour("focus") in spec_colours(_spec(specs, key))


def spec_colours(spec: ChartSpec) -> str:
    return spec.spec_json.upper()


def test_every_coloured_chart_has_a_legend_or_direct_labels(specs: tuple[ChartSpec, ...]) -> None:
    for spec in specs:
        parsed = json.dumps(json.loads(spec.spec_json))
        assert '"legend": {' in parsed or '"text"' in parsed, spec.key


def test_every_chart_is_inline_themed_and_described(specs: tuple[ChartSpec, ...], content: Content) -> None:
    for spec in specs:
        parsed = json.loads(spec.spec_json)
        assert '"url"' not in spec.spec_json, spec.key
        assert parsed["config"]["font"] == content.theme.font_family
        assert len(spec.alt) > 40 and spec.caption and spec.source_ids
        assert spec.table.columns and spec.table.rows, spec.key


def test_charts_are_print_resolution(story: Story) -> None:
    for chart in story.rendered.values():
        width, height = png_size(chart.png)
        assert (width, height) == (chart.width_px, chart.height_px)
        printed_in = width / chart.spec.scale * chart.spec.print_pt_per_px / 72
        assert width / printed_in >= MIN_DPI, chart.spec.key
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


def test_movement_chart_gives_far_apart_ranks_their_own_panel(specs: tuple[ChartSpec, ...], content: Content) -> None:
    """The top six's one-place moves and the big moves near rank 25 do not share one axis from 1 to 30: each
    group has its own panel and rank axis, and a cluster that held its place shows one filled dot."""
    spec = json.loads(_spec(specs, "rank_movement").spec_json)
    panels = spec["vconcat"]
    movers = content.narrative.insights.movers
    assert len(panels) == 2
    domains = [s["domain"] for s in _scales(panels) if isinstance(s.get("domain"), list) and len(s["domain"]) == 2]
    top, far = sorted({tuple(d) for d in domains if all(isinstance(v, int | float) for v in d)})
    assert top[1] < far[0]  # two separate stretches of the ranking

    def inside(domain: tuple[float, ...], c: Any) -> bool:
        return all(domain[0] < r < domain[1] for r in (c.rank, c.previous_rank or c.rank))

    assert all(inside(top, c) for c in content.briefing.hubs)
    assert content.narrative.insights.big_moves and all(inside(far, c) for c in content.narrative.insights.big_moves)
    assert all(inside(top, c) != inside(far, c) for c in movers if c.rank_change is not None)
    hollow = [layer for p in panels for layer in p["layer"] if layer.get("mark", {}).get("type") == "point"]
    assert hollow and all("datum.move != 'same'" in json.dumps(layer.get("transform", [])) for layer in hollow)


def test_the_scatter_draws_the_two_shares_so_its_title_can_be_seen(
    specs: tuple[ChartSpec, ...], content: Content
) -> None:
    """'Patents outweigh publications for four of the top five' is about shares, the two parts of the combined
    score: plotted as counts, publications outnumber PCT applications for four of the five. The chart plots the
    shares, with the line where they are equal, and the title counts the hubs above it (a reader found an older
    title, which counted only parts over 60%, contradicted by this line); a part of 50-60% is 'only just', as the
    hub slides and the close call it nearly level."""
    spec = _spec(specs, "pct_vs_pubs")
    rows = {r["cluster"]: r for r in _values(spec) if "cluster" in r}
    line = [r for r in _values(spec) if "cluster" not in r and "text" not in r]
    assert len(line) == 2 and all(r["pubs"] == r["pct"] for r in line)  # the diagonal: equal shares
    profiles = content.narrative.insights.profiles
    for profile in profiles:
        c = profile.cluster
        row = rows[c.name]
        assert (row["pct"], row["pubs"]) == (float(c.pct_share), float(c.pub_share))  # type: ignore[arg-type]
        assert (row["pct"] > row["pubs"]) == (profile.patent_part is not None and profile.patent_part > 50)
    above = sum(p.patent_part is not None and p.patent_part > 50 for p in profiles)  # above the line
    just = [p.name for p in profiles if p.patent_part is not None and 50 < p.patent_part <= 60]
    science = [p.name for p in profiles if p.patent_part is not None and p.patent_part < 50]
    title = content.narrative["pct_vs_pubs"].title
    assert f"By share, patents outweigh publications for {in_words(above)} of the top" in title
    assert just and all(name in title for name in just) and "only just" in title
    assert science and all(name in title for name in science) and "on science" in title


def test_the_intensity_chart_sets_rank_by_size_against_rank_by_intensity(
    specs: tuple[ChartSpec, ...], content: Content
) -> None:
    """'None of the top five by size is among the five most intensive' is a claim about two rankings: the chart
    draws both for every cluster ranked by intensity and for the five largest, from intensity.csv, the place
    facts and clusters.csv; a place the sources do not give is drawn as nothing, and a cluster not in the
    listed ranking sits in one slot past the ranks, labelled with the ranking's length."""
    briefing = content.briefing
    spec = _spec(specs, "intensity")
    rows = {r["cluster"]: r for r in _values(spec) if "cluster" in r}
    place = briefing.place_names()
    size = {c.name: c.rank for c in briefing.clusters}
    ranked = [i for i in briefing.intensity if i.rank is not None]
    assert ranked
    slots = set()
    for entry in ranked:
        row = rows[place[entry.cluster]]
        assert row["intensity"] == entry.rank
        if entry.cluster in size:
            assert row["size"] == size[entry.cluster]
        else:
            slots.add(row["size"])
    assert len(slots) == 1 and min(slots) > max(size[c.name] for c in briefing.clusters[:5])  # one slot, past them
    assert f'[\\"Not in\\", \\"top {len(briefing.clusters)}\\"]' in spec.spec_json  # the slot's label, two lines
    places = {f.cluster: int(f.value) for f in briefing.facts if f.unit == "rank" and f.metric == "by S&T intensity"}
    for cluster in briefing.clusters[:5]:
        expected = places.get(cluster.name, next((i.rank for i in ranked if i.cluster == cluster.name), None))
        assert (rows[cluster.name]["size"], rows[cluster.name]["intensity"]) == (cluster.rank, expected)
    assert places.get("Beijing") == 14 and rows["Beijing"]["intensity"] == 14  # the place given as a fact
    unplaced = [c.name for c in briefing.clusters[:5] if rows[c.name]["intensity"] is None]
    assert unplaced and "ring alone" in spec.caption  # their place is unknown, and the caption says so once
    assert all(c not in spec.caption for c in unplaced)  # once, not as a list of names in prime space
    assert "Cambridge (United Kingdom), not in the top 35 by size and 1st by intensity" in spec.alt
