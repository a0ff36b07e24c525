"""The fonts a build draws with beyond the theme's own: what the font chain hands every renderer.

Plain frozen records, so the theme can carry them and a chart worker can be sent them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Face:
    """One face of a font file; ``index`` picks it in a collection (.ttc)."""

    path: Path
    index: int = 0

    def stamp(self) -> str:
        """Path, face, size and modification time: what changes when the font is replaced or upgraded."""
        try:
            info = self.path.stat()
        except OSError:
            return f"{self.path}#{self.index}:missing"
        return f"{self.path}#{self.index}:{info.st_size}:{info.st_mtime_ns}"


@dataclass(frozen=True)
class ScriptFont:
    """A theme's choice for one script: ``[fonts.cjk]``, ``[fonts.arabic]``..."""

    regular: Face
    bold: Face | None = None
    office_family: str | None = None  # what the deck names for it; None: Office's usual face for the language


@dataclass(frozen=True)
class Fallback:
    """A font that draws what the theme's font cannot, for one group of scripts ('cjk', 'arabic'...)."""

    key: str
    family: str
    regular: Face
    bold: Face
    chars: frozenset[int]  # what it draws in this build: the characters it was chosen for, and the common ones it has
    origin: str  # "theme" or "system"
    office_family: str | None = None
    pdf_files: tuple[Path, Path] | None = None  # regular and bold as TrueType outlines, when a PDF is written

    def face(self, bold: bool) -> Face:
        return self.bold if bold else self.regular
