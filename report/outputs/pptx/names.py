"""Names kept whole on a slide's lines, wherever that costs no line (breaks.bind).

The deck's text is fitted with a measure that keeps names whole (fit.Measure.bound). This last pass sets the
no-break spaces in the written text, paragraph by paragraph, only where the paragraph takes no more lines with
them than without: a name never breaks inside where it can help it, and no text outgrows the box it was fitted
to (where a box is so tight that a whole name would cost a line, fit_text measured it without them too).
"""

from __future__ import annotations

from typing import Any

from report.outputs.pptx.fit import Frame, Measure
from report.outputs.pptx.shapes import frame_of
from report.words.breaks import bind

EMU_PER_PT = 12700
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
    free = measure.bound(())
    for paragraph in frame.paragraphs:
        style = box.level(paragraph.level)
        width = max(1.0, box.width - style.margin - max(0.0, style.indent))
        runs = list(paragraph.runs)
        text = "".join(run.text for run in runs)
        if " " not in text or bind(text, measure.names) == text:
            continue
        sizes = [run.font.size.pt for run in runs if run.font.size is not None]
        size = max(sizes, default=DEFAULT_SIZE)
        bold = any(bool(run.font.bold) for run in runs)
        if len(measure.wrap(text, width, size, bold)) <= len(free.wrap(text, width, size, bold)):
            for run in runs:
                run.text = bind(run.text, measure.names)
