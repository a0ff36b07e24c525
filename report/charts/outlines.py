"""Chart text in other scripts, drawn as outlines: the chain's fonts, shaped by HarfBuzz, in visual order.

vl-convert draws SVG text with its own font fallback, which picks whatever face it meets first (a serif
CJK face, a bold Arabic one) and, in the version we use, misplaces Devanagari vowel signs. So before a
chart is rasterised, every text element with a character the theme's font lacks, or in a right-to-left
script, is replaced by the outlines of its glyphs: the same fonts, shaping and order as the PDF. Text in
the theme's font alone is left to vl-convert, so a Latin-only chart is drawn exactly as before.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from report.look import scripts, shaping
from report.look.faces import Face, Fallback

SVG = "{http://www.w3.org/2000/svg}"
TEXT_STYLE = ("font-family", "font-size", "font-weight", "font-style", "text-anchor", "x", "y", "dx", "dy")


@dataclass(frozen=True)
class ChartFonts:
    """The faces chart text is drawn with: the theme's, by style, then the chain's fallbacks."""

    primary: Mapping[str, Face]  # regular, bold, italic
    fallbacks: tuple[Fallback, ...]

    def digest(self) -> str:
        faces = [f.face(b).stamp() for f in self.fallbacks for b in (False, True)]
        return hashlib.sha256("|".join(faces).encode()).hexdigest()[:16] if faces else ""


def outline_text(svg: str, fonts: ChartFonts) -> str:
    """``svg`` with its text in other scripts replaced by glyph outlines."""
    from lxml import etree

    from report.look.fontchain import coverage

    root = etree.fromstring(svg.encode("utf-8"))
    own = coverage(fonts.primary["regular"])
    for element in list(root.iter(f"{SVG}text")):
        lines = _lines(element)
        if all(ord(ch) in own for line, _ in lines for ch in line) and not any(
            scripts.needs_bidi(line) for line, _ in lines
        ):
            continue
        group = etree.Element(f"{SVG}g", {k: v for k, v in element.attrib.items() if k not in TEXT_STYLE})
        size = float(re.sub(r"[^0-9.]", "", element.get("font-size", "11")) or 11)
        bold = element.get("font-weight", "normal") in ("bold", "bolder") or (
            element.get("font-weight", "").isdigit() and int(element.get("font-weight", "400")) >= 600
        )
        style = "bold" if bold else "italic" if element.get("font-style") == "italic" else "regular"
        anchor = element.get("text-anchor", "start")
        for line, dy in lines:
            data = _line_path(line, size, style, anchor, dy, fonts, own)
            if data:
                etree.SubElement(group, f"{SVG}path", {"d": data})
        element.getparent().replace(element, group)
    return etree.tostring(root, encoding="unicode")


def _lines(element: Any) -> list[tuple[str, float]]:
    """The element's lines and each one's baseline offset: Vega writes one tspan per line with a dy."""
    spans = element.findall(f"{SVG}tspan")
    if not spans:
        return [(element.text or "", 0.0)]
    lines, y = [], 0.0
    for span in spans:
        y += float(span.get("dy", "0") or 0)
        lines.append((span.text or "", y))
    return lines


def _line_path(line: str, size: float, style: str, anchor: str, dy: float, fonts: ChartFonts, own: Any) -> str:
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen

    def choose(ch: str, kind: str) -> int:
        code = ord(ch)
        if code in own:
            return 0
        return next((n for n, f in enumerate(fonts.fallbacks, 1) if code in f.chars), 0)

    def joins(font: object, ch: str) -> bool:
        return isinstance(font, int) and (ord(ch) in own if font == 0 else ord(ch) in fonts.fallbacks[font - 1].chars)

    placed = []
    for run in scripts.visual_order(scripts.runs(line, choose, joins)):
        index = run.font if isinstance(run.font, int) else 0
        face = fonts.primary[style] if index == 0 else fonts.fallbacks[index - 1].face(style == "bold")
        scale = size / shaping.units_per_em(face)
        placed.append((face, scale, shaping.shape(face, run.text, run.rtl)))
    width = sum(g.advance * scale for _, scale, glyphs in placed for g in glyphs)
    x = {"middle": -width / 2, "end": -width}.get(anchor, 0.0)
    pen = SVGPathPen(None)
    for face, scale, glyphs in placed:
        font = shaping.hb_font(face)
        for glyph in glyphs:
            at = (scale, 0, 0, -scale, x + glyph.x_offset * scale, dy - glyph.y_offset * scale)
            font.draw_glyph_with_pen(glyph.gid, TransformPen(pen, at))
            x += glyph.advance * scale
    return str(pen.getCommands())
