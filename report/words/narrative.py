"""Turn the prose templates in templates/prose.toml into plain text bound to the data.

Templates are Jinja, rendered in a sandbox with StrictUndefined, so a misspelt placeholder is an error and
text taken from the data is only ever inserted, never evaluated. The output is plain text; each renderer
escapes it for its own format (XML for reportlab, nothing for python-pptx).
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields
from pathlib import Path
from types import MappingProxyType
from typing import Any

from report.data import Briefing, Cluster, Fact
from report.errors import TemplateError
from report.words.format import (
    fact_value,
    format_number,
    format_share,
    in_words,
    ordinal,
    rank_change,
    with_article,
)

OVERVIEW_ROWS = 12  # overview charts draw this many hubs one by one and aggregate the rest

# Every label a renderer asks for; prose.toml's [labels] must define exactly these.
LABEL_KEYS = frozenset(
    {
        "sources_prefix",
        "source_prefix",
        "not_reported",
        "contents",
        "page_footer",
        "page_of",
        "table_rank",
        "table_cluster",
        "table_economy",
        "table_pct",
        "table_pubs",
        "table_total",
        "table_change",
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
    }
)
# The sections every story needs; a hub's own sections are rendered once per hub.
FIXED_SECTIONS = (
    "cover",
    "key_finding",
    "overview",
    "pct_vs_pubs",
    "shares",
    "rank_movement",
    "intensity",
    "summary",
    "methodology",
    "sources",
    "appendix",
    "contents",
)
HUB_SECTIONS = ("hub", "hub_chart", "hub_document")


@dataclass(frozen=True)
class Section:
    """The words of one slide or PDF section: every field is optional plain text."""

    title: str = ""
    subtitle: str = ""
    bullets: tuple[str, ...] = ()
    paragraphs: tuple[str, ...] = ()
    notes: str = ""
    caption: str = ""
    alt: str = ""
    axis_x: str = ""
    axis_y: str = ""
    source_line: str = ""


@dataclass(frozen=True)
class FactWords:
    """One further fact about a hub and the line that states it."""

    fact: Fact
    line: str


@dataclass(frozen=True)
class FactChartWords:
    """A chart of a hub's facts that share one unit, and its words."""

    unit: str
    facts: tuple[Fact, ...]
    words: Section


@dataclass(frozen=True)
class HubWords:
    """Everything written about one hub: its section, its position chart, its own short document, its facts."""

    cluster: Cluster
    section: Section
    chart: Section
    document: Section
    facts: tuple[FactWords, ...]
    fact_charts: tuple[FactChartWords, ...]

    @property
    def name(self) -> str:
        return self.cluster.name


@dataclass(frozen=True)
class Narrative:
    """All rendered text: the named sections, one record per hub, and the labels."""

    sections: Mapping[str, Section]
    hubs: tuple[HubWords, ...]
    labels: Mapping[str, str]

    def __getitem__(self, key: str) -> Section:
        return self.sections[key]

    def hub(self, name: str) -> HubWords:
        for hub in self.hubs:
            if hub.name == name:
                return hub
        raise KeyError(f"{name!r} is not one of the hubs: {'; '.join(h.name for h in self.hubs)}")

    @property
    def missing(self) -> str:
        """What a figure the source did not report is written as."""
        return self.labels["not_reported"]


def _environment(missing: str) -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    env.filters.update(
        num=format_number,
        share=lambda v: format_share(v, missing),
        ordinal=ordinal,
        words=in_words,
        change=lambda v: rank_change(v, missing),
        value=fact_value,
        or_not_reported=lambda v: missing if v is None or v == "" else v,
        the=with_article,
        The=lambda name: with_article(name, capital=True),
    )
    return env


def load_prose(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(f"{path}: cannot read the text templates ({exc}); fix the file and rebuild") from exc


def base_context(briefing: Briefing, date: str) -> dict[str, Any]:
    leaders = briefing.economies_by_count()
    return {
        "settings": briefing.settings,
        "date": date,
        "top": briefing.settings.top,
        "shown": min(briefing.settings.top, OVERVIEW_ROWS),
        "hubs": briefing.hubs,
        "clusters": briefing.clusters,
        "economies": leaders,
        "lead": leaders[0] if leaders else None,
        "runner": leaders[1] if len(leaders) > 1 else None,
        "counted_clusters": sum(e.clusters_top100 or 0 for e in leaders),
        "intensity": briefing.intensity,
        "sources": briefing.sources,
        "economy_names": {e.code: e.name for e in briefing.economies},
        "intense_hubs": [h.name for h in briefing.hubs if h.name in {i.cluster for i in briefing.intensity}],
    }


def hub_context(briefing: Briefing, hub: Cluster) -> dict[str, Any]:
    return {
        "hub": hub,
        "economy": " and ".join(briefing.economy(c).name for c in hub.economy_codes),
        "facts": briefing.facts_for(hub.name),
        "source_ids": hub.sources
        + hub.detail_sources
        + tuple(s for f in briefing.facts_for(hub.name) for s in f.sources),
    }


def write_narrative(briefing: Briefing, prose_path: Path, date: str) -> Narrative:
    """Render every template once; a template error names the template key and line."""
    prose = load_prose(prose_path)
    labels_template = _table(prose, "labels", prose_path)
    _check_labels(labels_template, prose_path)
    base = base_context(briefing, date)
    env = _environment(str(labels_template["not_reported"]))
    render = _renderer(env, prose_path)

    def section(key: str, context: Mapping[str, Any]) -> Section:
        table = _table(prose, key, prose_path)
        known = {f.name for f in fields(Section)}
        unknown = set(table) - known
        if unknown:
            raise TemplateError(
                f"{prose_path}: [{key}] has unknown field(s) {', '.join(sorted(unknown))}; "
                f"expected {', '.join(sorted(known))}"
            )
        return Section(**{k: render(f"{key}.{k}", v, context) for k, v in table.items()})

    sections = {key: section(key, base) for key in FIXED_SECTIONS}
    labels = {key: render(f"labels.{key}", value, base) for key, value in labels_template.items()}
    fact_template = _table(prose, "fact", prose_path).get("line", "")
    hubs = []
    for hub in briefing.hubs:
        context = {**base, **hub_context(briefing, hub)}
        facts = briefing.facts_for(hub.name)
        fact_charts = []
        for unit in chartable_units(facts):
            same = tuple(f for f in facts if f.unit == unit)
            fact_charts.append(
                FactChartWords(unit, same, section("facts_chart", {**context, "unit": unit, "chart_facts": same}))
            )
        hubs.append(
            HubWords(
                cluster=hub,
                section=section("hub", context),
                chart=section("hub_chart", context),
                document=section("hub_document", context),
                facts=tuple(FactWords(f, render("fact.line", fact_template, {**base, "fact": f})) for f in facts),
                fact_charts=tuple(fact_charts),
            )
        )
    return Narrative(MappingProxyType(sections), tuple(hubs), MappingProxyType(labels))


def _renderer(env: Any, prose_path: Path) -> Callable[[str, Any, Mapping[str, Any]], Any]:
    def render(key: str, template: Any, context: Mapping[str, Any]) -> Any:
        if isinstance(template, list):
            return tuple(x for x in (render(key, t, context) for t in template) if x)
        if not isinstance(template, str):
            raise TemplateError(f"{prose_path}: [{key}] holds {template!r}, expected text or a list of text")
        try:
            return " ".join(env.from_string(template).render(context).split())
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


def chartable_units(facts: tuple[Fact, ...]) -> list[str]:
    """Units in which a hub has two or more figures that can share an axis (ranks never do)."""
    units: list[str] = []
    for fact in facts:
        if fact.unit != "rank" and fact.unit not in units and sum(f.unit == fact.unit for f in facts) >= 2:
            units.append(fact.unit)
    return units
