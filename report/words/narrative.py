"""Turn the prose templates in templates/prose.toml into plain text bound to the data.

Templates are Jinja, rendered in a sandbox with StrictUndefined, so a misspelt placeholder is an error and
text taken from the data is only ever inserted, never evaluated. Comparisons the sentences state come from
`insight` (computed from the data), never from a figure typed into a template. The output is plain text;
each renderer escapes it for its own format (XML for reportlab, nothing for python-pptx).
"""

from __future__ import annotations

import functools
import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

from report.data import Briefing, Cluster, Fact
from report.errors import TemplateError
from report.words.breaks import DASH
from report.words.format import (
    fact_value,
    format_number,
    format_score,
    format_share,
    format_times,
    in_words,
    join_names,
    ordinal,
    ordinal_word,
    rank_change,
    source_list,
    with_article,
)
from report.words.insight import HubProfile, Insights, read_insights

OVERVIEW_ROWS = 12  # overview charts draw this many clusters one by one

# Every label a renderer asks for; prose.toml's [labels] must define exactly these.
LABEL_KEYS = frozenset(
    {
        "sources_prefix",
        "source_prefix",
        "not_reported",
        "unavailable",
        "contents",
        "tenth_tie",  # the note every count of the first ten carries when 10th place is a tie, said one way
        "near_bar",
        "page_footer",
        "page_of",
        "table_rank",
        "table_cluster",
        "table_economy",
        "table_pct",
        "table_pubs",
        "table_total",
        "table_change",
        "table_change_short",
        "table_continued",
        "revisions_title",
        "revision_changed",
        "revision_added",
        "revision_removed",
        "key_figures",
        "hub_facts",
        "top_applicant",
        "top_sci_org",
        "per_million",
        "appendix_figure",
        "appendix_value",
        "appendix_source",
        "others_label",
        "previous_edition",
        "pct_series",
        "pub_series",
        "rest_of_top",
        "rounding_note",
        "players",
        "unnamed_note",
        "data_pack",
        "kpi_pct",
        "kpi_pubs",
        "kpi_score",
        "kpi_pct_note",
        "kpi_pubs_note",
        "kpi_score_note",
        "dashboard_legend",
        "glossary_term",
        "glossary_meaning",
        "summary_label",
        "unmapped_note",
        "unmapped_position",
        "unmapped_score",
        "hub_sources",
        "hub_in_sources",
        "player_patents",
        "player_science",
        "equal_shares",
        "rank_by_size",
        "rank_by_intensity",
        "outside_ranking",
        "rank_axis",
        "method_window",
        "near_score",
        "dashboard_alt",
        "method_total",
        "derived_home",
        "derived_home_place",
        "economies_rest",
        "appendix_subject",
        "table_pct_share",
        "table_pub_share",
        "near_title",
        "near_figure",
        "figure_label",
        "other_economies",
        "table_label",
        "body_table_label",
        "legend_hubs",
        "legend_others",
        "method_since",
        "appendix_place",
        "appendix_reported",
        "derived_part",
        "derived_lead",
        "derived_sum",
        "derived_ratio_pct",
        "derived_ratio_pubs",
        "derived_together",
        "derived_two_leaders",
        "derived_region",
        "derived_first_ten",
        "derived_counted",
        "derived_counted_economies",
        "derived_counted_moves",
        "derived_per_resident_pct",
        "derived_per_resident_pubs",
        "derived_up",
        "derived_down",
        "derived_held",
        "appendix_rounding",
        "appendix_codes",
        "map_inset",
        "map_tally",
        "map_elsewhere",
        "part_label",
        "part_picture",
        "part_hubs",
        "part_beyond",
        "part_method",
        "table_year",
        "table_region",
        "year_not_given",
        "appendix_ranking",
        "appendix_ranking_one",
        "appendix_facts",
        "appendix_economies",
        "appendix_intensity",
        "appendix_per_resident",
    }
)
# The sections every story needs; a hub's own sections are rendered once per hub.
FIXED_SECTIONS = (
    "cover",
    "summary",
    "contents",
    "map",
    "economies",
    "dashboard",
    "overview",
    "pct_vs_pubs",
    "rank_movement",
    "intensity",
    "closing",
    "methodology",
    "glossary",
    "sources",
    "appendix",
)
HUB_SECTIONS = ("hub", "hub_document")
_POINT_FIELDS = ("lead", "text", "then")


@dataclass(frozen=True)
class Point:
    """One takeaway or glossary entry: a bold lead, its text, and what follows from it."""

    lead: str = ""
    text: str = ""
    then: str = ""


@dataclass(frozen=True)
class Section:
    """The words of one slide or PDF section: every field is optional plain text."""

    title: str = ""
    subtitle: str = ""
    bullets: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()
    points: tuple[Point, ...] = ()
    notes: str = ""
    caption: str = ""
    alt: str = ""
    axis_x: str = ""
    axis_y: str = ""


@dataclass(frozen=True)
class FactWords:
    """One thing the sources say about a hub, and the line that states it: a further fact, or its output per
    resident (``fact`` None)."""

    fact: Fact | None
    line: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class HubWords:
    """Everything written about one hub: its section, its own short document, its facts, what sets it apart."""

    cluster: Cluster
    section: Section
    document: Section
    facts: tuple[FactWords, ...]
    profile: HubProfile

    @property
    def name(self) -> str:
        return self.cluster.name


@dataclass(frozen=True)
class Narrative:
    """All rendered text: the named sections, one record per hub, the labels, and the insights behind them."""

    sections: Mapping[str, Section]
    hubs: tuple[HubWords, ...]
    labels: Mapping[str, str]
    insights: Insights
    names: tuple[str, ...] = ()  # the names no rendered line may break inside (breaks.bind)
    regions: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({})
    )  # WIPO's region names, as the sentences put them

    def region(self, name: str) -> str:
        """A WIPO region as the briefing names it ("Asia-Pacific"), or as WIPO does where [regions] is silent."""
        return self.regions.get(name, name)

    def __getitem__(self, key: str) -> Section:
        return self.sections[key]

    def hub(self, name: str) -> HubWords:
        for hub in self.hubs:
            if hub.name == name:
                return hub
        raise KeyError(f"{name!r} is not one of the hubs: {'; '.join(h.name for h in self.hubs)}")

    @property
    def missing(self) -> str:
        """What a figure the sources do not give is written as."""
        return self.labels["not_reported"]


@functools.lru_cache(maxsize=4)
def _compiler(
    missing: str, regions: tuple[tuple[str, str], ...], places: tuple[tuple[str, str], ...]
) -> Callable[[str], Any]:
    """A template string's compiled form, compiled once per process: the hub templates repeat for every hub,
    and `report watch` keeps its compiled templates from build to build (compiling was most of the words' cost)."""
    return functools.lru_cache(maxsize=4096)(_environment(missing, dict(regions), dict(places)).from_string)


def _environment(missing: str, regions: Mapping[str, str], places: Mapping[str, str] | None = None) -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    env.filters.update(
        num=format_number,
        share=lambda v: format_share(v, missing),
        score=lambda v: format_score(v, missing),
        times=format_times,
        ordinal=ordinal,
        nth=ordinal_word,
        words=in_words,
        change=lambda v: rank_change(v, missing),
        value=fact_value,
        names=join_names,
        region=lambda name: regions.get(name, name),
        the=with_article,
        The=lambda name: with_article(name, capital=True),
        place=lambda entry: (places or {}).get(entry.cluster, entry.cluster),
    )
    return env


def load_prose(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(f"{path}: cannot read the text templates ({exc}); fix the file and rebuild") from exc


def base_context(
    briefing: Briefing, date: str, insights: Insights, regions: Mapping[str, str] | None = None
) -> dict[str, Any]:
    regions = regions or {}
    shown_regions = [name for name, _n in insights.region_counts]
    return {
        "renamed": tuple((r, regions[r]) for r in shown_regions if regions.get(r, r) != r),
        "moved": insights.movers,
        "pct_window_by": source_list(briefing, briefing.settings.pct_window_sources),
        "insight": insights,
        "claim": briefing.claim,
        "settings": briefing.settings,
        "date": date,
        "top": briefing.settings.top,
        "shown": min(briefing.settings.top, OVERVIEW_ROWS),
        "hubs": briefing.hubs,
        "clusters": briefing.clusters,
        "economies": briefing.economies_by_count(),
        "intensity": briefing.intensity,
        "intensity_places": briefing.intensity_places(),
        "reported": {f: _publishers(briefing, f) for f in briefing.facts},  # who says a claim, for the text to name
        "sources": tuple(s for s in briefing.sources if not briefing.is_own(s)),  # those the briefing cites
    }


def hub_context(briefing: Briefing, hub: Cluster, insights: Insights) -> dict[str, Any]:
    home, peers = briefing.home(hub)
    return {
        "hub": hub,
        "profile": insights.profile(hub.name),
        "economy": briefing.economy_names(hub),
        "facts": briefing.facts_for(hub.name),
        "home": home,  # the economy it lies in first, and that economy's other clusters in the data's ranking
        "peers": peers,
    }


def write_narrative(briefing: Briefing, prose_path: Path, date: str) -> Narrative:
    """Render every template once; a template error names the template key and line."""
    prose = load_prose(prose_path)
    labels_template = _table(prose, "labels", prose_path)
    _check_labels(labels_template, prose_path)
    regions = {str(k): str(v) for k, v in _table(prose, "regions", prose_path).items()}
    insights = read_insights(briefing)
    base = base_context(briefing, date, insights, regions)
    places = tuple(briefing.place_names().items())
    compiled = _compiler(str(labels_template["not_reported"]), tuple(regions.items()), places)
    names = _names(briefing, regions, dict(places))
    render = _renderer(compiled, prose_path)

    def section(key: str, context: Mapping[str, Any]) -> Section:
        table = _table(prose, key, prose_path)
        known = {f.name for f in fields(Section)}
        unknown = set(table) - known
        if unknown:
            raise TemplateError(
                f"{prose_path}: [{key}] has unknown field(s) {', '.join(sorted(unknown))}; "
                f"expected {', '.join(sorted(known))}"
            )
        values = {k: render(f"{key}.{k}", v, context) for k, v in table.items() if k != "points"}
        points = tuple(_points(table.get("points", []), key, context, render, prose_path))
        return Section(**values, points=points)

    labels = {key: render(f"labels.{key}", value, base) for key, value in labels_template.items()}
    base["label"] = MappingProxyType(labels)  # a phrase several sections say, written once
    sections = {key: section(key, base) for key in FIXED_SECTIONS}
    fact_template = _table(prose, "fact", prose_path).get("line", "")
    per_resident = _table(prose, "fact", prose_path).get("per_resident", "")
    hubs = []
    for hub in briefing.hubs:
        context = {**base, **hub_context(briefing, hub, insights)}
        facts = _hub_facts(briefing, hub)
        hubs.append(
            HubWords(
                cluster=hub,
                section=section("hub", context),
                document=section("hub_document", context),
                facts=(
                    *(
                        FactWords(
                            f,
                            render(
                                "fact.line",
                                fact_template,
                                {
                                    **base,
                                    "fact": f,
                                    "profile": context["profile"],
                                },
                            ),
                            f.sources,
                        )
                        for f in facts
                    ),
                    *(
                        FactWords(
                            None,
                            render("fact.per_resident", per_resident, {**base, "entry": e}),
                            e.sources + (insights.per_resident.leader.sources if insights.per_resident else ()),
                        )
                        for e in briefing.intensity
                        if e.cluster == hub.name and e.pct_per_million is not None and e.pubs_per_million is not None
                    ),
                ),
                profile=insights.profile(hub.name),
            )
        )
    return Narrative(
        MappingProxyType(sections), tuple(hubs), MappingProxyType(labels), insights, names, MappingProxyType(regions)
    )


def _publishers(briefing: Briefing, fact: Fact) -> str:
    """'Shine and South China Morning Post': who a claim is reported by, for a line that names them."""
    return join_names(list(dict.fromkeys(briefing.source(s).publisher for s in fact.sources)))


def _hub_facts(briefing: Briefing, hub: Cluster) -> tuple[Fact, ...]:
    """What a hub's slide states from the sources: its innovation facts, and this edition's claims about it.
    Its place by intensity is the intensity section's to state, once."""
    year = briefing.settings.edition_year
    elsewhere = set(briefing.intensity_places())
    return tuple(
        f
        for f in briefing.facts
        if f.cluster == hub.name
        and f.topic == "innovation"
        and (f.claim is None or f.year == year)
        and f not in elsewhere
    )


Render = Callable[[str, Any, Mapping[str, Any]], Any]


def _points(raw: Any, key: str, context: Mapping[str, Any], render: Render, prose_path: Path) -> list[Point]:
    """[[key.points]] tables; a point whose lead renders empty is left out (a takeaway the data does not hold)."""
    if not isinstance(raw, list) or not all(isinstance(p, dict) for p in raw):
        raise TemplateError(f"{prose_path}: [{key}] points must be [[{key}.points]] tables with lead, text, then")
    points = []
    for number, table in enumerate(raw, 1):
        unknown = set(table) - set(_POINT_FIELDS)
        if unknown:
            raise TemplateError(
                f"{prose_path}: [[{key}.points]] number {number} has unknown field(s) "
                f"{', '.join(sorted(unknown))}; expected {', '.join(_POINT_FIELDS)}"
            )
        point = Point(**{k: render(f"{key}.points.{number}.{k}", v, context) for k, v in table.items()})
        if point.lead:
            points.append(point)
    return points


def _names(briefing: Briefing, regions: Mapping[str, str], places: Mapping[str, str]) -> tuple[str, ...]:
    """Every name the prose may print, so that none breaks across lines (breaks.bind)."""
    names = {c.name for c in briefing.clusters} | {e.name for e in briefing.economies}
    names |= set(regions.values()) | set(places.values())
    return tuple(sorted(n for n in names if " " in n or DASH in n))  # a plain one-word name breaks nowhere anyway


_SPACES = re.compile(r"[ \t\r\n]+")  # not the no-break space: rank_change's "up 1" keeps its own


def _renderer(compiled: Callable[[str], Any], prose_path: Path) -> Render:
    def render(key: str, template: Any, context: Mapping[str, Any]) -> Any:
        if isinstance(template, list):
            return tuple(x for x in (render(key, t, context) for t in template) if x)
        if not isinstance(template, str):
            raise TemplateError(f"{prose_path}: [{key}] holds {template!r}, expected text or a list of text")
        try:
            return _SPACES.sub(" ", compiled(template).render(context)).strip()
        except Exception as exc:  # jinja raises many types; all mean the template is wrong
            line = getattr(exc, "lineno", None)
            where = f", line {line} of the template" if line else ""
            raise TemplateError(f"{prose_path}: [{key}]{where}: {exc}") from exc

    return render


def _check_labels(labels: Mapping[str, Any], prose_path: Path) -> None:
    """Every label a renderer uses is defined, and nothing else is: all problems in one message."""
    problems = [f"[labels] {key} is missing; add it" for key in sorted(LABEL_KEYS - set(labels))]
    problems += [
        f"[labels] {key} is not used by any output; remove it or check its spelling"
        for key in sorted(set(labels) - LABEL_KEYS)
    ]
    if problems:
        raise TemplateError(f"{prose_path}: {'; '.join(problems)}")


def _table(prose: dict[str, Any], key: str, prose_path: Path) -> dict[str, Any]:
    table = prose.get(key)
    if not isinstance(table, dict):
        raise TemplateError(f"{prose_path}: section [{key}] is missing; restore it from the repository")
    return table
