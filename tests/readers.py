"""Read built outputs back as a reader would meet them: all the text of a deck or a PDF."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any


def deck_texts(path: Path, *, face_only: bool = False) -> list[str]:
    """Every string in the deck: shape text, table cells, and unless `face_only`, notes and alt text."""
    from pptx import Presentation

    texts: list[str] = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                texts.extend(cell.text for row in shape.table.rows for cell in row.cells)
            if not face_only:
                descr = shape._element.xpath("./*[1]/p:cNvPr/@descr")
                texts.extend(str(d) for d in descr)
        if slide.has_notes_slide and not face_only:
            texts.append(slide.notes_slide.notes_text_frame.text)
    return [plain(t) for t in texts]


def deck_face_texts(path: Path) -> list[str]:
    """What a slide shows: its text frames and table cells, not its notes or alt text."""
    return deck_texts(path, face_only=True)


def deck_text(path: Path) -> str:
    return "\n".join(deck_texts(path))


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages).replace("\u00a0", " ")


def plain(text: str) -> str:
    """Text as written: the outputs keep names whole on a line with no-break spaces (report.words.breaks), and
    the deck may break a line before a name (a:br, which python-pptx reads as a vertical tab)."""
    return text.replace("\u00a0", " ").replace("\v", " ")


def squash(text: str) -> str:
    """Whitespace-insensitive text, since PDF extraction breaks lines where the layout wrapped them."""
    return " ".join(text.split())


def pdfium_text(path: Path) -> str:
    """The PDF's text as pdfium (Chrome's PDF engine) extracts it."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(path))
    try:
        return "\n".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


@dataclass(frozen=True)
class DrawnGlyph:
    """One character code a PDF's text operators draw: its font, glyph id and what ToUnicode reads it as."""

    font: str
    code: int
    glyph: int
    reads: str


def drawn_glyphs(path: Path) -> list[DrawnGlyph]:
    """Every code shown by Tj/TJ on every page, resolved with fontTools through the embedded TrueType
    font's own cmap (reportlab's subsets map codes 0-255 to glyphs) to a glyph id; 0 is .notdef."""
    import io

    from fontTools.ttLib import TTFont
    from pypdf import PdfReader
    from pypdf.generic import ContentStream

    reader = PdfReader(str(path))
    fonts: dict[int, tuple[str, dict[int, int], dict[int, str]]] = {}
    found: list[DrawnGlyph] = []
    for page in reader.pages:
        resources = page["/Resources"]["/Font"]
        current = None
        for operands, operator in ContentStream(page.get_contents(), reader).operations:
            if operator == b"Tf":
                ref = resources.raw_get(operands[0])
                key = ref.idnum if hasattr(ref, "idnum") else id(ref)
                if key not in fonts:
                    fonts[key] = _font_maps(ref.get_object(), TTFont, io)
                current = fonts[key]
            elif operator in (b"Tj", b"TJ") and current is not None:
                shown = (
                    [operands[0]] if operator == b"Tj" else [x for x in operands[0] if not isinstance(x, int | float)]
                )
                name, glyphs, reads = current
                for string in shown:
                    raw = string.original_bytes if hasattr(string, "original_bytes") else str(string).encode("latin-1")
                    found.extend(DrawnGlyph(name, c, glyphs.get(c, 0), reads.get(c, "")) for c in raw)
    return found


def _font_maps(font: Any, ttfont: Any, io: Any) -> tuple[str, dict[int, int], dict[int, str]]:
    import re

    if "/FontDescriptor" not in font:  # a standard font reportlab names but never uses for text
        return str(font["/BaseFont"]), {}, {}
    program = ttfont(io.BytesIO(font["/FontDescriptor"]["/FontFile2"].get_object().get_data()))
    table = program["cmap"].getcmap(1, 0) or program["cmap"].getcmap(3, 0)
    glyphs = {code: program.getGlyphID(name) for code, name in (table.cmap.items() if table else ())}
    reads: dict[int, str] = {}
    if "/ToUnicode" in font:
        cmap = font["/ToUnicode"].get_object().get_data().decode("latin-1")
        for block in re.findall(r"beginbfchar(.*?)endbfchar", cmap, re.DOTALL):
            for code, text in re.findall(r"<([0-9A-Fa-f]{2})>\s*<([0-9A-Fa-f]*)>", block):
                reads[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    return str(font["/BaseFont"]), glyphs, reads
