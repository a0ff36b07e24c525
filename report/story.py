"""The briefing as data: an ordered tuple of frozen blocks (blocks.py) that every output draws in its own way.

`full_story` and `hub_story` are the only places that decide what the briefing says in what order. The
appendix and the source list are derived from the blocks before them, never listed again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING

from report.blocks import (
    EVERYWHERE,
    Appendix,
    Block,
    Chart,
    Column,
    Contents,
    Cover,
    Figure,
    FigureGroup,
    Hub,
    Methodology,
    OverviewTable,
    Revisions,
    Show,
    Sources,
    Story,
    Summary,
)
from report.charts import specs
from report.content import Content
from report.data import Cluster
from report.words.format import fact_value, format_number, format_share, ordinal, rank_change
from report.words.narrative import HubWords, Section

if TYPE_CHECKING:
    pass


# --- the two stories -------------------------------------------------------------------------------


def full_story(content: Content) -> Story:
    """The briefing on the top N: the one place that orders it."""
    briefing, words, theme = content.briefing, content.narrative, content.theme
    labels = words.labels
    blocks: list[Block] = [Cover(key="cover", words=words["cover"], show=EVERYWHERE)]
    if content.changes:
        blocks.append(_revisions(content))
    blocks += [
        Summary(key="summary", words=words["summary"], show=Show.DOCUMENT),
        Chart(
            key="key_finding",
            words=words["key_finding"],
            level=1,
            chart=specs.economies(briefing, words["key_finding"], theme),
            figures=_economy_figures(content),
            figures_title=words["key_finding"].axis_x,
        ),
        Contents(key="contents", words=words["contents"], show=Show.DOCUMENT),
        _overview(content),
        Chart(
            key="pct_vs_pubs",
            words=words["pct_vs_pubs"],
            level=1,
            chart=specs.pct_vs_pubs(briefing, words["pct_vs_pubs"], theme),
        ),
        Chart(
            key="shares", words=words["shares"], level=1, chart=specs.shares(briefing, words["shares"], labels, theme)
        ),
        Chart(
            key="rank_movement",
            words=words["rank_movement"],
            level=1,
            chart=specs.rank_movement(briefing, words["rank_movement"], theme),
        ),
        *(_hub(content, hub) for hub in words.hubs),
        Chart(
            key="intensity",
            words=words["intensity"],
            chart=specs.intensity(briefing, words["intensity"], theme),
            figures=_intensity_figures(content),
            figures_title=words["intensity"].title,
        ),
        Methodology(key="methodology", words=words["methodology"], cited=_method_sources(content)),
    ]
    blocks += [_appendix(content, blocks), _sources(content, blocks, every=True)]
    return Story(
        content.briefing.settings.title,
        (briefing.settings.edition, *(h.name for h in briefing.hubs)),
        tuple(blocks),
        content,
    )


def hub_story(content: Content, name: str) -> Story:
    """The short document on one hub: its cover, its block as in the full story, method, appendix, sources."""
    hub = content.narrative.hub(name)
    cover = replace(content.narrative["cover"], notes=hub.document.notes)
    blocks: list[Block] = [
        Cover(key="cover", words=cover, show=EVERYWHERE, hub_title=hub.section.title),
        _hub(content, hub),
        Methodology(key="methodology", words=content.narrative["methodology"], cited=_method_sources(content)),
    ]
    blocks += [_appendix(content, blocks), _sources(content, blocks, every=False)]
    return Story(hub.document.title, (content.briefing.settings.edition, name), tuple(blocks), content, brief=True)


# --- blocks ----------------------------------------------------------------------------------------


def _revisions(content: Content) -> Revisions:
    title = content.narrative.labels["revisions_title"]
    return Revisions(key="revisions", words=Section(title=title), lines=content.changes)


def _overview(content: Content) -> OverviewTable:
    briefing, labels = content.briefing, content.narrative.labels
    missing = content.narrative.missing
    columns = (
        Column(labels["table_rank"], True),
        Column(labels["table_cluster"], False),
        Column(labels["table_economy"], False),
        Column(labels["table_pct"], True),
        Column(labels["table_pubs"], True),
        Column(labels["table_total"], True),
        Column(labels["table_change"], False),
    )
    rows = tuple(
        (
            format_number(h.rank),
            h.name,
            briefing.economy_names(h),
            format_number(h.pct_applications),
            format_number(h.publications),
            format_share(h.total_share, missing),
            rank_change(h.rank_change, missing),
        )
        for h in briefing.hubs
    )
    return OverviewTable(
        key="overview",
        words=content.narrative["overview"],
        columns=columns,
        rows=rows,
        changes=tuple(h.rank_change for h in briefing.hubs),
        table_sources=tuple(s for h in briefing.hubs for s in h.sources),
    )


def _hub(content: Content, hub: HubWords) -> Hub:
    cluster, labels, missing = hub.cluster, content.narrative.labels, content.narrative.missing
    charts = (
        specs.hub_position(content.briefing, cluster, hub.chart, labels, content.theme),
        *(specs.hub_facts(cluster, chart, content.theme) for chart in hub.fact_charts),
    )
    key_figures = _cluster_figures(cluster, labels, missing)
    facts = tuple(
        Figure(
            f"{f.fact.subject}, {f.fact.metric}{f' ({f.fact.year})' if f.fact.year else ''}",
            fact_value(f.fact),
            f.fact.sources,
            f.fact.note or "",
            f.fact.value,
        )
        for f in hub.facts
    )
    return Hub(
        key=f"hub-{cluster.rank}",
        words=hub.section,
        hub=hub,
        key_figures=key_figures,
        fact_figures=facts,
        hub_charts=charts,
        figures=key_figures + facts,
        figures_title=f"{ordinal(cluster.rank)} · {cluster.name}",
    )


def _cluster_figures(hub: Cluster, labels: Mapping[str, str], missing: str) -> tuple[Figure, ...]:
    """A hub's own figures from the ranking: its key-figures table and its rows in the appendix."""
    own, detail = hub.sources, hub.detail_sources or hub.sources
    previous = missing if hub.previous_rank is None else format_number(hub.previous_rank)
    return (
        Figure(labels["table_rank"], format_number(hub.rank), own, number=hub.rank),
        Figure(labels["previous_edition"], previous, own, number=hub.previous_rank),
        Figure(labels["table_change"], rank_change(hub.rank_change, missing), own, number=hub.rank_change),
        Figure(labels["table_pct"], format_number(hub.pct_applications), own, number=hub.pct_applications),
        Figure(labels["table_pubs"], format_number(hub.publications), own, number=hub.publications),
        Figure(labels["pct_series"], format_share(hub.pct_share, missing), own, number=hub.pct_share),
        Figure(labels["pub_series"], format_share(hub.pub_share, missing), own, number=hub.pub_share),
        Figure(labels["table_total"], format_share(hub.total_share, missing), own, number=hub.total_share),
        Figure(labels["top_applicant"], hub.top_applicant or missing, detail),
        Figure(labels["top_sci_org"], hub.top_sci_org or missing, detail),
    )


def _economy_figures(content: Content) -> tuple[Figure, ...]:
    return tuple(
        Figure(e.name, format_number(e.clusters_top100 or 0), e.sources, number=e.clusters_top100)
        for e in content.briefing.economies_by_count()
    )


def _intensity_figures(content: Content) -> tuple[Figure, ...]:
    briefing, words, labels = content.briefing, content.narrative, content.narrative.labels
    figures: list[Figure] = []
    for entry in briefing.intensity:
        where = briefing.economy_names(entry)
        figures.append(
            Figure(
                f"{entry.cluster} ({where}): {words['intensity'].axis_x.lower()}",
                format_number(entry.rank),
                entry.sources,
                number=entry.rank,
            )
        )
        for key, value in (("table_pct", entry.pct_per_million), ("table_pubs", entry.pubs_per_million)):
            if value is not None:
                figures.append(
                    Figure(
                        f"{entry.cluster}: {labels[key]} {labels['per_million']}",
                        format_number(value),
                        entry.sources,
                        number=value,
                    )
                )
    return tuple(figures)


def _method_sources(content: Content) -> tuple[str, ...]:
    """What the methodology cites: the source of the PCT window, when the settings state one."""
    settings = content.briefing.settings
    return settings.pct_window_sources if settings.pct_window else ()


def _appendix(content: Content, before: list[Block]) -> Appendix:
    """The figures of every block before it, in story order, and the other clusters their charts draw."""
    groups = tuple(FigureGroup(b.figures_title, b.figures) for b in before if b.figures)
    covered = {b.cluster.name for b in before if isinstance(b, Hub)}
    drawn = {name for b in before for chart in b.charts for name in chart.clusters}
    others = tuple(c for c in content.briefing.clusters if c.name in drawn and c.name not in covered)
    return Appendix(
        key="appendix", words=content.narrative["appendix"], show=Show.DOCUMENT, groups=groups, others=others
    )


def _sources(content: Content, before: list[Block], every: bool) -> Sources:
    """Every source (the full briefing), or those the blocks before it cite (a hub document)."""
    sources = content.briefing.sources
    if not every:
        cited = {s for b in before for s in b.source_ids}
        cited |= {s for b in before if isinstance(b, Appendix) for c in b.others for s in c.sources}
        sources = tuple(s for s in sources if s.id in cited)
    words = content.narrative["sources"]
    # The [sources] notes count every source; a short document's notes list the ones it shows instead.
    return Sources(key="sources", words=words if every else replace(words, notes=""), sources=sources)
