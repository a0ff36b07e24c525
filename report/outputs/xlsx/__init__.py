"""The data pack: the numbers behind every chart, every figure with its source, and the sources (openpyxl)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from report.blocks import Show

if TYPE_CHECKING:
    from report.blocks import Story
    from report.outputs import OutputSettings


class PackRenderer:
    kind = "xlsx"
    unit = "sheets"
    show = Show.PACK

    def __init__(self, settings: OutputSettings) -> None:
        """The pack needs nothing beyond the story: no template, no page size."""

    def preflight(self) -> tuple[str, ...]:
        """Nothing to check before rendering: the pack draws no pictures and uses no template."""
        return ()

    def stamp(self) -> bytes:
        return b""

    def filename(self, stem: str) -> str:
        return f"{stem}-data.xlsx"  # beside <stem>.pptx and <stem>.pdf, saying what it holds

    def write(self, story: Story, target: Path) -> int:
        from report.outputs.xlsx.pack import build_pack

        return build_pack(story, target)
