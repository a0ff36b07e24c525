"""Measure outputs as a viewer draws them: word boxes from poppler, fonts, how full each PDF page is.

The deck is measured after LibreOffice has drawn it (tools/office.py), so collisions and broken words are
what a reader would see, not what python-pptx meant.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from dataclasses import dataclass
from html import unescape
from pathlib import Path
from typing import Any

POPPLER = shutil.which("pdftotext") is not None and shutil.which("pdffonts") is not None


@dataclass(frozen=True)
class Word:
    page: int
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def overlap(self, other: Word) -> float:
        """The share of the smaller box that the two boxes have in common."""
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.y1, other.y1) - max(self.y0, other.y0)
        if w <= 0 or h <= 0:
            return 0.0
        smaller = min((self.x1 - self.x0) * (self.y1 - self.y0), (other.x1 - other.x0) * (other.y1 - other.y0))
        return w * h / smaller if smaller > 0 else 0.0


_WORD = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>')


def words(pdf: Path) -> list[Word]:
    """Every word poppler finds, with its box, page by page."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    found = []
    for number, page in enumerate(html.split("<page ")[1:], 1):
        for x0, y0, x1, y1, text in _WORD.findall(page):
            found.append(Word(number, unescape(text), float(x0), float(y0), float(x1), float(y1)))
    return found


def collisions(found: list[Word], threshold: float = 0.3) -> list[str]:
    """Words drawn over other words: a third of the smaller word's box covered."""
    by_page: dict[int, list[Word]] = {}
    for word in found:
        by_page.setdefault(word.page, []).append(word)
    clashes = []
    for page, page_words in by_page.items():
        for i, a in enumerate(page_words):
            for b in page_words[i + 1 :]:
                if a.overlap(b) > threshold:
                    clashes.append(f"page {page}: {a.text!r} over {b.text!r}")
    return clashes


def broken(expected_text: str, found: list[Word]) -> list[str]:
    """Words of the source text (letters only, four or more) that the viewer never drew whole."""
    drawn = {re.sub(r"[^\w]", "", w.text) for w in found}
    drawn |= {part for w in found for part in re.split(r"[^\w]+", w.text) if part}
    wanted = {w for w in re.findall(r"[^\W\d_]{4,}", expected_text)}
    return sorted(w for w in wanted if w not in drawn)


def fonts(pdf: Path) -> set[str]:
    """The base names of the fonts a PDF uses, subset prefixes dropped."""
    listing = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    names = set()
    for line in listing.splitlines()[2:]:
        if line.strip():
            names.add(line.split()[0].split("+")[-1])
    return names


def page_fill(pdf: Path) -> list[float]:
    """Each page's fill: the share of the body (the page less a 9% band top and bottom) between its first and
    last inked rows, as a reader sees how much of a page is used."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    fills = []
    try:
        for index in range(len(document)):
            image = document[index].render(scale=0.5).to_pil().convert("L")
            width, height = image.size
            top, bottom = int(height * 0.09), int(height * 0.91)
            pixels = image.load()
            rows = [
                y
                for y in range(top, bottom)
                if any(pixels[x, y] < 235 for x in range(int(width * 0.08), int(width * 0.92), 2))
            ]
            fills.append((rows[-1] - rows[0]) / (bottom - top) if rows else 0.0)
    finally:
        document.close()
    return fills


# --- contrast as LibreOffice draws it --------------------------------------------------------------------------

TEXT_DIFFERENCE = 24  # levels a pixel of the drawn deck must differ from the bare deck to be ink


@dataclass(frozen=True)
class Inked:
    """A word the tool coloured itself, as drawn: the colour of its glyphs, of what is behind it, and the
    ratio WCAG asks of it (3:1 for large text, 4.5:1 for body text)."""

    page: int
    text: str
    ink: tuple[int, int, int]
    ground: tuple[int, int, int]
    ratio: float
    needed: float


def tool_words(deck: Path) -> dict[int, dict[str, tuple[float, bool]]]:
    """Per slide, the words of runs the tool coloured itself (an explicit RGB colour on the run, as the tool
    sets and a template's text never has once its sample slides are gone), with their smallest size and
    boldness. A word also set in the template's own colour on that slide is left out: it cannot be told apart."""
    from pptx import Presentation
    from pptx.oxml.ns import qn

    found: dict[int, dict[str, tuple[float, bool]]] = {}
    for number, slide in enumerate(Presentation(str(deck)).slides, 1):
        ours: dict[str, tuple[float, bool]] = {}
        theirs: set[str] = set()
        for run in slide.element.iter(qn("a:r"), qn("a:fld")):
            rpr = run.find(qn("a:rPr"))
            text = "".join(t.text or "" for t in run.iter(qn("a:t")))
            coloured = rpr is not None and rpr.find(f"{qn('a:solidFill')}/{qn('a:srgbClr')}") is not None
            size = int(rpr.get("sz", "1800")) / 100 if rpr is not None else 18.0
            bold = rpr is not None and rpr.get("b") in ("1", "true")
            for word in map(_token, text.split()):
                if not word:
                    continue
                if coloured:
                    old = ours.get(word)
                    ours[word] = (min(size, old[0]), bold and old[1]) if old else (size, bold)
                else:
                    theirs.add(word)
        found[number] = {w: v for w, v in ours.items() if w not in theirs}
    return found


def _token(word: str) -> str:
    return re.sub(r"^\W+|\W+$", "", word).lower()


def inked_words(drawn: Path, bare: Path, wanted: dict[int, dict[str, tuple[float, bool]]]) -> list[Inked]:
    """Each wanted word's contrast in the PDF ``drawn``, against the same page of ``bare`` (the deck with
    every text removed, so what lies behind each word is known pixel for pixel)."""
    import pypdfium2 as pdfium

    from report.look.contrast import ratio

    found: list[Inked] = []
    boxes = words(drawn)
    documents = pdfium.PdfDocument(str(drawn)), pdfium.PdfDocument(str(bare))
    try:
        for index in range(len(documents[0])):
            page_words = [w for w in boxes if w.page == index + 1 and _token(w.text) in wanted.get(index + 1, {})]
            if not page_words:
                continue
            scale = min(3.0, 3000 / documents[0][index].get_width())
            full, empty = (d[index].render(scale=scale).to_pil().convert("RGB") for d in documents)
            for word in page_words:
                size, bold = wanted[index + 1][_token(word.text)]
                box = tuple(round(v * scale) for v in (word.x0, word.y0, word.x1, word.y1))
                ink, ground, level = _word_contrast(full.crop(box), empty.crop(box), ratio)
                needed = 3.0 if size >= 18 or (bold and size >= 14) else 4.5
                found.append(Inked(index + 1, word.text, ink, ground, level, needed))
    finally:
        for document in documents:
            document.close()
    return found


def _word_contrast(full: Any, empty: Any, ratio: Any) -> tuple[tuple[int, int, int], tuple[int, int, int], float]:
    """The glyphs' colour (the drawn pixels that differ most from the bare ones), the ground behind the word
    (the bare pixels' mean), and the ratio of the two that all but the worst 5% of the ground reaches."""
    from PIL import ImageChops, ImageStat

    r, g, b = ImageChops.difference(full, empty).split()
    difference = ImageChops.lighter(ImageChops.lighter(r, g), b)
    far = difference.getextrema()[1]
    ground = tuple(round(v) for v in ImageStat.Stat(empty).mean)
    if far < TEXT_DIFFERENCE:
        return ground, ground, 1.0  # nothing drawn that stands apart from the ground
    core = difference.point(lambda v: 255 if v >= 0.95 * far else 0)
    ink = tuple(round(v) for v in ImageStat.Stat(full, core).mean)
    small = empty.resize((min(empty.width, 24), min(empty.height, 8)))
    data = small.tobytes()
    levels = sorted(ratio(ink, (data[i], data[i + 1], data[i + 2])) for i in range(0, len(data), 3))
    return ink, ground, levels[len(levels) // 20]  # type: ignore[return-value]


def bare_copy(deck: Path, target: Path) -> Path:
    """``deck`` with the text of every slide removed (shapes, fills and pictures as they were)."""
    from pptx import Presentation
    from pptx.oxml.ns import qn

    prs = Presentation(str(deck))
    for slide in prs.slides:
        for field in list(slide.element.iter(qn("a:fld"))):  # a viewer fills a field in whatever it holds
            field.getparent().remove(field)
        for text in slide.element.iter(qn("a:t")):
            text.text = ""
    prs.save(str(target))
    return target
