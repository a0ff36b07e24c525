"""Read DrawingML colours and fills the way a viewer resolves them: scheme colours through the master's colour
map (and a layout's override of it), their tints and shades, and the theme's background fill styles.

A template whose master maps bg1 to dk1 is dark although its theme's lt1 is white; only this resolution
tells the tool what colour a slide really is.
"""

from __future__ import annotations

import colorsys
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from report.look.contrast import RGB

NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
A = "{{{}}}".format(NS["a"])
THEME_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme"
DEFAULT_MAP = {
    "bg1": "lt1",
    "tx1": "dk1",
    "bg2": "lt2",
    "tx2": "dk2",
    **{f"accent{n}": f"accent{n}" for n in range(1, 7)},
    "hlink": "hlink",
    "folHlink": "folHlink",
}
PRESET = {  # the preset colours templates use in practice; the rest read as mid grey
    "black": (0, 0, 0),
    "white": (255, 255, 255),
    "red": (255, 0, 0),
    "green": (0, 128, 0),
    "blue": (0, 0, 255),
    "yellow": (255, 255, 0),
    "gray": (128, 128, 128),
    "grey": (128, 128, 128),
    "ltGray": (211, 211, 211),
    "dkGray": (169, 169, 169),
    "navy": (0, 0, 128),
    "orange": (255, 165, 0),
}
COLOUR_TAGS = {f"{A}{t}" for t in ("srgbClr", "schemeClr", "sysClr", "prstClr", "hslClr", "scrgbClr")}
FILL_TAGS = {f"{A}{t}" for t in ("noFill", "solidFill", "gradFill", "blipFill", "pattFill", "grpFill")}


@dataclass(frozen=True)
class Scheme:
    """A master's theme colours, the colour map in force on one layout, and the theme's fill styles."""

    colours: dict[str, RGB]
    mapping: dict[str, str]
    theme: Any = None  # the theme part's root element, for fmtScheme
    theme_part: Any = None  # for pictures the theme's fill styles refer to

    def named(self, name: str, placeholder: RGB | None = None) -> RGB:
        if name == "phClr":
            return placeholder or (128, 128, 128)
        scheme_name = self.mapping.get(name, name)
        return self.colours.get(scheme_name, (128, 128, 128))

    @property
    def swapped(self) -> bool:
        """The colour map draws light text on a dark background (bg1 = dk1)."""
        return self.mapping.get("bg1") == "dk1"


@dataclass(frozen=True)
class Fill:
    """A fill as far as colour goes: solid, a gradient's stops, or a picture's bytes."""

    kind: str  # "solid", "gradient", "image", "none"
    colour: RGB = (255, 255, 255)
    alpha: float = 1.0
    stops: tuple[tuple[float, RGB], ...] = ()
    angle: float = 0.0  # degrees, for linear gradients
    radial: bool = False
    image: bytes | None = None
    tile: bool = False
    notes: tuple[str, ...] = field(default=())


def theme_of(master: Any, where: str) -> Any:
    """The master's theme part, parsed safely (it was vetted when the template was opened)."""
    from report.outputs.pptx.clean import parse

    for rel in master.part.rels.values():
        if rel.reltype == THEME_REL and not rel.is_external:
            part = rel.target_part
            return parse(str(part.partname), part.blob, where), part
    return None, None


def scheme_for(layout: Any, where: str) -> Scheme:
    """The colours in force on ``layout``: its master's theme and colour map, with the layout's override."""
    master = layout.slide_master
    theme, part = theme_of(master, where)
    colours: dict[str, RGB] = {"lt1": (255, 255, 255), "dk1": (0, 0, 0)}
    scheme = theme.find(".//a:themeElements/a:clrScheme", NS) if theme is not None else None
    empty = Scheme(colours, dict(DEFAULT_MAP))
    for element in scheme if scheme is not None else []:
        found = colour_in(element, empty)
        if found is not None:
            colours[etree.QName(element).localname] = found[0]
    mapping = dict(DEFAULT_MAP)
    clr_map = master.element.find("p:clrMap", NS)
    if clr_map is not None:
        mapping.update(dict(clr_map.attrib))
    override = layout.element.find("p:clrMapOvr/a:overrideClrMapping", NS)
    if override is not None:
        mapping.update(dict(override.attrib))
    return Scheme(colours, mapping, theme, part)


def colour_in(parent: Any, scheme: Scheme, placeholder: RGB | None = None) -> tuple[RGB, float] | None:
    """The first colour element under ``parent`` resolved to RGB, with its alpha (1 = opaque)."""
    if parent is None:
        return None
    element = next((child for child in parent if child.tag in COLOUR_TAGS), None)
    return None if element is None else resolve_colour(element, scheme, placeholder)


def resolve_colour(element: Any, scheme: Scheme, placeholder: RGB | None = None) -> tuple[RGB, float]:
    tag = etree.QName(element).localname
    base: tuple[float, float, float]
    if tag == "srgbClr":
        base = _hex(element.get("val", "808080"))
    elif tag == "schemeClr":
        base = scheme.named(element.get("val", "tx1"), placeholder)
    elif tag == "sysClr":
        base = _hex(element.get("lastClr") or ("FFFFFF" if element.get("val") == "window" else "000000"))
    elif tag == "prstClr":
        base = PRESET.get(element.get("val", ""), (128, 128, 128))
    elif tag == "hslClr":
        h, s, lum = (int(element.get(k, "0")) for k in ("hue", "sat", "lum"))
        r, g, b = colorsys.hls_to_rgb(h / 21600000, lum / 100000, s / 100000)
        base = (r * 255, g * 255, b * 255)
    else:  # scrgbClr: linear percentages
        base = tuple(_gamma(int(element.get(k, "0")) / 100000) * 255 for k in ("r", "g", "b"))  # type: ignore[assignment]
    return _modified(base, element)


def _hex(value: str) -> RGB:
    value = (value + "000000")[:6]
    try:
        return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)
    except ValueError:
        return (128, 128, 128)


def _gamma(linear: float) -> float:
    linear = max(0.0, min(1.0, linear))
    return linear * 12.92 if linear <= 0.0031308 else 1.055 * linear ** (1 / 2.4) - 0.055


def _modified(base: tuple[float, float, float], element: Any) -> tuple[RGB, float]:
    """Apply tint, shade, luminance and saturation modifiers in document order, as renderers do."""
    r, g, b = (c / 255 for c in base)
    alpha = 1.0
    for child in element:
        name, value = etree.QName(child).localname, int(child.get("val", "0")) / 100000
        if name == "alpha":
            alpha = value
        elif name == "tint":
            r, g, b = (1 - (1 - c) * value for c in (r, g, b))
        elif name == "shade":
            r, g, b = (c * value for c in (r, g, b))
        elif name in ("lumMod", "lumOff", "satMod", "satOff", "hueOff"):
            h, lum, s = colorsys.rgb_to_hls(r, g, b)
            if name == "lumMod":
                lum *= value
            elif name == "lumOff":
                lum += value
            elif name == "satMod":
                s *= value
            elif name == "satOff":
                s += value
            else:
                h = (h + int(child.get("val", "0")) / 21600000) % 1
            r, g, b = colorsys.hls_to_rgb(h, max(0.0, min(1.0, lum)), max(0.0, min(1.0, s)))
        elif name == "inv":
            r, g, b = 1 - r, 1 - g, 1 - b
        elif name == "gray":
            r = g = b = 0.2126 * r + 0.7152 * g + 0.0722 * b
    clamp = [max(0, min(255, round(c * 255))) for c in (r, g, b)]
    return (clamp[0], clamp[1], clamp[2]), alpha


def fill_of(parent: Any, scheme: Scheme, part: Any, placeholder: RGB | None = None) -> Fill | None:
    """The fill declared directly under ``parent`` (spPr, bgPr, a fill style list entry), or None."""
    if parent is None:
        return None
    element = next((child for child in parent if child.tag in FILL_TAGS), None)
    if element is None:
        return None
    name = etree.QName(element).localname
    if name == "solidFill":
        found = colour_in(element, scheme, placeholder)
        return Fill("solid", *found) if found else Fill("none")
    if name == "gradFill":
        stops = []
        for stop in element.findall("a:gsLst/a:gs", NS):
            found = colour_in(stop, scheme, placeholder)
            if found:
                stops.append((int(stop.get("pos", "0")) / 100000, found[0]))
        if not stops:
            return Fill("none")
        stops.sort()
        linear = element.find("a:lin", NS)
        angle = int(linear.get("ang", "0")) / 60000 if linear is not None else 90.0
        mean = tuple(round(sum(s[1][i] for s in stops) / len(stops)) for i in range(3))
        return Fill("gradient", mean, 1.0, tuple(stops), angle, element.find("a:path", NS) is not None)  # type: ignore[arg-type]
    if name == "blipFill":
        blip = element.find("a:blip", NS)
        rid = blip.get(f"{{{NS['r']}}}embed") if blip is not None else None
        data = _blob(part, rid)
        if data is None:
            return Fill("none", notes=("a picture it links to but does not hold",))
        return Fill("image", image=data, tile=element.find("a:tile", NS) is not None)
    if name == "pattFill":
        fg = colour_in(element.find("a:fgClr", NS), scheme, placeholder)
        bg = colour_in(element.find("a:bgClr", NS), scheme, placeholder)
        colours = [c[0] for c in (fg, bg) if c]
        if not colours:
            return Fill("none")
        mean = tuple(round(sum(c[i] for c in colours) / len(colours)) for i in range(3))
        return Fill("solid", mean)  # type: ignore[arg-type]
    return Fill("none")


def _blob(part: Any, rid: str | None) -> bytes | None:
    if part is None or not rid:
        return None
    rel = part.rels.get(rid)
    if rel is None or rel.is_external:
        return None
    blob: bytes = rel.target_part.blob
    return blob


def style_fill(scheme: Scheme, index: int, placeholder: RGB | None) -> Fill | None:
    """A theme fill style: 1-999 the fill styles, 1001 and up the background fill styles; 0 no fill."""
    if scheme.theme is None or index == 0:
        return None
    listing = "a:bgFillStyleLst" if index >= 1000 else "a:fillStyleLst"
    styles = scheme.theme.find(f".//a:fmtScheme/{listing}", NS)
    number = index - 1001 if index >= 1000 else index - 1
    if styles is None or not 0 <= number < len(styles):
        return Fill("solid", placeholder) if placeholder else None
    holder = etree.Element("holder")
    holder.append(_copy(styles[number]))
    return fill_of(holder, scheme, scheme.theme_part, placeholder)


def _copy(element: Any) -> Any:
    return etree.fromstring(etree.tostring(element))


def background_of(layout: Any, scheme: Scheme) -> tuple[Fill, str]:
    """The fill behind every slide on ``layout``, and where it comes from (the layout, the master, or no
    background at all, which viewers draw white)."""
    for owner, where in ((layout, "layout"), (layout.slide_master, "master")):
        bg = owner.element.find("p:cSld/p:bg", NS)
        if bg is None:
            continue
        properties = bg.find("p:bgPr", NS)
        if properties is not None:
            found = fill_of(properties, scheme, owner.part)
            if found is not None:
                return found, where
        reference = bg.find("p:bgRef", NS)
        if reference is not None:
            colour = colour_in(reference, scheme)
            found = style_fill(scheme, int(reference.get("idx", "0")), colour[0] if colour else None)
            if found is not None:
                return found, where
    return Fill("solid", (255, 255, 255)), "default"
