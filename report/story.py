"""The briefing as data: an ordered tuple of frozen blocks (blocks.py) that every output draws in its own way.

`full_story` and `hub_story` are the only places that decide what the briefing says in what order. The
appendix and the source lists are derived from the blocks before them, never listed again.

The storyline: the answer first (the takeaways, and the top five at a glance beside them), then the evidence
from the widest view to the closest (the map, the economies, patents against science, who moved), one section per hub,
intensity, the takeaways again with what follows from them, and the method, glossary, appendix and sources.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from decimal import Decimal

from report import derived
from report.blocks import (
    EVERYWHERE,
    Appendix,
    Block,
    Chart,
    Closing,
    Column,
    Contents,
    Cover,
    Dashboard,
    DashboardRow,
    Figure,
    FigureGroup,
    Glossary,
    Hub,
    Kpi,
    Methodology,
    NearGroup,
    NearRow,
    OverviewTable,
    Part,
    Revisions,
    Show,
    Sources,
    Story,
    Summary,
)
from report.charts import specs
from report.content import Content
from report.data import Cluster, Fact
from report.words.format import (
    fact_value,
    format_number,
    format_score,
    format_share,
    join_names,
    ordinal,
    rank_change,
)
from report.words.insight import MAP_REGIONS, per_point, places
from report.words.narrative import HubWords, Section

DASHBOARD_ROWS = 5  # more hubs than this also get the full table


def full_story(content: Content) -> Story:
    """The briefing on the top N: the one place that orders it."""
    briefing, words, theme, labels = content.briefing, content.narrative, content.theme, content.narrative.labels
    missing = words.missing
    parts = iter(range(1, 10))
    counted = _claim_sources(words.insights.first_lead) + _top_ten_sources(content)  # China's lead; the ten largest
    blocks: list[Block] = [Cover(key="cover", words=words["cover"], show=EVERYWHERE)]
    blocks += [Contents(key="contents", words=words["contents"], show=Show.DOCUMENT)]
    if content.changes:
        blocks.append(_revisions(content))
    blocks += [
        Summary(key="summary", words=words["summary"], opens_part=True, cites=_summary_sources(content)),
        replace(_dashboard(content), level=1),  # the five at a glance, a section of the summary
        _part(content, "picture", next(parts)),
        *([chart] if (chart := _map(content)) else []),
        Chart(
            show=EVERYWHERE,
            key="economies",
            words=words["economies"],
            figures=_economy_figures(content)
            + derived.leaders_figures(content)
            + derived.top_ten_economy_figures(content),
            figures_title=words["economies"].axis_x or words["economies"].title,
            chart=_citing(specs.economies(briefing, words["economies"], labels["other_economies"], theme), counted),
            cites=counted,
        ),
    ]
    if briefing.settings.top > DASHBOARD_ROWS:
        blocks.append(_overview(content))
    blocks += [
        Chart(
            show=EVERYWHERE,
            key="pct_vs_pubs",
            words=words["pct_vs_pubs"],
            figures=derived.together_figures(content),
            figures_title=words["pct_vs_pubs"].title,
            chart=specs.pct_vs_pubs(
                briefing,
                words["pct_vs_pubs"],
                (labels["legend_hubs"], labels["legend_others"]),
                theme,
                labels["equal_shares"],
            ),
        ),
        Chart(
            show=EVERYWHERE,
            key="rank_movement",
            words=words["rank_movement"],
            figures=derived.movement_figures(content),
            figures_title=words["rank_movement"].title,
            chart=specs.rank_movement(
                briefing, words["rank_movement"], missing, theme, content.narrative.insights.movers
            ),
        ),
    ]
    hubs = [_hub(content, hub) for hub in words.hubs]
    if hubs:
        blocks += [_part(content, "hubs", next(parts)), *hubs]
    blocks += [
        _part(content, "beyond", next(parts)),
        Chart(
            show=EVERYWHERE,
            key="intensity",
            words=words["intensity"],
            figures=_intensity_figures(content) + derived.per_resident_figures(content),
            figures_title=words["intensity"].subtitle or words["intensity"].title,
            chart=specs.size_and_intensity(
                briefing,
                words["intensity"],
                {
                    "size": labels["rank_by_size"],
                    "intensity": labels["rank_by_intensity"],
                    "outside": labels["outside_ranking"],
                    "axis": labels["rank_axis"],
                },
                theme,
                content.narrative.insights.ranks_compared,
            ),
        ),
        Closing(key="closing", words=words["closing"], cites=_closing_sources(content)),
        _part(content, "method", next(parts)),
        _methodology(content),
        Glossary(key="glossary", words=words["glossary"], show=Show.DECK | Show.DOCUMENT),
    ]
    blocks += [_appendix(content, blocks), _sources(content, blocks, every=True)]
    keywords = (briefing.settings.edition, *(h.name for h in briefing.hubs))
    return Story(briefing.settings.title, keywords, tuple(blocks), content)


def hub_story(content: Content, name: str) -> Story:
    """The short document on one hub: its cover, its block as in the full story, method, glossary, sources."""
    hub = content.narrative.hub(name)
    cover = replace(content.narrative["cover"], notes=hub.document.notes)
    blocks: list[Block] = [
        Cover(key="cover", words=cover, show=EVERYWHERE, hub_title=hub.section.title),
        _hub(content, hub),
        _methodology(content),
        Glossary(key="glossary", words=content.narrative["glossary"], show=Show.DOCUMENT),
    ]
    blocks += [_appendix(content, blocks, hub.cluster), _sources(content, blocks, every=False)]
    return Story(hub.document.title, (content.briefing.settings.edition, name), tuple(blocks), content, brief=True)


# --- blocks ----------------------------------------------------------------------------------------


NEW_PAGE_PARTS: frozenset[str] = frozenset()  # parts flow on; the summary and the appendix start a page


def _part(content: Content, name: str, number: int) -> Part:
    title = content.narrative.labels[f"part_{name}"]
    return Part(
        key=f"part-{name}",
        words=Section(title=title),
        show=Show.DOCUMENT,
        opens_part=name in NEW_PAGE_PARTS,
        number=number,
    )


def _citing(chart: specs.ChartSpec, claims: tuple[str, ...]) -> specs.ChartSpec:
    """A chart whose caption's sources also name the claim its text makes of it (China's first lead), so the
    figure and the sentence beside it cite the same sources."""
    return replace(chart, source_ids=tuple(dict.fromkeys((*chart.source_ids, *claims))))


def _top_ten_sources(content: Content) -> tuple[str, ...]:
    """The ranking's sources, where the text beside the economies' counts counts the ten largest by economy."""
    first = content.briefing.clusters[: derived.TOP_TEN] if content.narrative.insights.top_ten_economies else ()
    return tuple(dict.fromkeys(s for c in first for s in c.sources))


def _claim_sources(*facts: Fact | None) -> tuple[str, ...]:
    return tuple(s for f in facts if f for s in f.sources)


def _closing_sources(content: Content) -> tuple[str, ...]:
    """The closing draws on the size ranking, the regions of the largest, the intensity leaders and the two
    leading economies' counts."""
    briefing, insight = content.briefing, content.narrative.insights
    ids = [s for c in briefing.clusters for s in c.sources]
    ids += [s for i in insight.intensity_ranked for s in i.sources]
    ids += [s for e in (insight.lead, insight.runner) if e for s in e.sources]
    return tuple(dict.fromkeys(ids))


def _revisions(content: Content) -> Revisions:
    title = content.narrative.labels["revisions_title"]
    return Revisions(key="revisions", words=Section(title=title), lines=content.changes)


def _map(content: Content) -> Chart | None:
    """The world map; a cluster it cannot place (no position, or no score to size it by) is named in its caption.
    Without any position in the data there is no map."""
    briefing, words, labels = content.briefing, content.narrative["map"], content.narrative.labels
    placed = [c for c in briefing.clusters if c.lat is not None and c.lon is not None and c.total_share is not None]
    if not placed:
        return None
    unmapped = [
        f"{c.name} ({labels['unmapped_position'] if c.lat is None else labels['unmapped_score']})"
        for c in briefing.clusters
        if c not in placed
    ]
    if unmapped:
        note = labels["unmapped_note"].format(clusters=join_names(unmapped))
        words = replace(words, caption=f"{words.caption} {note}".strip())
    groups = (labels["legend_hubs"], labels["legend_others"])
    drawing = (briefing, words, labels["table_total"], labels["map_inset"], content.theme, groups, _tallies(content))
    figures = derived.region_figures(content)
    return Chart(
        key="map",
        words=words,
        chart=specs.world_map(*drawing),
        print_chart=specs.world_map(*drawing, stacked=True),
        show=EVERYWHERE,
        figures=figures,
        figures_title=words.title,
    )


def _tallies(content: Content) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """The map's counts by region, as its title gives them: each of up to three regions, then the rest together."""
    narrative = content.narrative
    counts, labels = narrative.insights.region_counts, narrative.labels
    shown, rest = counts[:MAP_REGIONS], counts[MAP_REGIONS:]
    tallies: list[tuple[str, tuple[str, ...]]] = [
        (labels["map_tally"].format(region=narrative.region(r), n=n), (r,)) for r, n in shown
    ]
    if rest:
        tallies.append((labels["map_elsewhere"].format(n=sum(n for _r, n in rest)), tuple(r for r, _n in rest)))
    return tuple(tallies)


def _summary_sources(content: Content) -> tuple[str, ...]:
    """The sources of the figures the takeaways state: the ranking, the economies' counts, the claims, intensity."""
    briefing, insight = content.briefing, content.narrative.insights
    ids = [s for h in briefing.hubs for s in h.sources]
    ids += [s for e in (insight.lead, insight.runner) if e for s in e.sources]
    ids += [
        s
        for f in (insight.first_lead, *(briefing.claim("first_top_five", h.name) for h in briefing.hubs))
        if f
        for s in f.sources
    ]
    ids += [s for c in (insight.patents_leader, insight.science_leader) for s in c.sources]
    ids += insight.intensity_leader.sources if insight.intensity_leader else ()
    return tuple(dict.fromkeys(ids))


def _dashboard(content: Content) -> Dashboard:
    briefing, labels, missing = content.briefing, content.narrative.labels, content.narrative.missing
    hubs = briefing.hubs[:DASHBOARD_ROWS]
    rows = tuple(
        DashboardRow(
            cluster=h,
            economy=briefing.economy_names(h),
            change=rank_change(h.rank_change, missing),
            pct=format_number(h.pct_applications),
            pubs=format_number(h.publications),
            pct_share=format_share(h.pct_share, labels["unavailable"]),
            pub_share=format_share(h.pub_share, labels["unavailable"]),
            score=format_score(h.total_share, labels["unavailable"]),
            applicant=h.top_applicant,
            organisation=h.top_sci_org,
        )
        for h in hubs
    )
    rounding = content.narrative.insights.rounding
    notes = [labels["dashboard_legend"]]
    if rounding:
        notes.append(labels["rounding_note"].format(clusters=join_names([h.name for h in rounding])))
    scale = max((h.total_share or Decimal(0) for h in hubs), default=Decimal(1)) or Decimal(1)
    unnamed = [r.cluster.name for r in rows if r.applicant is None and r.organisation is None]
    said = labels["unnamed_note"].format(clusters=join_names(unnamed)) if unnamed else ""  # one honest line
    cites = tuple(s for h in hubs for s in (*h.sources, *h.detail_sources))
    return Dashboard(
        key="dashboard",
        words=content.narrative["dashboard"],
        rows=rows,
        scale=scale,
        notes=tuple(notes),
        unnamed=said,
        cites=cites,
    )


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
        Column(labels["table_change_short"], False),
    )
    rows = tuple(
        (
            format_number(h.rank),
            h.name,
            briefing.economy_names(h),
            format_number(h.pct_applications),
            format_number(h.publications),
            format_score(h.total_share, labels["unavailable"]),
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
        cites=tuple(s for h in briefing.hubs for s in h.sources),
    )


def _hub(content: Content, hub: HubWords) -> Hub:
    cluster, labels, missing = hub.cluster, content.narrative.labels, content.narrative.missing
    unavailable = labels["unavailable"]
    kpis = (
        Kpi(
            labels["kpi_pct"],
            format_number(cluster.pct_applications),
            labels["kpi_pct_note"].format(share=format_share(cluster.pct_share, unavailable)),
        ),
        Kpi(
            labels["kpi_pubs"],
            format_number(cluster.publications),
            labels["kpi_pubs_note"].format(share=format_share(cluster.pub_share, unavailable)),
        ),
        Kpi(
            labels["kpi_score"],
            format_score(cluster.total_share, unavailable),
            labels["kpi_score_note"].format(rank=ordinal(cluster.rank), ranked=content.narrative.insights.ranked),
        ),
    )
    key_figures = _cluster_figures(cluster, labels, missing)
    facts = _fact_figures(*(f.fact for f in hub.facts))
    nearest = _nearest(content, cluster)
    near_figures = tuple(
        Figure(
            labels["near_figure"].format(measure=group.measure, name=row.name, place=ordinal(row.place)),
            row.value,
            row.sources,
            number=row.count,
        )
        for group in nearest
        for row in group.rows
        if not row.focus
    )
    return Hub(
        key=f"hub-{cluster.rank}",
        words=hub.section,
        hub=hub,
        kpis=kpis,
        key_figures=key_figures,
        fact_figures=facts,
        figures=key_figures
        + facts
        + near_figures
        + derived.hub_figures(hub.profile, labels)
        + derived.home_figures(content, cluster),
        figures_title=f"{ordinal(cluster.rank)} · {cluster.name}",
        cites=_neighbour_sources(content, hub),
        nearest=nearest,
    )


NEAR = 3  # clusters in a hub's neighbourhood on one count, the hub among them


def _nearest(content: Content, cluster: Cluster) -> tuple[NearGroup, ...]:
    """Where a hub stands on each count among every listed cluster: it with the clusters just above and below
    (the two below, or above, at either end). Unlike its rank, this differs from hub to hub and count to count:
    Beijing publishes the most but files about as many PCT applications as Osaka–Kobe–Kyoto."""
    clusters, labels = content.briefing.clusters, content.narrative.labels
    if len(clusters) < NEAR:
        return ()
    groups = []
    top = max((c.total_share for c in clusters if c.total_share), default=None)
    for measure, count, share, series in (
        (labels["table_pct"], lambda c: c.pct_applications, lambda c: c.pct_share, labels["pct_series"]),
        (labels["table_pubs"], lambda c: c.publications, lambda c: c.pub_share, labels["pub_series"]),
    ):
        per = per_point(clusters, count, share)
        if per is None or top is None:  # no shares to draw to: one count scale for both counts
            largest: int | Decimal = max(max(c.pct_applications, c.publications) for c in clusters)
            bar = ""
        else:  # a count's bar as long as its share's part of the score bar above it, and its heading says so
            largest, bar = top * per, labels["near_bar"].format(series=series[:1].lower() + series[1:])
        place = places(clusters, count)
        order = sorted(clusters, key=lambda c: (place[c.name], c.rank))
        at = order.index(cluster)
        first = max(0, min(at - (NEAR - 1) // 2, len(order) - NEAR))
        rows = tuple(
            NearRow(place[c.name], c.name, count(c), format_number(count(c)), c is cluster, c.sources)
            for c in order[first : first + NEAR]
        )
        groups.append(NearGroup(measure, rows, largest, bar=bar))
    if cluster.total_share is not None:  # the score first, split into its two shares, then the counts it adds up
        groups.insert(0, _score_group(content, cluster))
    return tuple(groups)


def _score_group(content: Content, cluster: Cluster) -> NearGroup:
    """The hub with the clusters ranked either side of it, each bar split into its two printed shares: how two
    scores that look alike (Seoul and Beijing, level at 6.8) are made of different parts."""
    scored = [c for c in content.briefing.clusters if c.total_share is not None]
    at = scored.index(cluster)
    first = max(0, min(at - (NEAR - 1) // 2, len(scored) - NEAR))
    rows = tuple(
        NearRow(
            c.rank,
            c.name,
            c.total_share or Decimal(0),
            format_score(c.total_share, "—"),
            c is cluster,
            c.sources,
            (c.pct_share, c.pub_share) if c.pct_share is not None and c.pub_share is not None else None,
        )
        for c in scored[first : first + NEAR]
    )
    largest = max(c.total_share or Decimal(0) for c in scored)
    return NearGroup(content.narrative.labels["near_score"], rows, largest, kind="score")


def _neighbour_sources(content: Content, hub: HubWords) -> tuple[str, ...]:
    """A hub's comparisons name the cluster below it and place it among all the listed clusters."""
    below = hub.profile.next_below
    return tuple(dict.fromkeys([*(below.sources if below else ()), *hub.cluster.sources]))


def _cluster_figures(hub: Cluster, labels: Mapping[str, str], missing: str) -> tuple[Figure, ...]:
    """A hub's own figures from the ranking: its key-figures table and its rows in the appendix."""
    own, detail = hub.sources, hub.detail_sources or hub.sources
    unavailable = labels["unavailable"]
    previous = missing if hub.previous_rank is None else format_number(hub.previous_rank)
    return (
        Figure(labels["table_rank"], format_number(hub.rank), own, number=hub.rank),
        Figure(labels["previous_edition"], previous, own, number=hub.previous_rank),
        Figure(labels["table_change"], rank_change(hub.rank_change, missing), own, number=hub.rank_change),
        Figure(labels["table_pct"], format_number(hub.pct_applications), own, number=hub.pct_applications),
        Figure(labels["table_pubs"], format_number(hub.publications), own, number=hub.publications),
        Figure(labels["pct_series"], format_share(hub.pct_share, unavailable), own, number=hub.pct_share),
        Figure(labels["pub_series"], format_share(hub.pub_share, unavailable), own, number=hub.pub_share),
        Figure(labels["table_total"], format_score(hub.total_share, unavailable), own, number=hub.total_share),
        Figure(labels["top_applicant"], hub.top_applicant or missing, detail if hub.top_applicant else ()),
        Figure(labels["top_sci_org"], hub.top_sci_org or missing, detail if hub.top_sci_org else ()),
    )


def _economy_figures(content: Content) -> tuple[Figure, ...]:
    """Each economy's count, then the edition's claim about the leader's (the first time it leads), as reported."""
    counts = tuple(
        Figure(e.name, format_number(e.clusters_top100 or 0), e.sources, number=e.clusters_top100)
        for e in content.briefing.economies_by_count()
    )
    return counts + _fact_figures(content.narrative.insights.first_lead)


def _fact_figures(*facts: Fact | None) -> tuple[Figure, ...]:
    """Facts the briefing prints, as rows of the data pack: the figure, and what the sources say of it."""
    return tuple(
        Figure(
            f"{f.subject}: {f.metric}{f' ({f.year})' if f.year else ''}",
            fact_value(f),
            f.sources,
            f.note or "",
            f.value,
        )
        for f in facts
        if f is not None
    )


def _intensity_figures(content: Content) -> tuple[Figure, ...]:
    briefing, labels = content.briefing, content.narrative.labels
    figures: list[Figure] = []
    for entry in briefing.intensity:
        where = briefing.economy_names(entry)
        if entry.rank is not None:
            figures.append(
                Figure(
                    f"{entry.cluster} ({where}): rank by intensity",
                    ordinal(entry.rank),
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
    for fact in briefing.intensity_places():
        place = int(fact.value)
        figures.append(
            Figure(f"{fact.cluster}: rank by intensity", ordinal(place), fact.sources, fact.note or "", number=place)
        )
    return tuple(figures)


def _methodology(content: Content) -> Methodology:
    """The method, citing the sources briefing.toml names for it and the source of the patent window; the year
    WIPO began finding clusters this way is a figure, with its own source."""
    settings, words = content.briefing.settings, content.narrative["methodology"]
    cites = (*settings.method_sources, *(settings.pct_window_sources if settings.pct_window else ()))
    since, labels = settings.method_since, content.narrative.labels
    figures = [Figure(labels["method_since"], since, settings.method_since_sources, number=int(since))] if since else []
    if settings.pct_window:  # the window and the column's name the method states, each with its source
        figures.append(Figure(labels["method_window"], settings.pct_window, settings.pct_window_sources))
    if content.briefing.clusters:
        figures.append(Figure(labels["method_total"], "Total", content.briefing.clusters[0].sources))
    return Methodology(
        key="methodology",
        words=words,
        cites=tuple(dict.fromkeys(cites)),
        figures=tuple(figures),
        figures_title=words.title,
    )


def _appendix(content: Content, before: list[Block], hub: Cluster | None = None) -> Appendix:
    """The data behind the blocks before it: for the full briefing every table; for a hub's own document, the
    hub's row and facts. Its groups list every figure the blocks show, for the data pack."""
    briefing = content.briefing
    groups = tuple(FigureGroup(b.figures_title, b.figures) for b in before if b.figures)
    covered = {b.cluster.name for b in before if isinstance(b, Hub)}
    drawn = {name for b in before for chart in b.charts for name in chart.clusters}
    others = tuple(c for c in briefing.clusters if c.name in drawn and c.name not in covered)
    year = briefing.settings.edition_year
    # What the body states: no background ("context") facts, and no claim of another edition.
    facts = tuple(f for f in briefing.facts if f.topic == "innovation" and (f.claim is None or f.year == year))
    if hub is None:
        clusters, economies, intensity = briefing.clusters, briefing.economies_by_count(), briefing.intensity
    else:
        clusters = (hub,)
        facts = tuple(f for f in facts if f.cluster == hub.name)
        economies, intensity = (), tuple(i for i in briefing.intensity if i.cluster == hub.name)
    return Appendix(
        key="appendix",
        words=content.narrative["appendix"],
        show=Show.DOCUMENT | Show.PACK,
        groups=groups,
        others=others,
        clusters=clusters,
        facts=facts,
        economies=economies,
        intensity=intensity,
    )


def _sources(content: Content, before: list[Block], every: bool) -> Sources:
    """Every source (the full briefing), or those the blocks before it cite (a hub document)."""
    sources = tuple(s for s in content.briefing.sources if not content.briefing.is_own(s))
    if not every:
        cited = {s for b in before for s in b.source_ids}
        for b in before:
            if isinstance(b, Appendix):
                cited |= {s for c in (*b.others, *b.clusters) for s in (*c.sources, *c.detail_sources)}
                cited |= {s for f in b.facts for s in f.sources}
                cited |= {s for i in b.intensity for s in i.sources}
        sources = tuple(s for s in sources if s.id in cited)
    words = content.narrative["sources"]
    # The [sources] notes count every source; a short document's notes list the ones it shows instead.
    return Sources(key="sources", words=words if every else replace(words, notes=""), sources=sources, show=EVERYWHERE)
