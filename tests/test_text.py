"""The number formatting the prose templates use: exact, never scientific, and reversible."""

from __future__ import annotations

import dataclasses
import itertools
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from report.content import Content
from report.data import Fact
from report.paths import templates_dir
from report.words.format import fact_value, format_number, format_share, in_words, join_names, ordinal, rank_change
from report.words.narrative import write_narrative
from tests.conftest import TEST_DATE

FAST = settings(max_examples=200, deadline=None)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (0, "0"),
        (7, "7"),
        (1234, "1,234"),
        (127418, "127,418"),
        (-1234567, "-1,234,567"),
        (123456789012345, "123,456,789,012,345"),
        (Decimal("4.476"), "4.476"),
        (Decimal("9.0"), "9.0"),
        (Decimal("92.5"), "92.5"),
        (Decimal("1234.50"), "1,234.50"),
        (Decimal("-0.6"), "-0.6"),
        (Decimal("-0.0"), "0.0"),
        (Decimal("0.000001"), "0.000001"),
        (Decimal("1E+3"), "1,000"),
        (Decimal("1E-7"), "0.0000001"),
        (1.5, "1.5"),
        (0.1, "0.1"),
    ],
)
def test_format_number(value: int | Decimal | float, shown: str) -> None:
    assert format_number(value) == shown


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("Infinity"), float("inf")])
def test_format_number_refuses_what_is_not_a_number(value: Decimal | float) -> None:
    with pytest.raises(ValueError, match="cannot format"):
        format_number(value)


@pytest.mark.parametrize(
    ("value", "shown"),
    [
        (None, "not reported"),
        (Decimal("10.1"), "10.1%"),
        (Decimal("9.0"), "9.0%"),
        (Decimal("0.0"), "<0.05%"),  # WIPO printed 0.0: the share is under 0.05%, not nothing
        (Decimal("100"), "100%"),
    ],
)
def test_format_share(value: Decimal | None, shown: str) -> None:
    assert format_share(value) == shown


@pytest.mark.parametrize(
    ("n", "shown"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (9, "9th"),
        (10, "10th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (20, "20th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (31, "31st"),
        (100, "100th"),
        (101, "101st"),
        (111, "111th"),
        (112, "112th"),
        (113, "113th"),
        (1002, "1002nd"),
    ],
)
def test_ordinal(n: int, shown: str) -> None:
    assert ordinal(n) == shown


@pytest.mark.parametrize(("n", "shown"), [(0, "zero"), (5, "five"), (10, "ten"), (11, "11"), (1234, "1,234")])
def test_in_words(n: int, shown: str) -> None:
    assert in_words(n) == shown


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        (None, "not reported"),
        (0, "unchanged"),
        (1, "up\u00a01"),
        (2, "up\u00a02"),
        (-1, "down\u00a01"),
        (-4, "down\u00a04"),
    ],
)
def test_rank_change(change: int | None, shown: str) -> None:
    """One notation everywhere, its number bound to its word by a no-break space, so no line ends on "down"."""
    assert rank_change(change) == shown


def _fact(value: str, unit: str) -> Fact:
    return Fact(
        cluster="Seoul",
        subject="Samsung",
        metric="m",
        value=Decimal(value),
        unit=unit,
        year=None,
        note=None,
        sources=("seed-article",),
    )


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        ("92.5", "USD billion", "USD 92.5 billion"),
        ("4.476", "JPY trillion", "JPY 4.476 trillion"),
        ("30", "USD", "USD 30"),
        ("9", "rank", "9th"),
        ("1", "rank", "1st"),
        ("2291", "per million residents", "2,291 per million residents"),
        ("15", "companies", "15 companies"),
        ("1892", "count", "1,892"),
        ("0.6", "KRW trillion", "KRW 0.6 trillion"),
    ],
)
def test_fact_value(value: str, unit: str, shown: str) -> None:
    assert fact_value(_fact(value, unit)) == shown


def test_fact_value_keeps_the_sources_qualifier_and_other_currency() -> None:
    nearly = dataclasses.replace(_fact("1.33", "USD trillion"), qualifier="nearly")
    assert fact_value(nearly) == "nearly USD 1.33 trillion"
    both = dataclasses.replace(_fact("4.476", "JPY trillion"), also="USD 30 billion")
    assert fact_value(both) == "JPY 4.476 trillion (USD 30 billion)"


# --- properties ------------------------------------------------------------------------------------------------


@st.composite
def written_decimals(draw: st.DrawFn) -> str:
    """A number as someone would type it in a cell: up to 15 digits, any number of decimal places."""
    places = draw(st.integers(min_value=0, max_value=14))
    whole = draw(st.from_regex(rf"(0|[1-9][0-9]{{0,{14 - places}}})", fullmatch=True))
    fraction = draw(st.from_regex(rf"[0-9]{{{places}}}", fullmatch=True)) if places else ""
    sign = draw(st.sampled_from(["", "-"]))
    return f"{sign}{whole}{'.' + fraction if fraction else ''}"


@FAST
@given(st.integers(min_value=-(10**15) + 1, max_value=10**15 - 1))
def test_integers_round_trip(n: int) -> None:
    shown = format_number(n)
    assert shown.replace(",", "") == str(n)
    assert "e" not in shown.lower()


@FAST
@given(written_decimals())
def test_decimals_round_trip_with_every_place_kept(text: str) -> None:
    value = Decimal(text)
    shown = format_number(value)
    assert "e" not in shown.lower()
    assert Decimal(shown.replace(",", "")) == value
    expected = text.lstrip("-") if value.is_zero() else text  # a zero is never printed with a minus
    assert shown.replace(",", "") == expected
    whole = shown.lstrip("-").partition(".")[0]
    assert all(len(group) == 3 for group in whole.split(",")[1:])
    assert 1 <= len(whole.split(",")[0]) <= 3


@FAST
@given(st.decimals(allow_nan=False, allow_infinity=False, min_value=Decimal(-(10**15)), max_value=Decimal(10**15)))
def test_any_finite_decimal_is_shown_without_an_exponent(value: Decimal) -> None:
    shown = format_number(value)
    assert "E" not in shown and "e" not in shown
    assert Decimal(shown.replace(",", "")) == value


@FAST
@given(st.integers(min_value=1, max_value=10**6))
def test_ordinal_suffix(n: int) -> None:
    suffix = ordinal(n)[len(str(n)) :]
    if n % 100 in (11, 12, 13):
        assert suffix == "th"
    else:
        assert suffix == {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


@pytest.mark.parametrize(
    ("names", "joined"),
    [
        (["Seoul"], "Seoul"),
        (["Seoul", "Beijing"], "Seoul and Beijing"),
        (["Seoul", "Beijing", "Paris"], "Seoul, Beijing and Paris"),
        (["Cambridge", "San Jose–San Francisco, CA", "Oxford"], "Cambridge; San Jose–San Francisco, CA and Oxford"),
    ],
)
def test_join_names_keeps_names_with_commas_apart(names: list[str], joined: str) -> None:
    assert join_names(names) == joined


def test_one_record_per_hub_names_its_hub_everywhere(content: Content) -> None:
    narrative = content.narrative
    assert [h.cluster for h in narrative.hubs] == list(content.briefing.hubs)
    for hub in narrative.hubs:
        assert hub.name in hub.document.title and hub.name in hub.document.notes
        assert hub.name in hub.section.title
        # what a hub's slide states from the sources: its innovation facts and this edition's claims about it,
        # never the context facts (revenues, company lists), which only the data appendix lists, nor its place by
        # intensity, which the intensity section states
        year = content.briefing.settings.edition_year
        elsewhere = content.briefing.intensity_places()
        expected = [
            f
            for f in content.briefing.facts
            if f.cluster == hub.name
            and f.topic == "innovation"
            and (f.claim is None or f.year == year)
            and f not in elsewhere
        ]
        assert [f.fact for f in hub.facts if f.fact is not None] == expected
        assert all(f.fact is None or f.fact.topic != "context" for f in hub.facts)
        per_resident = [e for e in content.briefing.intensity if e.cluster == hub.name and e.pct_per_million]
        assert len([f for f in hub.facts if f.fact is None]) == len(per_resident)


def test_the_close_calls_places_close_only_when_a_fraction_of_a_point_apart(content: Content) -> None:
    """ "Seoul's place above Beijing ... turn on a fraction of a point" is true only when the printed scores are
    under half a point apart; a 2-point gap is never called close. The top two are called well clear only when
    the second stands at least half a point above the third."""
    point = next(p for p in content.narrative["closing"].points if "fraction of a point" in p.text)
    clusters = content.briefing.clusters
    said = 0
    for above, below in itertools.pairwise(clusters):
        if above.total_share is None or below.total_share is None:
            continue
        gap = above.total_share - below.total_share
        if f"{above.name}'s place above {below.name}" in point.text:
            assert 0 <= gap < Decimal("0.5"), (above.name, gap)
            said += 1
    assert said >= 1, point.text
    second, third = clusters[1].total_share, clusters[2].total_share
    assert second is not None and third is not None
    assert ("top two stand well clear" in point.text) == (second - third >= Decimal("0.5"))
    assert not re.search(r"\d", point.text.replace(clusters[0].name, "")), point.text  # no figure said again


def test_a_count_of_the_first_ten_says_once_per_output_when_the_tenth_place_is_a_tie(content: Content) -> None:
    """San Diego, New York City and Nanjing, 9th to 11th, all print 2.1: which economy has how many of the ten
    largest turns on WIPO's unrounded figures, so the count of the first ten says so, and the first ten are
    counted once in the deck and once in the PDF (the map counts regions over all the listed clusters). Break the
    tie and the note goes."""
    clusters = content.briefing.clusters
    tied = [c.rank for c in clusters if c.total_share == clusters[9].total_share]
    assert (min(tied), max(tied)) == (9, 11)  # the default data straddles the line
    names = "San Diego, CA; New York City, NY and Nanjing"  # every tied cluster, the semicolons as names() sets them
    note = f"{names}, 9th to 11th, all score {clusters[9].total_share}; WIPO ranks Nanjing 11th"
    deck = [b for key in ("economies", "map", "summary", "closing") for b in content.narrative[key].bullets]
    pdf = [p for key in ("economies", "map", "summary") for p in content.narrative[key].paragraphs]
    for said in (deck, pdf):
        counted = [i for i, t in enumerate(said) if "ten largest" in t or "first ten" in t]
        assert len(counted) == 1, counted
        assert sum(t.count("WIPO ranks Nanjing") for t in said) == 1
        assert note in " ".join(said[counted[0] : counted[0] + 2])  # with the count, or the bullet after it
    closing = " ".join(p.lead + " " + p.text for p in content.narrative["closing"].points)
    assert "first ten" not in closing and "ten largest" not in closing  # the close draws on nothing that close
    eleventh = dataclasses.replace(clusters[10], total_share=clusters[10].total_share - Decimal("0.1"))
    untied = dataclasses.replace(content.briefing, clusters=(*clusters[:10], eleventh, *clusters[11:]))
    words = write_narrative(untied, templates_dir() / "prose.toml", TEST_DATE)
    assert all("WIPO ranks" not in b for b in (*words["economies"].bullets, *words["economies"].paragraphs))
    assert any(
        b.startswith("But the United States has the most of the ten largest: 4,") for b in words["economies"].bullets
    )


def test_the_map_caption_names_the_clusters_its_tallies_count_together(content: Content) -> None:
    """'Elsewhere 2' on the world leaves a reader asking which two: the caption names them."""
    briefing, insight = content.briefing, content.narrative.insights
    tallied = {region for region, _n in insight.region_counts[:3]}
    elsewhere = [c for c in briefing.clusters if briefing.economy(c.economy_codes[0]).region not in tallied]
    assert sorted(c.name for c in elsewhere) == ["Tehran", "Tel Aviv–Jerusalem"]
    assert "Elsewhere: Tehran and Tel Aviv–Jerusalem." in content.narrative["map"].caption
    said = " ".join(content.narrative["map"].paragraphs)  # each named with its own region
    assert "Tehran, in Central and Southern Asia, and Tel Aviv–Jerusalem, in Northern Africa and Western Asia" in said


def test_why_a_cluster_with_more_articles_than_filings_can_lean_on_patents_is_said_when_the_data_shows_it(
    content: Content,
) -> None:
    """Shanghai–Suzhou publishes five times what it files, yet owes 54% of its score to patents: the world files
    far fewer PCT applications than it publishes articles. Said only while the shares show it."""
    briefing = content.briefing
    bullets = content.narrative["pct_vs_pubs"].bullets
    assert any(b.startswith("A PCT filing weighs more than an article") for b in bullets)
    flipped = tuple(dataclasses.replace(c, publications=c.pct_applications // 10) for c in briefing.clusters)
    words = write_narrative(dataclasses.replace(briefing, clusters=flipped), templates_dir() / "prose.toml", TEST_DATE)
    assert not any("weighs more" in t for t in (*words["pct_vs_pubs"].bullets, *words["pct_vs_pubs"].paragraphs))


def test_the_close_and_the_moves_say_exactly_what_their_counts_cover(content: Content) -> None:
    """'...would miss three of the five most intensive clusters, which all lie in Europe and North America' read
    as the three lying there; the count of moves did not say which cluster it leaves out; the 25 most intensive
    had no one saying so."""
    point = content.narrative["closing"].points[0]
    assert point.text.startswith(
        "Of the five most intensive clusters, all in Europe and North America, a shortlist drawn from the 35 "
        "largest would miss three"
    ), point.text
    unknown = [c.name for c in content.briefing.clusters if c.rank_change is None]
    assert unknown == ["Philadelphia, PA"]
    moves = " ".join((*content.narrative["rank_movement"].bullets, *content.narrative["rank_movement"].paragraphs))
    assert moves.count("whose rank change is known (not Philadelphia, PA)") == 2
    said = " ".join((*content.narrative["intensity"].bullets, *content.narrative["intensity"].paragraphs))
    assert said.count("the 25 most intensive, according to Science and Technology Daily and National Law Review") == 2


def test_a_reported_first_says_who_reports_it(content: Content) -> None:
    """'Reported as its first time in the top five' left a reader asking by whom, beside a point naming its own."""
    text = " ".join(p.text for p in content.narrative["summary"].points).replace("\u00a0", " ")
    assert "Shanghai–Suzhou is 5th (up 1), reported by Shine and South China Morning Post as its first time" in text


def test_the_takeaways_end_on_what_follows_from_them(content: Content) -> None:
    """Four findings and no 'so what': the last takeaway says what the gap between size and intensity means."""
    last = content.narrative["summary"].points[-1].text
    assert last.endswith(
        "None of the five largest is among the five most intensive, so a search for partners needs both rankings."
    )
