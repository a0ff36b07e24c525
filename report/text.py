"""Turn the prose templates in templates/prose.toml into plain text bound to the data.

Templates are Jinja, rendered in a sandbox with StrictUndefined, so a misspelt placeholder is an error and
text taken from the data is only ever inserted, never evaluated. The output is plain text; each renderer
escapes it for its own format (XML for reportlab, nothing for python-pptx).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

from report.data import Briefing, Cluster, Economy, Fact
from report.errors import TemplateError

OVERVIEW_ROWS = 12  # overview charts draw this many hubs one by one and aggregate the rest
_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def format_number(value: int | Decimal | float) -> str:
    """Thousands separators, and exactly the decimals the data was written with (4.476 stays 4.476)."""
    if isinstance(value, float):
        value = Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError(f"cannot format {value}")
        if value.is_zero():
            value = value.copy_abs()  # "-0.0" in a cell is a zero, and a deck should not print "-0.0%"
        if value == value.to_integral_value() and value.as_tuple().exponent >= 0:  # type: ignore[operator]
            return f"{int(value):,}"
        return f"{value:,f}"
    return f"{value:,}"


def format_share(value: Decimal | None) -> str:
    return "not reported" if value is None else f"{format_number(value)}%"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= abs(n) % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(abs(n) % 10, "th")
    return f"{n}{suffix}"


def in_words(n: int) -> str:
    return _WORDS[n] if 0 <= n < len(_WORDS) else format_number(n)


def rank_change(change: int | None) -> str:
    if change is None:
        return "change not reported"
    if change == 0:
        return "unchanged"
    places = "place" if abs(change) == 1 else "places"
    return f"{'up' if change > 0 else 'down'} {abs(change)} {places}"


def fact_value(fact: Fact) -> str:
    """A fact's value with its unit, e.g. 'USD 92.5 billion', '9th' or '2,291 per million residents'."""
    if fact.unit == "rank":
        return ordinal(int(fact.value))
    number = format_number(fact.value)
    if fact.unit == "count":
        return number
    currency, _, scale = fact.unit.partition(" ")
    if len(currency) == 3 and currency.isupper() and currency.isalpha():
        return f"{currency} {number}{' ' + scale if scale else ''}"
    return f"{number} {fact.unit}"


_TAKES_ARTICLE = ("United ", "Republic ", "Russian ", "Netherlands", "Philippines", "Czech Republic",
                  "Islamic Republic", "United Arab Emirates", "University of ")


def with_article(name: str, capital: bool = False) -> str:
    """'the United States', 'China': economies whose English names take an article get one."""
    if not name.startswith(_TAKES_ARTICLE):
        return name
    return f"{'The' if capital else 'the'} {name}"


def or_not_reported(value: Any) -> Any:
    return "not reported" if value is None or value == "" else value


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
class Narrative:
    """All rendered text: named sections, one section per hub, and one per hub chart."""

    sections: Mapping[str, Section]
    hubs: tuple[Section, ...]
    hub_charts: tuple[Section, ...]
    facts_charts: Mapping[str, Section]
    fact_lines: Mapping[str, tuple[str, ...]]
    labels: Mapping[str, str]
    hub_documents: tuple[Section, ...]  # the short deck and PDF on one hub, in the order of ``hubs``

    def __getitem__(self, key: str) -> Section:
        return self.sections[key]


def _environment() -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    env = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False)
    env.filters.update(num=format_number, share=format_share, ordinal=ordinal, words=in_words,
                       change=rank_change, value=fact_value, or_not_reported=or_not_reported,
                       the=with_article, The=lambda name: with_article(name, capital=True))
    return env


def load_prose(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(f"{path}: cannot read the text templates ({exc}); fix the file and rebuild") from exc


def source_list(briefing: Briefing, ids: tuple[str, ...]) -> str:
    """'WIPO (2023); Verdict (2023)' for a tuple of source ids, each named once."""
    seen: list[str] = []
    for source_id in ids:
        source = briefing.source(source_id)
        label = f"{source.publisher}{f' ({source.year})' if source.year else ''}"
        if label not in seen:
            seen.append(label)
    return "; ".join(seen)


def _leaders(briefing: Briefing) -> tuple[Economy, ...]:
    counted = [e for e in briefing.economies if e.clusters_top100 is not None]
    return tuple(sorted(counted, key=lambda e: (-(e.clusters_top100 or 0), e.name)))


def base_context(briefing: Briefing, date: str) -> dict[str, Any]:
    leaders = _leaders(briefing)
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
    names = {e.code: e.name for e in briefing.economies}
    return {
        "hub": hub,
        "economy": " and ".join(names[c] for c in hub.economy_codes),
        "facts": briefing.facts_for(hub.name),
        "source_ids": hub.sources + hub.detail_sources + tuple(
            s for f in briefing.facts_for(hub.name) for s in f.sources),
    }


def write_narrative(briefing: Briefing, prose_path: Path, date: str) -> Narrative:
    """Render every template once; a template error names the template key and line."""
    prose = load_prose(prose_path)
    env = _environment()
    base = base_context(briefing, date)

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

    def section(key: str, context: Mapping[str, Any]) -> Section:
        table = prose.get(key)
        if not isinstance(table, dict):
            raise TemplateError(f"{prose_path}: section [{key}] is missing; restore it from the repository")
        known = set(Section.__dataclass_fields__)
        unknown = set(table) - known
        if unknown:
            raise TemplateError(f"{prose_path}: [{key}] has unknown field(s) {', '.join(sorted(unknown))}; "
                                f"expected {', '.join(sorted(known))}")
        return Section(**{k: render(f"{key}.{k}", v, context) for k, v in table.items()})

    fixed = ("cover", "key_finding", "overview", "pct_vs_pubs", "shares", "rank_movement", "intensity",
             "summary", "methodology", "sources", "appendix", "contents")
    sections = {key: section(key, base) for key in fixed}
    labels = {key: render(f"labels.{key}", value, base) for key, value in _table(prose, "labels").items()}
    fact_template = _table(prose, "fact").get("line", "")
    fact_lines = {
        hub.name: tuple(render("fact.line", fact_template, {**base, "fact": f}) for f in briefing.facts_for(hub.name))
        for hub in briefing.clusters
    }
    hubs, hub_charts, hub_documents = [], [], []
    facts_charts: dict[str, Section] = {}
    for hub in briefing.hubs:
        context = {**base, **hub_context(briefing, hub)}
        hubs.append(section("hub", context))
        hub_charts.append(section("hub_chart", context))
        hub_documents.append(section("hub_document", context))
        for unit in chartable_units(briefing.facts_for(hub.name)):
            facts = tuple(f for f in briefing.facts_for(hub.name) if f.unit == unit)
            facts_charts[f"{hub.name}|{unit}"] = section("facts_chart", {**context, "unit": unit,
                                                                           "chart_facts": facts})
    return Narrative(MappingProxyType(sections), tuple(hubs), tuple(hub_charts), MappingProxyType(facts_charts),
                     MappingProxyType(fact_lines), MappingProxyType(labels), tuple(hub_documents))


def _table(prose: dict[str, Any], key: str) -> dict[str, Any]:
    table = prose.get(key)
    if not isinstance(table, dict):
        raise TemplateError(f"text templates: section [{key}] is missing; restore it from the repository")
    return table


def chartable_units(facts: tuple[Fact, ...]) -> list[str]:
    """Units in which a hub has two or more figures that can share an axis (ranks never do)."""
    units: list[str] = []
    for fact in facts:
        if fact.unit != "rank" and fact.unit not in units and sum(f.unit == fact.unit for f in facts) >= 2:
            units.append(fact.unit)
    return units
