"""What the data says, computed: the comparisons the briefing's sentences state, never typed into a template.

Each insight is a small frozen record built from the validated `Briefing` alone, so a new edition's data yields
new sentences, and a test can check every claim the words make against the numbers.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from report.data import Briefing, Cluster, Economy, Fact, IntensityEntry, SizeAndIntensity
from report.limits import MAX_CHART_ROWS

TOP_100 = 100  # the size of WIPO's cluster ranking (its table is "Top 100 S&T clusters"); economies' counts are of it
TOP_TEN = 10  # "the first ten": where size and intensity are compared
BIG_MOVE = 3  # places: a move this large is drawn on the movement chart wherever the cluster ranks
MOVERS = 12  # rows of the movement chart at most
LEADERS = 5  # the takeaways speak of the five largest clusters, whatever the briefing's top N
MAP_REGIONS = 3  # the map's title names the three regions with most clusters and counts the rest together
ELSEWHERE_NAMED = 4  # the map's caption names the clusters counted together, when there are this few
NARROW = Decimal("0.5")  # a lead over the next cluster under this many points can turn on rounding or a small change
COUNT_HEADLINES = ("most_pct", "most_pubs", "contrast")  # the titles about a count, not the score
CONTRAST = 4  # places apart on the two counts: a hub strong on one and not the other, which its title says
CLOSE_RACE = Decimal("0.75")  # a third cluster under this share of the second's score: the top two lead clearly


@dataclass(frozen=True)
class HubProfile:
    """What sets one hub apart from the others in the top N."""

    cluster: Cluster
    patent_part: int | None  # per cent of the sum of its two shares that comes from its share of PCT filings
    patent_part_rank: int | None  # 1 = the most patent-heavy of the hubs
    hubs_patent_part: int | None  # the same per cent for the top N hubs' shares added together
    most_pct: bool  # the most PCT applications of every cluster listed
    most_pubs: bool  # the most publications of every cluster listed
    overtook: tuple[str, ...]  # hubs it moved past since the previous edition
    entered: bool  # new in the top N
    behind_leader: Decimal | None  # points of combined score behind the first, for the second only
    pct_place: int  # its place among the listed clusters by PCT applications (1 = most)
    pubs_place: int  # and by publications
    pct_near: tuple[Cluster | None, Cluster | None]  # the clusters just above and just below it by PCT applications
    pubs_near: tuple[Cluster | None, Cluster | None]  # and by publications
    next_below: Cluster | None  # the cluster ranked just below it
    lead_over_next: Decimal | None  # its combined score minus that cluster's, as printed
    headline: (
        str  # what its title leads with: most_pct, most_pubs, contrast, entered, overtook, behind, fell, mix, rank
    )

    @property
    def name(self) -> str:
        return self.cluster.name

    @property
    def tied_with_next(self) -> bool:
        """Level with the cluster below as printed: their order rests on the unrounded shares."""
        return self.lead_over_next is not None and self.lead_over_next == 0

    @property
    def narrow_lead(self) -> bool:
        """Less than half a point ahead of the cluster below: a small change in either share could swap them."""
        return self.lead_over_next is not None and self.lead_over_next < NARROW

    @property
    def titled_on_score(self) -> bool:
        """Its title is about its score (behind the leader, level with the next), not about one of its counts."""
        return self.headline not in COUNT_HEADLINES


@dataclass(frozen=True)
class PerResident:
    """Two clusters' output per million residents, for the intensity comparison."""

    leader: IntensityEntry
    hub: IntensityEntry
    pct_ratio: Decimal
    pubs_ratio: Decimal
    only_hub: bool  # the one hub of the top N whose per-resident figures the sources publish


@dataclass(frozen=True)
class Insights:
    ranked: int  # how many clusters WIPO ranks: the economies' counts are out of this many
    lead: Economy | None
    runner: Economy | None
    next_groups: tuple[tuple[int, tuple[str, ...]], ...]  # after the top two: (count, economies with it), two counts
    first_lead: Fact | None  # the data says this edition is the first in which ``lead`` leads
    attributed: int  # of the top 100, clusters the sources attribute to an economy
    region_counts: tuple[tuple[str, int], ...]  # ranked clusters by WIPO region, most first
    elsewhere: tuple[tuple[str, tuple[str, ...]], ...]  # by region, the clusters the map counts together, if few
    filing_weighs_more: bool  # the world's PCT applications are fewer than its articles, so one weighs more
    leaders: tuple[Cluster, ...]  # the five largest clusters, whatever the briefing's top N
    leaders_region: str | None  # the one region the five largest are all in, if they share one
    leaders_in: tuple[tuple[str, int], ...]  # the five largest per economy name, most first
    patents_leader: Cluster
    science_leader: Cluster
    profiles: tuple[HubProfile, ...]
    entrants: tuple[Cluster, ...]  # clusters new in the top five
    leavers: tuple[Cluster, ...]  # clusters that were in the top five of the previous edition and are not now
    overtakes: tuple[tuple[Cluster, Cluster], ...]  # (one of the top five, the cluster it moved past)
    clear_lead: bool  # the top two are far ahead of the third
    rounding: tuple[Cluster, ...]  # hubs whose printed total differs from the sum of its printed parts
    ties: tuple[tuple[Cluster, Cluster], ...]  # neighbours among the five largest with the same printed score
    first_outside: Cluster | None  # the largest cluster outside that region
    movers: tuple[Cluster, ...]  # what the movement chart draws: the five largest, whom they passed, the big moves
    intensity_leader: IntensityEntry | None
    intensity_ranked: tuple[IntensityEntry, ...]  # the entries with a rank by intensity, first first
    intensity_regions: tuple[str, ...]  # the WIPO regions those entries lie in, in order of first appearance
    hubs_in_intensity: tuple[str, ...]  # hubs among the ranked intensity leaders
    size_and_intensity: tuple[tuple[IntensityEntry, Cluster], ...]  # ranked by intensity and in the first ten by size
    per_resident: PerResident | None
    ranks_compared: tuple[SizeAndIntensity, ...] = ()  # what the intensity chart draws: both ranks, where known
    listed: int = 0  # clusters in the listed ranking: one not among them is "not in the top N" by size
    top_ten_economies: tuple[tuple[str, int], ...] = ()  # the first ten clusters counted by economy, most first
    tenth_tie: tuple[int, int] | None = (
        None  # ranks printing the 10th's score across the 10/11 line: "first ten" is close
    )

    @property
    def unplaced_leaders(self) -> tuple[str, ...]:
        """The largest clusters the sources give no place by intensity (the chart draws their size alone)."""
        return tuple(r.cluster for r in self.ranks_compared if r.intensity is None)

    @property
    def big_move(self) -> int:
        return BIG_MOVE

    @property
    def big_moves(self) -> tuple[Cluster, ...]:
        """The clusters beyond the five largest that the movement chart draws for a move of BIG_MOVE or more."""
        return tuple(c for c in self.movers if c not in self.leaders and abs(c.rank_change or 0) >= BIG_MOVE)

    def profile(self, name: str) -> HubProfile:
        return next(p for p in self.profiles if p.name == name)


def _tie_across(clusters: tuple[Cluster, ...], n: int) -> tuple[int, int] | None:
    """The first and last rank printing the same score as the ``n``th, when they straddle the line after it: a
    count of the first ``n`` then turns on WIPO's unrounded figures (San Diego, New York City and Nanjing, 9th
    to 11th, all print 2.1)."""
    if len(clusters) <= n or clusters[n - 1].total_share is None:
        return None
    tied = [c.rank for c in clusters if c.total_share == clusters[n - 1].total_share]
    return (min(tied), max(tied)) if max(tied) > n else None


def _home_name(briefing: Briefing, cluster: Cluster) -> str:
    """The economy WIPO counts a cluster in: its first (Shenzhen–Hong Kong–Guangzhou counts in China)."""
    return briefing.economy(cluster.economy_codes[0]).name


def read_insights(briefing: Briefing) -> Insights:
    hubs, clusters = briefing.hubs, briefing.clusters
    leaders = briefing.economies_by_count()
    lead = leaders[0] if leaders else None
    first = clusters[:LEADERS]
    overtakes = tuple(
        (a, b)
        for a in hubs
        for b in clusters
        if a is not b
        and _before(a, b)
        and a.previous_rank is not None
        and b.previous_rank is not None
        and a.previous_rank > b.previous_rank
    )
    ranked_by_intensity = tuple(i for i in briefing.intensity if i.rank is not None)
    by_name = {c.name: c for c in clusters[:TOP_TEN]}
    return Insights(
        ranked=TOP_100,
        lead=lead,
        runner=leaders[1] if len(leaders) > 1 else None,
        next_groups=_next_groups(leaders[2:]),
        first_lead=briefing.claim("first_lead", lead.name) if lead else None,
        attributed=sum(e.clusters_top100 or 0 for e in leaders),
        region_counts=_region_counts(briefing, clusters),
        elsewhere=_elsewhere(briefing, clusters),
        filing_weighs_more=_filing_weighs_more(clusters),
        leaders=clusters[:LEADERS],
        leaders_region=_shared_region(briefing, clusters[:LEADERS]),
        leaders_in=tuple(Counter(briefing.economy(c.economy_codes[0]).name for c in clusters[:LEADERS]).most_common()),
        patents_leader=max(clusters, key=lambda c: c.pct_applications),
        science_leader=max(clusters, key=lambda c: c.publications),
        profiles=_profiles(briefing, overtakes),
        entrants=tuple(c for c in first if c.previous_rank is not None and c.previous_rank > LEADERS),
        leavers=tuple(c for c in clusters[LEADERS:] if c.previous_rank is not None and c.previous_rank <= LEADERS),
        overtakes=tuple((a, b) for a, b in overtakes if a in first),
        clear_lead=_clear_lead(first),
        rounding=tuple(h for h in hubs if _parts_differ(h)),
        ties=tuple((a, b) for a, b in itertools.pairwise(first) if _tied(a, b)),
        first_outside=_first_outside(briefing, clusters, _shared_region(briefing, clusters[:LEADERS])),
        movers=_movers(clusters, overtakes),
        intensity_leader=next((i for i in briefing.intensity if i.rank == 1), None),
        intensity_ranked=ranked_by_intensity,
        intensity_regions=tuple(
            dict.fromkeys(briefing.economy(code).region for i in ranked_by_intensity for code in i.economy_codes)
        ),
        hubs_in_intensity=tuple(i.cluster for i in briefing.intensity if i.rank and i.cluster in _names(hubs)),
        size_and_intensity=tuple((i, by_name[i.cluster]) for i in ranked_by_intensity if i.cluster in by_name),
        ranks_compared=briefing.size_and_intensity(LEADERS, MAX_CHART_ROWS),
        listed=len(clusters),
        top_ten_economies=tuple(Counter(_home_name(briefing, c) for c in clusters[:TOP_TEN]).most_common()),
        tenth_tie=_tie_across(clusters, TOP_TEN),
        per_resident=_per_resident(briefing),
    )


def _next_groups(economies: tuple[Economy, ...], counts: int = 2) -> tuple[tuple[int, tuple[str, ...]], ...]:
    """The economies after the two leaders, grouped by their count: a tie is named in full, never cut."""
    groups: dict[int, list[str]] = {}
    for economy in economies:
        n = economy.clusters_top100 or 0
        if n not in groups and len(groups) == counts:
            break
        groups.setdefault(n, []).append(economy.name)
    return tuple((n, tuple(names)) for n, names in groups.items())


def _first_outside(briefing: Briefing, clusters: tuple[Cluster, ...], region: str | None) -> Cluster | None:
    if region is None:
        return None
    return next((c for c in clusters if _in_region(briefing, (c,), region) == 0), None)


def _movers(clusters: tuple[Cluster, ...], overtakes: tuple[tuple[Cluster, Cluster], ...]) -> tuple[Cluster, ...]:
    """The five largest, the clusters they moved past, and every cluster that moved BIG_MOVE places or more
    (the largest moves first, when there are more than MOVERS), in rank order."""
    known = [c for c in clusters if c.rank_change is not None]
    chosen = {c.name for c in known[:LEADERS]} | {b.name for a, b in overtakes if a in clusters[:LEADERS]}
    big = sorted(
        (c for c in known if abs(c.rank_change or 0) >= BIG_MOVE), key=lambda c: (-abs(c.rank_change or 0), c.rank)
    )
    for cluster in big:
        if len(chosen) >= MOVERS:
            break
        chosen.add(cluster.name)
    return tuple(c for c in known if c.name in chosen)


def _tied(a: Cluster, b: Cluster) -> bool:
    return a.total_share is not None and a.total_share == b.total_share


def _in_region(briefing: Briefing, clusters: tuple[Cluster, ...], region: str | None) -> int:
    if region is None:
        return 0
    return sum(1 for c in clusters if all(briefing.economy(code).region == region for code in c.economy_codes))


def _names(clusters: tuple[Cluster, ...]) -> set[str]:
    return {c.name for c in clusters}


def _before(a: Cluster, b: Cluster) -> bool:
    return a.rank < b.rank


def per_point(
    clusters: Sequence[Cluster], count: Callable[[Cluster], int], share: Callable[[Cluster], Decimal | None]
) -> Decimal | None:
    """How many PCT applications (or articles) one point of world share stands for: the listed clusters' counts
    over their printed shares. None when no cluster prints that share."""
    shared = [(count(c), s) for c in clusters if (s := share(c))]
    return Decimal(sum(n for n, _s in shared)) / sum(s for _n, s in shared) if shared else None


def _filing_weighs_more(clusters: tuple[Cluster, ...]) -> bool:
    """Whether a point of world share stands for fewer PCT applications than articles."""
    filings = per_point(clusters, lambda c: c.pct_applications, lambda c: c.pct_share)
    articles = per_point(clusters, lambda c: c.publications, lambda c: c.pub_share)
    return filings is not None and articles is not None and filings < articles


def _elsewhere(briefing: Briefing, clusters: tuple[Cluster, ...]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    rest = [region for region, _n in _region_counts(briefing, clusters)[MAP_REGIONS:]]
    found = [(r, tuple(c.name for c in clusters if briefing.economy(c.economy_codes[0]).region == r)) for r in rest]
    return tuple(found) if sum(len(names) for _r, names in found) <= ELSEWHERE_NAMED else ()


def _region_counts(briefing: Briefing, clusters: tuple[Cluster, ...]) -> tuple[tuple[str, int], ...]:
    counts = Counter(briefing.economy(c.economy_codes[0]).region for c in clusters)
    return tuple(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


def _shared_region(briefing: Briefing, hubs: tuple[Cluster, ...]) -> str | None:
    regions = {briefing.economy(code).region for h in hubs for code in h.economy_codes}
    return regions.pop() if len(regions) == 1 else None


def _profiles(briefing: Briefing, overtakes: tuple[tuple[Cluster, Cluster], ...]) -> tuple[HubProfile, ...]:
    hubs, clusters, top = briefing.hubs, briefing.clusters, briefing.settings.top
    parts = {h.name: patent_part(h) for h in hubs}
    ranked = sorted((p, n) for n, p in parts.items() if p is not None)
    order = {name: i + 1 for i, (_p, name) in enumerate(reversed(ranked))}
    most_pct = max(clusters, key=lambda c: c.pct_applications).name
    most_pubs = max(clusters, key=lambda c: c.publications).name
    pct_places = places(clusters, lambda c: c.pct_applications)
    pubs_places = places(clusters, lambda c: c.publications)
    first = hubs[0]
    together = patent_part_of(hubs)
    profiles = []
    for hub in hubs:
        behind = None
        if hub.rank == 2 and first.total_share is not None and hub.total_share is not None:
            behind = first.total_share - hub.total_share
        below = next((c for c in clusters if c.rank > hub.rank), None)
        lead = None
        if below is not None and hub.total_share is not None and below.total_share is not None:
            lead = hub.total_share - below.total_share
        profile = HubProfile(
            cluster=hub,
            patent_part=parts[hub.name],
            patent_part_rank=order.get(hub.name),
            hubs_patent_part=together,
            most_pct=hub.name == most_pct,
            most_pubs=hub.name == most_pubs,
            overtook=tuple(b.name for a, b in overtakes if a is hub),
            entered=hub.previous_rank is not None and hub.previous_rank > top,
            behind_leader=behind,
            pct_place=pct_places[hub.name],
            pubs_place=pubs_places[hub.name],
            pct_near=_either_side(clusters, hub, lambda c: c.pct_applications),
            pubs_near=_either_side(clusters, hub, lambda c: c.publications),
            next_below=below,
            lead_over_next=lead,
            headline="",
        )
        profiles.append(replace(profile, headline=_headline(profile)))
    return tuple(profiles)


def _headline(p: HubProfile) -> str:
    """The one thing a hub's title leads with, most telling first."""
    if p.most_pct:
        return "most_pct"
    if p.most_pubs:
        return "most_pubs"
    if abs(p.pct_place - p.pubs_place) >= CONTRAST:
        return "contrast"
    if p.entered:
        return "entered"
    if p.overtook:
        return "overtook"
    if p.behind_leader is not None:
        return "behind"
    if p.cluster.rank_change is not None and p.cluster.rank_change < 0:
        return "fell"
    if p.patent_part_rank == 1:
        return "mix"
    return "rank"


def places(clusters: tuple[Cluster, ...], value: Callable[[Cluster], int]) -> dict[str, int]:
    """Each cluster's place by one count, 1 for the most; equal counts share a place."""
    counts = sorted((value(c) for c in clusters), reverse=True)
    return {c.name: counts.index(value(c)) + 1 for c in clusters}


def _either_side(
    clusters: tuple[Cluster, ...], hub: Cluster, value: Callable[[Cluster], int]
) -> tuple[Cluster | None, Cluster | None]:
    """The clusters just above and just below ``hub`` by one count (None past either end); ties in rank order."""
    order = sorted(clusters, key=lambda c: (-value(c), c.rank))
    at = order.index(hub)
    return (order[at - 1] if at > 0 else None, order[at + 1] if at + 1 < len(order) else None)


def patent_part(hub: Cluster) -> int | None:
    """The per cent of the combined score that comes from patents, from the two printed shares."""
    return patent_part_of((hub,))


def patent_part_of(clusters: tuple[Cluster, ...]) -> int | None:
    """The same per cent for clusters' printed shares added together; None when any share is missing."""
    if any(c.pct_share is None or c.pub_share is None for c in clusters):
        return None
    patents = sum((c.pct_share for c in clusters if c.pct_share is not None), Decimal(0))
    total = patents + sum((c.pub_share for c in clusters if c.pub_share is not None), Decimal(0))
    return round(100 * patents / total) if total else None


def _clear_lead(hubs: tuple[Cluster, ...]) -> bool:
    if len(hubs) < 3 or any(h.total_share is None for h in hubs[:3]):
        return False
    return bool(hubs[2].total_share < CLOSE_RACE * hubs[1].total_share)  # type: ignore[operator]


def _parts_differ(hub: Cluster) -> bool:
    if hub.pct_share is None or hub.pub_share is None or hub.total_share is None:
        return False
    return hub.pct_share + hub.pub_share != hub.total_share


def _per_resident(briefing: Briefing) -> PerResident | None:
    """The intensity leader against the first hub with figures per million residents, when both have them."""
    leader = next((i for i in briefing.intensity if i.rank == 1 and i.pct_per_million and i.pubs_per_million), None)
    hubs = _names(briefing.hubs)
    with_figures = [i for i in briefing.intensity if i.cluster in hubs and i.pct_per_million and i.pubs_per_million]
    hub = with_figures[0] if with_figures else None
    if leader is None or hub is None:
        return None
    return PerResident(
        leader=leader,
        hub=hub,
        pct_ratio=Decimal(leader.pct_per_million or 0) / Decimal(hub.pct_per_million or 1),
        pubs_ratio=Decimal(leader.pubs_per_million or 0) / Decimal(hub.pubs_per_million or 1),
        only_hub=len(with_figures) == 1,
    )
