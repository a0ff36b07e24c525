"""A hub's neighbourhood on each count, drawn natively on its slide: the clusters just above and below it by PCT
applications and by publications, as bars with their counts.

The hub's own bar is in full colour, its name and count in bold; its neighbours' bars are faded. Each count is
drawn against the one largest count of any listed cluster, so bars compare across counts and slides.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from report.blocks import NearGroup
from report.look.contrast import hex_of, mix
from report.outputs.pptx import figures
from report.outputs.pptx.deck import Deck
from report.outputs.pptx.figures import Run, rectangle, write_runs
from report.outputs.pptx.shapes import EMU_PER_PT, Rect, add_textbox

FLOOR = 8.0  # points: the smallest a row is set before the figure is left out
ROW_MAX = 2.6  # a row is at most this many times its type size tall, however much room there is
FADE = 0.35  # how much colour a neighbour's bar keeps


@dataclass(frozen=True)
class Plan:
    """Where the figure's parts go in its box, EMU; the label size, points. The counts stand one over the other,
    or side by side (``across``) under a heading that spans them."""

    box: Rect
    label: float
    head_h: int
    row_h: int
    place_w: int
    names_w: int
    value_w: int
    across: bool
    size: float  # the counts' names' size, points
    heading: float  # the heading's, the same or smaller
    columns: int = 1  # side by side (``across``), one column per measure

    @property
    def bottom(self) -> int:
        return self.box.bottom

    @property
    def column_w(self) -> int:
        return (self.box.w - COLUMN_GAP * (self.columns - 1)) // self.columns


COLUMN_GAP = round(18 * EMU_PER_PT)  # between the counts when they stand side by side


def plan(
    deck: Deck, box: Rect, groups: Sequence[NearGroup], title: str, size: float, across: bool = False
) -> Plan | None:
    """How the figure fits ``box`` from its top, rows spread to fill it; None when it does not fit."""
    if not groups or not all(g.rows for g in groups):
        return None
    place_w = deck.measure.width("00", size) * 1.1 + 6
    value_w = max(deck.measure.width(r.value, size) for g in groups for r in g.rows) * 1.1 + 8
    widest = max(deck.measure.width(r.name, size, True) for g in groups for r in g.rows) * 1.1 + 10
    columns = len(groups) if across else 1
    room = (box.w - COLUMN_GAP * (columns - 1)) / columns / EMU_PER_PT
    names_w = min(widest, room * 0.55)
    label = size * min(1.0, names_w / widest)  # a long name is set smaller, never over a bar
    head_h = size * 1.9 * EMU_PER_PT
    counts = [len(g.rows) for g in groups]
    heads, rows = (2, max(counts)) if across else (1 + len(groups), sum(counts))
    row_h = min(size * ROW_MAX * EMU_PER_PT, (box.h - heads * head_h) / rows)
    title_w = deck.measure.width(title, size, True) * 1.1 + 8
    heading = size * min(1.0, box.w / EMU_PER_PT / title_w)  # a long heading is set smaller, on one line
    if label < FLOOR or heading < FLOOR or row_h < size * 1.4 * EMU_PER_PT:
        return None
    if room - names_w - place_w - value_w < 40:  # points: too little room for a bar to say anything
        return None
    height = round(heads * head_h + rows * row_h)
    place, names, value = (round(w * EMU_PER_PT) for w in (place_w, names_w, value_w))
    area = Rect(box.x, box.y, box.w, height)
    return Plan(area, label, round(head_h), round(row_h), place, names, value, across, size, heading, columns)


def nearest(slide: Any, deck: Deck, at: Plan, groups: Sequence[NearGroup], title: str) -> None:
    """Draw the figure where ``plan`` put it: the heading, then each count's name over its rows."""
    box, label, head_h, row_h, size = at.box, at.label, at.head_h, at.row_h, at.size
    muted, ink, paper = deck.colour("muted"), deck.colour("ink"), deck.colour("paper")
    text(slide, deck, Rect(box.x, box.y, box.w, head_h), title, at.heading, muted, True, "Nearest heading")
    x, y, width = box.x, box.y + head_h, at.column_w
    bar_h = round(size * 0.9 * EMU_PER_PT)
    counts = iter((deck.colour("patents"), deck.colour("science")))  # the counts in order: PCT, then publications
    for group in groups:
        colour = deck.colour("patents") if group.kind == "score" else next(counts)
        bar_x = x + at.place_w + at.names_w
        bar_w = width - at.place_w - at.names_w - at.value_w
        wide = deck.measure.width(group.heading, size, True) * 1.1 + 4  # points: one line, never past its column
        fitted = size * min(1.0, width / EMU_PER_PT / wide)
        text(slide, deck, Rect(x, y, width, head_h), group.heading, fitted, ink, True, f"Nearest: {group.measure}")
        row_y = y + head_h
        largest = group.scale or 1  # a count's bar as long as its share's part of the score bar, on every slide
        for row in group.rows:
            shade = ink if row.focus else muted
            text(slide, deck, Rect(x, row_y, at.place_w, row_h), str(row.place), label, muted, False, "Place")
            names = Rect(x + at.place_w, row_y, at.names_w, row_h)
            text(slide, deck, names, row.name, label, shade, row.focus, row.name)
            what = f"{'Bar' if row.focus else 'Neighbour bar'}: {group.measure}"
            area = Rect(bar_x, row_y + (row_h - bar_h) // 2, bar_w, bar_h)  # the bar's whole reach, at the scale
            if row.parts is not None:  # a score, split into its two shares as the dashboard's bars are
                scale, total = Decimal(largest), Decimal(row.count)
                figures.split_bar(slide, deck, area, row.parts, total, scale, 1.0 if row.focus else FADE, (what, what))
            else:
                length = max(1, round(bar_w * row.count / largest))
                fill = colour if row.focus else hex_of(mix(colour, paper, FADE))
                rectangle(slide, Rect(area.x, area.y, length, area.h), fill, what)
            value = Rect(bar_x + bar_w, row_y, at.value_w, row_h)
            text(slide, deck, value, row.value, label, shade, row.focus, f"Value: {row.name}", "right")
            row_y += row_h
        if at.across:
            x += width + COLUMN_GAP
        else:
            y = row_y


def text(
    slide: Any, deck: Deck, box: Rect, words: str, size: float, colour: str, bold: bool, name: str, align: str = "left"
) -> None:
    """One line of text, vertically centred in its box and never wrapped."""
    from pptx.enum.text import MSO_ANCHOR

    shape = add_textbox(slide, box)
    shape.name = name
    write_runs(shape.text_frame, [[Run(words, size, bold, colour)]], align=align, family=deck.family)
    shape.text_frame.word_wrap = False
    shape.text_frame.vertical_anchor = MSO_ANCHOR.MIDDLE
