"""Text fitting, measured with the theme's own font files: sizes down, drops optional lines, then cuts."""

from __future__ import annotations

import pytest

from report.look.theme import load_theme
from report.outputs.pptx.fit import Frame, Level, Line, Measure, fit_text, fits, measure_for, paginate, text_height


@pytest.fixture(scope="module")
def measure() -> Measure:
    return measure_for(load_theme().font_files)


BODY = Frame(340, 330, (Level(margin=18, indent=-18, line_spacing=1.1, space_before=10),))


def test_fit_keeps_the_largest_size_that_fits(measure: Measure) -> None:
    fit = fit_text([Line("A short bullet")], BODY, measure, 16, 11)
    assert fit.size == 16 and not fit.dropped and not fit.overflow


def test_fit_shrinks_before_it_drops_and_cuts(measure: Measure) -> None:
    some = [Line(f"Bullet {i}: a line long enough to wrap once in a column of this width") for i in range(7)]
    assert not fits(some, BODY, measure, 16) and fits(some, BODY, measure, 11)  # the premise, in this font
    shrunk = fit_text(some, BODY, measure, 16, 11)
    assert 11 <= shrunk.size < 16 and not shrunk.overflow and fits(shrunk.shown, BODY, measure, shrunk.size)
    many = [
        Line(f"Bullet {i}: a line long enough to wrap once in a column of this width", priority=i % 2)
        for i in range(40)
    ]
    fit = fit_text(many, BODY, measure, 16, 11)
    assert fit.size == 11
    assert fit.dropped and all(line.priority == 1 for line in fit.dropped)
    assert fit.overflow and fits(fit.shown, BODY, measure, 11)
    assert not fits([*fit.shown, fit.overflow[0]], BODY, measure, 11)
    assert [*fit.shown, *fit.overflow] == [x for x in many if x not in fit.dropped]


def test_paginate_splits_forty_bullets_without_losing_or_overflowing(measure: Measure) -> None:
    many = [Line(f"Bullet {i}: a line long enough to wrap once in a column of this width") for i in range(40)]
    pages = paginate(many, BODY, measure, 16, 11)
    assert len(pages) > 1
    assert [line for page in pages for line in page.shown] == many
    assert all(fits(page.shown, BODY, measure, page.size) for page in pages)
    assert len({page.size for page in pages}) == 1


def test_paginate_keeps_a_source_with_its_url(measure: Measure) -> None:
    lines = [
        x
        for i in range(30)
        for x in (Line(f"Publisher ({i}). Title.", keep_with_next=True), Line(f"https://example.org/{i}"))
    ]
    for page in paginate(lines, BODY, measure, 12, 10):
        assert not page.shown[-1].keep_with_next


def test_a_word_wider_than_the_box_is_broken_not_overflowed(measure: Measure) -> None:
    url = "https://example.org/" + "x" * 200
    assert all(measure.width(part, 11) <= 100 for part in measure.wrap(url, 100, 11))
    assert text_height([Line(url)], Frame(100, 1e6), measure, 11) > 3 * 11
