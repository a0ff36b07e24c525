"""The PDF's own flowables: the cover, a chart with its caption, and the page-total bookkeeping."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from reportlab.lib.colors import Color
from reportlab.platypus import Flowable, Paragraph

from report.charts.raster import RenderedChart
from report.outputs.pdf.png import draw_png
from report.outputs.pdf.styles import PageGeometry, Styles, chart_size
from report.words.narrative import Section


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
        canv.setFillColor(s.colours["accent"])
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
    """A chart, its caption and its source line as one unbreakable block, printed at the one chart scale.

    A chart that leaves a wide enough margin beside it takes its caption and source there, as a side note:
    the figure block then spans the measure, and is shorter than with the caption under it."""

    SIDE_GAP = 14.0  # points between the chart and its side note
    SIDE_MIN = 120.0  # the narrowest side note worth setting: about 28 characters of caption a line

    def __init__(self, chart: RenderedChart, caption: Paragraph, source: Paragraph) -> None:
        super().__init__()
        self.chart, self.caption, self.source = chart, caption, source
        self.image_size = (0.0, 0.0)
        self.side = 0.0  # the side note's width, or 0 when the caption goes under the chart
        self.spaceBefore, self.spaceAfter = 6, 6

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        spec = self.chart.spec
        width, height = chart_size(
            self.chart.width_px, self.chart.height_px, spec.scale, spec.print_pt_per_px, available_width
        )
        self.image_size = (width, height)
        side = available_width - width - self.SIDE_GAP
        self.side = side if side >= self.SIDE_MIN else 0.0
        if self.side:
            self.width, self.height = available_width, max(height, self._text_height(self.side))
        else:
            self.width, self.height = available_width, height + self._text_height(width)
        return self.width, self.height

    def _text_height(self, width: float) -> float:
        heights = [p.wrap(width, 10_000)[1] for p in (self.caption, self.source)]
        return heights[0] + heights[1] + self.caption.style.spaceBefore + self.caption.style.spaceAfter

    def draw(self) -> None:
        width, height = self.image_size
        draw_png(self.canv, self.chart.png, 0, self.height - height, width, height)
        if self.side:  # the note's first line level with the chart's top
            x, y = width + self.SIDE_GAP, self.height - self.caption.height
        else:
            x, y = 0.0, self.height - height - self.caption.style.spaceBefore - self.caption.height
        self.caption.drawOn(self.canv, x, y)
        self.source.drawOn(self.canv, x, y - self.caption.style.spaceAfter - self.source.height)


class SplitBar(Flowable):
    """The combined score as a bar of the printed total: the patent part, then the science part (the rest)."""

    def __init__(
        self,
        parts: tuple[Decimal, Decimal] | None,
        total: Decimal | None,
        scale: Decimal,
        colours: tuple[Color, Color],
        height: float,
    ) -> None:
        super().__init__()
        self.parts, self.total, self.scale, self.colours, self.bar_height = parts, total, scale, colours, height

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = available_width, self.bar_height
        return self.width, self.height

    def draw(self) -> None:
        if self.parts is None or self.total is None or self.scale <= 0 or sum(self.parts) <= 0:
            return
        length = self.width * float(self.total / self.scale)
        patents = length * float(self.parts[0] / (self.parts[0] + self.parts[1]))  # rounding spread over both
        canv = self.canv
        canv.saveState()
        canv.setFillColor(self.colours[0])
        canv.rect(0, 0, patents, self.height, stroke=0, fill=1)
        canv.setFillColor(self.colours[1])
        canv.rect(patents, 0, length - patents, self.height, stroke=0, fill=1)
        canv.restoreState()


class Swatch(Flowable):
    """A small square of one colour: a legend's key."""

    def __init__(self, colour: Color, size: float) -> None:
        super().__init__()
        self.colour, self.size = colour, size

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        self.width, self.height = self.size, self.size
        return self.width, self.height

    def draw(self) -> None:
        self.canv.saveState()
        self.canv.setFillColor(self.colour)
        self.canv.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        self.canv.restoreState()
