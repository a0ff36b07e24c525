"""Load and validate the data folder into one frozen `Briefing`; every later stage reads only that.

All problems in all files are collected and raised together as one `DataError`, so a user fixes a
spreadsheet in one pass instead of one error per run.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from report import csvfile as c
from report.errors import DataError, Problem

CLUSTERS, ECONOMIES, INTENSITY, FACTS, SOURCES, SETTINGS = (
    "clusters.csv", "economies.csv", "intensity.csv", "facts.csv", "sources.csv", "briefing.toml",
)
DATA_FILES = (CLUSTERS, ECONOMIES, INTENSITY, FACTS, SOURCES, SETTINGS)
TOTAL_SHARE_TOLERANCE = Decimal("0.15")
PAGE_SIZES = ("a4", "letter")


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
class Settings:
    title: str
    subtitle: str
    edition: str
    organisation: str
    author: str
    top: int
    page_size: str
    stem: str
    date: str | None
    pct_window: str | None = None
    pct_window_sources: tuple[str, ...] = ()


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
    c.Column("economy", c.economy_codes), c.Column("name", c.text), c.Column("region", c.text),
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
    c.Column("id", c.text), c.Column("title", c.text), c.Column("publisher", c.text),
    c.Column("year", c.year, False), c.Column("url", c.url, False), c.Column("note", c.text, False),
)
_SETTING_TYPES: dict[str, tuple[type, bool]] = {
    "title": (str, True), "subtitle": (str, True), "edition": (str, True), "organisation": (str, True),
    "author": (str, False), "top": (int, False), "page_size": (str, False), "stem": (str, False),
    "date": (str, False), "method": (dict, False),
}


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
    settings = _load_settings(data_dir / SETTINGS, label(SETTINGS), dict(overrides or {}), problems)
    known_sources = {r.values["id"] for r in tables[SOURCES]}
    for source_id in settings.pct_window_sources if settings else ():
        if tables[SOURCES] and source_id not in known_sources:
            problems.append(Problem(label(SETTINGS), f"[method] found source id {source_id!r}, expected an id "
                                    f"listed in {SOURCES}"))
    _check_cross_references(tables, label, problems)
    clusters = tables[CLUSTERS]
    if settings is not None and clusters and settings.top > len(clusters):
        where = "--top" if overrides and overrides.get("top") is not None else label(SETTINGS)
        problems.append(Problem(where, f"found top = {settings.top}, expected at most {len(clusters)}, "
                                       f"the number of clusters in {label(CLUSTERS)}"))
    if problems or settings is None:
        raise DataError(problems)
    return Briefing(
        settings=settings,
        clusters=tuple(sorted((_cluster(r.values) for r in clusters), key=lambda cl: cl.rank)),
        economies=tuple(_economy(r.values) for r in tables[ECONOMIES]),
        intensity=tuple(sorted((_intensity(r.values) for r in tables[INTENSITY]), key=lambda i: i.rank)),
        facts=tuple(_fact(r.values) for r in tables[FACTS]),
        sources=tuple(_source(r.values) for r in tables[SOURCES]),
    )


def _labeller(data_dir: Path) -> Any:
    def label(name: str) -> str:
        return str(data_dir / name)
    return label


def _check_cross_references(tables: dict[str, list[c.Row]], label: Any, problems: list[Problem]) -> None:
    source_ids = _unique(tables[SOURCES], "id", label(SOURCES), problems)
    economy_codes = {r.values["economy"][0] for r in tables[ECONOMIES] if r.values["economy"]}
    _unique(tables[ECONOMIES], "economy", label(ECONOMIES), problems)
    cluster_names = _unique(tables[CLUSTERS], "cluster", label(CLUSTERS), problems)
    _check_ranks(tables[CLUSTERS], "rank", label(CLUSTERS), problems)
    _check_ranks(tables[INTENSITY], "intensity_rank", label(INTENSITY), problems)
    _check_total_shares(tables[CLUSTERS], label(CLUSTERS), problems)
    for name in (CLUSTERS, ECONOMIES, INTENSITY, FACTS):
        for row in tables[name]:
            for column in ("source", "detail_source"):
                for source_id in row.values.get(column) or ():
                    if tables[SOURCES] and source_id not in source_ids:
                        problems.append(Problem(label(name), f"found source id {source_id!r}, expected an id "
                                                f"listed in {SOURCES}; add it there or fix the spelling",
                                                row=row.line, column=column))
    if tables[ECONOMIES]:
        for name in (CLUSTERS, INTENSITY):
            for row in tables[name]:
                for code in row.values["economy"] or ():
                    if code not in economy_codes:
                        problems.append(Problem(label(name), f"found economy code {code!r}, expected a code "
                                                f"listed in {ECONOMIES}; add a row for it there",
                                                row=row.line, column="economy"))
        _check_economy_counts(tables, label, problems)
    if tables[CLUSTERS]:
        for row in tables[FACTS]:
            if row.values["cluster"] and row.values["cluster"] not in cluster_names:
                problems.append(Problem(label(FACTS), f"found cluster {row.values['cluster']!r}, expected the "
                                        f"name of a cluster in {CLUSTERS}, spelt the same way",
                                        row=row.line, column="cluster"))


def _unique(rows: list[c.Row], column: str, file: str, problems: list[Problem]) -> set[Any]:
    first: dict[Any, int] = {}
    for row in rows:
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


def _check_ranks(rows: list[c.Row], column: str, file: str, problems: list[Problem]) -> None:
    by_rank = {}
    for row in rows:
        rank = row.values[column]
        if rank is None:
            continue
        if rank in by_rank:
            problems.append(Problem(file, f"found rank {rank} again (first on row {by_rank[rank]}), "
                                    "expected each rank once", row=row.line, column=column))
        else:
            by_rank[rank] = row.line
    expected = 1
    for rank in sorted(by_rank):
        if rank != expected:
            missing = f"{expected}" if rank == expected + 1 else f"{expected} to {rank - 1}"
            problems.append(Problem(file, f"found rank {rank} after rank {expected - 1}, expected rank "
                                    f"{expected} next; rank {missing} is missing", row=by_rank[rank],
                                    column=column))
        expected = rank + 1


def _check_total_shares(rows: list[c.Row], file: str, problems: list[Problem]) -> None:
    for row in rows:
        pct, pub, total = (row.values[k] for k in ("pct_share", "pub_share", "total_share"))
        if pct is None or pub is None or total is None:
            continue
        if abs(total - (pct + pub)) > TOTAL_SHARE_TOLERANCE:
            problems.append(Problem(file, f"found {total}, expected pct_share + pub_share = {pct + pub} "
                                    f"(within {TOTAL_SHARE_TOLERANCE}, WIPO's rounding)", row=row.line,
                                    column="total_share"))


def _check_economy_counts(tables: dict[str, list[c.Row]], label: Any, problems: list[Problem]) -> None:
    listed = Counter(code for row in tables[CLUSTERS] for code in (row.values["economy"] or ()))
    for row in tables[ECONOMIES]:
        code, count = (row.values["economy"] or (None,))[0], row.values["clusters_top100"]
        if code is not None and count is not None and listed[code] > count:
            problems.append(Problem(label(ECONOMIES), f"found {count}, expected at least {listed[code]}: "
                                    f"{CLUSTERS} lists {listed[code]} clusters in {code}", row=row.line,
                                    column="clusters_top100"))


def _load_settings(path: Path, file: str, overrides: dict[str, Any], problems: list[Problem]) -> Settings | None:
    if not path.is_file():
        problems.append(Problem(file, "file not found, expected a TOML file with title, subtitle, edition "
                                "and organisation"))
        return None
    try:
        raw = tomllib.loads(path.read_bytes().decode("utf-8-sig"))
    except UnicodeDecodeError:
        problems.append(Problem(file, "found text that is not UTF-8, expected UTF-8; save it as UTF-8"))
        return None
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"line (\d+)", str(exc))
        problems.append(Problem(file, f"not valid TOML: {exc}", row=int(found.group(1)) if found else None))
        return None
    start = len(problems)
    for key, value in raw.items():
        if key not in _SETTING_TYPES:
            problems.append(Problem(file, f"found unknown key {key!r}, expected one of {', '.join(_SETTING_TYPES)}"))
            continue
        kind = _SETTING_TYPES[key][0]
        if not isinstance(value, kind) or isinstance(value, bool):
            problems.append(Problem(file, f"found {key} = {value!r}, expected a {kind.__name__}"))
        elif isinstance(value, str) and (bad := c._check_cell(value)):
            problems.append(Problem(file, f"{key}: {bad}"))
    for key, (_kind, required) in _SETTING_TYPES.items():
        if required and key not in raw:
            problems.append(Problem(file, f"key {key} is missing, expected e.g. {key} = \"...\""))
    raw.update({k: v for k, v in overrides.items() if v is not None})
    top, page_size, stem = raw.get("top", 5), str(raw.get("page_size", "a4")).lower(), raw.get("stem", "briefing")
    if isinstance(top, int) and top < 1:
        problems.append(Problem(file, f"found top = {top}, expected 1 or more"))
    if page_size not in PAGE_SIZES:
        problems.append(Problem(file, f"found page_size = {page_size!r}, expected one of {', '.join(PAGE_SIZES)}"))
    if isinstance(stem, str) and not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]{0,80}", stem):
        problems.append(Problem(file, f"found stem = {stem!r}, expected a plain file name (letters, digits, "
                                ". _ -) with no folders"))
    date = raw.get("date")
    if isinstance(date, str) and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", date):
        problems.append(Problem(file, f"found date = {date!r}, expected a date written YYYY-MM-DD"))
    method = raw.get("method", {}) if isinstance(raw.get("method", {}), dict) else {}
    for key, value in method.items():
        if key not in ("pct_window", "pct_window_source") or not isinstance(value, str):
            problems.append(Problem(file, f"[method] {key} = {value!r}: expected pct_window = \"2018–2022\" "
                                    "and pct_window_source = \"<source id>\""))
    window_sources: tuple[str, ...] = ()
    if isinstance(method.get("pct_window_source"), str):
        try:
            window_sources = c.source_ids(method["pct_window_source"])
        except c.CellError as exc:
            problems.append(Problem(file, f"[method] pct_window_source: {exc}"))
    if len(problems) > start:
        return None
    return Settings(
        title=raw["title"], subtitle=raw["subtitle"], edition=raw["edition"], organisation=raw["organisation"],
        author=raw.get("author", raw["organisation"]), top=top, page_size=page_size, stem=stem, date=date,
        pct_window=method.get("pct_window"), pct_window_sources=window_sources,
    )


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
    return Economy(code=v["economy"][0], name=v["name"], region=v["region"],
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
