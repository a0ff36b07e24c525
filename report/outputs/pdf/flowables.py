"""The PDF's own flowables: the cover, a chart with its caption, and the page-total bookkeeping."""

from __future__ import annotations

from typing import Any

from reportlab.platypus import Flowable, Paragraph

from report.charts.raster import RenderedChart
from report.outputs.pdf.png import draw_png
from report.outputs.pdf.styles import PageGeometry, Styles, chart_size
from report.words.narrative import Section

MIN_CHART_SCALE = 0.78  # a chart may shrink this far to finish a page; smaller, its labels get hard to read


class PageTotal(Flowable):
    """Invisible; makes multiBuild run again until the "page X of Y" footers carry the final Y."""

    def __init__(self) -> None:
        super().__init__()
        self.total = 0  # pages in the previous pass: what the footers print
        self.count = 0  # pages in this pass
        self._settled = False

    def isIndexing(self) -> int:
        return 1

    def beforeBuild(self) -> None:
        self.count = 0

    def afterBuild(self) -> None:
        self._settled, self.total = self.count == self.total, self.count

    def isSatisfied(self) -> bool:
        return self._settled

    def notify(self, kind: str, stuff: Any) -> None:
        pass

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        pass


class Cover(Flowable):
    """The whole cover page: a primary-colour band holding title and subtitle, the imprint below it.

    A hub document's cover names its hub: the hub's own section title, in bold, above the subtitle.
    """

    def __init__(self, section: Section, styles: Styles, geometry: PageGeometry, hub_title: str = "") -> None:
        super().__init__()
        self.styles, self.geometry = styles, geometry
        self.title = Paragraph(styles.esc(section.title), styles.cover_title)
        self.subtitles = [Paragraph(f"<b>{styles.esc(hub_title)}</b>", styles.cover_subtitle)] if hub_title else []
        self.subtitles.append(Paragraph(styles.esc(section.subtitle), styles.cover_subtitle))
        self.imprint = [Paragraph(styles.esc(line), styles.cover_meta) for line in section.bullets]

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return available_width, available_height

    def draw(self) -> None:
        canv, s, g = self.canv, self.styles, self.geometry
        page_width, page_height = g.size
        band = page_height * 0.45
        canv.saveState()
        canv.setFillColor(s.colours["primary"])
        canv.rect(0, page_height - band, page_width, band, stroke=0, fill=1)
        canv.setFillColor(s.colours["highlight"])
        canv.rect(0, page_height - band - 5, page_width, 5, stroke=0, fill=1)
        title, width = self.title, g.frame_width
        y = page_height - band + g.margin * 1.6  # bottom-up, so a long title grows towards the top of the band
        tops = []
        for subtitle in reversed(self.subtitles):
            y += subtitle.wrap(width, band)[1]
            tops.append(y)
        y += s.cover_title.spaceAfter + title.wrap(width, band)[1]
        title.drawOn(canv, g.margin, y - title.height)  # drawn in reading order: the PDF's tags follow it
        for subtitle, top in zip(self.subtitles, reversed(tops), strict=True):
            subtitle.drawOn(canv, g.margin, top - subtitle.height)
        y = page_height - band - g.margin * 1.8
        for line in self.imprint:
            _, height = line.wrap(width, page_height)
            line.drawOn(canv, g.margin, y - height)
            y -= height
        canv.restoreState()


class ChartBlock(Flowable):
    """A chart, its caption and its source line as one unbreakable block.

    Printed as wide as allowed (aspect ratio kept exactly); where that would push the block to the next page
    and leave a half-empty one, it shrinks (not below MIN_CHART_SCALE) to finish the current page instead.
    """

    def __init__(
        self, chart: RenderedChart, caption: Paragraph, source: Paragraph, geometry: PageGeometry, shrink: bool = True
    ) -> None:
        super().__init__()
        self.chart, self.caption, self.source, self.geometry, self.shrink = chart, caption, source, geometry, shrink
        self.image_size = (0.0, 0.0)
        self.spaceBefore, self.spaceAfter = 6, 6

    def full_size(self, available_width: float) -> tuple[float, float]:
        return chart_size(self.chart.width_px, self.chart.height_px, available_width, self.geometry.frame_height)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = self.full_size(available_width)
        text = self._text_height(available_width)
        if self.shrink and height + text > available_height:
            fitted = (available_height - text) * self.chart.width_px / self.chart.height_px
            if fitted >= width * MIN_CHART_SCALE:
                width, height = fitted, fitted * self.chart.height_px / self.chart.width_px
        self.image_size = (width, height)
        self.width, self.height = available_width, height + text
        return self.width, self.height

    def _text_height(self, width: float) -> float:
        heights = [p.wrap(width, 10_000)[1] for p in (self.caption, self.source)]
        return heights[0] + heights[1] + self.caption.style.spaceBefore + self.caption.style.spaceAfter

    def draw(self) -> None:
        width, height = self.image_size
        draw_png(self.canv, self.chart.png, 0, self.height - height, width, height)
        y = self.height - height - self.caption.style.spaceBefore - self.caption.height
        self.caption.drawOn(self.canv, 0, y)
        self.source.drawOn(self.canv, 0, y - self.caption.style.spaceAfter - self.source.height)
