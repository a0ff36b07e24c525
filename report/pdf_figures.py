"""The rows of the PDF's appendix: every figure the briefing shows, formatted, with the sources it came from.

Pure data (no reportlab), so a test can check that nothing shown in the report is missing from the appendix.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from report.content import Content
from report.data import Cluster
from report.text import fact_value, format_number, format_share, ordinal, rank_change

# Words the PDF needs that templates/prose.toml [labels] does not (yet) define; a label there wins.


def label(labels: Mapping[str, str], key: str) -> str:
    return labels[key]


@dataclass(frozen=True)
class FigureRow:
    figure: str
    value: str
    source_ids: tuple[str, ...]
    note: str = ""


@dataclass(frozen=True)
class FigureGroup:
    title: str
    rows: tuple[FigureRow, ...]


def economy_names(content: Content, cluster: Cluster) -> tuple[str, ...]:
    return tuple(content.briefing.economy(code).name for code in cluster.economy_codes)


def signed_change(change: int | None) -> str:
    """'+2', '–1' (an en dash: the theme font has no minus sign), '0', or 'not reported'."""
    if change is None:
        return "not reported"
    return f"+{change}" if change > 0 else f"–{abs(change)}" if change < 0 else "0"


def cluster_rows(content: Content, hub: Cluster) -> tuple[FigureRow, ...]:
    """A hub's own figures from the ranking: its key-figures table in the PDF and its rows in the appendix."""
    labels = content.narrative.labels
    detail = hub.detail_sources or hub.sources
    rows = [
        FigureRow(labels["table_rank"], format_number(hub.rank), hub.sources),
        FigureRow(labels["previous_edition"], "not reported" if hub.previous_rank is None
                  else format_number(hub.previous_rank), hub.sources),
        FigureRow(labels["table_change"], rank_change(hub.rank_change), hub.sources),
        FigureRow(labels["table_pct"], format_number(hub.pct_applications), hub.sources),
        FigureRow(labels["table_pubs"], format_number(hub.publications), hub.sources),
        FigureRow(labels["pct_series"], format_share(hub.pct_share), hub.sources),
        FigureRow(labels["pub_series"], format_share(hub.pub_share), hub.sources),
        FigureRow(labels["table_total"], format_share(hub.total_share), hub.sources),
        FigureRow(label(labels, "top_applicant"), hub.top_applicant or "not reported", detail),
        FigureRow(label(labels, "top_sci_org"), hub.top_sci_org or "not reported", detail),
    ]
    return tuple(rows)


def fact_rows(content: Content, hub: Cluster) -> tuple[FigureRow, ...]:
    rows = []
    for fact in content.briefing.facts_for(hub.name):
        year = f" ({fact.year})" if fact.year else ""
        rows.append(FigureRow(f"{fact.subject}, {fact.metric}{year}", fact_value(fact), fact.sources,
                              fact.note or ""))
    return tuple(rows)


def hub_group(content: Content, hub: Cluster) -> FigureGroup:
    """A hub's figures from the ranking, then its further facts: all the figures its section shows."""
    return FigureGroup(f"{ordinal(hub.rank)} · {hub.name}", cluster_rows(content, hub) + fact_rows(content, hub))


def figure_groups(content: Content) -> tuple[FigureGroup, ...]:
    """One group per hub, then the economy counts and the intensity ranking."""
    briefing, narrative = content.briefing, content.narrative
    groups = [hub_group(content, hub) for hub in briefing.hubs]
    counted = sorted((e for e in briefing.economies if e.clusters_top100 is not None),
                     key=lambda e: (-(e.clusters_top100 or 0), e.name))
    groups.append(FigureGroup(narrative["key_finding"].axis_x, tuple(
        FigureRow(e.name, format_number(e.clusters_top100 or 0), e.sources) for e in counted)))
    intensity: list[FigureRow] = []
    per_million = label(narrative.labels, "per_million")
    names = {e.code: e.name for e in briefing.economies}
    for entry in briefing.intensity:
        where = " and ".join(names.get(code, code) for code in entry.economy_codes)
        intensity.append(FigureRow(f"{entry.cluster} ({where}): {narrative['intensity'].axis_x.lower()}",
                                   format_number(entry.rank), entry.sources))
        for key, value in (("table_pct", entry.pct_per_million), ("table_pubs", entry.pubs_per_million)):
            if value is not None:
                intensity.append(FigureRow(f"{entry.cluster}: {narrative.labels[key]} {per_million}",
                                           format_number(value), entry.sources))
    groups.append(FigureGroup(narrative["intensity"].title, tuple(intensity)))
    return tuple(groups)


def other_clusters(content: Content) -> tuple[Cluster, ...]:
    """Clusters outside the top N: their figures appear in the scatter and position charts."""
    hubs = {hub.name for hub in content.briefing.hubs}
    return tuple(c for c in content.briefing.clusters if c.name not in hubs)
