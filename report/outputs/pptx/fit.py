"""Measure and fit slide text with the theme's own TrueType files, so no text box ever overflows.

PowerPoint and LibreOffice do not shrink text for us (autofit is off on purpose: its result depends on the
viewer). Instead we wrap words the way a renderer does, add up line heights, and step the size down until
the text fits; at the floor size we drop optional lines, then cut the rest for a continuation slide.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from report.look.faces import Fallback
from report.words import breaks

MEASURE_SIZE = 1000  # fonts are measured at this size and scaled: no hinting noise
WIDTH_SAFETY = 0.97  # renderers differ by a per cent or two in advance widths; keep the difference spare
MIN_LINE_FACTOR = 1.2  # the usual "single" line height, when a font's own metrics are tighter


class TextTooLarge(ValueError):
    """Not even one line fits the box at the floor size: the template's box is too small."""


@dataclass(frozen=True)
class Line:
    """One paragraph to set. ``priority`` 0 must be shown; higher numbers are dropped first when space runs out."""

    text: str
    level: int = 0
    plain: bool = False  # set without the template's bullet and indent (a paragraph, not a list item)
    bold: bool = False
    scale: float = 1.0
    priority: int = 0
    keep_with_next: bool = False
    colour: str | None = None
    link: str | None = None
    sources: tuple[str, ...] = ()  # ids of the sources the line cites, for the slide's source line
    lead: str = ""  # a bold run before the text, in the same paragraph

    @property
    def full(self) -> str:
        return f"{self.lead} {self.text}" if self.lead else self.text


@dataclass(frozen=True)
class Level:
    """One outline level's paragraph style, in points, as the template defines it."""

    margin: float = 0.0
    indent: float = 0.0
    line_spacing: float = 1.0  # a multiple of single spacing...
    line_points: float | None = None  # ...or an exact line pitch
    space_before: float = 0.0
    space_before_lines: float = 0.0  # spacing given as a percentage of the font size
    space_after: float = 0.0
    bold: bool = False  # the template sets its text bold (titles, usually)


@dataclass(frozen=True)
class Frame:
    """A text box as the renderer sees it: usable width and height (insets removed) and its level styles."""

    width: float
    height: float
    levels: tuple[Level, ...] = (Level(),)

    def level(self, n: int) -> Level:
        return self.levels[min(n, len(self.levels) - 1)]


@dataclass(frozen=True)
class Fit:
    """The size chosen, the lines shown, the optional lines dropped and the lines left for a continuation."""

    size: float
    shown: tuple[Line, ...]
    dropped: tuple[Line, ...] = ()
    overflow: tuple[Line, ...] = ()


class Measure:
    """Advance widths and line heights of the theme's regular and bold faces, and of the font chain's
    fallbacks for the characters they draw (a Korean name is measured with the Korean font's widths)."""

    names: tuple[str, ...] = ()  # the names the deck keeps whole on a line (see bound)
    loose: set[str]  # texts measured breaking inside names all the same (fit_text), which stay so when written

    def __init__(self, regular: Path, bold: Path, fallbacks: Sequence[Fallback] = ()) -> None:
        from PIL import ImageFont

        self._faces = {
            False: ImageFont.truetype(str(regular), MEASURE_SIZE),
            True: ImageFont.truetype(str(bold), MEASURE_SIZE),
        }
        self._widths: dict[tuple[str, bool], float] = {}
        self.loose = set()
        ascent, descent = self._faces[False].getmetrics()
        self.line_factor = max(MIN_LINE_FACTOR, (ascent + descent) / MEASURE_SIZE)
        self._fallbacks = [
            (
                f.chars,
                {
                    b: ImageFont.truetype(str(f.face(b).path), MEASURE_SIZE, index=f.face(b).index)
                    for b in (False, True)
                },
            )
            for f in fallbacks
        ]
        if self._fallbacks:
            from report.look.faces import Face
            from report.look.fontchain import coverage

            self._own = coverage(Face(regular))

    def width(self, text: str, size: float, bold: bool = False) -> float:
        key = (text, bold)
        found = self._widths.get(key)
        if found is None:  # a deck measures the same words again and again while it tries sizes
            found = self._widths[key] = self._length(text, bold)
        return found * size / MEASURE_SIZE

    def _length(self, text: str, bold: bool) -> float:
        """Width at MEASURE_SIZE; runs of characters the theme's font lacks with their fallback's metrics."""
        if not self._fallbacks or text.isascii():
            return float(self._faces[bold].getlength(text))
        total, start, current = 0.0, 0, self._faces[bold]
        for i, ch in enumerate(text):
            face = self._face_for(ch, bold)
            if face is not current:
                total += float(current.getlength(text[start:i])) if i > start else 0.0
                start, current = i, face
        return total + float(current.getlength(text[start:]))

    def _face_for(self, ch: str, bold: bool) -> Any:
        code = ord(ch)
        if code in self._own:
            return self._faces[bold]
        return next((faces[bold] for chars, faces in self._fallbacks if code in chars), self._faces[bold])

    def bound(self, names: tuple[str, ...]) -> Measure:
        """This measure for a deck whose text keeps ``names`` whole on a line (breaks.bind); caches shared."""
        twin = copy.copy(self)
        twin.names, twin.loose = names, set()
        return twin

    def wrap(
        self,
        text: str,
        width: float,
        size: float,
        bold: bool = False,
        whole: Sequence[str] = (),
        hyphens: bool = False,
        lead: str = "",
    ) -> list[str]:
        """Greedy wrap at spaces and after en dashes (and hyphens, with ``hyphens``), never inside a bound name (nor
        after a dash of the ``whole`` names), as renderers break lines (breaks.wrap); a unit wider than the line is
        broken between characters. A ``lead`` the text begins with is measured bold on the first line."""
        limit = width * WIDTH_SAFETY
        lines: list[str] = []
        text, lead = breaks.bind(text, self.names), breaks.bind(lead, self.names)

        def wide(line: str) -> float:
            if lead and line.startswith(lead):
                return self.width(lead, size, True) + self.width(line[len(lead) :], size, bold)
            return self.width(line, size, bold)

        for line in breaks.wrap(text, lambda candidate: wide(candidate) <= limit, whole, hyphens):
            while wide(line) > limit and len(line) > 1:
                cut = len(line) - 1
                while cut > 1 and wide(line[:cut]) > limit:
                    cut -= 1
                lines.append(line[:cut])
                line = line[cut:]
            lines.append(line)
        return lines


@lru_cache(maxsize=4)
def _measure(regular: Path, bold: Path, fallbacks: tuple[Fallback, ...]) -> Measure:
    return Measure(regular, bold, fallbacks)


def measure_for(font_files: Mapping[str, Path], fallbacks: tuple[Fallback, ...] = ()) -> Measure:
    return _measure(font_files["regular"], font_files.get("bold", font_files["regular"]), fallbacks)


def line_count(line: Line, frame: Frame, measure: Measure, size: float) -> int:
    style = frame.level(line.level)
    margin = style.margin + max(0.0, style.indent) if not line.plain else 0.0
    bold = line.bold or style.bold or bool(line.lead)  # a bold lead: measure it all bold, which never under-counts
    return len(measure.wrap(line.full, max(1.0, frame.width - margin), size * line.scale, bold))


def paragraph_height(line: Line, frame: Frame, measure: Measure, size: float) -> float:
    style, points = frame.level(line.level), size * line.scale
    pitch = style.line_points if style.line_points else measure.line_factor * points * style.line_spacing
    before = style.space_before + style.space_before_lines * points
    return before + line_count(line, frame, measure, size) * pitch + style.space_after


def text_height(lines: Sequence[Line], frame: Frame, measure: Measure, size: float) -> float:
    return sum(paragraph_height(line, frame, measure, size) for line in lines)


def fits(lines: Sequence[Line], frame: Frame, measure: Measure, size: float) -> bool:
    return text_height(lines, frame, measure, size) <= frame.height + 0.01


def sizes_down(start: float, floor: float, step: float = 0.5) -> list[float]:
    sizes, size = [], start
    while size > floor:
        sizes.append(size)
        size = round(size - step, 2)
    return [*sizes, min(start, floor)]


def fit_text(lines: Sequence[Line], frame: Frame, measure: Measure, start: float, floor: float) -> Fit:
    """Largest size from ``start`` down to ``floor`` at which all lines fit; then drop optional lines; then cut.
    Where a line does not fit even at the floor with its names kept whole, it is measured as breaking inside
    them, as names.keep_names_whole will then leave it."""
    try:
        return _fit_text(tuple(lines), frame, measure, start, floor)
    except TextTooLarge:
        if not measure.names:
            raise
        fit = _fit_text(tuple(lines), frame, measure.bound(()), start, floor)
        measure.loose.update(line.full for line in lines)  # names.keep_names_whole leaves these as measured
        return fit


def _fit_text(lines: tuple[Line, ...], frame: Frame, measure: Measure, start: float, floor: float) -> Fit:
    for size in sizes_down(start, floor):
        if fits(lines, frame, measure, size):
            return Fit(size, lines)
    size = min(start, floor)
    kept, dropped = list(lines), []
    for priority in sorted({line.priority for line in lines if line.priority > 0}, reverse=True):
        for line in reversed([x for x in kept if x.priority == priority]):
            kept.remove(line)
            dropped.append(line)
            if fits(kept, frame, measure, size):
                return Fit(size, tuple(kept), tuple(reversed(dropped)))
    count = _prefix_that_fits(kept, frame, measure, size)
    return Fit(size, tuple(kept[:count]), tuple(reversed(dropped)), tuple(kept[count:]))


def paginate(lines: Sequence[Line], frame: Frame, measure: Measure, start: float, floor: float) -> tuple[Fit, ...]:
    """Split a list over as few boxes as the floor size allows, at the largest size that needs no more boxes.

    Every box gets the same size, and ``keep_with_next`` lines stay together.
    """
    fewest = len(_pages(lines, frame, measure, min(start, floor)))
    for size in sizes_down(start, floor):
        pages = _pages(lines, frame, measure, size)
        if len(pages) <= fewest:
            return pages
    return _pages(lines, frame, measure, min(start, floor))


def _pages(lines: Sequence[Line], frame: Frame, measure: Measure, size: float) -> tuple[Fit, ...]:
    pages, rest = [], [replace(x, priority=0) for x in lines]
    while rest:
        count = _prefix_that_fits(rest, frame, measure, size)
        pages.append(Fit(size, tuple(rest[:count])))
        rest = rest[count:]
    return tuple(pages)


def _prefix_that_fits(lines: Sequence[Line], frame: Frame, measure: Measure, size: float) -> int:
    """How many leading lines fit, never ending between a line and the one it is kept with."""
    count, best = 0, 0
    while count < len(lines) and fits(lines[: count + 1], frame, measure, size):
        count += 1
        if not lines[count - 1].keep_with_next:
            best = count
    best = best or count
    if best == 0:
        raise TextTooLarge(
            f"{lines[0].text[:60]!r} does not fit a {frame.width:.0f} × {frame.height:.0f} pt box even at {size:g} pt"
        )
    return best
