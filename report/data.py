"""Load and validate the data folder into one frozen `Briefing`; every later stage reads only that.

All problems in all files are collected and raised together as one `DataError`, so a user fixes a
spreadsheet in one pass instead of one error per run.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from report import csvfile as c
from report.csvfile import did_you_mean
from report.errors import DataError, Problem
from report.settings import SETTINGS, Settings, load_settings, on_line, toml_value

CLUSTERS, ECONOMIES, INTENSITY, FACTS, SOURCES = (
    "clusters.csv", "economies.csv", "intensity.csv", "facts.csv", "sources.csv",
)
DATA_FILES = (CLUSTERS, ECONOMIES, INTENSITY, FACTS, SOURCES, SETTINGS)
TOTAL_SHARE_TOLERANCE = Decimal("0.15")


@dataclass(frozen=True)
class Source:
    id: str
    title: str
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
    rank: int
    cluster: str
    economy_codes: tuple[str, ...]
    pct_per_million: int | None
    pubs_per_million: int | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Fact:
    cluster: str
    subject: str
    metric: str
    value: Decimal
    unit: str
    year: int | None
    note: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class Briefing:
    """Everything the briefing says, validated. Stages after this one never read files in data/."""

    settings: Settings
    clusters: tuple[Cluster, ...]
    economies: tuple[Economy, ...]
    intensity: tuple[IntensityEntry, ...]
    facts: tuple[Fact, ...]
    sources: tuple[Source, ...]
    _sources_by_id: Mapping[str, Source] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_sources_by_id", {s.id: s for s in self.sources})

    @property
    def hubs(self) -> tuple[Cluster, ...]:
        return self.clusters[: self.settings.top]

    def facts_for(self, cluster: str) -> tuple[Fact, ...]:
        return tuple(f for f in self.facts if f.cluster == cluster)

    def economy(self, code: str) -> Economy:
        return next(e for e in self.economies if e.code == code)

    def source(self, source_id: str) -> Source:
        return self._sources_by_id[source_id]


_CLUSTER_COLUMNS = (
    c.Column("rank", c.positive), c.Column("cluster", c.text), c.Column("economy", c.economy_codes),
    c.Column("pct_applications", c.count), c.Column("publications", c.count),
    c.Column("pct_share", c.share, False), c.Column("pub_share", c.share, False),
    c.Column("total_share", c.share, False), c.Column("rank_change", c.signed, False),
    c.Column("top_applicant", c.text, False), c.Column("top_sci_org", c.text, False),
    c.Column("source", c.source_ids), c.Column("detail_source", c.source_ids, False),
)
_ECONOMY_COLUMNS = (
    c.Column("economy", c.economy_code), c.Column("name", c.text), c.Column("region", c.text),
    c.Column("clusters_top100", c.count, False), c.Column("source", c.source_ids),
)
_INTENSITY_COLUMNS = (
    c.Column("intensity_rank", c.positive), c.Column("cluster", c.text), c.Column("economy", c.economy_codes),
    c.Column("pct_per_million", c.count, False), c.Column("pubs_per_million", c.count, False),
    c.Column("source", c.source_ids),
)
_FACT_COLUMNS = (
    c.Column("cluster", c.text), c.Column("subject", c.text), c.Column("metric", c.text),
    c.Column("value", c.decimal), c.Column("unit", c.text), c.Column("year", c.year, False),
    c.Column("note", c.text, False), c.Column("source", c.source_ids),
)
_SOURCE_COLUMNS = (
    c.Column("id", c.source_id), c.Column("title", c.text), c.Column("publisher", c.text),
    c.Column("year", c.year, False), c.Column("url", c.url, False), c.Column("note", c.text, False),
)
def load_briefing(data_dir: Path, overrides: Mapping[str, Any] | None = None) -> Briefing:
    """Read every file in ``data_dir``, validate each and all of them together, or raise one DataError."""
    problems: list[Problem] = []
    label = _labeller(data_dir)
    tables = {
        name: c.read_table(data_dir / name, label(name), columns, problems)
        for name, columns in (
            (CLUSTERS, _CLUSTER_COLUMNS), (ECONOMIES, _ECONOMY_COLUMNS), (INTENSITY, _INTENSITY_COLUMNS),
            (FACTS, _FACT_COLUMNS), (SOURCES, _SOURCE_COLUMNS),
        )
    }
    overrides = {k: v for k, v in (overrides or {}).items() if v is not None}
    settings, lines = load_settings(data_dir / SETTINGS, label(SETTINGS), overrides, problems)
    _check_cross_references(tables, label, problems)
    if settings is not None:
        _check_settings_against_tables(settings, lines, tables, label, "top" in overrides, problems)
    if problems or settings is None:
        order = {label(name): i for i, name in enumerate(DATA_FILES)}
        raise DataError(sorted(problems, key=lambda p: (order.get(p.file, len(order)), p.row or 0)))
    return Briefing(
        settings=settings,
        clusters=tuple(sorted((_cluster(r.values) for r in tables[CLUSTERS].rows), key=lambda cl: cl.rank)),
        economies=tuple(_economy(r.values) for r in tables[ECONOMIES].rows),
        intensity=tuple(sorted((_intensity(r.values) for r in tables[INTENSITY].rows), key=lambda i: i.rank)),
        facts=tuple(_fact(r.values) for r in tables[FACTS].rows),
        sources=tuple(_source(r.values) for r in tables[SOURCES].rows),
    )


def _labeller(data_dir: Path) -> Any:
    def label(name: str) -> str:
        return str(data_dir / name)
    return label


def _check_cross_references(tables: dict[str, c.Table], label: Any, problems: list[Problem]) -> None:
    """Checks across rows and files; each runs only when the table it looks things up in was read whole."""
    source_ids = _unique(tables[SOURCES], "id", label(SOURCES), problems)
    economy_codes = _unique(tables[ECONOMIES], "economy", label(ECONOMIES), problems)
    cluster_names = _unique(tables[CLUSTERS], "cluster", label(CLUSTERS), problems)
    _check_ranks(tables[CLUSTERS], "rank", label(CLUSTERS), problems)
    _check_ranks(tables[INTENSITY], "intensity_rank", label(INTENSITY), problems)
    _check_total_shares(tables[CLUSTERS], label(CLUSTERS), problems)
    _check_fact_ranks(tables[FACTS], label(FACTS), problems)
    if tables[SOURCES].complete("id"):
        for name in (CLUSTERS, ECONOMIES, INTENSITY, FACTS):
            for row in tables[name].rows:
                for column in ("source", "detail_source"):
                    for source_id in row.values.get(column) or ():
                        if source_id not in source_ids:
                            problems.append(Problem(
                                label(name), f"found source id {source_id!r}, expected an id listed in {SOURCES}; "
                                + did_you_mean(source_id, source_ids, "add it there or fix the spelling"),
                                row=row.line, column=column))
    if tables[ECONOMIES].complete("economy"):
        for name in (CLUSTERS, INTENSITY):
            for row in tables[name].rows:
                for code in row.values["economy"] or ():
                    if code not in economy_codes:
                        problems.append(Problem(label(name), f"found economy code {code!r}, expected a code "
                                                f"listed in {ECONOMIES}; add a row for it there",
                                                row=row.line, column="economy"))
    _check_economy_counts(tables, label, problems)
    if tables[CLUSTERS].complete("cluster"):
        for row in tables[FACTS].rows:
            cluster = row.values["cluster"]
            if cluster is not None and cluster not in cluster_names:
                problems.append(Problem(
                    label(FACTS), f"found cluster {cluster!r}, expected the name of a cluster in {CLUSTERS}, "
                    "spelt the same way" + did_you_mean(cluster, cluster_names, "", sep="; "),
                    row=row.line, column="cluster"))


def _unique(table: c.Table, column: str, file: str, problems: list[Problem]) -> set[Any]:
    first: dict[Any, int] = {}
    for row in table.rows:
        value = row.values[column]
        key = value[0] if isinstance(value, tuple) else value
        if key is None:
            continue
        if key in first:
            problems.append(Problem(file, f"found {key!r} again (first on row {first[key]}), expected each "
                                    f"{column} once", row=row.line, column=column))
        else:
            first[key] = row.line
    return set(first)


def _check_ranks(table: c.Table, column: str, file: str, problems: list[Problem]) -> None:
    by_rank: dict[int, int] = {}
    for row in table.rows:
        rank = row.values[column]
        if rank is None:
            continue
        if rank in by_rank:
            problems.append(Problem(file, f"found rank {rank} again (first on row {by_rank[rank]}), "
                                    "expected each rank once", row=row.line, column=column))
        else:
            by_rank[rank] = row.line
    if not table.complete(column):
        return  # a rank that could not be read would show up as a gap
    expected = 1
    for rank in sorted(by_rank):
        if rank != expected:
            missing = f"rank {expected} is" if rank == expected + 1 else f"ranks {expected} to {rank - 1} are"
            after = f"after rank {expected - 1}" if expected > 1 else "as the first rank"
            problems.append(Problem(file, f"found rank {rank} {after}, expected rank {expected}; {missing} missing",
                                    row=by_rank[rank], column=column))
        expected = rank + 1


def _check_total_shares(table: c.Table, file: str, problems: list[Problem]) -> None:
    for row in table.rows:
        pct, pub, total = (row.values[k] for k in ("pct_share", "pub_share", "total_share"))
        if pct is None or pub is None or total is None:
            continue
        if abs(total - (pct + pub)) > TOTAL_SHARE_TOLERANCE:
            problems.append(Problem(file, f"found {total}, expected pct_share + pub_share = {pct + pub} "
                                    f"(within {TOTAL_SHARE_TOLERANCE}, WIPO's rounding)", row=row.line,
                                    column="total_share"))


def _check_fact_ranks(table: c.Table, file: str, problems: list[Problem]) -> None:
    """A fact whose unit is 'rank' is printed as an ordinal ('9th'), so it must be a whole number."""
    for row in table.rows:
        value = row.values["value"]
        if row.values["unit"] == "rank" and value is not None and (value < 1 or value != value.to_integral_value()):
            problems.append(Problem(file, f"found {value}, expected a whole number of 1 or more, as the unit is rank",
                                    row=row.line, column="value"))


def _check_economy_counts(tables: dict[str, c.Table], label: Any, problems: list[Problem]) -> None:
    """An economy cannot have fewer top-100 clusters than clusters.csv lists (a miscount can only undercount)."""
    listed = Counter(code for row in tables[CLUSTERS].rows for code in (row.values["economy"] or ()))
    for row in tables[ECONOMIES].rows:
        code, count = row.values["economy"], row.values["clusters_top100"]
        if code is not None and count is not None and listed[code] > count:
            problems.append(Problem(label(ECONOMIES), f"found {count}, expected at least {listed[code]}: "
                                    f"{CLUSTERS} lists {listed[code]} clusters in {code}", row=row.line,
                                    column="clusters_top100"))


def _check_settings_against_tables(settings: Settings, lines: dict[str, int], tables: dict[str, c.Table],
                                   label: Any, top_from_flag: bool, problems: list[Problem]) -> None:
    sources = tables[SOURCES]
    if sources.complete("id"):
        known = {r.values["id"] for r in sources.rows}
        for source_id in settings.pct_window_sources:
            if source_id not in known:
                problems.append(Problem(
                    label(SETTINGS), f"found pct_window_source = {toml_value(source_id)} in [method]"
                    f"{on_line(lines, 'method.pct_window_source')}, expected an id listed in {SOURCES}; "
                    + did_you_mean(source_id, known, "add it there or fix the spelling")))
    clusters = tables[CLUSTERS]
    if clusters.whole and clusters.rows and settings.top > len(clusters.rows):
        count = len(clusters.rows)
        if top_from_flag:
            problems.append(Problem("--top", f"found top = {settings.top}, expected at most {count}, the number of "
                                             f"clusters in {label(CLUSTERS)}"))
        else:
            problems.append(Problem(label(SETTINGS), f"found top = {settings.top}{on_line(lines, 'top')}, expected at "
                                                     f"most {count}, the number of clusters in {CLUSTERS}"))


def _cluster(v: dict[str, Any]) -> Cluster:
    return Cluster(
        rank=v["rank"], name=v["cluster"], economy_label=_label(v["economy"]), economy_codes=v["economy"],
        pct_applications=v["pct_applications"], publications=v["publications"], pct_share=v["pct_share"],
        pub_share=v["pub_share"], total_share=v["total_share"], rank_change=v["rank_change"],
        top_applicant=v["top_applicant"], top_sci_org=v["top_sci_org"], sources=v["source"],
        detail_sources=v["detail_source"] or (),
    )


def _label(codes: tuple[str, ...]) -> str:
    return "/".join(codes)


def _economy(v: dict[str, Any]) -> Economy:
    return Economy(code=v["economy"], name=v["name"], region=v["region"],
                   clusters_top100=v["clusters_top100"], sources=v["source"])


def _intensity(v: dict[str, Any]) -> IntensityEntry:
    return IntensityEntry(rank=v["intensity_rank"], cluster=v["cluster"], economy_codes=v["economy"],
                          pct_per_million=v["pct_per_million"], pubs_per_million=v["pubs_per_million"],
                          sources=v["source"])


def _fact(v: dict[str, Any]) -> Fact:
    return Fact(cluster=v["cluster"], subject=v["subject"], metric=v["metric"], value=v["value"], unit=v["unit"],
                year=v["year"], note=v["note"], sources=v["source"])


def _source(v: dict[str, Any]) -> Source:
    return Source(id=v["id"], title=v["title"], publisher=v["publisher"], year=v["year"], url=v["url"],
                  note=v["note"])
