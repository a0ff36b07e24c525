"""What a layout's master and the layout itself draw on every slide: pictures, filled shapes, frames.

Placeholders are not drawn (a slide shows them only when it fills them). A group's children are placed
through the group's transform, so a logo inside a group is found where it shows.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from lxml import etree

from report.outputs.pptx.drawingml import FILL_TAGS, NS
from report.outputs.pptx.shapes import Rect

Transform = tuple[float, float, float, float] | None  # x, y offsets and scales of a group's children


@dataclass(frozen=True)
class Drawn:
    """A picture or shape the master or layout draws on every slide, in slide EMU."""

    name: str
    what: str  # "picture", "shape" (filled, or with text) or "outline" (a frame drawn with a line only)
    owner: str  # "master" or "layout"
    rect: Rect


def elements(layout: Any) -> Iterator[tuple[Any, str, Any, Rect]]:
    """(owner, "master" or "layout", element, rectangle) for each drawn element, in drawing order; the
    master's are left out when the layout hides them."""
    owners = [(layout.slide_master, "master"), (layout, "layout")]
    if layout.element.get("showMasterSp") in ("0", "false"):
        owners = owners[1:]
    for owner, name in owners:
        for element, rect in _shapes(owner.element.find("p:cSld/p:spTree", NS), None):
            yield owner, name, element, rect


def drawn_of(layout: Any) -> tuple[Drawn, ...]:
    found = []
    for _owner, name, element, rect in elements(layout):
        what = classify(element, rect)
        if what:
            label = element.find(".//p:cNvPr", NS)
            found.append(Drawn(label.get("name", "") if label is not None else "", what, name, rect))
    return tuple(found)


def classify(element: Any, rect: Rect) -> str | None:
    """What an element shows: a picture, a shape (a fill of its own or its style's, or text), an outline
    (a line only), or nothing."""
    tag = etree.QName(element).localname
    if tag == "pic":
        return "picture"
    if tag == "graphicFrame":
        return "shape"
    properties = element.find("p:spPr", NS)
    fill = next((c for c in properties if c.tag in FILL_TAGS), None) if properties is not None else None
    if fill is None:
        reference = element.find("p:style/a:fillRef", NS)
        filled = reference is not None and reference.get("idx", "0") != "0"
    else:
        filled = etree.QName(fill).localname != "noFill"
    if filled or any((t.text or "").strip() for t in element.iter(f"{{{NS['a']}}}t")):
        return "shape"
    line = properties is not None and properties.find("a:ln", NS) is not None
    return "outline" if line and tag != "cxnSp" and rect.w and rect.h else None


def _shapes(tree: Any, transform: Transform) -> Iterator[tuple[Any, Rect]]:
    """Every drawn element under a shape tree with its rectangle in slide EMU."""
    if tree is None:
        return
    for element in tree:
        tag = etree.QName(element).localname
        if tag not in ("sp", "pic", "grpSp", "graphicFrame", "cxnSp"):
            continue
        if element.find(".//p:nvPr/p:ph", NS) is not None and tag != "grpSp":
            continue
        xfrm = element.find("p:grpSpPr/a:xfrm" if tag == "grpSp" else "p:spPr/a:xfrm", NS)
        if tag == "graphicFrame":
            xfrm = element.find("p:xfrm", NS)
        rect = _rect(xfrm, transform)
        if rect is None:
            continue
        if tag == "grpSp":
            yield from _shapes(element, _child_transform(xfrm, rect))
        else:
            yield element, rect


def _rect(xfrm: Any, transform: Transform) -> Rect | None:
    if xfrm is None:
        return None
    off, ext = xfrm.find("a:off", NS), xfrm.find("a:ext", NS)
    if off is None or ext is None:
        return None
    x, y, w, h = (int(off.get("x", "0")), int(off.get("y", "0")), int(ext.get("cx", "0")), int(ext.get("cy", "0")))
    if transform is not None:
        dx, dy, sx, sy = transform
        x, y, w, h = round(dx + x * sx), round(dy + y * sy), round(w * sx), round(h * sy)
    return Rect(x, y, w, h)


def _child_transform(xfrm: Any, rect: Rect) -> Transform:
    ch_off, ch_ext = xfrm.find("a:chOff", NS), xfrm.find("a:chExt", NS)
    if ch_off is None or ch_ext is None:
        return (rect.x, rect.y, 1.0, 1.0)
    cw, chh = int(ch_ext.get("cx", "0")) or 1, int(ch_ext.get("cy", "0")) or 1
    sx, sy = rect.w / cw if rect.w else 1.0, rect.h / chh if rect.h else 1.0
    return (rect.x - int(ch_off.get("x", "0")) * sx, rect.y - int(ch_off.get("y", "0")) * sy, sx, sy)


def describe(drawn: Sequence[Drawn]) -> str:
    """What reaches into an area, for a message: the named ones by name (a few), the unnamed ones counted
    (a LibreOffice master draws dozens of unnamed hexagons), ending in the right verb."""
    named = list(dict.fromkeys(f"the {d.owner}'s {d.what} {d.name!r}" for d in drawn if d.name))
    parts = named[:3] + ([f"{len(named) - 3} more"] if len(named) > 3 else [])
    unnamed: dict[tuple[str, str], int] = {}
    for d in drawn:
        if not d.name:
            unnamed[(d.owner, d.what)] = unnamed.get((d.owner, d.what), 0) + 1
    for (owner, what), count in unnamed.items():
        parts.append(f"{count} unnamed {what}s of the {owner}" if count > 1 else f"an unnamed {what} of the {owner}")
    single = len(drawn) == 1
    return f"{' and '.join(parts)} {'reaches' if single else 'reach'}"
