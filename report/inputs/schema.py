"""The columns of each data table: their names, how each cell is parsed, and which may be empty or absent.

One schema for both layouts: the CSV files and the sheets of the workbook hold the same columns.
"""

from __future__ import annotations

from types import MappingProxyType

from report.inputs import CLUSTERS, ECONOMIES, FACTS, INTENSITY, SOURCES, cells
from report.inputs.table import Column

_CLUSTER_COLUMNS = (
    Column("rank", cells.positive),
    Column("cluster", cells.text),
    Column("economy", cells.economy_codes),
    Column("pct_applications", cells.count),
    Column("publications", cells.count),
    Column("pct_share", cells.share, False),
    Column("pub_share", cells.share, False),
    Column("total_share", cells.share, False),
    Column("rank_change", cells.signed, False),
    Column("top_applicant", cells.text, False),
    Column("top_sci_org", cells.text, False),
    Column("source", cells.source_ids),
    Column("detail_source", cells.source_ids, False),
    Column("lat", cells.latitude, False, True),
    Column("lon", cells.longitude, False, True),
    Column("position_source", cells.source_ids, False, True),
)
_ECONOMY_COLUMNS = (
    Column("economy", cells.economy_code),
    Column("name", cells.text),
    Column("region", cells.text),
    Column("clusters_top100", cells.count, False),
    Column("source", cells.source_ids),
)
_INTENSITY_COLUMNS = (
    Column("intensity_rank", cells.positive, False),
    Column("cluster", cells.text),
    Column("economy", cells.economy_codes),
    Column("pct_per_million", cells.count, False),
    Column("pubs_per_million", cells.count, False),
    Column("source", cells.source_ids),
)
_FACT_COLUMNS = (
    Column("cluster", cells.text, False),
    Column("subject", cells.text),
    Column("metric", cells.text),
    Column("value", cells.decimal),
    Column("unit", cells.text),
    Column("year", cells.year, False),
    Column("qualifier", cells.text, False, True),
    Column("also", cells.text, False, True),
    Column("note", cells.text, False),
    Column("source", cells.source_ids),
    Column("topic", cells.topic, False, True),
    Column("claim", cells.text, False, True),
)
_SOURCE_COLUMNS = (
    Column("id", cells.source_id),
    Column("title", cells.text),
    Column("short", cells.text, False, True),
    Column("publisher", cells.text),
    Column("year", cells.year, False),
    Column("url", cells.url, False),
    Column("note", cells.text, False),
)

COLUMNS = MappingProxyType(
    {
        CLUSTERS: _CLUSTER_COLUMNS,
        ECONOMIES: _ECONOMY_COLUMNS,
        INTENSITY: _INTENSITY_COLUMNS,
        FACTS: _FACT_COLUMNS,
        SOURCES: _SOURCE_COLUMNS,
    }
)


def number_kind(column: Column) -> str | None:
    """'whole' or 'decimal' for a column of numbers, None for a column of text."""
    if column.parse in cells.WHOLE_NUMBERS:
        return "whole"
    return "decimal" if column.parse in cells.DECIMALS else None
