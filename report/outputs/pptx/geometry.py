"""How big each role on a slide must be, and how well a layout's placeholders fill a slide kind's roles.

A placeholder's type says what it may hold, not whether it can: a footer strip, a 0.26-inch label or an
icon box are "body" or "picture" placeholders too. So every role has a minimum size (inches, and a share of
the slide so that a 26.67-inch slide is not satisfied by a sliver), a cover-like layout never carries
content, and among the layouts that fit, the closest fit wins.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

EMU_PER_IN = 914400
THEME_SLIDE_HEIGHT = 6858000  # EMU: 7.5 in, the height of the slides the theme's type sizes are meant for
CONTENT_TYPES = frozenset({"body", "obj", "pic", "chart", "tbl", "subTitle", "media", "clipArt", "dgm"})
STRAY_SHARE = 0.02  # an unused content placeholder smaller than this share of the slide does not count


@dataclass(frozen=True)
class Need:
    """The least size a role's box may have: the larger of an absolute floor and a share of the slide."""

    inches: tuple[float, float]
    share: tuple[float, float]

    def size(self, width: int, height: int) -> tuple[int, int]:
        scale = type_scale(height)  # the inches are for the theme's type, which grows and shrinks with the slide
        return (
            max(round(self.inches[0] * scale * EMU_PER_IN), round(self.share[0] * width)),
            max(round(self.inches[1] * scale * EMU_PER_IN), round(self.share[1] * height)),
        )


def type_scale(height: int) -> float:
    """How much larger (or smaller) the deck sets its own type than the theme says: the slide's height against
    the 7.5 in the theme's sizes are made for, and never under 0.8, so type stays readable on a small slide."""
    return max(0.8, round(height / THEME_SLIDE_HEIGHT, 3))


TITLE_NEED = Need((4.0, 0.45), (0.40, 0.06))
NEEDS: Mapping[tuple[str, str], Need] = MappingProxyType(
    {
        ("title", "title"): Need((4.0, 0.6), (0.40, 0.08)),
        ("title", "subtitle"): Need((3.0, 0.35), (0.30, 0.04)),
        ("title", "meta"): Need((3.0, 0.35), (0.30, 0.04)),
        ("section", "body"): Need((3.0, 0.35), (0.30, 0.04)),
        ("chart", "body"): Need((2.4, 1.6), (0.22, 0.30)),
        ("chart", "chart"): Need((3.2, 2.2), (0.35, 0.40)),
        ("two_content", "left"): Need((2.4, 1.6), (0.30, 0.30)),
        ("two_content", "right"): Need((2.4, 1.6), (0.30, 0.30)),
        ("table", "table"): Need((5.0, 4.3), (0.60, 0.50)),  # the dashboard's five rows at its smallest type
        ("closing", "body"): Need((4.0, 2.2), (0.45, 0.40)),
    }
)
ROLE_NAMES = MappingProxyType(
    {"title": "title", "subtitle": "subtitle", "meta": "second text box", "body": "text body", "chart": "chart area",
     "left": "left text body", "right": "right text body", "table": "table area"}
)  # fmt: skip


def need_for(kind: str, role: str) -> Need:
    return NEEDS.get((kind, role), TITLE_NEED)


@dataclass(frozen=True)
class Box:
    """A placeholder as the choice sees it: type, index, name and rectangle (EMU)."""

    idx: int
    type: str
    name: str
    left: int
    top: int
    width: int
    height: int

    def fits(self, need: Need, slide: tuple[int, int]) -> bool:
        w, h = need.size(*slide)
        return self.width >= w and self.height >= h

    @property
    def area(self) -> int:
        return self.width * self.height


@dataclass(frozen=True)
class SlotSpec:
    """A role, the placeholder types that may play it (best first), and whether the kind needs it."""

    role: str
    accepts: tuple[str, ...]
    required: bool
    area: bool = False  # a chart or table area rather than a text box


@dataclass(frozen=True)
class Fitting:
    """How one layout serves one slide kind: the placeholder for each role, and what is wrong if it does not."""

    roles: Mapping[str, int]
    problems: tuple[str, ...]  # empty: it fits
    unused: int  # content placeholders it would leave empty
    share: float  # the share of the slide its role boxes cover
    shortfall: float  # how far the failing roles are from their needs (0 = none)

    @property
    def fits(self) -> bool:
        return not self.problems


def inches(emu: int) -> str:
    return f"{emu / EMU_PER_IN:.1f}"


def size_text(width: int, height: int) -> str:
    return f"{inches(width)} × {inches(height)} in"


def cover_like(boxes: Sequence[Box], height: int) -> bool:
    """A cover or section divider: a centred title, or a title that sits below the top quarter of the slide."""
    titles = [b for b in boxes if b.type in ("title", "ctrTitle")]
    return any(b.type == "ctrTitle" for b in titles) or any(b.top + b.height / 2 > 0.25 * height for b in titles)


def fit(
    boxes: Sequence[Box], kind: str, slots: Sequence[SlotSpec], slide: tuple[int, int], sizes: bool = True
) -> Fitting:
    """The best assignment of ``boxes`` to ``slots``: every required role in a placeholder of its size
    (``sizes`` False: of its type only, for a layout the user named), optional roles where one fits."""
    ordered = sorted(slots, key=lambda s: (s.role != "title", s.area))  # text first: it takes the left
    options = []
    for slot in ordered:
        typed = [b for b in boxes if b.type in slot.accepts]
        good = [b for b in typed if not sizes or b.fits(need_for(kind, slot.role), slide)]
        options.append([*good, None])  # None: the role goes without (counted as missing when it is required)
    best: tuple[tuple, dict[str, Box]] | None = None
    for combo in itertools.product(*options):
        chosen = [b for b in combo if b is not None]
        if len({b.idx for b in chosen}) != len(chosen):
            continue
        picked = {slot.role: b for slot, b in zip(ordered, combo, strict=True) if b is not None}
        missing = sum(slot.required and slot.role not in picked for slot in ordered)
        key = (missing, -len(picked), tuple(_preference(b, slot) for slot, b in zip(ordered, combo, strict=True)))
        if best is None or key < best[0]:
            best = (key, picked)
    picked = best[1] if best else {}
    problems, shortfall = [], 0.0
    for slot in ordered:
        if slot.role in picked or not slot.required:
            continue
        typed = [b for b in boxes if b.type in slot.accepts and b not in picked.values()]
        name = ROLE_NAMES.get(slot.role, slot.role)
        if not typed:
            problems.append(f"no placeholder for the {name}")
            shortfall += 1.0
            continue
        w, h = need_for(kind, slot.role).size(*slide)
        biggest = max(typed, key=lambda b: min(b.width / w, b.height / h))
        problems.append(f"{name} {size_text(biggest.width, biggest.height)} is too small")
        shortfall += 1 - min(1.0, biggest.width / w, biggest.height / h)
    used = {b.idx for b in picked.values()}
    slide_area = slide[0] * slide[1] or 1
    unused = sum(
        1 for b in boxes if b.idx not in used and b.type in CONTENT_TYPES and b.area >= STRAY_SHARE * slide_area
    )
    share = sum(b.area for b in picked.values()) / slide_area
    return Fitting(MappingProxyType({r: b.idx for r, b in picked.items()}), tuple(problems), unused, share, shortfall)


def _preference(box: Box | None, slot: SlotSpec) -> tuple[int, int, int, int]:
    if box is None:
        return (9, 9, 0, 0)
    named_area = any(word in box.name.lower() for word in ("chart", "table", "picture", "image"))
    hint = int(named_area != slot.area)  # a placeholder named "Chart" is the chart area, not a text box
    return hint, slot.accepts.index(box.type), box.left, box.top


def needs_text(kind: str, slots: Sequence[SlotSpec], slide: tuple[int, int]) -> str:
    """'a title at least 4.0 × 0.5 in, a text body at least 2.4 × 2.2 in and a chart area at least…'"""
    parts = [
        f"a {ROLE_NAMES.get(s.role, s.role)} at least {size_text(*need_for(kind, s.role).size(*slide))}"
        for s in slots
        if s.required
    ]
    return ", ".join(parts[:-1]) + f" and {parts[-1]}" if len(parts) > 1 else parts[0]
