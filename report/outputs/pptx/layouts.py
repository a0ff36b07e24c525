"""Open a deck template and decide which of its layouts each kind of slide is built on.

A layout is chosen by name first (a few common synonyms included), and otherwise by the placeholders it
has, so a corporate template with its own names still works. When nothing fits, the error names the
template, the slide kind, what is missing and the layouts there are.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from report.errors import TemplateError
from report.outputs.pptx.vet import vet_template

KINDS = ("title", "section", "chart", "two_content", "table", "closing")
SYNONYMS: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {
        "title": ("title", "title slide", "cover"),
        "section": ("section", "section header", "section title", "divider"),
        "chart": ("chart and text", "text and chart", "title and content", "title and chart"),
        "two_content": ("two content", "comparison", "two columns"),
        "table": ("table", "title and table", "title only"),
        "closing": ("closing", "end", "title and content", "title and text"),
    }
)
FOOTER_TYPES = frozenset({"dt", "ftr", "sldNum", "hdr"})


@dataclass(frozen=True)
class Slot:
    """A role on a slide kind and the placeholder types (XML names, best first) that can play it."""

    role: str
    accepts: tuple[str, ...]
    required: bool
    what: str
    area: bool = False  # a chart or table area rather than a text box


_TEXT = ("body", "obj", "subTitle")
_TITLE = Slot("title", ("title", "ctrTitle"), True, "a title placeholder")
SLOTS: Mapping[str, tuple[Slot, ...]] = MappingProxyType(
    {
        "title": (
            Slot("title", ("ctrTitle", "title"), True, "a title placeholder"),
            Slot("subtitle", ("subTitle", "body", "obj"), False, "a subtitle placeholder"),
            Slot("meta", ("body", "obj"), False, "a body placeholder"),
        ),
        "section": (_TITLE, Slot("body", _TEXT, False, "a body placeholder")),
        "chart": (
            _TITLE,
            Slot("body", ("body", "obj"), True, "a body (text) placeholder"),
            Slot(
                "chart",
                ("chart", "pic", "obj", "tbl", "body"),
                True,
                "a second content placeholder for the chart",
                area=True,
            ),
        ),
        "two_content": (
            _TITLE,
            Slot("left", ("body", "obj"), True, "a body (text) placeholder on the left"),
            Slot("right", ("body", "obj"), True, "a second body (text) placeholder on the right"),
        ),
        "table": (_TITLE, Slot("table", ("tbl", "obj", "body"), False, "a table area placeholder", area=True)),
        "closing": (_TITLE, Slot("body", ("body", "obj"), True, "a body (text) placeholder")),
    }
)


@dataclass(frozen=True)
class Placeholder:
    idx: int
    type: str
    name: str
    left: int
    top: int


@dataclass(frozen=True)
class Resolved:
    """The layout a slide kind is built on and which placeholder idx plays each role."""

    kind: str
    layout: Any  # pptx.slide.SlideLayout
    roles: Mapping[str, int]
    by_name: bool


def open_template(path: Path) -> Any:
    """The template as a python-pptx Presentation with its sample slides removed; .potx is accepted too."""
    prs = load_template(path)
    remove_slides(prs)
    return prs


def load_template(path: Path) -> Any:
    """The template as python-pptx sees it, after vet.py has checked it and left out what a deck must not carry."""
    from lxml import etree
    from pptx import Presentation

    vetted = vet_template(path)
    try:
        return Presentation(vetted.package())
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError, etree.LxmlError) as exc:
        raise TemplateError(f"{path}: not a PowerPoint file ({exc}); save the template as .pptx and retry") from exc


def remove_slides(prs: Any) -> None:
    """Drop the template's sample slides (their parts are then not written)."""
    id_list = prs.slides._sldIdLst
    for slide_id in list(id_list):
        prs.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


def placeholders(layout: Any) -> tuple[Placeholder, ...]:
    found = []
    for shape in layout.placeholders:
        ph = shape.element.ph
        found.append(
            Placeholder(
                int(ph.get("idx", "0")), ph.get("type", "obj"), shape.name, int(shape.left or 0), int(shape.top or 0)
            )
        )
    return tuple(found)


def assign(layout: Any, kind: str) -> tuple[dict[str, int], list[str]]:
    """Which placeholder plays each role of ``kind`` on ``layout``, and what required roles are missing."""
    free = [p for p in placeholders(layout) if p.type not in FOOTER_TYPES]
    roles: dict[str, int] = {}
    missing: list[str] = []
    for slot in sorted(SLOTS[kind], key=lambda s: (s.role != "title", s.area)):  # text first: it takes the left
        candidates = [p for p in free if p.type in slot.accepts]
        if not candidates:
            if slot.required:
                missing.append(slot.what)
            continue
        best = min(candidates, key=lambda p: _preference(p, slot))
        roles[slot.role] = best.idx
        free.remove(best)
    return roles, missing


def _preference(p: Placeholder, slot: Slot) -> tuple[int, int, int, int]:
    named_area = any(word in p.name.lower() for word in ("chart", "table", "picture", "image"))
    hint = int(named_area != slot.area)  # a placeholder named "Chart" is the chart area, not a text box
    return hint, slot.accepts.index(p.type), p.left, p.top


def find_layout(prs: Any, kind: str) -> Resolved | str:
    """By name (case-insensitive, synonyms in order), else the layout with what ``kind`` needs and least else.

    Returns why nothing fits instead, when nothing does.
    """
    layouts = list(prs.slide_layouts)
    named_but_lacking: list[str] = []
    for synonym in SYNONYMS[kind]:
        for layout in layouts:
            if layout.name.strip().lower() == synonym:
                roles, missing = assign(layout, kind)
                if not missing:
                    return Resolved(kind, layout, MappingProxyType(roles), True)
                named_but_lacking.append(f"layout {layout.name!r} lacks {' and '.join(missing)}")
    fitting = []
    for order, layout in enumerate(layouts):
        roles, missing = assign(layout, kind)
        if not missing:
            unused = sum(p.type not in FOOTER_TYPES for p in placeholders(layout)) - len(roles)
            fitting.append((unused, order, layout, roles))
    if fitting:
        _unused, _order, layout, roles = min(fitting, key=lambda f: (f[0], f[1]))
        return Resolved(kind, layout, MappingProxyType(roles), False)
    needs = ", ".join(s.what for s in SLOTS[kind] if s.required)
    lacking = f"; {'; '.join(named_but_lacking)}" if named_but_lacking else ""
    return (
        f"No layout has what {kind.replace('_', ' ')} slides need ({needs}){lacking}; add a layout named "
        f"{SYNONYMS[kind][0].capitalize()!r} with them"
    )


def resolve_all(prs: Any, kinds: tuple[str, ...], source: Path) -> dict[str, Resolved]:
    """Resolve every kind at once, so a template is rejected (with every problem) before any slide is made."""
    found = {kind: find_layout(prs, kind) for kind in kinds}
    problems = [why for why in found.values() if isinstance(why, str)]
    if problems:
        raise TemplateError(
            f"{source}: {'. '.join(problems)}. The template's layouts are: {layout_summary(prs)}. "
            "Fix the template or pass another --template."
        )
    return {kind: r for kind, r in found.items() if isinstance(r, Resolved)}


def layout_summary(prs: Any) -> str:
    return "; ".join(
        f"{layout.name!r} ({', '.join(p.type for p in placeholders(layout)) or 'no placeholders'})"
        for layout in prs.slide_layouts
    )


def describe_template(path: Path) -> str:
    """Layouts, their placeholders, and the layout each slide kind maps to, for `report template`."""
    prs = load_template(path)
    emu_in = 914400
    lines = [
        f"{path}: {prs.slide_width / emu_in:.2f} × {prs.slide_height / emu_in:.2f} in, "
        f"{len(prs.slide_layouts)} layouts, {len(prs.slides)} sample slide(s) (removed when building)",
        "Layouts:",
    ]
    for number, layout in enumerate(prs.slide_layouts, 1):
        lines.append(f"  {number}. {layout.name}")
        lines.extend(f"       idx {p.idx:>2}  {p.type:<8} {p.name}" for p in placeholders(layout))
    lines.append("Slide kinds:")
    for kind in KINDS:
        found = find_layout(prs, kind)
        if isinstance(found, str):
            lines.append(f"  {kind:<12} -> none: {found}")
            continue
        how = "by name" if found.by_name else "by placeholders"
        roles = ", ".join(f"{role} idx {idx}" for role, idx in found.roles.items())
        lines.append(f"  {kind:<12} -> {found.layout.name} ({how}; {roles})")
    return "\n".join(lines)
