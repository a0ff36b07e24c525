"""A hub's slide: its big numbers across the top; on the left, where it stands among every listed cluster on
each count (the clusters either side of it); on the right, how it compares with the other hubs and what the
sources say about it.

Hub slides side by side read as a set, so every hub's text is set at the one size that fits all hubs' text, and a
hub's slide in its own short deck is the slide it has in the full deck. On a template whose columns are too narrow
for the neighbourhood figure, the text takes the left column instead, as a text-only slide would.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from report.blocks import Hub, NearGroup
from report.errors import TemplateError
from report.outputs.pptx import figures, nearest
from report.outputs.pptx.deck import BODY_FLOOR, Deck, fill, finish, layout_ph, new_slide, notes, start, text_height_of
from report.outputs.pptx.fit import Fit, Frame, Line, fits, sizes_down, text_height
from report.outputs.pptx.shapes import EMU_PER_PT, Rect, frame_of, rect_of, remove
from report.words.narrative import HubWords

MAX_FACTS = 3  # facts from the sources on a hub's slide; the appendix lists them all
EMU_PER_IN = 914400
GAP = round(0.2 * EMU_PER_IN)  # between the text and the panel in the right column
PANEL_PAD = round(10 * EMU_PER_PT)  # figures.text_panel's padding


@dataclass(frozen=True)
class HubGeometry:
    """Where a hub slide puts things in the chart layout's content area: the tiles across the top, and two
    columns below them."""

    tiles: Rect
    left: Rect
    right: Rect


@dataclass(frozen=True)
class HubLayout:
    """Where one hub's parts go at one type size."""

    text: Rect  # the layout's body placeholder, moved
    panel: Rect | None  # what the sources say, as tall as its text needs; None when they say nothing
    near: nearest.Plan | None  # the neighbourhood figure in the left column; None when it does not fit
    groups: tuple[NearGroup, ...] = ()  # what the figure shows: every panel, or across a narrow slide the counts


def hub_geometry(deck: Deck) -> HubGeometry:
    """The chart layout's body and chart areas together, less what the master draws into them (a logo)."""
    resolved = deck.layouts["chart"]
    body, chart = rect_of(layout_ph(resolved, "body")), rect_of(layout_ph(resolved, "chart"))
    x, top = min(body.x, chart.x), min(body.y, chart.y)
    right, bottom = max(body.x + body.w, chart.x + chart.w), max(body.bottom, chart.bottom)
    whole = deck.clear_all("chart", ("body", "chart"), Rect(x, top, right - x, bottom - top))
    x, top, right, bottom = whole.x, whole.y, whole.x + whole.w, whole.bottom
    tiles_h = figures.tiles_height(deck)
    gap = round(0.25 * EMU_PER_IN)
    y = top + tiles_h + gap
    half = (right - x - gap) // 2
    return HubGeometry(
        tiles=Rect(x, top, right - x, tiles_h),
        left=Rect(x, y, half, bottom - y),
        right=Rect(x + half + gap, y, right - x - half - gap, bottom - y),
    )


@dataclass(frozen=True)
class HubSetting:
    """What every hub slide of a deck shares: its text size, and whether the figure takes the left column."""

    size: float
    wide: bool  # the figure on the left, the text and panel on the right; else the text on the left
    near: float = 0.0  # the neighbourhood figure's type size, one for every hub so its bars share one scale


def hub_layout(deck: Deck, block: Hub, size: float, wide: bool = True, near_at: float = 0.0) -> HubLayout | None:
    """Where the hub's text, panel and figure go with its text at ``size``; None when they do not fit. ``wide``:
    the figure in the left column; else the text on the left, the panel on the right, the figure across under
    them where it fits."""
    place = hub_geometry(deck)
    body = layout_ph(deck.layouts["chart"], "body")
    lines, panel_text = hub_lines(deck, block.hub), panel_lines(deck, block)
    has_panel = len(panel_text) > 1
    near_at = near_at or near_sizes(deck)[0]
    near = nearest.plan(deck, place.left, block.nearest, near_title(deck), near_at) if wide else None
    panel_h = text_height_of(deck, Fit(size, tuple(panel_text)), place.right.w - 2 * PANEL_PAD) + PANEL_PAD
    if wide and near is None:
        return None
    if near is None:  # a narrow template: the text on the left, the panel on the right, the figure across under
        if not fits(lines, _body_frame(body, place.left), deck.measure, size):
            return None
        if has_panel and not fits(panel_text, panel_frame(place.right), deck.measure, size):
            return None
        text_h = text_height_in(deck, lines, place.left, size)
        top = max(text_h, panel_h if has_panel else 0) + GAP
        whole = Rect(place.left.x, place.left.y + top, place.right.x + place.right.w - place.left.x, place.left.h - top)
        counts = tuple(g for g in block.nearest if g.kind == "count")
        # side by side on a narrow (4:3) slide, three panels may not fit: then the two counts, as before
        choices = (
            (g, nearest.plan(deck, whole, g, near_title(deck), near_at, across=True)) for g in (block.nearest, counts)
        )
        groups, across = next(((g, p) for g, p in choices if p is not None), ((), None))
        if across is None:
            return HubLayout(place.left, place.right if has_panel else None, None)
        text = Rect(place.left.x, place.left.y, place.left.w, text_h)
        beside = Rect(place.right.x, place.right.y, place.right.w, panel_h)
        return HubLayout(text, beside if has_panel else None, across, groups)
    text_h = text_height_in(deck, lines, place.right, size)
    if text_h + (GAP + panel_h if has_panel else 0) > place.right.h:
        return None
    text = Rect(place.right.x, place.right.y, place.right.w, text_h)
    under = Rect(place.right.x, text.bottom + GAP, place.right.w, panel_h)
    return HubLayout(text, under if has_panel else None, near, block.nearest)


_FRAMES: dict[tuple[int, Rect], tuple[Any, Frame]] = {}  # the layout body's frame per column, one deck's search


def _body_frame(body: Any, column: Rect) -> Frame:
    """frame_of the chart layout's body in ``column``: the hub search asks for the same few thousands of times,
    and resolving a placeholder's inherited styles is most of its cost (common_setting clears this per deck).
    The entry holds the element, so its id stays its own while the entry lives."""
    key = (id(body.element), column)
    found = _FRAMES.get(key)
    if found is None:
        found = _FRAMES[key] = (body.element, frame_of(body, column))
    return found[1]


def text_height_in(deck: Deck, lines: Sequence[Line], column: Rect, size: float) -> int:
    """How tall the layout's body placeholder must be, in ``column``'s width, to hold ``lines`` at ``size``."""
    frame = _body_frame(layout_ph(deck.layouts["chart"], "body"), column)
    insets = column.h - round(frame.height * EMU_PER_PT)
    return round(text_height(lines, frame, deck.measure, size) * EMU_PER_PT) + insets


def hub_slide(prs: Any, deck: Deck, block: Hub, setting: HubSetting) -> None:
    """A hub's slide, laid out by hub_layout as common_setting found for every hub."""
    words, deck, size = block.words, deck.on("chart"), setting.size
    layout = hub_layout(deck, block, size, setting.wide, setting.near)
    if layout is None:
        raise TemplateError(f"{deck.template}: the slide for {block.cluster.name} does not fit at {size} pt")
    slide, roles = new_slide(prs, deck, "chart", words.title, notes(words))
    remove(slide.placeholders[roles["chart"]])
    body = slide.placeholders[roles["body"]]
    body.left, body.top, body.width, body.height = layout.text.x, layout.text.y, layout.text.w, layout.text.h
    fit = fill(deck, body, hub_lines(deck, block.hub), size, BODY_FLOOR, words.title)
    figures.kpi_tiles(slide, deck, hub_geometry(deck).tiles, block.kpis)
    shown: tuple[Line, ...] = ()
    if layout.panel is not None:
        shown = figures.text_panel(slide, deck, layout.panel, panel_lines(deck, block), size)
    if layout.near is not None:
        nearest.nearest(slide, deck, layout.near, layout.groups, near_title(deck))
    cited = (*(s for line in fit.shown for s in line.sources), *(s for line in shown for s in line.sources))
    finish(deck, slide, (*cited, *block.own_sources, *block.cites))


def common_setting(deck: Deck, hubs: Sequence[Hub]) -> HubSetting:
    """The one layout and text size every hub slide takes (and one size of its figure, whose bars then share a
    scale), the first that suits all hubs of: the figure in the left column, at the largest size that fits;
    else the figure across under the text, for every hub, at the largest size that leaves it room; else the
    text and the panel alone where the figure finds no room."""
    _FRAMES.clear()  # a new deck: its layouts' elements are new, and an old id may be reused
    first = start(layout_ph(deck.layouts["chart"], "body"), deck.size("deck_body"))
    deck = deck.on("chart")
    sizes = sizes_down(first, BODY_FLOOR)
    for size in sizes:
        for near in near_sizes(deck):  # the figure a little smaller rather than the text
            if all(hub_layout(deck, hub, size, True, near) is not None for hub in hubs):
                return HubSetting(size, True, near)
    for everywhere in (True, False):
        for size in sizes:
            for near in near_sizes(deck):
                layouts = [hub_layout(deck, hub, size, False, near) for hub in hubs]
                if all(layout is not None and (layout.near is not None or not everywhere) for layout in layouts):
                    return HubSetting(size, False, near)
    failing = next((hub for hub in hubs if hub_layout(deck, hub, BODY_FLOOR, wide=False) is None), None)
    raise TemplateError(
        f"{deck.template}: on the slide for {failing.cluster.name if failing else 'a hub'}, the text does not fit "
        f"even at {BODY_FLOOR} pt; shorten the text in prose.toml or use a template with a larger chart layout"
    )


def panel_lines(deck: Deck, block: Hub) -> list[Line]:
    """What the sources say about a hub: a heading, its facts, and who its top applicant and organisation are."""
    labels = deck.content.narrative.labels
    lines = [Line(labels["hub_sources"], plain=True, bold=True, colour=deck.colour("muted"), keep_with_next=True)]
    lines += [Line(f.line, sources=f.sources) for f in block.hub.facts[:MAX_FACTS]]
    if block.words.caption:
        lines.append(Line(block.words.caption, sources=block.own_sources))
    return lines


def panel_frame(box: Rect) -> Frame:
    """The text area figures.text_panel leaves inside a panel box, with room to spare for a viewer's wider face."""
    return Frame((box.w - 26 * EMU_PER_PT) / EMU_PER_PT, (box.h - PANEL_PAD) / EMU_PER_PT)


def hub_lines(deck: Deck, hub: HubWords) -> list[Line]:
    """Where the hub stands: its economy and move, then how it compares with the others."""
    words, own = hub.section, hub.cluster.sources + hub.cluster.detail_sources
    lines = [Line(words.subtitle, plain=True, colour=deck.colour("muted"), sources=own)] if words.subtitle else []
    below = hub.profile.next_below
    near = own + (below.sources if below else ())
    lines += [Line(b, sources=near) for b in words.bullets]
    return lines


def near_sizes(deck: Deck) -> tuple[float, ...]:
    """The neighbourhood figure's type sizes to try, largest first: a little smaller rather than left out."""
    return tuple(deck.size("deck_small") + 2 - step for step in (0, 1, 2))


def near_title(deck: Deck) -> str:
    return deck.content.narrative.labels["near_title"].format(n=len(deck.content.briefing.clusters))
