"""Shape a run of text with HarfBuzz: which glyphs, where, and which characters each glyph stands for.

Arabic letters take their joined forms, Devanagari vowel signs move before their consonant and conjuncts
become one glyph, and a right-to-left run comes back in visual order. The PDF draws these glyphs by id and
the charts draw their outlines, so both show what a browser would.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from report.look.faces import Face


@dataclass(frozen=True)
class Glyph:
    gid: int
    advance: int  # font units, from HarfBuzz (kerning and marks included)
    x_offset: int
    y_offset: int
    text: str  # the characters this glyph is read as, one glyph per character where it can be (see shape)


@lru_cache(maxsize=32)
def _font(path: Path, index: int, stamp: str) -> Any:
    import uharfbuzz as hb

    return hb.Font(hb.Face(hb.Blob.from_file_path(str(path)), index))


def hb_font(face: Face) -> Any:
    return _font(face.path, face.index, face.stamp())


def units_per_em(face: Face) -> int:
    return int(hb_font(face).face.upem)


def shape(face: Face, text: str, rtl: bool) -> list[Glyph]:
    """The glyphs of ``text`` in drawing order (left to right, so reversed for a right-to-left run).

    Text extraction reads a PDF glyph by glyph, so each glyph carries the characters it stands for: the
    characters of a HarfBuzz cluster are handed out one per glyph in reading order, the last glyph takes
    any left over (a conjunct), and a glyph left without one reads as nothing. For a right-to-left run the
    reading order is the drawing order reversed, which is how extractors put it back.
    """
    import uharfbuzz as hb

    font = hb_font(face)
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    buffer.direction = "rtl" if rtl else "ltr"
    buffer.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    hb.shape(font, buffer, {})
    infos, positions = buffer.glyph_infos, buffer.glyph_positions
    starts = sorted({info.cluster for info in infos})
    ends = {start: end for start, end in zip(starts, [*starts[1:], len(text)], strict=True)}
    members: dict[int, list[int]] = {}
    for i, info in enumerate(infos):
        members.setdefault(info.cluster, []).append(i)
    texts = [""] * len(infos)
    for cluster, glyphs in members.items():
        chars = text[cluster : ends[cluster]]
        order = list(reversed(glyphs)) if rtl else glyphs  # reading order
        for n, g in enumerate(order):
            texts[g] = chars[n] if n < len(order) - 1 else chars[n:]
    return [
        Glyph(info.codepoint, pos.x_advance, pos.x_offset, pos.y_offset, texts[i])
        for i, (info, pos) in enumerate(zip(infos, positions, strict=True))
    ]


def plain(face: Face, text: str, glyphs: list[Glyph]) -> bool:
    """Whether shaping changed nothing: one glyph per character, each the font's own, at its own width."""
    if len(glyphs) != len(text):
        return False
    font = hb_font(face)
    for ch, glyph in zip(text, glyphs, strict=True):
        nominal = font.get_nominal_glyph(ord(ch))
        if nominal != glyph.gid or glyph.x_offset or glyph.y_offset:
            return False
        if glyph.advance != font.get_glyph_h_advance(glyph.gid):
            return False
    return True
