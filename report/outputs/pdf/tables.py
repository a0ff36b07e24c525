"""The PDF's tables: the overview, a hub's key figures, the appendix of every figure, the other clusters.

Column widths come from the text they hold: a number never wraps, and a text column is never narrower than
its longest word, so nothing breaks inside a word.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from report.blocks import Figure, FigureGroup, OverviewTable
from report.content import Content
from report.data import Cluster
from report.outputs.pdf.styles import PageGeometry, Styles, table_commands
from report.words.format import format_number, format_share, signed_change, source_list

CELL_PADDING = 10  # left plus right padding of a cell, points (table_commands)


class Tables:
    def __init__(self, content: Content, styles: Styles, geometry: PageGeometry) -> None:
        self.content, self.s, self.g = content, styles, geometry
        self.labels = content.narrative.labels

    def table(
        self,
        rows: list[list[Any]],
        widths: list[float],
        header: bool = True,
        groups: tuple[int, ...] = (),
    ) -> Table:
        """A table that breaks across pages with its header row repeated."""
        table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
        table.setStyle(TableStyle(table_commands(self.s, len(rows), header, groups, len(widths))))
        return table

    def cell(self, text: str, numeric: bool = False, head: bool = False, colour: str | None = None) -> Paragraph:
        style = (self.s.head_num if numeric else self.s.head) if head else (self.s.cell_num if numeric else self.s.cell)
        markup = self.s.esc(text)
        return Paragraph(f'<font color="{colour}">{markup}</font>' if colour else markup, style)

    def widths(self, fixed: list[float]) -> list[float]:
        """Column widths in points; the one 0 is the flexible column that takes what is left."""
        rest = self.g.frame_width - sum(fixed)
        return [w or rest for w in fixed]

    def text_width(self, text: str, bold: bool = False) -> float:
        font = f"{self.s.family}-Bold" if bold else self.s.family
        return stringWidth(text, font, self.s.cell.fontSize) + CELL_PADDING

    def fitted_widths(self, header: Sequence[str], rows: Sequence[Sequence[str]], wraps: Sequence[bool]) -> list[float]:
        """Columns that do not wrap as wide as their widest value; the others share the rest, none narrower
        than its longest word (header words included)."""
        longest_word = [
            max(
                [self.text_width(w, True) for w in h.split()] + [self.text_width(w) for r in rows for w in r[j].split()]
            )
            for j, h in enumerate(header)
        ]
        whole = [max([longest_word[j]] + [self.text_width(r[j]) for r in rows]) for j in range(len(header))]
        fixed = [0.0 if wrap else whole[j] for j, wrap in enumerate(wraps)]
        room = self.g.frame_width - sum(fixed)
        flexible = [j for j, wrap in enumerate(wraps) if wrap]
        share = sum(whole[j] for j in flexible) or 1.0
        for j in flexible:
            fixed[j] = max(longest_word[j], room * whole[j] / share)
        return fixed

    def change_colour(self, change: int | None) -> str | None:
        change = change or 0
        return self.s.hex["up"] if change > 0 else self.s.hex["down"] if change < 0 else None

    # -- the tables --------------------------------------------------------------------------------------------
    def overview(self, block: OverviewTable) -> Table:
        header = [c.label for c in block.columns]
        numeric = [c.numeric for c in block.columns]
        rows: list[list[Any]] = [[self.cell(c.label, c.numeric, head=True) for c in block.columns]]
        last = len(block.columns) - 1
        for values, change in zip(block.rows, block.changes, strict=True):
            rows.append(
                [
                    self.cell(v, numeric[j], colour=self.change_colour(change) if j == last else None)
                    for j, v in enumerate(values)
                ]
            )
        wraps = [not n and j != last for j, n in enumerate(numeric)]
        return self.table(rows, self.fitted_widths(header, block.rows, wraps))

    def key_figures(self, figures: tuple[Figure, ...]) -> Table:
        """A hub's figures two to a row: label, value, label, value."""
        cells = [[self.cell(f.label), self.cell(f.value, numeric=True)] for f in figures]
        grid = [
            cells[i] + (cells[i + 1] if i + 1 < len(cells) else [self.cell(""), self.cell("")])
            for i in range(0, len(cells), 2)
        ]
        return self.table(grid, self.widths([0, 92, 132, 92]), header=False)

    def figures(self, groups: tuple[FigureGroup, ...]) -> Table:
        """Every figure, by group, with its value and its sources."""
        lab = self.labels
        rows: list[list[Any]] = [
            [
                self.cell(lab["appendix_figure"], head=True),
                self.cell(lab["appendix_value"], True, head=True),
                self.cell(lab["appendix_source"], head=True),
            ]
        ]
        starts: list[int] = []
        for group in groups:
            starts.append(len(rows))
            rows.append([Paragraph(self.s.esc(group.title), self.s.group), "", ""])
            rows += [self.figure_row(figure) for figure in group.figures]
        return self.table(rows, self.widths([0, 96, 180]), groups=tuple(starts))

    def figure_row(self, figure: Figure) -> list[Any]:
        muted, small = self.s.hex["muted"], self.s.note.fontSize
        note = f'<br/><font color="{muted}" size="{small}">{self.s.esc(figure.note)}</font>' if figure.note else ""
        ids = f' <font color="{muted}" size="{small}">{self.s.esc(", ".join(figure.source_ids))}</font>'
        return [
            Paragraph(self.s.esc(figure.label) + note, self.s.cell),
            self.cell(figure.value, numeric=True),
            Paragraph(self.s.esc(source_list(self.content.briefing, figure.source_ids)) + ids, self.s.cell),
        ]

    def others(self, clusters: tuple[Cluster, ...]) -> Table:
        keys = (
            "table_rank",
            "table_cluster",
            "table_pct",
            "table_pubs",
            "pct_series",
            "pub_series",
            "table_total",
            "table_change",
        )
        missing = self.content.narrative.missing
        rows: list[list[str]] = []
        for c in clusters:
            rows.append(
                [
                    str(c.rank),
                    c.name,
                    format_number(c.pct_applications),
                    format_number(c.publications),
                    format_share(c.pct_share, missing),
                    format_share(c.pub_share, missing),
                    format_share(c.total_share, missing),
                    signed_change(c.rank_change, missing),
                ]
            )
        heads = [self.labels[k] for k in keys]
        widths = [
            0.0 if k == "table_cluster" else self.column_width(heads[i], [r[i] for r in rows])
            for i, k in enumerate(keys)
        ]
        cells: list[list[Any]] = [
            [self.cell(h, k != "table_cluster", head=True) for h, k in zip(heads, keys, strict=True)]
        ]
        for c, row in zip(clusters, rows, strict=True):
            cells.append(
                [self.cell(v, i != 1) for i, v in enumerate(row[:-1])]
                + [self.cell(row[-1], True, colour=self.change_colour(c.rank_change))]
            )
        return self.table(cells, self.widths(widths))

    def column_width(self, head: str, values: list[str]) -> float:
        """Wide enough for the longest word of the header and of the values, so nothing breaks mid-word."""
        words = [self.text_width(word, True) for word in head.split()]
        words += [self.text_width(word) for value in values for word in value.split()]
        return max(words)
