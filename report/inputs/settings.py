"""Read and check briefing.toml: what the briefing is called and how it is built.

Problems are appended to the same list as the CSV files' problems, so one run reports them all.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from report.errors import Problem
from report.inputs import cells
from report.inputs import csvfile as c
from report.inputs.cells import did_you_mean

PAGE_SIZES = ("a4", "letter")


@dataclass(frozen=True)
class Settings:
    """briefing.toml, checked: the words around the figures and the build's defaults."""

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
    method_since: str | None = None  # the year WIPO began finding clusters this way
    method_since_sources: tuple[str, ...] = ()
    method_sources: tuple[str, ...] = ()  # the sources that state how clusters are found and ranked
    edition_year: int | None = None  # claims dated to another year are not this edition's
    previous_edition: str | None = None
    language: str = "en"  # BCP 47: the PDF's /Lang and the deck's text language


_SETTING_TYPES: dict[str, tuple[type, bool]] = {
    "title": (str, True),
    "subtitle": (str, True),
    "edition": (str, True),
    "edition_year": (int, False),
    "previous_edition": (str, False),
    "organisation": (str, True),
    "author": (str, False),
    "top": (int, False),
    "page_size": (str, False),
    "stem": (str, False),
    "date": (str, False),
    "language": (str, False),
    "method": (dict, False),
}
_METHOD_KEYS = ("pct_window", "pct_window_source", "since", "since_source", "sources")
# BCP 47 in the shape readers use: a 2-3 letter language, then optional script, region and variant subtags.
_LANGUAGE = re.compile(
    r"[A-Za-z]{2,3}(-[A-Za-z]{4})?(-(?:[A-Za-z]{2}|[0-9]{3}))?(-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
)
_STEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,80}")
# Names Windows reserves for devices: out/NUL.pdf cannot be written there, whatever the extension.
_RESERVED_STEMS = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)), *(f"LPT{i}" for i in range(1, 10))}


def on_line(lines: dict[str, int], key: str) -> str:
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


def toml_value(value: Any) -> str:
    """A value as it would be written in TOML, shortened, for a message."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        shown = json.dumps(value if len(value) <= 40 else value[:37] + "...", ensure_ascii=False)
        # Escape what a terminal would not show as itself (NEL, U+2028, direction controls) as TOML does.
        return "".join(
            ch if ch.isprintable() else f"\\u{ord(ch):04X}" if ord(ch) <= 0xFFFF else f"\\U{ord(ch):08X}"
            for ch in shown
        )
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, dict):
        return "a table"
    if isinstance(value, list):
        return "a list"
    return str(value)


def _expected_type(kind: type, key: str, value: Any) -> str:
    if kind is str:
        example = (
            value.isoformat()
            if isinstance(value, dt.date | dt.time)
            else (str(value).lower() if isinstance(value, bool) else "..." if isinstance(value, dict | list) else value)
        )
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
        fix = (
            "delete one of the lines that set the same key"
            if "overwrite" in reason
            else "check the quotes and brackets on that line"
        )
        problems.append(
            Problem(
                file, f"found invalid TOML on {where} ({reason}), expected key = value lines such as top = 5; {fix}"
            )
        )
        return None, {}


def load_settings(
    path: Path, file: str, overrides: dict[str, Any], problems: list[Problem]
) -> tuple[Settings | None, dict[str, int]]:
    raw, lines = _read_toml(path, file, problems)
    if raw is None:
        return None, lines
    start = len(problems)
    for key, value in raw.items():
        at = on_line(lines, key)
        if key not in _SETTING_TYPES:
            problems.append(
                Problem(
                    file,
                    f"found unknown key {key!r}{at}, expected one of {', '.join(_SETTING_TYPES)}"
                    + did_you_mean(key, set(_SETTING_TYPES), "", sep="; "),
                )
            )
            continue
        kind = _SETTING_TYPES[key][0]
        if not isinstance(value, kind) or isinstance(value, bool):
            problems.append(
                Problem(file, f"found {key} = {toml_value(value)}{at}, expected " + _expected_type(kind, key, value))
            )
        elif isinstance(value, str) and (bad := cells.check_text(value)):
            problems.append(Problem(file, f"in {key}{at}, {bad}"))
    for key, (_kind, required) in _SETTING_TYPES.items():
        if required and key not in raw:
            problems.append(Problem(file, f'found no key {key}, expected a line such as {key} = "..."'))
    raw.update(overrides)
    for key in overrides:  # a value given on the command line has no line in the file
        lines.pop(key, None)
    top, page_size, stem, date = (
        raw.get("top", 5),
        raw.get("page_size", "a4"),
        raw.get("stem", "briefing"),
        raw.get("date"),
    )
    if isinstance(top, int) and not isinstance(top, bool) and top < 1:
        where = "--top" if "top" in overrides else file
        problems.append(Problem(where, f"found top = {top}{on_line(lines, 'top')}, expected 1 or more"))
    if isinstance(page_size, str) and page_size.lower() not in PAGE_SIZES:
        where = "--page-size" if "page_size" in overrides else file
        problems.append(
            Problem(
                where,
                f"found page_size = {toml_value(page_size)}{on_line(lines, 'page_size')}, "
                f"expected {' or '.join(json.dumps(s) for s in PAGE_SIZES)}",
            )
        )
    if isinstance(stem, str) and not _STEM.fullmatch(stem):
        problems.append(
            Problem(
                file,
                f"found stem = {toml_value(stem)}{on_line(lines, 'stem')}, expected a plain file "
                'name (letters, digits, . _ -) with no folders, e.g. stem = "briefing"',
            )
        )
    elif isinstance(stem, str) and stem.split(".")[0].upper() in _RESERVED_STEMS:
        problems.append(
            Problem(
                file,
                f"found stem = {toml_value(stem)}{on_line(lines, 'stem')}, expected a name "
                'Windows can write (it keeps that one for a device), e.g. stem = "briefing"',
            )
        )
    if isinstance(date, str) and not _is_date(date):
        problems.append(
            Problem(
                file,
                f"found date = {toml_value(date)}{on_line(lines, 'date')}, expected a real date "
                'written YYYY-MM-DD, e.g. date = "2026-11-28"',
            )
        )
    language = raw.get("language", "en")
    if isinstance(language, str) and not _LANGUAGE.fullmatch(language):
        problems.append(
            Problem(
                file,
                f"found language = {toml_value(language)}{on_line(lines, 'language')}, expected a BCP 47 "
                'language tag such as "en", "fr" or "pt-BR"',
            )
        )
    year = raw.get("edition_year", _year_in(raw.get("edition")))
    if isinstance(year, int) and not isinstance(year, bool) and not 1900 <= year <= 2200:
        problems.append(
            Problem(file, f"found edition_year = {year}{on_line(lines, 'edition_year')}, expected a year such as 2023")
        )
    method, ids = _method(raw.get("method"), lines, file, problems)
    if len(problems) > start:
        return None, lines
    return Settings(
        title=raw["title"],
        subtitle=raw["subtitle"],
        edition=raw["edition"],
        organisation=raw["organisation"],
        author=raw.get("author", raw["organisation"]),
        top=top,
        page_size=page_size.lower(),
        stem=stem,
        date=date,
        pct_window=method.get("pct_window"),
        pct_window_sources=ids.get("pct_window_source", ()),
        method_since=method.get("since"),
        method_since_sources=ids.get("since_source", ()),
        method_sources=ids.get("sources", ()),
        edition_year=year,
        previous_edition=raw.get("previous_edition"),
        language=language,
    ), lines


def _year_in(edition: Any) -> int | None:
    """'GII 2023' -> 2023, when edition_year is not given."""
    found = re.search(r"\b(19|20|21)[0-9]{2}\b", edition) if isinstance(edition, str) else None
    return int(found.group(0)) if found else None


def _is_date(text: str) -> bool:
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", text):
        return False
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _method(
    value: Any, lines: dict[str, int], file: str, problems: list[Problem]
) -> tuple[dict[str, str], dict[str, tuple[str, ...]]]:
    """The [method] table: the patent window, the source that states it, and the sources of the method."""
    if not isinstance(value, dict):
        return {}, {}  # absent, or already reported as not a table
    for key, item in value.items():
        at = on_line(lines, f"method.{key}")
        if key not in _METHOD_KEYS:
            problems.append(
                Problem(
                    file,
                    f"found unknown key {key!r} in [method]{at}, expected "
                    f"{' or '.join(_METHOD_KEYS)}" + did_you_mean(key, set(_METHOD_KEYS), "", sep="; "),
                )
            )
        elif not isinstance(item, str):
            problems.append(
                Problem(
                    file,
                    f"found {key} = {toml_value(item)} in [method]{at}, expected " + _expected_type(str, key, item),
                )
            )
        elif bad := cells.check_text(item):
            problems.append(Problem(file, f"in [method] {key}{at}, {bad}"))
        elif key == "since" and not re.fullmatch(r"(19|20|21)[0-9]{2}", item):
            problems.append(
                Problem(file, f'found since = {toml_value(item)} in [method]{at}, expected a year such as "2016"')
            )
    ids: dict[str, tuple[str, ...]] = {}
    for key in ("pct_window_source", "since_source", "sources"):
        if isinstance(value.get(key), str):
            try:
                ids[key] = cells.source_ids(value[key])
            except cells.CellError as exc:
                problems.append(
                    Problem(
                        file,
                        f"found {key} = {toml_value(value[key])} in [method]{on_line(lines, f'method.{key}')}, {exc}",
                    )
                )
    return {k: v for k, v in value.items() if k in _METHOD_KEYS and isinstance(v, str)}, ids
