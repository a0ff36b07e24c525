"""The kinds of block a story is made of: frozen records of what one part of the briefing says and shows.

Each block carries its words, its charts, the figures it shows with their sources, and which outputs show
it. Renderers dispatch on the block's type; story.py decides which blocks a document has and in what order.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING

from report.content import Content
from report.data import Cluster, Economy, Fact, IntensityEntry, Source
from report.words.narrative import HubWords, Section

if TYPE_CHECKING:
    from report.charts.raster import RenderedChart
    from report.charts.specs import ChartSpec


class Show(enum.Flag):
    """Which outputs show a block: the deck's slides, the PDF's pages, the data pack's sheets."""

    DECK = enum.auto()
    DOCUMENT = enum.auto()
    PACK = enum.auto()


EVERYWHERE = Show.DECK | Show.DOCUMENT | Show.PACK


@dataclass(frozen=True)
class Figure:
    """One value a reader sees, written as the briefing writes it, with where it came from."""

    label: str
    value: str
    source_ids: tuple[str, ...]
    note: str = ""
    number: int | Decimal | None = None  # the value as a number, when it is one


@dataclass(frozen=True)
class FigureGroup:
    """A block's figures under one heading, as the appendix lists them."""

    title: str
    figures: tuple[Figure, ...]


@dataclass(frozen=True, kw_only=True)
class Block:
    """What every block has: a key (its anchor), its words, where it shows, its level in the outline."""

    key: str
    words: Section = field(default_factory=Section)
    show: Show = Show.DECK | Show.DOCUMENT
    level: int = 0
    figures: tuple[Figure, ...] = ()
    figures_title: str = ""  # the heading of its figures in the appendix
    opens_part: bool = False  # the PDF starts a new page here: the summary and the hubs
    cites: tuple[str, ...] = ()  # sources it cites beyond its figures and charts

    @property
    def title(self) -> str:
        return self.words.title

    @property
    def charts(self) -> tuple[ChartSpec, ...]:
        return ()

    @property
    def source_ids(self) -> tuple[str, ...]:
        """Every source the block cites: its figures', its charts' and its own."""
        ids = [s for f in self.figures for s in f.source_ids] + [s for c in self.charts for s in c.source_ids]
        return tuple(dict.fromkeys([*ids, *self.cites]))


@dataclass(frozen=True, kw_only=True)
class Cover(Block):
    hub_title: str = ""  # a hub document names its hub on the cover


@dataclass(frozen=True, kw_only=True)
class Revisions(Block):
    lines: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Summary(Block):
    """The takeaways (its words' points): first in the deck and the PDF."""


@dataclass(frozen=True, kw_only=True)
class Closing(Block):
    """What follows from the figures (its words' points): the last word before the method and the sources."""


@dataclass(frozen=True, kw_only=True)
class Part(Block):
    """A part of the PDF (its words' title): it opens a page and groups the sections after it in the contents."""

    number: int


@dataclass(frozen=True, kw_only=True)
class Glossary(Block):
    """The terms the briefing uses (its words' points)."""


@dataclass(frozen=True, kw_only=True)
class Contents(Block):
    pass


@dataclass(frozen=True, kw_only=True)
class Chart(Block):
    chart: ChartSpec
    print_chart: ChartSpec | None = None  # the page's own drawing, where a page has room a slide has not

    @property
    def charts(self) -> tuple[ChartSpec, ...]:
        return (self.chart,) if self.print_chart is None else (self.chart, self.print_chart)

    @property
    def page_chart(self) -> ChartSpec:
        """What the PDF prints: the page's drawing, else the slide's."""
        return self.print_chart or self.chart


@dataclass(frozen=True)
class Column:
    label: str
    numeric: bool


@dataclass(frozen=True, kw_only=True)
class OverviewTable(Block):
    """The top N as one table: the same columns in every output."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[str, ...], ...]
    changes: tuple[int | None, ...]  # each row's rank change, for colouring


@dataclass(frozen=True)
class Kpi:
    """A big number with its label and what it means: 'PCT applications', '127,418', '10.1% of world filings'."""

    label: str
    value: str
    note: str


@dataclass(frozen=True)
class NearRow:
    """One cluster in a hub's neighbourhood on one measure: its place by it, the value, as written."""

    place: int
    name: str
    count: int | Decimal
    value: str
    focus: bool  # the hub the slide is about
    sources: tuple[str, ...]
    parts: tuple[Decimal, Decimal] | None = None  # a combined score's two printed shares: its bar is split by them


@dataclass(frozen=True)
class NearGroup:
    """A hub with the clusters either side of it on one count ('PCT applications'), most first."""

    measure: str
    rows: tuple[NearRow, ...]
    scale: int | Decimal  # what a full-length bar stands for: the largest score, or that many share points' count
    kind: str = "count"  # "count" (PCT applications, publications: on the score's scale) or "score" (split bars)
    bar: str = ""  # what a count's bar shows, said in its heading ("bar: share of world PCT filings")

    @property
    def heading(self) -> str:
        return f"{self.measure} ({self.bar})" if self.bar else self.measure


@dataclass(frozen=True)
class DashboardRow:
    """One hub on the dashboard, every value already written as the briefing writes it."""

    cluster: Cluster
    economy: str
    change: str
    pct: str
    pubs: str
    pct_share: str
    pub_share: str
    score: str
    applicant: str | None
    organisation: str | None

    @property
    def players(self) -> tuple[tuple[str, str], ...]:
        """The names the sources give, each with the label key of what it leads (patents or science): two names
        stacked in one cell read as one name without it."""
        pairs = ((self.applicant, "player_patents"), (self.organisation, "player_science"))
        return tuple((name, key) for name, key in pairs if name)

    @property
    def parts(self) -> tuple[Decimal, Decimal] | None:
        """The two printed shares, for the split bar; None when either is missing."""
        c = self.cluster
        return None if c.pct_share is None or c.pub_share is None else (c.pct_share, c.pub_share)


@dataclass(frozen=True, kw_only=True)
class Dashboard(Block):
    """The top hubs at a glance: rank and change, both counts, the score split into its two parts, top names."""

    rows: tuple[DashboardRow, ...]
    scale: Decimal  # the longest bar's score: every bar is drawn against it
    notes: tuple[str, ...]  # the legend and the rounding note
    unnamed: str = ""  # the hubs the sources name nobody for: a dash in the deck's cells, nothing in the PDF's

    def notes_with(self, mark: str) -> tuple[str, ...]:
        """The notes, the unnamed hubs last, after ``mark`` where the table marks their empty cells with it."""
        return (*self.notes, f"{mark} {self.unnamed}".strip()) if self.unnamed else self.notes


@dataclass(frozen=True, kw_only=True)
class Hub(Block):
    """One hub: its big numbers, where it stands against the others, and what the sources say about it."""

    hub: HubWords
    kpis: tuple[Kpi, ...]
    key_figures: tuple[Figure, ...]
    fact_figures: tuple[Figure, ...]
    nearest: tuple[NearGroup, ...] = ()  # the clusters either side of it on each count (story._nearest)

    @property
    def cluster(self) -> Cluster:
        return self.hub.cluster

    @property
    def titled_on_score(self) -> bool:
        """Its title is about its score, not a count: the PDF's paragraph then names its count neighbours (a count
        title already gives both places)."""
        return self.hub.profile.titled_on_score

    @property
    def own_sources(self) -> tuple[str, ...]:
        """The sources of the hub's row in the ranking and of its named applicant and organisation."""
        return self.cluster.sources + self.cluster.detail_sources


@dataclass(frozen=True, kw_only=True)
class Methodology(Block):
    """How WIPO finds and ranks clusters, citing the sources that state the method."""


@dataclass(frozen=True, kw_only=True)
class Appendix(Block):
    """The data behind the blocks before it: the ranking rows, the facts, the economies' counts and intensity
    (the PDF's tables), and every figure they show by block (the data pack's list)."""

    groups: tuple[FigureGroup, ...]
    others: tuple[Cluster, ...]
    clusters: tuple[Cluster, ...] = ()
    facts: tuple[Fact, ...] = ()
    economies: tuple[Economy, ...] = ()
    intensity: tuple[IntensityEntry, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Sources(Block):
    sources: tuple[Source, ...]


@dataclass(frozen=True)
class Story:
    """A whole document: its title and keywords, its blocks in order, and (once rendered) its charts."""

    title: str
    keywords: tuple[str, ...]
    blocks: tuple[Block, ...]
    content: Content
    brief: bool = False  # a short document: sections share pages
    rendered: Mapping[str, RenderedChart] = field(default_factory=lambda: MappingProxyType({}))
    data_pack: str = ""  # the file name of this document's data pack, when the build writes one

    @property
    def pack_line(self) -> str:
        """'The numbers behind every chart are in x-data.xlsx.' for chart notes and the appendix; '' when no pack
        is built or the document has no chart (a hub's pack holds its figures, which its appendix already lists)."""
        if not self.data_pack or not self.chart_specs():
            return ""
        return self.content.narrative.labels["data_pack"].format(file=self.data_pack)

    def shown_in(self, show: Show) -> tuple[Block, ...]:
        return tuple(b for b in self.blocks if b.show & show)

    def chart_specs(self) -> tuple[ChartSpec, ...]:
        found = {c.key: c for b in self.blocks for c in b.charts}
        return tuple(found.values())

    def with_charts(self, charts: Iterable[RenderedChart]) -> Story:
        return replace(self, rendered=MappingProxyType({c.spec.key: c for c in charts}))

    def chart(self, spec: ChartSpec) -> RenderedChart:
        try:
            return self.rendered[spec.key]
        except KeyError:
            raise KeyError(f"chart {spec.key!r} was not rendered; render story.chart_specs() first") from None
