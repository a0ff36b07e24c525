"""Build the briefing deck (.pptx) from the frozen Content, on the layouts of a PowerPoint template.

Every slide takes its fonts and geometry from the template's placeholders; text is sized to fit its box
(deck_text), charts keep their aspect ratio, and every figure is cited in the footer. The same inputs give
a byte-identical file, so a rebuild that changes nothing changes no bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from report.content import Content
from report.data import Cluster
from report.deck_file import save, set_properties
from report.deck_layouts import Resolved, describe_template, open_template, resolve_all
from report.deck_shapes import (
    EMU_PER_PT,
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
from report.deck_table import draw_table, plan_table
from report.deck_text import Fit, Frame, Line, Measure, TextTooLarge, fit_text, measure_for, paginate, text_height
from report.errors import TemplateError
from report.render import RenderedChart
from report.text import Section, format_number, format_share, rank_change

__all__ = ["build_deck", "build_hub_deck", "describe_template"]

BODY_FLOOR = 11.0  # pt: body text never gets smaller than this; lines are dropped or moved instead
SMALL_FLOOR = 8.0  # pt: captions and source lines
MAX_FACTS, MIN_FACTS = 4, 3
MAX_TABLE_ROWS = 12  # more rows than this on one slide stop being readable from the back of a room
GAP = 6 * EMU_PER_PT  # between a chart and its caption
USED_KINDS = ("title", "chart", "table", "two_content", "closing")
CHART_SECTIONS = ("pct_vs_pubs", "shares", "rank_movement")


@dataclass(frozen=True)
class Deck:
    """What every slide builder reads: the content, the layout for each slide kind and the text measure."""

    content: Content
    layouts: Mapping[str, Resolved]
    measure: Measure
    template: Path
    width: int
    height: int

    def size(self, key: str) -> float:
        return self.content.theme.size(key)

    def colour(self, key: str) -> str:
        return self.content.theme.colour(key)

    def label(self, key: str) -> str:
        return self.content.narrative.labels[key]


def check_template(template: Path) -> None:
    """Fail before any chart is rendered if the template lacks a layout a slide kind needs."""
    resolve_all(open_template(template), USED_KINDS, template)


def build_deck(content: Content, template: Path, target: Path) -> int:
    """Write the deck to `target` (the caller passes a temp path and renames it into place); return the slide count."""
    prs, deck = open_deck(content, template)
    words = content.narrative
    title_slide(prs, deck)
    if content.changes:
        list_slides(prs, deck, deck.label("revisions_title"), [Line(c) for c in content.changes],
                    "", deck.size("deck_body"), BODY_FLOOR)
    chart_slide(prs, deck, words["key_finding"], content.chart("economies"))
    table_slides(prs, deck)
    for key in CHART_SECTIONS:
        chart_slide(prs, deck, words[key], content.chart(key))
    hub_slides(prs, deck)
    chart_slide(prs, deck, words["intensity"], content.chart("intensity"))
    methodology_slides(prs, deck)
    sources_slides(prs, deck, notes(words["sources"]))
    set_properties(prs, content)
    save(prs, target)
    return len(prs.slides)


def build_hub_deck(content: Content, hub: str, template: Path, target: Path) -> int:
    """A short deck on one hub: title slide, the hub's slide, methodology, sources. Returns the slide count.

    The hub's slide is the one the full deck has; the sources are only those its slides cite.
    """
    index = content.hub_index(hub)
    prs, deck = open_deck(content, template)
    words, document = content.narrative, content.narrative.hub_documents[index]
    title_slide(prs, deck, words.hubs[index].title, notes(document))
    cited = hub_slides(prs, deck, only=hub) + methodology_slides(prs, deck)
    sources_slides(prs, deck, "", cited)  # the [sources] notes count every source; these notes list the ones shown
    set_properties(prs, content, document.title)
    save(prs, target)
    return len(prs.slides)


def open_deck(content: Content, template: Path) -> tuple[Any, Deck]:
    """The template, emptied of sample slides, and what every slide builder reads."""
    prs = open_template(template)
    return prs, Deck(content, resolve_all(prs, USED_KINDS, template), measure_for(content.theme.font_files),
                     template, int(prs.slide_width), int(prs.slide_height))


# --- slides -------------------------------------------------------------------------------------

def title_slide(prs: Any, deck: Deck, hub_title: str = "", speaker_notes: str = "") -> None:
    """The briefing's title; on a hub document, the hub's own slide title in bold as the subtitle's first line."""
    cover = deck.content.narrative["cover"]
    slide, roles = new_slide(prs, deck, "title", cover.title, speaker_notes or notes(cover))
    meta = [Line(b) for b in cover.bullets[:1]]
    subtitle = [Line(hub_title, bold=True)] if hub_title else []
    subtitle += [Line(cover.subtitle)] if cover.subtitle else []
    if "meta" not in roles:
        subtitle, meta = subtitle + meta, []
    for role, lines, size in (("subtitle", subtitle, "deck_subtitle"), ("meta", meta, "deck_body")):
        if role in roles and lines:
            shape = slide.placeholders[roles[role]]
            fill(deck, shape, lines, start(shape, deck.size(size)), BODY_FLOOR, cover.title)
    finish(deck, slide, ())


def chart_slide(prs: Any, deck: Deck, words: Section, chart: RenderedChart,
                lines: Sequence[Line] | None = None, size: float | None = None) -> tuple[str, ...]:
    """Text on the left, the chart on the right; text that cannot fit moves to a continuation slide.

    Returns the ids of the sources the slides cite.
    """
    pending = list(lines) if lines is not None else section_lines(words)
    title = words.title
    cited: tuple[str, ...] = ()
    while True:
        slide, roles = new_slide(prs, deck, "chart", title, notes(words))
        body = slide.placeholders[roles["body"]]
        fit = fill(deck, body, pending, size or start(body, deck.size("deck_body")), BODY_FLOOR, title)
        place_chart(deck, slide, slide.placeholders[roles["chart"]], chart)
        ids = (*(s for line in fit.shown for s in line.sources), *chart.spec.source_ids)
        finish(deck, slide, ids)
        cited += ids
        if not fit.overflow:
            return cited
        pending, title = list(fit.overflow), continued(deck, words.title)


def hub_slides(prs: Any, deck: Deck, only: str | None = None) -> tuple[str, ...]:
    """A slide per hub, or only the named hub's; returns the ids of the sources they cite.

    Hub slides side by side read as a set, so all are set at the one size that fits every hub's text, and a
    hub's slide in its own short deck is the slide it has in the full deck.
    """
    content = deck.content
    hubs = tuple(zip(content.briefing.hubs, content.narrative.hubs, strict=True))
    hub_text = [hub_lines(deck, hub, hub_words) for hub, hub_words in hubs]
    size = common_size(deck, hub_text)
    cited: tuple[str, ...] = ()
    for (hub, hub_words), lines in zip(hubs, hub_text, strict=True):
        if only is None or hub.name == only:
            cited += chart_slide(prs, deck, hub_words, content.hub_charts(hub.name)[0], lines, size)
    return cited


def table_slides(prs: Any, deck: Deck) -> None:
    """The top N as a native table; rows that do not fit go on continuation slides."""
    content, words = deck.content, deck.content.narrative["overview"]
    keys = ("table_rank", "table_cluster", "table_economy", "table_pct", "table_pubs", "table_total", "table_change")
    header = [deck.label(k) for k in keys]
    rows = [table_row(deck, hub) for hub in content.briefing.hubs]
    numeric = (True, False, False, True, True, True, False)
    resolved = deck.layouts["table"]
    area = table_area(deck, resolved)
    caption = [Line(words.subtitle, priority=1)] if words.subtitle else []
    small = deck.size("deck_small")
    caption_h = round(text_height(caption, Frame(area.w / EMU_PER_PT, 1e6), deck.measure, small) * EMU_PER_PT)
    room = area.h - (caption_h + GAP if caption else 0)
    area_ph = _layout_ph(resolved, "table")
    size = start(area_ph, deck.size("deck_body")) if area_ph is not None else deck.size("deck_body")
    try:
        plan = plan_table(header, rows, numeric, area.w / EMU_PER_PT, room / EMU_PER_PT, deck.measure, size,
                          BODY_FLOOR, MAX_TABLE_ROWS)
    except ValueError as exc:
        raise TemplateError(f"{deck.template}: {exc}; use a template whose table area is wider") from exc
    for number, page in enumerate(plan.pages):
        title = words.title if number == 0 else continued(deck, words.title)
        slide, roles = new_slide(prs, deck, "table", title, notes(words))
        if "table" in roles:
            remove(slide.placeholders[roles["table"]])
        colours = dict(deck.content.theme.colours)
        shape = draw_table(slide, area, plan, header, [rows[i] for i in page], numeric, colours)
        if caption:
            bottom = shape.top + shape.height + GAP
            add_text(deck, slide, Rect(area.x, bottom, area.w, area.bottom - bottom), caption, small)
        hubs = [content.briefing.hubs[i] for i in page]
        finish(deck, slide, tuple(s for hub in hubs for s in hub.sources))


def methodology_slides(prs: Any, deck: Deck) -> tuple[str, ...]:
    """Bullets on the left, the explanation on the right, both at one size; returns the ids of the sources cited."""
    words = deck.content.narrative["methodology"]
    left = [Line(b) for b in words.bullets]
    right = [Line(p, plain=True) for p in words.paragraphs]
    sources = deck.content.methodology_sources()
    title = words.title
    while left or right:
        slide, roles = new_slide(prs, deck, "two_content", title, notes(words))
        boxes = [slide.placeholders[roles["left"]], slide.placeholders[roles["right"]]]
        fits = [fit_box(deck, box, lines, start(box, deck.size("deck_body")), BODY_FLOOR, title)
                for box, lines in zip(boxes, (left, right), strict=True)]
        size = min((f.size for f in fits if f.shown), default=BODY_FLOOR)
        fits = [fill(deck, box, lines, size, size, title) for box, lines in zip(boxes, (left, right), strict=True)]
        left, right = list(fits[0].overflow), list(fits[1].overflow)
        finish(deck, slide, sources)
        title = continued(deck, words.title)
    return sources if words.bullets or words.paragraphs else ()


def sources_slides(prs: Any, deck: Deck, speaker_notes: str, cited: tuple[str, ...] | None = None) -> None:
    """The source list in small type: every source, or (in a hub document) only the ``cited`` ones."""
    small = deck.size("deck_small")
    list_slides(prs, deck, deck.content.narrative["sources"].title, source_lines(deck, cited), speaker_notes,
                small + 2, small)


def list_slides(prs: Any, deck: Deck, title: str, lines: Sequence[Line], speaker_notes: str, size: float,
                floor: float) -> None:
    """A list (sources, revisions) on the closing layout, split over as many slides as it needs at one size."""
    resolved = deck.layouts["closing"]
    body = _layout_ph(resolved, "body")
    try:
        pages = paginate(lines, frame_of(body), deck.measure, size, floor)
    except TextTooLarge as exc:
        raise TemplateError(f"{deck.template}: on the slide {title!r}, {exc}; use a larger body placeholder") from exc
    for number, page in enumerate(pages):
        heading = title if number == 0 else continued(deck, title)
        slide, roles = new_slide(prs, deck, "closing", heading,
                                 speaker_notes or " ".join(line.text for line in page.shown))
        write_lines(slide.placeholders[roles["body"]], page)
        finish(deck, slide, ())


def common_size(deck: Deck, texts: Sequence[Sequence[Line]]) -> float:
    """The largest size at which every one of ``texts`` fits the chart layout's text box."""
    body = _layout_ph(deck.layouts["chart"], "body")
    first = start(body, deck.size("deck_body"))
    return min((fit_box(deck, body, lines, first, BODY_FLOOR, "hub").size for lines in texts), default=first)


# --- content --------------------------------------------------------------------------------------

def section_lines(words: Section) -> list[Line]:
    """A section's bullets; with fewer than three, its first paragraph too, if there is room."""
    lines = [Line(b) for b in words.bullets]
    if len(lines) < 3 and words.paragraphs:
        lines.append(Line(words.paragraphs[0], plain=True, priority=1))
    return lines


def hub_lines(deck: Deck, hub: Cluster, words: Section) -> list[Line]:
    """Where the hub stands, then up to four facts: three always (when it has them), the fourth if it fits."""
    facts = deck.content.briefing.facts_for(hub.name)
    fact_lines = deck.content.narrative.fact_lines.get(hub.name, ())
    own = hub.sources + hub.detail_sources
    lines = [Line(words.subtitle, plain=True, colour=deck.colour("muted"), sources=own)] if words.subtitle else []
    lines += [Line(b, sources=own) for b in words.bullets]
    for number, (fact, text) in enumerate(zip(facts, fact_lines, strict=False)):
        if number < MAX_FACTS:
            lines.append(Line(text, priority=0 if number < MIN_FACTS else 1, sources=fact.sources))
    return lines


def table_row(deck: Deck, hub: Cluster) -> list[str]:
    economies = " and ".join(deck.content.briefing.economy(code).name for code in hub.economy_codes)
    return [format_number(hub.rank), hub.name, economies, format_number(hub.pct_applications),
            format_number(hub.publications), format_share(hub.total_share), rank_change(hub.rank_change)]


def source_lines(deck: Deck, cited: tuple[str, ...] | None = None) -> list[Line]:
    """'Publisher (year). Title.' with its URL beneath, kept together when the list is split; in list order."""
    lines = []
    for source in deck.content.briefing.sources:
        if cited is not None and source.id not in cited:
            continue
        year = f" ({source.year})" if source.year else ""
        title = source.title if source.title.endswith((".", "?", "!")) else f"{source.title}."
        lines.append(Line(f"{source.publisher}{year}. {title}", plain=True, keep_with_next=bool(source.url)))
        if source.url:
            lines.append(Line(source.url, level=1, plain=True, colour=deck.colour("muted"), link=source.url))
    return lines


def notes(words: Section) -> str:
    """Speaker notes: the section's own, else its text, so no slide is without them."""
    return words.notes or " ".join((*words.bullets, *words.paragraphs)) or words.title


def continued(deck: Deck, title: str) -> str:
    return f"{title} {deck.label('table_continued')}".strip()


# --- shapes ---------------------------------------------------------------------------------------

def new_slide(prs: Any, deck: Deck, kind: str, title: str, speaker_notes: str) -> tuple[Any, Mapping[str, int]]:
    """A slide on the kind's layout with its title, notes and (except on the title slide) its number."""
    resolved = deck.layouts[kind]
    slide = prs.slides.add_slide(resolved.layout)
    shape = slide.placeholders[resolved.roles["title"]]
    fill(deck, shape, [Line(title)], start(shape, deck.size("deck_title")), BODY_FLOOR, title)
    slide.notes_slide.notes_text_frame.text = speaker_notes.strip() or title
    if kind != "title":
        small, margin = deck.size("deck_small"), round(deck.width * 0.045)
        fallback = Rect(deck.width - margin - 914400, round(deck.height * 0.91), 914400, round(deck.height * 0.055))
        number = add_footer_shape(slide, "sldNum", fallback)
        own = ph_type(number.element) is None
        set_slide_number(number, len(prs.slides), start(number, small), deck.colour("muted") if own else None)
    return slide, resolved.roles


def start(shape: Any, default: float) -> float:
    """The size the template gives this box, else the theme's: the template decides its own type scale."""
    return base_size(shape) or default


def fit_box(deck: Deck, shape: Any, lines: Sequence[Line], size: float, floor: float, where: str) -> Fit:
    try:
        return fit_text(lines, frame_of(shape), deck.measure, size, min(floor, size))
    except TextTooLarge as exc:
        raise TemplateError(f"{deck.template}: on the slide {where!r}, {exc}; shorten the text in prose.toml "
                            "or use a template with larger placeholders") from exc


def fill(deck: Deck, shape: Any, lines: Sequence[Line], size: float, floor: float, where: str) -> Fit:
    """Fit ``lines`` to the placeholder from ``size`` down to ``floor`` and write them; the caller handles overflow."""
    fit = fit_box(deck, shape, lines, size, floor, where)
    write_lines(shape, fit)
    return fit


def add_text(deck: Deck, slide: Any, box: Rect, lines: Sequence[Line], size: float) -> None:
    """A caption in a text box of our own: theme font, muted, small; left out if it cannot fit."""
    if box.h <= 0 or box.w <= 0:
        return
    shape = add_textbox(slide, box)
    try:
        fit = fit_text(lines, frame_of(shape), deck.measure, size, SMALL_FLOOR)
    except TextTooLarge:
        fit = Fit(SMALL_FLOOR, ())
    if fit.shown:
        write_lines(shape, fit, family=deck.content.theme.font_family, colour=deck.colour("muted"))
    else:
        remove(shape)


def place_chart(deck: Deck, slide: Any, area: Any, chart: RenderedChart) -> None:
    """The chart as large as fits the area above its caption, aspect ratio kept; the placeholder then goes."""
    box, (w_px, h_px) = rect_of(area), (chart.width_px, chart.height_px)
    remove(area)
    caption = [Line(chart.spec.caption, priority=1)] if chart.spec.caption else []
    small, width = deck.size("deck_small"), box.w
    for _ in range(2):  # measure the caption at the area's width, then at the picture's
        caption_h = text_height(caption, Frame(width / EMU_PER_PT, 1e6), deck.measure, small) * EMU_PER_PT
        room = box.h - (round(caption_h) + GAP if caption else 0)
        width = min(box.w, round(w_px * min(box.w / w_px, room / h_px)))
    picture = add_picture(slide, chart.png, Rect(box.x, box.y, box.w, room), w_px, h_px,
                          name=f"Chart: {chart.spec.key}", alt=chart.spec.alt, valign="top")
    bottom = picture.top + picture.height + GAP
    add_text(deck, slide, Rect(picture.left, bottom, picture.width, box.bottom - bottom), caption, small)


def table_area(deck: Deck, resolved: Resolved) -> Rect:
    """The layout's table placeholder, or else the space between the title and the footer."""
    area = _layout_ph(resolved, "table")
    if area is not None:
        return rect_of(area)
    title = rect_of(_layout_ph(resolved, "title"))
    top = title.bottom + round(0.2 * 914400)
    return Rect(title.x, top, title.w, round(deck.height * 0.88) - top)


def finish(deck: Deck, slide: Any, source_ids: tuple[str, ...]) -> None:
    """The source line in the footer; then remove every placeholder left empty."""
    if source_ids:
        small, margin = deck.size("deck_small"), round(deck.width * 0.045)
        fallback = Rect(margin, round(deck.height * 0.91), round(deck.width * 0.75), round(deck.height * 0.055))
        footer = add_footer_shape(slide, "ftr", fallback)
        own = ph_type(footer.element) is None
        line = [Line(deck.content.source_line(tuple(dict.fromkeys(source_ids))))]
        size = start(footer, small)
        try:
            fit: Fit | None = fit_text(line, frame_of(footer), deck.measure, size, min(size, SMALL_FLOOR))
        except TextTooLarge:
            fit = None
        if fit is None or fit.overflow:  # a long source line in a small footer: grow it upwards into the margin
            box = rect_of(footer)
            need = text_height(line, frame_of(footer), deck.measure, SMALL_FLOOR) - frame_of(footer).height
            extra = round(need * EMU_PER_PT) + EMU_PER_PT
            footer.left, footer.top, footer.width, footer.height = box.x, box.y - extra, box.w, box.h + extra
            fit = fit_box(deck, footer, line, size, SMALL_FLOOR, "footer")
        write_lines(footer, fit, family=deck.content.theme.font_family if own else None,
                    colour=deck.colour("muted") if own else None)
    for shape in list(slide.placeholders):
        if not shape.has_text_frame or not shape.text_frame.text.strip():
            remove(shape)


def _layout_ph(resolved: Resolved, role: str) -> Any:
    idx = resolved.roles.get(role)
    return None if idx is None else resolved.layout.placeholders.get(idx=idx)
