"""report.look.scripts: script groups, the language guess for CJK, and visual order of mixed-direction runs."""

from __future__ import annotations

import pytest

from report.look import scripts


@pytest.mark.parametrize(
    ("ch", "group", "name"),
    [
        ("A", "latin", "Latin"),
        ("中", scripts.CJK, "Han"),
        ("한", scripts.CJK, "Hangul"),
        ("あ", scripts.CJK, "Hiragana"),
        ("ー", scripts.CJK, "Katakana"),
        ("、", scripts.CJK, "Han"),
        ("ب", "arabic", "Arabic"),
        ("भ", "devanagari", "Devanagari"),
        ("\u094d", scripts.INHERITED, "Devanagari"),  # virama: a mark, drawn with the letter before it
        (" ", scripts.COMMON, "symbols"),
        ("7", scripts.COMMON, "symbols"),
        ("🙂", "emoji", "Emoji"),
    ],
)
def test_characters_fall_into_font_groups(ch: str, group: str, name: str) -> None:
    assert scripts.group(ch) == group
    assert scripts.script_name(ch) == name


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("ソニーグループ", "ja"),
        ("東京大学", "ja"),
        ("삼성전자", "ko"),
        ("中国科学院", "zh-Hans"),
        ("香港大學", "zh-Hant"),
    ],
)
def test_cjk_language_is_guessed_from_the_characters(text: str, language: str) -> None:
    assert scripts.cjk_language(text) == language


def _runs(text: str) -> list[scripts.Run]:
    """Runs with a font per group, as the chain would choose: None for the Latin font."""

    def choose(ch: str, kind: str) -> str | None:
        return kind if kind in ("arabic", "devanagari", scripts.CJK) else None

    return scripts.runs(text, choose, lambda font, ch: font is not None and ch in " ,")


def test_a_name_keeps_its_spaces_in_its_own_font_and_punctuation_it_lacks_goes_back() -> None:
    found = [(r.text, r.font) for r in _runs("Top: 삼성 전자; 华为")]
    assert found == [("Top: ", None), ("삼성 전자", scripts.CJK), ("; ", None), ("华为", scripts.CJK)]


def test_right_to_left_runs_are_reversed_as_units_and_numbers_inside_them_keep_their_order() -> None:
    text = "Top: جامعة طهران 2023 and more"
    runs = _runs(text)
    assert [(r.text, r.level) for r in runs] == [("Top: ", 0), ("جامعة طهران ", 1), ("2023", 2), (" and more", 0)]
    order = [r.text for r in scripts.visual_order(runs)]
    assert order == ["Top: ", "2023", "جامعة طهران ", " and more"]  # the number ends the name, so it is drawn left


def test_left_to_right_text_needs_no_bidi() -> None:
    assert not scripts.needs_bidi("Zürich, Москва, 東京, भारत")
    assert scripts.needs_bidi("Top: جامعة")
    assert scripts.levels("abc") == [0, 0, 0]


@pytest.mark.parametrize(
    "text",
    [
        "إيران (جمهورية - الإسلامية)",
        "Top: جامعة طهران (UT).",
        "Top (جامعة) x",
        "جامعة [x] y",
        "x (جامعة (طهران) 12) y",
        "مدرسة [٢٠٢٣] (a)",
        "جامعة طهران 2023 and more",
        "a (b",
    ],
)
def test_visual_order_matches_the_unicode_bidi_reference_brackets_included(text: str) -> None:
    """python-bidi's Rust get_display (the unicode-bidi crate, which pairs brackets) as the oracle: each
    right-to-left run reversed, in our visual order, must read as its display string."""
    from bidi import get_display

    runs = scripts.runs(text, lambda ch, kind: None, lambda font, ch: True)
    drawn = "".join(r.text[::-1] if r.rtl else r.text for r in scripts.visual_order(runs))
    assert drawn == get_display(text, base_dir="L")
