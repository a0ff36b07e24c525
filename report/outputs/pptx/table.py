"""Lay out and draw a native table that fits its area: column widths from the text, rows split across slides.

Numbers never wrap (a figure broken over two lines misreads); text columns wrap at word boundaries and
share whatever width the numbers leave.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from report.outputs.pptx.fit import WIDTH_SAFETY, Measure, sizes_down
from report.outputs.pptx.shapes import EMU_PER_PT, Rect

CELL_X = 6.0  # left and right cell margin, points
CELL_Y = 5.0  # top and bottom cell margin, points


@dataclass(frozen=True)
class TablePlan:
    """The size to set the table at, its column widths (pt), and the rows on each slide."""

    size: float
    widths: tuple[float, ...]
    pages: tuple[tuple[int, ...], ...]  # row numbers per slide
    header_height: float
    row_heights: tuple[float, ...]


def plan_table(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[bool],
    width: float,
    height: float,
    measure: Measure,
    start: float,
    floor: float,
    max_rows: int = 8,
) -> TablePlan:
    """The largest size at which the table fits ``width`` × ``height`` on as few slides as ``max_rows`` allows.

    A size at which no body cell wraps is preferred (headers may wrap); failing that, text columns wrap.
    """
    fewest = max(1, math.ceil(len(rows) / max_rows))
    for wrap in (False, True):
        for size in sizes_down(start, floor):
            plan = _plan_at(header, rows, numeric, width, height, measure, size, max_rows, wrap)
            if plan is not None and len(plan.pages) <= fewest:
                return plan
    plan = _plan_at(header, rows, numeric, width, height, measure, min(start, floor), max_rows, True)
    if plan is None:
        raise ValueError(f"the table's figures do not fit {width:.0f} pt across even at {floor:g} pt")
    return plan


def _plan_at(
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[bool],
    width: float,
    height: float,
    measure: Measure,
    size: float,
    max_rows: int,
    wrap: bool,
) -> TablePlan | None:
    def span(texts: list[str], bold: bool = False) -> float:
        widest = max([measure.width(t, size, bold) for t in texts] + [0.0])
        return widest / WIDTH_SAFETY + 2 * CELL_X + 1  # 1 pt spare for EMU rounding

    def two_lines(text: str) -> float:  # the narrowest width that sets a header on two lines at most
        words = text.split()
        return min(
            max(span([" ".join(words[:k])], True), span([" ".join(words[k:])], True)) for k in range(1, len(words) + 1)
        )

    columns = range(len(header))
    head_words = [two_lines(header[j]) for j in columns]
    body = [span([r[j] for r in rows]) for j in columns]
    body_words = [body[j] if numeric[j] else span([w for r in rows for w in r[j].split()]) for j in columns]
    lo = [max(h, b if not wrap else w) for h, b, w in zip(head_words, body, body_words, strict=True)]
    hi = [max(low, span([header[j]], True), body[j]) for j, low in zip(columns, lo, strict=True)]
    if sum(lo) > width:
        return None
    if sum(hi) <= width:
        widths = [h * width / sum(hi) for h in hi]
    else:
        slack = sum(h - low for h, low in zip(hi, lo, strict=True))
        widths = [low + (h - low) * (width - sum(lo)) / slack for h, low in zip(hi, lo, strict=True)]
    head = row_height(header, widths, measure, size, True)
    heights = [row_height(r, widths, measure, size) for r in rows]
    pages: list[tuple[int, ...]] = []
    page: list[int] = []
    for number, h in enumerate(heights):
        if head + h > height:
            return None
        if page and (len(page) == max_rows or head + sum(heights[i] for i in page) + h > height):
            pages.append(tuple(page))
            page = []
        page.append(number)
    pages.append(tuple(page))
    per = math.ceil(len(rows) / len(pages))  # the same pages, balanced: 6 + 6 reads better than 8 + 4
    even = [tuple(range(i, min(i + per, len(rows)))) for i in range(0, len(rows), per)]
    if len(even) == len(pages) and all(head + sum(heights[i] for i in p) <= height for p in even):
        pages = even
    return TablePlan(size, tuple(widths), tuple(pages), head, tuple(heights))


def row_height(
    cells: Sequence[str], widths: Sequence[float], measure: Measure, size: float, bold: bool = False
) -> float:
    lines = max(len(measure.wrap(text, w - 2 * CELL_X, size, bold)) for text, w in zip(cells, widths, strict=True))
    return lines * measure.line_factor * size + 2 * CELL_Y


def draw_table(
    slide: Any,
    box: Rect,
    plan: TablePlan,
    header: Sequence[str],
    rows: Sequence[Sequence[str]],
    numeric: Sequence[bool],
    colours: dict[str, str],
) -> Any:
    """A python-pptx table at the top of ``box``: header in the primary colour, rows striped."""
    from pptx.dml.color import RGBColor
    from pptx.enum.text import MSO_ANCHOR, PP_ALIGN
    from pptx.oxml.ns import qn
    from pptx.util import Emu, Pt

    heights = [plan.header_height, *(plan.row_heights[i] for i in range(len(rows)))]
    emu_heights = [round(h * EMU_PER_PT) for h in heights]
    emu_widths = [round(w * EMU_PER_PT) for w in plan.widths]
    emu_widths[-1] = box.w - sum(emu_widths[:-1])
    shape = slide.shapes.add_table(
        len(rows) + 1, len(header), Emu(box.x), Emu(box.y), Emu(box.w), Emu(sum(emu_heights))
    )
    shape.name = "Table"
    first, last = (rows[0][0], rows[-1][0]) if rows else ("", "")
    described = f"Table of {len(rows)} rows, {first} to {last}: {', '.join(header)}" if rows else ", ".join(header)
    shape._element.find(".//" + qn("p:cNvPr")).set("descr", described)  # announced before the cells
    table = shape.table
    table.first_row, table.horz_banding = True, False
    for j, w in enumerate(emu_widths):
        table.columns[j].width = Emu(w)
    for i, h in enumerate(emu_heights):
        table.rows[i].height = Emu(h)
    for i, texts in enumerate([header, *rows]):
        fill = colours["primary"] if i == 0 else colours["panel"] if i % 2 == 0 else colours["paper"]
        ink = colours["paper"] if i == 0 else colours["ink"]
        for j, text in enumerate(texts):
            cell = table.cell(i, j)
            cell.margin_left = cell.margin_right = Emu(round(CELL_X * EMU_PER_PT))
            cell.margin_top = cell.margin_bottom = Emu(round(CELL_Y * EMU_PER_PT))
            cell.vertical_anchor = MSO_ANCHOR.BOTTOM if i == 0 else MSO_ANCHOR.MIDDLE
            cell.fill.solid()
            cell.fill.fore_color.rgb = RGBColor.from_string(fill.lstrip("#"))
            paragraph = cell.text_frame.paragraphs[0]
            paragraph.alignment = PP_ALIGN.RIGHT if numeric[j] else PP_ALIGN.LEFT
            run = paragraph.add_run()
            run.text = text
            run.font.size = Pt(plan.size)
            run.font.bold = i == 0
            run.font.color.rgb = RGBColor.from_string(ink.lstrip("#"))
    return shape


def table_fits(shape: Any, measure: Measure) -> bool:
    """Check a drawn table: every cell's paragraphs, wrapped at its column's width, fit its row height, and no
    number wraps."""
    table = shape.table
    for i, row in enumerate(table.rows):
        for j, cell in enumerate(row.cells):
            width = (table.columns[j].width - cell.margin_left - cell.margin_right) / EMU_PER_PT
            needed = (cell.margin_top + cell.margin_bottom) / EMU_PER_PT
            for paragraph in cell.text_frame.paragraphs:
                runs = list(paragraph.runs)
                if not runs:
                    continue
                size = max(r.font.size.pt for r in runs if r.font.size is not None)
                text = "".join(r.text for r in runs)
                lines = len(measure.wrap(text, width, size, any(bool(r.font.bold) for r in runs)))
                needed += lines * measure.line_factor * size
                if i > 0 and _is_number(text) and lines > 1:
                    return False
            if needed > row.height / EMU_PER_PT + 0.5:
                return False
    return True


def _is_number(text: str) -> bool:
    return text.replace(",", "").replace(".", "").replace("%", "").isdigit()
