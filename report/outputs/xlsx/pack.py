"""The data pack's sheets, block by block: what the story shows in the pack, as numbers a reader can reuse.

One sheet per chart holds exactly the numbers that chart draws (its `ChartTable`) under the chart's title,
caption and sources; the appendix becomes a sheet of every figure with its source, and the sources a sheet
of their own. Numbers are numbers, formatted as the briefing writes them; text is always text, so a name
that starts with '=' is never a formula. The same story gives the same bytes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from report.blocks import Appendix, Chart, Cover, Figure, Show, Sources, Story
from report.data import Cluster
from report.spreadsheet import text_cell, workbook_bytes, write_file
from report.words.format import format_number, format_score, format_share, rank_change, source_list

# The pack's own structural words; the figures' labels and every sentence come from the text templates.
ABOUT, FIGURES, SOURCES = "About", "Figures", "Sources"
SHEET, HOLDS = "Sheet", "What it holds"
SECTION, AS_WRITTEN, NOTE = "Section", "As written in the briefing", "Note"
SOURCE_HEADS = ("Short name", "Title", "Publisher", "Year", "Link", "Note")
MIN_WIDTH, MAX_WIDTH = 8, 60
Cell = str | int | float | Decimal | None


def build_pack(story: Story, target: Path) -> int:
    """Write the story's data pack to ``target`` (a temporary path the caller renames); return the sheet count."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    pack = _Pack(book, story)
    for block in story.shown_in(Show.PACK):
        if isinstance(block, Cover):
            pack.about(block)
        elif isinstance(block, Chart):
            pack.chart(block)
        elif isinstance(block, Appendix):
            pack.figures(block)
        elif isinstance(block, Sources):
            pack.sources(block)
        else:
            raise TypeError(f"the data pack has no sheet for a {type(block).__name__} block; add one in pack.py")
    pack.finish()
    settings = story.content.briefing.settings
    write_file(target, workbook_bytes(book, story.content.moment, story.title, settings.author), "data pack")
    return len(book.worksheets)


@dataclass
class _Pack:
    book: Any
    story: Story
    listed: list[tuple[str, str]] = field(default_factory=list)  # (sheet, what it holds) for the About sheet
    about_sheet: Any = None

    @property
    def labels(self) -> dict[str, str]:
        return self.story.content.labels

    def sheet(self, name: str, holds: str) -> _Sheet:
        title = _sheet_name(name, {s.title for s in self.book.worksheets})
        self.listed.append((title, holds))
        return _Sheet(self.book.create_sheet(title))

    def about(self, block: Cover) -> None:
        words = block.words
        sheet = _Sheet(self.book.create_sheet(ABOUT))
        sheet.title(words.title)
        for line in (block.hub_title, words.subtitle, *words.bullets):
            if line:
                sheet.line(line)
        self.about_sheet = sheet

    def chart(self, block: Chart) -> None:
        spec = block.chart
        sheet = self.sheet(spec.key.replace("_", " "), block.title)
        sheet.title(block.title)
        sheet.line(spec.caption)
        sheet.line(self.story.content.source_line(spec.source_ids), muted=True)
        columns = list(zip(*spec.table.rows, strict=True)) if spec.table.rows else [() for _ in spec.table.columns]
        formats = [_column_format(values) for values in columns]
        sheet.table(spec.table.columns, spec.table.rows, formats)

    def figures(self, block: Appendix) -> None:
        labels = self.labels
        sheet = self.sheet(FIGURES, block.title)
        sheet.title(block.title)
        sheet.line(block.words.subtitle)
        rows: list[tuple[Cell, ...]] = []
        formats: list[list[str | None]] = []
        for group in block.groups:
            for figure in group.figures:
                rows.append(self.figure_row(group.title, figure))
                formats.append([None, None, _number_format(figure.number), None, None, None])
        for cluster in block.others:
            for figure in self.other_figures(cluster):
                rows.append(self.figure_row(labels["others_label"], figure))
                formats.append([None, None, _number_format(figure.number), None, None, None])
        heads = (SECTION, labels["appendix_figure"], labels["appendix_value"], AS_WRITTEN)
        sheet.table((*heads, labels["appendix_source"], NOTE), rows, None, formats)

    def figure_row(self, section: str, figure: Figure) -> tuple[Cell, ...]:
        briefing = self.story.content.briefing
        value: Cell = figure.number if figure.number is not None else figure.value
        sources = source_list(briefing, figure.source_ids) if figure.source_ids else ""
        return (section, figure.label, value, figure.value, sources, figure.note)

    def other_figures(self, cluster: Cluster) -> tuple[Figure, ...]:
        """The figures the appendix's table of other clusters shows, one per row."""
        labels = self.labels
        unavailable, ids = labels["unavailable"], cluster.sources  # a blank in the ranking's copy, every column alike
        return tuple(
            Figure(f"{cluster.name}: {labels[key]}", written, ids if number is not None else (), number=number)
            for key, written, number in (
                ("table_rank", format_number(cluster.rank), cluster.rank),
                ("table_pct", format_number(cluster.pct_applications), cluster.pct_applications),
                ("table_pubs", format_number(cluster.publications), cluster.publications),
                ("pct_series", format_share(cluster.pct_share, unavailable), cluster.pct_share),
                ("pub_series", format_share(cluster.pub_share, unavailable), cluster.pub_share),
                ("table_total", format_score(cluster.total_share, unavailable), cluster.total_share),
                ("table_change_short", rank_change(cluster.rank_change, unavailable), cluster.rank_change),
            )
        )

    def sources(self, block: Sources) -> None:
        sheet = self.sheet(SOURCES, block.title)
        sheet.title(block.title)
        rows = [(s.short, s.title, s.publisher, s.year, s.url or "", s.note or "") for s in block.sources]
        sheet.table(SOURCE_HEADS, rows, [None, None, None, "0", None, None])

    def finish(self) -> None:
        """List every other sheet on the About sheet, now that they all exist."""
        if self.about_sheet is not None and self.listed:
            self.about_sheet.table((SHEET, HOLDS), self.listed, [None, None], freeze=False)


class _Sheet:
    """A sheet filled top to bottom: a title, lines of text, then one table with a frozen header row."""

    def __init__(self, sheet: Any) -> None:
        self.ws, self.row = sheet, 1

    def title(self, text: str) -> None:
        from openpyxl.styles import Font

        text_cell(self.ws.cell(self.row, 1), text).font = Font(bold=True, size=14)
        self.row += 1

    def line(self, text: str, muted: bool = False) -> None:
        from openpyxl.styles import Font

        if text:
            text_cell(self.ws.cell(self.row, 1), text).font = Font(italic=muted, color="FF595959" if muted else None)
            self.row += 1

    def table(
        self,
        heads: Sequence[str],
        rows: Sequence[Sequence[Cell]],
        formats: Sequence[str | None] | None,
        cell_formats: Sequence[Sequence[str | None]] | None = None,
        freeze: bool = True,
    ) -> None:
        """The header row (frozen, so it stays in view) and the rows; each number with its number format."""
        from openpyxl.styles import Border, Font, Side

        self.row += 1  # a blank row between the words on top and the table
        header = self.row
        for col, head in enumerate(heads, 1):
            cell = text_cell(self.ws.cell(header, col), head)
            cell.font, cell.border = Font(bold=True), Border(bottom=Side(style="thin"))
        widths = [len(h) for h in heads]
        for r, values in enumerate(rows, header + 1):
            for col, value in enumerate(values, 1):
                cell = self.ws.cell(r, col)
                fmt = cell_formats[r - header - 1][col - 1] if cell_formats else formats[col - 1] if formats else None
                if isinstance(value, str):
                    text_cell(cell, value)
                    widths[col - 1] = max(widths[col - 1], len(value))
                elif value is not None:
                    cell.value = float(value) if isinstance(value, Decimal) else value
                    cell.number_format = fmt or "General"
                    widths[col - 1] = max(widths[col - 1], len(f"{value:,}") + 1)
        for col, width in enumerate(widths, 1):
            letter = self.ws.cell(header, col).column_letter
            self.ws.column_dimensions[letter].width = max(MIN_WIDTH, min(MAX_WIDTH, width + 2))
        if freeze:
            self.ws.freeze_panes = self.ws.cell(header + 1, 1).coordinate
        self.row = header + len(rows) + 1


def _places(value: Cell) -> int:
    if isinstance(value, Decimal):
        exponent = value.as_tuple().exponent
        return -exponent if isinstance(exponent, int) and exponent < 0 else 0
    if isinstance(value, float):
        return 0 if value.is_integer() else _places(Decimal(repr(value)))
    return 0


def _number_format(value: Cell) -> str | None:
    """Thousands separated, with the decimal places the briefing writes the figure with."""
    if value is None or isinstance(value, str):
        return None
    places = _places(value)
    return "#,##0" + ("." + "0" * places if places else "")


def _column_format(values: Sequence[Cell]) -> str | None:
    """One format for a chart's column: as many places as its most precise number (4.90 beside 35.68)."""
    numbers = [v for v in values if isinstance(v, int | float | Decimal) and not isinstance(v, bool)]
    if not numbers:
        return None
    places = max(_places(v) for v in numbers)
    return "#,##0" + ("." + "0" * places if places else "")


def _sheet_name(name: str, taken: set[str]) -> str:
    """A name a spreadsheet accepts: at most 31 characters, none of []:*?/\\, unique in the workbook."""
    base = re.sub(r"[\[\]:*?/\\]", "-", name).strip("' ")[:31] or "Sheet"
    candidate, n = base, 1
    while candidate.casefold() in {t.casefold() for t in taken}:
        n += 1
        candidate = f"{base[: 31 - len(str(n)) - 1]} {n}"
    return candidate
