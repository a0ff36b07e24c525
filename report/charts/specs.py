"""Build each kind of chart as a Vega-Lite spec with Altair, styled by the one theme.

A `ChartSpec` is pure data (canonical JSON plus its size, alt text, caption, sources and the numbers it
draws), so it can be hashed to decide whether its PNG must be rendered again. Rendering lives in raster.py.
Which charts a briefing has, and in what order, is the story's decision (story.py).

Colours mean one thing everywhere (templates/theme.toml): focus for what the title is about, context for
the rest, up and down for rank moves, patents and science for the two parts of the combined score.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

from report.data import Briefing, Cluster, SizeAndIntensity
from report.look.theme import Theme, altair_theme_config
from report.slugs import slug as slug  # re-exported: tests name hub files with specs.slug
from report.words.format import rank_change
from report.words.narrative import Section

CHART_WIDTH_PX = 480  # drawn 6.7 in wide on a slide: a 13 px label is 13 pt there
CHART_HEIGHT_PX = 290
MAP_WIDTH_PX, MAP_HEIGHT_PX = 520, 260  # the world; beside it, the area round the five largest, enlarged
MAP_INSET_PX, MAP_GAP_PX = 338, 12
PRINT_PT_PER_PX = 0.70  # every chart of a kind prints at one scale (a 13 px label is 9 pt), so type sizes match
MAP_PT_PER_PX = 0.55  # the map (870 px wide) prints across the page
# the page's map: the world over the enlarged view, narrow enough for its caption beside it (type as on the slide)
PRINT_MAP_WIDTH_PX, PRINT_MAP_HEIGHT_PX, PRINT_INSET_HEIGHT_PX = 600, 278, 220
RENDER_SCALE = 2.2  # pixels per chart pixel: 226 dpi at the print scale
PRINT_WIDTH_IN = CHART_WIDTH_PX * PRINT_PT_PER_PX / 72  # the widest a chart prints
LABELLED_POINTS = 8
THOUSANDS = "datum.value == 0 ? '0' : format(datum.value, '~s')"  # 50k, 100k, and a plain 0 (not "0k")
MAP_LABELS = 5  # the map names the first five: more labels crowd East Asia (and the placement search grows fast)
GEO = Path(__file__).resolve().parent / "geo" / "world-land-110m.json"

Cell = str | int | float | None


@dataclass(frozen=True)
class ChartTable:
    """The numbers a chart draws, as a reader would want them in a spreadsheet: one row per mark."""

    columns: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]


@dataclass(frozen=True)
class ChartSpec:
    """One chart: what to draw (Vega-Lite JSON), what to say about it, and the numbers it draws."""

    key: str
    spec_json: str
    width_px: int
    height_px: int
    scale: float
    alt: str
    caption: str
    source_ids: tuple[str, ...]
    clusters: tuple[str, ...] = ()  # the clusters it draws, for the appendix
    table: ChartTable = ChartTable((), ())
    print_pt_per_px: float = PRINT_PT_PER_PX  # how large it prints: one scale per kind of chart

    @property
    def digest(self) -> str:
        payload = f"{self.spec_json}|{self.scale}|{self.width_px}x{self.height_px}"
        return hashlib.sha256(payload.encode()).hexdigest()

    @property
    def aspect(self) -> float:
        return self.width_px / self.height_px


def _altair() -> Any:
    import altair

    return altair


def _finish(chart: Any, theme: Theme, width: int, height: int) -> str:
    spec = chart.properties(width=width, height=height).to_dict(validate=False)
    spec.update(altair_theme_config(theme))
    spec.pop("$schema", None)
    return json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _spec(
    key: str,
    spec_json: str,
    words: Section,
    sources: Any,
    clusters: Any = (),
    table: ChartTable | None = None,
    width: int = CHART_WIDTH_PX,
    height: int = CHART_HEIGHT_PX,
    pt_per_px: float = PRINT_PT_PER_PX,
) -> ChartSpec:
    return ChartSpec(
        key=key,
        spec_json=spec_json,
        width_px=width,
        height_px=height,
        scale=RENDER_SCALE,
        alt=words.alt,
        caption=words.caption,
        source_ids=tuple(dict.fromkeys(sources)),
        clusters=tuple(c.name for c in clusters),
        table=table or ChartTable((), ()),
        print_pt_per_px=pt_per_px,
    )


def _mix(a: str, b: str) -> str:
    """The colour halfway between two #RRGGBB colours: land a shade darker than a panel, lighter than a rule."""
    parts = [(int(a[i : i + 2], 16) + int(b[i : i + 2], 16)) // 2 for i in (1, 3, 5)]
    return "#" + "".join(f"{p:02X}" for p in parts)


def _f(value: Decimal | int | None) -> float | None:
    return None if value is None else float(value)


def _sources(clusters: Any) -> tuple[str, ...]:
    return tuple(s for c in clusters for s in c.sources)


def _labels_axis(alt: Any, theme: Theme) -> Any:
    """A category axis that is only its labels, in ink: no line, no ticks."""
    return alt.Axis(labelColor=theme.colour("ink"), ticks=False, domain=False, title=None, labelPadding=6)


# --- the kinds of chart ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _world() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(GEO.read_text(encoding="utf-8"))
    return loaded


def world_map(
    briefing: Briefing,
    words: Section,
    label: str,
    inset_title: str,
    theme: Theme,
    group_names: tuple[str, str] = ("", ""),
    tallies: tuple[tuple[str, tuple[str, ...]], ...] = (),
    stacked: bool = False,
) -> ChartSpec:
    """Every cluster with a position and a combined score on a world map, sized by that score, beside the area
    round the five largest drawn larger, where they are labelled; the largest of each other populous region is
    labelled on the world. `stacked`: the page's map ("map_print"), the enlarged area under a larger world."""
    from report.charts.world import region_around
    from report.charts.world import world_map_spec as draw

    hubs = {h.name for h in briefing.hubs}
    mapped = [c for c in briefing.clusters if c.lat is not None and c.lon is not None and c.total_share is not None]
    labelled = {c.name for c in mapped[:MAP_LABELS]}
    region_of = {c.name: briefing.economy(c.economy_codes[0]).region for c in mapped}
    counted = tuple(  # each tally: its text, its one region (or None), where the clusters it counts lie
        {
            "text": text,
            "region": regions[0] if len(regions) == 1 else None,
            "members": [(float(c.lon or 0), float(c.lat or 0)) for c in mapped if region_of[c.name] in regions],
        }
        for text, regions in tallies
    )
    leaders_regions = {region_of[name] for name in labelled}
    per_region: dict[str, list[str]] = {}
    for c in mapped:
        per_region.setdefault(region_of[c.name], []).append(c.name)
    world_labelled = {names[0] for r, names in per_region.items() if r not in leaders_regions and len(names) >= 3}
    rows = [
        {
            "cluster": c.name,
            "lat": float(c.lat or 0),
            "lon": float(c.lon or 0),
            "score": float(c.total_share or 0),
            "rank": c.rank,
            "label": c.name if c.name in labelled else "",
            "world_label": c.name if c.name in world_labelled else "",
            "group": "top" if c.name in hubs else "other",
        }
        for c in mapped
    ]
    if stacked:
        world_w, world_h, inset_w, inset_h = (
            PRINT_MAP_WIDTH_PX,
            PRINT_MAP_HEIGHT_PX,
            PRINT_MAP_WIDTH_PX,
            PRINT_INSET_HEIGHT_PX,
        )
        width, height = world_w, world_h + MAP_GAP_PX + inset_h
    else:
        world_w, world_h, inset_w, inset_h = MAP_WIDTH_PX, MAP_HEIGHT_PX, MAP_INSET_PX, MAP_HEIGHT_PX
        width, height = world_w + MAP_GAP_PX + inset_w, world_h
    region = region_around(
        [(float(c.lon or 0), float(c.lat or 0)) for c in mapped if c.name in labelled], inset_w / inset_h
    )
    colours = {**theme.colours, "land": _mix(theme.colour("panel"), theme.colour("rule"))}
    spec = draw(
        _altair,
        _world,
        rows,
        width=world_w,
        height=world_h,
        inset_width=inset_w,
        inset_height=inset_h,
        stacked=stacked,
        region=region,
        colours=colours,
        font=theme.font_family,
        label_size=int(theme.size("chart_label")) + 3,  # 8 pt and more where the map prints across the page
        legend_title=label,
        region_title=inset_title,
        group_names=group_names,
        tallies=counted,
    )
    spec.update(altair_theme_config(theme))
    spec["config"].pop("autosize", None)  # the map sizes itself exactly: its projections are fitted to the views
    spec["config"]["view"] = {"stroke": None}
    spec.pop("$schema", None)
    sources = (*_sources(mapped), *(s for c in mapped for s in c.position_sources))
    table = ChartTable(  # the region too: the map's title counts clusters by it
        ("Rank", "Cluster", "Region", "Combined score", "Latitude", "Longitude"),
        tuple((c.rank, c.name, region_of[c.name], _f(c.total_share), _f(c.lat), _f(c.lon)) for c in mapped),
    )
    return _spec(
        "map_print" if stacked else "map",
        json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
        words,
        sources,
        mapped,
        table,
        width,
        height,
        MAP_PT_PER_PX,
    )


def economies(briefing: Briefing, words: Section, unattributed: str, theme: Theme) -> ChartSpec:
    """Top-100 clusters per economy, the two leaders darker, then one bar for those no source attributes."""
    alt, c = _altair(), theme.colours
    counted = briefing.economies_by_count()
    rest = 100 - sum(e.clusters_top100 or 0 for e in counted)
    rows: list[dict[str, Any]] = [
        {"economy": e.name, "clusters": e.clusters_top100 or 0, "role": "lead" if i < 2 else "context"}
        for i, e in enumerate(counted)
    ]
    if rest > 0:
        rows.append({"economy": unattributed, "clusters": rest, "role": "unknown"})
    order = [r["economy"] for r in rows]
    # the bar of clusters in other economies is not an economy: its label in italics, muted, like its bar
    other = {"test": f"datum.value == {json.dumps(unattributed)}"}
    axis = _labels_axis(alt, theme)
    axis.labelColor = {"condition": {**other, "value": c["muted"]}, "value": c["ink"]}
    axis.labelFontStyle = {"condition": {**other, "value": "italic"}, "value": "normal"}
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("economy:N", sort=order, axis=axis),
        x=alt.X("clusters:Q", axis=None, scale=alt.Scale(domain=[0, max(r["clusters"] or 0 for r in rows) * 1.12])),
    )
    bars = base.mark_bar(cornerRadiusEnd=2, height={"band": 0.72}).encode(
        color=alt.Color(
            "role:N",
            legend=None,
            # the leaders in dark grey: blue means the top clusters on every chart, and these are economies
            scale=alt.Scale(domain=["lead", "context", "unknown"], range=[c["muted"], c["context"], c["panel"]]),
        ),
        stroke=alt.condition("datum.role == 'unknown'", alt.value(c["context"]), alt.value(None)),
        strokeDash=alt.value([3, 2]),
    )
    labels = base.mark_text(align="left", dx=5, color=c["ink"]).encode(text=alt.Text("clusters:Q"))
    table = ChartTable(("Economy", "Clusters in the top 100"), tuple((r["economy"], r["clusters"]) for r in rows))
    height = min(CHART_HEIGHT_PX, 16 * len(rows) + 14)  # a list of bars is as tall as its bars need
    return _spec(
        "economies",
        _finish(bars + labels, theme, CHART_WIDTH_PX, height),
        words,
        tuple(s for e in counted for s in e.sources),
        (),
        table,
        height=height,
    )


def pct_vs_pubs(briefing: Briefing, words: Section, roles: tuple[str, str], theme: Theme, equal: str = "") -> ChartSpec:
    """Each cluster's share of world PCT filings against its share of world publications, with the line where
    the two are equal: the combined score is their sum, so a cluster above the line owes more of its score to
    patents (raw counts would say the opposite: publications outnumber PCT applications nearly everywhere). The
    hubs in focus and labelled, the key naming the two colours (``roles``: the hubs' name, then the others'), the
    line named ``equal``."""
    alt, c = _altair(), theme.colours
    focus, context = roles
    hubs = {h.name for h in briefing.hubs}
    # the hubs and the next cluster down, the one the story says a hub overtook or leads
    labelled = {c.name for c in briefing.clusters[: min(len(briefing.hubs) + 1, LABELLED_POINTS)]}
    shared = [cl for cl in briefing.clusters if cl.pct_share is not None and cl.pub_share is not None]
    widest = max((float(cl.pub_share or 0) for cl in shared), default=1.0) or 1.0
    rows: list[dict[str, Any]] = [
        {
            "cluster": cl.name,
            "pct": float(cl.pct_share or 0),
            "pubs": float(cl.pub_share or 0),
            "role": focus if cl.name in hubs else context,
            "label": cl.name if cl.name in labelled else "",
        }
        for cl in shared
    ]
    x_top, y_top = widest * 1.08, max((float(cl.pct_share or 0) for cl in shared), default=1.0) * 1.08
    size = float(altair_theme_config(theme)["config"]["axis"]["labelFontSize"])
    plot = CHART_WIDTH_PX - 5 * size  # the plot's width, about: the picture less the axis, its title, the padding
    high = CHART_HEIGHT_PX - 3 * size  # the plot's height, about: the picture less the axis and its title
    for row in rows:  # a label goes left of its dot, else right of it, else under it: never off the plot, and
        # never across the line of equal shares when another side is free of it
        x, y, wide = row["pubs"] / x_top * plot, row["pct"] / y_top * high, _text_width(row["label"], theme, size)
        boxes = {  # each side's label box, in pixels from the plot's lower left (x from, x to, y from, y to)
            "right": (x - 9 - wide, x - 9, y + 3 - size / 2, y + 3 + size / 2),
            "left": (x + 9, x + 9 + wide, y + 3 - size / 2, y + 3 + size / 2),
            "below": (x - wide / 2, x + wide / 2, y - 15 - size / 2, y - 15 + size / 2),
        }
        inside = [k for k, b in boxes.items() if b[0] >= 0 and b[1] <= plot]
        clear = [k for k in inside if not (equal and _crosses(boxes[k], x_top / plot, y_top / high))]
        row["side"] = (clear or inside or ["below"])[0]
    x = alt.X(
        "pubs:Q",
        title=words.axis_x,
        scale=alt.Scale(domain=[0, x_top], nice=False),
        axis=alt.Axis(tickCount=4, grid=False),
    )
    y = alt.Y("pct:Q", title=words.axis_y, scale=alt.Scale(domain=[0, y_top], nice=False), axis=alt.Axis(tickCount=4))
    base = alt.Chart(alt.Data(values=rows)).encode(x=x, y=y)  # every layer the same axes: Vega draws them once
    reach = min(x_top, y_top)
    diagonal = (
        alt.Chart(alt.Data(values=[{"pubs": 0.0, "pct": 0.0}, {"pubs": reach, "pct": reach}]))
        .mark_line(color=c["muted"], strokeDash=[4, 3], strokeWidth=1.2)
        .encode(x=x, y=y)
    )
    equal_label = (
        alt.Chart(alt.Data(values=[{"pubs": reach, "pct": reach, "text": equal}]))
        .mark_text(align="right", dx=-2, dy=-9, color=c["muted"])  # inside the plot, at the line's end
        .encode(x=x, y=y, text="text:N")
    )
    points = base.mark_circle(opacity=0.95).encode(
        color=alt.Color(
            "role:N",
            title=None,
            scale=alt.Scale(domain=[focus, context], range=[c["focus"], c["context"]]),
            legend=alt.Legend(orient="top-right", symbolType="circle", symbolSize=120, symbolOpacity=0.95),
        ),
        size=alt.Size("role:N", legend=None, scale=alt.Scale(domain=[focus, context], range=[150, 50])),
    )
    left = base.transform_filter("datum.side == 'left'").mark_text(align="left", dx=9, dy=-3).encode(text="label:N")
    right = base.transform_filter("datum.side == 'right'").mark_text(align="right", dx=-9, dy=-3).encode(text="label:N")
    below = base.transform_filter("datum.side == 'below'").mark_text(align="center", dy=15).encode(text="label:N")
    table = ChartTable(  # every listed cluster, its counts too: a cluster without both shares is off the chart
        (
            "Cluster",
            "Share of world PCT filings (%)",
            "Share of world publications (%)",
            "PCT applications",
            "Publications",
        ),
        tuple(
            (cl.name, _f(cl.pct_share), _f(cl.pub_share), cl.pct_applications, cl.publications)
            for cl in briefing.clusters
        ),
    )
    layers = diagonal + points + left + right + below
    layers = layers + equal_label if equal else layers
    return _spec(
        "pct_vs_pubs",
        _finish(layers, theme, CHART_WIDTH_PX, CHART_HEIGHT_PX),
        words,
        _sources(shared),
        tuple(shared),
        table,
    )


def rank_movement(
    briefing: Briefing, words: Section, missing: str, theme: Theme, shown: tuple[Cluster, ...]
) -> ChartSpec:
    """The given clusters' previous and current ranks joined by a line, coloured and labelled by direction.

    Clusters far apart in rank go in panels of their own, one above the other, each with its own rank axis: on
    one axis from 1 to 30, the top six's one-place moves would be dots on top of each other. Within a panel a
    line's length is the places moved."""
    alt = _altair()
    shown = tuple(cl for cl in shown if cl.rank_change is not None)
    rows = []
    for cl in shown:
        move = "up" if (cl.rank_change or 0) > 0 else "down" if (cl.rank_change or 0) < 0 else "same"
        rows.append(
            {
                "cluster": cl.name,
                "from": cl.previous_rank,
                "to": cl.rank,
                "move": move,
                "text": rank_change(cl.rank_change, missing),
            }
        )
    groups = _rank_groups(rows)
    # A concatenation cannot "fit" its views into the picture as one view does, so its views are sized here to
    # make the picture the size of a single chart (the same type size wherever it prints): the padding, the
    # category labels (labelPadding 6), each panel's rank axis (its labels and ticks) and the one axis title
    # taken off.
    config = altair_theme_config(theme)["config"]
    axis_config, pad, gap = config["axis"], float(config.get("padding", 0)), 10
    size = float(axis_config["labelFontSize"])
    labels = max((_text_width(str(r["cluster"]), theme, size) for r in rows), default=0.0)
    width = round(CHART_WIDTH_PX - 2 * pad - min(labels, float(axis_config["labelLimit"])) - 6 - 1)
    room = CHART_HEIGHT_PX - 2 * pad - gap * (len(groups) - 1) - (size + 7) * len(groups) - (size + 4)
    panels = []
    for number, group in enumerate(groups):
        height = round(room * len(group) / max(1, len(rows)))
        last_panel = number == len(groups) - 1
        shape = (width, height) if len(groups) > 1 else (CHART_WIDTH_PX, CHART_HEIGHT_PX)  # one view fits itself
        panels.append(_movement_panel(alt, theme, words, group, shape, axis_title=last_panel))
    chart = panels[0] if len(panels) == 1 else alt.vconcat(*panels, spacing=gap)
    spec = chart.to_dict(validate=False)
    spec.update(altair_theme_config(theme))
    spec.pop("$schema", None)
    table = ChartTable(
        ("Cluster", "Previous rank", "Rank", "Change"),
        tuple((r["cluster"], r["from"], r["to"], r["text"]) for r in rows),
    )
    return _spec(
        "rank_movement",
        json.dumps(spec, sort_keys=True, ensure_ascii=False, separators=(",", ":")),
        words,
        _sources(shown),
        shown,
        table,
    )


RANK_GROUP_GAP = 8  # places: clusters further apart than this in rank get panels of their own


def _rank_groups(rows: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """The rows in story order, cut where the ranks jump by more than RANK_GROUP_GAP."""
    groups: list[list[dict[str, Any]]] = []
    for row in rows:
        low = min(row["from"] or row["to"], row["to"])
        if groups and low - max(max(r["from"] or r["to"], r["to"]) for r in groups[-1]) <= RANK_GROUP_GAP:
            groups[-1].append(row)
        else:
            groups.append([row])
    return groups or [[]]


def _crosses(box: tuple[float, float, float, float], x_unit: float, y_unit: float) -> bool:
    """Whether a label's box (pixels) meets the line where the two shares are equal (x = y in data units)."""
    x1, x2, y1, y2 = box[0] * x_unit, box[1] * x_unit, box[2] * y_unit, box[3] * y_unit
    return max(x1, y1) <= min(x2, y2)


def _two_lines(text: str) -> list[str] | str:
    """A label as two lines, cut at the space nearest its middle (Vega sets a list as lines)."""
    spaces = [i for i, ch in enumerate(text) if ch == " "]
    if not spaces:
        return text
    cut = min(spaces, key=lambda i: abs(len(text) / 2 - i))
    return [text[:cut], text[cut + 1 :]]


def _text_width(text: str, theme: Theme, size: float) -> float:
    """Pixels the theme's regular face sets ``text`` in at ``size``."""
    from PIL import ImageFont

    return float(ImageFont.truetype(str(theme.font_files["regular"]), 100).getlength(text)) * size / 100


def _movement_panel(
    alt: Any, theme: Theme, words: Section, rows: list[dict[str, Any]], size: tuple[int, int], axis_title: bool
) -> Any:
    c = theme.colours
    ranks = [r for row in rows for r in (row["to"], row["from"] or row["to"])]
    first, last = (min(ranks), max(ranks)) if ranks else (1, 1)
    span = last - first + 1
    domain = [first - 0.7, last + max(2.4, span * 0.3)]  # room on the right for the labels
    colour = alt.Color(
        "move:N", legend=None, scale=alt.Scale(domain=["up", "down", "same"], range=[c["up"], c["down"], c["context"]])
    )
    order = [row["cluster"] for row in rows]
    base = alt.Chart(alt.Data(values=rows)).encode(y=alt.Y("cluster:N", sort=order, axis=_labels_axis(alt, theme)))
    x_scale = alt.Scale(domain=domain, nice=False, zero=False)
    step = 1 if span <= 12 else 5
    ticks = list(range(first, last + 1)) if step == 1 else [first, *range(step * (first // step + 1), last + 1, step)]
    axis = alt.Axis(values=sorted(set(ticks)), format="d", grid=True, gridColor=c["rule"])
    title = words.axis_x if axis_title else None
    rule = base.mark_rule(strokeWidth=3).encode(
        x=alt.X("from:Q", scale=x_scale, title=title, axis=axis), x2="to:Q", color=colour
    )
    after = base.mark_circle(size=170, opacity=1).encode(x=alt.X("to:Q", scale=x_scale), color=colour)
    # hollow: filled with the paper colour so the line behind never shows through, ringed in the move's colour;
    # a cluster that held its place shows its one (filled) dot
    before = (
        base.transform_filter("datum.move != 'same'")
        .mark_point(size=150, filled=True, strokeWidth=2.2, fill=c["paper"], opacity=1)
        .encode(
            x=alt.X("from:Q", scale=x_scale),
            stroke=alt.Stroke(
                "move:N",
                legend=None,
                scale=alt.Scale(domain=["up", "down", "same"], range=[c["up"], c["down"], c["context"]]),
            ),
        )
    )
    text = (
        base.transform_filter("datum.move != 'same'")
        .mark_text(align="left", dx=10, fontWeight="bold")
        .encode(x=alt.X("right:Q", scale=x_scale), text="text:N", color=colour)
    )
    text = text.transform_calculate(right="max(datum.from, datum.to)")
    return (rule + after + before + text).properties(width=size[0], height=size[1])


def size_and_intensity(
    briefing: Briefing, words: Section, names: dict[str, str], theme: Theme, drawn: tuple[SizeAndIntensity, ...]
) -> ChartSpec:
    """Each cluster's rank by size and its rank by intensity on one rank axis, joined by a line: the largest
    clusters lie far down the intensity ranking, the most intensive far down (or off) the size ranking.

    ``drawn`` is the rows, as the story's insight chose them (Briefing.size_and_intensity): a ring alone where
    the sources give no place by intensity (unknown, not guessed; the caption says so once), and one slot past
    the ranks for a cluster not in the listed ranking. ``names``: the two marks' names (``size``,
    ``intensity``), the slot's label (``outside``, formatted with the ranking's length ``n``) and the axis
    title (``axis``)."""
    alt, c = _altair(), theme.colours
    listed = {cl.name: cl for cl in briefing.clusters}
    place = briefing.place_names()
    hubs = {h.name for h in briefing.hubs}
    last = max([d.size for d in drawn if d.size] + [d.intensity for d in drawn if d.intensity], default=1)
    slot = last + max(3, round(last * 0.25))  # past every rank drawn, with a gap: not a rank
    rows: list[dict[str, Any]] = [
        {
            "cluster": place.get(d.cluster, d.cluster),
            "size": d.size or slot,
            "intensity": d.intensity,
            "hub": d.cluster in hubs,
        }
        for d in drawn
    ]
    hub_names = [r["cluster"] for r in rows if r["hub"]]
    focus = {"test": f"indexof({json.dumps(hub_names)}, datum.value) >= 0"}
    axis = _labels_axis(alt, theme)
    axis.labelColor = {"condition": {**focus, "value": c["focus"]}, "value": c["ink"]}
    axis.labelFontWeight = {"condition": {**focus, "value": "bold"}, "value": "normal"}
    outside = names["outside"].format(n=len(listed))
    ticks = sorted({1, *range(5, last + 1, 5), last, slot})  # the last rank drawn too: Beijing's 14th
    scale = alt.Scale(domain=[0.3, slot + 1.6], nice=False, zero=False)
    ranks = alt.Axis(
        values=ticks,
        format="d",
        grid=True,
        gridColor=c["rule"],
        labelExpr=f"datum.value == {slot} ? {json.dumps(_two_lines(outside))} : datum.label",
        labelOverlap=False,  # every rank drawn is labelled; the slot's label goes on two lines to leave them room
    )
    x = alt.X("rank:Q", title=names["axis"], scale=scale, axis=ranks)
    y = alt.Y("cluster:N", sort=[r["cluster"] for r in rows], axis=axis)
    role = alt.condition("datum.hub", alt.value(c["focus"]), alt.value(c["muted"]))
    data = alt.Data(values=rows)
    line = (
        alt.Chart(data)
        .transform_filter("datum.intensity != null")
        .mark_rule(strokeWidth=2.5, opacity=0.55)
        .encode(y=y, x=alt.X("size:Q", scale=scale, title=names["axis"], axis=ranks), x2="intensity:Q", color=role)
    )
    ring = (
        alt.Chart(data)
        .transform_calculate(rank="datum.size")
        .mark_point(size=130, filled=True, strokeWidth=2.2, fill=c["paper"], opacity=1)
        .encode(y=y, x=x, stroke=role)
    )
    dot = (
        alt.Chart(data)
        .transform_filter("datum.intensity != null")
        .transform_calculate(rank="datum.intensity")
        .mark_circle(size=150, opacity=1)
        .encode(y=y, x=x, color=role)
    )
    key = (  # the two marks, named above the first row: a ring for size, a dot for intensity
        alt.Chart(alt.Data(values=[{"text": f"○ {names['size']}     ● {names['intensity']}", "rank": (slot + 1) / 2}]))
        .mark_text(align="center", baseline="bottom", dy=-6, color=c["muted"])
        .encode(text="text:N", x=x, y=alt.value(0))
    )
    gap = (  # the axis breaks between the last rank and the slot: a dashed rule across the plot says so
        alt.Chart(alt.Data(values=[{"rank": (last + slot) / 2}]))
        .mark_rule(color=c["muted"], strokeDash=[3, 3], strokeWidth=1)
        .encode(x=x)
    )
    table = ChartTable(
        ("Cluster", names["size"], names["intensity"]),
        tuple((place.get(d.cluster, d.cluster), d.size, d.intensity) for d in drawn),
    )
    return _spec(
        "intensity",
        _finish(alt.layer(gap, line, ring, dot, key), theme, CHART_WIDTH_PX, CHART_HEIGHT_PX),
        words,
        tuple(s for d in drawn for s in d.sources),
        tuple(listed[d.cluster] for d in drawn if d.cluster in listed),
        table,
    )
