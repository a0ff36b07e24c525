"""The printable PDF: a story's pages laid out with reportlab's platypus (imported only to write)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from report.blocks import Show

if TYPE_CHECKING:
    from report.blocks import Story
    from report.outputs import OutputSettings


class PdfRenderer:
    kind = "pdf"
    unit = "pages"
    show = Show.DOCUMENT

    def __init__(self, settings: OutputSettings) -> None:
        self.page_size = settings.page_size
        self.seeds = settings.cache_dir / "pdf" if settings.cache_dir else None
        self.fresh = settings.fresh

    def preflight(self) -> tuple[str, ...]:
        """Nothing to check before rendering: fonts and page size are checked with the theme and the data."""
        return ()

    def stamp(self) -> bytes:
        return f"page_size={self.page_size}".encode()

    def filename(self, stem: str) -> str:
        return f"{stem}.{self.kind}"

    def write(self, story: Story, target: Path) -> int:
        from report.outputs.pdf.document import build_pdf
        from report.outputs.pdf.seed import seed_path

        page_size = story.content.briefing.settings.page_size
        seed = seed_path(self.seeds, story.title, story.keywords, page_size) if self.seeds else None
        return build_pdf(story, target, page_size, seed=seed, fresh=self.fresh)
