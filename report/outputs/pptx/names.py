"""Names kept whole on a slide's lines (breaks.bind), as the deck's text was measured.

The deck's text is fitted with a measure that keeps names whole (fit.Measure.bound), so this last pass sets the
no-break spaces the fitting assumed, in every paragraph but those a box too tight for whole names made fit_text
measure breaking inside them (Measure.loose): no text outgrows the box it was fitted to.
"""

from __future__ import annotations

from copy import deepcopy
from typing import Any

from report.outputs.pptx.fit import WIDTH_SAFETY, Frame, Measure
from report.outputs.pptx.shapes import EMU_PER_PT, frame_of
from report.words.breaks import DASH, bind

DEFAULT_SIZE = 18.0  # pt: PowerPoint's when neither the run nor the template says


def keep_names_whole(prs: Any, measure: Measure) -> None:
    """Bind the names in every text box and table cell of every slide; notes stay as written."""
    if not measure.names:
        return
    for slide in prs.slides:
        for shape in _shapes(slide.shapes):
            if getattr(shape, "has_table", False) and shape.has_table:
                table = shape.table
                for row in table.rows:
                    for j, cell in enumerate(row.cells):
                        margins = (cell.margin_left or 0) + (cell.margin_right or 0)
                        width = (table.columns[j].width - margins) / EMU_PER_PT
                        _bind_frame(cell.text_frame, Frame(width, 1e6), measure)
            elif shape.has_text_frame:
                _bind_frame(shape.text_frame, frame_of(shape), measure)


def _shapes(shapes: Any) -> list[Any]:
    found = []
    for shape in shapes:
        found += _shapes(shape.shapes) if hasattr(shape, "shapes") and not hasattr(shape, "text_frame") else [shape]
    return found


def _bind_frame(frame: Any, box: Frame, measure: Measure) -> None:
    for paragraph in frame.paragraphs:
        style = box.level(paragraph.level)
        width = max(1.0, box.width - style.margin - max(0.0, style.indent))
        runs = list(paragraph.runs)
        text = "".join(run.text for run in runs)
        if " " not in text or bind(text, measure.names) == text or text in measure.loose:
            continue
        sizes = [run.font.size.pt for run in runs if run.font.size is not None]
        size = max(sizes, default=DEFAULT_SIZE)
        bold = any(bool(run.font.bold) for run in runs)
        for run in runs:
            run.text = bind(run.text, measure.names)
        _break_before_split_names(paragraph, bind(text, measure.names), measure, width, size, bold)


def _break_before_split_names(
    paragraph: Any, text: str, measure: Measure, width: float, size: float, bold: bool
) -> None:
    """Where a line would end on a name's en dash ("San Jose– / San Francisco, CA") and the name, moved whole to
    the next line, costs the paragraph no line, break the line before the name (the first such name only). The
    renderer's lines are at least as long as the measure's, so the forced break never lengthens the paragraph."""
    names = [bind(n, measure.names) for n in measure.names if DASH in n]
    lines = measure.wrap(text, width, size, bold)
    # as measured, with the margin the fitting keeps, and as a renderer with the box's full width may set it
    split = _split_name(text, lines, names)
    if split is None:
        split = _split_name(text, measure.wrap(text, width / WIDTH_SAFETY, size, bold), names)
    if split is not None and len(measure.wrap(text, width, size, bold, whole=names)) <= len(lines):
        _break_run(paragraph, split)


def _split_name(text: str, lines: list[str], names: list[str]) -> int | None:
    """Where in ``text`` a name begins that the lines break inside, if one does."""
    ends, at = [], 0
    for line in lines[:-1]:
        at = text.find(line, at)
        if at < 0:  # not the text's own spacing: leave it
            return None
        at += len(line)
        ends.append(at)
    for name in names:
        start = text.find(name)
        while start >= 0:
            if any(start < end < start + len(name) for end in ends) and start > 0:
                return start
            start = text.find(name, start + 1)
    return None


def _break_run(paragraph: Any, at: int) -> None:
    """A line break (a:br) before character ``at`` of the paragraph's text, the space before it dropped."""
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls

    seen = 0
    for run in paragraph.runs:
        text = run.text
        if seen <= at < seen + len(text) and at > seen:
            cut = at - seen
            r = run._r
            twin = deepcopy(r)
            r.t.text = text[:cut].rstrip(" ")
            twin.t.text = text[cut:]
            br = parse_xml(f"<a:br {nsdecls('a')}/>")
            if r.rPr is not None:
                br.append(deepcopy(r.rPr))
            r.addnext(br)
            br.addnext(twin)
            return
        seen += len(text)
