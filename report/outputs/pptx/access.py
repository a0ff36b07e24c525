"""The deck's accessibility basics, as one last pass over the finished presentation (package.save runs it).

Done after the slides are built, not inside each slide builder, so any slide any builder makes gets it:
- every slide has a title, and no two titles are the same: a repeated one ("Sources (continued)") is
  numbered ("Sources (continued 2)");
- the reading order (shape order in the slide's tree) is the title, the body text and tables, then each
  picture followed by its caption, then the footer, date and slide number;
- every picture on a slide has alt text (a missing one is a bug: an error); a shape with no text, picture
  or table (a bar, a rule), and a template's own picture without alt text on a master or layout (a logo),
  is marked decorative (Office's a16 decorative extension);
- every run of text carries the briefing's language, and so do the presentation's default text styles;
  a run in another script (a Korean name, which scripts.py cut into a run of its own) carries that one.
"""

from __future__ import annotations

from typing import Any

from lxml import etree
from pptx.oxml.ns import qn

from report.outputs.pptx.scripts import language_of

DECORATIVE_URI = "{C183D7F6-B498-43B3-948B-1728B52AA6E4}"
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
_SHAPES = {qn("p:sp"), qn("p:pic"), qn("p:graphicFrame"), qn("p:grpSp"), qn("p:cxnSp")}
_FOOTERS = {"ftr", "dt", "sldNum"}


class InaccessibleDeck(ValueError):
    """A deck the pass cannot make accessible (a slide without a title, a picture without alt text): a bug."""


def make_accessible(prs: Any, language: str) -> None:
    titles: dict[str, int] = {}
    for number, slide in enumerate(prs.slides, 1):
        _unique_title(slide, number, titles)
        _reading_order(slide)
        _mark_pictures_and_decoration(slide.shapes, f"slide {number}")
        _set_language(slide.element, language)
        if slide.has_notes_slide:
            _set_language(slide.notes_slide.element, language)
    for master in prs.slide_masters:
        _mark_pictures_and_decoration(master.shapes, "")
        for layout in master.slide_layouts:
            _mark_pictures_and_decoration(layout.shapes, "")
    _set_language(prs.part._element.find(qn("p:defaultTextStyle")), language)


def _unique_title(slide: Any, number: int, seen: dict[str, int]) -> None:
    title = slide.shapes.title
    text = title.text_frame.text if title is not None else ""
    if not text.strip():
        raise InaccessibleDeck(f"slide {number} has no title")
    text = text.rstrip()
    count = seen.get(text, 0) + 1
    seen[text] = count
    if count == 1:
        return
    unique = numbered(text, count)
    while unique in seen:  # "A (2)" may itself be a title already
        count += 1
        unique = numbered(text, count)
    seen[text], seen[unique] = count, 1
    keep = len(text) - (2 if text.endswith(")") else 0)  # the characters before what numbered() changed
    runs = [run for paragraph in title.text_frame.paragraphs for run in paragraph.runs]
    before = len(title.text_frame.text) - len(runs[-1].text)  # where the last run starts in the title's text
    if before > keep:
        raise InaccessibleDeck(f"slide {number}: cannot number the title {text!r}")
    runs[-1].text = runs[-1].text[: keep - before] + unique[keep:]


def numbered(title: str, count: int) -> str:
    """The count-th slide with this title: "Sources (continued)" -> "Sources (continued 2)", "A" -> "A (2)"."""
    return f"{title[:-1]} {count})" if title.endswith(")") else f"{title} ({count})"


def _placeholder_type(element: Any) -> str | None:
    ph = element.find(f".//{qn('p:nvPr')}/{qn('p:ph')}")
    if ph is None:
        return None
    return ph.get("type", "body")


def _reading_order(slide: Any) -> None:
    """Title, body and tables, pictures each with the caption drawn under it, then footers."""
    tree = slide.shapes._spTree
    shapes = [child for child in tree if child.tag in _SHAPES]
    pictures = [s for s in shapes if s.tag == qn("p:pic")]
    captions = {_caption_of(p, shapes): p for p in pictures}
    captions.pop(None, None)

    def rank(element: Any) -> int:
        kind = _placeholder_type(element)
        if kind in ("title", "ctrTitle"):
            return 0
        if kind in _FOOTERS:
            return 3
        if element.tag == qn("p:pic") or element in captions:
            return 2
        return 1

    ordered = sorted((s for s in shapes if s not in captions), key=rank)
    for picture, caption in ((p, c) for c, p in captions.items()):
        ordered.insert(ordered.index(picture) + 1, caption)
    for element in shapes:
        tree.remove(element)
    tree.extend(ordered)


def _caption_of(picture: Any, shapes: list[Any]) -> Any:
    """The text box right under a picture and within its width: its caption, if it has one."""
    x, y, w, h = _box(picture)
    below = [
        s
        for s in shapes
        if s.tag == qn("p:sp") and _placeholder_type(s) is None and s.find(f".//{qn('a:t')}") is not None
    ]
    best = None
    for shape in below:
        sx, sy, sw, _sh = _box(shape)
        if (
            sx >= x - 1
            and sx + sw <= x + w + 1
            and 0 <= sy - (y + h) <= 0.25 * h
            and (best is None or sy < _box(best)[1])
        ):
            best = shape
    return best


def _box(element: Any) -> tuple[int, int, int, int]:
    off, ext = element.find(f".//{qn('a:off')}"), element.find(f".//{qn('a:ext')}")
    if off is None or ext is None:
        return 0, 0, 0, 0
    return int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy"))


def _mark_pictures_and_decoration(shapes: Any, where: str) -> None:
    for shape in shapes:
        element = shape.element
        properties = element.find(f".//{qn('p:cNvPr')}")
        if properties is None or shape.is_placeholder:
            continue
        if element.tag == qn("p:pic"):
            if (properties.get("descr") or "").strip() or _is_decorative(properties):
                continue
            if not where:  # a template's own picture (a logo, a backdrop) on a master or layout: branding
                _set_decorative(properties)
                continue
            raise InaccessibleDeck(f"{where}: the picture {shape.name!r} has no alt text")
        elif element.tag in (qn("p:sp"), qn("p:cxnSp")) and element.find(f".//{qn('a:t')}") is None:
            _set_decorative(properties)


def _is_decorative(properties: Any) -> bool:
    return any(e.get("val") == "1" for e in properties.iter(f"{{{DECORATIVE_NS}}}decorative"))


def _set_decorative(properties: Any) -> None:
    if _is_decorative(properties):
        return
    ext_list = properties.find(qn("a:extLst"))
    if ext_list is None:
        ext_list = etree.SubElement(properties, qn("a:extLst"))
    ext = etree.SubElement(ext_list, qn("a:ext"), uri=DECORATIVE_URI)
    etree.SubElement(ext, f"{{{DECORATIVE_NS}}}decorative", nsmap={"adec": DECORATIVE_NS}, val="1")


def _set_language(root: Any, language: str) -> None:
    """``lang`` on every run, field and paragraph end, adding run properties where a run has none."""
    if root is None:
        return
    for run in [*root.iter(qn("a:r")), *root.iter(qn("a:fld"))]:
        if run.find(qn("a:rPr")) is None:
            run.insert(0, run.makeelement(qn("a:rPr"), {}))
    for tag in ("a:rPr", "a:endParaRPr", "a:defRPr"):
        for properties in root.iter(qn(tag)):
            properties.set("lang", language)
    for run in root.iter(qn("a:r")):
        if not (text := run.findtext(qn("a:t")) or "").isascii() and (own := language_of(text)):
            run.find(qn("a:rPr")).set("lang", own)
