"""Keep content clear of what a master or layout draws into it: a logo in the chart area, a badge beside
the title. The free part of an area is its largest rectangle that no obstacle touches.
"""

from __future__ import annotations

from collections.abc import Sequence

from report.outputs.pptx.drawn import Drawn
from report.outputs.pptx.shapes import EMU_PER_PT, Rect

MARGIN = round(6 * EMU_PER_PT)  # room kept between an obstacle and the content
BACKGROUND_SHARE = 0.5  # a picture or shape covering this much of the slide is background, not an obstacle
COSTLY = 0.25  # a share of an area lost to obstacles worth a warning
MEANT = 0.5  # shapes that would take more than this share of a box are its design, not obstacles


def overlap(a: Rect, b: Rect) -> Rect | None:
    x0, y0 = max(a.x, b.x), max(a.y, b.y)
    x1, y1 = min(a.x + a.w, b.x + b.w), min(a.bottom, b.bottom)
    return Rect(x0, y0, x1 - x0, y1 - y0) if x1 > x0 and y1 > y0 else None


def contains(outer: Rect, inner: Rect) -> bool:
    return (
        outer.x <= inner.x
        and outer.y <= inner.y
        and outer.x + outer.w >= inner.x + inner.w
        and (outer.bottom >= inner.bottom)
    )


def intruders(area: Rect, drawn: Sequence[Rect], slide: tuple[int, int]) -> list[Rect]:
    """The drawn rectangles that reach into ``area``: not the background (half the slide or more) and not a
    panel the area sits on (one that contains it whole)."""
    limit = BACKGROUND_SHARE * slide[0] * slide[1]
    return [r for r in drawn if r.w * r.h < limit and not contains(r, area) and overlap(r, area) is not None]


def free_rects(area: Rect, blocks: Sequence[Rect]) -> list[Rect]:
    """The maximal rectangles of ``area`` that no block (grown by MARGIN) touches."""
    free = [area]
    for block in blocks:
        grown = Rect(block.x - MARGIN, block.y - MARGIN, block.w + 2 * MARGIN, block.h + 2 * MARGIN)
        pieces: list[Rect] = []
        for rect in free:
            hit = overlap(rect, grown)
            if hit is None:
                pieces.append(rect)
                continue
            right = rect.x + rect.w
            for piece in (
                Rect(rect.x, rect.y, hit.x - rect.x, rect.h),  # left of it
                Rect(hit.x + hit.w, rect.y, right - hit.x - hit.w, rect.h),  # right of it
                Rect(rect.x, rect.y, rect.w, hit.y - rect.y),  # above it
                Rect(rect.x, hit.bottom, rect.w, rect.bottom - hit.bottom),  # below it
            ):
                if piece.w > 0 and piece.h > 0:
                    pieces.append(piece)
        free = [r for r in pieces if not any(o is not r and contains(o, r) and o != r for o in pieces)]
        free = list(dict.fromkeys(free))
    return free


def clear_of(area: Rect, blocks: Sequence[Rect], aspect: float | None = None) -> Rect:
    """The free rectangle of ``area`` that holds the most: for a picture of ``aspect`` (width / height), the
    one it can be drawn largest in; else the largest. ``area`` itself when nothing intrudes."""
    if not blocks:
        return area
    free = free_rects(area, blocks)
    if not free:
        return Rect(area.x, area.y, 0, 0)

    def holds(rect: Rect) -> float:
        if aspect is None:
            return float(rect.w * rect.h)
        width = min(rect.w, rect.h * aspect)
        return width * width / aspect

    return max(free, key=lambda r: (holds(r), r.w * r.h, -r.y, -r.x))


def cost(area: Rect, clear: Rect) -> float:
    """The share of ``area`` the obstacles take away."""
    whole = area.w * area.h
    return 1 - (clear.w * clear.h) / whole if whole else 0.0


def obstacles(area: Rect, drawn: tuple[Drawn, ...], slide: tuple[int, int]) -> tuple[Drawn, ...]:
    """What ``area`` keeps clear of: every picture that reaches into it, and the filled shapes too unless
    they would take half of it (then the box is meant to sit on them: a band, a honeycomb). Frames drawn
    with a line only are never obstacles."""
    reaching = intruders(area, [d.rect for d in drawn if d.what != "outline"], slide)
    found = tuple(d for d in drawn if d.what != "outline" and d.rect in reaching)
    if cost(area, clear_of(area, [d.rect for d in found])) > MEANT:
        found = tuple(d for d in found if d.what == "picture")
    return found
