"""The outputs as viewers draw them: LibreOffice for the deck, poppler and pdfium for the PDF.

Nothing collides, no word breaks, the deck shows in the face it names, and the PDF's pages are used: at most
two pages, besides the cover and the last page of each part, under 60% full. Checked on the default data and
on the whole table (--top 35).
"""

from __future__ import annotations

from typing import Any

import pytest
from pypdf import PdfReader

from report.build import BuildOptions, build
from tests.conftest import DATA
from tests.looks import POPPLER, broken, collisions, fonts, page_fill, words
from tests.readers import deck_face_texts
from tools.office import convert_to_pdf, soffice

pytestmark = [
    pytest.mark.slow,
    pytest.mark.soffice,
    pytest.mark.skipif(
        soffice() is None or not POPPLER,
        reason="needs LibreOffice and poppler-utils (tools/install-system-packages.sh)",
    ),
]
THIN = 0.6


@pytest.fixture(scope="module", params=[5, 35], ids=["top5", "top35"])
def drawn(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp(f"look-{request.param}")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1790000000")
        build(BuildOptions(data_dir=DATA, out_dir=out, top=request.param, jobs=2))
    deck, pdf = out / "gii2023-top-hubs.pptx", out / "gii2023-top-hubs.pdf"
    slides = convert_to_pdf(deck, out / "libreoffice")
    return {"deck": deck, "pdf": pdf, "slides": slides, "top": request.param}


def test_no_word_collides_with_another(drawn: dict[str, Any]) -> None:
    for kind in ("slides", "pdf"):
        assert collisions(words(drawn[kind])) == [], kind


def test_every_word_of_the_deck_is_drawn_whole(drawn: dict[str, Any]) -> None:
    text = "\n".join(t for t in deck_face_texts(drawn["deck"]) if t)
    assert broken(text, words(drawn["slides"])) == []


def test_the_deck_shows_in_the_face_it_names_without_fallback(drawn: dict[str, Any]) -> None:
    used = fonts(drawn["slides"])
    assert not [f for f in used if f.startswith("DejaVu")], used


def test_pdf_pages_are_used(drawn: dict[str, Any]) -> None:
    pdf = drawn["pdf"]
    fills = page_fill(pdf)
    reader = PdfReader(str(pdf))
    opens = {_outline_page(reader, title) for title in _part_openings(drawn["top"])}
    part_ends = {0, len(fills) - 1} | {page - 1 for page in opens}
    thin = [
        (number + 1, round(fill, 2)) for number, fill in enumerate(fills) if fill < THIN and number not in part_ends
    ]
    assert len(thin) <= 2, thin


def _part_openings(top: int) -> list[str]:
    """The titles of the blocks that open a part (a new page): the takeaways, the four parts, the appendix."""
    from report.content import Content
    from report.data import load_briefing
    from report.look.theme import load_theme
    from report.paths import templates_dir
    from report.story import full_story
    from report.words.narrative import write_narrative

    briefing = load_briefing(DATA, {"top": top})
    narrative = write_narrative(briefing, templates_dir() / "prose.toml", "21 September 2026")
    story = full_story(Content(briefing, narrative, load_theme(), "21 September 2026"))
    return [b.title for b in story.blocks if b.opens_part]


def _outline_page(reader: PdfReader, title: str) -> int:
    """The page a bookmark points to, wherever it sits in the (nested) outline."""

    def flat(items: list[Any]) -> list[Any]:
        return [leaf for i in items for leaf in (flat(i) if isinstance(i, list) else [i])]

    item = next(i for i in flat(reader.outline) if i.title == title)
    return reader.get_destination_page_number(item)
