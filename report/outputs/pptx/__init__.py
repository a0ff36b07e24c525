"""The deck: a story's slides on the layouts of a PowerPoint template (python-pptx, imported only to write)."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TYPE_CHECKING

from report.blocks import Show

if TYPE_CHECKING:
    from report.blocks import Story
    from report.look.theme import Theme
    from report.outputs import OutputSettings


LARGE_TEMPLATE_BYTES = 4 * 2**20


class DeckRenderer:
    kind = "pptx"
    unit = "slides"
    show = Show.DECK

    def __init__(self, settings: OutputSettings) -> None:
        self.template = settings.template
        self.layouts = dict(settings.layouts)

    def preflight(self) -> tuple[str, ...]:
        """Refuse an unsafe template, or one that lacks a layout a slide kind needs, before any chart is rendered;
        warn about what the deck leaves out of it."""
        from report.outputs.pptx.deck import check_template
        from report.outputs.pptx.vet import vet_template

        check_template(self.template, self.layouts)
        warning = vet_template(self.template).warning()
        return (warning,) if warning else ()

    def for_theme(self, theme: Theme) -> tuple[Theme, tuple[str, ...]]:
        """The theme the deck's charts are drawn in (a variant in the colours of a dark or coloured slide), and
        what the deck cannot make readable on the template's backgrounds."""
        from report.outputs.pptx.deck import chart_theme

        return chart_theme(self.template, self.layouts, theme)

    def stamp(self) -> bytes:
        chosen = ";".join(f"{kind}={name}" for kind, name in sorted(self.layouts.items()))
        return self.template.read_bytes() + f"|layouts={chosen}".encode()

    def filename(self, stem: str) -> str:
        return f"{stem}.{self.kind}"

    def write(self, story: Story, target: Path) -> int:
        from report.outputs.pptx.slides import build_deck

        count = build_deck(story, self.template, target, self.layouts)
        if self.template.stat().st_size > LARGE_TEMPLATE_BYTES:
            gc.collect()  # python-pptx's parts refer to each other: free this deck's copy of the pictures now
        return count
