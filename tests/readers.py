"""Read built outputs back as a reader would meet them: all the text of a deck or a PDF."""

from __future__ import annotations

from pathlib import Path


def deck_texts(path: Path, *, face_only: bool = False) -> list[str]:
    """Every string in the deck: shape text, table cells, and unless `face_only`, notes and alt text."""
    from pptx import Presentation

    texts: list[str] = []
    for slide in Presentation(str(path)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if getattr(shape, "has_table", False) and shape.has_table:
                texts.extend(cell.text for row in shape.table.rows for cell in row.cells)
            if not face_only:
                descr = shape._element.xpath("./*[1]/p:cNvPr/@descr")
                texts.extend(str(d) for d in descr)
        if slide.has_notes_slide and not face_only:
            texts.append(slide.notes_slide.notes_text_frame.text)
    return texts


def deck_face_texts(path: Path) -> list[str]:
    """What a slide shows: its text frames and table cells, not its notes or alt text."""
    return deck_texts(path, face_only=True)


def deck_text(path: Path) -> str:
    return "\n".join(deck_texts(path))


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def squash(text: str) -> str:
    """Whitespace-insensitive text, since PDF extraction breaks lines where the layout wrapped them."""
    return " ".join(text.split())
