"""The figures the briefing works out rather than reads: patent parts, gaps, ratios, counts by region.

Each is a Figure like those read from the data, with the sources of what it is worked out from and, as its note,
the sum that gives it ('10.1 ÷ (10.1 + 1.5)'), so a reader of the data pack can check every number the prose
and the titles state, not only the ones the data holds.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from report.blocks import Figure
from report.content import Content
from report.data import Cluster
from report.words.format import format_number, format_score, format_times, in_words, with_article
from report.words.insight import HubProfile, patent_part_of

TOP_TEN = 10


def _share(value: Decimal | None) -> str:
    return "—" if value is None else format_score(value, "—")


def _times(ratio: Decimal) -> Decimal:
    """A ratio as the briefing prints it ('1.7×', '12×'): the data pack's value is the printed one."""
    return ratio.quantize(Decimal("1") if ratio >= 10 else Decimal("0.1"))


def _sources(*clusters: Cluster) -> tuple[str, ...]:
    return tuple(dict.fromkeys(s for c in clusters for s in c.sources))


def hub_figures(profile: HubProfile, labels: Mapping[str, str]) -> tuple[Figure, ...]:
    """A hub's patent part, its lead over the next cluster (or, level with it, both sums and the counts'
    ratios), and its distance behind the leader."""
    hub, figures = profile.cluster, []
    if profile.patent_part is not None:
        figures.append(
            Figure(
                labels["derived_part"],
                f"{profile.patent_part}%",
                _sources(hub),
                f"{_share(hub.pct_share)} ÷ ({_share(hub.pct_share)} + {_share(hub.pub_share)})",
                profile.patent_part,
            )
        )
    below = profile.next_below
    if below is not None and profile.lead_over_next is not None and not profile.tied_with_next:
        figures.append(
            Figure(
                labels["derived_lead"].format(name=below.name),
                format_score(profile.lead_over_next, "—"),
                _sources(hub, below),
                f"{_share(hub.total_share)} − {_share(below.total_share)}",
                profile.lead_over_next,
            )
        )
    if below is not None and profile.tied_with_next:
        for c in (hub, below):
            if c.pct_share is not None and c.pub_share is not None:
                total = c.pct_share + c.pub_share
                note = f"{_share(c.pct_share)} + {_share(c.pub_share)}"
                figures.append(
                    Figure(
                        labels["derived_sum"].format(name=c.name), format_score(total, "—"), _sources(c), note, total
                    )
                )
        for key, a, b in (
            ("derived_ratio_pct", hub.pct_applications, below.pct_applications),
            ("derived_ratio_pubs", hub.publications, below.publications),
        ):
            if b:
                ratio = Decimal(a) / Decimal(b)
                note = f"{format_number(a)} ÷ {format_number(b)}"
                figures.append(
                    Figure(
                        labels[key].format(name=below.name),
                        format_times(ratio),
                        _sources(hub, below),
                        note,
                        _times(ratio),
                    )
                )
    return tuple(figures)


def home_figures(content: Content, hub: Cluster) -> tuple[Figure, ...]:
    """How many of the listed clusters lie in the hub's economy, and the hub's place among them: what its slide
    says of its economy, counted from the ranking's rows."""
    labels, listed = content.narrative.labels, content.briefing.clusters
    home, peers = content.briefing.home(hub)
    if home is None:
        return ()
    ours = sorted((hub, *peers), key=lambda c: c.rank)
    names = ", ".join(f"{c.name} ({c.rank})" for c in ours)
    place = ours.index(hub) + 1
    count = labels["derived_home"].format(economy=home.name, n=len(listed))
    where = labels["derived_home_place"].format(economy=home.name)
    return (
        Figure(count, format_number(len(ours)), _sources(*ours), names, len(ours)),
        Figure(where, format_number(place), _sources(*ours), names, place),
    )


def together_figures(content: Content) -> tuple[Figure, ...]:
    """The patent part of the top hubs' shares added together: the benchmark the scatter's slide states."""
    hubs, labels = content.briefing.hubs, content.narrative.labels
    part = patent_part_of(hubs)
    if part is None or len(hubs) < 2:
        return ()
    patents = sum((h.pct_share or Decimal(0) for h in hubs), Decimal(0))
    science = sum((h.pub_share or Decimal(0) for h in hubs), Decimal(0))
    note = f"{_share(patents)} ÷ ({_share(patents)} + {_share(science)})"
    return (Figure(labels["derived_together"].format(n=in_words(len(hubs))), f"{part}%", _sources(*hubs), note, part),)


def leaders_figures(content: Content) -> tuple[Figure, ...]:
    """The two leading economies' counts added: 'together the two leaders have 45 of the 100'."""
    insight, labels = content.narrative.insights, content.narrative.labels
    lead, runner = insight.lead, insight.runner
    if lead is None or runner is None or lead.clusters_top100 is None or runner.clusters_top100 is None:
        return ()
    total = lead.clusters_top100 + runner.clusters_top100
    note = f"{lead.clusters_top100} + {runner.clusters_top100}"
    label = labels["derived_two_leaders"].format(a=with_article(lead.name, capital=True), b=with_article(runner.name))
    return (Figure(label, format_number(total), tuple(dict.fromkeys((*lead.sources, *runner.sources))), note, total),)


def top_ten_economy_figures(content: Content) -> tuple[Figure, ...]:
    """The first ten clusters counted by the economy WIPO counts each in: the order by size, beside the count."""
    briefing, insight, labels = content.briefing, content.narrative.insights, content.narrative.labels
    first = briefing.clusters[:TOP_TEN]
    return tuple(
        Figure(
            labels["derived_first_ten"].format(region=name, n=TOP_TEN),
            format_number(n),
            _sources(*first),
            labels["derived_counted_economies"],
            n,
        )
        for name, n in insight.top_ten_economies
    )


def region_figures(content: Content) -> tuple[Figure, ...]:
    """The listed clusters counted by WIPO region, as the map's title and tallies give them."""
    briefing, insight, labels = content.briefing, content.narrative.insights, content.narrative.labels
    clusters, figures = briefing.clusters, []
    for region, n in insight.region_counts:
        label = labels["derived_region"].format(region=region, n=len(clusters))
        figures.append(Figure(label, format_number(n), _sources(*clusters), labels["derived_counted"], n))
    return tuple(figures)


def per_resident_figures(content: Content) -> tuple[Figure, ...]:
    """The intensity leader's output per resident against the hub's, as the intensity slide states them."""
    r, labels = content.narrative.insights.per_resident, content.narrative.labels
    if r is None:
        return ()
    sources = tuple(dict.fromkeys((*r.leader.sources, *r.hub.sources)))
    figures = []
    for key, ratio, a, b in (
        ("derived_per_resident_pct", r.pct_ratio, r.leader.pct_per_million, r.hub.pct_per_million),
        ("derived_per_resident_pubs", r.pubs_ratio, r.leader.pubs_per_million, r.hub.pubs_per_million),
    ):
        note = f"{format_number(a or 0)} ÷ {format_number(b or 0)}"
        label = labels[key].format(a=r.leader.cluster, b=r.hub.cluster)
        figures.append(Figure(label, format_times(ratio), sources, note, _times(ratio)))
    return tuple(figures)


def movement_figures(content: Content) -> tuple[Figure, ...]:
    """How many of the listed clusters ranked in both editions moved up, moved down and held their place."""
    clusters, labels = content.briefing.clusters, content.narrative.labels
    known = [c for c in clusters if c.rank_change is not None]
    if not known:
        return ()
    figures = []
    ways = (("derived_up", lambda n: n > 0), ("derived_down", lambda n: n < 0), ("derived_held", lambda n: n == 0))
    for key, keep in ways:
        moved = [c for c in known if keep(c.rank_change or 0)]
        label = labels[key]
        figures.append(
            Figure(label, format_number(len(moved)), _sources(*known), labels["derived_counted_moves"], len(moved))
        )
    return tuple(figures)
