"""`report templates inspect`: a template's layouts (of every master) with their placeholders' sizes and
positions, and the layout each slide kind maps to with why, problems marked with "!".

A template on which some slide kind has no usable layout is reported as unusable (exit status 1), so a
script can check a template before anyone builds on it.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from report.look.theme import Theme
from report.outputs.pptx.backdrop import backdrop_of
from report.outputs.pptx.deck import USED_KINDS
from report.outputs.pptx.drawn import describe
from report.outputs.pptx.geometry import Box, inches
from report.outputs.pptx.grounds import describe_ground, look_of, obstacles, problems
from report.outputs.pptx.layouts import Resolved, all_layouts, boxes, find_layout, load_template, slide_size
from report.outputs.pptx.shapes import Rect


def describe_template(path: Path, theme: Theme, chosen: Mapping[str, str] | None = None) -> tuple[str, bool]:
    """The report, and whether every slide kind has a usable layout."""
    prs = load_template(path)
    chosen = chosen or {}
    slide = slide_size(prs)
    layouts = all_layouts(prs)
    masters = len(prs.slide_masters)
    lines = [
        f"{path}: {inches(slide[0])} × {inches(slide[1])} in, {masters} slide master{'s' * (masters != 1)}, "
        f"{len(layouts)} layout{'s' * (len(layouts) != 1)}, {len(prs.slides)} sample slide(s) (removed when "
        "building)",
        "Layouts:" if layouts else "Layouts: none; add slide layouts to the master (View > Slide Master)",
    ]
    number_of = {id(layout): n for n, layout in enumerate(layouts, 1)}
    master_of = {id(layout): m for m, master in enumerate(prs.slide_masters, 1) for layout in master.slide_layouts}
    for layout in layouts:
        lines += _layout_lines(layout, number_of[id(layout)], master_of[id(layout)], masters, slide, str(path))
    lines.append("Slide kinds:")
    usable = True
    for kind in USED_KINDS:
        found = find_layout(prs, kind, chosen.get(kind))
        if isinstance(found, str):
            usable = False
            lines.append(f"  {kind:<12} -> none")
            lines.append(f"                  ! {found}")
            continue
        lines += _kind_lines(found, theme, slide, str(path))
    if not usable:
        lines.append("Not usable as it is: a slide kind above has no layout that fits (marked ! none).")
    return "\n".join(lines), usable


def _box_text(box: Box) -> str:
    return f"{inches(box.width)} × {inches(box.height)} in at ({inches(box.left)}, {inches(box.top)})"


def _layout_lines(layout: Any, number: int, master: int, masters: int, slide: tuple[int, int], where: str) -> list[str]:
    backdrop = backdrop_of(layout, *slide, where)
    on = f"master {master}; " if masters > 1 else ""
    lines = [f"  {number}. {layout.name}  ({on}background: {backdrop.background})"]
    placed = boxes(layout)
    if not placed:
        lines.append("       no placeholders")
    for box in placed:
        lines.append(f"       idx {box.idx:>2}  {box.type:<8} {_box_text(box):<30} {box.name}")
        area = Rect(box.left, box.top, box.width, box.height)
        if box.type in ("dt", "ftr", "sldNum", "hdr"):
            continue
        found = obstacles(area, backdrop.drawn, slide)
        if found:
            lines.append(f"         ! {describe(found)} into it")
    return lines


def _kind_lines(found: Resolved, theme: Theme, slide: tuple[int, int], where: str) -> list[str]:
    look = look_of(found, theme.colours, slide, where)
    roles = ", ".join(f"{role} idx {idx}" for role, idx in found.roles.items())
    lines = [
        f"  {found.kind:<12} -> {found.number} {found.layout.name} ({found.why}; {roles})",
        f"                  on {describe_ground(look)}",
    ]
    lines += [f"                  ! {message}" for message in problems(look)]
    return lines
