"""report.outputs.pptx.scripts: runs cut where the script changes, and the language and typeface each gets."""

from __future__ import annotations

import pytest
from pptx import Presentation
from pptx.oxml.ns import qn

from report.outputs.pptx.scripts import language_of, mark_run, pieces, split_run


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Top applicant: 삼성 전자.", ["Top applicant: ", "삼성 전자", "."]),
        ("华为技术, 香港大學 and جامعة طهران", ["华为技术, 香港大學", " and ", "جامعة طهران"]),
        ("서울 جامعة", ["서울", " ", "جامعة"]),
        ("भारतीय विज्ञान संस्थान (IISc)", ["भारतीय विज्ञान संस्थान", " (IISc)"]),
        ("Zürich – Москва", ["Zürich – Москва"]),
        (" – · ", [" – · "]),
        ("— 서울", ["— ", "서울"]),
    ],
)
def test_text_is_cut_where_the_script_changes_and_names_keep_their_spaces(text: str, expected: list[str]) -> None:
    assert pieces(text) == expected
    assert "".join(pieces(text)) == text


@pytest.mark.parametrize(
    ("text", "language"),
    [("삼성 전자", "ko-KR"), ("東京大学", "ja-JP"), ("香港大學", "zh-TW"), ("جامعة طهران", "ar-SA"), ("Seoul", None)],
)
def test_a_run_in_one_script_has_its_language(text: str, language: str | None) -> None:
    assert language_of(text) == language
    assert language_of(f"Top: {text}") is None or language is None  # mixed with English: no one language


def test_a_mixed_run_becomes_runs_with_the_same_properties_and_only_the_names_are_marked() -> None:
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[5])
    run = slide.shapes.title.text_frame.paragraphs[0].add_run()
    run.text, run.font.bold = "Led by 삼성전자 and جامعة طهران", True
    made = split_run(run._r, run.text)
    for element, text in made:
        mark_run(element, text, {})
    paragraph = slide.shapes.title.text_frame.paragraphs[0]
    assert paragraph.text == "Led by 삼성전자 and جامعة طهران"
    found = []
    for r in paragraph._p.iter(qn("a:r")):
        props = r.find(qn("a:rPr"))
        faces = {c.tag.split("}")[1]: c.get("typeface") for c in props if c.tag in (qn("a:ea"), qn("a:cs"))}
        found.append((r.findtext(qn("a:t")), props.get("b"), props.get("lang"), faces))
    assert found == [
        ("Led by ", "1", None, {}),
        ("삼성전자", "1", "ko-KR", {"ea": "Malgun Gothic"}),
        (" and ", "1", None, {}),
        ("جامعة طهران", "1", "ar-SA", {"cs": "Arial"}),
    ]
