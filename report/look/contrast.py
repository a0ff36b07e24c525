"""Colour contrast as WCAG 2 measures it, and the tool's text colours chosen to meet it on a real background.

A template's slides may be dark, coloured or photographic. The colours the tool picks itself (captions,
source lines, table text, chart text) are checked against every sample of what lies behind them and moved
toward white or black, hue kept, only as far as they must go: on the white slide they were designed for,
they stay exactly as the theme has them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

RGB = tuple[int, int, int]
BODY = 4.5  # WCAG AA for body text
AIM = 4.7  # what the tool's own text colours are chosen to reach: 4.5:1 with room for a viewer's anti-aliasing
UNEVEN = 0.5  # more room on a picture or gradient, which varies more finely than it is sampled
LARGE = 3.0  # WCAG AA for large text (18 pt, or 14 pt bold) and for graphics such as bars
TEXT_KEYS = ("ink", "muted", "primary", "up", "down")  # palette colours the deck sets text in
DATA_KEYS = ("focus", "context", "patents", "science", "accent")  # fills: bars, keys, swatches
INK = 12.0  # what body text the tool sets reaches on a ground of another colour (the theme's own may be less)
SAME = 2  # levels per channel within which a ground is the theme's paper (rounding, not design)


def rgb(colour: str) -> RGB:
    value = colour.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def hex_of(value: Sequence[float]) -> str:
    return "#" + "".join(f"{max(0, min(255, round(c))):02X}" for c in value[:3])


def _linear(channel: float) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: RGB | str) -> float:
    r, g, b = rgb(colour) if isinstance(colour, str) else colour
    return 0.2126 * _linear(r) + 0.7152 * _linear(g) + 0.0722 * _linear(b)


def ratio(a: RGB | str, b: RGB | str) -> float:
    """The WCAG contrast ratio, from 1 (the same) to 21 (black on white)."""
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def mix(a: RGB | str, b: RGB | str, weight: float) -> RGB:
    """``weight`` of a over b, channel by channel."""
    ca, cb = rgb(a) if isinstance(a, str) else a, rgb(b) if isinstance(b, str) else b
    return (
        round(ca[0] * weight + cb[0] * (1 - weight)),
        round(ca[1] * weight + cb[1] * (1 - weight)),
        round(ca[2] * weight + cb[2] * (1 - weight)),
    )


def distance(a: RGB | str, b: RGB | str) -> int:
    ca, cb = rgb(a) if isinstance(a, str) else a, rgb(b) if isinstance(b, str) else b
    return max(abs(x - y) for x, y in zip(ca, cb, strict=True))


def is_dark(colour: RGB | str) -> bool:
    """Darker than the middle grey by contrast: white text reads better on it than black."""
    return ratio(colour, (255, 255, 255)) > ratio(colour, (0, 0, 0))


def worst(colour: RGB | str, grounds: Iterable[RGB | str]) -> float:
    return min((ratio(colour, g) for g in grounds), default=21.0)


def readable(colour: str, grounds: Sequence[RGB | str], target: float) -> str:
    """``colour`` if it meets ``target`` on every ground; else the least mix toward white or black that does
    (the one that moves least); else the mix that comes closest."""
    if worst(colour, grounds) >= target - 1e-9:
        return colour
    best: tuple[float, float, str] = (-1.0, 0.0, colour)
    for step in range(1, 41):
        t = step / 40
        for end in ((255, 255, 255), (0, 0, 0)):
            candidate = hex_of(mix(end, colour, t))
            score = worst(candidate, grounds)
            if score >= target - 1e-9:
                return candidate
            if score > best[0]:
                best = (score, t, candidate)
    return best[2]


@dataclass(frozen=True)
class Ground:
    """What lies behind the tool's text on one kind of slide: luminance-ordered samples and the colour the
    content area mostly is (a table's or a chart's natural background)."""

    samples: tuple[RGB, ...]
    main: RGB
    even: bool = True  # one colour, or near enough; False: an image or a gradient that varies

    @staticmethod
    def of(pixels: Sequence[RGB], main: RGB | None = None) -> Ground:
        """Quantiles of ``pixels`` by luminance (the extremes and the middle), so a few stray pixels of a
        picture's edge do not decide, yet a region that spans dark and light counts as both."""
        ordered = sorted(set(pixels), key=luminance) if pixels else [(255, 255, 255)]
        picks = {ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))] for q in _QUANTILES}
        mean = main or tuple(round(sum(p[i] for p in pixels) / max(1, len(pixels))) for i in range(3))
        low, high = ordered[round(0.05 * (len(ordered) - 1))], ordered[round(0.95 * (len(ordered) - 1))]
        return Ground(tuple(sorted(picks, key=luminance)), mean, ratio(low, high) < 1.25)  # type: ignore[arg-type]


_QUANTILES = (0.02, 0.1, 0.25, 0.5, 0.75, 0.9, 0.98)


def adapt(colours: Mapping[str, str], ground: Ground) -> dict[str, str]:
    """The palette for text and fills drawn on ``ground``.

    Where the ground is the theme's paper, nothing but a text colour under 4.5:1 moves. On another colour,
    tables and charts take the ground's colour as their paper (a panel a shade off it), and each data colour
    keeps the contrast it had on the theme's paper (up to 3:1), so bars and keys stay visible on a dark slide.
    """
    out = dict(colours)
    if distance(ground.main, colours["paper"]) > SAME:
        paper = ground.main
        ink = readable(colours["ink"], [paper], min(INK, ratio(colours["ink"], colours["paper"])))
        out["paper"] = hex_of(paper)
        out["panel"] = hex_of(mix(ink, paper, 0.07))
        out["rule"] = hex_of(mix(ink, paper, 0.22))
        out["ink"] = ink
        if worst(colours["muted"], [paper]) < BODY:  # the theme's muted is for another ground: ink, toned down
            out["muted"] = _toned(ink, paper)
        for key in DATA_KEYS:  # as visible as on the theme's paper, up to 3:1
            out[key] = readable(colours[key], [paper], min(LARGE, ratio(colours[key], colours["paper"])))
    grounds = [*ground.samples, rgb(out["paper"]), rgb(out["panel"])]
    for key in TEXT_KEYS:
        out[key] = readable(out[key], grounds, AIM if ground.even else AIM + UNEVEN)
    return out


def _toned(ink: str, paper: RGB) -> str:
    """The most muted mix of ``ink`` into ``paper`` that still reads as body text (4.5:1, with a margin)."""
    for step in range(40, 0, -1):
        weight = 1 - step / 100
        candidate = hex_of(mix(ink, paper, weight))
        if ratio(candidate, paper) >= AIM + 0.5:
            return candidate
    return ink


def lowest(colours: Mapping[str, str], ground: Ground, keys: Iterable[str] = TEXT_KEYS) -> tuple[str, float]:
    """The text colour of ``colours`` that stands weakest on ``ground``, and its ratio."""
    grounds = [*ground.samples, rgb(colours["paper"]), rgb(colours["panel"])]
    return min(((key, worst(colours[key], grounds)) for key in keys), key=lambda kv: kv[1])
