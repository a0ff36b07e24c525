"""The one theme (palette, fonts, type sizes) that styles the charts, the deck and the PDF.

It is read from templates/theme.toml, or from `--theme FILE`; the renderers only ever see the frozen `Theme`.
A deck cannot embed fonts, so the theme names two faces with the same metrics: the one the charts, the PDF and
the text fitting draw with (its files ship with the package) and the one the deck names, which every Office
install has (LibreOffice maps it back to the first, by fontconfig's metric aliases and its own substitutions).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any

from report.errors import TemplateError
from report.look.faces import Face, Fallback, ScriptFont
from report.paths import BUNDLED_FONTS, templates_dir

COLOUR_KEYS = (
    "ink",
    "muted",
    "rule",
    "paper",
    "panel",
    "primary",
    "accent",
    "focus",
    "context",
    "up",
    "down",
    "patents",
    "science",
)
SIZE_KEYS = (
    "deck_title",
    "deck_subtitle",
    "deck_body",
    "deck_small",
    "pdf_title",
    "pdf_h1",
    "pdf_h2",
    "pdf_body",
    "pdf_small",
    "chart_title",
    "chart_label",
    "chart_axis",
)
FONT_FILE_KEYS = ("regular", "bold", "italic")
SCRIPT_FONT_KEYS = ("regular", "bold", "index", "office_family")
# The [fonts.<group>] tables a theme may have: the groups report.look.scripts sorts characters into.
SCRIPT_GROUPS = (
    "cjk",
    "arabic",
    "hebrew",
    "devanagari",
    "bengali",
    "gurmukhi",
    "gujarati",
    "oriya",
    "tamil",
    "telugu",
    "kannada",
    "malayalam",
    "sinhala",
    "thai",
    "lao",
    "khmer",
    "myanmar",
    "tibetan",
    "syriac",
    "thaana",
    "armenian",
    "georgian",
    "ethiopic",
    "greek",
    "cyrillic",
    "emoji",
)
# Freely licensed faces (lower-case family) and the Office face each matches glyph width for glyph width.
OFFICE_TWINS: Mapping[str, str] = MappingProxyType(
    {
        "liberation sans": "Arial",
        "arimo": "Arial",
        "liberation serif": "Times New Roman",
        "tinos": "Times New Roman",
        "liberation mono": "Courier New",
        "cousine": "Courier New",
        "carlito": "Calibri",
        "caladea": "Cambria",
    }
)


@dataclass(frozen=True)
class Theme:
    name: str
    colours: Mapping[str, str]
    font_family: str  # what the charts, the PDF and the text fitting draw with: the family of font_files
    office_family: str  # what the deck names: font_family's metric twin that viewers have
    font_files: Mapping[str, Path]
    font_dirs: tuple[Path, ...]
    sizes: Mapping[str, float]
    source: Path
    given: frozenset[str] = frozenset()  # what a --theme file set itself ("palette.ink", "fonts"...): the rest
    # is the shipped theme's, and a --template may lend its own in its place
    script_fonts: Mapping[str, ScriptFont] = field(default_factory=lambda: MappingProxyType({}))  # [fonts.cjk]...
    fallbacks: tuple[Fallback, ...] = ()  # filled per build by report.look.fontchain, for this data
    missing_ok: frozenset[int] = frozenset()  # characters no font has, printed anyway (--allow-missing-glyphs)

    def colour(self, key: str) -> str:
        return self.colours[key]

    def size(self, key: str) -> float:
        return self.sizes[key]


def office_family(fonts: Mapping[str, Any]) -> str:
    """The family the deck names: [fonts] office_family, else family's Office metric twin, else family itself."""
    explicit = fonts.get("office_family")
    if isinstance(explicit, str) and explicit.strip():
        return explicit.strip()
    family = str(fonts.get("family", "")).strip()
    return OFFICE_TWINS.get(family.lower(), family)


def free_twins(office: str) -> tuple[str, ...]:
    """The freely licensed families drawn like the Office face ``office``, e.g. ('Liberation Sans', 'Arimo')."""
    return tuple(free.title() for free, twin in OFFICE_TWINS.items() if twin.lower() == office.lower())


def _read(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise TemplateError(f"{path}: theme file not found; pass an existing file to --theme") from exc
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise TemplateError(f"{path}: not a valid TOML theme ({exc})") from exc


def _layered(raw: dict[str, Any]) -> tuple[dict[str, Any], frozenset[str]]:
    """A theme file over the shipped one: [palette] and [sizes] key by key; [fonts] as a whole when it names a
    family (a family goes with its files), else key by key, so a [fonts] of only a directory is a font folder
    for the template's face. Returns the merged tables and what the file set itself."""
    shipped = _read(templates_dir() / "theme.toml")
    given = {f"{table}.{key}" for table in ("palette", "sizes", "fonts") for key in _dict(raw.get(table))}
    given |= {table for table in ("palette", "sizes", "fonts") if isinstance(raw.get(table), dict)}
    merged = dict(raw)
    for table in ("palette", "sizes", "fonts"):
        if (table in raw and not isinstance(raw[table], dict)) or (
            table == "fonts" and "family" in _dict(raw.get(table))
        ):
            continue  # reported as it is, or a family of the file's own
        merged[table] = {**_dict(shipped.get(table)), **_dict(raw.get(table))}
    return merged, frozenset(given)


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def load_theme(path: Path | None = None) -> Theme:
    """Validate the whole theme file at once and name every bad key in one error.

    A theme file may set only some colours, only the fonts or only the sizes: the rest is the shipped theme's
    (and, with --template, the template's own colours and fonts, see brand.py).
    """
    shipped = templates_dir() / "theme.toml"
    raw, given = _read(path or shipped), frozenset[str]()
    if path is not None:
        raw, given = _layered(raw)
    path = path or shipped
    problems: list[str] = []
    palette, fonts, sizes = (_table(raw, key, problems) for key in ("palette", "fonts", "sizes"))
    for key in COLOUR_KEYS:
        value = palette.get(key)
        if not isinstance(value, str) or not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
            problems.append(f'[palette] {key} = {value!r}, expected a colour like "#12355B"')
    for key in SIZE_KEYS:
        value = sizes.get(key)
        if not isinstance(value, int | float) or isinstance(value, bool) or not 4 <= value <= 96:
            problems.append(f"[sizes] {key} = {value!r}, expected a size in points between 4 and 96")
    family = fonts.get("family")
    if not isinstance(family, str) or not family.strip():
        problems.append('[fonts] family is missing, expected e.g. family = "Liberation Sans"')
    office = fonts.get("office_family")
    if office is not None and (not isinstance(office, str) or not office.strip()):
        problems.append(f'[fonts] office_family = {office!r}, expected a family name like "Arial", or no key')
    extra = fonts.get("directory", "")
    font_dirs = [BUNDLED_FONTS]
    if extra:
        extra_dir = (path.parent / str(extra)).resolve()
        if not extra_dir.is_dir():
            problems.append(f"[fonts] directory = {extra!r}: no such folder next to the theme")
        font_dirs.append(extra_dir)
    files: dict[str, Path] = {}
    for key in FONT_FILE_KEYS:
        name = fonts.get(key)
        found = next((d / str(name) for d in font_dirs if name and (d / str(name)).is_file()), None)
        if found is None:
            problems.append(f"[fonts] {key} = {name!r}: no such TrueType file in {', '.join(map(str, font_dirs))}")
        else:
            files[key] = found
    script_fonts = _script_fonts(fonts, font_dirs, problems)
    if problems:
        raise TemplateError(f"{path}: " + "; ".join(problems))
    return Theme(
        name=str(raw.get("name", path.stem)),
        colours=MappingProxyType({k: palette[k].upper() for k in COLOUR_KEYS}),
        font_family=str(family),
        office_family=office_family(fonts),
        font_files=MappingProxyType(files),
        font_dirs=tuple(font_dirs),
        sizes=MappingProxyType({k: float(sizes[k]) for k in SIZE_KEYS}),
        source=path,
        given=given,
        script_fonts=MappingProxyType(script_fonts),
    )


def theme_layouts(path: Path) -> dict[str, str]:
    """The theme file's [layouts] table: a layout name (or number) for a slide kind, as --layout gives."""
    value = _read(path).get("layouts", {})
    if not isinstance(value, dict) or not all(isinstance(v, str | int) for v in value.values()):
        raise TemplateError(f'{path}: [layouts] must map slide kinds to layout names, e.g. chart = "Body copy"')
    return {str(kind): str(name) for kind, name in value.items()}


def _script_fonts(fonts: Mapping[str, Any], font_dirs: list[Path], problems: list[str]) -> dict[str, ScriptFont]:
    """The [fonts.<script>] tables: a font (regular, optional bold, a face index in a collection) for one
    script group, found in the theme's font folders, and the face the deck should name for it."""
    found: dict[str, ScriptFont] = {}
    for key, table in fonts.items():
        if not isinstance(table, dict):
            continue
        where = f"[fonts.{key}]"
        if key not in SCRIPT_GROUPS:
            problems.append(f"{where}: unknown script group, expected one of {', '.join(SCRIPT_GROUPS)}")
            continue
        unknown = sorted(set(table) - set(SCRIPT_FONT_KEYS))
        if unknown:
            problems.append(f"{where}: unknown key(s) {', '.join(unknown)}, expected {', '.join(SCRIPT_FONT_KEYS)}")
        index = table.get("index", 0)
        if not isinstance(index, int) or isinstance(index, bool) or index < 0:
            problems.append(f"{where} index = {index!r}, expected the face number in a font collection (0, 1...)")
            index = 0
        files: dict[str, Face] = {}
        for name in ("regular", "bold"):
            value = table.get(name)
            if value is None and name == "bold":
                continue
            located = next((d / str(value) for d in font_dirs if value and (d / str(value)).is_file()), None)
            if located is None:
                problems.append(f"{where} {name} = {value!r}: no such font file in {', '.join(map(str, font_dirs))}")
            else:
                files[name] = Face(located, index)
        office = table.get("office_family")
        if office is not None and (not isinstance(office, str) or not office.strip()):
            problems.append(f'{where} office_family = {office!r}, expected a family name like "Yu Gothic"')
            office = None
        if "regular" in files:
            found[key] = ScriptFont(files["regular"], files.get("bold"), office.strip() if office else None)
    return found


def _table(raw: dict[str, Any], key: str, problems: list[str]) -> dict[str, Any]:
    value = raw.get(key)
    if not isinstance(value, dict):
        problems.append(f"[{key}] table is missing")
        return {}
    return value


def altair_theme_config(theme: Theme) -> dict[str, Any]:
    """The theme as a Vega-Lite config, registered with Altair as the 'report' theme by charts.py."""
    c, s, font = theme.colours, theme.sizes, theme.font_family
    axis = {
        "labelFont": font,
        "titleFont": font,
        "labelFontSize": s["chart_axis"],
        "titleFontSize": s["chart_axis"],
        "labelColor": c["muted"],
        "titleColor": c["muted"],
        "titleFontWeight": "normal",
        "gridColor": c["rule"],
        "domainColor": c["rule"],
        "tickColor": c["rule"],
        "labelLimit": 260,
    }
    return {
        "config": {
            "font": font,
            "background": c["paper"],
            "padding": 8,
            "autosize": {"type": "fit", "contains": "padding"},
            "view": {"stroke": None},
            "axis": axis,
            "legend": {
                "labelFont": font,
                "titleFont": font,
                "labelFontSize": s["chart_label"],
                "titleFontSize": s["chart_label"],
                "labelColor": c["ink"],
                "titleColor": c["muted"],
                "orient": "bottom",
                "symbolType": "square",
                "labelLimit": 300,
            },
            "title": {"font": font, "fontSize": s["chart_title"], "color": c["ink"], "anchor": "start"},
            "text": {"font": font, "fontSize": s["chart_label"], "color": c["ink"]},
            "bar": {"color": c["focus"]},
            "point": {"color": c["focus"], "filled": True},
            "range": {"category": [c["focus"], c["patents"], c["science"], c["up"], c["down"], c["context"]]},
        }
    }


def layout_choices(flags: tuple[str, ...], theme_path: Path) -> dict[str, str]:
    """The layout named for each slide kind: the theme file's [layouts], then each --layout KIND=NAME."""
    chosen = theme_layouts(theme_path)
    for flag in flags:
        kind, sep, name = flag.partition("=")
        if not sep or not kind.strip() or not name.strip():
            raise TemplateError(f"--layout {flag}: expected KIND=NAME, e.g. --layout 'chart=Body copy'")
        chosen[kind.strip()] = name.strip()
    return chosen
