"""The deck's slides, block by block: each kind of story block becomes one or more slides.

Every slide takes its fonts and geometry from the template's placeholders; text is sized to fit its box,
charts keep their aspect ratio, and every figure is cited in the footer. The same inputs give a
byte-identical file, so a rebuild that changes nothing changes no bytes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from report.blocks import (
    Chart,
    Closing,
    Cover,
    Dashboard,
    Glossary,
    Hub,
    Methodology,
    OverviewTable,
    Revisions,
    Show,
    Sources,
    Story,
    Summary,
)
from report.charts.raster import RenderedChart
from report.errors import TemplateError
from report.outputs.pptx import figures
from report.outputs.pptx.deck import (
    BODY_FLOOR,
    GAP,
    Deck,
    add_text,
    common_title_size,
    continued,
    fill,
    finish,
    fit_box,
    layout_ph,
    new_slide,
    notes,
    open_deck,
    place_chart,
    start,
    table_area,
)
from report.outputs.pptx.fit import Fit, Frame, Level, Line, TextTooLarge, paginate, sizes_down, text_height
from report.outputs.pptx.hub import HubSetting, common_setting, hub_slide
from report.outputs.pptx.names import keep_names_whole
from report.outputs.pptx.package import save, set_properties
from report.outputs.pptx.scripts import mark_scripts
from report.outputs.pptx.shapes import (
    EMU_PER_PT,
    Rect,
    add_textbox,
    frame_of,
    rect_of,
    remove,
    write_lines,
)
from report.outputs.pptx.table import draw_table, plan_table
from report.words.format import reference
from report.words.narrative import Section

EMU_PER_IN = 914400
WIDE = 2.2  # a chart wider than this (width / height) takes the slide's full width (the map)
ENTRY_GAP = 0.35  # space before each entry of a sources or glossary column, as a fraction of the type size
ENTRY_LEADING = 1.1  # the lines of one entry a little apart: dense two-column lists read more easily
SOURCES_FLOOR = 10.0  # pt: smaller cannot be read when projected; a long list takes a second slide instead
SOURCES_COLUMN_GAP = 18.0  # pt between the sources slide's two columns
MAX_TABLE_ROWS = 12  # more rows than this on one slide stop being readable from the back of a room


def build_deck(story: Story, template: Path, target: Path, layouts: Mapping[str, str] | None = None) -> int:
    """Write the story's deck to ``target`` (a temporary path the caller renames); return the slide count.

    ``layouts`` names the layout of a slide kind outright (--layout KIND=NAME)."""
    prs, deck = open_deck(story.content, template, layouts)
    titles = [b.title for b in story.shown_in(Show.DECK) if not isinstance(b, Cover)]
    deck = replace(deck, title_size=common_title_size(deck, titles))
    hub_setting: list[HubSetting] = []  # the one layout and size every hub slide takes, worked out once
    for block in story.shown_in(Show.DECK):
        if isinstance(block, Cover):
            title_slide(prs, deck, block)
        elif isinstance(block, Revisions):
            list_slides(prs, deck, block.title, [Line(c) for c in block.lines], "", deck.size("deck_body"), BODY_FLOOR)
        elif isinstance(block, Summary | Closing):
            points_slide(prs, deck, block)
        elif isinstance(block, Chart) and block.chart.aspect > WIDE:
            wide_chart_slide(prs, deck, block.words, story.chart(block.chart), story.pack_line)
        elif isinstance(block, Dashboard):
            dashboard_slide(prs, deck, block)
        elif isinstance(block, OverviewTable):
            table_slides(prs, deck, block)
        elif isinstance(block, Hub):
            hub_setting = hub_setting or [common_setting(deck, [b for b in story.blocks if isinstance(b, Hub)])]
            hub_slide(prs, deck, block, hub_setting[0])
        elif isinstance(block, Chart):
            chart = story.chart(block.chart)
            chart_slide(prs, deck, block.words, chart, also_say=story.pack_line, cites=block.source_ids)
        elif isinstance(block, Methodology):
            methodology_slides(prs, deck, block)
        elif isinstance(block, Glossary):
            glossary_slide(prs, deck, block)
        elif isinstance(block, Sources):
            sources_slide(prs, deck, block)
        else:
            raise TypeError(f"the deck has no slide for a {type(block).__name__} block; add one in slides.py")
    set_properties(prs, story.content, story.title)
    keep_names_whole(prs, deck.measure)
    mark_scripts(prs, story.content.theme)
    save(prs, target)
    return len(prs.slides)


def title_slide(prs: Any, deck: Deck, block: Cover) -> None:
    """The briefing's title; on a hub document, the hub's own slide title in bold as the subtitle's first line."""
    cover, hub_title, deck = block.words, block.hub_title, deck.on("title")
    slide, roles = new_slide(prs, deck, "title", cover.title, notes(cover))
    meta = [Line(b) for b in cover.bullets]
    subtitle = [Line(hub_title, bold=True)] if hub_title else []
    subtitle += [Line(cover.subtitle)] if cover.subtitle else []
    if "meta" not in roles:
        subtitle, meta = subtitle + meta, []
    for role, lines, size in (("subtitle", subtitle, "deck_subtitle"), ("meta", meta, "deck_body")):
        if role in roles and lines:
            shape = slide.placeholders[roles[role]]
            if role == "meta":  # a one-line box in the template: the imprint and what the briefing covers need two
                box = rect_of(shape)
                shape.left, shape.top, shape.width = box.x, box.y, box.w
                shape.height = max(box.h, round(deck.height * 0.9) - box.y)
            fill(deck, shape, lines, start(shape, deck.size(size)), BODY_FLOOR, cover.title)
    finish(deck, slide, ())


def chart_slide(
    prs: Any,
    deck: Deck,
    words: Section,
    chart: RenderedChart,
    lines: Sequence[Line] | None = None,
    size: float | None = None,
    also_say: str = "",
    cites: tuple[str, ...] = (),
) -> None:
    """Text on the left, the chart on the right; text that cannot fit moves to a continuation slide.

    ``also_say`` ends the speaker notes (where the numbers behind the chart are); ``cites`` are the sources of
    figures the words state beyond the chart's own.
    """
    pending, deck = list(lines) if lines is not None else section_lines(words), deck.on("chart")
    title = words.title
    while True:
        slide, roles = new_slide(prs, deck, "chart", title, f"{notes(words)} {also_say}".strip())
        body = slide.placeholders[roles["body"]]
        fit = fill(deck, body, pending, size or start(body, deck.size("deck_body")), BODY_FLOOR, title)
        place_chart(deck, slide, slide.placeholders[roles["chart"]], chart)
        finish(deck, slide, (*(s for line in fit.shown for s in line.sources), *chart.spec.source_ids, *cites))
        if not fit.overflow:
            return
        pending, title = list(fit.overflow), continued(deck, words.title)


def points_slide(prs: Any, deck: Deck, block: Summary | Closing) -> None:
    """Points, each a bold lead and its text: on the summary what was found, on the close what follows."""
    words, deck = block.words, deck.on("closing")
    lines = [Line(p.text, lead=p.lead) for p in words.points]
    if words.subtitle:
        lines.insert(0, Line(words.subtitle, plain=True, colour=deck.colour("muted"), priority=1))
    slide, roles = new_slide(prs, deck, "closing", words.title, notes(words))
    body = slide.placeholders[roles["body"]]
    fit = fill(deck, body, lines, start(body, deck.size("deck_body")), BODY_FLOOR, words.title)
    if fit.overflow:
        raise TemplateError(
            f"{deck.template}: the points of {words.title!r} do not fit one slide even at {BODY_FLOOR:g} pt; use a "
            "template with a larger body placeholder on its closing layout"
        )
    finish(deck, slide, block.source_ids)


def wide_chart_slide(prs: Any, deck: Deck, words: Section, chart: RenderedChart, also_say: str = "") -> None:
    """A chart too wide to share the slide with a column of text (the map): its points in one band above it,
    the chart across the full width below."""
    deck = deck.on("table")
    slide, roles = new_slide(prs, deck, "table", words.title, f"{notes(words)} {also_say}".strip())
    if "table" in roles:
        remove(slide.placeholders[roles["table"]])
    area = table_area(deck, deck.layouts["table"])
    lines = [Line(b) for b in words.bullets]
    size = deck.size("deck_body")
    band = Frame(area.w / EMU_PER_PT, 1e6)
    lines = [Line(b.text, plain=True) for b in lines]  # one line each: a separator never ends a wrapped line
    text_h = round(text_height(lines, band, deck.measure, size) * EMU_PER_PT)
    box = add_textbox(slide, Rect(area.x, area.y, area.w, text_h + round(4 * EMU_PER_PT)))
    write_lines(box, Fit(size, tuple(lines)), family=deck.family, colour=deck.own_ink())
    box.name = "Points"
    top = area.y + text_h + round(10 * EMU_PER_PT)
    holder = add_textbox(slide, Rect(area.x, top, area.w, area.bottom - top))
    place_chart(deck, slide, holder, chart)
    finish(deck, slide, chart.spec.source_ids)


def dashboard_slide(prs: Any, deck: Deck, block: Dashboard) -> None:
    """The top hubs at a glance, as one native table with the score bars drawn beside the numbers."""
    words, labels, deck = block.words, deck.content.narrative.labels, deck.on("table")
    slide, roles = new_slide(prs, deck, "table", words.title, notes(words))
    resolved = deck.layouts["table"]
    area = table_area(deck, resolved)
    if "table" in roles:
        remove(slide.placeholders[roles["table"]])
    small = deck.size("deck_small") + 1
    line_h = round(small * 1.6 * EMU_PER_PT)
    figures.legend(
        slide,
        deck,
        area.x,
        area.y,
        [(deck.colour("patents"), labels["pct_series"]), (deck.colour("science"), labels["pub_series"])],
        small,
    )
    header = (
        labels["table_rank"],
        labels["table_cluster"],
        labels["table_pct"],
        labels["table_pubs"],
        labels["table_total"],
        labels["players"],
    )
    top = area.y + line_h + round(4 * EMU_PER_PT)
    said = block.notes_with(figures.EMPTY_CELL)
    notes_h = round(deck.size("deck_small") * 1.3 * EMU_PER_PT) * (len(said) + 1)
    table_box = Rect(area.x, top, area.w, area.bottom - top - notes_h)
    try:
        bottom = figures.dashboard(slide, deck, table_box, block.rows, block.scale, header)
    except figures.DashboardTooLarge as exc:
        raise TemplateError(f"{deck.template}: {exc}; use a template with a larger table layout") from exc
    figures.caption(slide, deck, Rect(area.x, bottom + GAP, area.w, area.bottom - bottom - GAP), said)
    finish(deck, slide, block.source_ids)


def table_slides(prs: Any, deck: Deck, block: OverviewTable) -> None:
    """The top N as a native table; rows that do not fit go on continuation slides."""
    words, deck = block.words, deck.on("table")
    header = [c.label for c in block.columns]
    rows = [list(row) for row in block.rows]
    numeric = tuple(c.numeric for c in block.columns)
    resolved = deck.layouts["table"]
    area = table_area(deck, resolved)
    caption = [Line(words.subtitle, priority=1)] if words.subtitle else []
    small = deck.size("deck_small")
    caption_h = round(text_height(caption, Frame(area.w / EMU_PER_PT, 1e6), deck.measure, small) * EMU_PER_PT)
    room = area.h - (caption_h + GAP if caption else 0)
    area_ph = layout_ph(resolved, "table")
    size = start(area_ph, deck.size("deck_body")) if area_ph is not None else deck.size("deck_body")
    try:
        plan = plan_table(
            header,
            rows,
            numeric,
            area.w / EMU_PER_PT,
            room / EMU_PER_PT,
            deck.measure,
            size,
            BODY_FLOOR,
            MAX_TABLE_ROWS,
        )
    except ValueError as exc:
        raise TemplateError(f"{deck.template}: {exc}; use a template whose table area is wider") from exc
    for number, page in enumerate(plan.pages):
        title = words.title if number == 0 else continued(deck, words.title)
        slide, roles = new_slide(prs, deck, "table", title, notes(words))
        if "table" in roles:
            remove(slide.placeholders[roles["table"]])
        colours = dict(deck.looks["table"].palette)
        shape = draw_table(slide, area, plan, header, [rows[i] for i in page], numeric, colours)
        if caption:
            bottom = shape.top + shape.height + GAP
            add_text(deck, slide, Rect(area.x, bottom, area.w, area.bottom - bottom), caption, small)
        finish(deck, slide, block.source_ids)


def methodology_slides(prs: Any, deck: Deck, block: Methodology) -> None:
    """How WIPO does it on the left; how to read this briefing's figures on the right; both at one size."""
    words, deck = block.words, deck.on("two_content")
    left = [Line(b) for b in words.bullets]
    right = [Line(p.text, lead=p.lead, plain=True) for p in words.points] or [
        Line(p, plain=True) for p in words.paragraphs
    ]
    sources = block.source_ids
    title = words.title
    while left or right:
        slide, roles = new_slide(prs, deck, "two_content", title, notes(words))
        boxes = [slide.placeholders[roles["left"]], slide.placeholders[roles["right"]]]
        fits = [
            fit_box(deck, box, lines, start(box, deck.size("deck_body")), BODY_FLOOR, title)
            for box, lines in zip(boxes, (left, right), strict=True)
        ]
        size = min((f.size for f in fits if f.shown), default=BODY_FLOOR)
        fits = [fill(deck, box, lines, size, size, title) for box, lines in zip(boxes, (left, right), strict=True)]
        left, right = list(fits[0].overflow), list(fits[1].overflow)
        finish(deck, slide, sources)
        title = continued(deck, words.title)


def sources_slide(prs: Any, deck: Deck, block: Sources) -> None:
    """The sources, each short title a link to the source."""
    lines = [Line(reference(s), plain=True, lead=s.short, link=s.url) for s in block.sources]
    reference_slides(prs, deck, block.words, lines, "sources", deck.size("deck_small") + 2)


def glossary_slide(prs: Any, deck: Deck, block: Glossary) -> None:
    """The terms the deck uses, each with its meaning, for the reader who meets the deck without its speaker."""
    lines = [Line(p.text, plain=True, lead=p.lead) for p in block.words.points]
    reference_slides(prs, deck, block.words, lines, "glossary", deck.size("deck_body"))


def reference_slides(prs: Any, deck: Deck, words: Section, lines: list[Line], kind: str, largest: float) -> None:
    """Entries in two columns, as large as ``largest`` if they fit; an entry never splits between the columns.
    One slide, unless a long list needs more at the smallest readable size."""
    deck = deck.on("closing")
    resolved = deck.layouts["closing"]
    body = layout_ph(resolved, "body")
    whole = deck.clear("closing", "body", rect_of(body))
    gap = round(SOURCES_COLUMN_GAP * EMU_PER_PT)
    column = Rect(whole.x, whole.y, (whole.w - gap) // 2, whole.h)
    # measured as the plain text boxes the columns are (no placeholder spacing), so they fill as measured
    level = Level(space_before_lines=ENTRY_GAP, line_spacing=ENTRY_LEADING)
    frame = Frame(frame_of(body, column).width, frame_of(body, column).height, (level,))
    try:
        fewest = len(paginate(lines, frame, deck.measure, SOURCES_FLOOR, SOURCES_FLOOR))
        slots = 2 * -(-fewest // 2)  # the columns the slides will have anyway: fill them at the largest size
        for size in sizes_down(largest, SOURCES_FLOOR):
            pages = paginate(lines, frame, deck.measure, size, size)
            if len(pages) <= slots:
                break
    except TextTooLarge as exc:
        raise TemplateError(
            f"{deck.template}: on the {kind} slide, {exc}; use a template with a larger body placeholder on its "
            "closing layout"
        ) from exc
    size = min(page.size for page in pages)
    pages = _balanced(lines, frame, deck, size, len(pages))
    for number in range(0, len(pages), 2):
        title = words.title if number == 0 else continued(deck, words.title)
        slide, roles = new_slide(prs, deck, "closing", title, words.notes or " ".join(x.full for x in lines))
        remove(slide.placeholders[roles["body"]])
        for k, page in enumerate(pages[number : number + 2]):
            box = add_textbox(slide, Rect(column.x + k * (column.w + gap), column.y, column.w, column.h))
            box.name = f"{kind.capitalize()}, column {k + 1}"
            write_lines(
                box,
                Fit(size, page.shown),
                family=deck.family,
                colour=deck.colour("ink"),
                link_colour=deck.looks["closing"].link,
                gap_lines=ENTRY_GAP,
                line_spacing=ENTRY_LEADING,
            )
        finish(deck, slide, ())


def _balanced(lines: list[Line], frame: Frame, deck: Deck, size: float, count: int) -> tuple[Fit, ...]:
    """The same number of columns, as short as they can be: the entries spread evenly, not one full column and
    a straggler in the next."""
    low, high = 0.0, frame.height
    for _ in range(12):
        middle = (low + high) / 2
        try:
            fits = len(paginate(lines, replace(frame, height=middle), deck.measure, size, size)) <= count
        except TextTooLarge:
            fits = False
        low, high = (low, middle) if fits else (middle, high)
    return tuple(paginate(lines, replace(frame, height=high), deck.measure, size, size))


def list_slides(
    prs: Any, deck: Deck, title: str, lines: Sequence[Line], speaker_notes: str, size: float, floor: float
) -> None:
    """A list (sources, revisions) on the closing layout, split over as many slides as it needs at one size."""
    resolved, deck = deck.layouts["closing"], deck.on("closing")
    body = layout_ph(resolved, "body")
    try:
        pages = paginate(lines, frame_of(body), deck.measure, size, floor)
    except TextTooLarge as exc:
        raise TemplateError(f"{deck.template}: on the slide {title!r}, {exc}; use a larger body placeholder") from exc
    for number, page in enumerate(pages):
        heading = title if number == 0 else continued(deck, title)
        slide, roles = new_slide(
            prs, deck, "closing", heading, speaker_notes or " ".join(line.text for line in page.shown)
        )
        write_lines(slide.placeholders[roles["body"]], page)
        finish(deck, slide, ())


def section_lines(words: Section) -> list[Line]:
    """A section's bullets (its paragraphs are the PDF's)."""
    return [Line(b) for b in words.bullets]
