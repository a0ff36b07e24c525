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
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from report.blocks import (
    Appendix,
    Block,
    Chart,
    Closing,
    Contents,
    Dashboard,
    Glossary,
    Hub,
    Methodology,
    OverviewTable,
    Part,
    Revisions,
    Show,
    Sources,
    Story,
    Summary,
)
from report.blocks import Cover as CoverBlock
from report.charts.raster import RenderedChart
from report.outputs.pdf.flowables import ChartBlock, Cover, PageTotal
from report.outputs.pdf.styles import TOC_NUMBERS, PageGeometry, Styles, url_markup
from report.outputs.pdf.tables import Tables
from report.outputs.pdf.tags import ARTIFACT, figure, tagged
from report.words.format import reference
from report.words.narrative import Section

FIGURE_MARK = "[figure]"  # where a paragraph refers to its section's chart: "Figure 3" in the PDF


def story_flowables(story: Story, styles: Styles, geometry: PageGeometry, page_total: PageTotal) -> list[Flowable]:
    """Every flowable of the document, in story order, with the page breaks between its parts."""
    flow = Flow(story, styles, geometry)
    draw: dict[type[Block], Callable[[Any], list[Flowable]]] = {
        CoverBlock: flow.cover,
        Revisions: flow.revisions,
        Summary: flow.summary,
        Part: flow.part,
        Closing: flow.closing,
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
    part: list[Flowable] = []  # a part's title, waiting for its first section
    for block in story.shown_in(Show.DOCUMENT):
        if block.opens_part and previous is not None and not isinstance(previous, CoverBlock) and not story.brief:
            flowables.append(PageBreak())
        elif previous is not None and not isinstance(previous, CoverBlock | Part):  # a part's title keeps with next
            flowables.append(flow.new_section(before_part=isinstance(block, Part)))
        previous = block
        if type(block) not in draw:
            raise TypeError(
                f"the PDF has no flowables for a {type(block).__name__} block; add them in outputs/pdf/blocks.py"
            )
        drawn = draw[type(block)](block)
        if isinstance(block, Part):
            part = drawn
            continue
        flowables += _with_part(part, drawn) if part else drawn
        part = []
    return flowables + part


def _with_part(part: list[Flowable], drawn: list[Flowable]) -> list[Flowable]:
    """A part's title in one piece with the first whole part of its first section. Kept with it by keepWithNext
    alone, the title is measured against a KeepTogether nested in another, and can sit alone at a page's foot."""
    first = drawn[0] if drawn else None
    if isinstance(first, KeepTogether):
        return [KeepTogether([*part, *first._content]), *drawn[1:]]
    return [*part, *drawn]


class Flow:
    """Turns blocks into flowables; remembers the anchors used so every heading gets a unique one."""

    def __init__(self, story: Story, styles: Styles, geometry: PageGeometry) -> None:
        self.story, self.s, self.g = story, styles, geometry
        self.content = story.content
        self.labels = story.content.narrative.labels
        self.tables = Tables(story.content, styles, geometry)
        self._keys: set[str] = set()
        self.in_part = 0  # 1 once a part has opened: the sections after it sit one level down in the outline
        self.figures = 0  # figures numbered so far
        self.numbered_tables = 0  # and the appendix's tables
        self.body_tables = 0  # and the body's

    def new_section(self, before_part: bool = False) -> Flowable:
        """A new page only when less than a sixth of this one is left (a third before a part's title, which
        brings its first section's heading and figure with it), so a heading never sits alone at its foot."""
        return CondPageBreak(self.g.frame_height / (3 if before_part else 6))

    # -- building blocks ------------------------------------------------------------------------------------
    def heading(self, title: str, key: str, level: int = 0, in_contents: bool = True) -> list[Flowable]:
        """A heading that is also an outline entry and (usually) a clickable contents line; a rule under a top one."""
        key = self._unique_key(key)
        style = (self.s.section if self.in_part else self.s.h1) if level == 0 else self.s.h2
        para = Paragraph(f'<a name="{key}"/>{self.s.esc(title)}', style)
        para.report_outline = (title, key, level + self.in_part, in_contents)
        if level:
            return [para]
        rule = HRFlowable(width="100%", thickness=0.6, color=self.s.colours["rule"], spaceBefore=1, spaceAfter=7)
        rule.keepWithNext = 1
        return [para, rule]

    def subheading(self, text: str, level: int) -> Paragraph:
        """A heading inside a block, one level below the block's own (never skipping a level)."""
        style = (self.s.subsection if self.in_part else self.s.h2) if level == 0 else self.s.h3
        return Paragraph(self.s.esc(text), style)

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
        """The chart at the print scale, numbered, with its caption and sources, never split across pages."""
        number = self.labels["figure_label"].format(number=self.figures)
        caption = Paragraph(f"<b>{self.s.esc(number)}</b>  {self.s.esc(chart.spec.caption)}", self.s.caption)
        source = Paragraph(self.s.esc(self.content.source_line(chart.spec.source_ids)), self.s.source)
        return tagged(ChartBlock(chart, caption, source), "Div", drawing=figure(chart.spec.alt))

    def figure_paragraphs(self, words: Section) -> list[Flowable]:
        """The section's paragraphs (its bullets when it has none), the figure it draws named by its number."""
        number = self.labels["figure_label"].format(number=self.figures)
        texts = [t.replace(FIGURE_MARK, number) for t in words.paragraphs]
        return self.paragraphs(texts) if texts else self.bullets(words.bullets)

    def source_note(self, ids: tuple[str, ...]) -> Paragraph:
        return Paragraph(self.s.esc(self.content.source_line(ids)), self.s.source)

    def points(self, words: Section) -> list[Flowable]:
        """The points as short paragraphs, each opening on its bold lead, each kept whole."""
        return [KeepTogether([p]) for p in self.point_paragraphs(words)]

    def point_paragraphs(self, words: Section) -> list[Paragraph]:
        return [
            Paragraph(f"<b>{self.s.esc(point.lead)}</b> {self.s.esc(point.text)}", self.s.takeaway)
            for point in words.points
        ]

    # -- blocks ---------------------------------------------------------------------------------------------
    def cover(self, block: CoverBlock) -> list[Flowable]:
        cover = tagged(Cover(block.words, self.s, self.g, block.hub_title), "Div", drawing=ARTIFACT)  # band: decoration
        return [cover, NextPageTemplate("body"), PageBreak()]

    def revisions(self, block: Revisions) -> list[Flowable]:
        return [*self.heading(block.title, block.key), *self.bullets(block.lines)]

    def summary(self, block: Summary | Closing) -> list[Flowable]:
        """The opening, the numbered points, the sources: the last point never leaves its source line behind."""
        points = self.points(block.words)  # a KeepTogether inside another mis-measures: the last one goes in bare
        ending = [*self.point_paragraphs(block.words)[-1:], Spacer(1, 4), self.source_note(block.source_ids)]
        return [*self.opening(block.words, block.key, block.level), *points[:-1], KeepTogether(ending)]

    def closing(self, block: Closing) -> list[Flowable]:
        """Like the summary: the opening stays with the first point, each point stays whole."""
        return self.summary(block)

    def part(self, block: Part) -> list[Flowable]:
        """A part's title: a small 'Part N' above it; the sections after it nest under it in the outline."""
        self.in_part = 0
        key = self._unique_key(block.key)
        label = Paragraph(self.s.esc(self.labels["part_label"].format(number=block.number)), self.s.part_label)
        title = Paragraph(f'<a name="{key}"/>{self.s.esc(block.title)}', self.s.part)
        title.report_outline = (block.title, key, 0, True)
        rule = HRFlowable(width="100%", thickness=1.5, color=self.s.colours["primary"], spaceBefore=2, spaceAfter=4)
        label.keepWithNext = title.keepWithNext = rule.keepWithNext = 1
        self.in_part = 1
        return [label, title, rule]

    def contents(self, block: Contents) -> list[Flowable]:
        toc = TableOfContents(
            levelStyles=list(self.s.toc),
            dotsMinLevel=0,
            rightColumnWidth=TOC_NUMBERS,
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
        """Heading, the section's prose (naming its figure) and the numbered figure, kept together."""
        self.figures += 1
        chart = self.chart(self.story.chart(block.page_chart))
        text = self.figure_paragraphs(block.words)
        # the figure with its heading; the discussion after it may run on to the next page, but never alone
        # no standfirst: the figure's caption says what it shows, and a report says it once
        heading = self.heading(block.words.title, block.key, block.level)
        return [KeepTogether([*heading, chart, *text[:1]]), *text[1:]]

    def dashboard(self, block: Dashboard) -> list[Flowable]:
        """The top hubs' table, titled above as a report titles its tables (its standfirst is the title), with
        its legend, notes and sources under it."""
        table = self.tables.dashboard(block)
        self.body_tables += 1
        number = self.s.esc(self.labels["body_table_label"].format(number=self.body_tables))
        # a paragraph, not a /Caption: a caption belongs inside the table's own structure, which reportlab
        # tables do not give it
        title = Paragraph(f"<b>{number}</b>  {self.s.esc(block.words.subtitle)}", self.s.body)
        title.keepWithNext = 1
        notes = [Paragraph(self.s.esc(note), self.s.note) for note in block.notes_with("")]  # no empty cells here
        return [
            KeepTogether(
                [
                    *self.heading(block.words.title, block.key, block.level),
                    *self.paragraphs(block.words.paragraphs),
                    title,
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
        """The hub's message, its big numbers, where it stands against the others (its score's neighbours, the
        same panel in every profile: readers took a panel in only some for a fault) and what the sources say, kept
        on one page: readers took a profile split across pages, mid-sentence or before what the sources say,
        for a fault; a page of two profiles and some white space reads as designed."""
        words, s = block.words, self.s
        panels = []
        for group in (g for g in block.nearest if g.kind == "score"):  # numbered like every figure of the report
            self.figures += 1
            panels.append(self.tables.score_neighbours(group, self.labels["figure_label"].format(number=self.figures)))
        flow: list[Flowable] = [
            *self.opening(words, block.key, block.level),
            self.tables.kpis(block.kpis),
            *(self.paragraphs(words.paragraphs) if words.paragraphs else self.bullets(words.bullets)),
            *panels,
        ]
        said = [fact.line for fact in block.hub.facts] + ([words.caption] if words.caption else [])
        if said:  # what the sources say, when they say anything about this hub
            named = self.labels["hub_in_sources"].format(name=block.hub.cluster.name)
            lead = f"<b>{s.esc(named)}.</b> "
            flow.append(Paragraph(lead + " ".join(s.esc(line) for line in said), s.body))
        flow.append(
            self.source_note((*block.own_sources, *block.cites, *(s for f in block.hub.facts for s in f.sources)))
        )
        return [KeepTogether(flow)]

    def height(self, flowables: list[Flowable]) -> float:
        """How tall the flowables set at the frame's width, their spacing included."""
        width, tall = self.g.frame_width, self.g.frame_height
        return sum(f.wrap(width, tall)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)

    def methodology(self, block: Methodology) -> list[Flowable]:
        """The method in prose, then how to read this briefing's figures."""
        note = [self.source_note(block.source_ids)] if block.source_ids else []
        reading = [
            Paragraph(f"<b>{self.s.esc(p.lead)}</b> {self.s.esc(p.text)}", self.s.bullet, bulletText="•")
            for p in block.words.points
        ]
        return [
            *self.opening(block.words, block.key, block.level),
            *self.paragraphs(block.words.paragraphs),
            *reading,
            *note,
        ]

    def glossary(self, block: Glossary) -> list[Flowable]:
        """The heading and the terms' table, which may start at the foot of a page and run on (its header row
        repeats): kept whole, it left the page before it half empty."""
        opening = self.opening(block.words, block.key, block.level)
        for flowable in opening:
            flowable.keepWithNext = 0
        room = CondPageBreak(self.height(opening) + 80)  # the heading and about three of the terms
        return [room, *opening, self.tables.glossary(block.words.points)]

    def appendix(self, block: Appendix) -> list[Flowable]:
        """The data behind the briefing as tables, each with its sources: the ranking, the facts, the economies'
        counts and intensity."""
        lab, flow = self.labels, [*self.opening(block.words, block.key, block.level)]
        flow += self.paragraphs([self.story.pack_line])  # where the same numbers are as a workbook, if built
        tables = []
        if block.clusters:
            last = block.clusters[-1].rank
            ids = tuple(s for c in block.clusters for s in c.sources)
            title = lab["appendix_ranking"] if len(block.clusters) > 1 else lab["appendix_ranking_one"]
            tables.append((title.format(last=last), self.tables.ranking(block.clusters), ids))
        by_intensity = set(self.content.briefing.intensity_places())  # a hub's place by intensity: Table A4's
        places = tuple(f for f in block.facts if f in by_intensity)
        facts = self.tables.facts(block.clusters, tuple(f for f in block.facts if f not in by_intensity))
        if facts is not None:
            tables.append((lab["appendix_facts"], facts, ()))
        if block.economies:  # each row names its own sources
            tables.append((lab["appendix_economies"], self.tables.economies(block.economies), ()))
        ranks, per_resident = self.tables.intensity(block.intensity, places), self.tables.per_resident(block.intensity)
        if ranks is not None:
            tables.append((lab["appendix_intensity"], ranks, ()))
        if per_resident is not None:
            tables.append((lab["appendix_per_resident"], per_resident, ()))
        for title, table, ids in tables:
            self.numbered_tables += 1
            label = self.labels["table_label"].format(number=self.numbered_tables)
            heading = self.subheading(f"{label}  {title}", block.level)
            heading.keepWithNext = 0  # a long table may start here and break; CondPageBreak keeps rows with it
            flow += [CondPageBreak(heading.style.leading * 8), heading, table]
            if ids:
                flow.append(self.source_note(ids))
        return flow

    def sources(self, block: Sources) -> list[Flowable]:
        """The block's sources, each with its short name (as the footers cite it) and its link."""
        flow: list[Flowable] = [*self.heading(block.title, block.key)]
        style = self.s.sources_entry
        width = self.g.frame_width - style.leftIndent
        for source in block.sources:
            text = f"<b>{self.s.esc(source.short)}</b>  {self.s.esc(reference(source))}"
            if source.url:
                text += "<br/>" + url_markup(
                    source.url, self.s.hex["primary"], self.s.family, style.fontSize, width, width
                )
            flow.append(KeepTogether([Paragraph(text, style)]))  # a link never stranded from its entry
        return flow
