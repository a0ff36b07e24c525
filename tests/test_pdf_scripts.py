"""report.outputs.pdf.chain: text in other scripts as the PDF draws it, small enough to look at closely."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from report.data import DataText
from report.look.fontchain import resolve_chain, system_fonts, with_fallbacks
from report.look.theme import Theme, load_theme
from report.look.truetype import pdf_ready
from report.outputs.pdf.styles import Styles, make_styles
from tests.readers import drawn_glyphs, pdf_text, pdfium_text, squash

ARABIC, HINDI, CHINESE = "جامعة طهران", "भारतीय विज्ञान संस्थान", "中国科学院计算技术研究所和北京大学信息科学技术学院"


@pytest.fixture(scope="module")
def theme(tmp_path_factory: pytest.TempPathFactory) -> Theme:
    for key, sample in (("arabic", ARABIC), ("devanagari", HINDI), ("cjk", CHINESE)):
        if not system_fonts(key, sample):
            pytest.skip(f"no installed font for {key}: install fonts-noto-cjk and fonts-noto-core")
    theme = load_theme()
    chain = resolve_chain(theme, [DataText(t, "x.csv", 2, "cluster") for t in (ARABIC, HINDI, CHINESE)])
    cache = tmp_path_factory.mktemp("fonts")
    chained = with_fallbacks(theme, chain)
    return replace(chained, fallbacks=tuple(pdf_ready(f, cache) for f in chain.fallbacks))


@pytest.fixture()
def styles(theme: Theme) -> Styles:
    return make_styles(theme)  # registers the chain fonts under the theme's names, for this test


def test_latin_text_is_left_alone() -> None:
    styles = make_styles(load_theme())
    assert styles.encoder is None and styles.printable("Zürich – Москва") == "Zürich – Москва"


def test_a_shaped_run_is_wrapped_in_one_actualtext_span(styles: Styles) -> None:
    encoded = styles.printable(f"Top applicant {ARABIC}; top organisation {HINDI}")
    assert encoded.startswith("Top applicant ") and ARABIC not in encoded  # drawn by glyph, not by character
    # one span for the Arabic run and one per Devanagari word shaping changed: विज्ञान and संस्थान, not भारतीय
    assert encoded.count(chr(0x10FFFD)) == 3


def test_canvas_text_reads_back_verbatim_with_balanced_marked_content(styles: Styles, tmp_path: Path) -> None:
    from reportlab.pdfgen.canvas import Canvas

    target = tmp_path / "line.pdf"
    canvas = Canvas(str(target), invariant=1, pageCompression=0)
    canvas.setFont(styles.family, 12)
    canvas.drawString(40, 700, styles.printable(f"Top applicant {ARABIC}; and {HINDI} and {CHINESE[:5]}"))
    canvas.save()
    content = target.read_bytes().decode("latin-1")
    assert content.count(" BDC ") == content.count("EMC ") > 0
    for extract in (pdf_text, pdfium_text):
        text = squash(extract(target))
        assert ARABIC in text and HINDI in text and CHINESE[:5] in text, (extract.__name__, text)
    assert [g for g in drawn_glyphs(target) if g.glyph == 0] == []


def test_cjk_text_without_spaces_breaks_between_characters_to_fit_the_column(styles: Styles) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Paragraph

    para = Paragraph(styles.esc(f"Organisation: {CHINESE}"), styles.body)
    para.wrap(120, 1000)
    lines = ["".join(line[1]) if isinstance(line, tuple) else "" for line in para.blPara.lines]
    assert len(lines) >= 3
    widths = [stringWidth(text, styles.family, styles.body.fontSize) for text in lines]
    assert max(widths) <= 120 + 0.01, widths
    assert re.sub(r"\s", "", "".join(lines)) == re.sub(r"\s", "", f"Organisation: {CHINESE}")
