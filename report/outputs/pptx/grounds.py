"""What each kind of slide is drawn on, and what follows from it: the colours the tool sets its own text and
fills in, the master's pictures and shapes its content keeps clear of, and warnings about the template's own
text where it does not stand out from its background.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from pptx.oxml.ns import qn

from report.look.contrast import AIM, BODY, LARGE, RGB, Ground, adapt, hex_of, lowest, ratio, readable, rgb, worst
from report.outputs.pptx.backdrop import Backdrop, backdrop_of
from report.outputs.pptx.drawingml import Scheme, colour_in
from report.outputs.pptx.drawn import Drawn, describe
from report.outputs.pptx.geometry import Box, inches
from report.outputs.pptx.layouts import FOOTER_TYPES, Resolved, boxes, derived_table_area, slide_size
from report.outputs.pptx.obstacles import COSTLY, clear_of, cost, free_rects, obstacles
from report.outputs.pptx.shapes import EMU_PER_PT, Rect, base_size, style_chain

TEXT_ROLES = frozenset({"title", "subtitle", "meta", "body", "left", "right"})
LABELS = MappingProxyType({"two_content": "two-column", "closing": "closing and list"})
ROLE_LABELS = MappingProxyType(
    {"chart": "chart area", "table": "table area", "body": "text body", "left": "left text body",
     "right": "right text body", "subtitle": "subtitle", "meta": "second text box"}
)  # fmt: skip


@dataclass(frozen=True, eq=False)
class Look:
    """One slide kind's layout as the tool sees it: its palette, ground, obstacles and free areas."""

    kind: str
    resolved: Resolved
    palette: Mapping[str, str]
    ground: Ground
    backdrop: Backdrop
    areas: Mapping[str, Rect]  # each role's rectangle on the layout
    intruding: Mapping[str, tuple[Drawn, ...]]  # per role, what the master or layout draws into it
    panel: bool  # the content area is a picture or gradient: charts sit on a panel of their own
    footer_unreadable: bool = False  # the template's footer text does not reach 4.5:1 on its background
    link: str | None = None  # the colour links take, when the theme's hyperlink colour does not read here

    def clear(self, role: str, rect: Rect, aspect: float | None = None) -> Rect:
        """``rect`` (a role's box, or part of it) less what intrudes into that role's area."""
        blocks = [d.rect for d in self.intruding.get(role, ())]
        return clear_of(rect, blocks, aspect) if blocks else rect

    def free(self, role: str, rect: Rect) -> list[Rect]:
        """The largest parts of ``rect`` clear of what intrudes into that role's area (``rect`` if nothing)."""
        blocks = [d.rect for d in self.intruding.get(role, ())]
        return (free_rects(rect, blocks) or [Rect(rect.x, rect.y, 0, 0)]) if blocks else [rect]

    def lost(self, role: str) -> float:
        area = self.areas.get(role)
        return 0.0 if area is None else cost(area, self.clear(role, area))


def role_areas(resolved: Resolved, slide: tuple[int, int]) -> dict[str, Rect]:
    by_idx = {b.idx: b for b in boxes(resolved.layout)}
    areas = {role: _rect(by_idx[idx]) for role, idx in resolved.roles.items() if idx in by_idx}
    if resolved.kind == "table" and "table" not in areas and "title" in resolved.roles:
        areas["table"] = Rect(*derived_table_area(by_idx[resolved.roles["title"]], slide))
    return areas


def _rect(box: Box) -> Rect:
    return Rect(box.left, box.top, box.width, box.height)


def footer_areas(layout: Any, slide: tuple[int, int]) -> list[Rect]:
    """Where source lines and slide numbers go: the layout's (or master's) footer boxes, else the bottom band."""
    found = [_rect(b) for b in boxes(layout) if b.type in ("ftr", "sldNum")]
    if not found:
        master = layout.slide_master
        for shape in master.placeholders:
            kind = shape.element.ph.get("type", "obj")
            if kind in ("ftr", "sldNum"):
                found.append(
                    Rect(int(shape.left or 0), int(shape.top or 0), int(shape.width or 0), int(shape.height or 0))
                )
    w, h = slide
    return found or [Rect(round(w * 0.045), round(h * 0.91), round(w * 0.91), round(h * 0.055))]


def look_of(resolved: Resolved, colours: Mapping[str, str], slide: tuple[int, int], where: str) -> Look:
    backdrop = backdrop_of(resolved.layout, *slide, where)
    areas = role_areas(resolved, slide)
    intruding = {role: obstacles(area, backdrop.drawn, slide) for role, area in areas.items()}
    clear = {role: clear_of(area, [d.rect for d in intruding[role]]) for role, area in areas.items()}
    content = [clear[r] for r in ("chart", "table", "body", "left", "right") if r in clear] or list(clear.values())
    behind = backdrop.ground(content[:1])  # what the content sits on, not the logo it keeps clear of
    everything = backdrop.ground([*clear.values(), *footer_areas(resolved.layout, slide)])
    ground = Ground(tuple({*everything.samples, *behind.samples}), behind.main, behind.even)
    palette = adapt(colours, ground)
    scheme = backdrop.scheme
    link = hex_of(scheme.named("hlink"))
    readable_link = readable(link, [*ground.samples, *everything.samples], AIM)
    return Look(
        resolved.kind,
        resolved,
        MappingProxyType(palette),
        ground,
        backdrop,
        MappingProxyType(areas),
        MappingProxyType({r: d for r, d in intruding.items() if d}),
        not behind.even,
        _footer_unreadable(resolved.layout, backdrop, slide),
        None if readable_link == link else readable_link,
    )


def _footer_unreadable(layout: Any, backdrop: Backdrop, slide: tuple[int, int]) -> bool:
    """Whether the template's footer placeholder sets its text in a colour under 4.5:1 on what is behind it."""
    shape = next((s for s in layout.placeholders if s.element.ph.get("type") == "ftr"), None)
    if shape is None:
        shape = next((s for s in layout.slide_master.placeholders if s.element.ph.get("type") == "ftr"), None)
    if shape is None:
        return False
    colour, _size, _bold = template_text(shape, backdrop.scheme)
    rect = Rect(*(int(v or 0) for v in (shape.left, shape.top, shape.width, shape.height)))
    return worst(colour, backdrop.ground([rect]).samples) < BODY - 1e-9


def looks_for(prs: Any, layouts: Mapping[str, Resolved], colours: Mapping[str, str], where: str) -> dict[str, Look]:
    slide = slide_size(prs)
    return {kind: look_of(resolved, colours, slide, where) for kind, resolved in layouts.items()}


def chart_colours(look: Look, colours: Mapping[str, str]) -> Mapping[str, str] | None:
    """The palette charts are drawn in on this ground, when it is not the theme's own paper (None)."""
    if look.palette["paper"] == colours["paper"] and not look.panel:
        return None
    return look.palette


def template_text(shape: Any, scheme: Scheme) -> tuple[RGB, float, bool]:
    """The colour, size and boldness the template gives a placeholder's first-level text."""
    elements, style = style_chain(shape)
    tag = qn("a:lvl1pPr")
    props = [e.find(f"{qn('p:txBody')}/{qn('a:lstStyle')}/{tag}") for e in elements]
    if style is not None:
        props.append(style.find(tag))
    colour, bold = None, False
    for ppr in (p for p in props if p is not None):
        rpr = ppr.find(qn("a:defRPr"))
        if rpr is None:
            continue
        bold = bold or rpr.get("b") in ("1", "true")
        found = colour_in(rpr.find(qn("a:solidFill")), scheme) if colour is None else None
        colour = colour or (found[0] if found else None)
    return colour or scheme.named("tx1"), base_size(shape) or 18.0, bold


def warnings_for(looks: Mapping[str, Look], template: str) -> tuple[str, ...]:
    """Problems worth telling before a deck is built: the template's own text unreadable on its background,
    obstacles that take more than a quarter of a content area, a background no colour reads on."""
    found = []
    for kind, look in looks.items():
        label = f"layout {look.resolved.layout.name!r} ({LABELS.get(kind, kind)} slides)"
        found += [f"{template}: {label}: {message}" for message in problems(look, COSTLY)]
    return tuple(dict.fromkeys(found))


def problems(look: Look, costly: float = 0.0) -> list[str]:
    """What is wrong with ``look``'s layout for its kind; obstacles only where they cost more than ``costly``."""
    found = text_problems(look)
    for role, drawn in look.intruding.items():
        lost = look.lost(role)
        if lost > costly or (not costly and lost > 0):
            keeps = "the chart keeps" if role == "chart" else "the table keeps" if role == "table" else "the text keeps"
            found.append(
                f"{describe(drawn)} into the {ROLE_LABELS.get(role, role)}; {keeps} clear of "
                f"{'it' if len(drawn) == 1 else 'them'} at the cost of {lost:.0%} of the area"
            )
    key, level = lowest(look.palette, look.ground)
    if look.kind != "title" and level < BODY - 0.05:  # the tool sets no text of its own on the title slide
        dark, light = look.ground.samples[0], look.ground.samples[-1]
        found.append(
            f"its background runs from #{bytes(dark).hex().upper()} to #{bytes(light).hex().upper()}, so no "
            f"colour reads on all of it: the tool's {key} text stands at {level:.1f}:1 in places; use a layout "
            "with a calmer background"
        )
    return found


def text_problems(look: Look) -> list[str]:
    """The template's own placeholder text (titles, body text) that does not reach 4.5:1 (3:1 when large)."""
    problems = []
    layout = look.resolved.layout
    for role in TEXT_ROLES & set(look.resolved.roles):
        shape = layout.placeholders.get(idx=look.resolved.roles[role])
        if shape is None or shape.element.ph.get("type", "obj") in FOOTER_TYPES:
            continue
        colour, size, bold = template_text(shape, look.backdrop.scheme)
        ground = look.backdrop.ground([look.clear(role, look.areas[role])])
        level = worst(colour, ground.samples)
        large = size >= 18 or (bold and size >= 14)
        target = LARGE if large else BODY
        if level < target - 1e-9:
            behind = f"#{bytes(ground.main).hex().upper()}"
            problems.append(
                f"the template's {role} text (#{bytes(colour).hex().upper()}, {size:g} pt) stands at "
                f"{level:.1f}:1 on {behind} behind it, under the {target:g}:1 "
                f"{'large' if large else 'body'} text needs; change its colour in the slide master"
            )
    return sorted(problems)


PANEL_PAD = round(8 * EMU_PER_PT)


def add_panel(slide: Any, box: Rect, colour: str) -> Rect:
    """A plain panel of ``colour`` over ``box`` (decoration); returns the box inside its padding."""
    from pptx.dml.color import RGBColor
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Emu

    shape = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Emu(box.x), Emu(box.y), Emu(box.w), Emu(box.h))
    shape.name = "Panel"
    shape.fill.solid()
    shape.fill.fore_color.rgb = RGBColor.from_string(colour.lstrip("#"))
    shape.line.fill.background()
    style = shape._element.find(qn("p:style"))
    if style is not None:  # no theme shadow or outline on a plain panel
        shape._element.remove(style)
    return inset(box, PANEL_PAD)


def rule_cells(table: Any, colour: str) -> None:
    """Every cell of ``table`` ruled in ``colour`` (the slide's paper), in place of its table style's white."""
    edges = ("a:lnL", "a:lnR", "a:lnT", "a:lnB")
    for row in table.table.rows:
        for cell in row.cells:
            tc_pr = cell._tc.get_or_add_tcPr()
            for tag in edges:
                for old in tc_pr.findall(qn(tag)):
                    tc_pr.remove(old)
            for position, tag in enumerate(edges):  # the edges come first in a cell's properties
                line = tc_pr.makeelement(qn(tag), {"w": "12700"})
                fill = line.makeelement(qn("a:solidFill"), {})
                fill.append(fill.makeelement(qn("a:srgbClr"), {"val": colour.lstrip("#").upper()}))
                line.append(fill)
                tc_pr.insert(position, line)


def inset(box: Rect, pad: int) -> Rect:
    return Rect(box.x + pad, box.y + pad, box.w - 2 * pad, box.h - 2 * pad)


def describe_ground(look: Look) -> str:
    main = look.ground.main
    tone = "dark" if ratio(main, (255, 255, 255)) > ratio(main, (0, 0, 0)) else "light"
    return f"{look.backdrop.background}; content on {tone} #{bytes(main).hex().upper()}"


def size_of(rect: Rect) -> str:
    return f"{inches(rect.w)} × {inches(rect.h)} in at ({inches(rect.x)}, {inches(rect.y)})"


__all__ = ["Look", "chart_colours", "looks_for", "rgb", "warnings_for"]
