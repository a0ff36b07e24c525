"""Parse and check one cell of the data: whole numbers, shares, years, source ids, economy codes, URLs, text.

Every parser raises `CellError` with a message that says what was expected, so the reader of a CSV file or a
workbook can turn it into a problem naming the file, the row and the column.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

MAX_CELL_CHARS = 500
MAX_DIGITS = 15

# ASCII digits only: Arabic-Indic or full-width digits in a figure mean a paste from somewhere unexpected.
_INT = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"-?[0-9]+(\.[0-9]+)?")
_GROUPED_INT = re.compile(r"-?[0-9]{1,3}([,.' \u00a0\u202f][0-9]{3})+")
_GROUPED = re.compile(r"-?[0-9]{1,3}([,' \u00a0\u202f][0-9]{3})+(\.[0-9]+)?")
_DECIMAL_COMMA = re.compile(r"-?[0-9]+,[0-9]+")
_SOURCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")
_ECONOMY_CODE = re.compile(r"[A-Z]{2}")

# Characters that are not control characters to Unicode but still break a line or reorder text on screen.
_INVISIBLE = {"\u2028": "a line separator", "\u2029": "a paragraph separator"} | {
    chr(c): "an invisible text-direction control" for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
}
_CONTROL_NAMES = {"\t": "a tab", "\n": "a line break", "\r": "a line break", "\x00": "a NUL character"}


class CellError(ValueError):
    """A cell that does not hold what its column expects; the message says what was expected."""


Parser = Callable[[str], Any]


def show(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def close_match(word: str, choices: Iterable[str]) -> str | None:
    """The choice ``word`` was most likely meant to be, for a 'did you mean' hint."""
    choices = list(choices)
    folded = {c.casefold().replace(" ", "_"): c for c in choices}
    if word.casefold().replace(" ", "_") in folded:
        return folded[word.casefold().replace(" ", "_")]
    found = difflib.get_close_matches(word, choices, n=1, cutoff=0.8)
    return found[0] if found else None


def text(cell: str) -> str:
    return cell


def count(cell: str, example: str = "127418") -> int:
    """A whole number of 0 or more, written without thousands separators."""
    if _GROUPED_INT.fullmatch(cell):
        plain = re.sub(r"[^0-9-]", "", cell)
        raise CellError(f"expected a whole number without thousands separators; write {plain}")
    if not _INT.fullmatch(cell):
        raise CellError(f"expected a whole number such as {example}")
    if len(cell.lstrip("-")) > MAX_DIGITS:
        raise CellError(f"expected a whole number of at most {MAX_DIGITS} digits")
    value = int(cell)
    if value < 0:
        raise CellError("expected a whole number of 0 or more")
    return value


def positive(cell: str) -> int:
    """A rank: 1 or more."""
    value = count(cell, example="3")
    if value < 1:
        raise CellError("expected a whole number of 1 or more")
    return value


def signed(cell: str) -> int:
    """A whole number that may be negative, e.g. a rank change."""
    if not _INT.fullmatch(cell[1:] if cell.startswith("+") else cell):
        raise CellError("expected a whole number such as 2, 0 or -1")
    if len(cell.lstrip("+-")) > MAX_DIGITS:
        raise CellError(f"expected a whole number of at most {MAX_DIGITS} digits")
    return int(cell)


def decimal(cell: str) -> Decimal:
    """A number kept exactly as written, so 4.476 prints as 4.476 and never as 4.4759999."""
    if not _DECIMAL.fullmatch(cell):
        if _GROUPED.fullmatch(cell) or _GROUPED_INT.fullmatch(cell):
            whole, _, rest = cell.partition(".") if "," in cell else (cell, "", "")
            plain = re.sub(r"[^0-9-]", "", whole) + (f".{rest}" if rest else "")
            if re.fullmatch(r"-?[0-9]{1,3},[0-9]{3}", cell):
                raise CellError(
                    f"expected a number without thousands separators; write {plain} "
                    f"(or {cell.replace(',', '.')} if the comma is a decimal point)"
                )
            raise CellError(f"expected a number without thousands separators; write {plain}")
        if _DECIMAL_COMMA.fullmatch(cell):
            raise CellError(f"expected a point for decimals; write {cell.replace(',', '.')}")
        if re.fullmatch(r"-?\.[0-9]+", cell):
            raise CellError(f"expected a digit before the point; write {cell.replace('.', '0.')}")
        raise CellError("expected a number such as 92.5")
    if len(cell.replace("-", "").replace(".", "")) > MAX_DIGITS:
        raise CellError(f"expected a number of at most {MAX_DIGITS} digits")
    try:
        return Decimal(cell)
    except InvalidOperation as exc:  # pragma: no cover - the pattern above already rules this out
        raise CellError("expected a number such as 92.5") from exc


def share(cell: str) -> Decimal:
    """A percentage as WIPO prints it: 0 to 100."""
    value = decimal(cell)
    if not Decimal(0) <= value <= Decimal(100):
        raise CellError("expected a percentage from 0 to 100")
    return value


def latitude(cell: str) -> Decimal:
    """Degrees north (negative south), as a decimal: 35.68."""
    return _degrees(cell, 90, "a latitude in degrees between -90 and 90, e.g. 35.68")


def longitude(cell: str) -> Decimal:
    """Degrees east (negative west), as a decimal: 139.69."""
    return _degrees(cell, 180, "a longitude in degrees between -180 and 180, e.g. 139.69 (west is negative)")


def _degrees(cell: str, limit: int, expected: str) -> Decimal:
    if not _DECIMAL.fullmatch(cell):
        raise CellError(f"expected {expected}")
    value = Decimal(cell)
    if not -limit <= value <= limit:
        raise CellError(f"expected {expected}")
    return value


def year(cell: str) -> int:
    if not re.fullmatch(r"[0-9]{4}", cell) or not 1800 <= int(cell) <= 2200:
        raise CellError("expected a four-digit year such as 2023")
    return int(cell)


def source_id(cell: str) -> str:
    """The id of one source, as the other files refer to it."""
    if not _SOURCE_ID.fullmatch(cell):
        raise CellError("expected an id of letters, digits, '.', '_' and '-', such as gii2023-table3")
    return cell


def source_ids(cell: str) -> tuple[str, ...]:
    """One or more source ids separated by ';'."""
    ids = tuple(part.strip() for part in cell.split(";"))
    for part in ids:
        if not _SOURCE_ID.fullmatch(part):
            raise CellError("expected source ids (letters, digits, '.', '_', '-') separated by ';'")
    return ids


def economy_code(cell: str) -> str:
    """One economy's two-letter code, e.g. 'JP'."""
    code = cell.rstrip("*")
    if not _ECONOMY_CODE.fullmatch(code):
        raise CellError("expected one two-letter economy code in capitals, such as JP")
    return code


def economy_codes(cell: str) -> tuple[str, ...]:
    """WIPO's economy label, e.g. 'JP', 'CN/HK' or 'TW*' (the star is WIPO's footnote mark)."""
    codes = tuple(part.strip().rstrip("*") for part in cell.split("/"))
    for code in codes:
        if not _ECONOMY_CODE.fullmatch(code):
            raise CellError("expected two-letter economy codes in capitals, such as JP or CN/HK")
    return codes


def topic(cell: str) -> str:
    """What a further fact is about: one of TOPICS."""
    from report.inputs import TOPICS

    if cell not in TOPICS:
        hint = close_match(cell, TOPICS)
        raise CellError(f"expected {' or '.join(TOPICS)}" + (f" (did you mean {hint!r}?)" if hint else ""))
    return cell


def url(cell: str) -> str:
    if not re.fullmatch(r"https?://\S+", cell):
        raise CellError("expected a web address starting with http:// or https://")
    return cell


def check_text(cell: str) -> str | None:
    """What is wrong with a piece of text that will be printed in the deck, or None."""
    if len(cell) > MAX_CELL_CHARS:
        return f"found {len(cell)} characters, expected at most {MAX_CELL_CHARS}; shorten the text"
    for char in cell:
        if unicodedata.category(char) == "Cc":
            what = _CONTROL_NAMES.get(char, "a control character")
            expected = "the text on one line" if char in "\r\n" else "printable text"
            return f"found {what} (U+{ord(char):04X}), expected {expected}; delete it"
        if char in _INVISIBLE:
            return f"found {_INVISIBLE[char]} (U+{ord(char):04X}), expected plain text; delete it"
        if _noncharacter(char):
            return f"found a Unicode noncharacter (U+{ord(char):04X}), expected printable text; delete it"
    return None


def _noncharacter(char: str) -> bool:
    """U+FDD0–U+FDEF and the last two code points of every plane (U+FFFE, U+FFFF…): never text, and
    U+FFFE and U+FFFF cannot be written in XML at all, so no deck could hold them."""
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def did_you_mean(word: str, choices: set[Any], otherwise: str, sep: str = "") -> str:
    meant = close_match(word, sorted(choices))
    return f"{sep}did you mean {meant!r}?" if meant is not None else (sep + otherwise if otherwise else "")


# The parsers that read a number: a workbook holds these columns as numbers, not text. A decimal keeps the
# decimal places its cell shows (9.0 stays 9.0); a whole number is whole however many places it shows.
WHOLE_NUMBERS: frozenset[Parser] = frozenset({count, positive, signed, year})
DECIMALS: frozenset[Parser] = frozenset({decimal, share, latitude, longitude})
