"""File-name slugs for names in any script: readable, unique within a briefing, and safe on every file system.

"Tokyo–Yokohama" gives `tokyo-yokohama`, "Zürich" `zurich` (a Latin letter loses its accent), "Сеул" `сеул`
and "東京" `東京`: letters and digits of every script are kept, so two hubs never both become `item`. Names
that still meet (they differ only in case or punctuation) are told apart by `-2`, `-3`… in the order given,
so the same data always gives the same names.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from report.limits import MAX_SLUG_BYTES

FALLBACK = "item"
# Names Windows refuses as a file's stem, whatever the extension: a hub called "Con" still gets a usable file.
RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))})
_DASHES = re.compile(r"[\u2010-\u2015/]")


def _fold(char: str) -> str:
    """A Latin letter with accents as its plain letter ("ü" → "u"); any other letter or digit as it is."""
    decomposed = unicodedata.normalize("NFKD", char)
    base = decomposed[:1]
    if base.isascii() and base.isalnum() and all(unicodedata.combining(c) for c in decomposed[1:]):
        return base
    return char


def _keep(char: str) -> bool:
    """Letters, digits and the marks that belong to them (Devanagari vowel signs, for one)."""
    return unicodedata.category(char)[0] in "LNM"


def _cut(text: str, limit: int) -> str:
    """``text`` shortened to at most ``limit`` UTF-8 bytes, never inside a character, without a trailing dash."""
    encoded = text.encode()
    if len(encoded) <= limit:
        return text
    return encoded[:limit].decode("utf-8", "ignore").rstrip("-")


def slug(text: str, fallback: str = FALLBACK) -> str:
    """One name as a lower-case file-name stem of letters, digits and single dashes, at most MAX_SLUG_BYTES."""
    text = unicodedata.normalize("NFC", _DASHES.sub("-", text))
    folded = "".join(_fold(c) if _keep(c) else "-" for c in text).lower()
    folded = unicodedata.normalize("NFC", folded)
    collapsed = re.sub(r"-{2,}", "-", folded).strip("-")
    while collapsed and unicodedata.combining(collapsed[0]):  # a mark with no letter before it
        collapsed = collapsed[1:].lstrip("-")
    return _cut(collapsed, MAX_SLUG_BYTES) or fallback


def _safe(value: str) -> bool:
    """Letters, digits, marks and single inner dashes only, starting with a letter or digit; not reserved."""
    return (
        bool(value)
        and not unicodedata.combining(value[0])
        and value[0] != "-"
        and value[-1] != "-"
        and "--" not in value
        and all(c == "-" or _keep(c) for c in value)
        and value == unicodedata.normalize("NFC", value)
        and value not in RESERVED
    )


def unique_slugs(names: Iterable[str], fallback: str = FALLBACK) -> Mapping[str, str]:
    """Each distinct name's slug, no two alike: a name that meets an earlier one's slug gets `-2`, `-3`…"""
    found: dict[str, str] = {}
    taken: set[str] = set()
    for name in names:
        if name in found:
            continue
        base = slug(name, fallback)
        candidate, number = base, 1
        while candidate in taken or candidate in RESERVED:
            number += 1
            suffix = f"-{number}"
            candidate = _cut(base, MAX_SLUG_BYTES - len(suffix)) + suffix
        found[name] = candidate
        taken.add(candidate)
    return MappingProxyType(found)


def slug_problems(slugs: Mapping[str, str]) -> list[str]:
    """What makes these slugs unusable as file names (duplicates, length, characters); empty when all is well.

    `unique_slugs` never produces such slugs; `report check` runs this so that a build can never fail on
    a file name that the check let through.
    """
    problems: list[str] = []
    seen: dict[str, str] = {}
    for name, value in slugs.items():
        if not _safe(value):
            problems.append(f"{name!r} gives the file name {value!r}, which is not a safe file name")
        elif len(value.encode()) > MAX_SLUG_BYTES:
            problems.append(f"{name!r} gives a file name longer than {MAX_SLUG_BYTES} bytes")
        if value in seen:
            problems.append(f"{name!r} and {seen[value]!r} both give the file name {value!r}")
        seen.setdefault(value, name)
    return problems
