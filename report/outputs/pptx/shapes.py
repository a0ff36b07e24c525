"""Low-level slide work: read the template's text styles, write fitted text, place pictures, add footers.

Text styles are inherited (slide placeholder, layout placeholder, master placeholder, master text styles);
we read them the same way a renderer does, so that what we measure is what will be drawn.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pptx.oxml.ns import qn
from pptx.util import Emu, Pt

from report.outputs.pptx.fit import Fit, Frame, Level, Line

EMU_PER_PT = 12700
DEFAULT_INSETS = {"lIns": 91440, "tIns": 45720, "rIns": 91440, "bIns": 45720}
SLIDE_NUMBER_FIELD_ID = "{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}"  # fixed: ids must not vary between builds
_TITLE_TYPES = ("title", "ctrTitle")
_OWN_TYPES = ("dt", "ftr", "sldNum", "hdr")
# The template theme's body (minor) Latin font: text boxes of our own draw in the template's face, whatever it is.
THEME_BODY_FONT = "+mn-lt"


@dataclass(frozen=True)
class Rect:
    """A rectangle in EMU."""

    x: int
    y: int
    w: int
    h: int

    @property
    def bottom(self) -> int:
        return self.y + self.h


def rect_of(shape: Any) -> Rect:
    return Rect(int(shape.left or 0), int(shape.top or 0), int(shape.width or 0), int(shape.height or 0))


def ph_type(element: Any) -> str | None:
    ph = element.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
    return None if ph is None else ph.get("type", "obj")


def _master_of(part: Any) -> Any:
    from pptx.parts.slide import SlidePart

    return part.slide_layout.slide_master if isinstance(part, SlidePart) else part.slide_master


def _chain(shape: Any) -> tuple[list[Any], Any]:
    """The shape's element and those it inherits from, and the master text style that ends the chain."""
    from pptx.parts.slide import SlidePart

    elements, kind = [shape.element], ph_type(shape.element)
    master = _master_of(shape.part)
    styles = master.element.find(qn("p:txStyles"))
    if kind is None:
        return elements, None if styles is None else styles.find(qn("p:otherStyle"))
    if isinstance(shape.part, SlidePart):
        layout_ph = shape.part.slide_layout.placeholders.get(idx=shape.element.ph_idx)
        if layout_ph is not None:
            elements.append(layout_ph.element)
    base = "title" if kind in _TITLE_TYPES else kind if kind in _OWN_TYPES else "body"
    elements.extend(ph.element for ph in master.placeholders if ph_type(ph.element) == base)
    name = "p:titleStyle" if kind in _TITLE_TYPES else "p:otherStyle" if kind in _OWN_TYPES else "p:bodyStyle"
    return elements, None if styles is None else styles.find(qn(name))


def style_chain(shape: Any) -> tuple[list[Any], Any]:
    """The elements ``shape`` inherits its text style from, nearest first, and the master text style last."""
    return _chain(shape)


def _level_props(elements: list[Any], style: Any, level: int) -> list[Any]:
    tag = qn(f"a:lvl{level + 1}pPr")
    found = [e.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}/{tag}") for e in elements]
    if style is not None:
        found.append(style.find(tag))
    return [f for f in found if f is not None]


def _first(props: list[Any], get: Any) -> Any:
    for ppr in props:
        value = get(ppr)
        if value is not None:
            return value
    return None


def _spacing(ppr: Any, tag: str) -> tuple[str, float] | None:
    node = ppr.find(qn(tag))
    if node is None or len(node) == 0:
        return None
    child = node[0]
    unit = "pct" if child.tag == qn("a:spcPct") else "pts"
    return unit, int(child.get("val", "0")) / (100000 if unit == "pct" else 100)


def _level(props: list[Any]) -> Level:
    def attr(name: str) -> Any:
        return _first(props, lambda p: p.get(name))

    line = _first(props, lambda p: _spacing(p, "a:lnSpc")) or ("pct", 1.0)
    before = _first(props, lambda p: _spacing(p, "a:spcBef")) or ("pts", 0.0)
    after = _first(props, lambda p: _spacing(p, "a:spcAft")) or ("pts", 0.0)
    bold = _first(props, lambda p: None if p.find(qn("a:defRPr")) is None else p.find(qn("a:defRPr")).get("b"))
    return Level(
        margin=int(attr("marL") or 0) / EMU_PER_PT,
        indent=int(attr("indent") or 0) / EMU_PER_PT,
        line_spacing=line[1] if line[0] == "pct" else 1.0,
        line_points=line[1] if line[0] == "pts" else None,
        space_before=before[1] if before[0] == "pts" else 0.0,
        space_before_lines=before[1] * 1.2 if before[0] == "pct" else 0.0,
        space_after=after[1] if after[0] == "pts" else 0.0,
        bold=bold in ("1", "true"),
    )


@dataclass(frozen=True)
class _Inherited:
    """What a slide placeholder takes from its layout and master: worked out once per layout placeholder."""

    elements: tuple[Any, ...]  # the layout's and master's placeholder elements, nearest first
    style: Any  # the master text style that ends the chain
    levels: tuple[Level, ...]  # the level styles, for a shape that sets none of its own
    insets: dict[str, int]


def _inherited(shape: Any) -> _Inherited:
    """The inherited half of ``_chain`` with its levels and insets, kept on the slide layout's part (so it lives
    as long as the deck): a hub deck asks for the same few placeholders' frames hundreds of times."""
    from pptx.parts.slide import SlidePart

    key = (ph_type(shape.element), shape.element.ph_idx if ph_type(shape.element) else None)
    holder = shape.part.slide_layout if isinstance(shape.part, SlidePart) and key[0] is not None else None
    kept: dict[Any, _Inherited] = holder.__dict__.setdefault("_report_inherited", {}) if holder else {}
    found = kept.get(key)
    if found is None:
        elements, style = _chain(shape)
        rest = elements[1:]
        found = kept[key] = _Inherited(
            tuple(rest),
            style,
            tuple(_level(_level_props(rest, style, n)) for n in range(9)),
            _insets(rest, DEFAULT_INSETS),
        )
    return found


def _insets(elements: list[Any], defaults: dict[str, int]) -> dict[str, int]:
    bodies = [e.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}") for e in elements]
    return {
        name: next((int(b.get(name)) for b in bodies if b is not None and b.get(name) is not None), default)
        for name, default in defaults.items()
    }


def frame_of(shape: Any, rect: Rect | None = None) -> Frame:
    """The usable text area of ``shape`` (or of ``rect`` with the shape's insets) and its level styles."""
    inherited, own = _inherited(shape), shape.element
    own_styles = own.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}")
    insets = _insets([own], inherited.insets)
    box = rect or rect_of(shape)
    if own_styles is None or len(own_styles) == 0:
        levels = inherited.levels
    else:
        elements = [own, *inherited.elements]
        levels = tuple(_level(_level_props(elements, inherited.style, n)) for n in range(9))
    width = (box.w - insets["lIns"] - insets["rIns"]) / EMU_PER_PT
    height = (box.h - insets["tIns"] - insets["bIns"]) / EMU_PER_PT
    body = own.find(f"{qn('p:txBody')}/{qn('a:bodyPr')}")
    columns = int(body.get("numCol", "1")) if body is not None else 1
    if columns > 1:  # text runs down one column, then the next: as if one narrow box, that many times as tall
        gap = int(body.get("spcCol", "0")) / EMU_PER_PT
        width, height = (width - gap * (columns - 1)) / columns, height * columns
    return Frame(width, height, levels)


def base_size(shape: Any) -> float | None:
    """The font size (pt) the template gives the first level of ``shape``, if it gives one."""
    inherited = _inherited(shape)
    props = _level_props([shape.element, *inherited.elements], inherited.style, 0)
    size = _first(props, lambda p: None if p.find(qn("a:defRPr")) is None else p.find(qn("a:defRPr")).get("sz"))
    return None if size is None else int(size) / 100


def write_lines(
    shape: Any,
    fit: Fit,
    *,
    family: str | None = None,
    colour: str | None = None,
    link_colour: str | None = None,
    gap_lines: float = 0.0,
    line_spacing: float | None = None,
) -> None:
    """Replace the shape's text with ``fit.shown`` at ``fit.size``: autofit off, word wrap on; links in
    ``link_colour`` when given (the theme's hyperlink colour does not read on the slide); ``gap_lines`` (a
    fraction of the size) before each paragraph, as the measure's Level(space_before_lines=...) counts it, and
    ``line_spacing`` (a multiple of single) as its Level(line_spacing=...) does."""
    from pptx.enum.text import MSO_AUTO_SIZE

    frame = shape.text_frame
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    for number, line in enumerate(fit.shown):
        paragraph = frame.paragraphs[0] if number == 0 else frame.add_paragraph()
        paragraph.level = line.level
        if line.plain:
            _no_bullet(paragraph._p.get_or_add_pPr())
        size = Pt(round(fit.size * line.scale, 2))
        if gap_lines:
            paragraph.space_before = Pt(round(fit.size * gap_lines, 2))
        if line_spacing:
            paragraph.line_spacing = line_spacing
        # a link goes on the lead when there is one: a short run a viewer never has to break inside a word; the
        # space after it goes with the text, so the link's underline stops at its last letter
        runs = (
            [(line.lead, True, line.link), (f" {line.text}", line.bold, None)]
            if line.lead
            else [(line.text, line.bold, line.link)]
        )
        for text, bold, link in runs:
            run = paragraph.add_run()
            run.text = text
            _style_run(run, size, bold, family, (link_colour if link else None) or line.colour or colour, link)
            if link and link_colour:
                _link_in_run_colour(run)


def _style_run(run: Any, size: Any, bold: bool, family: str | None, colour: str | None, link: str | None) -> None:
    from pptx.dml.color import RGBColor

    run.font.size = size
    if bold:
        run.font.bold = True
    if family:
        run.font.name = family
    if colour:
        run.font.color.rgb = RGBColor.from_string(colour.lstrip("#"))
    if link:
        run.hyperlink.address = link


HYPERLINK_COLOUR_EXT = "{A12FA001-AC4F-418D-AE19-62706E023703}"
HYPERLINK_COLOUR_NS = "http://schemas.microsoft.com/office/drawing/2018/hyperlinkcolor"


def _link_in_run_colour(run: Any) -> None:
    """Tell PowerPoint to draw this link in the run's colour, not the theme's hyperlink colour."""
    click = run._r.find(f"{qn('a:rPr')}/{qn('a:hlinkClick')}")
    if click is None:
        return
    ext_list = click.makeelement(qn("a:extLst"), {})
    ext = ext_list.makeelement(qn("a:ext"), {"uri": HYPERLINK_COLOUR_EXT})
    ext.append(
        ext.makeelement(f"{{{HYPERLINK_COLOUR_NS}}}hlinkClr", {"val": "tx"}, nsmap={"ahyp": HYPERLINK_COLOUR_NS})
    )
    ext_list.append(ext)
    click.append(ext_list)


def _no_bullet(ppr: Any) -> None:
    """No bullet and no indent, with <a:buNone/> where the schema wants it (before tabLst, defRPr, extLst)."""
    ppr.set("marL", "0")
    ppr.set("indent", "0")
    for child in list(ppr):
        if child.tag in {qn(t) for t in ("a:buNone", "a:buAutoNum", "a:buChar", "a:buBlip")}:
            ppr.remove(child)
    after = next((c for c in ppr if c.tag in {qn(t) for t in ("a:tabLst", "a:defRPr", "a:extLst")}), None)
    none = ppr.makeelement(qn("a:buNone"), {})
    if after is not None:
        after.addprevious(none)
    else:
        ppr.append(none)


def lines_of(shape: Any) -> list[Line]:
    """Read a filled text frame back as Lines whose ``scale`` is the run size in points (for checking fit)."""
    frame = frame_of(shape)
    lines = []
    for paragraph in shape.text_frame.paragraphs:
        runs = list(paragraph.runs)
        if not runs:
            continue
        ppr = paragraph._p.pPr
        plain = ppr is not None and ppr.find(qn("a:buNone")) is not None
        size = max(r.font.size.pt if r.font.size is not None else 18.0 for r in runs)
        bold = any(r.font.bold for r in runs) or (runs[0].font.bold is None and frame.level(paragraph.level).bold)
        lines.append(Line(_paragraph_text(paragraph), paragraph.level, plain, bold, scale=size))
    return lines


def _paragraph_text(paragraph: Any) -> str:
    """The paragraph's text with each line break (a:br, which names.keep_names_whole sets) as a newline."""
    parts = []
    for child in paragraph._p:
        if child.tag == qn("a:br"):
            parts.append("\n")
        elif child.tag in (qn("a:r"), qn("a:fld")):
            parts.append("".join(t.text or "" for t in child.iter(qn("a:t"))))
    return "".join(parts)


def remove(shape: Any) -> None:
    shape.element.getparent().remove(shape.element)


def add_picture(
    slide: Any, png: Path, box: Rect, width_px: int, height_px: int, *, name: str, alt: str, valign: str = "middle"
) -> Any:
    """The PNG as large as fits ``box`` with its aspect ratio kept exactly, centred (or top-aligned)."""
    scale = min(box.w / width_px, box.h / height_px)
    w, h = round(width_px * scale), round(height_px * scale)
    y = box.y if valign == "top" else box.y + (box.h - h) // 2
    picture = slide.shapes.add_picture(str(png), Emu(box.x + (box.w - w) // 2), Emu(y), Emu(w), Emu(h))
    c_nv_pr = picture._element.nvPicPr.cNvPr
    c_nv_pr.set("name", name)
    c_nv_pr.set("descr", alt)
    return picture


def add_textbox(slide: Any, box: Rect) -> Any:
    """A text box with no insets, so its text aligns with the shapes around it."""
    shape = slide.shapes.add_textbox(Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
    body = shape.text_frame._txBody.bodyPr
    for name in DEFAULT_INSETS:
        body.set(name, "0")
    return shape


def layout_placeholder(layout: Any, kind: str) -> Any:
    return next((ph for ph in layout.placeholders if ph_type(ph.element) == kind), None)


def add_footer_shape(slide: Any, kind: str, fallback: Rect) -> Any:
    """The layout's (or the master's) footer or slide-number placeholder on the slide; a text box if neither."""
    source = layout_placeholder(slide.slide_layout, kind)
    if source is not None:
        slide.shapes.clone_placeholder(source)
        return slide.shapes[-1]
    master_ph = layout_placeholder(slide.slide_layout.slide_master, kind)
    return add_textbox(slide, rect_of(master_ph) if master_ph is not None else fallback)


def set_slide_number(shape: Any, number: int, size: float, colour: str | None = None) -> None:
    """A real slide-number field, so the number stays right if slides are moved in PowerPoint."""
    from pptx.enum.text import MSO_AUTO_SIZE, PP_ALIGN

    frame = shape.text_frame
    frame.clear()
    frame.word_wrap = True
    frame.auto_size = MSO_AUTO_SIZE.NONE
    paragraph = frame.paragraphs[0]
    if ph_type(shape.element) is None:
        paragraph.alignment = PP_ALIGN.RIGHT
    p = paragraph._p
    field = p.makeelement(qn("a:fld"), {"id": SLIDE_NUMBER_FIELD_ID, "type": "slidenum"})
    rpr = field.makeelement(qn("a:rPr"), {"lang": "en-US", "sz": str(round(size * 100))})
    if colour:
        fill = rpr.makeelement(qn("a:solidFill"), {})
        fill.append(fill.makeelement(qn("a:srgbClr"), {"val": colour.lstrip("#").upper()}))
        rpr.append(fill)
    text = field.makeelement(qn("a:t"), {})
    text.text = str(number)
    field.extend([rpr, text])
    end = p.find(qn("a:endParaRPr"))
    if end is not None:
        end.addprevious(field)
    else:
        p.append(field)


def has_slide_number(slide: Any) -> bool:
    return any(f.get("type") == "slidenum" for f in slide.element.iter(qn("a:fld")))
