"""The deck: a story's slides on the layouts of a PowerPoint template (python-pptx, imported only to write)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from report.blocks import Show

if TYPE_CHECKING:
    from report.blocks import Story
    from report.outputs import OutputSettings


class DeckRenderer:
    kind = "pptx"
    unit = "slides"
    show = Show.DECK

    def __init__(self, settings: OutputSettings) -> None:
        self.template = settings.template

    def preflight(self) -> None:
        """Refuse a template that lacks a layout a slide kind needs, before any chart is rendered."""
        from report.outputs.pptx.deck import check_template

        check_template(self.template)

    def stamp(self) -> bytes:
        return self.template.read_bytes()

    def filename(self, stem: str) -> str:
        return f"{stem}.{self.kind}"

    def write(self, story: Story, target: Path) -> int:
        from report.outputs.pptx.slides import build_deck

        return build_deck(story, self.template, target)
