"""`make preview`: picture one slide and one PDF page of the current build for the README (docs/)."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from tools.office import convert_to_pdf, render_page

SLIDE, PAGE = 7, 4  # a hub slide, and a hub page: the parts of the briefing a reader sees most


def main(out_dir: Path, docs: Path) -> None:
    decks, pdfs = sorted(out_dir.glob("*.pptx")), sorted(out_dir.glob("*.pdf"))
    if not decks or not pdfs:
        raise SystemExit(f"no deck or PDF in {out_dir}; run `make report` first")
    docs.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        slides = convert_to_pdf(decks[0], Path(work))
        render_page(slides, SLIDE, docs / "slide.png", width_px=960)
    render_page(pdfs[0], PAGE, docs / "page.png", width_px=620)
    print(f"wrote {docs / 'slide.png'} and {docs / 'page.png'}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
