"""The PDF's tables: the overview, a hub's key figures, the appendix of every figure, the other clusters.

Column widths come from the text they hold: a number never wraps, and a text column is never narrower than
its longest unit (a word, or a name's piece up to an en dash: breaks.units), so nothing breaks inside a word or
at a space inside a name. Once the widths are known, text cells get their line breaks from breaks.wrap.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from reportlab.lib.colors import HexColor
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph, Table, TableStyle

from report.blocks import Dashboard, Kpi, NearGroup, OverviewTable
from report.content import Content
from report.data import Cluster, Economy, Fact, IntensityEntry
from report.look.contrast import hex_of, mix
from report.outputs.pdf.flowables import SplitBar, Swatch
from report.outputs.pdf.styles import PageGeometry, Styles, table_commands
from report.words import breaks
from report.words.format import fact_value, format_number, format_score, format_share, rank_change, source_list
from report.words.narrative import Point


@dataclass(frozen=True)
class TextCell:
    """A table cell's text before its column's width is known."""

    text: str
    style: Any
    colour: str | None = None


# left plus right padding of a cell (table_commands), and slack: a repeated header row re-wraps a little narrower
CELL_PADDING = 10 + 3
NEAR_NAMES = 0.33  # a profile's score panel gives its names this share of the frame, or more for a longer name
BAR_WANT = 80.0  # the dashboard's score bar where names allow: at 36 pt readers could not see the two parts
BAR_MIN = 36.0  # the dashboard's score bar: narrower, the two parts of a small score cannot be told apart
HEAD_LINES = 4  # a header taller than this reads as a column of single words
NEIGHBOUR_TINT = 0.35  # how much colour a neighbour's bar keeps beside the hub's (the slide's figure fades alike)


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
        note: str = "",
    ) -> Table:
        """A table that breaks across pages with its header row repeated; a ``note`` is its last row, across
        every column (what its dashes mean, what it leaves out)."""
        rows = [[self.broken(cell, width) for cell, width in zip(row, widths, strict=True)] for row in rows]
        if note:
            rows = [*rows, [Paragraph(self.s.esc(note), self.s.note)] + [""] * (len(widths) - 1)]
        table = Table(rows, colWidths=widths, repeatRows=1 if header else 0, hAlign="LEFT")
        commands = table_commands(self.s, len(rows), header, groups, len(widths))
        if note:
            commands.append(("SPAN", (0, len(rows) - 1), (-1, len(rows) - 1)))
        table.setStyle(TableStyle(commands))
        return table

    def cell(self, text: str, numeric: bool = False, head: bool = False, colour: str | None = None) -> TextCell:
        """A cell of plain text; `table` sets its line breaks once the column's width is known."""
        style = (self.s.head_num if numeric else self.s.head) if head else (self.s.cell_num if numeric else self.s.cell)
        return TextCell(text, style, colour)

    def lines(self, text: str, width: float, font: str, size: float) -> list[str]:
        """The text's lines in a column ``width`` wide (padding included), broken where breaks.wrap allows."""
        room = width - CELL_PADDING + 3  # the slack is for a repeated header row only
        return breaks.wrap(self.s.bound(text), lambda line: stringWidth(line, font, size) <= room)

    def broken(self, cell: Any, width: float) -> Any:
        """A text cell as a paragraph with its breaks set for its column; any other cell as it is."""
        if not isinstance(cell, TextCell):
            return cell
        font = cell.style.fontName
        markup = "<br/>".join(self.s.esc(line) for line in self.lines(cell.text, width, font, cell.style.fontSize))
        return Paragraph(f'<font color="{cell.colour}">{markup}</font>' if cell.colour else markup, cell.style)

    def widths(self, fixed: list[float]) -> list[float]:
        """Column widths in points; the one 0 is the flexible column that takes what is left."""
        rest = self.g.frame_width - sum(fixed)
        return [w or rest for w in fixed]

    def head_width(self, head: str, lines: int = HEAD_LINES) -> float:
        """The narrowest column whose (bold) header wraps into at most ``lines`` lines, words kept whole."""
        words = head.split()
        width = max((self.text_width(w, True) for w in words), default=0.0)
        while True:
            count, line = 1, ""
            for word in words:
                trial = f"{line} {word}".strip()
                if line and self.text_width(trial, True) > width:
                    count, line = count + 1, word
                else:
                    line = trial
            if count <= lines:
                return width
            width += 2

    def text_width(self, text: str, bold: bool = False) -> float:
        font = f"{self.s.family}-Bold" if bold else self.s.family
        return stringWidth(text, font, self.s.cell.fontSize) + CELL_PADDING

    def fitted_widths(self, header: Sequence[str], rows: Sequence[Sequence[str]], wraps: Sequence[bool]) -> list[float]:
        """Columns that do not wrap as wide as their widest value; the others share the rest, none narrower
        than its longest word (header words included)."""

        def longest(split: Callable[[str], list[str]]) -> list[float]:
            return [
                max([self.head_width(h)] + [self.text_width(w) for r in rows for w in split(self.s.bound(r[j]))])
                for j, h in enumerate(header)
            ]

        # names whole where the page has room for them, else broken after their en dashes (breaks.units)
        widest = [max([0.0] + [self.text_width(r[j]) for r in rows]) for j in range(len(header))]

        def need(floors: list[float]) -> float:  # the table's least width with these floors
            return sum(f if wrap else max(f, w) for f, w, wrap in zip(floors, widest, wraps, strict=True))

        longest_word = longest(lambda text: text.split(" "))
        if need(longest_word) > self.g.frame_width:
            longest_word = longest(breaks.units)
        whole = [max(longest_word[j], widest[j]) for j in range(len(header))]
        fixed = [0.0 if wrap else whole[j] for j, wrap in enumerate(wraps)]
        room = self.g.frame_width - sum(fixed)
        flexible = [j for j, wrap in enumerate(wraps) if wrap]
        while flexible:  # share the room by natural width; a column squeezed below its longest word keeps that
            share = sum(whole[j] for j in flexible) or 1.0
            floored = [j for j in flexible if room * whole[j] / share < longest_word[j]]
            if not floored:
                for j in flexible:
                    fixed[j] = room * whole[j] / share
                break
            for j in floored:
                fixed[j] = longest_word[j]
                room -= longest_word[j]
                flexible.remove(j)
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

    def ranking(self, clusters: tuple[Cluster, ...]) -> Table:
        """The ranking's rows as WIPO's table prints them: every column, a dash where the copy used has none."""
        keys = (  # the economy goes with the name: nine columns do not fit the page at the table's type size
            "table_rank",
            "table_cluster",
            "table_pct",
            "table_pubs",
            "table_pct_share",
            "table_pub_share",
            "table_total",
            "table_change_short",
        )
        gap = "—"
        rows = [
            [
                str(c.rank),
                f"{c.name} ({c.economy_label})" if c.economy_label else c.name,
                format_number(c.pct_applications),
                format_number(c.publications),
                format_share(c.pct_share, gap),
                format_share(c.pub_share, gap),
                format_score(c.total_share, gap),
                rank_change(c.rank_change, gap),
            ]
            for c in clusters
        ]
        heads = [self.labels[k] for k in keys]
        heads[1] = f"{heads[1]} ({self.labels['table_economy'].lower()})"
        numeric = [k not in ("table_cluster", "table_change_short") for k in keys]
        cells: list[list[Any]] = [[self.cell(h, n, head=True) for h, n in zip(heads, numeric, strict=True)]]
        for c, row in zip(clusters, rows, strict=True):
            colour = self.change_colour(c.rank_change)
            cells.append(
                [self.cell(v, numeric[i], colour=colour if i == len(row) - 1 else None) for i, v in enumerate(row)]
            )
        notes = [f"{gap} {self.labels['unavailable']}"] if any(gap in row for row in rows) else []
        parts = [(c.pct_share, c.pub_share, c.total_share) for c in clusters]
        if any(p + s != t for p, s, t in parts if p is not None and s is not None and t is not None):
            notes.append(self.labels["appendix_rounding"])  # the combined score is WIPO's, not our sum
        names = {e.code: e.name for e in self.content.briefing.economies}
        codes = sorted({code for c in clusters for code in c.economy_codes if code in names})
        if codes:  # the codes beside the names, spelled out once
            notes.append(self.labels["appendix_codes"].format(codes=" · ".join(f"{c}\u00a0{names[c]}" for c in codes)))
        note = "; ".join(notes)
        wraps = [k in ("table_cluster", "table_pct_share", "table_pub_share", "table_total") for k in keys]
        return self.table(cells, self.fitted_widths(heads, rows, wraps), note=note)

    def facts(self, clusters: tuple[Cluster, ...], facts: tuple[Fact, ...]) -> Table | None:
        """The named applicants and organisations, then every further fact, each with its year and sources."""
        lab, missing = self.labels, self.content.narrative.missing
        rows: list[tuple[str, str, str, str, tuple[str, ...]]] = []
        for c in clusters:
            for key, name in (("top_applicant", c.top_applicant), ("top_sci_org", c.top_sci_org)):
                if name:
                    year = str(self.content.briefing.settings.edition_year or "")
                    rows.append((c.name, lab[key], name, year, c.detail_sources or c.sources))
        for f in facts:
            # the row already names the cluster: a fact about the cluster itself reads as its metric alone
            metric = f"{lab['appendix_place']} {f.metric}" if f.unit == "rank" else f.metric  # 'Place by intensity'
            what = metric if f.subject == (f.cluster or f.subject) else f"{f.subject}: {metric}"
            what = what[:1].upper() + what[1:]
            if f.note:  # a claim is what its sources report; a note on a figure qualifies it
                what += f". {lab['appendix_reported']} {f.note}." if f.claim else f" ({f.note})"
            year = str(f.year) if f.year else lab["year_not_given"]
            rows.append((f.cluster or f.subject, what, fact_value(f), year, f.sources))
        if not rows:
            return None
        heads = [
            lab["appendix_subject"],
            lab["appendix_figure"],
            lab["appendix_value"],
            lab["table_year"],
            lab["appendix_source"],
        ]
        wraps = [True, True, False, False, True]
        texts = [
            [cluster, what, value, year, source_list(self.content.briefing, ids)]
            for cluster, what, value, year, ids in rows
        ]
        edition = str(self.content.briefing.settings.edition_year or "")
        if all(t[3] == edition for t in texts):  # every figure is of the edition the briefing covers: no column
            heads, wraps, texts = heads[:3] + heads[4:], wraps[:3] + wraps[4:], [t[:3] + t[4:] for t in texts]
        del missing
        return self.plain(heads, texts, [j == 2 for j in range(len(heads))], wraps)

    def economies(self, economies: tuple[Economy, ...]) -> Table:
        lab = self.labels
        count = self.content.narrative["economies"].axis_x or lab["appendix_value"]
        heads = [lab["table_economy"], lab["table_region"], count, lab["appendix_source"]]
        texts = [
            [e.name, e.region, format_number(e.clusters_top100 or 0), source_list(self.content.briefing, e.sources)]
            for e in economies
        ]
        insight = self.content.narrative.insights
        rest = insight.ranked - insight.attributed
        # the counts do not add to the ranking's total: say where the rest are, under the table
        note = lab["economies_rest"].format(rest=rest, ranked=insight.ranked) if rest > 0 else ""
        return self.plain(heads, texts, [False, False, True, False], [True, True, False, True], note)

    def intensity(self, entries: tuple[IntensityEntry, ...], places: tuple[Fact, ...] = ()) -> Table | None:
        """The clusters the sources rank by intensity, in rank order: the leaders, then the hubs' own places."""
        briefing = self.content.briefing
        clusters = {c.name: c for c in briefing.clusters}
        rows = [(i.rank, f"{i.cluster} ({briefing.economy_names(i)})", i.sources) for i in entries if i.rank]
        rows += [
            (
                int(f.value),
                f"{f.cluster} ({briefing.economy_names(clusters[f.cluster])})" if f.cluster in clusters else f.subject,
                f.sources,
            )
            for f in places
        ]
        if not rows:
            return None
        heads = [self.labels["table_rank"], self.labels["table_cluster"], self.labels["appendix_source"]]
        texts = [[str(rank), name, source_list(briefing, ids)] for rank, name, ids in sorted(rows, key=lambda r: r[0])]
        return self.plain(heads, texts, [True, False, False], [False, True, True])

    def per_resident(self, entries: tuple[IntensityEntry, ...]) -> Table | None:
        """Output per resident, for the clusters the sources give it for: few, so a table of its own rather than
        a column of dashes beside the ranks."""
        lab, briefing = self.labels, self.content.briefing
        given = [i for i in entries if i.pct_per_million is not None and i.pubs_per_million is not None]
        if not given:
            return None
        heads = [
            lab["table_cluster"],
            f"{lab['table_pct']} {lab['per_million']}",
            f"{lab['table_pubs']} {lab['per_million']}",
            lab["appendix_source"],
        ]
        texts = [
            [
                f"{i.cluster} ({briefing.economy_names(i)})",
                format_number(i.pct_per_million or 0),
                format_number(i.pubs_per_million or 0),
                source_list(briefing, i.sources),
            ]
            for i in given
        ]
        return self.plain(heads, texts, [False, True, True, False], [True, True, True, True])

    def plain(
        self, heads: list[str], texts: list[list[str]], numeric: list[bool], wraps: list[bool], note: str = ""
    ) -> Table:
        """A table of text cells under its header, numbers right-aligned, columns fitted to their words."""
        cells: list[list[Any]] = [[self.cell(h, numeric[j], head=True) for j, h in enumerate(heads)]]
        cells += [[self.cell(v, numeric[j]) for j, v in enumerate(t)] for t in texts]
        return self.table(cells, self.fitted_widths(heads, texts, wraps), note=note)

    def column_width(self, head: str, values: list[str]) -> float:
        """Wide enough for the longest word of the header and of the values, so nothing breaks mid-word."""
        words = [self.text_width(word, True) for word in head.split()]
        words += [self.text_width(word) for value in values for word in breaks.units(self.s.bound(value))]
        return max(words)

    # -- the figures the PDF draws ---------------------------------------------------------------------------
    def legend(self) -> Table:
        """The two colours of the split bars, named."""
        s, size = self.s, self.s.note.fontSize
        keys = ("pct_series", "pub_series")
        cells: list[Any] = []
        widths: list[float] = []
        for colour, key in zip(("patents", "science"), keys, strict=True):
            text = self.labels[key]
            cells += [Swatch(s.colours[colour], size * 0.9), Paragraph(s.esc(text), s.note)]
            widths += [size * 1.4, 150]
        table = Table([cells], colWidths=widths, hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("FONTNAME", (0, 0), (-1, -1), s.family),
                ]
            )
        )
        return table

    def dashboard(self, block: Dashboard) -> Table:
        """The top hubs at a glance: rank and change, the counts with their shares, the score bar. The names the
        sources give stand under the cluster's name and economy, so the bar has room to show its two parts and
        no name is broken (the table's note names the hubs the sources give none for)."""
        s, lab = self.s, self.labels
        heads = [
            lab["table_rank"],
            f"{lab['table_cluster']}; {lab['players'].lower()}",
            lab["table_pct"],
            lab["table_pubs"],
            lab["table_total"],
            "",
        ]
        numeric = (False, False, True, True, False, False)  # the score's heading spans its value and bar
        widths = self.dashboard_widths(block, heads)
        spans = [*widths[:4], widths[4] + widths[5], 0.0]
        rows: list[list[Any]] = [
            [self.broken(self.cell(h, n, head=True), w) for h, n, w in zip(heads, numeric, spans, strict=True)]
        ]
        bar_colours = (s.colours["patents"], s.colours["science"])
        small, muted = s.note.fontSize, s.hex["muted"]
        sub = f'<br/><font size="{small}" color="{muted}">'
        bold, size = f"{s.family}-Bold", s.cell.fontSize

        def in_column(text: str, font: str, size: float) -> str:  # the cluster column's lines
            return "<br/>".join(s.esc(line) for line in self.lines(text, widths[1], font, size))

        for row in block.rows:
            colour = self.change_colour(row.cluster.rank_change)
            change = f'<font color="{colour}">{s.esc(row.change)}</font>' if colour else s.esc(row.change)
            cluster = in_column(row.cluster.name, bold, size)
            economy = in_column(row.economy, s.family, small)
            players = "".join(
                f'<br/><font size="{small}">{in_column(name, s.family, small)} '
                f'<font color="{muted}">({s.esc(lab[key])})</font></font>'
                for name, key in row.players
            )
            rows.append(
                [
                    Paragraph(f"<b>{row.cluster.rank}</b>{sub}{change}</font>", s.cell),
                    Paragraph(f"<b>{cluster}</b>{sub}{economy}</font>{players}", s.cell),
                    Paragraph(f"<b>{s.esc(row.pct)}</b>{sub}{s.esc(row.pct_share)}</font>", s.cell_num),
                    Paragraph(f"<b>{s.esc(row.pubs)}</b>{sub}{s.esc(row.pub_share)}</font>", s.cell_num),
                    Paragraph(f"<b>{s.esc(row.score)}</b>", s.cell_num),
                    SplitBar(row.parts, row.cluster.total_share, block.scale, bar_colours, s.cell.fontSize),
                ]
            )
        table = Table(rows, colWidths=widths, repeatRows=1, hAlign="LEFT")
        commands = table_commands(s, len(rows), True, (), len(widths))
        commands += [
            ("VALIGN", (0, 1), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (5, 1), (5, -1), 6),
            ("SPAN", (4, 0), (5, 0)),
        ]
        table.setStyle(TableStyle(commands))
        return table

    def dashboard_widths(self, block: Dashboard, heads: list[str]) -> list[float]:
        """Numbers as wide as their widest value, headers never broken inside a word; the cluster column as wide
        as its longest name (or the name in two halves, broken after its last dash, where the bar would
        otherwise drop below BAR_WANT), and the bar the rest."""
        small = self.s.note.fontSize

        def widest(texts: list[str], bold: bool = False, size: float | None = None) -> float:
            font = f"{self.s.family}-Bold" if bold else self.s.family
            return max(stringWidth(t, font, size or self.s.cell.fontSize) for t in texts) + CELL_PADDING

        def head(j: int) -> float:
            return widest([w for w in heads[j].split()], True)

        rows = block.rows
        rank = max(head(0), widest([r.change for r in rows], False, small))
        pct = max(head(2), widest([r.pct for r in rows], True), widest([r.pct_share for r in rows], False, small))
        pubs = max(head(3), widest([r.pubs for r in rows], True), widest([r.pub_share for r in rows], False, small))
        score = widest([r.score for r in rows], True)  # its heading spans the bar as well
        named = [f"{n} ({self.labels[k]})" for r in rows for n, k in r.players]
        words = [w for n in named for w in n.split()]
        units = [w for r in rows for w in breaks.units(self.s.bound(r.cluster.name))]
        least = max(
            head(1),
            widest(units, True),
            widest([w for r in rows for w in breaks.units(self.s.bound(r.economy))], size=small),
            widest(words or [""], size=small),
        )
        small_lines = [r.economy for r in rows] + named
        whole = max(widest([r.cluster.name for r in rows], True), widest(small_lines, size=small))
        last = [p for r in rows for p in _at_last_dash(self.s.bound(r.cluster.name))]
        halves = max(widest(last, True), widest(small_lines, size=small))
        fixed, frame = rank + pct + pubs + score, self.g.frame_width
        cluster = next((t for t in (whole, halves) if t <= frame - fixed - BAR_WANT), frame - fixed - BAR_WANT)
        cluster = max(least, cluster)
        bar = max(BAR_MIN, frame - fixed - cluster)
        return [rank, cluster, pct, pubs, score, bar]

    def score_neighbours(self, group: NearGroup, number: str = "") -> Table:
        """A hub titled on its score, with the clusters ranked either side: each bar the printed score split into
        its two shares (the hub in full colour, its neighbours faded), as the slide draws them; ``number`` is its
        figure number."""
        s, bold = self.s, f"{self.s.family}-Bold"
        paper = s.hex["paper"]
        ranks = [str(r.place) for r in group.rows]
        values = [r.value for r in group.rows]
        # columns at least as wide as a typical profile's, so the five profiles' panels line up
        size, frame = s.cell.fontSize, self.g.frame_width
        place_w = max(stringWidth(t, s.family, size) for t in [*ranks, "00"]) + CELL_PADDING
        names = max(stringWidth(s.bound(r.name), bold, size) for r in group.rows) + CELL_PADDING
        name_w = max(names, NEAR_NAMES * frame)
        value_w = max(stringWidth(t, bold, size) for t in [*values, "00.0"]) + CELL_PADDING
        bar_w = max(BAR_MIN, min(220.0, frame - place_w - name_w - value_w))
        heading = f"{number}  {group.measure}" if number else group.measure
        rows: list[list[Any]] = [[Paragraph(f"<b>{s.esc(heading)}</b>", s.note), "", "", ""]]
        for row in group.rows:
            weight = 1.0 if row.focus else NEIGHBOUR_TINT
            colours = tuple(HexColor(hex_of(mix(s.hex[k], paper, weight))) for k in ("patents", "science"))
            name = f"<b>{s.esc(row.name)}</b>" if row.focus else s.esc(row.name)
            value = f"<b>{s.esc(row.value)}</b>" if row.focus else s.esc(row.value)
            rows.append(
                [
                    Paragraph(s.esc(str(row.place)), s.cell),
                    Paragraph(name, s.cell),
                    SplitBar(row.parts, Decimal(row.count), Decimal(group.scale), colours, s.cell.fontSize),
                    Paragraph(value, s.cell_num),
                ]
            )
        table = Table(rows, colWidths=[place_w, name_w, bar_w, value_w], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("SPAN", (0, 0), (-1, 0)),
                    ("FONTNAME", (0, 0), (-1, -1), s.family),  # the spanned cells' font too: none but the theme's
                    ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 1),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ]
            )
        )
        table.spaceBefore, table.spaceAfter = 0, 6
        return table

    def kpis(self, kpis: tuple[Kpi, ...]) -> Table:
        """Big numbers side by side on tinted tiles (a bar of a score's two parts beside the score misread as a
        part of the printed score: the text says the split instead)."""
        s, gap = self.s, 8
        width = (self.g.frame_width - gap * (len(kpis) - 1)) / max(1, len(kpis))
        row: list[Any] = []
        widths: list[float] = []
        for number, k in enumerate(kpis):
            if number:
                row.append("")
                widths.append(gap)
            cell: list[Any] = [
                Paragraph(s.esc(k.label), s.kpi_label),
                Paragraph(s.esc(k.value), s.kpi_value),
                Paragraph(s.esc(k.note), s.kpi_note),
            ]
            row.append(cell)
            widths.append(width)
        table = Table([row], colWidths=widths, hAlign="LEFT")
        commands: list[tuple[Any, ...]] = [
            ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("FONTNAME", (0, 0), (-1, -1), s.family),
            ("TOPPADDING", (0, 0), (-1, -1), 5),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        ]
        for column in range(0, len(row), 2):
            commands += [
                ("BACKGROUND", (column, 0), (column, 0), s.colours["panel"]),
                ("LINEABOVE", (column, 0), (column, 0), 2, s.colours["primary"]),
            ]
        table.setStyle(TableStyle(commands))
        table.spaceBefore, table.spaceAfter = 2, 6
        return table

    def glossary(self, points: tuple[Point, ...]) -> Table:
        s = self.s
        rows: list[list[Any]] = [
            [self.cell(self.labels["glossary_term"], head=True), self.cell(self.labels["glossary_meaning"], head=True)]
        ]
        rows += [[Paragraph(f"<b>{s.esc(p.lead)}</b>", s.cell), Paragraph(s.esc(p.text), s.cell)] for p in points]
        terms = [p.lead for p in points] + [self.labels["glossary_term"]]
        return self.table(rows, self.widths([max(self.text_width(t, True) for t in terms) + 6, 0]))


def _at_last_dash(name: str) -> list[str]:
    """A name as two lines, cut after its last en dash ("Shenzhen–Hong Kong–" / "Guangzhou"), or whole."""
    cut = name.rfind(breaks.DASH)
    return [name[: cut + 1], name[cut + 1 :]] if 0 < cut < len(name) - 1 else [name]
