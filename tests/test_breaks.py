"""Names never break across lines: the rule (report.words.breaks) and both outputs built with it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from report.blocks import Story
from report.outputs.pdf.document import build_pdf
from report.outputs.pptx.slides import build_deck
from report.paths import templates_dir
from report.words.breaks import NBSP, bind, pieces, units, wrap

NAME = "Shenzhen–Hong Kong–Guangzhou"


def test_bind_keeps_every_name_whole_and_the_longest_first() -> None:
    text = f"Between {NAME} and San Jose–San Francisco, CA, near Hong Kong."
    bound = bind(text, ("Hong Kong", NAME, "San Jose–San Francisco, CA"))
    assert f"Shenzhen–Hong{NBSP}Kong–Guangzhou" in bound
    assert f"San{NBSP}Jose–San{NBSP}Francisco,{NBSP}CA" in bound
    assert bound.endswith(f"near Hong{NBSP}Kong.") and bound.startswith("Between ")
    assert bind(text, ()) == text


def test_a_word_is_cut_only_after_its_en_dashes() -> None:
    assert pieces("Tokyo–Yokohama") == ["Tokyo–", "Yokohama"]
    assert pieces(f"Shenzhen–Hong{NBSP}Kong–Guangzhou") == ["Shenzhen–", f"Hong{NBSP}Kong–", "Guangzhou"]
    assert pieces("Seoul") == ["Seoul"] and pieces("–") == ["–"]
    assert units("ranks 1–35 here") == ["ranks", "1–", "35", "here"]


def test_wrap_breaks_after_a_dash_before_it_breaks_inside_a_name() -> None:
    bound = bind(f"{NAME} (CN/HK)", (NAME,))

    def fits(limit: int) -> Any:
        return lambda line: len(line) <= limit

    assert wrap(bound, fits(40)) == [bound]
    assert wrap(bound, fits(20)) == [f"Shenzhen–Hong{NBSP}Kong–", "Guangzhou (CN/HK)"]
    assert wrap(bound, fits(10)) == ["Shenzhen–", f"Hong{NBSP}Kong–", "Guangzhou", "(CN/HK)"]
    assert all(NBSP not in line or f"Hong{NBSP}Kong" in line for line in wrap(bound, fits(3)))
    assert wrap("one\ntwo three", fits(7)) == ["one", "two", "three"]


def _names_with_spaces(story: Story) -> list[str]:
    return [n for n in story.content.narrative.names if " " in n]


def _broken_inside(text: str, names: list[str]) -> list[str]:
    """Names whose words a line break separates: a newline where the name has a space."""
    found = []
    for name in names:
        words = name.split(" ")
        for i in range(1, len(words)):
            if f"{' '.join(words[:i])}\n{' '.join(words[i:])}" in text:
                found.append(name)
    return found


@pytest.fixture(scope="module")
def pdf_lines(story: Story, tmp_path_factory: pytest.TempPathFactory) -> str:
    target = tmp_path_factory.mktemp("breaks") / "briefing.pdf"
    build_pdf(story, target, "a4")
    return "\n".join(page.extract_text() or "" for page in PdfReader(str(target)).pages).replace(NBSP, " ")


def test_no_name_breaks_at_a_space_in_the_pdf(pdf_lines: str, story: Story) -> None:
    names = _names_with_spaces(story)
    assert NAME in names and "Republic of Korea" in names
    assert sum(pdf_lines.count(n) for n in names) > 20  # the names are there, whole
    assert _broken_inside(pdf_lines, names) == []


def test_the_deck_sets_names_with_no_break_spaces_and_its_notes_as_written(story: Story, tmp_path: Path) -> None:
    from pptx import Presentation
    from pptx.oxml.ns import qn

    target = tmp_path / "deck.pptx"
    build_deck(story, templates_dir() / "briefing.pptx", target)
    prs = Presentation(str(target))
    names = _names_with_spaces(story)
    texts = [t.text or "" for slide in prs.slides for t in slide.shapes._spTree.iter(qn("a:t"))]
    shown = " ".join(texts)
    assert bind(NAME, names) in shown and bind("San Jose–San Francisco, CA", names) in shown
    # a paragraph keeps its names whole unless that costs it a line (names.keep_names_whole): most do
    whole = sum(shown.count(bind(n, names)) for n in names)
    assert whole > 3 * sum(shown.count(n) for n in names)
    notes = " ".join(s.notes_slide.notes_text_frame.text for s in prs.slides if s.has_notes_slide)
    assert NAME in notes  # the notes are read, not laid out on the slide: as written


def test_a_box_too_tight_for_whole_names_is_fitted_and_written_breaking_inside_them() -> None:
    """fit_text measures names whole; where a box cannot take a paragraph so even at the floor size, it measures
    the paragraph breaking inside names instead, and keep_names_whole then leaves that paragraph as written,
    while it binds the names everywhere else, as they were measured."""
    from pptx import Presentation
    from pptx.util import Emu, Pt

    from report.look.theme import load_theme
    from report.outputs.pptx.fit import Frame, Line, fit_text, measure_for
    from report.outputs.pptx.names import keep_names_whole

    measure = measure_for(load_theme().font_files).bound((NAME,))
    free = measure.bound(())
    text, size = f"Second on both counts, {NAME} files many", 14.0
    width = next(w for w in range(60, 400) if len(measure.wrap(text, w, size)) > len(free.wrap(text, w, size)))
    lines = len(free.wrap(text, width, size))
    tight = Frame(width, measure.line_factor * size * lines + 0.5)  # room for the breakable text only
    fit = fit_text([Line(text)], tight, measure, size, size)
    assert [line.text for line in fit.shown] == [text] and not fit.overflow
    assert measure.loose == {text}
    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    boxes = []
    for written in (text, f"Also {NAME}, far from any edge"):
        box = slide.shapes.add_textbox(Emu(0), Emu(0), Emu(Pt(600)), Pt(200))
        run = box.text_frame.paragraphs[0].add_run()
        run.text, run.font.size = written, Pt(size)
        boxes.append(box)
    keep_names_whole(prs, measure)
    loose, bound = (box.text_frame.text for box in boxes)
    assert loose == text and bound == bind(f"Also {NAME}, far from any edge", (NAME,))


def test_a_line_that_would_end_on_a_names_dash_breaks_before_the_name() -> None:
    """'…overtook San Jose– / San Francisco, CA' becomes '…overtook / San Jose–San Francisco, CA' where that
    takes no more lines: a forced break before the name, the space before it dropped."""
    from pptx.oxml.ns import qn

    from report.look.theme import load_theme
    from report.outputs.pptx.fit import measure_for

    name = "San Jose–San Francisco, CA"
    measure = measure_for(load_theme().font_files).bound((name,))
    text, size = f"Seoul edged past Beijing; Shanghai–Suzhou overtook {name}", 24.0
    bound = bind(text, (name,))

    def splits(width: int) -> bool:
        lines = measure.wrap(bound, width, size)
        return len(lines) == 2 and lines[0].endswith("San\u00a0Jose–")

    width = next(w for w in range(300, 900) if splits(w))
    paragraph = _bound_paragraph(text, width, size, measure)
    assert len(paragraph.findall(qn("a:br"))) == 1
    after = paragraph.findall(qn("a:br"))[0].getnext()
    assert after.find(qn("a:t")).text == bind(name, (name,))
    assert paragraph.findall(qn("a:r"))[0].find(qn("a:t")).text.endswith("overtook")


def test_every_name_a_line_would_split_starts_its_own_line_where_that_takes_no_more_lines() -> None:
    """'The top two held their places: Tokyo– / Yokohama and / Shenzhen–Hong Kong–Guangzhou': a renderer using
    the box's full width (the measure keeps 3% spare) split the first name after one break went before the
    second. Every name that begins a line when names are kept whole now gets its break."""
    from pptx.oxml.ns import qn

    from report.look.theme import load_theme
    from report.outputs.pptx.fit import WIDTH_SAFETY, measure_for

    first, second = "Tokyo–Yokohama", "Shenzhen–Hong Kong–Guangzhou"
    measure = measure_for(load_theme().font_files).bound((first, second))
    text, size = f"The top two held their places: {first} and {second}", 16.0
    bound, names = bind(text, (first, second)), [bind(n, (first, second)) for n in (first, second)]

    def both_split(width: float) -> bool:  # as measured, or at the full width, each name is cut at a dash
        cut = [measure.wrap(bound, w, size) for w in (width, width / WIDTH_SAFETY)]
        ends = {line for lines in cut for line in lines[:-1]}
        whole = measure.wrap(bound, width, size, whole=names)
        starts = [line for line in whole[1:] if line.startswith(tuple(names))]
        split = all(any(e.endswith(n.split("–")[0] + "–") for e in ends) for n in names)
        return split and len(starts) == 2 and len(whole) <= len(cut[0])

    width = next((w for w in range(150, 600) if both_split(w)), None)
    assert width is not None
    paragraph = _bound_paragraph(text, width, size, measure)
    texts = [t.text for t in paragraph.iter(qn("a:t"))]
    assert len(paragraph.findall(qn("a:br"))) == 2
    assert [t for t in texts if t.startswith(("Tokyo", "Shenzhen"))] == [t for t in texts[1:]]
    assert texts[1].startswith(names[0]) and texts[2] == names[1]


def _bound_paragraph(text: str, width: float, size: float, measure: Any) -> Any:
    """``text`` in a text box whose text is ``width`` points wide, after keep_names_whole: its a:p element."""
    from pptx import Presentation
    from pptx.util import Emu, Pt

    from report.outputs.pptx.names import keep_names_whole

    prs = Presentation()
    slide = prs.slides.add_slide(prs.slide_layouts[6])
    box = slide.shapes.add_textbox(Emu(0), Emu(0), Emu(round(width * 12700) + 2 * 91440), Pt(200))
    run = box.text_frame.paragraphs[0].add_run()
    run.text, run.font.size = text, Pt(size)
    keep_names_whole(prs, measure)
    return box.text_frame.paragraphs[0]._p


def test_a_dashed_name_with_no_space_to_bind_still_starts_its_own_line() -> None:
    """'…Beijing is 4th (down 1); Shanghai– / Suzhou is 5th': a paragraph whose only name has no space had no
    name to bind, and was skipped before its dash was looked at."""
    from pptx.oxml.ns import qn

    from report.look.theme import load_theme
    from report.outputs.pptx.fit import measure_for

    name = "Shanghai–Suzhou"
    measure = measure_for(load_theme().font_files).bound((name, "San Jose–San Francisco, CA"))
    text, size = f"Seoul is 3rd (up 1); Beijing is 4th (down 1); {name} is 5th (up 1), in the top five", 14.0
    width = next(w for w in range(200, 700) if measure.wrap(text, w, size)[0].endswith("Shanghai–"))
    paragraph = _bound_paragraph(text, width, size, measure)
    assert len(paragraph.findall(qn("a:br"))) == 1
    assert paragraph.findall(qn("a:br"))[0].getnext().find(qn("a:t")).text.startswith(name)


def test_a_hyphened_word_a_renderer_would_split_starts_its_own_line_and_a_link_keeps_its_colour() -> None:
    """PowerPoint and LibreOffice break after a hyphen ('ISBN 978-92-805- / 3321-7'). The word goes whole to the
    next line; in a paragraph with a link that line is a paragraph of its own, since LibreOffice recolours a link
    in a paragraph that holds a line break (a:br)."""
    from pptx import Presentation
    from pptx.dml.color import RGBColor
    from pptx.oxml.ns import qn
    from pptx.util import Emu, Pt

    from report.look.theme import load_theme
    from report.outputs.pptx.fit import WIDTH_SAFETY, measure_for
    from report.outputs.pptx.names import keep_names_whole

    measure = measure_for(load_theme().font_files).bound(())
    lead, rest, size = "WIPO (2023)", " Appendix Table 3 (p. 248). ISBN 978-92-805-3321-7.", 12.0

    def renderer_splits(width: float) -> bool:
        lines = measure.wrap(lead + rest, width / WIDTH_SAFETY, size, hyphens=True, lead=lead)
        return len(lines) == 2 and lines[0].endswith("-")

    width = next(w / 2 for w in range(300, 1200) if renderer_splits(w / 2))
    prs = Presentation()
    box = prs.slides.add_slide(prs.slide_layouts[6]).shapes.add_textbox(
        Emu(0), Emu(0), Emu(round(width * 12700) + 2 * 91440), Pt(200)
    )
    paragraph = box.text_frame.paragraphs[0]
    for text, bold in ((lead, True), (rest, False)):
        run = paragraph.add_run()
        run.text, run.font.size, run.font.bold = text, Pt(size), bold
        run.font.color.rgb = RGBColor(0x1B, 0x24, 0x30)
    paragraph.runs[0].hyperlink.address = "https://example.org/"
    keep_names_whole(prs, measure)
    paragraphs = box.text_frame.paragraphs
    assert [p.text for p in paragraphs] == [f"{lead} Appendix Table 3 (p. 248). ISBN", "978-92-805-3321-7."]
    assert not box.text_frame._txBody.findall(f".//{qn('a:br')}")
    second = paragraphs[1]._p.find(qn("a:pPr"))
    assert second is not None and second.find(qn("a:buNone")) is not None
    assert second.find(qn("a:spcBef")).find(qn("a:spcPts")).get("val") == "0"
    assert paragraphs[0].runs[0].hyperlink.address == "https://example.org/"


def test_a_name_in_brackets_starts_its_own_line_bracket_and_all() -> None:
    """'…to 87% (Tokyo– / Yokohama); 73%…': the line now breaks before the bracket that opens the name."""
    from pptx.oxml.ns import qn

    from report.look.theme import load_theme
    from report.outputs.pptx.fit import measure_for

    name = "Tokyo–Yokohama"
    measure = measure_for(load_theme().font_files).bound((name,))
    text, size = f"The patent part of the scores runs from 45% (Beijing) to 87% ({name}); 73% for the five", 16.0
    width = next(w for w in range(200, 700) if measure.wrap(text, w, size)[0].endswith("(Tokyo–"))
    paragraph = _bound_paragraph(text, width, size, measure)
    assert len(paragraph.findall(qn("a:br"))) == 1
    assert paragraph.findall(qn("a:br"))[0].getnext().find(qn("a:t")).text.startswith(f"({name})")
