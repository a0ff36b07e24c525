"""Take a corporate template's own colours and fonts, so charts and PDF match a brand with no extra work.

Used when `--template` is given without `--theme`: the accent colours and the body font come from the
template's theme XML; everything the template does not say keeps the default theme's value.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from types import MappingProxyType

from lxml import etree

from report.errors import TemplateError
from report.look.theme import Theme, free_twins
from report.outputs.pptx.clean import parse

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
}
THEME_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
# our palette key <- the template's scheme colour
FROM_SCHEME = {
    "ink": "dk1",
    "paper": "lt1",
    "panel": "lt2",
    "primary": "accent1",
    "focus": "accent2",
    "patents": "accent3",
    "science": "accent4",
}


def _theme_xml(template: Path) -> bytes:
    """The theme part of the template's first slide master, read from the checked template (vet.py)."""
    from report.outputs.pptx.clean import read_rels, resolve
    from report.outputs.pptx.vet import vet_template

    with vet_template(template).parts() as parts:
        masters = sorted(n for n in parts if n.startswith("ppt/slideMasters/slideMaster") and n.endswith(".xml"))
        if not masters:
            raise TemplateError(f"{template}: has no slide master; is it a PowerPoint template?")
        _root, rels = read_rels(parts, masters[0], str(template))
        for rel in rels:
            if rel.type == THEME_REL and not rel.external:
                target = resolve(masters[0], rel.target)
                if target is None or target not in parts:
                    raise TemplateError(f"{template}: its slide master's theme {rel.target!r} is not in the template")
                return parts[target]
    raise TemplateError(f"{template}: its slide master has no theme")


def template_colours_and_font(template: Path) -> tuple[dict[str, str], str | None]:
    """The scheme colours (as '#RRGGBB') and the minor (body) Latin font the template declares."""
    root = parse("the theme", _theme_xml(template), str(template))
    colours: dict[str, str] = {}
    scheme = root.find(".//a:clrScheme", NS)
    for element in scheme if scheme is not None else []:
        name = etree.QName(element).localname
        srgb = element.find("a:srgbClr", NS)
        system = element.find("a:sysClr", NS)
        value = srgb.get("val") if srgb is not None else system.get("lastClr") if system is not None else None
        if value and len(value) == 6:
            colours[name] = f"#{value.upper()}"
    font = root.find(".//a:fontScheme/a:minorFont/a:latin", NS)
    typeface = font.get("typeface") if font is not None else None
    return colours, typeface if typeface and not typeface.startswith("+") else None


def _mix(a: str, b: str, weight: float) -> str:
    """``weight`` of colour a over colour b, for the muted and rule tints a template rarely declares."""
    channels = [round(int(a[i : i + 2], 16) * weight + int(b[i : i + 2], 16) * (1 - weight)) for i in (1, 3, 5)]
    return "#" + "".join(f"{c:02X}" for c in channels)


def family_files(theme: Theme, family: str) -> dict[str, Path] | None:
    """Regular, bold and italic TrueType files of ``family`` in the theme's font folders, if all are there."""
    from fontTools.ttLib import TTFont, TTLibError

    found: dict[str, Path] = {}
    for directory in theme.font_dirs:
        for path in sorted(directory.glob("*.[tT][tT][fF]")):
            try:
                with TTFont(str(path), lazy=True) as font:
                    names = font["name"]
                    name_family = str(names.getDebugName(16) or names.getDebugName(1) or "")
                    style = str(names.getDebugName(17) or names.getDebugName(2) or "").lower()
            except (TTLibError, KeyError, OSError):
                continue
            if name_family.lower() != family.lower():
                continue
            key = "regular" if style in ("regular", "book", "normal") else style
            if key in ("regular", "bold", "italic"):
                found.setdefault(key, path)
    return found if len(found) == 3 else None


def theme_from_template(template: Path, base: Theme) -> tuple[Theme, tuple[str, ...]]:
    """``base`` recoloured (and re-fonted when the font files are at hand) from the template's theme, except
    where a --theme file set a colour or the deck's face (``office_family``) itself (``base.given``): a theme
    that only names fonts keeps the template's brand colours, and its font folders are where the template's
    face (or its metric twin) is looked for.

    The template's body font is the deck's office family; charts and the PDF draw with its files, or with
    those of its free metric twin (Carlito for Calibri), when a font folder has them.
    """
    scheme, typeface = template_colours_and_font(template)
    keep = base.given
    colours = dict(base.colours)
    for key, scheme_name in FROM_SCHEME.items():
        if scheme_name in scheme and f"palette.{key}" not in keep:
            colours[key] = scheme[scheme_name]
    for key, weight in (("muted", 0.65), ("rule", 0.18), ("context", 0.35)):
        if f"palette.{key}" not in keep:
            colours[key] = _mix(colours["ink"], colours["paper"], weight)
    warnings: list[str] = []
    family, office, files = base.font_family, base.office_family, dict(base.font_files)
    if "fonts.office_family" in keep:
        typeface = None  # the theme file named the deck's face itself
    if typeface and typeface.lower() not in (base.font_family.lower(), base.office_family.lower()):
        office = typeface  # the deck's text takes the template's font whatever we find
        twins = free_twins(typeface)
        located = next(((n, f) for n in (typeface, *twins) if (f := family_files(base, n)) is not None), None)
        if located is None:
            twin = f" (or of its metric twin {' or '.join(twins)})" if twins else ""
            warnings.append(
                f"no regular, bold and italic TrueType files of the template's font {typeface!r}{twin} in "
                f"{', '.join(str(d) for d in base.font_dirs)}; charts and the PDF use "
                f"{base.font_family} (name a folder with it as [fonts] directory in a theme file)"
            )
        else:
            family, files = located
    return replace(
        base,
        colours=MappingProxyType(colours),
        font_family=family,
        office_family=office,
        font_files=MappingProxyType(files),
        name=f"from {template.name}",
    ), tuple(warnings)
