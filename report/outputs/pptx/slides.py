"""The deck's slides, block by block: each kind of story block becomes one or more slides.

Every slide takes its fonts and geometry from the template's placeholders; text is sized to fit its box,
charts keep their aspect ratio, and every figure is cited in the footer. The same inputs give a
byte-identical file, so a rebuild that changes nothing changes no bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from report.blocks import (
    Chart,
    Closing,
    Cover,
    Dashboard,
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
from report.outputs.pptx.fit import Frame, Line, TextTooLarge, paginate, text_height
from report.outputs.pptx.package import save, set_properties
from report.outputs.pptx.shapes import EMU_PER_PT, Rect, frame_of, remove, write_lines
from report.outputs.pptx.table import draw_table, plan_table
from report.words.narrative import HubWords, Section

MAX_FACTS = 3  # further facts on a hub's slide; the appendix lists them all
SOURCES_FLOOR = 7.0  # pt: the one sources slide may set its list this small
SOURCES_COLUMN_GAP = 18.0  # pt between the sources slide's two columns
MAX_TABLE_ROWS = 12  # more rows than this on one slide stop being readable from the back of a room


def build_deck(story: Story, template: Path, target: Path) -> int:
    """Write the story's deck to ``target`` (a temporary path the caller renames); return the slide count."""
    prs, deck = open_deck(story.content, template)
    hub_size: list[float] = []  # the one size every hub slide's text is set at, worked out once
    for block in story.shown_in(Show.DECK):
        if isinstance(block, Cover):
            title_slide(prs, deck, block)
        elif isinstance(block, Revisions):
            list_slides(prs, deck, block.title, [Line(c) for c in block.lines], "", deck.size("deck_body"), BODY_FLOOR)
        elif isinstance(block, Summary | Closing):
            points_slide(prs, deck, block)
        elif isinstance(block, Dashboard):
            dashboard_slide(prs, deck, block)
        elif isinstance(block, OverviewTable):
            table_slides(prs, deck, block)
        elif isinstance(block, Hub):
            hub_size = hub_size or [common_size(deck, [hub_lines(deck, hub) for hub in story.content.narrative.hubs])]
            hub_slide(prs, deck, block, hub_size[0])
        elif isinstance(block, Chart):
            chart_slide(prs, deck, block.words, story.chart(block.chart), also_say=story.pack_line)
        elif isinstance(block, Methodology):
            methodology_slides(prs, deck, block)
        elif isinstance(block, Sources):
            sources_slide(prs, deck, block)
        else:
            raise TypeError(f"the deck has no slide for a {type(block).__name__} block; add one in slides.py")
    set_properties(prs, story.content, story.title)
    save(prs, target)
    return len(prs.slides)


def title_slide(prs: Any, deck: Deck, block: Cover) -> None:
    """The briefing's title; on a hub document, the hub's own slide title in bold as the subtitle's first line."""
    cover, hub_title = block.words, block.hub_title
    slide, roles = new_slide(prs, deck, "title", cover.title, notes(cover))
    meta = [Line(b) for b in cover.bullets]
    subtitle = [Line(hub_title, bold=True)] if hub_title else []
    subtitle += [Line(cover.subtitle)] if cover.subtitle else []
    if "meta" not in roles:
        subtitle, meta = subtitle + meta, []
    for role, lines, size in (("subtitle", subtitle, "deck_subtitle"), ("meta", meta, "deck_body")):
        if role in roles and lines:
            shape = slide.placeholders[roles[role]]
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
) -> None:
    """Text on the left, the chart on the right; text that cannot fit moves to a continuation slide.

    ``also_say`` ends the speaker notes (where the numbers behind the chart are).
    """
    pending = list(lines) if lines is not None else section_lines(words)
    title = words.title
    while True:
        slide, roles = new_slide(prs, deck, "chart", title, f"{notes(words)} {also_say}".strip())
        body = slide.placeholders[roles["body"]]
        fit = fill(deck, body, pending, size or start(body, deck.size("deck_body")), BODY_FLOOR, title)
        place_chart(deck, slide, slide.placeholders[roles["chart"]], chart)
        finish(deck, slide, (*(s for line in fit.shown for s in line.sources), *chart.spec.source_ids))
        if not fit.overflow:
            return
        pending, title = list(fit.overflow), continued(deck, words.title)


def points_slide(prs: Any, deck: Deck, block: Summary | Closing) -> None:
    """The takeaways, each a bold lead and its text: on the summary what was found, on the close what follows."""
    words = block.words
    points = block.points if isinstance(block, Closing) else words.points
    lines = [Line(p.then if isinstance(block, Closing) else p.text, lead=p.lead) for p in points]
    if words.subtitle:
        lines.insert(0, Line(words.subtitle, plain=True, colour=deck.colour("muted"), priority=1))
    slide, roles = new_slide(prs, deck, "closing", words.title, notes(words))
    body = slide.placeholders[roles["body"]]
    fit = fill(deck, body, lines, start(body, deck.size("deck_body")), BODY_FLOOR, words.title)
    if fit.overflow:
        raise TemplateError(
            f"{deck.template}: the takeaways do not fit one slide even at {BODY_FLOOR:g} pt; use a "
            "template with a larger body placeholder on its closing layout"
        )
    finish(deck, slide, block.source_ids)


def dashboard_slide(prs: Any, deck: Deck, block: Dashboard) -> None:
    """The top hubs at a glance, as one native table with the score bars drawn beside the numbers."""
    words, labels = block.words, deck.content.narrative.labels
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
    notes_h = round(deck.size("deck_small") * 1.3 * EMU_PER_PT) * (len(block.notes) + 1)
    table_box = Rect(area.x, top, area.w, area.bottom - top - notes_h)
    try:
        bottom = figures.dashboard(slide, deck, table_box, block.rows, block.scale, header)
    except figures.DashboardTooLarge as exc:
        raise TemplateError(f"{deck.template}: {exc}; use a template with a larger table layout") from exc
    figures.caption(slide, deck, Rect(area.x, bottom + GAP, area.w, area.bottom - bottom - GAP), block.notes)
    finish(deck, slide, block.source_ids)


def hub_slide(prs: Any, deck: Deck, block: Hub, size: float) -> None:
    """A hub's slide: what sets it apart and its facts on the left; its big numbers and its mix on the right.

    Hub slides side by side read as a set, so every hub's text is set at the one size that fits all hubs'
    text, and a hub's slide in its own short deck is the slide it has in the full deck.
    """
    words, labels = block.words, deck.content.narrative.labels
    lines = hub_lines(deck, block.hub)
    slide, roles = new_slide(prs, deck, "chart", words.title, notes(words))
    body = slide.placeholders[roles["body"]]
    fit = fill(deck, body, lines, size, BODY_FLOOR, words.title)
    area = slide.placeholders[roles["chart"]]
    box = Rect(int(area.left), int(area.top), int(area.width), int(area.height))
    remove(area)
    bottom = figures.kpi_tiles(slide, deck, box, block.kpis)
    strip = Rect(box.x, bottom + round(0.3 * 914400), box.w, box.bottom - bottom - round(0.3 * 914400))
    small = deck.size("deck_small") + 1
    key_h = round(small * 1.6 * EMU_PER_PT)
    figures.mix_strip(slide, deck, Rect(strip.x, strip.y, strip.w, strip.h - key_h), labels["mix_title"], block.mix)
    end = strip.y + round(small * 1.5 * EMU_PER_PT) + 4 * EMU_PER_PT + len(block.mix) * round(small * 2.1 * EMU_PER_PT)
    figures.legend(
        slide,
        deck,
        strip.x,
        min(end + round(4 * EMU_PER_PT), strip.bottom - key_h),
        [(deck.colour("patents"), labels["pct_series"]), (deck.colour("science"), labels["pub_series"])],
        small,
    )
    finish(deck, slide, (*(s for line in fit.shown for s in line.sources), *block.own_sources))


def table_slides(prs: Any, deck: Deck, block: OverviewTable) -> None:
    """The top N as a native table; rows that do not fit go on continuation slides."""
    words = block.words
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
        colours = dict(deck.content.theme.colours)
        shape = draw_table(slide, area, plan, header, [rows[i] for i in page], numeric, colours)
        if caption:
            bottom = shape.top + shape.height + GAP
            add_text(deck, slide, Rect(area.x, bottom, area.w, area.bottom - bottom), caption, small)
        finish(deck, slide, block.source_ids)


def methodology_slides(prs: Any, deck: Deck, block: Methodology) -> None:
    """Bullets on the left, the explanation on the right, both at one size."""
    words = block.words
    left = [Line(b) for b in words.bullets]
    right = [Line(p, plain=True) for p in words.paragraphs]
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
    """The sources in two columns of small type, each short title a link to the source: one slide, unless a
    long list needs more at the smallest size."""
    words = block.words
    lines = [
        Line(f"{s.publisher}{f' ({s.year})' if s.year else ''}. {s.title}", plain=True, lead=s.short, link=s.url)
        for s in block.sources
    ]
    pages = None
    for number in range(1, 1000):
        slide, roles = new_slide(
            prs,
            deck,
            "closing",
            words.title if number == 1 else continued(deck, words.title),
            words.notes or " ".join(x.text for x in lines),
        )
        body = slide.placeholders[roles["body"]]
        body_pr = body.text_frame._txBody.bodyPr
        body_pr.set("numCol", "2")
        body_pr.set("spcCol", str(round(SOURCES_COLUMN_GAP * EMU_PER_PT)))
        if pages is None:
            frame = frame_of(body)
            # a column can end mid-paragraph, so measure each column a line short of its height
            short = 2 * deck.size("deck_small") * deck.measure.line_factor
            frame = Frame(frame.width, frame.height - short, frame.levels)
            try:
                pages = paginate(lines, frame, deck.measure, deck.size("deck_small") + 1, SOURCES_FLOOR)
            except TextTooLarge as exc:
                raise TemplateError(
                    f"{deck.template}: on the sources slide, {exc}; use a template with a larger "
                    "body placeholder on its closing layout"
                ) from exc
        write_lines(body, pages[number - 1])
        finish(deck, slide, ())
        if number == len(pages):
            return


def list_slides(
    prs: Any, deck: Deck, title: str, lines: Sequence[Line], speaker_notes: str, size: float, floor: float
) -> None:
    """A list (sources, revisions) on the closing layout, split over as many slides as it needs at one size."""
    resolved = deck.layouts["closing"]
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


def common_size(deck: Deck, texts: Sequence[Sequence[Line]]) -> float:
    """The largest size at which every one of ``texts`` fits the chart layout's text box."""
    body = layout_ph(deck.layouts["chart"], "body")
    first = start(body, deck.size("deck_body"))
    return min((fit_box(deck, body, lines, first, BODY_FLOOR, "hub").size for lines in texts), default=first)


def section_lines(words: Section) -> list[Line]:
    """A section's bullets; with fewer than three, its first paragraph too, if there is room."""
    lines = [Line(b) for b in words.bullets]
    if len(lines) < 3 and words.paragraphs:
        lines.append(Line(words.paragraphs[0], plain=True, priority=1))
    return lines


def hub_lines(deck: Deck, hub: HubWords) -> list[Line]:
    """Where the hub stands and what sets it apart, then up to three further facts."""
    words, own = hub.section, hub.cluster.sources + hub.cluster.detail_sources
    lines = [Line(words.subtitle, plain=True, colour=deck.colour("muted"), sources=own)] if words.subtitle else []
    lines += [Line(b, sources=own) for b in words.bullets]
    for fact in hub.facts[:MAX_FACTS]:
        lines.append(Line(fact.line, level=0, sources=fact.fact.sources))
    return lines
