"""Write the printable PDF briefing with reportlab's platypus, styled by the one theme.

The PDF is the reading copy of the deck: the same words and charts, plus contents, an appendix of every figure
with its source, and the full source list. Builds are byte-for-byte repeatable (reportlab's invariant mode,
nothing taken from the clock), so an unchanged input never produces a "changed" PDF.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    HRFlowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents

from report.content import Content
from report.data import Cluster
from report.errors import BuildError
from report.pdf_figures import (
    FigureGroup,
    FigureRow,
    cluster_rows,
    economy_names,
    figure_groups,
    hub_group,
    label,
    other_clusters,
    signed_change,
)
from report.pdf_flowables import ChartBlock, Cover, PageTotal
from report.pdf_styles import PageGeometry, Styles, link, make_styles, page_geometry, table_commands
from report.render import RenderedChart
from report.text import Section, format_number, format_share, source_list


def build_pdf(content: Content, target: Path, page_size: str = "a4") -> int:
    """Write the PDF to `target` (the caller passes a temp path and renames it into place); return the page count."""
    settings = content.briefing.settings
    return _write(content, target, page_size, None, settings.title, tuple(h.name for h in content.briefing.hubs))


def build_hub_pdf(content: Content, hub: str, target: Path, page_size: str = "a4") -> int:
    """A short PDF on one hub: cover, the hub's section with its charts, methodology, an appendix of the figures
    it uses, sources. Returns the page count."""
    index = content.hub_index(hub)
    return _write(content, target, page_size, index, content.narrative.hub_documents[index].title, (hub,))


def _write(content: Content, target: Path, page_size: str, hub: int | None, title: str,
           keywords: tuple[str, ...]) -> int:
    """Lay out the full briefing (``hub`` None) or the short one on ``briefing.hubs[hub]``; return the page count."""
    geometry = page_geometry(page_size)
    styles = make_styles(content.theme)
    doc = _Document(target, content, geometry, styles, title, keywords)
    story = _Story(content, styles, geometry)
    flow = story.build(doc.page_total) if hub is None else story.build_hub(doc.page_total, hub)
    try:
        doc.multiBuild(flow)
    except OSError as exc:
        raise BuildError(f"{target}: cannot write the PDF ({exc.strerror or exc}); check the folder is writable "
                         "and the file is not open in another program") from exc
    return doc.page_total.total


class _Document(BaseDocTemplate):
    """Cover and body page templates, the footer, and outline/contents entries for every heading."""

    def __init__(self, target: Path, content: Content, geometry: PageGeometry, styles: Styles, title: str,
                 keywords: tuple[str, ...]) -> None:
        settings = content.briefing.settings
        super().__init__(
            str(target), pagesize=geometry.size, leftMargin=geometry.margin, rightMargin=geometry.margin,
            topMargin=geometry.margin, bottomMargin=geometry.margin, title=title, author=settings.author,
            subject=settings.subtitle, creator="report", keywords=[settings.edition, *keywords],
            invariant=1, pageCompression=1, initialFontName=styles.family, initialFontSize=styles.body.fontSize,
        )
        self.styles, self.geometry, self.page_total = styles, geometry, PageTotal()
        self.footer_left = styles.printable(content.narrative.labels["page_footer"])  # checked before any writing
        self.page_of = styles.printable(content.narrative.labels["page_of"])
        page_width, page_height = geometry.size
        body = Frame(geometry.margin, geometry.margin, geometry.frame_width, geometry.frame_height, id="body",
                     leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        cover = Frame(0, 0, page_width, page_height, id="cover", leftPadding=0, rightPadding=0, topPadding=0,
                      bottomPadding=0)
        self.addPageTemplates([PageTemplate("cover", [cover]), PageTemplate("body", [body], onPage=self._footer)])

    def afterPage(self) -> None:
        self.page_total.count = self.page

    def _footer(self, canv: Canvas, doc: Any) -> None:
        s, g = self.styles, self.geometry
        y = g.margin - g.footer_gap
        canv.saveState()
        canv.setStrokeColor(s.colours["rule"])
        canv.setLineWidth(0.5)
        canv.line(g.margin, y + s.footer_size + 4, g.size[0] - g.margin, y + s.footer_size + 4)
        canv.setFont(s.family, s.footer_size)
        canv.setFillColor(s.colours["muted"])
        canv.drawString(g.margin, y, self.footer_left)
        canv.drawRightString(g.size[0] - g.margin, y, self.page_of.format(page=self.page,
                                                                          pages=self.page_total.total or "?"))
        canv.restoreState()

    def afterFlowable(self, flowable: Flowable) -> None:
        entry = getattr(flowable, "report_outline", None)
        if entry is None:
            return
        title, key, level, in_contents = entry
        self.canv.addOutlineEntry(title, key, level=level, closed=False)
        if in_contents:
            self.notify("TOCEntry", (level, self.styles.esc(title), self.page, key))


class _Story:
    """Builds the list of flowables, section by section, in reading order."""

    def __init__(self, content: Content, styles: Styles, geometry: PageGeometry) -> None:
        self.content, self.s, self.g = content, styles, geometry
        self.narrative, self.briefing = content.narrative, content.briefing
        self.labels = content.narrative.labels
        self._keys: set[str] = set()

    def build(self, page_total: PageTotal) -> list[Flowable]:
        n = self.narrative
        story: list[Flowable] = [page_total, Cover(n["cover"], self.s, self.g), NextPageTemplate("body"),
                                 PageBreak()]
        story += self.summary()
        story += [PageBreak(), *self.contents()]
        story += [PageBreak(), *self.overview()]
        for hub, words in zip(self.briefing.hubs, n.hubs, strict=True):
            story += [PageBreak(), *self.hub(hub, words)]
        story += [PageBreak(), *self.section("intensity", chart=self.content.chart("intensity"))]
        if self.content.changes:
            story += [PageBreak(), *self.heading(label(self.labels, "revisions_title"), "revisions"),
                      *self.bullets(self.content.changes)]
        story += [PageBreak(), *self.methodology()]
        story += [PageBreak(), *self.appendix(figure_groups(self.content), other_clusters(self.content))]
        story += [PageBreak(), *self.sources()]
        return story

    def build_hub(self, page_total: PageTotal, index: int) -> list[Flowable]:
        """The short briefing on one hub: its section as in the full one, then what a reader needs to check it."""
        hub, words = self.briefing.hubs[index], self.narrative.hubs[index]
        story: list[Flowable] = [page_total, Cover(self.narrative["cover"], self.s, self.g, words.title),
                                 NextPageTemplate("body"), PageBreak(), *self.hub(hub, words)]
        story += [self.new_section(), *self.methodology()]  # short sections share pages instead of leaving
        story += [self.new_section(), *self.appendix((hub_group(self.content, hub),), ())]  # most of each empty
        story += [self.new_section(), *self.sources(self.hub_sources(hub) + self.content.methodology_sources())]
        return story

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

    def words(self, key: str, level: int = 0, in_contents: bool = True) -> list[Flowable]:
        """Heading, standfirst and paragraphs of one named section of the text templates."""
        words = self.narrative[key]
        return [*self.heading(words.title, key, level, in_contents),
                *self.paragraphs([words.subtitle], self.s.standfirst), *self.paragraphs(words.paragraphs)]

    def section(self, key: str, level: int = 0, chart: RenderedChart | None = None) -> list[Flowable]:
        """A named section; with a chart, its heading and words move with the chart when it needs a new page."""
        if chart is None:
            return self.words(key, level)
        return [KeepTogether([*self.words(key, level), self.chart(chart, shrink=False)])]

    def chart(self, chart: RenderedChart, shrink: bool = True) -> Flowable:
        """The chart at its printed size with its caption and sources, never split across pages."""
        caption = Paragraph(self.s.esc(chart.spec.caption), self.s.caption)
        source = Paragraph(self.s.esc(self.content.source_line(chart.spec.source_ids)), self.s.source)
        return ChartBlock(chart, caption, source, self.g, shrink)

    def source_note(self, ids: tuple[str, ...]) -> Paragraph:
        return Paragraph(self.s.esc(self.content.source_line(ids)), self.s.source)

    def table(self, rows: list[list[Any]], widths: list[float], header: bool = True, groups: tuple[int, ...] = (),
              ) -> Table:
        """A table that breaks across pages with its header row repeated."""
        table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
        table.setStyle(TableStyle(table_commands(self.s, len(rows), header, groups, len(widths))))
        return table

    def cell(self, text: str, numeric: bool = False, head: bool = False, colour: str | None = None) -> Paragraph:
        style = (self.s.head_num if numeric else self.s.head) if head else (self.s.cell_num if numeric else
                                                                              self.s.cell)
        markup = self.s.esc(text)
        return Paragraph(f'<font color="{colour}">{markup}</font>' if colour else markup, style)

    def widths(self, fixed: list[float]) -> list[float]:
        """Column widths in points; the one 0 is the flexible column that takes what is left."""
        rest = self.g.frame_width - sum(fixed)
        return [w or rest for w in fixed]

    # -- sections -------------------------------------------------------------------------------------------
    def summary(self) -> list[Flowable]:
        return [*self.words("summary"), *self.section("key_finding", 1, self.content.chart("economies"))]

    def contents(self) -> list[Flowable]:
        toc = TableOfContents(levelStyles=list(self.s.toc), dotsMinLevel=0, rightColumnWidth=36,
                              tableStyle=TableStyle([("FONTNAME", (0, 0), (-1, -1), self.s.family),
                                                     ("VALIGN", (0, 0), (-1, -1), "TOP"),
                                                     ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                                     ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
        title = self.narrative["contents"].title or self.labels["contents"]
        return [*self.heading(title, "contents", in_contents=False), Spacer(1, 4), toc]

    def overview(self) -> list[Flowable]:
        flow = [*self.words("overview"), Spacer(1, 4), self.overview_table(),
                self.source_note(tuple(s for h in self.briefing.hubs for s in h.sources))]
        for key in ("pct_vs_pubs", "shares", "rank_movement"):
            flow += self.section(key, level=1, chart=self.content.chart(key))
        return flow

    def overview_table(self) -> Table:
        lab = self.labels
        keys = ("table_rank", "table_cluster", "table_economy", "table_pct", "table_pubs", "table_total",
                "table_change")
        numeric = (True, False, False, True, True, True, True)
        rows: list[list[Any]] = [[self.cell(lab[k], n, head=True) for k, n in zip(keys, numeric, strict=True)]]
        for hub in self.briefing.hubs:
            rows.append([self.cell(str(hub.rank), True), self.cell(hub.name), self.cell(" and ".join(economy_names(
                self.content, hub))), self.cell(format_number(hub.pct_applications), True),
                self.cell(format_number(hub.publications), True), self.cell(format_share(hub.total_share), True),
                self.change_cell(hub)])
        return self.table(rows, self.widths([34, 0, 92, 66, 66, 60, 48]))

    def change_cell(self, cluster: Cluster) -> Paragraph:
        change = cluster.rank_change or 0
        colour = self.s.hex["up"] if change > 0 else self.s.hex["down"] if change < 0 else None
        return self.cell(signed_change(cluster.rank_change), True, colour=colour)

    def hub_sources(self, hub: Cluster) -> tuple[str, ...]:
        """Every source the hub's section cites: its figures, its further facts and its charts."""
        facts = tuple(s for fact in self.briefing.facts_for(hub.name) for s in fact.sources)
        charts = tuple(s for chart in self.content.hub_charts(hub.name) for s in chart.spec.source_ids)
        return hub.sources + hub.detail_sources + facts + charts

    def hub(self, hub: Cluster, words: Section) -> list[Flowable]:
        key = f"hub-{hub.rank}"
        flow: list[Flowable] = [*self.heading(words.title, key), *self.paragraphs([words.subtitle], self.s.standfirst),
                                *self.paragraphs(words.paragraphs)]
        cells = [[self.cell(r.figure), self.cell(r.value, numeric=True)] for r in cluster_rows(self.content, hub)]
        grid = [cells[i] + (cells[i + 1] if i + 1 < len(cells) else [self.cell(""), self.cell("")])
                for i in range(0, len(cells), 2)]
        flow.append(KeepTogether([
            Paragraph(self.s.esc(label(self.labels, "key_figures")), self.s.h3),
            self.table(grid, self.widths([0, 92, 132, 92]), header=False),
            self.source_note(hub.sources + hub.detail_sources)]))
        facts = self.briefing.facts_for(hub.name)
        lines = self.narrative.fact_lines.get(hub.name, ())
        if facts and len(lines) == len(facts):
            flow.append(Paragraph(self.s.esc(label(self.labels, "hub_facts")), self.s.h3))
            for line, fact in zip(lines, facts, strict=True):
                detail = "; ".join(x for x in (fact.note, source_list(self.briefing, fact.sources)) if x)
                flow.append(Paragraph(f'{self.s.esc(line)}<br/><font color="{self.s.hex["muted"]}" size='
                                      f'"{self.s.note.fontSize}">{self.s.esc(detail)}</font>', self.s.bullet,
                                      bulletText="•"))
        flow += [self.chart(chart) for chart in self.content.hub_charts(hub.name)]
        return flow

    def methodology(self) -> list[Flowable]:
        ids = self.content.methodology_sources()
        return [*self.section("methodology"), *([self.source_note(ids)] if ids else [])]

    def appendix(self, figures: tuple[FigureGroup, ...], others: tuple[Cluster, ...]) -> list[Flowable]:
        """Every figure shown, by group, with its sources; then the other clusters the charts draw."""
        lab, words = self.labels, self.narrative["appendix"]
        flow: list[Flowable] = [*self.heading(words.title, "appendix"),
                                *self.paragraphs([words.subtitle], self.s.standfirst)]
        rows: list[list[Any]] = [[self.cell(lab["appendix_figure"], head=True),
                                  self.cell(lab["appendix_value"], True, head=True),
                                  self.cell(lab["appendix_source"], head=True)]]
        groups: list[int] = []
        for group in figures:
            groups.append(len(rows))
            rows.append([Paragraph(self.s.esc(group.title), self.s.group), "", ""])
            rows += [self.figure_row(row) for row in group.rows]
        flow.append(self.table(rows, self.widths([0, 96, 180]), groups=tuple(groups)))
        if others:
            title = Paragraph(self.s.esc(lab["others_label"]), self.s.h3)
            title.keepWithNext = 0  # the long table may start here and break; CondPageBreak keeps a few rows with it
            flow += [CondPageBreak(title.style.leading * 8), title, self.others_table(others),
                     self.source_note(tuple(s for c in others for s in c.sources))]
        return flow

    def figure_row(self, row: FigureRow) -> list[Any]:
        muted, small = self.s.hex["muted"], self.s.note.fontSize
        note = f'<br/><font color="{muted}" size="{small}">{self.s.esc(row.note)}</font>' if row.note else ""
        ids = f' <font color="{muted}" size="{small}">{self.s.esc(", ".join(row.source_ids))}</font>'
        return [Paragraph(self.s.esc(row.figure) + note, self.s.cell), self.cell(row.value, numeric=True),
                Paragraph(self.s.esc(source_list(self.briefing, row.source_ids)) + ids, self.s.cell)]

    def others_table(self, clusters: tuple[Cluster, ...]) -> Table:
        keys = ("table_rank", "table_cluster", "table_pct", "table_pubs", "pct_series", "pub_series", "table_total",
                "table_change")
        rows: list[list[str]] = []
        for c in clusters:
            rows.append([str(c.rank), c.name, format_number(c.pct_applications), format_number(c.publications),
                         format_share(c.pct_share), format_share(c.pub_share), format_share(c.total_share),
                         signed_change(c.rank_change)])
        heads = [self.labels[k] for k in keys]
        widths = [0.0 if k == "table_cluster" else self.column_width(heads[i], [r[i] for r in rows])
                  for i, k in enumerate(keys)]
        cells: list[list[Any]] = [[self.cell(h, k != "table_cluster", head=True) for h, k in zip(heads, keys,
                                                                                             strict=True)]]
        for c, row in zip(clusters, rows, strict=True):
            cells.append([self.cell(v, i != 1) for i, v in enumerate(row[:-1])] + [self.change_cell(c)])
        return self.table(cells, self.widths(widths))

    def column_width(self, head: str, values: list[str]) -> float:
        """Wide enough for the longest word of the header and of the values, so nothing breaks mid-word."""
        bold, size = f"{self.s.family}-Bold", self.s.cell.fontSize
        words = [stringWidth(word, bold, size) for word in head.split()]
        words += [stringWidth(word, self.s.family, size) for value in values for word in value.split()]
        return max(words) + 10

    def sources(self, cited: tuple[str, ...] | None = None) -> list[Flowable]:
        """Every source, or only the ``cited`` ones, in the order of the source list."""
        flow: list[Flowable] = [*self.heading(self.narrative["sources"].title, "sources")]
        muted, small = self.s.hex["muted"], self.s.note.fontSize
        for source in self.briefing.sources:
            if cited is not None and source.id not in cited:
                continue
            year = f" ({source.year})" if source.year else ""
            parts = [f"<b>{self.s.esc(source.publisher)}{year}</b>. {self.s.esc(source.title)}."]
            if source.url:
                parts.append(link(source.url, self.s.hex["primary"]))
            if source.note:
                parts.append(f'<font color="{muted}">{self.s.esc(source.note.rstrip("."))}.</font>')
            parts.append(f'<font color="{muted}" size="{small}">[{self.s.esc(source.id)}]</font>')
            flow.append(Paragraph(" ".join(parts), self.s.sources_entry))
        return flow
