"""The PDF's flowables, block by block: each kind of story block becomes headings, text, tables and figures.

The page breaks are decided here: a new page only where a major part opens (the summary, the hubs, the
appendix); everything else flows on, each chart kept with its heading and caption. A short hub document has
no forced breaks at all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    HRFlowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from report.blocks import (
    Appendix,
    Block,
    Chart,
    Contents,
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
from report.blocks import Cover as CoverBlock
from report.charts.raster import RenderedChart
from report.outputs.pdf.flowables import ChartBlock, Cover, MixStrip, PageTotal
from report.outputs.pdf.styles import PageGeometry, Styles, url_markup
from report.outputs.pdf.tables import Tables
from report.words.format import source_list
from report.words.narrative import Section

SIDE_GAP = 14  # points between a chart and the column of points beside it
SIDE_MIN = 120  # the narrowest column of points worth setting beside a chart


def story_flowables(story: Story, styles: Styles, geometry: PageGeometry, page_total: PageTotal) -> list[Flowable]:
    """Every flowable of the document, in story order, with the page breaks between its parts."""
    flow = Flow(story, styles, geometry)
    draw: dict[type[Block], Callable[[Any], list[Flowable]]] = {
        CoverBlock: flow.cover,
        Revisions: flow.revisions,
        Summary: flow.summary,
        Contents: flow.contents,
        OverviewTable: flow.overview,
        Dashboard: flow.dashboard,
        Hub: flow.hub,
        Chart: flow.chart_section,
        Methodology: flow.methodology,
        Glossary: flow.glossary,
        Appendix: flow.appendix,
        Sources: flow.sources,
    }
    flowables: list[Flowable] = [page_total]
    previous: Block | None = None
    for block in story.shown_in(Show.DOCUMENT):
        if block.opens_part and previous is not None and not isinstance(previous, CoverBlock) and not story.brief:
            flowables.append(PageBreak())
        elif previous is not None and not isinstance(previous, CoverBlock):
            flowables.append(flow.new_section())
        previous = block
        try:
            flowables += draw[type(block)](block)
        except KeyError:
            raise TypeError(
                f"the PDF has no flowables for a {type(block).__name__} block; add them in outputs/pdf/blocks.py"
            ) from None
    return flowables


class Flow:
    """Turns blocks into flowables; remembers the anchors used so every heading gets a unique one."""

    def __init__(self, story: Story, styles: Styles, geometry: PageGeometry) -> None:
        self.story, self.s, self.g = story, styles, geometry
        self.content = story.content
        self.labels = story.content.narrative.labels
        self.tables = Tables(story.content, styles, geometry)
        self._keys: set[str] = set()

    def new_section(self) -> Flowable:
        """A new page only when less than a sixth of this one is left, so a heading never sits alone at its foot."""
        return CondPageBreak(self.g.frame_height / 6)

    # -- building blocks ------------------------------------------------------------------------------------
    def heading(self, title: str, key: str, level: int = 0, in_contents: bool = True) -> list[Flowable]:
        """A heading that is also an outline entry and (usually) a clickable contents line; a rule under a top one."""
        key = self._unique_key(key)
        para = Paragraph(f'<a name="{key}"/>{self.s.esc(title)}', self.s.h1 if level == 0 else self.s.h2)
        para.report_outline = (title, key, level, in_contents)
        if level:
            return [para]
        rule = HRFlowable(width="100%", thickness=0.6, color=self.s.colours["rule"], spaceBefore=1, spaceAfter=7)
        rule.keepWithNext = 1
        return [para, rule]

    def subheading(self, text: str, level: int) -> Paragraph:
        """A heading inside a block, one level below the block's own (never skipping a level)."""
        return Paragraph(self.s.esc(text), self.s.h2 if level == 0 else self.s.h3)

    def _unique_key(self, key: str) -> str:
        base, n = "".join(ch if ch.isalnum() else "-" for ch in key.lower()), 1
        key = base
        while key in self._keys:
            n += 1
            key = f"{base}-{n}"
        self._keys.add(key)
        return key

    def paragraphs(self, texts: Iterable[str], style: Any = None) -> list[Flowable]:
        return [Paragraph(self.s.esc(text), style or self.s.body) for text in texts if text]

    def bullets(self, texts: Iterable[str]) -> list[Flowable]:
        return [Paragraph(self.s.esc(text), self.s.bullet, bulletText="•") for text in texts if text]

    def opening(self, words: Section, key: str, level: int = 0, in_contents: bool = True) -> list[Flowable]:
        """A block's heading and standfirst."""
        return [
            *self.heading(words.title, key, level, in_contents),
            *self.paragraphs([words.subtitle], self.s.standfirst),
        ]

    def chart(self, chart: RenderedChart) -> Flowable:
        """The chart at the print scale with its caption and sources, never split across pages."""
        caption = Paragraph(self.s.esc(chart.spec.caption), self.s.caption)
        source = Paragraph(self.s.esc(self.content.source_line(chart.spec.source_ids)), self.s.source)
        return ChartBlock(chart, caption, source)

    def source_note(self, ids: tuple[str, ...]) -> Paragraph:
        return Paragraph(self.s.esc(self.content.source_line(ids)), self.s.source)

    def points(self, block: Summary, with_then: bool) -> list[Flowable]:
        """Numbered takeaways: a bold lead and its text, then (in italics) what follows from it."""
        flow: list[Flowable] = []
        for number, point in enumerate(block.words.points, 1):
            lead = f"<b>{self.s.esc(point.lead)}</b> {self.s.esc(point.text)}"
            item: list[Flowable] = [Paragraph(lead, self.s.takeaway, bulletText=f"{number}")]
            if with_then and point.then:
                item.append(Paragraph(self.s.esc(point.then), self.s.implication))
            flow.append(KeepTogether(item))
        return flow

    # -- blocks ---------------------------------------------------------------------------------------------
    def cover(self, block: CoverBlock) -> list[Flowable]:
        return [Cover(block.words, self.s, self.g, block.hub_title), NextPageTemplate("body"), PageBreak()]

    def revisions(self, block: Revisions) -> list[Flowable]:
        return [*self.heading(block.title, block.key), *self.bullets(block.lines)]

    def summary(self, block: Summary) -> list[Flowable]:
        return [
            *self.opening(block.words, block.key, block.level),
            *self.points(block, with_then=True),
            Spacer(1, 4),
            self.source_note(block.source_ids),
        ]

    def contents(self, block: Contents) -> list[Flowable]:
        toc = TableOfContents(
            levelStyles=list(self.s.toc),
            dotsMinLevel=0,
            rightColumnWidth=36,
            tableStyle=TableStyle(
                [
                    ("FONTNAME", (0, 0), (-1, -1), self.s.family),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ]
            ),
        )
        title = block.title or self.labels["contents"]
        return [*self.heading(title, block.key, in_contents=False), Spacer(1, 4), toc]

    def chart_section(self, block: Chart) -> list[Flowable]:
        """Heading, standfirst and chart kept together, the section's points beside the chart when there is room
        for a column of them, else under it."""
        chart = self.chart(self.story.chart(block.chart))
        chart.wrap(self.g.frame_width, self.g.frame_height)
        points = self.bullets(block.words.bullets)
        room = self.g.frame_width - chart.image_size[0] - SIDE_GAP
        if points and room >= SIDE_MIN:
            side = Table([[chart, points]], colWidths=[chart.image_size[0] + SIDE_GAP, room], hAlign="LEFT")
            side.setStyle(
                TableStyle(
                    [
                        ("VALIGN", (0, 0), (-1, -1), "TOP"),
                        ("LEFTPADDING", (0, 0), (-1, -1), 0),
                        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                        ("TOPPADDING", (1, 0), (1, 0), 10),
                        ("FONTNAME", (0, 0), (-1, -1), self.s.family),
                    ]
                )
            )
            return [KeepTogether([*self.opening(block.words, block.key, block.level), side])]
        return [KeepTogether([*self.opening(block.words, block.key, block.level), chart]), *points]

    def dashboard(self, block: Dashboard) -> list[Flowable]:
        table = self.tables.dashboard(block)
        notes = [Paragraph(self.s.esc(note), self.s.note) for note in block.notes]
        return [
            KeepTogether(
                [
                    *self.opening(block.words, block.key, block.level),
                    self.tables.legend(),
                    table,
                    Spacer(1, 4),
                    *notes,
                    self.source_note(block.source_ids),
                ]
            )
        ]

    def overview(self, block: OverviewTable) -> list[Flowable]:
        return [
            *self.opening(block.words, block.key, block.level),
            Spacer(1, 4),
            self.tables.overview(block),
            self.source_note(block.source_ids),
        ]

    def hub(self, block: Hub) -> list[Flowable]:
        """The hub's message, its big numbers, what sets it apart, its mix against the others, its facts."""
        words = block.words
        flow: list[Flowable] = [
            KeepTogether([*self.opening(words, block.key, block.level), self.tables.kpis(block.kpis)])
        ]
        flow += self.bullets(words.bullets)
        flow.append(
            KeepTogether(
                [
                    self.subheading(self.labels["mix_title"], block.level),
                    MixStrip(block.mix, self.s),
                    self.tables.legend(),
                ]
            )
        )
        if block.hub.facts:
            muted, size = self.s.hex["muted"], self.s.note.fontSize
            items: list[Flowable] = [self.subheading(self.labels["hub_facts"], block.level)]
            for fact in block.hub.facts:
                source = source_list(self.content.briefing, fact.fact.sources)
                items.append(
                    Paragraph(
                        f'{self.s.esc(fact.line)} <font color="{muted}" size="{size}">({self.s.esc(source)})</font>',
                        self.s.bullet,
                        bulletText="•",
                    )
                )
            flow.append(KeepTogether(items))
        flow.append(self.source_note(block.own_sources))
        return flow

    def methodology(self, block: Methodology) -> list[Flowable]:
        note = [self.source_note(block.source_ids)] if block.source_ids else []
        return [*self.opening(block.words, block.key, block.level), *self.paragraphs(block.words.paragraphs), *note]

    def glossary(self, block: Glossary) -> list[Flowable]:
        return [*self.opening(block.words, block.key, block.level), self.tables.glossary(block.words.points)]

    def appendix(self, block: Appendix) -> list[Flowable]:
        """Every figure shown, by group, with its sources; then the other clusters the charts draw."""
        flow: list[Flowable] = [*self.opening(block.words, block.key, block.level)]
        flow += [*self.paragraphs([self.story.pack_line]), self.tables.figures(block.groups)]
        if block.others:
            title = self.subheading(self.labels["others_label"], block.level)
            title.keepWithNext = 0  # the long table may start here and break; CondPageBreak keeps a few rows with it
            flow += [
                CondPageBreak(title.style.leading * 8),
                title,
                self.tables.others(block.others),
                self.source_note(tuple(s for c in block.others for s in c.sources)),
            ]
        return flow

    def sources(self, block: Sources) -> list[Flowable]:
        """The block's sources, each with its short name (as the footers cite it) and its link."""
        flow: list[Flowable] = [*self.heading(block.title, block.key)]
        style = self.s.sources_entry
        width = self.g.frame_width - style.leftIndent
        for source in block.sources:
            year = f" ({source.year})" if source.year else ""
            parts = [
                f"<b>{self.s.esc(source.short)}</b> · {self.s.esc(source.publisher)}{year}. {self.s.esc(source.title)}."
            ]
            if source.note:
                parts.append(self.s.esc(source.note.rstrip(".")) + ".")
            text = " ".join(parts)
            if source.url:
                text += "<br/>" + url_markup(
                    source.url, self.s.hex["primary"], self.s.family, style.fontSize, width, width
                )
            flow.append(Paragraph(text, style))
        return flow
