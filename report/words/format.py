"""How figures are written: one formatter per kind of value, used by the prose, the charts and every table.

A value the source did not report is written with the ``missing`` words the caller passes (the
``not_reported`` label of the text templates), never with a literal of its own.
"""

from __future__ import annotations

from decimal import Decimal

from report.data import Briefing, Fact

_WORDS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_TAKES_ARTICLE = (
    "United ",
    "Republic ",
    "Russian ",
    "Netherlands",
    "Philippines",
    "Czech Republic",
    "Islamic Republic",
    "United Arab Emirates",
    "University of ",
)


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


def format_share(value: Decimal | None, missing: str = "not reported") -> str:
    return missing if value is None else f"{format_number(value)}%"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= abs(n) % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(abs(n) % 10, "th")
    return f"{n}{suffix}"


def in_words(n: int) -> str:
    return _WORDS[n] if 0 <= n < len(_WORDS) else format_number(n)


def rank_change(change: int | None, missing: str = "not reported") -> str:
    """'up 2 places', 'down 1 place', 'unchanged'."""
    if change is None:
        return f"change {missing}"
    if change == 0:
        return "unchanged"
    places = "place" if abs(change) == 1 else "places"
    return f"{'up' if change > 0 else 'down'} {abs(change)} {places}"


def signed_change(change: int | None, missing: str = "not reported") -> str:
    """'+2', '–1' (an en dash: every text font has one, not every font has a minus sign), '0'."""
    if change is None:
        return missing
    return f"+{change}" if change > 0 else f"–{abs(change)}" if change < 0 else "0"


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


def with_article(name: str, capital: bool = False) -> str:
    """'the United States', 'China': economies whose English names take an article get one."""
    if not name.startswith(_TAKES_ARTICLE):
        return name
    return f"{'The' if capital else 'the'} {name}"


def source_list(briefing: Briefing, ids: tuple[str, ...]) -> str:
    """'WIPO (2023); Verdict (2023)' for a tuple of source ids, each named once."""
    seen: list[str] = []
    for source_id in ids:
        source = briefing.source(source_id)
        label = f"{source.publisher}{f' ({source.year})' if source.year else ''}"
        if label not in seen:
            seen.append(label)
    return "; ".join(seen)
