"""--layout KIND=NAME (and [layouts] in a theme file), and a --theme that sets only fonts or sizes while a
--template lends its colours."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.oxml.ns import qn

from report.build import BuildOptions, build, choose_theme
from report.cli import main
from report.look.brand import theme_from_template
from report.look.theme import load_theme
from report.outputs.pptx.slides import WIDE
from report.paths import templates_dir
from tests.conftest import DATA

pytestmark = pytest.mark.slow
CORPUS = Path(__file__).parent / "templates"
STOCK = CORPUS / "python-pptx-default.pptx"


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("layouts")  # one folder: the chart cache is shared


def _chart_layouts(deck: Path) -> set[str]:
    prs = Presentation(str(deck))
    return {  # the chart slides' layouts (the map, too wide to share a slide with text, is on the table's)
        s.slide_layout.name
        for s in prs.slides
        if any(x.name.startswith("Chart: ") and x.width <= WIDE * x.height for x in s.shapes)
    }


def test_layout_names_the_layout_a_kind_is_built_on(out: Path) -> None:
    options = BuildOptions(DATA, out / "a", formats=("pptx",), template=STOCK, jobs=2)
    first = build(options)
    assert _chart_layouts(first.outputs[0].path) == {"Two Content"}  # the closest fit
    chosen = build(BuildOptions(DATA, out / "a", formats=("pptx",), template=STOCK, jobs=2, layouts=("chart=5",)))
    assert not chosen.up_to_date  # the choice is part of what the deck depends on
    assert _chart_layouts(chosen.outputs[0].path) == {"Comparison"}  # layout 5, as inspect numbers them


def test_a_theme_file_can_name_layouts_and_nothing_else(out: Path, tmp_path: Path) -> None:
    theme = tmp_path / "layouts.toml"
    theme.write_text('[layouts]\nchart = "comparison"\n', encoding="utf-8")
    result = build(BuildOptions(DATA, out / "b", formats=("pptx",), template=STOCK, theme=theme, jobs=2))
    assert _chart_layouts(result.outputs[0].path) == {"Comparison"}


@pytest.mark.parametrize(
    ("flag", "expected"),
    [
        ("chart=Title and Content", "--layout chart=Title and Content: layout 2 'Title and Content' cannot hold "
         "chart slides: no placeholder for the chart area"),
        ("chart=Nope", "--layout chart=Nope: the template has no layout of that name or number; its layouts are: "
         "1 'Title Slide', 2 'Title and Content'"),
        ("pie=Title Only", "--layout pie=…: there is no slide kind 'pie'; the kinds are title, chart"),
        ("chart", "--layout chart: expected KIND=NAME, e.g. --layout 'chart=Body copy'"),
    ],
)  # fmt: skip
def test_a_bad_layout_choice_is_one_line_and_exit_2(out: Path, flag: str, expected: str) -> None:
    code, output = _cli("build", "--out", str(out / "bad"), "--template", str(STOCK), "--layout", flag)
    assert code == 2
    lines = output.strip().splitlines()
    assert lines[-1].startswith("error: ") and expected in lines[-1], output
    assert not (out / "bad").exists() or not list((out / "bad").glob("*.p*"))


def test_a_name_two_masters_share_must_be_given_by_number() -> None:
    code, output = _cli(
        "templates", "inspect", str(CORPUS / "libreoffice-beehive.pptx"), "--layout", "title=Title Slide"
    )
    assert code == 1
    assert "--layout title=Title Slide: layouts 2 and 14 have that name; name one by its number" in output
    code, output = _cli("templates", "inspect", str(CORPUS / "libreoffice-beehive.pptx"), "--layout", "title=14")
    assert code == 0 and "title        -> 14 Title Slide (named with --layout title" in output


def test_inspect_marks_problems_and_shows_the_masters() -> None:
    code, output = _cli("templates", "inspect", str(CORPUS / "logo-in-content.pptx"))
    assert code == 0
    assert "! the master's picture 'Seal' reaches into the chart area; the chart keeps clear of it" in output
    code, output = _cli("templates", "inspect", str(CORPUS / "two-masters.pptx"))
    assert "2 slide masters" in output and "(master 2; background: the master's solid #F4F6F8)" in output
    code, output = _cli("templates", "inspect", str(CORPUS / "dark-clrmap.pptx"))
    assert "through the colour map's bg1 = dk1; content on dark #0E1A2B" in output


def _theme(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "theme.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_theme_of_fonts_only_keeps_the_templates_colours(tmp_path: Path) -> None:
    template = CORPUS / "dark-clrmap.pptx"
    fonts = (templates_dir() / "theme.toml").read_text(encoding="utf-8").split("[fonts]", 1)[1].split("[sizes]")[0]
    theme_file = _theme(tmp_path, "[fonts]" + fonts)
    options = BuildOptions(DATA, tmp_path, template=template, theme=theme_file)
    theme, warnings = choose_theme(options, template, theme_file)
    lent, _ = theme_from_template(template, load_theme())
    assert theme.colours == lent.colours and theme.colour("primary") != load_theme().colour("primary")
    assert theme.font_files == load_theme().font_files and warnings == ()


def test_a_theme_of_sizes_only_and_one_colour_keeps_the_rest_of_the_templates(tmp_path: Path) -> None:
    template = CORPUS / "coloured-solid.pptx"
    theme_file = _theme(tmp_path, '[sizes]\ndeck_body = 20\n\n[palette]\nfocus = "#123456"\n')
    options = BuildOptions(DATA, tmp_path, template=template, theme=theme_file)
    theme, _ = choose_theme(options, template, theme_file)
    lent, _ = theme_from_template(template, load_theme())
    assert theme.size("deck_body") == 20 and theme.size("deck_title") == load_theme().size("deck_title")
    assert theme.colour("focus") == "#123456"
    assert {k: v for k, v in theme.colours.items() if k != "focus"} == {
        k: v for k, v in lent.colours.items() if k != "focus"
    }


def _caption_faces(deck: Path) -> set[str]:
    faces = set()
    for slide in Presentation(str(deck)).slides:
        for shape in slide.shapes:
            if shape.is_placeholder or not shape.has_text_frame:
                continue
            for latin in shape.element.iter(qn("a:latin")):
                faces.add(latin.get("typeface"))
    return faces


def test_captions_take_the_templates_body_face_unless_the_theme_names_one(out: Path, tmp_path: Path) -> None:
    plain = build(BuildOptions(DATA, out / "c", formats=("pptx",), template=STOCK, jobs=2))
    assert _caption_faces(plain.outputs[0].path) == {"+mn-lt"}
    theme = _theme(tmp_path, (templates_dir() / "theme.toml").read_text(encoding="utf-8").replace(
        'office_family = "Arial"', 'office_family = "Georgia"'))  # fmt: skip
    named = build(BuildOptions(DATA, out / "d", formats=("pptx",), template=STOCK, theme=theme, jobs=2))
    assert _caption_faces(named.outputs[0].path) == {"Georgia"}


def _house_sans(folder: Path) -> Path:
    """Liberation Sans renamed "House Sans": a face the template names and only a theme's folder holds."""
    from fontTools.ttLib import TTFont

    folder.mkdir()
    for path in (Path(__file__).parents[1] / "report" / "fonts").glob("*.ttf"):
        font = TTFont(str(path))
        for record in font["name"].names:
            if record.nameID in (1, 4, 16):
                record.string = str(record).replace("Liberation Sans", "House Sans")
        font.save(str(folder / path.name.replace("Liberation", "House")))
    return folder


def _template_naming(face: str, target: Path) -> Path:
    """The dark corpus template with ``face`` as its theme's body font."""
    import zipfile

    with zipfile.ZipFile(CORPUS / "dark-clrmap.pptx") as source, zipfile.ZipFile(target, "w") as copy:
        for item in source.infolist():
            data = source.read(item)
            if item.filename.startswith("ppt/theme/"):
                data = data.replace(
                    b'<a:minorFont><a:latin typeface="Arial"', f'<a:minorFont><a:latin typeface="{face}"'.encode()
                )
            copy.writestr(item, data)
    return target


def test_a_theme_of_only_a_font_folder_finds_the_templates_face_there(tmp_path: Path) -> None:
    template = _template_naming("House Sans", tmp_path / "house.pptx")
    _house_sans(tmp_path / "house-fonts")
    folder_only = _theme(tmp_path, '[fonts]\ndirectory = "house-fonts"\n')
    theme, warnings = theme_from_template(template, load_theme(folder_only))
    assert warnings == () and (theme.font_family, theme.office_family) == ("House Sans", "House Sans")
    assert {p.parent.name for p in theme.font_files.values()} == {"house-fonts"}
    assert theme.colour("primary") != load_theme().colour("primary")  # the template's colours still
    named = _theme(tmp_path, '[fonts]\ndirectory = "house-fonts"\nfamily = "Liberation Sans"\n'
                   'office_family = "Arial"\nregular = "LiberationSans-Regular.ttf"\nbold = "LiberationSans-Bold.ttf"\n'
                   'italic = "LiberationSans-Italic.ttf"\n')  # fmt: skip
    theme, warnings = theme_from_template(template, load_theme(named))  # the theme names the deck's face
    assert warnings == () and (theme.font_family, theme.office_family) == ("Liberation Sans", "Arial")
