"""Pictures of a build as a reader sees it: slides through LibreOffice, PDF pages through pdfium.

Used by `make preview` (contact sheets and single pictures for the README), `make golden` and the visual
regression test, so all three see the same rendering.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from tools.office import convert_to_pdf

SHEET_GAP = 8


def pages(pdf: Path, width_px: int) -> list[Any]:
    """Every page of ``pdf`` as an RGB image ``width_px`` wide."""
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(str(pdf))
    try:
        return [document[i].render(scale=width_px / document[i].get_width()).to_pil().convert("RGB")
                for i in range(len(document))]  # fmt: skip
    finally:
        document.close()


def slides(deck: Path, width_px: int) -> list[Any]:
    """Every slide of ``deck`` as LibreOffice draws it, with the bundled fonts installed for it."""
    with tempfile.TemporaryDirectory(prefix="report-pictures-") as work:
        return pages(convert_to_pdf(deck, Path(work)), width_px)


def contact_sheet(images: list[Any], columns: int) -> Any:
    """The images in a grid on a grey ground, in order, row by row."""
    from PIL import Image

    width, height = max(i.width for i in images), max(i.height for i in images)
    rows = (len(images) + columns - 1) // columns
    sheet = Image.new("RGB", (columns * (width + SHEET_GAP) + SHEET_GAP, rows * (height + SHEET_GAP) + SHEET_GAP),
                      "#8A9099")  # fmt: skip
    for number, image in enumerate(images):
        row, column = divmod(number, columns)
        sheet.paste(image, (SHEET_GAP + column * (width + SHEET_GAP), SHEET_GAP + row * (height + SHEET_GAP)))
    return sheet
