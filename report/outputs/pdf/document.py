"""The PDF document: page templates (cover, body with its footer), outline and contents entries, writing.

Builds are byte-for-byte repeatable (reportlab's invariant mode, nothing taken from the clock), so an
unchanged input never produces a "changed" PDF. A tagged build (the default) marks everything it draws
(marking.py) and then writes the tagged, archival file (archive.py).
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

from reportlab.lib.utils import TimeStamp
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, KeepTogether, PageTemplate
from reportlab.platypus.tableofcontents import TableOfContents

from report.blocks import Story
from report.errors import OutputError
from report.outputs.pdf.blocks import story_flowables
from report.outputs.pdf.flowables import PageTotal
from report.outputs.pdf.marking import TaggedFrame, TaggingCanvas
from report.outputs.pdf.seed import Seed, read_seed, write_seed
from report.outputs.pdf.styles import PageGeometry, Styles, make_styles, page_geometry
from report.staging import open_output


def build_pdf(
    story: Story, target: Path, page_size: str, tagged: bool = True, seed: Path | None = None, fresh: bool = False
) -> int:
    """Write the story's PDF to ``target`` (a temporary path the caller renames); return the page count.

    ``seed`` is where this document's contents and page count are kept between builds: read unless ``fresh``
    (so the first pass can be the last), written after. ``tagged=False`` builds as before tagging existed
    (reportlab's plain output, every pass written), to compare readers and to time what tagging costs.
    """
    if not tagged:
        doc = _document(target, story, page_size, None)
        doc.multiBuild(doc.flow)
        return doc.page_total.total
    hint = read_seed(seed) if seed is not None and not fresh else None
    try:
        try:
            doc = _tagged_build(target, story, page_size, hint)
        except (OSError, OutputError):
            raise
        except Exception:
            if hint is None:
                raise
            doc = _tagged_build(target, story, page_size, None)  # a seed that breaks the layout is ignored
        if seed is not None:
            write_seed(seed, Seed(tuple(doc.toc_entries), doc.page_total.total))
    except OSError as exc:
        raise OutputError(
            f"{target}: cannot write the PDF ({exc.strerror or exc}); check the folder is writable, "
            "has free space and the file is not open in another program"
        ) from exc
    return doc.page_total.total


def _document(target: Path, story: Story, page_size: str, hint: Seed | None) -> Document:
    """The document and its flowables, the contents and page count started from ``hint`` when there is one."""
    geometry = page_geometry(page_size)
    styles = replace(make_styles(story.content.theme), names=story.content.narrative.names)
    doc = Document(_Finished(target), story, geometry, styles)
    doc.flow = story_flowables(story, styles, geometry, doc.page_total)
    contents = [f for f in doc.flow if isinstance(f, TableOfContents)]
    if hint is not None:
        doc.page_total.total = hint.pages
        doc.seeded = True
    # What multiBuild's first pass lays out as the contents (its beforeBuild moves them there): the previous
    # build's entries, or every entry the flowables will make, with no page numbers yet, so the contents
    # take their full length from the first pass and the pages after them need not move in the second.
    entries = hint.entries if hint is not None else tuple(doc.outline(doc.flow))
    for toc in contents:
        toc.addEntries(entries)
    return doc


def _tagged_build(target: Path, story: Story, page_size: str, hint: Seed | None) -> Document:
    doc = _document(target, story, page_size, hint)
    doc.multiBuild(doc.flow, canvasmaker=doc.canvas_for_pass)
    if not isinstance(doc.canvas_made, TaggingCanvas):
        raise AssertionError("multiBuild stopped after an unmarked pass: PageTotal must make it run again")
    from report.outputs.pdf.archive import finish_pdf

    _Finished(target).write(finish_pdf(doc.marked.getvalue(), doc.canvas_made.report_tags.finish(), doc.language))
    return doc


class _Unsaved(Canvas):
    """The first pass's canvas: laid out in full, never formatted into a file, and nothing drawn on it (where
    each flowable goes, and so the contents and the page count, is decided before it is drawn)."""

    report_layout_only = True

    def save(self) -> None:
        pass


def document_time(moment: dt.datetime) -> TimeStamp:
    """reportlab's timestamp for ``moment``: the PDF's CreationDate and ModDate, in UTC."""
    stamp = TimeStamp(invariant=1)
    stamp.t = moment.timestamp()
    stamp.lt = moment.utctimetuple()
    stamp.YMDhms = tuple(stamp.lt)[:6]
    stamp.dhh = stamp.dmm = 0
    return stamp


class _Finished:
    """Where reportlab writes the finished PDF, in one call at the very end: only then is the file opened
    (never through a symbolic link), so a PDF that fails to build leaves no file behind."""

    def __init__(self, target: Path) -> None:
        self.target, self.name = target, str(target)

    def write(self, data: bytes) -> int:
        with open_output(self.target) as handle:
            return handle.write(data)


class Document(BaseDocTemplate):
    """Cover and body page templates, the footer, and outline/contents entries for every heading."""

    def __init__(self, target: _Finished, story: Story, geometry: PageGeometry, styles: Styles) -> None:
        content, settings = story.content, story.content.briefing.settings
        title, keywords = story.title, story.keywords
        super().__init__(
            target,
            pagesize=geometry.size,
            leftMargin=geometry.margin,
            rightMargin=geometry.margin,
            topMargin=geometry.margin,
            bottomMargin=geometry.margin,
            title=title,
            author=settings.author,
            subject=settings.subtitle,
            creator="report",
            keywords=list(keywords),
            invariant=1,
            pageCompression=1,
            initialFontName=styles.family,
            initialFontSize=styles.body.fontSize,
        )
        self.styles, self.geometry, self.page_total = styles, geometry, PageTotal()
        self.language = settings.language
        self.marked = io.BytesIO()
        self.canvas_made: Canvas | None = None
        self.flow: list[Any] = []
        self.seeded = False  # the first pass starts from the previous build's contents and page count
        self.toc_entries: list[tuple[int, str, int, str]] = []  # the contents entries of the latest pass
        self.moment = content.moment
        self.footer_left = styles.printable(content.narrative.labels["page_footer"])  # checked before any writing
        self.page_of = styles.printable(content.narrative.labels["page_of"])
        page_width, page_height = geometry.size
        body = TaggedFrame(
            geometry.margin,
            geometry.margin,
            geometry.frame_width,
            geometry.frame_height,
            id="body",
            leftPadding=0,
            rightPadding=0,
            topPadding=0,
            bottomPadding=0,
        )
        cover = TaggedFrame(
            0, 0, page_width, page_height, id="cover", leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
        )
        self.addPageTemplates([PageTemplate("cover", [cover]), PageTemplate("body", [body], onPage=self._footer)])

    def canvas_for_pass(self, filename: Any, **kwargs: Any) -> Canvas:
        """The canvas of one multiBuild pass of a tagged build; each writes to memory, for archive.py to finish.

        Unseeded, the first pass is never the last (PageTotal needs a second to learn the page count), so its
        file would be thrown away: it is neither marked nor formatted, which pays for most of the marking.
        Seeded, the first pass is usually the last, so it is marked.
        """
        self.marked, self.toc_entries = io.BytesIO(), []
        if self.canvas_made is None and not self.seeded:
            self.canvas_made = _Unsaved(self.marked, **kwargs)
        else:
            self.canvas_made = TaggingCanvas(self.marked, language=self.language, **kwargs)
        return self.canvas_made

    def _makeCanvas(self, filename: Any = None, canvasmaker: Any = None) -> Canvas:
        """The canvas, dated with the briefing's date instead of invariant mode's 2000-01-01."""
        canvas: Canvas = super()._makeCanvas(filename=filename, canvasmaker=canvasmaker)
        canvas._doc._timeStamp = document_time(self.moment)
        return canvas

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
        canv.drawRightString(
            g.size[0] - g.margin, y, self.page_of.format(page=self.page, pages=self.page_total.total or "?")
        )
        canv.restoreState()

    def outline(self, flow: list[Any]) -> Iterator[tuple[int, str, int, str]]:
        """The contents entries ``flow`` will make, in order, each on page 0 (not known before layout)."""
        for flowable in flow:
            entry = getattr(flowable, "report_outline", None)
            if entry is not None and entry[3]:
                title, key, level, _in_contents = entry
                yield (level, self.styles.esc(title), 0, key)
            if isinstance(flowable, KeepTogether):
                yield from self.outline(flowable._content)

    def afterFlowable(self, flowable: Flowable) -> None:
        entry = getattr(flowable, "report_outline", None)
        if entry is None:
            return
        title, key, level, in_contents = entry
        self.canv.addOutlineEntry(title, key, level=level, closed=False)
        if in_contents:
            entry = (level, self.styles.esc(title), self.page, key)
            self.toc_entries.append(entry)
            self.notify("TOCEntry", entry)
