"""Open a deck template and decide which of its layouts (of every master) each kind of slide is built on.

Only layouts whose placeholders are large enough for the kind's roles count (geometry.py); a cover-like
layout never carries content. Among those that fit, the closest fit wins: the fewest content placeholders
left empty, then a layout named for the kind (a few common synonyms included), then the larger boxes.
`--layout KIND=NAME` (or `[layouts]` in the theme file) names one outright. When nothing fits, the error
names the kind, the sizes it needs, the closest layouts with their sizes, and the --layout fix.
"""

from __future__ import annotations

import zipfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

from report.errors import TemplateError
from report.outputs.pptx.drawn import drawn_of
from report.outputs.pptx.geometry import (
    EMU_PER_IN,
    Box,
    Fitting,
    SlotSpec,
    cover_like,
    fit,
    need_for,
    needs_text,
    size_text,
)
from report.outputs.pptx.obstacles import clear_of, free_rects, obstacles
from report.outputs.pptx.shapes import Rect
from report.outputs.pptx.vet import vet_template

KINDS = ("title", "section", "chart", "two_content", "table", "closing")
CONTENT_KINDS = frozenset({"chart", "two_content", "table", "closing"})
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
_TEXT = ("body", "obj", "subTitle")
_TITLE = SlotSpec("title", ("title", "ctrTitle"), True)
SLOTS: Mapping[str, tuple[SlotSpec, ...]] = MappingProxyType(
    {
        "title": (
            SlotSpec("title", ("ctrTitle", "title"), True),
            SlotSpec("subtitle", ("subTitle", "body", "obj"), False),
            SlotSpec("meta", ("body", "obj"), False),
        ),
        "section": (_TITLE, SlotSpec("body", _TEXT, False)),
        "chart": (
            _TITLE,
            SlotSpec("body", ("body", "obj"), True),
            SlotSpec("chart", ("chart", "pic", "obj", "tbl", "body"), True, area=True),
        ),
        "two_content": (_TITLE, SlotSpec("left", ("body", "obj"), True), SlotSpec("right", ("body", "obj"), True)),
        "table": (_TITLE, SlotSpec("table", ("tbl", "obj", "body"), False, area=True)),
        "closing": (_TITLE, SlotSpec("body", ("body", "obj"), True)),
    }
)
NO_LAYOUTS = (
    "the template has no slide layouts, so no slide can be built on it; add layouts to its slide master "
    "(in PowerPoint: View > Slide Master > Insert Layout)"
)
TABLE_TOP_GAP = round(0.2 * EMU_PER_IN)  # a table without its own placeholder starts this far under the title
TABLE_BOTTOM = 0.88  # ...and ends at this share of the slide's height


@dataclass(frozen=True)
class Resolved:
    """The layout a slide kind is built on, which placeholder idx plays each role, and why it was chosen."""

    kind: str
    layout: Any  # pptx.slide.SlideLayout
    roles: Mapping[str, int]
    by_name: bool
    number: int = 0  # the layout's number in `templates inspect`, counted over every master
    why: str = ""


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
        prs = Presentation(vetted.package())
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, AttributeError, etree.LxmlError) as exc:
        raise TemplateError(f"{path}: not a PowerPoint file ({exc}); save the template as .pptx and retry") from exc
    for layout in all_layouts(prs):
        distinct_indices(layout)
    drop_misnamed_properties(prs)
    return prs


def drop_misnamed_properties(prs: Any) -> None:
    """LibreOffice relates its document properties under another type than python-pptx knows
    (".../officedocument/2006/relationships/metadata/core-properties"); python-pptx then adds a second
    docProps/core.xml beside them. Drop LibreOffice's: the deck's properties are set anew anyway."""
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT

    package = prs.part.package
    others = [
        r.rId
        for r in package.iter_rels()
        if r.reltype != RT.CORE_PROPERTIES and r.reltype.endswith("/metadata/core-properties")
    ]
    for rid in others:
        package.drop_rel(rid)


def distinct_indices(layout: Any) -> None:
    """Give placeholders that share an index (LibreOffice writes content placeholders with none, so idx 0,
    the title's) indices of their own: a slide finds its placeholders by index."""
    seen: set[int] = set()
    for shape in layout.placeholders:
        ph = shape.element.ph
        idx = int(ph.get("idx", "0"))
        if idx in seen:
            idx = max(seen) + 100
            ph.set("idx", str(idx))
        seen.add(idx)


def remove_slides(prs: Any) -> None:
    """Drop the template's sample slides (their parts are then not written)."""
    id_list = prs.slides._sldIdLst
    for slide_id in list(id_list):
        prs.part.drop_rel(slide_id.rId)
        id_list.remove(slide_id)


def all_layouts(prs: Any) -> list[Any]:
    """Every layout of every slide master, in order: a second master's layouts count as much as the first's."""
    return [layout for master in prs.slide_masters for layout in master.slide_layouts]


def boxes(layout: Any) -> tuple[Box, ...]:
    """The layout's placeholders with their rectangles (inherited from the master where the layout has none)."""
    found = []
    for shape in layout.placeholders:
        ph = shape.element.ph
        found.append(
            Box(
                int(ph.get("idx", "0")),
                ph.get("type", "obj"),
                shape.name,
                int(shape.left or 0),
                int(shape.top or 0),
                int(shape.width or 0),
                int(shape.height or 0),
            )
        )
    return tuple(found)


def slide_size(prs: Any) -> tuple[int, int]:
    return int(prs.slide_width), int(prs.slide_height)


def evaluate(layout: Any, kind: str, slide: tuple[int, int], sizes: bool = True) -> Fitting:
    """How ``layout`` serves ``kind``: its placeholders by role, or what keeps it from fitting."""
    placed = tuple(b for b in boxes(layout) if b.type not in FOOTER_TYPES)
    found = fit(placed, kind, SLOTS[kind], slide, sizes)
    extra: list[str] = []
    if kind in CONTENT_KINDS and sizes and cover_like(placed, slide[1]):
        extra.append("a cover or divider layout (its title is centred or low)")
    if kind == "table" and "table" not in found.roles and "title" in found.roles and sizes:
        area = derived_table_area(next(b for b in placed if b.idx == found.roles["title"]), slide)
        w, h = need_for("table", "table").size(*slide)
        if area[2] < w or area[3] < h:
            extra.append(f"the room under its title ({size_text(area[2], max(0, area[3]))}) is too small for the table")
    if sizes:
        extra += _blocked(layout, kind, found, placed, slide)
    if not extra:
        return found
    return Fitting(found.roles, (*extra, *found.problems), found.unused, found.share, found.shortfall + len(extra))


def _blocked(layout: Any, kind: str, found: Fitting, placed: tuple[Box, ...], slide: tuple[int, int]) -> list[str]:
    """The chart or table area too small once it keeps clear of the master's pictures and shapes."""
    problems = []
    by_idx = {b.idx: b for b in placed}
    drawn = drawn_of(layout)
    for role in ("chart", "table"):
        if role in found.roles:
            box = by_idx[found.roles[role]]
            area = Rect(box.left, box.top, box.width, box.height)
        elif role == "table" and kind == "table" and "title" in found.roles:
            area = Rect(*derived_table_area(by_idx[found.roles["title"]], slide))
        else:
            continue
        blocks = [d.rect for d in obstacles(area, drawn, slide)]
        if not blocks:
            continue
        w, h = need_for(kind, role).size(*slide)
        free = free_rects(area, blocks)
        if not any(r.w >= w and r.h >= h for r in free):
            left = clear_of(area, blocks)
            problems.append(
                f"its {role} area clear of the master's pictures and shapes ({size_text(left.w, left.h)}) is too small"
            )
    return problems


def derived_table_area(title: Box, slide: tuple[int, int]) -> tuple[int, int, int, int]:
    """Where a table goes on a layout with no table placeholder: under the title, above the footer."""
    top = title.top + title.height + TABLE_TOP_GAP
    return title.left, top, title.width, round(slide[1] * TABLE_BOTTOM) - top


def _name_rank(layout: Any, kind: str) -> int:
    name = layout.name.strip().lower()
    return SYNONYMS[kind].index(name) if name in SYNONYMS[kind] else len(SYNONYMS[kind])


def _closeness(found: Fitting, layout: Any, kind: str, slide: tuple[int, int], number: int) -> tuple:
    """Lower is closer: a cover for the title slide, the fewest empty content placeholders, a layout named for
    the kind, placeholders of the types made for their roles (a picture or chart box for a chart), the larger
    boxes, the earlier layout."""
    cover = kind in ("title", "section") and not cover_like(boxes(layout), slide[1])
    types = {b.idx: b.type for b in boxes(layout)}
    typed = sum(
        s.accepts.index(t) if (t := types.get(found.roles[s.role], "")) in s.accepts else len(s.accepts)
        for s in SLOTS[kind]
        if s.role in found.roles
    )
    return (cover, found.unused, _name_rank(layout, kind), typed, -found.share, number)


def find_layout(prs: Any, kind: str, chosen: str | None = None) -> Resolved | str:
    """The layout ``kind`` is built on (the one named by ``chosen`` if given), or why there is none."""
    layouts, slide = all_layouts(prs), slide_size(prs)
    if not layouts:
        return NO_LAYOUTS
    if chosen is not None:
        return _named(layouts, kind, chosen, slide)
    scored = []
    for number, layout in enumerate(layouts, 1):
        found = evaluate(layout, kind, slide)
        scored.append((found, number, layout))
    fitting = [s for s in scored if s[0].fits]
    if fitting:
        found, number, layout = min(fitting, key=lambda s: _closeness(s[0], s[2], kind, slide, s[1]))
        by_name = _name_rank(layout, kind) < len(SYNONYMS[kind])
        if len(fitting) == 1:
            why = "the only layout that fits"
        else:
            why = f"{'by name' if by_name else 'the closest fit'}, of {len(fitting)} that fit"
        return Resolved(kind, layout, found.roles, by_name, number, why)
    return _nothing_fits(kind, scored, slide)


def _named(layouts: list[Any], kind: str, chosen: str, slide: tuple[int, int]) -> Resolved | str:
    flag = f"--layout {kind}={chosen}"
    if chosen.strip().isdigit() and 1 <= int(chosen) <= len(layouts):
        matches = [(int(chosen), layouts[int(chosen) - 1])]
    else:
        matches = [(n, lay) for n, lay in enumerate(layouts, 1) if lay.name.strip().lower() == chosen.strip().lower()]
    if not matches:
        listing = ", ".join(f"{n} {lay.name!r}" for n, lay in enumerate(layouts, 1)) or "none"
        return f"{flag}: the template has no layout of that name or number; its layouts are: {listing}"
    if len(matches) > 1:
        numbers = " and ".join(str(n) for n, _ in matches)
        return f"{flag}: layouts {numbers} have that name; name one by its number (`templates inspect` lists them)"
    number, layout = matches[0]
    found = evaluate(layout, kind, slide, sizes=False)
    if not found.fits:
        label = kind.replace("_", " ")
        return f"{flag}: layout {number} {layout.name!r} cannot hold {label} slides: {'; '.join(found.problems)}"
    return Resolved(kind, layout, found.roles, True, number, f"named with --layout {kind}")


def _nothing_fits(kind: str, scored: list[tuple[Fitting, int, Any]], slide: tuple[int, int]) -> str:
    label = kind.replace("_", " ")
    needs = needs_text(kind, SLOTS[kind], slide)
    closest = sorted(scored, key=lambda s: (len(s[0].problems), s[0].shortfall, s[1]))[:3]
    listed = "; ".join(f"{number} {layout.name!r}: {', '.join(found.problems)}" for found, number, layout in closest)
    return (
        f"no layout fits {label} slides, which need {needs} (the closest are {listed}); add such a layout to the "
        f"template, or pass --layout {kind}=NAME to build on one of these anyway"
    )


def resolve_all(
    prs: Any, kinds: tuple[str, ...], source: Path, chosen: Mapping[str, str] | None = None
) -> dict[str, Resolved]:
    """Resolve every kind at once, so a template is rejected (with every problem) before any slide is made."""
    chosen = chosen or {}
    unknown = sorted(set(chosen) - set(KINDS))
    if unknown:
        raise TemplateError(
            f"--layout {unknown[0]}=…: there is no slide kind {unknown[0]!r}; the kinds are {', '.join(kinds)}"
        )
    found = {kind: find_layout(prs, kind, chosen.get(kind)) for kind in kinds}
    problems = list(dict.fromkeys(why for why in found.values() if isinstance(why, str)))
    if problems:
        raise TemplateError(f"{source}: {'. '.join(problems)}")
    return {kind: r for kind, r in found.items() if isinstance(r, Resolved)}
