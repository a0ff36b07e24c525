"""Figures the deck draws natively, so they stay sharp and editable: the dashboard, KPI tiles, text panels.

Every number is text in a table or a text box; the bars beside them are decorative shapes that only repeat
what the text says, sized against one scale so a longer bar always means a larger number.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from pptx.oxml.ns import qn

from report.blocks import DashboardRow, Kpi
from report.look.contrast import hex_of, mix
from report.outputs.pptx.deck import Deck
from report.outputs.pptx.fit import Line
from report.outputs.pptx.shapes import EMU_PER_PT, Rect, add_textbox
from report.words.format import in_words

EMU_PER_IN = 914400
EMPTY_CELL = "—"  # a dashboard cell the sources give no name for; the note under the table says whose
CELL_X, CELL_Y = 6.0, 4.0  # cell margins, points


@dataclass(frozen=True)
class Run:
    text: str
    size: float
    bold: bool = False
    colour: str | None = None


def _rgb(colour: str) -> Any:
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(colour.lstrip("#"))


def write_runs(frame: Any, paragraphs: Sequence[Sequence[Run]], align: str = "left", family: str | None = None) -> None:
    """Paragraphs of styled runs into a text frame, replacing what it held; autofit off, word wrap on."""
    from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN
    from pptx.util import Pt

    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    for number, runs in enumerate(paragraphs):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.alignment = {"left": PP_ALIGN.LEFT, "right": PP_ALIGN.RIGHT, "center": PP_ALIGN.CENTER}[align]
        for piece in runs:
            run = paragraph.add_run()
            run.text = piece.text
            run.font.size = Pt(piece.size)
            run.font.bold = piece.bold
            if family:
                run.font.name = family
            if piece.colour:
                run.font.color.rgb = _rgb(piece.colour)


def rectangle(slide: Any, box: Rect, fill: str, name: str, line: str | None = None) -> Any:
    """A plain filled rectangle, marked by name as decoration (the numbers it shows are text beside it)."""
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Emu, Pt

    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(box.x), Emu(box.y), Emu(max(box.w, 1)), Emu(box.h))
    shape.name = name
    shape.fill.solid()
    shape.fill.fore_color.rgb = _rgb(fill)
    if line:
        shape.line.color.rgb = _rgb(line)
        shape.line.width = Pt(0.75)
    else:
        shape.line.fill.background()
    style = shape._element.find(qn("p:style"))
    if style is not None:  # no theme effects (shadows) on what is a plain swatch of colour
        shape._element.remove(style)
    return shape


def split_bar(
    slide: Any,
    deck: Deck,
    box: Rect,
    parts: tuple[Decimal, Decimal] | None,
    total: Decimal | None,
    scale: Decimal,
    fade: float = 1.0,
    names: tuple[str, str] = ("Bar: patent part", "Bar: science part"),
) -> None:
    """The combined score as a bar of the printed total, split between patents and science in the proportion
    of the two printed shares (so WIPO's rounding spreads over both parts, not all into one). ``fade``: how much
    colour the bar keeps (a neighbour's, beside the hub's)."""
    if parts is None or total is None or scale <= 0 or parts[0] + parts[1] <= 0:
        return
    length = max(1, round(box.w * float(total / scale)))
    patents = round(length * float(parts[0] / (parts[0] + parts[1])))
    tints = [
        deck.colour(k) if fade >= 1 else hex_of(mix(deck.colour(k), deck.colour("paper"), fade))
        for k in ("patents", "science")
    ]
    rectangle(slide, Rect(box.x, box.y, patents, box.h), tints[0], names[0])
    if length > patents:
        rectangle(slide, Rect(box.x + patents, box.y, length - patents, box.h), tints[1], names[1])


def legend(slide: Any, deck: Deck, x: int, y: int, entries: Sequence[tuple[str, str]], size: float) -> int:
    """Colour squares with their labels on one line from (x, y); returns the x where it ends."""
    square = round(size * 0.8 * EMU_PER_PT)
    for colour, text in entries:
        rectangle(slide, Rect(x, y + round(size * 0.25 * EMU_PER_PT), square, square), colour, "Legend key")
        x += square + round(4 * EMU_PER_PT)
        width = round((deck.measure.width(text, size) * 1.1 + 12) * EMU_PER_PT)  # spare: a viewer's face may run wider
        box = add_textbox(slide, Rect(x, y, width, round(size * 1.5 * EMU_PER_PT)))
        write_runs(box.text_frame, [[Run(text, size, colour=deck.colour("muted"))]], family=deck.family)
        box.text_frame.word_wrap = False
        x += width + round(12 * EMU_PER_PT)
    return x


DASHBOARD_SHARES = (0.095, 0.24, 0.12, 0.12, 0.245, 0.18)  # rank, cluster, PCT, publications, score bar, names
DASHBOARD_SIZES = ((20, 15, 11), (18, 14, 10.5), (17, 13, 10), (16, 12, 9), (14, 11, 8))  # big, body, small
BAR_MIN_PT = 60.0  # the score column keeps at least this much room for its bar
WHOLE_NAMES_ROOM = 0.85  # names are kept on one line if the columns' floors then take at most this much width


class DashboardTooLarge(ValueError):
    """The dashboard does not fit its area even in its smallest type."""


def dashboard(
    slide: Any, deck: Deck, area: Rect, rows: Sequence[DashboardRow], scale: Decimal, header: Sequence[str]
) -> int:
    """The dashboard table in ``area``: one row per hub, the split bar drawn in the score column; returns the
    table's bottom edge. At the largest type that fits, columns are never narrower than their longest word
    and rows are as tall as their measured text."""
    from pptx.enum.text import MSO_ANCHOR
    from pptx.util import Emu

    for big, body, small in ((b * deck.scale, m * deck.scale, s * deck.scale) for b, m, s in DASHBOARD_SIZES):
        grid = [_head_cells(deck, header, small), *(_row_cells(deck, row, big, body, small) for row in rows)]
        widths = _column_widths(deck, grid, area.w, body)
        if widths is None:
            continue
        heights = [max(_cell_height(deck, cell, w) for cell, w in zip(cells, widths, strict=True)) for cells in grid]
        if sum(heights) <= area.h:
            break
    else:
        raise DashboardTooLarge(
            f"the dashboard of {len(rows)} rows does not fit a {area.w / EMU_PER_IN:.1f} × "
            f"{area.h / EMU_PER_IN:.1f} in area even at {DASHBOARD_SIZES[-1][1]} pt"
        )
    shape = slide.shapes.add_table(len(grid), len(widths), Emu(area.x), Emu(area.y), Emu(area.w), Emu(sum(heights)))
    shape.name = "Dashboard"
    cnv = shape._element.find(".//" + qn("p:cNvPr"))  # what a screen reader announces before the cells
    cnv.set("descr", deck.content.narrative.labels["dashboard_alt"].format(n=in_words(len(rows))))
    table = shape.table
    table.first_row, table.horz_banding = True, False
    for j, w in enumerate(widths):
        table.columns[j].width = Emu(w)
    right = (False, False, True, True, False, False)
    for i, (cells, height) in enumerate(zip(grid, heights, strict=True)):
        table.rows[i].height = Emu(height)
        fill = deck.colour("panel") if i and i % 2 == 0 else deck.colour("paper")
        anchor = MSO_ANCHOR.BOTTOM if i == 0 else MSO_ANCHOR.MIDDLE
        for j, paragraphs in enumerate(cells):
            _cell(table.cell(i, j), paragraphs, fill, right[j], anchor, deck)
    x_score = area.x + sum(widths[:4])
    label_w = round((deck.measure.width("88.8", body, True) + 2 * CELL_X + 6) * EMU_PER_PT)
    bar_h = round(body * 0.85 * EMU_PER_PT)
    y = area.y + heights[0]
    for row, height in zip(rows, heights[1:], strict=True):
        box = Rect(
            x_score + label_w, y + (height - bar_h) // 2, widths[4] - label_w - round(CELL_X * EMU_PER_PT), bar_h
        )
        split_bar(slide, deck, box, row.parts, row.cluster.total_share, scale)
        y += height
    return area.y + sum(heights)


Cell = Sequence[Sequence[Run]]


def _column_widths(deck: Deck, grid: list[list[Cell]], total: int, body: float) -> list[int] | None:
    """Each column its share of ``total``, but never narrower than its longest word (or, for the score, its
    number and a bar); None when the longest words alone do not fit."""
    floors = []
    for j in range(len(DASHBOARD_SHARES)):
        longest = max(
            (
                deck.measure.width(word, run.size, run.bold)
                for cells in grid
                for runs in cells[j]
                for run in runs
                for word in run.text.split()
            ),
            default=0.0,
        )
        floors.append(longest / 0.95 + 2 * CELL_X + 2)
    floors[4] = max(floors[4], deck.measure.width("88.8", body, True) + 2 * CELL_X + 6 + BAR_MIN_PT)
    # a cluster's name on one line where the other columns keep their floors: a name is read whole
    names = max(
        (deck.measure.width(runs[0].text, runs[0].size, True) for cells in grid[1:] for runs in cells[1][:1]),
        default=0.0,
    )
    whole = names / 0.95 + 2 * CELL_X + 2
    if sum(floors) - floors[1] + whole <= total / EMU_PER_PT * WHOLE_NAMES_ROOM:
        floors[1] = max(floors[1], whole)
    floor_emu = [round(f * EMU_PER_PT) for f in floors]
    if sum(floor_emu) > total:
        return None
    wanted = [max(f, round(total * share)) for f, share in zip(floor_emu, DASHBOARD_SHARES, strict=True)]
    excess = sum(wanted) - total
    if excess > 0:  # take the overshoot from the columns above their floor, in proportion to their slack
        slack = [w - f for w, f in zip(wanted, floor_emu, strict=True)]
        wanted = [w - round(excess * s / max(1, sum(slack))) for w, s in zip(wanted, slack, strict=True)]
    wanted[-1] += total - sum(wanted)
    return wanted


def _head_cells(deck: Deck, header: Sequence[str], small: float) -> list[Cell]:
    return [[[Run(text, small, True, deck.colour("muted"))]] for text in header]


def _row_cells(deck: Deck, row: DashboardRow, big: float, body: float, small: float) -> list[Cell]:
    c, muted, ink = deck.colour, deck.colour("muted"), deck.colour("ink")
    labels = deck.content.narrative.labels
    move = c("up") if row.change.startswith("up") else c("down") if row.change.startswith("down") else muted
    return [
        [[Run(str(row.cluster.rank), big, True, c("primary"))], [Run(row.change, small, True, move)]],
        [[Run(row.cluster.name, body, True, ink)], [Run(row.economy, small, colour=muted)]],
        [[Run(row.pct, body, True, ink)], [Run(row.pct_share, small, colour=muted)]],
        [[Run(row.pubs, body, True, ink)], [Run(row.pub_share, small, colour=muted)]],
        [[Run(row.score, body, True, ink)]],
        [[Run(name, small, colour=ink), Run(f" ({labels[key]})", small, colour=muted)] for name, key in row.players]
        or [[Run(EMPTY_CELL, small, colour=muted)]],  # the note under the table says who the sources name nobody for
    ]


def _cell_height(deck: Deck, cell: Cell, width: int) -> int:
    """EMU a cell needs: its paragraphs wrapped at the column's width, plus the cell margins."""
    room = width / EMU_PER_PT - 2 * CELL_X
    points = 2 * CELL_Y + 2
    for runs in cell:
        size = max(run.size for run in runs)
        text = "".join(run.text for run in runs)
        lines = len(deck.measure.wrap(text, room, size, any(run.bold for run in runs)))
        points += lines * deck.measure.line_factor * size
    return round(points * EMU_PER_PT)


def _cell(cell: Any, paragraphs: Sequence[Sequence[Run]], fill: str, right: bool, anchor: Any, deck: Deck) -> None:
    from pptx.util import Emu

    cell.margin_left = cell.margin_right = Emu(round(CELL_X * EMU_PER_PT))
    cell.margin_top = cell.margin_bottom = Emu(round(CELL_Y * EMU_PER_PT))
    cell.vertical_anchor = anchor
    cell.fill.solid()
    cell.fill.fore_color.rgb = _rgb(fill)
    write_runs(cell.text_frame, paragraphs, "right" if right else "left", family=deck.family)


def kpi_tiles(slide: Any, deck: Deck, box: Rect, kpis: Sequence[Kpi]) -> None:
    """Big numbers in a row of tiles across ``box``: label, value, what it means."""
    gap = round(0.15 * EMU_PER_IN)
    width = (box.w - gap * (len(kpis) - 1)) // max(1, len(kpis))
    small, big = deck.size("deck_small") + 1, deck.size("deck_title")
    height = tiles_height(deck)
    inset = round(8 * EMU_PER_PT)
    room = (width - 2 * inset) / EMU_PER_PT * 0.95  # a big number never breaks inside a narrow tile (4:3)
    widest = max((deck.measure.width(kpi.value, big, True) for kpi in kpis), default=0.0)
    big = big if widest <= room else max(small, big * room / widest)
    for number, kpi in enumerate(kpis):
        x = box.x + number * (width + gap)
        rectangle(slide, Rect(x, box.y, width, height), deck.colour("panel"), "Tile")
        rectangle(slide, Rect(x, box.y, width, round(3 * EMU_PER_PT)), deck.colour("primary"), "Tile rule")
        text = add_textbox(slide, Rect(x + inset, box.y + inset, width - 2 * inset, height - round(12 * EMU_PER_PT)))
        text.name = f"Figure: {kpi.label}"
        write_runs(
            text.text_frame,
            [
                [Run(kpi.label, small, True, deck.colour("muted"))],
                [Run(kpi.value, big, True, deck.colour("primary"))],
                [Run(kpi.note, small, colour=deck.colour("ink"))],
            ],
            family=deck.family,
        )


def tiles_height(deck: Deck) -> int:
    """How tall kpi_tiles draws its tiles."""
    small, big = deck.size("deck_small") + 1, deck.size("deck_title")
    return round((small * 1.3 * 2 + big * 1.25 + 3 * CELL_Y * 2) * EMU_PER_PT)


def text_panel(slide: Any, deck: Deck, box: Rect, lines: Sequence[Line], size: float) -> tuple[Line, ...]:
    """Lines in a text box of our own on a pale panel with a rule on its left, set from ``size`` down to the
    floor; returns the lines shown (optional ones may be left out)."""
    from report.outputs.pptx.deck import BODY_FLOOR
    from report.outputs.pptx.fit import TextTooLarge, fit_text
    from report.outputs.pptx.shapes import frame_of, write_lines

    pad = round(10 * EMU_PER_PT)
    inner = Rect(box.x + pad + round(3 * EMU_PER_PT), box.y + pad // 2, box.w - 2 * pad, box.h - pad)
    shape = add_textbox(slide, inner)
    shape.name = "Panel text"
    try:
        fit = fit_text(lines, frame_of(shape), deck.measure, size, BODY_FLOOR)
    except TextTooLarge:
        fit = fit_text(lines, frame_of(shape), deck.measure, BODY_FLOOR, deck.size("deck_small"))
    from report.outputs.pptx.deck import text_height_of

    used = text_height_of(deck, fit, inner.w) + pad
    panel = Rect(box.x, box.y, box.w, min(box.h, used))
    back = rectangle(slide, panel, deck.colour("panel"), "Panel")
    edge = rectangle(slide, Rect(box.x, box.y, round(3 * EMU_PER_PT), panel.h), deck.colour("primary"), "Panel edge")
    tree = slide.shapes._spTree
    for shape_el in (edge._element, back._element):  # behind the words
        tree.remove(shape_el)
        tree.insert(2, shape_el)
    write_lines(shape, fit, family=deck.family, colour=deck.colour("ink"))
    return fit.shown


def caption(slide: Any, deck: Deck, box: Rect, lines: Sequence[str]) -> None:
    """Small muted notes under a figure, fitted to their box; nothing if they do not fit at the floor size."""
    from report.outputs.pptx.deck import add_text

    add_text(deck, slide, box, [Line(text, priority=1) for text in lines], deck.size("deck_small"))
