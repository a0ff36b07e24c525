"""Checks across rows and files of the data folder: unique keys, ranks without gaps, sums that add up, and
every reference (source id, economy code, cluster name) pointing at something that exists.

Each check runs only against a column that was read whole, so one typo is reported once.
"""

from __future__ import annotations

from collections import Counter
from decimal import Decimal
from typing import Any

from report.errors import Problem
from report.inputs import CLAIMS, CLUSTERS, ECONOMIES, FACTS, INTENSITY, SOURCES
from report.inputs.cells import did_you_mean
from report.inputs.settings import Settings, on_line, toml_value
from report.inputs.table import Table
from report.limits import MAX_FACTS_PER_CLUSTER

TOTAL_SHARE_TOLERANCE = Decimal("0.15")


def check_cross_references(tables: dict[str, Table], problems: list[Problem]) -> None:
    """Checks across rows and files; each runs only when the table it looks things up in was read whole.

    Each table's origin names the place of a problem and how a message refers to another table, so the
    same checks speak of clusters.csv in a folder of CSV files and of sheet clusters in a workbook.
    """
    source_ids = _unique(tables[SOURCES], "id", problems)
    economy_codes = _unique(tables[ECONOMIES], "economy", problems)
    cluster_names = _unique(tables[CLUSTERS], "cluster", problems)
    _check_ranks(tables[CLUSTERS], "rank", problems)
    _check_ranks(tables[INTENSITY], "intensity_rank", problems)
    _check_total_shares(tables[CLUSTERS], problems)
    _check_fact_ranks(tables[FACTS], problems)
    _check_positions(tables[CLUSTERS], problems)
    _check_claims(tables[FACTS], problems)
    _check_intensity_rows(tables[INTENSITY], problems)
    _check_facts_per_cluster(tables[FACTS], problems)
    sources = tables[SOURCES].origin.called
    if tables[SOURCES].complete("id"):
        for name in (CLUSTERS, ECONOMIES, INTENSITY, FACTS):
            for row in tables[name].rows:
                for column in ("source", "detail_source", "position_source"):
                    for source_id in row.values.get(column) or ():
                        if source_id not in source_ids:
                            problems.append(
                                tables[name].origin.problem(
                                    f"found source id {source_id!r}, expected an id listed in {sources}; "
                                    + did_you_mean(source_id, source_ids, "add it there or fix the spelling"),
                                    row.line,
                                    column,
                                )
                            )
    if tables[ECONOMIES].complete("economy"):
        for name in (CLUSTERS, INTENSITY):
            for row in tables[name].rows:
                for code in row.values["economy"] or ():
                    if code not in economy_codes:
                        problems.append(
                            tables[name].origin.problem(
                                f"found economy code {code!r}, expected a code "
                                f"listed in {tables[ECONOMIES].origin.called}; add a row for it there",
                                row.line,
                                "economy",
                            )
                        )
    _check_economy_counts(tables, problems)
    if tables[CLUSTERS].complete("cluster"):
        for row in tables[FACTS].rows:
            cluster = row.values["cluster"]
            if cluster is not None and cluster not in cluster_names:
                problems.append(
                    tables[FACTS].origin.problem(
                        f"found cluster {cluster!r}, expected the name of a cluster in "
                        f"{tables[CLUSTERS].origin.called}, spelt the same way"
                        + did_you_mean(cluster, cluster_names, "", sep="; "),
                        row.line,
                        "cluster",
                    )
                )


def _check_positions(table: Table, problems: list[Problem]) -> None:
    """A map position needs both coordinates and the source that gives them."""
    for row in table.rows:
        lat, lon, source = (row.values.get(k) for k in ("lat", "lon", "position_source"))
        if (lat is None) != (lon is None):
            missing = "lon" if lon is None else "lat"
            problems.append(
                table.origin.problem(
                    "found one coordinate, expected both lat and lon or neither; fill in the other or "
                    "clear both to leave the cluster off the map",
                    row=row.line,
                    column=missing,
                )
            )
        elif lat is not None and not source:
            problems.append(
                table.origin.problem(
                    "found a position with no source, expected the id of the source that gives it",
                    row=row.line,
                    column="position_source",
                )
            )


def _check_claims(table: Table, problems: list[Problem]) -> None:
    """A claim key must be one the words know; a fact about no cluster is only there to support a claim."""
    for row in table.rows:
        claim, cluster, year = row.values.get("claim"), row.values.get("cluster"), row.values.get("year")
        if claim is not None and claim not in CLAIMS:
            problems.append(
                table.origin.problem(
                    f"found claim {claim!r}, expected one of {', '.join(CLAIMS)} or an empty cell"
                    + did_you_mean(claim, set(CLAIMS), "", sep="; "),
                    row=row.line,
                    column="claim",
                )
            )
        elif claim is not None and year is None:
            problems.append(
                table.origin.problem(
                    "found a claim with no year, expected the edition year the claim is true of",
                    row=row.line,
                    column="year",
                )
            )
        if cluster is None and claim is None and "cluster" not in table.unreadable:
            problems.append(
                table.origin.problem(
                    "found no cluster, expected the cluster the fact is about (only a fact that "
                    "supports a claim may leave it empty)",
                    row=row.line,
                    column="cluster",
                )
            )


def _check_intensity_rows(table: Table, problems: list[Problem]) -> None:
    """A cluster listed without an intensity rank is there for its per-resident figures, so it needs them."""
    for row in table.rows:
        values = row.values
        if (
            values.get("intensity_rank") is None
            and values.get("pct_per_million") is None
            and values.get("pubs_per_million") is None
            and "intensity_rank" not in table.unreadable
        ):
            problems.append(
                table.origin.problem(
                    "found neither an intensity rank nor figures per million residents, expected at least one",
                    row=row.line,
                    column="intensity_rank",
                )
            )


def _unique(table: Table, column: str, problems: list[Problem]) -> set[Any]:
    first: dict[Any, int] = {}
    for row in table.rows:
        value = row.values[column]
        key = value[0] if isinstance(value, tuple) else value
        if key is None:
            continue
        if key in first:
            problems.append(
                table.origin.problem(
                    f"found {key!r} again (first on row {first[key]}), expected each {column} once",
                    row=row.line,
                    column=column,
                )
            )
        else:
            first[key] = row.line
    return set(first)


def _check_ranks(table: Table, column: str, problems: list[Problem]) -> None:
    by_rank: dict[int, int] = {}
    for row in table.rows:
        rank = row.values[column]
        if rank is None:
            continue
        if rank in by_rank:
            problems.append(
                table.origin.problem(
                    f"found rank {rank} again (first on row {by_rank[rank]}), expected each rank once",
                    row=row.line,
                    column=column,
                )
            )
        else:
            by_rank[rank] = row.line
    if not table.complete(column):
        return  # a rank that could not be read would show up as a gap
    expected = 1
    for rank in sorted(by_rank):
        if rank != expected:
            missing = f"rank {expected} is" if rank == expected + 1 else f"ranks {expected} to {rank - 1} are"
            after = f"after rank {expected - 1}" if expected > 1 else "as the first rank"
            problems.append(
                table.origin.problem(
                    f"found rank {rank} {after}, expected rank {expected}; {missing} missing",
                    row=by_rank[rank],
                    column=column,
                )
            )
        expected = rank + 1


def _check_total_shares(table: Table, problems: list[Problem]) -> None:
    for row in table.rows:
        pct, pub, total = (row.values[k] for k in ("pct_share", "pub_share", "total_share"))
        if pct is None or pub is None or total is None:
            continue
        if abs(total - (pct + pub)) > TOTAL_SHARE_TOLERANCE:
            problems.append(
                table.origin.problem(
                    f"found {total}, expected pct_share + pub_share = {pct + pub} "
                    f"(within {TOTAL_SHARE_TOLERANCE}, WIPO's rounding)",
                    row=row.line,
                    column="total_share",
                )
            )


def _check_fact_ranks(table: Table, problems: list[Problem]) -> None:
    """A fact whose unit is 'rank' is printed as an ordinal ('9th'), so it must be a whole number."""
    for row in table.rows:
        value = row.values["value"]
        if row.values["unit"] == "rank" and value is not None and (value < 1 or value != value.to_integral_value()):
            problems.append(
                table.origin.problem(
                    f"found {value}, expected a whole number of 1 or more, as the unit is rank",
                    row=row.line,
                    column="value",
                )
            )


def _check_facts_per_cluster(table: Table, problems: list[Problem]) -> None:
    """A hub section shows its facts one per line; past MAX_FACTS_PER_CLUSTER it is no longer a briefing."""
    rows: dict[str, list[int]] = {}
    for row in table.rows:
        if row.values["cluster"] is not None:
            rows.setdefault(row.values["cluster"], []).append(row.line)
    for cluster, lines in rows.items():
        if len(lines) > MAX_FACTS_PER_CLUSTER:
            problems.append(
                table.origin.problem(
                    f"found {len(lines)} facts for {cluster!r}, expected at most {MAX_FACTS_PER_CLUSTER} "
                    f"per cluster; keep the ones the briefing should state",
                    row=lines[MAX_FACTS_PER_CLUSTER],
                    column="cluster",
                )
            )


def _check_economy_counts(tables: dict[str, Table], problems: list[Problem]) -> None:
    """An economy cannot have fewer top-100 clusters than clusters.csv lists (a miscount can only undercount)."""
    listed = Counter(code for row in tables[CLUSTERS].rows for code in (row.values["economy"] or ()))
    for row in tables[ECONOMIES].rows:
        code, count = row.values["economy"], row.values["clusters_top100"]
        if code is not None and count is not None and listed[code] > count:
            problems.append(
                tables[ECONOMIES].origin.problem(
                    f"found {count}, expected at least {listed[code]}: "
                    f"{tables[CLUSTERS].origin.called} lists {listed[code]} clusters in {code}",
                    row=row.line,
                    column="clusters_top100",
                )
            )


def check_settings_against_tables(
    settings: Settings,
    lines: dict[str, int],
    tables: dict[str, Table],
    settings_file: str,
    top_from_flag: bool,
    problems: list[Problem],
) -> None:
    sources = tables[SOURCES]
    if sources.complete("id"):
        known = {r.values["id"] for r in sources.rows}
        for key, ids in (
            ("pct_window_source", settings.pct_window_sources),
            ("since_source", settings.method_since_sources),
            ("sources", settings.method_sources),
        ):
            for source_id in ids:
                if source_id not in known:
                    problems.append(
                        Problem(
                            settings_file,
                            f"found {key} = {toml_value(source_id)} in [method]"
                            f"{on_line(lines, f'method.{key}')}, expected an id listed in {sources.origin.called}; "
                            + did_you_mean(source_id, known, "add it there or fix the spelling"),
                        )
                    )
    clusters = tables[CLUSTERS]
    if clusters.whole and clusters.rows and settings.top > len(clusters.rows):
        count = len(clusters.rows)
        if top_from_flag:
            problems.append(
                Problem(
                    "--top",
                    f"found top = {settings.top}, expected at most {count}, the number of "
                    f"clusters in {clusters.origin.full}",
                )
            )
        else:
            problems.append(
                Problem(
                    settings_file,
                    f"found top = {settings.top}{on_line(lines, 'top')}, expected at "
                    f"most {count}, the number of clusters in {clusters.origin.called}",
                )
            )
