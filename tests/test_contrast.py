"""Colour contrast, background resolution and obstacles, measured against known values."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from report.look.contrast import AIM, UNEVEN, Ground, adapt, hex_of, mix, ratio, readable, worst
from report.look.theme import load_theme
from report.outputs.pptx.backdrop import backdrop_of
from report.outputs.pptx.drawingml import NS, Scheme, resolve_colour, scheme_for
from report.outputs.pptx.geometry import Box, SlotSpec, cover_like, fit
from report.outputs.pptx.layouts import all_layouts, load_template, slide_size
from report.outputs.pptx.obstacles import MARGIN, clear_of, cost, free_rects
from report.outputs.pptx.shapes import Rect

CORPUS = Path(__file__).parent / "templates"
WHITE, BLACK = (255, 255, 255), (0, 0, 0)


def test_ratios_are_wcags() -> None:
    assert ratio(BLACK, WHITE) == pytest.approx(21.0)
    assert ratio("#123456", "#123456") == pytest.approx(1.0)
    assert ratio("#767676", "#FFFFFF") == pytest.approx(4.54, abs=0.01)  # the lightest grey for body text on white
    assert ratio("#777777", "#FFFFFF") < 4.5


def test_readable_moves_a_colour_only_as_far_as_it_must() -> None:
    assert readable("#55606F", [WHITE], 4.5) == "#55606F"  # already 6.4:1: untouched
    moved = readable("#999999", [WHITE], 4.5)
    assert ratio(moved, WHITE) >= 4.5
    assert ratio(hex_of(mix(moved, "#999999", 0.9)), WHITE) < 4.5  # a step back toward the original fails
    on_dark = readable("#2E5EAA", [(14, 26, 43)], 4.5)
    assert ratio(on_dark, (14, 26, 43)) >= 4.5 and ratio(on_dark, WHITE) < ratio("#2E5EAA", WHITE)  # lighter


def test_the_theme_on_its_own_paper_keeps_every_colour_that_reads() -> None:
    colours = load_theme().colours
    adapted = adapt(colours, Ground.of([WHITE]))
    changed = {k for k in colours if adapted[k] != colours[k]}
    assert changed == {
        k for k in ("ink", "muted", "primary", "up", "down") if worst(colours[k], [WHITE, "#F2F4F7"]) < AIM
    }
    assert changed == {"up"}  # the theme's green is 4.4:1 on white and 4.0:1 on its panel stripes


def test_on_a_dark_ground_text_turns_light_and_fills_follow_the_ground() -> None:
    colours = load_theme().colours
    navy = (14, 26, 43)
    adapted = adapt(colours, Ground.of([navy]))
    assert adapted["paper"] == "#0E1A2B"
    for key in ("ink", "muted", "primary", "up", "down"):
        assert worst(adapted[key], [navy, adapted["panel"]]) >= AIM, key
    assert ratio(adapted["ink"], navy) >= 12
    for key in ("focus", "patents", "science"):  # bars stay as visible as on white, up to 3:1
        assert ratio(adapted[key], navy) >= min(3.0, ratio(colours[key], "#FFFFFF")) - 0.01, key


def test_an_uneven_ground_gets_more_room() -> None:
    colours = load_theme().colours
    pixels = [(20 + i, 30 + i, 60 + i) for i in range(0, 80, 2)]
    ground = Ground.of(pixels)
    assert not ground.even
    adapted = adapt(colours, ground)
    for key in ("ink", "muted"):
        assert worst(adapted[key], ground.samples) >= AIM + UNEVEN - 0.01


def _element(xml: str) -> etree._Element:
    return etree.fromstring(f'<a:x xmlns:a="{NS["a"]}">{xml}</a:x>')[0]


def test_scheme_colours_resolve_through_the_colour_map_and_their_modifiers() -> None:
    scheme = Scheme({"dk1": (14, 26, 43), "lt1": WHITE, "accent1": (0, 0, 200)}, {"bg1": "dk1", "tx1": "lt1"})
    assert resolve_colour(_element('<a:schemeClr val="bg1"/>'), scheme)[0] == (14, 26, 43)
    assert resolve_colour(_element('<a:schemeClr val="tx1"/>'), scheme)[0] == WHITE
    darker = resolve_colour(_element('<a:schemeClr val="accent1"><a:lumMod val="50000"/></a:schemeClr>'), scheme)[0]
    assert darker == (0, 0, 100)
    tinted = resolve_colour(_element('<a:srgbClr val="000000"><a:tint val="25000"/></a:srgbClr>'), scheme)[0]
    assert tinted == (191, 191, 191)
    assert resolve_colour(_element('<a:sysClr val="window" lastClr="FFFFFF"/>'), scheme)[0] == WHITE


@pytest.mark.parametrize(
    ("name", "expected", "swapped"),
    [("dark-clrmap", (0x0E, 0x1A, 0x2B), True), ("coloured-solid", (0x7A, 0x1F, 0x2B), False)],
)
def test_a_layouts_background_is_found_on_its_master(name: str, expected: tuple[int, ...], swapped: bool) -> None:
    prs = load_template(CORPUS / f"{name}.pptx")
    layout = all_layouts(prs)[1]
    assert scheme_for(layout, name).swapped is swapped
    backdrop = backdrop_of(layout, *slide_size(prs), name)
    assert backdrop.image.getpixel((160, 90)) == expected


def test_gradient_and_picture_backgrounds_are_drawn_to_be_sampled() -> None:
    prs = load_template(CORPUS / "gradient-background.pptx")
    image = backdrop_of(all_layouts(prs)[1], *slide_size(prs), "gradient").image
    top, bottom = image.getpixel((160, 1)), image.getpixel((160, image.height - 2))
    assert top[0] > 250 and bottom == pytest.approx((0x8F, 0xA9, 0xC6), abs=4)  # white to steel blue
    prs = load_template(CORPUS / "image-background.pptx")
    backdrop = backdrop_of(all_layouts(prs)[1], *slide_size(prs), "photo")
    ground = backdrop.ground([Rect(0, 0, *slide_size(prs))])
    assert not ground.even and ratio(ground.samples[-1], WHITE) > ratio(ground.samples[0], WHITE) / 4 > 1


def test_the_free_part_of_an_area_avoids_a_corner_logo() -> None:
    inch = 914400
    area = Rect(0, 0, 10 * inch, 6 * inch)
    logo = Rect(8 * inch, 4 * inch, 2 * inch, 2 * inch)
    free = free_rects(area, [logo])
    assert sorted((r.w, r.h) for r in free) == [(8 * inch - MARGIN, 6 * inch), (10 * inch, 4 * inch - MARGIN)]
    wide = clear_of(area, [logo], aspect=3.0)
    tall = clear_of(area, [logo], aspect=0.5)
    assert wide.w == 10 * inch and tall.h == 6 * inch  # a wide chart goes above the logo, a tall one beside it
    assert 0 < cost(area, wide) < 0.5 and clear_of(area, []) == area


def test_sizes_decide_which_placeholder_plays_which_role() -> None:
    slide = (12192000, 6858000)
    inch = 914400
    label = Box(13, "body", "Header label", int(0.6 * inch), int(0.15 * inch), 5 * inch, int(0.26 * inch))
    strip = Box(14, "body", "Footer text", int(0.6 * inch), int(6.95 * inch), 12 * inch, int(0.3 * inch))
    title = Box(0, "title", "Title", int(0.6 * inch), int(0.55 * inch), 12 * inch, int(0.9 * inch))
    text = Box(1, "body", "Text", int(0.6 * inch), int(1.7 * inch), int(4.6 * inch), 5 * inch)
    visual = Box(2, "pic", "Visual", int(5.6 * inch), int(1.7 * inch), int(7.1 * inch), 5 * inch)
    slots = (
        SlotSpec("title", ("title", "ctrTitle"), True),
        SlotSpec("body", ("body", "obj"), True),
        SlotSpec("chart", ("chart", "pic", "obj", "tbl", "body"), True, area=True),
    )
    found = fit((label, title, text, visual, strip), "chart", slots, slide)
    assert found.fits and dict(found.roles) == {"title": 0, "body": 1, "chart": 2}
    lacking = fit((label, title, strip), "chart", slots, slide)
    assert not lacking.fits and any("too small" in p for p in lacking.problems)
    assert not cover_like((title, text), slide[1])
    assert cover_like((Box(0, "title", "T", 0, 3 * inch, 12 * inch, 2 * inch),), slide[1])


def test_many_unnamed_shapes_are_counted_and_named_ones_named() -> None:
    from report.outputs.pptx.drawn import Drawn, describe

    hexagons = [Drawn("", "shape", "master", Rect(i, 0, 1, 1)) for i in range(28)]
    seal, logo = (
        Drawn("Seal", "picture", "master", Rect(0, 0, 1, 1)),
        Drawn("Logo", "picture", "layout", Rect(0, 0, 1, 1)),
    )
    assert describe([seal]) == "the master's picture 'Seal' reaches"
    assert describe([seal, logo, *hexagons]) == (
        "the master's picture 'Seal' and the layout's picture 'Logo' and 28 unnamed shapes of the master reach"
    )


def test_the_templates_own_title_colour_that_does_not_read_is_warned_about(tmp_path: Path) -> None:
    """The coloured template with its titles in a red close to its burgundy: a build warns, inspect marks it."""
    from click.testing import CliRunner

    from report.cli import main
    from report.outputs.pptx.deck import chart_theme

    prs = load_template(CORPUS / "coloured-solid.pptx")
    style = prs.slide_masters[0].element.find("p:txStyles/p:titleStyle/a:lvl1pPr/a:defRPr", NS)
    for fill in style.findall("a:solidFill", NS):
        style.remove(fill)
    style.insert(0, etree.fromstring(f'<a:solidFill xmlns:a="{NS["a"]}"><a:srgbClr val="A3344A"/></a:solidFill>'))
    template = tmp_path / "faint-titles.pptx"
    prs.save(str(template))
    _theme, warnings = chart_theme(template, {}, load_theme())
    faint = [w for w in warnings if "the template's title text (#A3344A" in w]
    assert faint and all("under the 3:1 large text needs; change its colour in the slide master" in w for w in faint)
    result = CliRunner().invoke(main, ["templates", "inspect", str(template)])
    assert result.exit_code == 0 and "! the template's title text (#A3344A" in result.output
