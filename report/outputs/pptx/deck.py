"""The deck being built: its template layouts, text measure and the helpers every slide uses.

Text is fitted to its box before it is written (fit.py), charts keep their aspect ratio, and every slide
ends with its source line and without empty placeholders.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from types import MappingProxyType
from typing import Any

from report.charts.raster import RenderedChart
from report.content import Content
from report.errors import TemplateError
from report.look.theme import Theme
from report.outputs.pptx.fit import (
    Fit,
    Frame,
    Line,
    Measure,
    TextTooLarge,
    fit_text,
    measure_for,
    text_height,
)
from report.outputs.pptx.geometry import type_scale
from report.outputs.pptx.grounds import (
    PANEL_PAD,
    Look,
    add_panel,
    chart_colours,
    inset,
    looks_for,
    rule_cells,
    warnings_for,
)
from report.outputs.pptx.layouts import Resolved, open_template, resolve_all
from report.outputs.pptx.obstacles import clear_of
from report.outputs.pptx.shapes import (
    EMU_PER_PT,
    THEME_BODY_FONT,
    Rect,
    add_footer_shape,
    add_picture,
    add_textbox,
    base_size,
    frame_of,
    ph_type,
    rect_of,
    remove,
    set_slide_number,
    write_lines,
)
from report.words.breaks import NBSP
from report.words.narrative import Section

BODY_FLOOR = 11.0  # pt: body text never gets smaller than this; lines are dropped or moved instead
SMALL_FLOOR = 8.0  # pt: captions and source lines
GAP = 6 * EMU_PER_PT  # between a chart and its caption
USED_KINDS = ("title", "chart", "table", "two_content", "closing")


@dataclass(frozen=True)
class Deck:
    """What every slide builder reads: the content, the layout for each slide kind and the text measure."""

    content: Content
    layouts: Mapping[str, Resolved]
    measure: Measure
    template: Path
    width: int
    height: int
    looks: Mapping[str, Look]
    palette: Mapping[str, str] | None = None  # the colours of the kind of slide being made (``on``)
    family: str = THEME_BODY_FONT  # the face of the text the deck adds itself: the template's body font
    scale: float = 1.0  # the deck's own type grows and shrinks with the slide's height (geometry.type_scale)
    kind: str = "chart"
    title_size: float | None = None  # one size for every content slide's title (common_title_size), once known

    def size(self, key: str) -> float:
        return self.content.theme.size(key) * self.scale

    def colour(self, key: str) -> str:
        return (self.palette or self.content.theme.colours)[key]

    def label(self, key: str) -> str:
        return self.content.narrative.labels[key]

    def on(self, kind: str) -> Deck:
        """This deck with the colours chosen for ``kind``'s background (look/contrast.py)."""
        return replace(self, palette=self.looks[kind].palette, kind=kind)

    def own_colour(self, shape: Any) -> str | None:
        """The colour for a footer or slide number: the muted one in a box of our own, or when the template's
        own footer colour does not read on this background; else None (the template's)."""
        if ph_type(shape.element) is None or self.looks[self.kind].footer_unreadable:
            return self.colour("muted")
        return None

    def clear(self, kind: str, role: str, rect: Rect, aspect: float | None = None) -> Rect:
        """``rect`` less the master's pictures and shapes that reach into it (obstacles.py)."""
        return self.looks[kind].clear(role, rect, aspect)

    def clear_all(self, kind: str, roles: Sequence[str], rect: Rect) -> Rect:
        """``rect``, which spans several roles' areas (the hub slide's), less what reaches into any of them."""
        look = self.looks[kind]
        blocks = [d.rect for role in roles for d in look.intruding.get(role, ())]
        return clear_of(rect, blocks) if blocks else rect

    def own_ink(self) -> str | None:
        """The colour for body text in a box of our own: None (the template's text colour, as a placeholder's)
        unless this background needed colours of its own."""
        if self.palette is None or self.palette["ink"] == self.content.theme.colour("ink"):
            return None
        return self.palette["ink"]


def common_title_size(deck: Deck, titles: Sequence[str]) -> float:
    """The largest size at which every content slide's title fits its placeholder: titles that change size from
    slide to slide look careless."""
    shape = layout_ph(deck.layouts["chart"], "title")
    first = start(shape, deck.size("deck_title"))
    sizes = [first]
    for title in titles:
        try:
            sizes.append(fit_text([Line(title)], frame_of(shape), deck.measure, first, BODY_FLOOR).size)
        except TextTooLarge:
            continue  # fill() reports it on the slide itself, with the slide's name
    return min(sizes)


def check_template(template: Path, chosen: Mapping[str, str] | None = None) -> None:
    """Fail before any chart is rendered if the template lacks a layout a slide kind needs."""
    resolve_all(open_template(template), USED_KINDS, template, chosen)


def chart_theme(template: Path, chosen: Mapping[str, str], theme: Theme) -> tuple[Theme, tuple[str, ...]]:
    """The theme charts are drawn in on this template's chart slides, and warnings about its backgrounds."""
    prs = open_template(template)
    looks = looks_for(prs, resolve_all(prs, USED_KINDS, template, chosen), theme.colours, str(template))
    colours = chart_colours(looks["chart"], theme.colours)
    own = (
        theme
        if colours is None
        else replace(theme, colours=MappingProxyType(dict(colours)), name=f"{theme.name} on the slides")
    )
    return own, warnings_for(looks, str(template))


def open_deck(content: Content, template: Path, chosen: Mapping[str, str] | None = None) -> tuple[Any, Deck]:
    """The template, emptied of sample slides, and what every slide builder reads."""
    prs = open_template(template)
    layouts = resolve_all(prs, USED_KINDS, template, chosen)
    theme = content.theme
    return prs, Deck(
        content,
        layouts,
        measure_for(theme.font_files, content.theme.fallbacks).bound(content.narrative.names),
        template,
        int(prs.slide_width),
        int(prs.slide_height),
        looks_for(prs, layouts, theme.colours, str(template)),
        family=theme.office_family if "fonts.office_family" in theme.given else THEME_BODY_FONT,
        scale=type_scale(int(prs.slide_height)),
    )


def notes(words: Section) -> str:
    """Speaker notes: the section's own, else its text, so no slide is without them."""
    return words.notes or " ".join((*words.bullets, *words.paragraphs)) or words.title


def continued(deck: Deck, title: str) -> str:
    return f"{title} {deck.label('table_continued')}".strip()


def new_slide(prs: Any, deck: Deck, kind: str, title: str, speaker_notes: str) -> tuple[Any, Mapping[str, int]]:
    """A slide on the kind's layout with its title, notes and (except on the title slide) its number."""
    resolved, deck = deck.layouts[kind], deck.on(kind)
    slide = prs.slides.add_slide(resolved.layout)
    keep_clear(deck, slide, kind)
    shape = slide.placeholders[resolved.roles["title"]]
    size = deck.title_size if deck.title_size and kind != "title" else start(shape, deck.size("deck_title"))
    fill(deck, shape, [Line(title)], size, BODY_FLOOR, title)
    slide.notes_slide.notes_text_frame.text = speaker_notes.strip() or title
    if kind != "title":
        small, margin = deck.size("deck_small"), round(deck.width * 0.045)
        fallback = Rect(deck.width - margin - 914400, round(deck.height * 0.91), 914400, round(deck.height * 0.055))
        number = add_footer_shape(slide, "sldNum", fallback)
        set_slide_number(number, len(prs.slides), start(number, small), deck.own_colour(number))
    return slide, resolved.roles


def keep_clear(deck: Deck, slide: Any, kind: str) -> None:
    """Text boxes the master's pictures or shapes reach into are moved to the largest part clear of them."""
    look = deck.looks[kind]
    for role in look.intruding:
        idx = deck.layouts[kind].roles.get(role)
        if idx is None or role in ("chart", "table"):
            continue
        shape = slide.placeholders[idx]
        box = look.clear(role, look.areas[role])
        shape.left, shape.top, shape.width, shape.height = box.x, box.y, box.w, box.h


def start(shape: Any, default: float) -> float:
    """The size the template gives this box, else the theme's: the template decides its own type scale."""
    return base_size(shape) or default


def fit_box(deck: Deck, shape: Any, lines: Sequence[Line], size: float, floor: float, where: str) -> Fit:
    try:
        return fit_text(lines, frame_of(shape), deck.measure, size, min(floor, size))
    except TextTooLarge as exc:
        raise TemplateError(
            f"{deck.template}: on the slide {where!r}, {exc}; shorten the text in prose.toml "
            "or use a template with larger placeholders"
        ) from exc


def fill(deck: Deck, shape: Any, lines: Sequence[Line], size: float, floor: float, where: str) -> Fit:
    """Fit ``lines`` to the placeholder from ``size`` down to ``floor`` and write them; the caller handles overflow."""
    fit = fit_box(deck, shape, lines, size, floor, where)
    write_lines(shape, fit)
    return fit


def add_text(deck: Deck, slide: Any, box: Rect, lines: Sequence[Line], size: float) -> None:
    """A caption in a text box of our own: the template's body font, muted, small; left out if it cannot fit."""
    if box.h <= 0 or box.w <= 0:
        return
    shape = add_textbox(slide, box)
    try:
        fit = fit_text(lines, frame_of(shape), deck.measure, size, SMALL_FLOOR)
    except TextTooLarge:
        fit = Fit(SMALL_FLOOR, ())
    if fit.shown:
        write_lines(shape, fit, family=deck.family, colour=deck.colour("muted"))
    else:
        remove(shape)


def place_chart(deck: Deck, slide: Any, area: Any, chart: RenderedChart) -> None:
    """The chart as large as fits the area above its caption, aspect ratio kept; the placeholder then goes."""
    w_px, h_px = chart.width_px, chart.height_px
    caption = [Line(chart.spec.caption, priority=1)] if chart.spec.caption else []
    small, look = deck.size("deck_small"), deck.looks[deck.kind]
    role = "chart" if "chart" in look.areas else "table"  # the map spans a table layout's content area

    def room_in(box: Rect) -> tuple[int, int]:
        """The picture's height and width in ``box`` with the caption under it."""
        box, width, room = inset(box, PANEL_PAD) if look.panel else box, box.w, box.h
        for _ in range(2):  # measure the caption at the area's width, then at the picture's
            caption_h = text_height(caption, Frame(width / EMU_PER_PT, 1e6), deck.measure, small) * EMU_PER_PT
            room = box.h - (round(caption_h) + GAP if caption else 0)
            width = min(box.w, round(w_px * min(box.w / w_px, room / h_px)))
        return room, width

    # of the parts of the area clear of the master's pictures, the one the chart is largest in
    box = max(look.free(role, rect_of(area)), key=lambda b: room_in(b)[1])
    remove(area)
    room, _width = room_in(box)
    if look.panel:  # a picture or gradient behind: the chart and its caption sit on a panel of its colour
        box = add_panel(slide, box, deck.looks["chart"].palette["paper"])  # what every chart is drawn on
    picture = add_picture(
        slide,
        chart.png,
        Rect(box.x, box.y, box.w, room),
        w_px,
        h_px,
        name=f"Chart: {chart.spec.key}",
        alt=chart.spec.alt,
        valign="top",
    )
    bottom = picture.top + picture.height + GAP
    add_text(deck, slide, Rect(picture.left, bottom, picture.width, box.bottom - bottom), caption, small)


def text_height_of(deck: Deck, fit: Fit, width: int) -> int:
    """How tall ``fit`` sets in a box ``width`` EMU wide, with the default text box insets."""
    frame = Frame((width - 2 * 91440) / EMU_PER_PT, 1e6)
    return round((text_height(fit.shown, frame, deck.measure, fit.size) + 7.2) * EMU_PER_PT)


def table_area(deck: Deck, resolved: Resolved) -> Rect:
    """The layout's table placeholder, or else the space between the title and the footer."""
    area = deck.looks[resolved.kind].areas["table"]
    return deck.clear(resolved.kind, "table", area)


def finish(deck: Deck, slide: Any, source_ids: tuple[str, ...]) -> None:
    """The source line in the footer; then remove every placeholder left empty."""
    if source_ids:
        small, margin = deck.size("deck_small"), round(deck.width * 0.045)
        fallback = Rect(margin, round(deck.height * 0.91), round(deck.width * 0.75), round(deck.height * 0.055))
        footer = add_footer_shape(slide, "ftr", fallback)
        own = ph_type(footer.element) is None
        text = deck.content.source_line(tuple(dict.fromkeys(source_ids)))
        for short in {deck.content.briefing.source(i).short for i in source_ids}:  # each source whole on its line
            text = text.replace(short, short.replace(" ", NBSP))
        line = [Line(text)]
        size = start(footer, small)  # every slide's source line the same size: a long one wraps rather than shrinks
        need = text_height(line, frame_of(footer), deck.measure, size) - frame_of(footer).height
        if need > 0:  # a long source line: grow the footer upwards into the margin
            box = rect_of(footer)
            extra = round(need * EMU_PER_PT) + EMU_PER_PT
            footer.left, footer.top, footer.width, footer.height = box.x, box.y - extra, box.w, box.h + extra
        fit = fit_box(deck, footer, line, size, SMALL_FLOOR, "footer")
        write_lines(
            footer,
            fit,
            family=deck.family if own else None,
            colour=deck.own_colour(footer),
        )
    for shape in list(slide.placeholders):
        if not shape.has_text_frame or not shape.text_frame.text.strip():
            remove(shape)
    paper = deck.colour("paper")
    if paper != deck.content.theme.colour("paper"):  # the table style's white rules would grid a dark table
        for table in (s for s in slide.shapes if getattr(s, "has_table", False)):
            rule_cells(table, paper)


def layout_ph(resolved: Resolved, role: str) -> Any:
    idx = resolved.roles.get(role)
    return None if idx is None else resolved.layout.placeholders.get(idx=idx)
