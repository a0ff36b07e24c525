"""Load and validate the data folder into one frozen `Briefing`; every later stage reads only that.

All problems in all files are collected and raised together as one `DataError`, so a user fixes a
spreadsheet in one pass instead of one error per run.
"""

from __future__ import annotations

import datetime as dt
import json
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
_SETTING_TYPES: dict[str, tuple[type, bool]] = {
    "title": (str, True), "subtitle": (str, True), "edition": (str, True), "organisation": (str, True),
    "author": (str, False), "top": (int, False), "page_size": (str, False), "stem": (str, False),
    "date": (str, False), "method": (dict, False),
}
_METHOD_KEYS = ("pct_window", "pct_window_source")
_STEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,80}")
# Names Windows reserves for devices: out/NUL.pdf cannot be written there, whatever the extension.
_RESERVED_STEMS = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


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
    settings, lines = _load_settings(data_dir / SETTINGS, label(SETTINGS), overrides, problems)
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
                                + _did_you_mean(source_id, source_ids, "add it there or fix the spelling"),
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
                    "spelt the same way" + _did_you_mean(cluster, cluster_names, "", sep="; "),
                    row=row.line, column="cluster"))


def _did_you_mean(word: str, choices: set[Any], otherwise: str, sep: str = "") -> str:
    meant = c.close_match(word, sorted(choices))
    return f"{sep}did you mean {meant!r}?" if meant is not None else (sep + otherwise if otherwise else "")


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
                    label(SETTINGS), f"found pct_window_source = {_toml_value(source_id)} in [method]"
                    f"{_on(lines, 'method.pct_window_source')}, expected an id listed in {SOURCES}; "
                    + _did_you_mean(source_id, known, "add it there or fix the spelling")))
    clusters = tables[CLUSTERS]
    if clusters.whole and clusters.rows and settings.top > len(clusters.rows):
        count = len(clusters.rows)
        if top_from_flag:
            problems.append(Problem("--top", f"found top = {settings.top}, expected at most {count}, the number of "
                                             f"clusters in {label(CLUSTERS)}"))
        else:
            problems.append(Problem(label(SETTINGS), f"found top = {settings.top}{_on(lines, 'top')}, expected at "
                                                     f"most {count}, the number of clusters in {CLUSTERS}"))


def _on(lines: dict[str, int], key: str) -> str:
    return f" on line {lines[key]}" if key in lines else ""


def _toml_key_lines(text: str) -> dict[str, int]:
    """Where each key is set ('top', 'method.pct_window'), so a message can send the user to the line."""
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.split("\n"), 1):
        header = re.match(r"\s*\[\s*([A-Za-z0-9_.-]+)\s*\]", line)
        if header:
            table = header.group(1) + "."
            lines.setdefault(header.group(1), number)
            continue
        key = re.match(r'\s*(["\']?)([A-Za-z0-9_-]+)\1\s*=', line)
        if key:
            lines.setdefault(table + key.group(2), number)
    return lines


def _toml_value(value: Any) -> str:
    """A value as it would be written in TOML, shortened, for a message."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        shown = json.dumps(value if len(value) <= 40 else value[:37] + "...", ensure_ascii=False)
        # Escape what a terminal would not show as itself (NEL, U+2028, direction controls) as TOML does.
        return "".join(ch if ch.isprintable() else f"\\u{ord(ch):04X}" if ord(ch) <= 0xFFFF
                       else f"\\U{ord(ch):08X}" for ch in shown)
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)




def _expected_type(kind: type, key: str, value: Any) -> str:
    if kind is str:
        example = value.isoformat() if isinstance(value, dt.date | dt.time) else (
            str(value).lower() if isinstance(value, bool) else "..." if isinstance(value, dict | list) else value)
        return f"text in double quotes, e.g. {key} = {json.dumps(str(example), ensure_ascii=False)}"
    if kind is int:
        return f"a whole number without quotes, e.g. {key} = 5"
    return f"a [{key}] table"


def _read_toml(path: Path, file: str, problems: list[Problem]) -> tuple[dict[str, Any] | None, dict[str, int]]:
    raw, problem = c.read_bytes(path, file, "a TOML file with title, subtitle, edition and organisation")
    if raw is None:
        problems.append(problem or Problem(file, "could not be read"))
        return None, {}
    text, problem = c.decode(raw, file, spreadsheet=False)
    if text is None:
        problems.append(problem or Problem(file, "could not be read"))
        return None, {}
    try:
        return tomllib.loads(text), _toml_key_lines(text)
    except tomllib.TOMLDecodeError as exc:
        found = re.fullmatch(r"(.*) \(at (?:line (\d+), column (\d+)|end of document)\)", str(exc), re.DOTALL)
        reason, line, column = found.groups() if found else (str(exc), None, None)
        where = f"line {line}, column {column}" if line else f"line {text.count(chr(10)) + 1} (the end of the file)"
        reason = reason[:1].lower() + reason[1:]
        fix = ("delete one of the lines that set the same key" if "overwrite" in reason
               else "check the quotes and brackets on that line")
        problems.append(Problem(file, f"found invalid TOML on {where} ({reason}), expected key = value lines "
                                      f"such as top = 5; {fix}"))
        return None, {}


def _load_settings(path: Path, file: str, overrides: dict[str, Any],
                   problems: list[Problem]) -> tuple[Settings | None, dict[str, int]]:
    raw, lines = _read_toml(path, file, problems)
    if raw is None:
        return None, lines
    start = len(problems)
    for key, value in raw.items():
        at = _on(lines, key)
        if key not in _SETTING_TYPES:
            problems.append(Problem(file, f"found unknown key {key!r}{at}, expected one of {', '.join(_SETTING_TYPES)}"
                                    + _did_you_mean(key, set(_SETTING_TYPES), "", sep="; ")))
            continue
        kind = _SETTING_TYPES[key][0]
        if not isinstance(value, kind) or isinstance(value, bool):
            problems.append(Problem(file, f"found {key} = {_toml_value(value)}{at}, expected "
                                    + _expected_type(kind, key, value)))
        elif isinstance(value, str) and (bad := c.check_text(value)):
            problems.append(Problem(file, f"in {key}{at}, {bad}"))
    for key, (_kind, required) in _SETTING_TYPES.items():
        if required and key not in raw:
            problems.append(Problem(file, f"found no key {key}, expected a line such as {key} = \"...\""))
    raw.update(overrides)
    for key in overrides:  # a value given on the command line has no line in the file
        lines.pop(key, None)
    top, page_size, stem, date = raw.get("top", 5), raw.get("page_size", "a4"), raw.get("stem", "briefing"), \
        raw.get("date")
    if isinstance(top, int) and not isinstance(top, bool) and top < 1:
        where = "--top" if "top" in overrides else file
        problems.append(Problem(where, f"found top = {top}{_on(lines, 'top')}, expected 1 or more"))
    if isinstance(page_size, str) and page_size.lower() not in PAGE_SIZES:
        where = "--page-size" if "page_size" in overrides else file
        problems.append(Problem(where, f"found page_size = {_toml_value(page_size)}{_on(lines, 'page_size')}, "
                                       f"expected {' or '.join(json.dumps(s) for s in PAGE_SIZES)}"))
    if isinstance(stem, str) and not _STEM.fullmatch(stem):
        problems.append(Problem(file, f"found stem = {_toml_value(stem)}{_on(lines, 'stem')}, expected a plain file "
                                      "name (letters, digits, . _ -) with no folders, e.g. stem = \"briefing\""))
    elif isinstance(stem, str) and stem.split(".")[0].upper() in _RESERVED_STEMS:
        problems.append(Problem(file, f"found stem = {_toml_value(stem)}{_on(lines, 'stem')}, expected a name "
                                      "Windows can write (it keeps that one for a device), e.g. stem = \"briefing\""))
    if isinstance(date, str) and not _is_date(date):
        problems.append(Problem(file, f"found date = {_toml_value(date)}{_on(lines, 'date')}, expected a real date "
                                      "written YYYY-MM-DD, e.g. date = \"2026-11-28\""))
    method, window_sources = _method(raw.get("method"), lines, file, problems)
    if len(problems) > start:
        return None, lines
    return Settings(
        title=raw["title"], subtitle=raw["subtitle"], edition=raw["edition"], organisation=raw["organisation"],
        author=raw.get("author", raw["organisation"]), top=top, page_size=page_size.lower(), stem=stem, date=date,
        pct_window=method.get("pct_window"), pct_window_sources=window_sources,
    ), lines


def _is_date(text: str) -> bool:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _method(value: Any, lines: dict[str, int], file: str,
            problems: list[Problem]) -> tuple[dict[str, str], tuple[str, ...]]:
    """The [method] table: the patent window and the source that states it."""
    if not isinstance(value, dict):
        return {}, ()  # absent, or already reported as not a table
    for key, item in value.items():
        at = _on(lines, f"method.{key}")
        if key not in _METHOD_KEYS:
            problems.append(Problem(file, f"found unknown key {key!r} in [method]{at}, expected "
                                    f"{' or '.join(_METHOD_KEYS)}"
                                    + _did_you_mean(key, set(_METHOD_KEYS), "", sep="; ")))
        elif not isinstance(item, str):
            problems.append(Problem(file, f"found {key} = {_toml_value(item)} in [method]{at}, expected "
                                    + _expected_type(str, key, item)))
        elif bad := c.check_text(item):
            problems.append(Problem(file, f"in [method] {key}{at}, {bad}"))
    window_sources: tuple[str, ...] = ()
    if isinstance(value.get("pct_window_source"), str):
        try:
            window_sources = c.source_ids(value["pct_window_source"])
        except c.CellError as exc:
            problems.append(Problem(file, f"found pct_window_source = {_toml_value(value['pct_window_source'])} in "
                                    f"[method]{_on(lines, 'method.pct_window_source')}, {exc}"))
    return {k: v for k, v in value.items() if k in _METHOD_KEYS and isinstance(v, str)}, window_sources


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
