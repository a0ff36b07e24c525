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
