"""Load and validate the data folder into one frozen `Briefing`; every later stage reads only that.

All problems in all files are collected and raised together as one `DataError`, so a user fixes a
spreadsheet in one pass instead of one error per run.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from report.errors import DataError, Problem
from report.inputs import CLUSTERS, ECONOMIES, FACTS, INTENSITY, SETTINGS, SOURCES, WORKBOOK, cells
from report.inputs.checks import check_cross_references, check_settings_against_tables
from report.inputs.layout import read_tables
from report.inputs.schema import COLUMNS
from report.inputs.settings import Settings, load_settings
from report.inputs.table import Origin, Table
from report.slugs import unique_slugs


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    short: str  # how a footer or a caption names it: which WIPO table, which newspaper
    publisher: str
    year: int | None
    url: str | None
    note: str | None


@dataclass(frozen=True)
class Cluster:
    """One row of WIPO's S&T cluster ranking. Missing cells stay None: shown as 'not reported', never guessed."""

    rank: int
    name: str
    economy_label: str
    economy_codes: tuple[str, ...]
    pct_applications: int
    publications: int
    pct_share: Decimal | None
    pub_share: Decimal | None
    total_share: Decimal | None
    rank_change: int | None
    top_applicant: str | None
    top_sci_org: str | None
    sources: tuple[str, ...]
    detail_sources: tuple[str, ...]
    lat: Decimal | None = None  # where the map places it; None: left off the map, never guessed
    lon: Decimal | None = None
    position_sources: tuple[str, ...] = ()

    @property
    def combined(self) -> Decimal | None:
        """WIPO's printed Total: the share of world PCT filings plus the share of world publications."""
        return self.total_share

    @property
    def previous_rank(self) -> int | None:
        return None if self.rank_change is None else self.rank + self.rank_change


@dataclass(frozen=True)
class Economy:
    code: str
    name: str
    region: str
    clusters_top100: int | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class IntensityEntry:
    """A cluster's S&T intensity: its rank where the sources give one, its output per million residents where
    they give that (over five years)."""

    rank: int | None
    cluster: str
    economy_codes: tuple[str, ...]
    pct_per_million: int | None
    pubs_per_million: int | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Fact:
    """A figure beyond the ranking. ``qualifier`` ('nearly') and ``also`` (the value in another unit) keep the
    source's own words; ``claim`` names an edition-specific claim the figure supports (see CLAIMS)."""

    cluster: str | None  # None: about the ranking as a whole (an economy, say), not one cluster
    subject: str
    metric: str
    value: Decimal
    unit: str
    year: int | None
    note: str | None
    sources: tuple[str, ...]
    qualifier: str | None = None
    also: str | None = None
    claim: str | None = None
    topic: str = "innovation"  # or "context": stated only in the data appendix (TOPICS)


INTENSITY_PLACE = "by S&T intensity"  # the metric of a fact that gives a cluster's place by intensity


@dataclass(frozen=True)
class DataText:
    """A piece of text the outputs will print, and where it was read, so a message can send the user there."""

    text: str
    file: str
    row: int | None = None  # a CSV row, or a workbook's, as a spreadsheet numbers it
    column: str | None = None  # a table's column, or a briefing.toml key
    line: int | None = None  # the line of a briefing.toml key
    origin: Origin | None = field(default=None, compare=False)  # the table, which names a workbook's cell

    def problem(self, message: str) -> Problem:
        """A problem about this text, placed as the user's program shows it ("figures.xlsx, sheet clusters,
        cell J4"; "clusters.csv, row 4, column top_applicant"; "briefing.toml: title on line 2")."""
        if self.origin is not None:
            return self.origin.problem(message, self.row, self.column)
        if self.line is not None:
            return Problem(self.file, f"{self.column} on line {self.line}: {message}")
        return Problem(self.file, message, self.row, self.column)


@dataclass(frozen=True)
class SizeAndIntensity:
    """A cluster's rank by size (its combined score) and by intensity, where the sources give them."""

    cluster: str
    size: int | None
    intensity: int | None
    sources: tuple[str, ...] = ()  # of both ranks: the ranking's row, and the intensity entry or place fact


@dataclass(frozen=True)
class Briefing:
    """Everything the briefing says, validated. Stages after this one never read files in data/."""

    settings: Settings
    clusters: tuple[Cluster, ...]
    economies: tuple[Economy, ...]
    intensity: tuple[IntensityEntry, ...]
    facts: tuple[Fact, ...]
    sources: tuple[Source, ...]
    notices: tuple[str, ...] = field(default=(), compare=False)  # what was read past, e.g. a workbook's extra sheet
    texts: tuple[DataText, ...] = field(default=(), repr=False, compare=False)  # every printed text, with its place
    _sources_by_id: Mapping[str, Source] = field(init=False, repr=False, compare=False)
    slugs: Mapping[str, str] = field(init=False, repr=False, compare=False)  # cluster name -> file-name stem

    def __post_init__(self) -> None:
        object.__setattr__(self, "_sources_by_id", {s.id: s for s in self.sources})
        object.__setattr__(self, "slugs", unique_slugs(c.name for c in self.clusters))  # in rank order

    @property
    def hubs(self) -> tuple[Cluster, ...]:
        return self.clusters[: self.settings.top]

    def facts_for(self, cluster: str, topic: str | None = None) -> tuple[Fact, ...]:
        """The further figures about one cluster, of one topic or all (claims are not further figures: they feed
        sentences)."""
        return tuple(f for f in self.facts if f.cluster == cluster and f.claim is None and topic in (None, f.topic))

    def claim(self, key: str, subject: str | None = None) -> Fact | None:
        """The fact that supports claim ``key`` (about ``subject``) for this edition, if the data holds one."""
        year = self.settings.edition_year
        for fact in self.facts:
            if fact.claim == key and fact.year == year and (subject is None or subject in (fact.subject, fact.cluster)):
                return fact
        return None

    def economy(self, code: str) -> Economy:
        return next(e for e in self.economies if e.code == code)

    def home(self, cluster: Cluster) -> tuple[Economy | None, tuple[Cluster, ...]]:
        """The economy a cluster lies in first (WIPO counts a cross-border cluster there), and that economy's
        other listed clusters, in rank order."""
        code = cluster.economy_codes[0] if cluster.economy_codes else None
        economy = next((e for e in self.economies if e.code == code), None)
        return economy, tuple(c for c in self.clusters if c is not cluster and c.economy_codes[:1] == (code,))

    def intensity_places(self) -> tuple[Fact, ...]:
        """The hubs' places by intensity that the sources give as facts (the intensity table lists the leaders)."""
        hubs = {h.name for h in self.hubs}
        return tuple(f for f in self.facts if f.cluster in hubs and f.unit == "rank" and f.metric == INTENSITY_PLACE)

    def size_and_intensity(self, leaders: int, most: int) -> tuple[SizeAndIntensity, ...]:
        """Every cluster the sources place by intensity (at most ``most``), best first, then the ``leaders``
        largest they do not place: each with both ranks where known. A place given as a fact counts (Beijing's
        14th); a cluster not in the listed ranking has no rank by size here."""
        places = {i.cluster: (i.rank, i.sources) for i in self.intensity if i.rank is not None}
        for f in self.facts:
            if f.cluster and f.unit == "rank" and f.metric == INTENSITY_PLACE:
                places.setdefault(f.cluster, (int(f.value), f.sources))
        ranked = sorted(places, key=lambda name: places[name][0])[:most]
        listed = {c.name: c for c in self.clusters}
        names = dict.fromkeys([*ranked, *(c.name for c in self.clusters[:leaders])])
        return tuple(
            SizeAndIntensity(
                n,
                listed[n].rank if n in listed else None,
                places[n][0] if n in places else None,
                (*(listed[n].sources if n in listed else ()), *(places[n][1] if n in places else ())),
            )
            for n in names
        )

    def is_own(self, source: Source) -> bool:
        """Published by the briefing's own organisation: its working data, not a source to cite (unless the
        briefing has no other source, when it is what every figure rests on)."""
        own = self.settings.organisation.casefold()
        return source.publisher.casefold() == own and any(s.publisher.casefold() != own for s in self.sources)

    def place_names(self) -> dict[str, str]:
        """How the briefing names a cluster of the intensity ranking: with its economy when its name alone could
        be another place ('Cambridge' beside 'Boston–Cambridge, MA'); names with a state or a listed cluster's
        name stay as they are."""
        listed = {c.name for c in self.clusters}
        return {
            i.cluster: i.cluster
            if "," in i.cluster or i.cluster in listed
            else f"{i.cluster} ({self.economy_names(i)})"
            for i in self.intensity
        }

    def economy_names(self, cluster: Cluster | IntensityEntry) -> str:
        """'China and Hong Kong, China': the economies a cluster lies in, by name."""
        names = {e.code: e.name for e in self.economies}
        return " and ".join(names.get(code, code) for code in cluster.economy_codes)

    def economies_by_count(self) -> tuple[Economy, ...]:
        """Economies with a reported number of top-100 clusters, most first (ties by name)."""
        counted = (e for e in self.economies if e.clusters_top100 is not None)
        return tuple(sorted(counted, key=lambda e: (-(e.clusters_top100 or 0), e.name)))

    def slug(self, cluster: str) -> str:
        """The cluster's file-name stem for its hub documents: readable, and unique in this briefing."""
        return self.slugs[cluster]

    def source(self, source_id: str) -> Source:
        return self._sources_by_id[source_id]


def load_briefing(data_dir: Path, overrides: Mapping[str, Any] | None = None) -> Briefing:
    """Read every file in ``data_dir``, validate each and all of them together, or raise one DataError."""
    problems: list[Problem] = []
    notices: list[str] = []
    tables = read_tables(data_dir, problems, notices)
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    settings_file = str(data_dir / SETTINGS)
    settings, lines = load_settings(data_dir / SETTINGS, settings_file, overrides, problems)
    check_cross_references(tables, problems)
    if settings is not None:
        check_settings_against_tables(settings, lines, tables, settings_file, "top" in overrides, problems)
    if problems or settings is None:
        places = [(str(data_dir / WORKBOOK), None), *((t.origin.file, t.origin.sheet) for t in tables.values())]
        places.append((settings_file, None))
        order = {place: i for i, place in reversed(list(enumerate(places)))}
        raise DataError(sorted(problems, key=lambda p: (order.get((p.file, p.sheet), len(order)), p.row or 0)))
    return Briefing(
        settings=settings,
        clusters=tuple(sorted((_cluster(r.values) for r in tables[CLUSTERS].rows), key=lambda cl: cl.rank)),
        economies=tuple(_economy(r.values) for r in tables[ECONOMIES].rows),
        intensity=tuple(sorted((_intensity(r.values) for r in tables[INTENSITY].rows), key=_intensity_order)),
        facts=tuple(_fact(r.values) for r in tables[FACTS].rows),
        sources=tuple(_source(r.values) for r in tables[SOURCES].rows),
        notices=tuple(notices),
        texts=_texts(tables, settings, lines, settings_file),
    )


_TOML_TEXTS = ("title", "subtitle", "edition", "organisation", "author", "previous_edition", "method.pct_window")


def _texts(tables: Mapping[str, Table], settings: Settings, lines: dict[str, int], file: str) -> tuple[DataText, ...]:
    """Every free-text cell and setting, in file order, for the font check that runs before rendering."""
    found = []
    for key in _TOML_TEXTS:
        value = getattr(settings, key.split(".")[-1], None)
        if isinstance(value, str) and value:
            found.append(DataText(value, file, column=key, line=lines.get(key)))
    for name, columns in COLUMNS.items():
        texts = [col.name for col in columns if col.parse is cells.text]
        origin = tables[name].origin
        for row in tables[name].rows:
            found.extend(
                DataText(row.values[col], origin.file, row.line, col, origin=origin)
                for col in texts
                if row.values.get(col)
            )
    return tuple(found)


def _cluster(v: dict[str, Any]) -> Cluster:
    return Cluster(
        rank=v["rank"],
        name=v["cluster"],
        economy_label=_label(v["economy"]),
        economy_codes=v["economy"],
        pct_applications=v["pct_applications"],
        publications=v["publications"],
        pct_share=v["pct_share"],
        pub_share=v["pub_share"],
        total_share=v["total_share"],
        rank_change=v["rank_change"],
        top_applicant=v["top_applicant"],
        top_sci_org=v["top_sci_org"],
        sources=v["source"],
        detail_sources=v["detail_source"] or (),
        lat=v["lat"],
        lon=v["lon"],
        position_sources=v["position_source"] or (),
    )


def _label(codes: tuple[str, ...]) -> str:
    return "/".join(codes)


def _economy(v: dict[str, Any]) -> Economy:
    return Economy(
        code=v["economy"], name=v["name"], region=v["region"], clusters_top100=v["clusters_top100"], sources=v["source"]
    )


def _intensity(v: dict[str, Any]) -> IntensityEntry:
    return IntensityEntry(
        rank=v["intensity_rank"],
        cluster=v["cluster"],
        economy_codes=v["economy"],
        pct_per_million=v["pct_per_million"],
        pubs_per_million=v["pubs_per_million"],
        sources=v["source"],
    )


def _fact(v: dict[str, Any]) -> Fact:
    return Fact(
        cluster=v["cluster"],
        subject=v["subject"],
        metric=v["metric"],
        value=v["value"],
        unit=v["unit"],
        year=v["year"],
        note=v["note"],
        sources=v["source"],
        qualifier=v["qualifier"],
        also=v["also"],
        claim=v["claim"],
        topic=v["topic"] or "innovation",
    )


def _source(v: dict[str, Any]) -> Source:
    year = f" ({v['year']})" if v["year"] else ""
    return Source(
        id=v["id"],
        title=v["title"],
        short=v["short"] or f"{v['publisher']}{year}",
        publisher=v["publisher"],
        year=v["year"],
        url=v["url"],
        note=v["note"],
    )


def _intensity_order(entry: IntensityEntry) -> tuple[int, int]:
    """Ranked entries first, by rank; then those with per-resident figures only, as listed."""
    return (0, entry.rank) if entry.rank is not None else (1, 0)
