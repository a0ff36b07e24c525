"""TrueType copies of fallback fonts for the PDF: reportlab embeds only TrueType (glyf) outlines.

Debian's Noto CJK fonts are OpenType collections with PostScript (CFF) outlines. The PDF gets a subset of
the face (made by HarfBuzz, in milliseconds) with just the characters this build draws, its curves
converted to TrueType's quadratic ones (within a thousandth of an em), cached by content so a rebuild
reuses it. A TrueType file that is not a collection is used as it is.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path

from report.errors import TemplateError
from report.look.faces import Face, Fallback

VERSION = "1"  # bump when the conversion changes, so cached copies are made again


def is_truetype(face: Face) -> bool:
    from fontTools.ttLib import TTFont

    with TTFont(str(face.path), fontNumber=face.index, lazy=True) as font:
        return "glyf" in font


def truetype_copy(face: Face, chars: frozenset[int], cache: Path) -> Path:
    """A TrueType font with the face's glyphs for ``chars`` (and what shaping them can reach)."""
    key = hashlib.sha256(f"{VERSION}|{face.stamp()}|{sorted(chars)}".encode()).hexdigest()[:24]
    target = cache / f"{face.path.stem}-{face.index}-{key}.ttf"
    if target.is_file():
        return target
    import io

    import uharfbuzz as hb
    from fontTools.ttLib import TTFont

    cache.mkdir(parents=True, exist_ok=True)
    try:
        wanted = hb.SubsetInput()
        wanted.unicode_set.update(sorted(chars))
        for kept in (wanted.layout_feature_tag_set, wanted.name_id_set):  # all of them: shaping must not change
            kept.clear()
            kept.invert()
        small = hb.subset(hb.Face(hb.Blob.from_file_path(str(face.path)), face.index), wanted)
        font = TTFont(io.BytesIO(bytes(small.blob.data)))
        if "glyf" not in font:
            _to_quadratic(font)
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        font.save(str(tmp))
        os.replace(tmp, target)
    except Exception as exc:  # HarfBuzz and fontTools raise many kinds for a damaged font
        raise TemplateError(f"{face.path}: cannot make a TrueType copy of this font for the PDF ({exc})") from exc
    return target


def _to_quadratic(font: object) -> None:
    """Replace CFF outlines by TrueType ones in place (the fontTools otf2ttf recipe)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    assert isinstance(font, TTFont)
    glyphs, order = font.getGlyphSet(), font.getGlyphOrder()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"], font["loca"] = glyf, newTable("loca")
    for tag in ("CFF ", "CFF2", "VORG"):
        if tag in font:
            del font[tag]
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in (
        "maxZones",
        "maxTwilightPoints",
        "maxStorage",
        "maxFunctionDefs",
        "maxInstructionDefs",
        "maxStackElements",
        "maxSizeOfInstructions",
        "maxComponentElements",
    ):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    font["head"].glyphDataFormat = 0
    post = font["post"]
    post.formatType = 3.0  # no glyph names: reportlab needs none, and CID fonts have tens of thousands
    font.sfntVersion = "\x00\x01\x00\x00"


def pdf_ready(fallback: Fallback, cache: Path) -> Fallback:
    """The fallback with TrueType files for its regular and bold faces."""
    regular, bold = (
        face.path if face.index == 0 and is_truetype(face) else truetype_copy(face, fallback.chars, cache)
        for face in (fallback.regular, fallback.bold)
    )
    return replace(fallback, pdf_files=(regular, bold))
