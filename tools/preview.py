"""`make preview`: contact sheets of every slide and every PDF page of the current build, for the README.

Writes docs/deck-sheet.png and docs/pdf-sheet.png, plus docs/slide.png (the dashboard slide) and
docs/page.png (the first page of the takeaways) at a size a README can show.
"""

from __future__ import annotations

import sys
from pathlib import Path

from tools.pictures import contact_sheet, pages, slides

SLIDE, PAGE = 3, 3  # the dashboard (after the takeaways), and the page of the takeaways and the top five


def main(out_dir: Path, docs: Path) -> None:
    decks, pdfs = sorted(out_dir.glob("*.pptx")), sorted(out_dir.glob("*.pdf"))
    if not decks or not pdfs:
        raise SystemExit(f"no deck or PDF in {out_dir}; run `make report` first")
    docs.mkdir(parents=True, exist_ok=True)
    deck_images, page_images = slides(decks[0], 960), pages(pdfs[0], 620)
    contact_sheet([i.resize((i.width // 3, i.height // 3)) for i in deck_images], 4).save(docs / "deck-sheet.png")
    contact_sheet([i.resize((i.width // 2, i.height // 2)) for i in page_images], 6).save(docs / "pdf-sheet.png")
    deck_images[SLIDE - 1].save(docs / "slide.png", optimize=True)
    page_images[PAGE - 1].save(docs / "page.png", optimize=True)
    print(f"wrote {', '.join(str(docs / n) for n in ('deck-sheet.png', 'pdf-sheet.png', 'slide.png', 'page.png'))}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]))
