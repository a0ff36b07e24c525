"""The PDF's flowables, block by block: each kind of story block becomes headings, text, tables and charts.

The page breaks are decided here: a new page before each top-level block of the full briefing, and only when
the page is nearly full in a short hub document, so its sections share pages.
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
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from report.blocks import (
    Appendix,
    Block,
    Chart,
    Contents,
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
from report.outputs.pdf.flowables import ChartBlock, Cover, PageTotal
from report.outputs.pdf.styles import PageGeometry, Styles, link
from report.outputs.pdf.tables import Tables
from report.outputs.pdf.tags import ARTIFACT, figure, tagged
from report.words.format import source_list
from report.words.narrative import Section


def story_flowables(story: Story, styles: Styles, geometry: PageGeometry, page_total: PageTotal) -> list[Flowable]:
    """Every flowable of the document, in story order, with the page breaks between its parts."""
    flow = Flow(story, styles, geometry)
    draw: dict[type[Block], Callable[[Any], list[Flowable]]] = {
        CoverBlock: flow.cover,
        Revisions: flow.revisions,
        Summary: flow.summary,
        Contents: flow.contents,
        OverviewTable: flow.overview,
        Hub: flow.hub,
        Chart: flow.chart_section,
        Methodology: flow.methodology,
        Appendix: flow.appendix,
        Sources: flow.sources,
    }
    flowables: list[Flowable] = [page_total]
    previous: Block | None = None
    for block in story.shown_in(Show.DOCUMENT):
        if block.level == 0 and previous is not None and not isinstance(previous, CoverBlock):
            flowables.append(flow.new_section() if story.brief else PageBreak())
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
        """A new page only when less than a fifth of this one is left, so a heading never sits alone at its foot."""
        return CondPageBreak(self.g.frame_height * 0.2)

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

    def words(self, words: Section, key: str, level: int = 0, in_contents: bool = True) -> list[Flowable]:
        """Heading, standfirst and paragraphs of one section of the text templates."""
        return [
            *self.heading(words.title, key, level, in_contents),
            *self.paragraphs([words.subtitle], self.s.standfirst),
            *self.paragraphs(words.paragraphs),
        ]

    def chart(self, chart: RenderedChart, shrink: bool = True) -> Flowable:
        """The chart at its printed size with its caption and sources, never split across pages."""
        caption = Paragraph(self.s.esc(chart.spec.caption), self.s.caption)
        source = Paragraph(self.s.esc(self.content.source_line(chart.spec.source_ids)), self.s.source)
        return tagged(ChartBlock(chart, caption, source, self.g, shrink), "Div", drawing=figure(chart.spec.alt))

    def source_note(self, ids: tuple[str, ...]) -> Paragraph:
        return Paragraph(self.s.esc(self.content.source_line(ids)), self.s.source)

    # -- blocks ---------------------------------------------------------------------------------------------
    def cover(self, block: CoverBlock) -> list[Flowable]:
        cover = tagged(Cover(block.words, self.s, self.g, block.hub_title), "Div", drawing=ARTIFACT)  # band: decoration
        return [cover, NextPageTemplate("body"), PageBreak()]

    def revisions(self, block: Revisions) -> list[Flowable]:
        return [*self.heading(block.title, block.key), *self.bullets(block.lines)]

    def summary(self, block: Summary) -> list[Flowable]:
        return self.words(block.words, block.key, block.level)

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
        """A chart's section: its heading and words move with the chart when it needs a new page."""
        chart = self.chart(self.story.chart(block.chart), shrink=False)
        return [KeepTogether([*self.words(block.words, block.key, block.level), chart])]

    def overview(self, block: OverviewTable) -> list[Flowable]:
        return [
            *self.words(block.words, block.key, block.level),
            Spacer(1, 4),
            self.tables.overview(block),
            self.source_note(block.source_ids),
        ]

    def hub(self, block: Hub) -> list[Flowable]:
        words = block.words
        flow: list[Flowable] = [
            *self.heading(words.title, block.key, block.level),
            *self.paragraphs([words.subtitle], self.s.standfirst),
            *self.paragraphs(words.paragraphs),
        ]
        flow.append(
            KeepTogether(
                [
                    Paragraph(self.s.esc(self.labels["key_figures"]), self.s.h3),
                    self.tables.key_figures(block.key_figures),
                    self.source_note(block.own_sources),
                ]
            )
        )
        if block.hub.facts:
            flow.append(Paragraph(self.s.esc(self.labels["hub_facts"]), self.s.h3))
            muted, size = self.s.hex["muted"], self.s.note.fontSize
            for fact in block.hub.facts:
                detail = "; ".join(
                    x for x in (fact.fact.note, source_list(self.content.briefing, fact.fact.sources)) if x
                )
                flow.append(
                    Paragraph(
                        f'{self.s.esc(fact.line)}<br/><font color="{muted}" size="{size}">{self.s.esc(detail)}</font>',
                        self.s.bullet,
                        bulletText="•",
                    )
                )
        flow += [self.chart(self.story.chart(chart)) for chart in block.hub_charts]
        return flow

    def methodology(self, block: Methodology) -> list[Flowable]:
        note = [self.source_note(block.source_ids)] if block.source_ids else []
        return [*self.words(block.words, block.key, block.level), *note]

    def appendix(self, block: Appendix) -> list[Flowable]:
        """Every figure shown, by group, with its sources; then the other clusters the charts draw."""
        flow: list[Flowable] = [
            *self.heading(block.title, block.key),
            *self.paragraphs([block.words.subtitle], self.s.standfirst),
            self.tables.figures(block.groups),
        ]
        if block.others:
            title = Paragraph(self.s.esc(self.labels["others_label"]), self.s.h3)
            title.keepWithNext = 0  # the long table may start here and break; CondPageBreak keeps a few rows with it
            flow += [
                CondPageBreak(title.style.leading * 8),
                title,
                self.tables.others(block.others),
                self.source_note(tuple(s for c in block.others for s in c.sources)),
            ]
        return flow

    def sources(self, block: Sources) -> list[Flowable]:
        """The block's sources, in the order of the source list."""
        flow: list[Flowable] = [*self.heading(block.title, block.key)]
        muted, small = self.s.hex["muted"], self.s.note.fontSize
        for source in block.sources:
            year = f" ({source.year})" if source.year else ""
            parts = [f"<b>{self.s.esc(source.publisher)}{year}</b>. {self.s.esc(source.title)}."]
            if source.url:
                parts.append(link(source.url, self.s.hex["primary"]))
            if source.note:
                parts.append(f'<font color="{muted}">{self.s.esc(source.note.rstrip("."))}.</font>')
            parts.append(f'<font color="{muted}" size="{small}">[{self.s.esc(source.id)}]</font>')
            flow.append(Paragraph(" ".join(parts), self.s.sources_entry))
        return flow
