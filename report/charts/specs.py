"""Build every chart of the briefing as a Vega-Lite spec with Altair, styled by the one theme.

A `ChartSpec` is pure data (canonical JSON plus its printed size, alt text, caption and sources), so it can
be hashed to decide whether its PNG must be rendered again. Rendering lives in raster.py. Which charts a
briefing has, and in what order, is the story's decision (story.py): each function here builds one kind.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from report.data import Briefing, Cluster
from report.look.theme import Theme, altair_theme_config
from report.words.format import fact_value, format_number
from report.words.narrative import OVERVIEW_ROWS, FactChartWords, Section

CHART_WIDTH_PX = 560
CHART_HEIGHT_PX = 380
PRINT_DPI = 220
PRINT_WIDTH_IN = 6.9  # the widest a chart is printed (Letter text width); sets the render scale
CONTEXT_ROWS = 10
LABELLED_POINTS = 8


@dataclass(frozen=True)
class ChartSpec:
    """One chart: what to draw (Vega-Lite JSON) and what to say about it."""

    key: str
    spec_json: str
    width_px: int
    height_px: int
    scale: float
    alt: str
    caption: str
    source_ids: tuple[str, ...]
    clusters: tuple[str, ...] = ()  # the clusters it draws, for the appendix

    @property
    def digest(self) -> str:
        payload = f"{self.spec_json}|{self.scale}|{self.width_px}x{self.height_px}"
        return hashlib.sha256(payload.encode()).hexdigest()

    @property
    def aspect(self) -> float:
        return self.width_px / self.height_px


def slug(text: str) -> str:
    text = re.sub(r"[\u2010-\u2015/]", "-", text)
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "item"


def _scale(width_px: int) -> float:
    return round(PRINT_DPI * PRINT_WIDTH_IN / width_px, 3)


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
    sources: tuple[str, ...],
    clusters: Any = (),
    width: int = CHART_WIDTH_PX,
    height: int = CHART_HEIGHT_PX,
) -> ChartSpec:
    return ChartSpec(
        key=key,
        spec_json=spec_json,
        width_px=width,
        height_px=height,
        scale=_scale(width),
        alt=words.alt,
        caption=words.caption,
        source_ids=_unique(sources),
        clusters=tuple(c.name for c in clusters),
    )


def _unique(ids: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def _f(value: Decimal | int | None) -> float | None:
    return None if value is None else float(value)


def _cluster_sources(clusters: Any) -> tuple[str, ...]:
    return tuple(s for c in clusters for s in c.sources)


def economies(briefing: Briefing, words: Section, theme: Theme) -> ChartSpec:
    """Top-100 clusters per economy, the leader and the runner-up in colour."""
    alt = _altair()
    counted = briefing.economies_by_count()
    groups = {e.code: ("lead" if i == 0 else "runner" if i == 1 else "other") for i, e in enumerate(counted)}
    rows = [{"economy": e.name, "clusters": e.clusters_top100, "group": groups[e.code]} for e in counted]
    order = [e.name for e in counted]
    c = theme.colours
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("economy:N", sort=order, title=None, axis=alt.Axis(labelColor=c["ink"], ticks=False, domain=False)),
        x=alt.X("clusters:Q", title=words.axis_x, axis=alt.Axis(tickMinStep=1)),
    )
    bars = base.mark_bar(cornerRadiusEnd=2).encode(
        color=alt.Color(
            "group:N",
            legend=None,
            scale=alt.Scale(domain=["lead", "runner", "other"], range=[c["highlight"], c["second"], c["neutral"]]),
        )
    )
    labels = base.mark_text(align="left", dx=4).encode(text=alt.Text("clusters:Q"))
    return _spec(
        "economies",
        _finish(bars + labels, theme, CHART_WIDTH_PX, CHART_HEIGHT_PX),
        words,
        tuple(s for e in counted for s in e.sources),
    )


def pct_vs_pubs(briefing: Briefing, words: Section, theme: Theme) -> ChartSpec:
    """PCT applications against publications for every cluster, the hubs labelled."""
    alt, c = _altair(), theme.colours
    hubs = {h.name for h in briefing.hubs}
    labelled = {h.name for h in briefing.hubs[:LABELLED_POINTS]}
    widest = max(cl.publications for cl in briefing.clusters) or 1
    rows = [
        {
            "cluster": cl.name,
            "pct": cl.pct_applications,
            "pubs": cl.publications,
            "group": "hub" if cl.name in hubs else "other",
            "label": cl.name if cl.name in labelled else "",
            "side": "right" if cl.publications > 0.62 * widest else "left",
        }
        for cl in briefing.clusters
    ]
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X("pubs:Q", title=words.axis_x, axis=alt.Axis(format=",d", tickCount=5)),
        y=alt.Y("pct:Q", title=words.axis_y, axis=alt.Axis(format=",d", tickCount=5)),
    )
    points = base.mark_circle(opacity=0.9).encode(
        color=alt.Color(
            "group:N", legend=None, scale=alt.Scale(domain=["hub", "other"], range=[c["highlight"], c["neutral"]])
        ),
        size=alt.Size("group:N", legend=None, scale=alt.Scale(domain=["hub", "other"], range=[140, 45])),
    )
    left = base.transform_filter("datum.side == 'left'").mark_text(align="left", dx=9, dy=-2).encode(text="label:N")
    right = base.transform_filter("datum.side == 'right'").mark_text(align="right", dx=-9, dy=-2).encode(text="label:N")
    return _spec(
        "pct_vs_pubs",
        _finish(points + left + right, theme, CHART_WIDTH_PX, CHART_HEIGHT_PX),
        words,
        _cluster_sources(briefing.clusters),
        briefing.clusters,
    )


def _share_rows(clusters: Any, labels: Mapping[str, str], focus: str | None = None) -> list[dict[str, Any]]:
    rows = []
    for cl in clusters:
        if cl.pct_share is None or cl.pub_share is None:
            continue
        alpha = 1.0 if focus is None or cl.name == focus else 0.35
        rows.append(
            {
                "cluster": cl.name,
                "series": labels["pct_series"],
                "share": _f(cl.pct_share),
                "order": 0,
                "alpha": alpha,
                "total": _f(cl.total_share),
                "total_label": "",
            }
        )
        rows.append(
            {
                "cluster": cl.name,
                "series": labels["pub_series"],
                "share": _f(cl.pub_share),
                "order": 1,
                "alpha": alpha,
                "total": _f(cl.total_share),
                "total_label": f"{format_number(cl.total_share)}%" if cl.total_share is not None else "",
            }
        )
    return rows


def _stacked_shares(
    rows: list[dict[str, Any]], order: list[str], words: Section, labels: Mapping[str, str], theme: Theme
) -> Any:
    alt, c = _altair(), theme.colours
    series = [labels["pct_series"], labels["pub_series"]]
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("cluster:N", sort=order, title=None, axis=alt.Axis(labelColor=c["ink"], ticks=False, domain=False))
    )
    bars = base.mark_bar().encode(
        x=alt.X("share:Q", stack="zero", title=words.axis_x),
        color=alt.Color(
            "series:N",
            title=None,
            scale=alt.Scale(domain=series, range=[c["primary"], c["third"]]),
            legend=alt.Legend(orient="bottom", direction="horizontal"),
        ),
        order=alt.Order("order:Q"),
        opacity=alt.Opacity("alpha:Q", legend=None, scale=None),
    )
    totals = (
        base.transform_filter("datum.total_label != ''")
        .mark_text(align="left", dx=4)
        .encode(x=alt.X("total:Q"), text="total_label:N", opacity=alt.Opacity("alpha:Q", legend=None, scale=None))
    )
    return bars + totals


def shares(briefing: Briefing, words: Section, labels: Mapping[str, str], theme: Theme) -> ChartSpec:
    """Each hub's two shares, stacked; a long top N ends in one combined bar."""
    shown, rest = briefing.hubs[:OVERVIEW_ROWS], briefing.hubs[OVERVIEW_ROWS:]
    rows = _share_rows(shown, labels)
    order = [h.name for h in shown]
    counted = [h for h in rest if h.pct_share is not None and h.pub_share is not None]
    if counted:  # the rest of a long top N as one bar, so the chart stays legible
        name = labels["rest_of_top"].format(first=rest[0].rank, last=rest[-1].rank)
        pct = sum((h.pct_share or Decimal(0) for h in counted), Decimal(0))
        pub = sum((h.pub_share or Decimal(0) for h in counted), Decimal(0))
        total = sum((h.total_share or Decimal(0) for h in counted), Decimal(0))
        rows += _share_rows([replace(counted[0], name=name, pct_share=pct, pub_share=pub, total_share=total)], labels)
        order.append(name)
    chart = _stacked_shares(rows, order, words, labels, theme)
    return _spec(
        "shares",
        _finish(chart, theme, CHART_WIDTH_PX, CHART_HEIGHT_PX),
        words,
        _cluster_sources(briefing.hubs),
        briefing.hubs,
    )


def rank_movement(briefing: Briefing, words: Section, theme: Theme) -> ChartSpec:
    """Previous and current rank of each hub, joined by a line coloured by direction."""
    alt, c = _altair(), theme.colours
    shown = [cl for cl in briefing.hubs[:OVERVIEW_ROWS] if cl.rank_change is not None]
    rows = []
    for cl in shown:
        move = "up" if (cl.rank_change or 0) > 0 else "down" if (cl.rank_change or 0) < 0 else "same"
        rows.append({"cluster": cl.name, "from": cl.previous_rank, "to": cl.rank, "move": move})
    order = [cl.name for cl in shown]
    ranks = [r for cl in shown for r in (cl.rank, cl.previous_rank or cl.rank)]
    domain = [min(ranks) - 0.5, max(ranks) + 0.5] if ranks else [0, 1]
    colour = alt.Color(
        "move:N", legend=None, scale=alt.Scale(domain=["up", "down", "same"], range=[c["up"], c["down"], c["neutral"]])
    )
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y("cluster:N", sort=order, title=None, axis=alt.Axis(labelColor=c["ink"], ticks=False, domain=False))
    )
    x_scale = alt.Scale(domain=domain, nice=False, zero=False)
    rule = base.mark_rule(strokeWidth=3).encode(
        x=alt.X("from:Q", scale=x_scale, title=words.axis_x, axis=alt.Axis(tickMinStep=1, format="d")),
        x2="to:Q",
        color=colour,
    )
    before = base.mark_point(size=170, filled=False, strokeWidth=2.5).encode(
        x=alt.X("from:Q", scale=x_scale), color=colour
    )
    after = base.mark_circle(size=190, opacity=1).encode(x=alt.X("to:Q", scale=x_scale), color=colour)
    return _spec(
        "rank_movement",
        _finish(rule + before + after, theme, CHART_WIDTH_PX, CHART_HEIGHT_PX),
        words,
        _cluster_sources(shown),
        shown,
    )


def _neighbours(briefing: Briefing, hub: Cluster) -> list[Cluster]:
    ranked = [cl for cl in briefing.clusters if cl.total_share is not None or cl.name == hub.name]
    index = next(i for i, cl in enumerate(ranked) if cl.name == hub.name)
    start = max(0, min(index - CONTEXT_ROWS // 2, len(ranked) - CONTEXT_ROWS))
    return ranked[start : start + CONTEXT_ROWS]


def hub_position(
    briefing: Briefing, hub: Cluster, words: Section, labels: Mapping[str, str], theme: Theme
) -> ChartSpec:
    """The hub's two shares among the clusters ranked around it, the hub in full colour."""
    shown = _neighbours(briefing, hub)
    rows = _share_rows(shown, labels, focus=hub.name)
    order = [cl.name for cl in shown]
    chart = _stacked_shares(rows, order, words, labels, theme)
    return _spec(
        f"hub-{slug(hub.name)}",
        _finish(chart, theme, CHART_WIDTH_PX, CHART_HEIGHT_PX),
        words,
        _cluster_sources(shown),
        shown,
    )


def hub_facts(hub: Cluster, chart: FactChartWords, theme: Theme) -> ChartSpec:
    """A hub's facts that share one unit, as bars."""
    alt, c, words, unit, facts = _altair(), theme.colours, chart.words, chart.unit, chart.facts
    subjects = [f.subject for f in facts]
    named = [f.subject if subjects.count(f.subject) == 1 else f"{f.subject}|{f.metric}" for f in facts]
    rows = [
        {
            "label": f"{name}{f' ({f.year})' if f.year else ''}",
            "value": _f(f.value),
            "text": fact_value(f) if f.unit.split(" ")[0].isupper() else format_number(f.value),
        }
        for name, f in zip(named, facts, strict=True)
    ]
    order = [r["label"] for r in rows]
    base = alt.Chart(alt.Data(values=rows)).encode(
        y=alt.Y(
            "label:N",
            sort=order,
            title=None,
            axis=alt.Axis(labelColor=c["ink"], ticks=False, domain=False, labelExpr="split(datum.label, '|')"),
        ),
        x=alt.X(
            "value:Q",
            title=words.axis_x,
            axis=alt.Axis(format=",~r"),
            scale=alt.Scale(domainMax=max(float(f.value) for f in facts) * 1.45),
        ),  # room for the value labels
    )
    bars = base.mark_bar(color=c["primary"], cornerRadiusEnd=2, size=34)
    text = base.mark_text(align="left", dx=4).encode(text="text:N")
    height = max(190, 64 * len(rows) + 90)
    return _spec(
        f"facts-{slug(hub.name)}-{slug(unit)}",
        _finish(bars + text, theme, CHART_WIDTH_PX, height),
        words,
        tuple(s for f in facts for s in f.sources),
        height=height,
    )


def intensity(briefing: Briefing, words: Section, theme: Theme) -> ChartSpec:
    """The intensity leaders as a ranked list of badges, with per-resident figures where published."""
    alt, c = _altair(), theme.colours
    hubs = {h.name for h in briefing.hubs}
    names = {e.code: e.name for e in briefing.economies}
    rows = []
    for entry in briefing.intensity:
        detail = " / ".join(names.get(code, code) for code in entry.economy_codes)
        if entry.pct_per_million is not None and entry.pubs_per_million is not None:
            detail += (
                f" · {format_number(entry.pct_per_million)} PCT applications and "
                f"{format_number(entry.pubs_per_million)} publications per million residents"
            )
        rows.append(
            {
                "rank": entry.rank,
                "rank_text": str(entry.rank),
                "cluster": entry.cluster,
                "detail": detail,
                "group": "hub" if entry.cluster in hubs else "other",
            }
        )
    order = [str(r["rank"]) for r in rows]
    base = (
        alt.Chart(alt.Data(values=rows))
        .encode(
            y=alt.Y("rank_text:N", sort=order, title=None, axis=None),
            x=alt.X("x:Q", scale=alt.Scale(domain=[0, 100]), axis=None),
        )
        .transform_calculate(x="2")
    )
    badge = base.mark_circle(size=900, opacity=1).encode(
        color=alt.Color(
            "group:N", legend=None, scale=alt.Scale(domain=["hub", "other"], range=[c["highlight"], c["primary"]])
        )
    )
    number = base.mark_text(color=c["paper"], fontWeight="bold").encode(text="rank_text:N")
    name = base.mark_text(align="left", dx=26, dy=-8, fontWeight="bold", fontSize=theme.size("chart_title")).encode(
        text="cluster:N"
    )
    detail = base.mark_text(align="left", dx=26, dy=11, color=c["muted"]).encode(text="detail:N")
    return _spec(
        "intensity",
        _finish(badge + number + name + detail, theme, CHART_WIDTH_PX, CHART_HEIGHT_PX),
        words,
        tuple(s for i in briefing.intensity for s in i.sources),
    )
