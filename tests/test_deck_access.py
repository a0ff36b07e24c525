"""The deck's accessibility basics: unique titles, reading order, alt text and decoration, language."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE
from pptx.oxml.ns import qn
from pptx.util import Inches

from report.blocks import Story
from report.outputs.pptx.access import DECORATIVE_NS, InaccessibleDeck, make_accessible
from report.outputs.pptx.slides import build_deck
from report.paths import templates_dir
from report.story import full_story

TEMPLATE = templates_dir() / "briefing.pptx"


@pytest.fixture(scope="module")
def deck(story: Story, tmp_path_factory: pytest.TempPathFactory) -> Any:
    target = tmp_path_factory.mktemp("access") / "deck.pptx"
    build_deck(story, TEMPLATE, target)
    return Presentation(str(target))


def _shapes(slide: Any) -> list[Any]:
    return [s for s in slide.shapes._spTree if s.tag in (qn("p:sp"), qn("p:pic"), qn("p:graphicFrame"))]


def _kind(element: Any) -> str:
    ph = element.find(f".//{qn('p:ph')}")
    if ph is not None:
        return ph.get("type", "body")
    return "picture" if element.tag == qn("p:pic") else "table" if element.tag == qn("p:graphicFrame") else "text"


def _decorative(element: Any) -> bool:
    return any(e.get("val") == "1" for e in element.iter(f"{{{DECORATIVE_NS}}}decorative"))


def test_every_slide_has_a_unique_title(deck: Any) -> None:
    titles = [slide.shapes.title.text_frame.text.strip() for slide in deck.slides]
    assert all(titles) and len(set(titles)) == len(titles), titles


def test_reading_order_is_title_body_chart_caption_then_footers(deck: Any, story: Story) -> None:
    alts = {story.chart(spec).spec.alt for spec in story.chart_specs()}
    charted = 0
    for slide in deck.slides:
        kinds = [_kind(s) for s in _shapes(slide)]
        assert kinds[0] in ("title", "ctrTitle"), kinds
        footers = [i for i, k in enumerate(kinds) if k in ("ftr", "sldNum", "dt")]
        assert footers == list(range(len(kinds) - len(footers), len(kinds))), kinds  # last
        if "picture" in kinds:
            charted += 1
            picture = kinds.index("picture")
            assert all(k in ("body", "obj", "text") for k in kinds[1:picture]), kinds  # the body comes before it
            assert kinds[picture + 1] == "text", kinds  # its caption right after it
            descr = _shapes(slide)[picture].find(f".//{qn('p:cNvPr')}").get("descr")
            assert descr in alts
    assert charted >= len(story.content.briefing.hubs)  # a chart on every hub's slide at least


def test_pictures_have_alt_text_and_decoration_is_marked(deck: Any) -> None:
    for slide in deck.slides:
        for shape in slide.shapes:
            if shape.shape_type is not None and shape.element.tag == qn("p:pic"):
                assert shape.element.find(f".//{qn('p:cNvPr')}").get("descr", "").strip()
    master = deck.slide_masters[0]
    bars = [s for s in master.shapes if not s.is_placeholder]
    assert bars and all(_decorative(s.element) for s in bars)  # the template's bars and rules
    for layout in master.slide_layouts:
        assert all(_decorative(s.element) for s in layout.shapes if not s.is_placeholder), layout.name


def _languages(deck: Any) -> set[str]:
    found = set()
    for slide in deck.slides:
        for part in (slide.element, slide.notes_slide.element):
            for run in [*part.iter(qn("a:r")), *part.iter(qn("a:fld"))]:
                found.add(run.find(qn("a:rPr")).get("lang"))
    defaults = deck.part._element.find(qn("p:defaultTextStyle"))
    found |= {e.get("lang") for e in defaults.iter(qn("a:defRPr"))}
    return found


def test_every_run_carries_the_briefing_language(deck: Any) -> None:
    assert _languages(deck) == {"en"}
    assert deck.core_properties.language == "en"


def test_language_comes_from_briefing_toml(story: Story, tmp_path: Path) -> None:
    settings = dataclasses.replace(story.content.briefing.settings, language="de-CH")
    content = dataclasses.replace(
        story.content, briefing=dataclasses.replace(story.content.briefing, settings=settings)
    )
    target = tmp_path / "de.pptx"
    build_deck(full_story(content).with_charts(story.rendered.values()), TEMPLATE, target)
    deck = Presentation(str(target))
    assert _languages(deck) == {"de-CH"} and deck.core_properties.language == "de-CH"


# --- the pass on its own ------------------------------------------------------------------------------------


def _titled(*titles: str) -> Any:
    prs = Presentation()
    for title in titles:
        slide = prs.slides.add_slide(prs.slide_layouts[5])  # title only
        slide.shapes.title.text = title
    return prs


def test_repeated_titles_are_numbered() -> None:
    prs = _titled("Sources", "Sources (continued)", "Sources (continued)", "Sources (continued)", "A", "A (2)", "A")
    make_accessible(prs, "en")
    assert [s.shapes.title.text for s in prs.slides] == [
        "Sources",
        "Sources (continued)",
        "Sources (continued 2)",
        "Sources (continued 3)",
        "A",
        "A (2)",
        "A (3)",
    ]


def test_a_slide_without_a_title_is_refused() -> None:
    prs = _titled(" ")
    with pytest.raises(InaccessibleDeck, match="slide 1 has no title"):
        make_accessible(prs, "en")


def _png() -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(data, format="PNG")
    data.seek(0)
    return data


def test_a_picture_without_alt_text_is_refused_and_a_bare_shape_is_decorative() -> None:
    prs = _titled("Pictures")
    slide = prs.slides[0]
    bar = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(1), Inches(1), Inches(2), Inches(0.2))
    labelled = slide.shapes.add_shape(MSO_SHAPE.RECTANGLE, Inches(1), Inches(2), Inches(2), Inches(1))
    labelled.text_frame.text = "A labelled box"
    picture = slide.shapes.add_picture(_png(), Inches(1), Inches(3))
    picture._element.nvPicPr.cNvPr.set("descr", "")  # python-pptx writes the file's name there
    with pytest.raises(InaccessibleDeck, match="slide 1: the picture 'Picture 4' has no alt text"):
        make_accessible(prs, "en")
    assert _decorative(bar.element) and not _decorative(labelled.element)
