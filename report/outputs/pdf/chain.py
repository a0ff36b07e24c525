"""The font chain in the PDF: one reportlab font per style that draws each character with the right face.

Every paragraph style keeps naming the theme's font. That font is a `ChainFont`: a character the theme's
face has is drawn by it, any other by the first fallback face that has it, switching faces inside a line
as a browser does; bold text takes the fallbacks' bold faces. Runs that need shaping (Arabic, Devanagari,
any right-to-left run) are shaped by HarfBuzz first and drawn by glyph, through private-use codes that
stand for one glyph each (`Encoder`). Each code reads back, through the font's ToUnicode map, as the
characters its glyph stands for, and each shaped run is wrapped in an ActualText span with its whole
text, so pypdf, pdfium and poppler all extract the names as they were written.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.pdfbase.ttfonts import SUBSETN, TTFont

from report.look import scripts, shaping
from report.look.faces import Face, Fallback

PRIVATE = 0xF0000  # Supplementary Private Use Area-A: no font maps these, so each can stand for one shaped glyph
SPAN = 0x100000  # Supplementary Private Use Area-B: SPAN + n opens ActualText span n ...
SPAN_END = 0x10FFFD  # ... and this closes it; neither is drawn
FACES = 10_000  # subset ids: face * FACES + subset; spans: OPENS * (n + 1) + id, closes: -(id + 2)
OPENS = 10_000_000


class FaceFont(TTFont):
    """A reportlab TrueType font that can also draw glyphs reached only by shaping, and reads them back."""

    def __init__(self, name: str, path: Path) -> None:
        super().__init__(name, str(path))
        self.shaping_face = Face(path)
        self.readings: dict[int, str] = {}
        self.empty = self.face.charToGlyph.get(0x20, 0)  # a glyph that draws nothing, for zero-width codes

    def place(self, code: int, gid: int, advance: float, reading: str) -> None:
        """Let ``code`` draw glyph ``gid``, advance ``advance`` font units, and read as ``reading``."""
        self.face.charToGlyph[code] = gid
        self.face.charWidths[code] = advance * 1000 / self.face.unitsPerEm
        self.readings[code] = reading

    def addObjects(self, doc: object) -> None:
        """reportlab's font objects, then a ToUnicode map that reads shaped codes as their characters."""
        subsets = [list(s) for s in self.state[doc].subsets]
        super().addObjects(doc)
        if not self.readings:
            return
        for n, subset in enumerate(subsets):
            base = b"".join((SUBSETN(n), b"+", self.face.name, self.face.subfontNameX)).decode("pdfdoc")
            stream = doc.idToObject["toUnicodeCMap:" + base]  # type: ignore[attr-defined]
            stream.content = to_unicode_cmap(base, [self.readings.get(code, chr(code)) for code in subset])


def to_unicode_cmap(name: str, readings: Sequence[str]) -> str:
    """A ToUnicode CMap for one 256-code subset; a code may read as several characters, or as none."""
    entries = [f"<{i:02X}> <{text.encode('utf-16-be').hex().upper()}>" for i, text in enumerate(readings)]
    return "\n".join(
        [
            "/CIDInit /ProcSet findresource begin",
            "12 dict begin",
            "begincmap",
            f"/CIDSystemInfo << /Registry ({name}) /Ordering ({name}) /Supplement 0 >> def",
            f"/CMapName /{name} def",
            "/CMapType 2 def",
            "1 begincodespacerange",
            "<00> <FF>",
            "endcodespacerange",
            f"{len(entries)} beginbfchar",
            *entries,
            "endbfchar",
            "endcmap",
            "CMapName currentdict /CMap defineresource pop",
            "end",
            "end",
        ]
    )


class ChainFont(FaceFont):
    """The theme's face and, behind it, the chain's faces for the same style, as one reportlab font.

    reportlab asks a font to split text into (subset, bytes) pieces and names each subset's PDF font;
    this font hands out its fallbacks' pieces under subset ids of their own, so the text object switches
    faces as it goes. Span markers become ActualText marked content around the pieces they enclose.
    """

    def __init__(self, name: str, path: Path, fallbacks: Sequence[FaceFont], spans: list[str]) -> None:
        super().__init__(name, path)
        self.fallbacks, self.spans = tuple(fallbacks), spans

    def owner(self, code: int) -> int:
        """0 for the theme's face, n for fallback n - 1; the theme's face draws what nobody has (as a box)."""
        if code in self.face.charToGlyph:
            return 0
        return next((n for n, f in enumerate(self.fallbacks, 1) if code in f.face.charToGlyph), 0)

    def _face(self, n: int) -> FaceFont:
        return self if n == 0 else self.fallbacks[n - 1]

    def splitString(self, text: str, doc: object, encoding: str = "utf-8") -> list[tuple[int, bytes]]:
        pieces: list[tuple[int, bytes]] = []
        pending: int | None = None  # a span whose BDC goes on the next piece
        inside = False  # a BDC is out and its EMC is due
        start, current = 0, 0

        def flush(end: int) -> None:
            nonlocal pending, inside
            if end <= start:
                return
            for subset, data in TTFont.splitString(self._face(current), text[start:end], doc):
                ident = current * FACES + subset
                if pending is not None:
                    ident, pending, inside = OPENS * (pending + 1) + ident, None, True
                pieces.append((ident, data))

        def close() -> None:
            nonlocal inside
            if inside:
                pieces.append((-(_real(pieces[-1][0]) + 2), b""))
                inside = False

        for i, ch in enumerate(text):
            code = ord(ch)
            if code >= SPAN:
                flush(i)
                close()
                start, pending = i + 1, (code - SPAN if code != SPAN_END else None)
                continue
            face = self.owner(code)
            if face != current:
                flush(i)
                start, current = i, face
        flush(len(text))
        close()  # a span cut by a line break closes where its piece ends
        return pieces

    def getSubsetInternalName(self, subset: int, doc: object) -> str:
        if subset <= -2:
            return "EMC " + self.getSubsetInternalName(-subset - 2, doc)
        if subset >= OPENS:
            n, real = divmod(subset, OPENS)
            actual = self.spans[n - 1].encode("utf-16-be").hex().upper()
            return f"/Span <</ActualText <FEFF{actual}>>> BDC " + self.getSubsetInternalName(real, doc)
        face, real = divmod(subset, FACES)
        if face == 0:
            return super().getSubsetInternalName(real, doc)
        return self.fallbacks[face - 1].getSubsetInternalName(real, doc)

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:
        total = 0.0
        for ch in text:
            code = ord(ch)
            if code >= SPAN:
                continue
            face = self._face(self.owner(code)).face
            total += face.charWidths.get(code, face.defaultWidth)
        return total * size / 1000


def _real(ident: int) -> int:
    return ident % OPENS if ident >= OPENS else ident


@dataclass
class Family:
    """The faces of one fallback (or of the theme's font) in the PDF, by style, and what it draws."""

    faces: dict[str, FaceFont]  # regular, bold, italic: the same object where a style has no face of its own
    covers: frozenset[int]
    codes: dict[tuple[str, bool], str] = field(default_factory=dict)


class Encoder:
    """Text as the chain fonts draw it: runs in visual order, shaped runs as private codes inside spans."""

    def __init__(self, families: Sequence[Family]) -> None:
        self.families = list(families)  # the theme's font first
        self.spans: list[str] = []  # shared with the chain fonts, which write them out
        self._span_ids: dict[str, int] = {}
        self._next = PRIVATE

    def encode(self, text: str) -> str:
        if not scripts.needs_bidi(text) and all(ord(ch) in self.families[0].covers for ch in text):
            return text
        pieces = scripts.runs(text, self._choose, self._joins)
        return "".join(self._piece(run) for run in scripts.visual_order(pieces))

    def _choose(self, ch: str, kind: str) -> int:
        code = ord(ch)
        if code in self.families[0].covers:
            return 0
        return next((n for n, f in enumerate(self.families) if code in f.covers), 0)

    def _joins(self, family: object, ch: str) -> bool:
        return isinstance(family, int) and ord(ch) in self.families[family].covers

    def _piece(self, run: scripts.Run) -> str:
        family = self.families[run.font] if isinstance(run.font, int) else self.families[0]
        if run.font == 0 and not run.rtl:
            return run.text
        if not run.rtl:  # a left-to-right run in a fallback: shaped word by word, so lines still break at spaces
            return " ".join(self._spanned(self._shaped(family, w, False), w, w) for w in run.text.split(" "))
        # pdfium and poppler put the ActualText through the same reordering as drawn text, so it holds the
        # run as drawn. (pdfium reads a line with as many right-to-left words as left-to-right ones as a
        # right-to-left line and then swaps the words of a name; no ActualText suits both kinds of line.)
        return self._spanned(self._shaped(family, run.text, True), run.text, run.text[::-1])

    def _spanned(self, codes: str, text: str, shown: str) -> str:
        """Shaped codes inside an ActualText span; characters drawn as themselves need none."""
        if codes == text or not codes:
            return codes
        return chr(SPAN + self._span(shown)) + codes + chr(SPAN_END)

    def _shaped(self, family: Family, text: str, rtl: bool) -> str:
        if not text:
            return text
        key = (text, rtl)
        if key not in family.codes:
            family.codes[key] = self._place(family, text, rtl)
        return family.codes[key]

    def _place(self, family: Family, text: str, rtl: bool) -> str:
        faces = list({id(f): f for f in family.faces.values()}.values())
        layouts = [_codes(f, shaping.shape(f.shaping_face, text, rtl), rtl) for f in faces]
        regular = family.faces["regular"]
        if not rtl and shaping.plain(regular.shaping_face, text, shaping.shape(regular.shaping_face, text, rtl)):
            return text  # shaping changed nothing (CJK, most Latin): draw the characters themselves
        count = max(len(layout) for layout in layouts)
        codes = list(range(self._next, self._next + count))
        self._next += count
        for face, layout in zip(faces, layouts, strict=True):
            for n, code in enumerate(codes):
                gid, advance, reading = layout[n] if n < len(layout) else (face.empty, 0.0, "")
                face.place(code, gid, advance, reading)
        return "".join(map(chr, codes))

    def _span(self, text: str) -> int:
        if text not in self._span_ids:
            self._span_ids[text] = len(self.spans)
            self.spans.append(text)
        return self._span_ids[text]


def _codes(face: FaceFont, glyphs: Sequence[shaping.Glyph], rtl: bool) -> list[tuple[int, float, str]]:
    """(glyph, advance, reading) per code. A glyph's horizontal offset moves it by changing the advances
    around it; a right-to-left glyph that stands for several characters reads as the first of them (in
    drawing order) and zero-width codes carry the others, since extractors reverse right-to-left codes."""
    out: list[tuple[int, float, str]] = []
    offsets = [g.x_offset for g in glyphs] + [0]
    if offsets[0]:
        out.append((face.empty, float(offsets[0]), ""))
    for n, glyph in enumerate(glyphs):
        advance = float(glyph.advance + offsets[n + 1] - offsets[n])
        reading = glyph.text[::-1] if rtl else glyph.text
        if rtl and len(reading) > 1:
            out.append((glyph.gid, advance, reading[0]))
            out.extend((face.empty, 0.0, ch) for ch in reading[1:])
        else:
            out.append((glyph.gid, advance, reading))
    return out


_registered: dict[tuple[object, ...], Encoder] = {}


def register_chain(names: dict[str, str], files: dict[str, Path], fallbacks: Sequence[Fallback]) -> Encoder:
    """Register the theme's styles (``names``: style -> font name) as chain fonts over ``fallbacks`` (each
    with TrueType files); once per process for the same files, since reading fonts is slow."""
    key = (tuple(files.items()), tuple((f.key, f.pdf_files, f.chars) for f in fallbacks))
    encoder = _registered.get(key)
    if encoder is None:
        spans: list[str] = []
        families = []
        for f in fallbacks:
            regular_file, bold_file = f.pdf_files or (f.regular.path, f.bold.path)
            regular = FaceFont(f"{names['regular']}~{f.key}", regular_file)
            bold = FaceFont(f"{names['regular']}~{f.key}-Bold", bold_file)
            families.append(Family({"regular": regular, "bold": bold, "italic": regular}, f.chars))
        chain = {
            style: ChainFont(names[style], files[style], [fam.faces[style] for fam in families], spans)
            for style in ("regular", "bold", "italic")
        }
        own = Family(dict(chain), frozenset(chain["regular"].face.charToGlyph))
        encoder = Encoder([own, *families])
        encoder.spans = spans
        _registered[key] = encoder
    from report.outputs.pdf.styles import install_font

    for face in encoder.families[0].faces.values():
        install_font(face)
    return encoder
