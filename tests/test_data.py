"""Loading the real data folder: what the later stages can rely on in a `Briefing`."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from report.data import Briefing, load_briefing
from report.errors import DataError
from report.inputs.csvfile import MAX_FILE_BYTES
from tests.conftest import DATA


def test_real_data_has_35_clusters_in_rank_order(briefing: Briefing) -> None:
    assert len(briefing.clusters) == 35
    assert [c.rank for c in briefing.clusters] == list(range(1, 36))
    assert [c.name for c in briefing.hubs] == [
        "Tokyo–Yokohama",
        "Shenzhen–Hong Kong–Guangzhou",
        "Seoul",
        "Beijing",
        "Shanghai–Suzhou",
    ]


def test_settings_come_from_briefing_toml(briefing: Briefing) -> None:
    settings = briefing.settings
    assert (settings.top, settings.page_size, settings.stem) == (5, "a4", "gii2023-top-hubs")
    assert settings.pct_window == "2018–2022"
    assert settings.pct_window_sources == ("visualcapitalist-top50",)
    assert settings.date is None
    assert settings.language == "en"  # the default: briefing.toml sets none


@pytest.mark.parametrize("tag", ["de", "pt-BR", "zh-Hant-TW", "es-419", "sr-Latn", "de-CH-1901"])
def test_language_takes_bcp47_tags(data_copy: Path, tag: str) -> None:
    toml = data_copy / "briefing.toml"
    text = toml.read_text(encoding="utf-8")
    toml.write_text(text.replace("[method]", f'language = "{tag}"\n\n[method]'), encoding="utf-8")
    assert load_briefing(data_copy).settings.language == tag


def test_decimals_are_kept_exactly_as_written(briefing: Briefing) -> None:
    revenue = briefing.facts_for("Tokyo–Yokohama")[0]
    assert revenue.value == Decimal("4.476")
    assert str(revenue.value) == "4.476"
    shenzhen = briefing.clusters[1]
    assert str(shenzhen.pct_share) == "9.0"  # the trailing zero WIPO printed is kept
    assert isinstance(briefing.clusters[0].pct_applications, int)
    assert briefing.clusters[0].pct_applications == 127418


def test_empty_optional_cells_are_none(briefing: Briefing) -> None:
    shenzhen = briefing.clusters[1]
    assert shenzhen.top_applicant is None
    assert shenzhen.top_sci_org is None
    assert shenzhen.detail_sources == ()
    philadelphia = briefing.clusters[34]
    assert (philadelphia.pct_share, philadelphia.total_share, philadelphia.rank_change) == (None, None, None)
    assert philadelphia.previous_rank is None
    assert [f.year for f in briefing.facts_for("Shenzhen–Hong Kong–Guangzhou") if f.subject == "BYD"] == [None]


def test_sources_split_on_semicolons(briefing: Briefing) -> None:
    assert briefing.economy("CN").sources == ("wipo-gii2023-press", "gii2023-blog")
    assert briefing.facts[-1].sources == ("natlawreview-gii2023", "chinadaily-2023-clusters")
    assert briefing.source("gii2023-table3").publisher == "WIPO"


def test_economy_codes_are_split_and_footnote_stars_dropped(briefing: Briefing) -> None:
    by_name = {c.name: c for c in briefing.clusters}
    assert by_name["Shenzhen–Hong Kong–Guangzhou"].economy_codes == ("CN", "HK")
    assert by_name["Taipei–Hsinchu"].economy_codes == ("TW",)
    assert by_name["Tokyo–Yokohama"].economy_codes == ("JP",)
    assert by_name["Shenzhen–Hong Kong–Guangzhou"].economy_label == "CN/HK"


def test_rank_change_gives_previous_rank(briefing: Briefing) -> None:
    seoul, beijing = briefing.clusters[2], briefing.clusters[3]
    assert (seoul.rank_change, seoul.previous_rank) == (1, 4)
    assert (beijing.rank_change, beijing.previous_rank) == (-1, 3)


@pytest.mark.parametrize("obj", ["briefing", "settings", "cluster", "fact", "economy", "source", "intensity"])
def test_objects_are_frozen(briefing: Briefing, obj: str) -> None:
    target = {
        "briefing": briefing,
        "settings": briefing.settings,
        "cluster": briefing.clusters[0],
        "fact": briefing.facts[0],
        "economy": briefing.economies[0],
        "source": briefing.sources[0],
        "intensity": briefing.intensity[0],
    }[obj]
    field = dataclasses.fields(target)[0].name
    with pytest.raises(dataclasses.FrozenInstanceError):
        setattr(target, field, None)


def test_collections_are_tuples(briefing: Briefing) -> None:
    for name in ("clusters", "economies", "intensity", "facts", "sources"):
        assert isinstance(getattr(briefing, name), tuple)
    assert isinstance(briefing.clusters[0].sources, tuple)


def test_loading_twice_gives_equal_briefings() -> None:
    assert load_briefing(DATA) == load_briefing(DATA)


def test_overrides_replace_settings(data_copy: Path) -> None:
    briefing = load_briefing(data_copy, {"top": 10, "page_size": "letter"})
    assert (briefing.settings.top, briefing.settings.page_size, len(briefing.hubs)) == (10, "letter", 10)
    assert load_briefing(data_copy, {"top": None}).settings.top == 5


def test_data_error_carries_every_problem(data_copy: Path) -> None:
    for name in ("facts.csv", "sources.csv"):
        (data_copy / name).unlink()
    with pytest.raises(DataError) as caught:
        load_briefing(data_copy)
    assert [p.file for p in caught.value.problems] == [str(data_copy / "facts.csv"), str(data_copy / "sources.csv")]
    assert caught.value.exit_code == 2


def test_size_cap_is_2_mb() -> None:
    assert MAX_FILE_BYTES == 2 * 2**20


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"top": 0}, "--top: found top = 0, expected 1 or more"),
        ({"page_size": "a3"}, '--page-size: found page_size = "a3", expected "a4" or "letter"'),
    ],
)
def test_bad_overrides_name_the_flag_not_the_file(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(DataError) as caught:
        load_briefing(DATA, overrides)
    assert [str(p) for p in caught.value.problems] == [message]
