"""Names kept whole on a slide's lines (breaks.bind), as the deck's text was measured.

The deck's text is fitted with a measure that keeps names whole (fit.Measure.bound), so this last pass sets the
no-break spaces the fitting assumed, in every paragraph but those a box too tight for whole names made fit_text
measure breaking inside them (Measure.loose): no text outgrows the box it was fitted to.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from copy import deepcopy
from typing import Any

from report.outputs.pptx.fit import WIDTH_SAFETY, Frame, Measure
from report.outputs.pptx.shapes import EMU_PER_PT, frame_of
from report.words.breaks import DASH, bind

DEFAULT_SIZE = 18.0  # pt: PowerPoint's when neither the run nor the template says
_OPENING = "([“‘\"'"  # a name may open a line after a bracket or quote: "(Tokyo–Yokohama)"
_HYPHENED = re.compile(r"[^\s-]+(?:-[^\s-]+)+")  # "per-resident", an ISBN: a renderer breaks after the hyphens


def keep_names_whole(prs: Any, measure: Measure) -> None:
    """Bind the names in every text box and table cell of every slide, and keep hyphened words whole where a
    renderer would break them; notes stay as written."""
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
        if " " not in text or text in measure.loose or not _breakable(text, measure.names):
            continue
        sizes = [run.font.size.pt for run in runs if run.font.size is not None]
        size = max(sizes, default=DEFAULT_SIZE)
        bold = style.bold or all(bool(run.font.bold) for run in runs)
        lead = "" if bold else "".join(run.text for run in itertools.takewhile(lambda r: bool(r.font.bold), runs))
        for run in runs:
            run.text = bind(run.text, measure.names)
        _break_before_split_names(paragraph, bind(text, measure.names), measure, width, size, bold, lead)


def _breakable(text: str, names: Sequence[str]) -> bool:
    """Whether the text has a name to bind, a dashed name ("Shanghai–Suzhou") or a hyphened word to keep whole."""
    return bind(text, names) != text or any(DASH in n and n in text for n in names) or bool(_HYPHENED.search(text))


def _break_before_split_names(
    paragraph: Any, text: str, measure: Measure, width: float, size: float, bold: bool, lead: str
) -> None:
    """Where a line would end on a name's en dash ("San Jose– / San Francisco, CA") or inside a hyphened word
    ("978-92-805- / 3321-7"), as measured or as a renderer with the box's full width may set it, and the names
    moved whole cost the paragraph no line, break the lines before the names that then begin them. The renderer's
    lines are at least as long as the measure's, so the forced breaks never lengthen the paragraph."""
    names = [bind(n, measure.names) for n in measure.names if DASH in n] + _HYPHENED.findall(text)
    settings = [
        measure.wrap(text, room, size, bold, hyphens=True, lead=lead)
        for room in (width, width / WIDTH_SAFETY)  # as measured, and the box's whole width as a renderer may use it
    ]
    if all(_split_name(text, lines, names) is None for lines in settings):
        return
    whole = measure.wrap(text, width, size, bold, whole=names, lead=lead)
    fitted = len(measure.wrap(text, width, size, bold or bool(lead)))  # the lines fit_text counted, lead all bold
    starts = _name_starts(text, whole, names)
    bounds = [0, *starts]
    broken = "\n".join([text[a:b].rstrip(" ") for a, b in itertools.pairwise(bounds)] + [text[bounds[-1] :]])
    if len(whole) > fitted or len(measure.wrap(broken, width, size, bold or bool(lead))) > fitted:
        return  # the breaks would cost a line as the text was fitted, or as a renderer with a bold lead sets it
    for at in reversed(starts):  # from the end: earlier positions stay where they are
        _break_run(paragraph, at)


def _name_starts(text: str, lines: list[str], names: list[str]) -> list[int]:
    """Where in ``text`` the lines after the first begin, of those that begin with one of the names."""
    starts, at = [], 0
    for number, line in enumerate(lines):
        at = text.find(line, at)
        if at < 0:  # not the text's own spacing: leave it
            return []
        if number and at > 0 and text[at - 1] == " " and any(line.lstrip(_OPENING).startswith(n) for n in names):
            starts.append(at)
        at += len(line)
    return starts


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
    """A line break (a:br) before character ``at`` of the paragraph's text, the space before it dropped. In a
    paragraph with a link, LibreOffice draws the link in its own colour once the paragraph holds an a:br, so there
    the rest goes to a paragraph of its own that reads as the same one (no space before it, no bullet)."""
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls, qn

    linked = paragraph._p.find(f".//{qn('a:hlinkClick')}") is not None
    seen = 0
    for run in paragraph.runs:
        text = run.text
        if seen <= at < seen + len(text) and at > seen:
            cut = at - seen
            r = run._r
            twin = deepcopy(r)
            r.t.text = text[:cut].rstrip(" ")
            twin.t.text = text[cut:]
            if linked:
                _continue_paragraph(paragraph._p, r, twin)
                return
            br = parse_xml(f"<a:br {nsdecls('a')}/>")
            if r.rPr is not None:
                br.append(deepcopy(r.rPr))
            r.addnext(br)
            br.addnext(twin)
            return
        seen += len(text)


_BULLETS = ("buClrTx", "buClr", "buSzTx", "buSzPct", "buSzPts", "buFontTx", "buFont", "buNone", "buAutoNum", "buChar")


def _continue_paragraph(p: Any, run: Any, first: Any) -> None:
    """Move ``first`` and everything after ``run`` to a new paragraph after ``p`` that continues it on a new line."""
    from pptx.oxml import parse_xml
    from pptx.oxml.ns import nsdecls, qn

    rest = parse_xml(f"<a:p {nsdecls('a')}/>")
    own = p.find(qn("a:pPr"))
    props = parse_xml(f"<a:pPr {nsdecls('a')}/>") if own is None else deepcopy(own)
    props.set("indent", "0")
    for tag in ("spcBef", *_BULLETS):
        for old in props.findall(qn(f"a:{tag}")):
            props.remove(old)
    after = props.find(qn("a:lnSpc"))
    gap = parse_xml(f'<a:spcBef {nsdecls("a")}><a:spcPts val="0"/></a:spcBef>')
    if after is None:
        props.insert(0, gap)
    else:
        after.addnext(gap)
    tail = [props.find(qn(f"a:{t}")) for t in ("tabLst", "defRPr", "extLst")]
    anchor = next((t for t in tail if t is not None), None)
    none = parse_xml(f"<a:buNone {nsdecls('a')}/>")
    if anchor is None:
        props.append(none)
    else:
        anchor.addprevious(none)
    rest.append(props)
    moving = [first, *run.itersiblings()]
    for element in moving:
        if element.tag != qn("a:pPr"):
            rest.append(element)
    p.addnext(rest)
