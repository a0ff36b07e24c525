"""How figures are written: one formatter per kind of value, used by the prose, the charts and every table.

A value the source did not report is written with the ``missing`` words the caller passes (the
``not_reported`` label of the text templates), never with a literal of its own.
"""

from __future__ import annotations

from decimal import Decimal

from report.data import Briefing, Fact, Source

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
    """'10.1%'; a share WIPO printed as 0.0 is under 0.05%, and says so."""
    if value is None:
        return missing
    return "<0.05%" if value.is_zero() else f"{format_number(value)}%"


def format_score(value: Decimal | None, missing: str = "not reported") -> str:
    """The combined score, a sum of two shares: '11.7', without a per cent sign, since it is not a share."""
    return missing if value is None else format_number(value)


def format_times(ratio: Decimal | float) -> str:
    """'2.9×' for a ratio of two counts; '12×' from ten up, where a decimal adds nothing."""
    ratio = Decimal(repr(ratio)) if isinstance(ratio, float) else ratio
    return f"{ratio.quantize(Decimal('1') if ratio >= 10 else Decimal('0.1'))}×"


def join_names(names: list[str] | tuple[str, ...]) -> str:
    """'A', 'A and B', 'A, B and C'; 'A; B, CA and C' when a name has a comma of its own."""
    names = list(names)
    if len(names) < 3:
        return " and ".join(names)
    separator = "; " if any("," in name for name in names) else ", "
    return f"{separator.join(names[:-1])} and {names[-1]}"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= abs(n) % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(abs(n) % 10, "th")
    return f"{n}{suffix}"


_ORDINAL_WORDS = (
    "zeroth",
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
)


def ordinal_word(n: int) -> str:
    """'second', for the ordinals a sentence spells out; '11th' from eleven on."""
    return _ORDINAL_WORDS[n] if 0 <= n < len(_ORDINAL_WORDS) else ordinal(n)


def in_words(n: int) -> str:
    return _WORDS[n] if 0 <= n < len(_WORDS) else format_number(n)


def rank_change(change: int | None, missing: str = "not reported") -> str:
    """The one notation for a rank change, in prose, tables, charts and the appendix: 'up 2', 'down 1',
    'unchanged'."""
    if change is None:
        return missing
    if change == 0:
        return "unchanged"
    return f"{'up' if change > 0 else 'down'}\u00a0{abs(change)}"  # no-break space: "down" never ends a line


def fact_value(fact: Fact) -> str:
    """A fact's value as the source gives it: 'USD 92.5 billion', '14th', 'nearly USD 1.33 trillion',
    'JPY 4.476 trillion (USD 30 billion)'."""
    shown = _value_with_unit(fact.value, fact.unit)
    if fact.qualifier:
        shown = f"{fact.qualifier} {shown}"
    return f"{shown} ({fact.also})" if fact.also else shown


def _value_with_unit(value: Decimal, unit: str) -> str:
    if unit == "rank":
        return ordinal(int(value))
    number = format_number(value)
    if unit == "count":
        return number
    currency, _, scale = unit.partition(" ")
    if len(currency) == 3 and currency.isupper() and currency.isalpha():
        return f"{currency} {number}{' ' + scale if scale else ''}"
    return f"{number} {unit}"


def with_article(name: str, capital: bool = False) -> str:
    """'the United States', 'China': economies whose English names take an article get one."""
    if not name.startswith(_TAKES_ARTICLE):
        return name
    return f"{'The' if capital else 'the'} {name}"


def source_list(briefing: Briefing, ids: tuple[str, ...]) -> str:
    """'WIPO GII 2023 App. Table 3; Verdict (2023)': each source by its short title, each once. The briefing's
    own working data (a source its own organisation publishes, such as map positions) is described where it
    is used, not cited as a source, unless it is all there is."""
    sources = [briefing.source(source_id) for source_id in ids]
    outside = [s for s in sources if not briefing.is_own(s)] or sources
    return "; ".join(dict.fromkeys(s.short for s in outside))


def reference(source: Source) -> str:
    """A source's entry after its short name: the title, then the publisher and the year where the short name
    does not already give them ('SCMP (2023)' gives the year, not 'South China Morning Post'), then its note.
    Every entry is dated by its year alone, so the list reads the same from entry to entry."""
    year = str(source.year) if source.year and str(source.year) not in source.short else ""
    by = [] if source.short.startswith(source.publisher) else [source.publisher]
    tail = ", ".join([*by, year] if year else by)
    note = f" {source.note.rstrip('.')}." if source.note else ""
    return f"{source.title.rstrip('.')}.{f' {tail}.' if tail else ''}{note}"
