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
from report.data import Cluster, Source
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

    @property
    def title(self) -> str:
        return self.words.title

    @property
    def charts(self) -> tuple[ChartSpec, ...]:
        return ()

    @property
    def source_ids(self) -> tuple[str, ...]:
        """Every source the block cites: its figures' and its charts'."""
        ids = [s for f in self.figures for s in f.source_ids] + [s for c in self.charts for s in c.source_ids]
        return tuple(dict.fromkeys(ids))


@dataclass(frozen=True, kw_only=True)
class Cover(Block):
    hub_title: str = ""  # a hub document names its hub on the cover


@dataclass(frozen=True, kw_only=True)
class Revisions(Block):
    lines: tuple[str, ...]


@dataclass(frozen=True, kw_only=True)
class Summary(Block):
    pass


@dataclass(frozen=True, kw_only=True)
class Contents(Block):
    pass


@dataclass(frozen=True, kw_only=True)
class Chart(Block):
    chart: ChartSpec

    @property
    def charts(self) -> tuple[ChartSpec, ...]:
        return (self.chart,)


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
    table_sources: tuple[str, ...]

    @property
    def source_ids(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(self.table_sources))


@dataclass(frozen=True, kw_only=True)
class Hub(Block):
    """One hub: where it stands (its key figures), its further facts, and its charts."""

    hub: HubWords
    key_figures: tuple[Figure, ...]
    fact_figures: tuple[Figure, ...]
    hub_charts: tuple[ChartSpec, ...]

    @property
    def charts(self) -> tuple[ChartSpec, ...]:
        return self.hub_charts

    @property
    def cluster(self) -> Cluster:
        return self.hub.cluster

    @property
    def own_sources(self) -> tuple[str, ...]:
        """The sources of the hub's row in the ranking and of its named applicant and organisation."""
        return self.cluster.sources + self.cluster.detail_sources


@dataclass(frozen=True, kw_only=True)
class Methodology(Block):
    cited: tuple[str, ...] = ()

    @property
    def source_ids(self) -> tuple[str, ...]:
        return self.cited


@dataclass(frozen=True, kw_only=True)
class Appendix(Block):
    """Every figure the blocks before it show, by block, then the other clusters their charts draw."""

    groups: tuple[FigureGroup, ...]
    others: tuple[Cluster, ...]


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
