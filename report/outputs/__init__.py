"""The outputs a story can be rendered as, behind one protocol, in one registry.

`--format`, the manifest and the build loop all read `RENDERERS`; nothing outside this package tests for
an output's name. A renderer imports its heavy library only inside `write`, so choosing one costs nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from report.blocks import Show, Story


@dataclass(frozen=True)
class OutputSettings:
    """What renderers need besides the story: the deck template and the page size asked for on the command line,
    and where a renderer may keep hints between builds (never read when ``fresh``: a --force build is cold)."""

    template: Path
    page_size: str | None = None
    layouts: Mapping[str, str] = field(default_factory=dict)  # slide kind -> layout name, from --layout
    cache_dir: Path | None = None
    fresh: bool = False


class Renderer(Protocol):
    kind: str  # the file suffix and the --format name
    unit: str  # what `write` counts: slides, pages, sheets

    @property
    def show(self) -> Show:
        """Which blocks of the story this output draws."""
        ...

    def preflight(self) -> tuple[str, ...]:
        """Check everything this output needs before any chart is rendered (raise ReportError if unusable);
        return warnings about its inputs, each once."""
        ...

    def stamp(self) -> bytes:
        """What this output depends on beyond the data, words, theme and code every output shares."""
        ...

    def filename(self, stem: str) -> str:
        """The name of the file written for a document called ``stem``: 'briefing.pdf', 'briefing-data.xlsx'."""
        ...

    def write(self, story: Story, target: Path) -> int:
        """Write ``story`` to ``target`` (a temporary path the caller renames); return the count of units."""
        ...


def _deck(settings: OutputSettings) -> Renderer:
    from report.outputs.pptx import DeckRenderer

    return DeckRenderer(settings)


def _pdf(settings: OutputSettings) -> Renderer:
    from report.outputs.pdf import PdfRenderer

    return PdfRenderer(settings)


def _pack(settings: OutputSettings) -> Renderer:
    from report.outputs.xlsx import PackRenderer

    return PackRenderer(settings)


RENDERERS: Mapping[str, Callable[[OutputSettings], Renderer]] = MappingProxyType(
    {"pptx": _deck, "pdf": _pdf, "xlsx": _pack}
)
KINDS = tuple(RENDERERS)


def renderers(kinds: tuple[str, ...], settings: OutputSettings) -> tuple[Renderer, ...]:
    """The renderers for ``kinds``, in registry order."""
    return tuple(RENDERERS[kind](settings) for kind in KINDS if kind in kinds)
