"""Any reasonable template: the bundled 16:9 master, a 4:3 one with other layout names, and a broken one.

Also: one theme across charts, deck and PDF, and fonts that never fall back silently.
"""

from __future__ import annotations

import re
from pathlib import Path

import pptx
import pytest
from click.testing import CliRunner
from pptx import Presentation
from pptx.util import Emu

from report.build import BuildOptions, BuildResult, build, choose_theme
from report.cli import main
from report.errors import TemplateError
from report.look.brand import template_colours_and_font, theme_from_template
from report.look.theme import Theme, load_theme
from report.paths import templates_dir
from tools.office import convert_to_pdf, soffice

pytestmark = pytest.mark.slow
STOCK_4_3 = Path(pptx.__file__).parent / "templates" / "default.pptx"
MANY_SCRIPTS = ("Zürich", "São Paulo", "Kraków", "Μόναχο", "Москва", "İzmir", "Łódź", "Ærøskøbing")


def _broken_template(target: Path) -> Path:
    """A template whose layouts have titles only: no body placeholder anywhere."""
    prs = Presentation(str(templates_dir() / "briefing.pptx"))
    for layout in prs.slide_layouts:
        for placeholder in list(layout.placeholders):
            if placeholder.placeholder_format.idx != 0:
                placeholder._element.getparent().remove(placeholder._element)
    prs.save(str(target))
    return target


@pytest.fixture(scope="module", params=["bundled", "stock-4x3"])
def template_build(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, BuildResult]:
    template = templates_dir() / "briefing.pptx" if request.param == "bundled" else STOCK_4_3
    out = tmp_path_factory.mktemp(request.param)
    return template, build(BuildOptions(data_dir=Path("data"), out_dir=out, template=template, jobs=2))


def _deck(result: BuildResult) -> Path:
    return next(o.path for o in result.outputs if o.kind == "pptx")


def test_every_slide_uses_a_layout_of_the_template(template_build: tuple[Path, BuildResult]) -> None:
    template, result = template_build
    names = {layout.name for layout in Presentation(str(template)).slide_layouts}
    deck = Presentation(str(_deck(result)))
    assert (deck.slide_width, deck.slide_height) == (
        Presentation(str(template)).slide_width,
        Presentation(str(template)).slide_height,
    )
    for slide in deck.slides:
        assert slide.slide_layout.name in names


def test_no_shape_outside_the_slide_and_pictures_keep_aspect(template_build: tuple[Path, BuildResult]) -> None:
    _template, result = template_build
    deck = Presentation(str(_deck(result)))
    width, height = deck.slide_width, deck.slide_height
    for number, slide in enumerate(deck.slides, 1):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, f"slide {number}: {shape.name}"
            assert shape.left + shape.width <= width and shape.top + shape.height <= height, (
                f"slide {number}: {shape.name} leaves the slide"
            )
            if shape.shape_type == 13:  # picture
                px_w, px_h = shape.image.size
                assert abs(Emu(shape.width) / Emu(shape.height) - px_w / px_h) < 0.005 * (px_w / px_h)


@pytest.mark.soffice
@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed (tools/install-system-packages.sh)")
def test_libreoffice_converts_each_template_deck(template_build: tuple[Path, BuildResult], tmp_path: Path) -> None:
    from pypdf import PdfReader

    _template, result = template_build
    converted = convert_to_pdf(_deck(result), tmp_path)
    slides = next(o.count for o in result.outputs if o.kind == "pptx")
    assert len(PdfReader(str(converted)).pages) == slides


def test_template_without_theme_lends_its_colours_to_the_charts(tmp_path: Path) -> None:
    result = build(BuildOptions(data_dir=Path("data"), out_dir=tmp_path, template=STOCK_4_3, formats=("pdf",)))
    assert any("Calibri" in w for w in result.warnings)  # the stock font is not at hand: said, not silent
    options = BuildOptions(data_dir=Path("data"), out_dir=tmp_path, template=STOCK_4_3)
    theme, _warnings = choose_theme(options, STOCK_4_3, templates_dir() / "theme.toml")
    assert theme.colour("primary") == "#4F81BD" and theme.colour("focus") == "#C0504D"  # accent1, accent2
    specs = _specs(theme)
    assert all("#C0504D" in s.spec_json or theme.colour("patents") in s.spec_json for s in specs)


def test_broken_template_fails_before_building_with_one_line(tmp_path: Path) -> None:
    broken = _broken_template(tmp_path / "broken.pptx")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["build", "--out", str(out), "--template", str(broken)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {broken}")
    assert "body" in lines[0] and "Chart and Text" in lines[0]  # what is missing, and which layouts it has
    assert not list(out.glob("*.p*"))


def test_inspect_shows_layouts_and_mapping() -> None:
    result = CliRunner().invoke(main, ["templates", "inspect", str(STOCK_4_3)])
    assert result.exit_code == 0
    assert "Title Slide" in result.output and "Slide kinds:" in result.output
    assert "chart" in result.output and "->" in result.output


def test_theme_file_swaps_colours_everywhere(tmp_path: Path) -> None:
    theme = tmp_path / "theme.toml"
    theme.write_text(
        (templates_dir() / "theme.toml")
        .read_text(encoding="utf-8")
        .replace('primary = "#12355B"', 'primary = "#7A1F5C"')
        .replace('focus = "#2E5EAA"', 'focus = "#1B7F3B"'),
        encoding="utf-8",
    )
    result = build(BuildOptions(data_dir=Path("data"), out_dir=tmp_path / "out", theme=theme, formats=("pdf",)))
    assert not result.warnings
    loaded = load_theme(theme)
    assert loaded.colour("primary") == "#7A1F5C"
    assert any("#1B7F3B" in s.spec_json for s in _specs(loaded))  # the data colour, in the charts
    pdf = next(o.path for o in result.outputs if o.kind == "pdf")
    rgb = " ".join(f"{int(h, 16) / 255:.6f}".lstrip("0") for h in ("7A", "1F", "5C")) + " rg"  # the headings
    from pypdf import PdfReader

    streams = "".join(page.get_contents().get_data().decode("latin-1") for page in PdfReader(str(pdf)).pages[:3])
    assert rgb in streams


def _theme_file(target: Path, fonts: str) -> Path:
    """The shipped theme with its [fonts] keys before the font files (family, directory...) replaced by ``fonts``."""
    text = (templates_dir() / "theme.toml").read_text(encoding="utf-8")
    head, rest = text.split("[fonts]\n", 1)
    target.write_text(head + "[fonts]\n" + fonts + "\n" + rest[rest.index("regular =") :], encoding="utf-8")
    return target


def test_the_deck_names_the_office_family_the_theme_gives_or_implies(tmp_path: Path) -> None:
    assert load_theme().office_family == "Arial"
    for fonts, office in (
        ('family = "Liberation Sans"', "Arial"),  # no office_family: the free face's Office twin
        ('family = "liberation sans"', "Arial"),
        ('family = "House Sans"', "House Sans"),  # no known twin: the deck names the family itself
        ('family = "Liberation Sans"\noffice_family = "Helvetica"', "Helvetica"),
    ):
        theme = load_theme(_theme_file(tmp_path / "theme.toml", fonts))
        assert theme.office_family == office, fonts
        assert theme.font_files == load_theme().font_files
    with pytest.raises(TemplateError, match=r"\[fonts\] office_family = ''"):
        load_theme(_theme_file(tmp_path / "theme.toml", 'family = "Liberation Sans"\noffice_family = ""'))


def test_the_bundled_master_names_the_office_family_and_lends_it_without_a_warning() -> None:
    template = templates_dir() / "briefing.pptx"
    base = load_theme()
    assert template_colours_and_font(template)[1] == base.office_family
    theme, warnings = theme_from_template(template, base)
    assert warnings == ()
    assert (theme.font_family, theme.office_family, theme.font_files) == (
        base.font_family,
        base.office_family,
        base.font_files,
    )


def test_a_template_font_is_drawn_with_its_free_metric_twin_when_a_font_folder_has_it(tmp_path: Path) -> None:
    """The stock template names Calibri; a folder with Carlito (here: Liberation files renamed) supplies it."""
    from fontTools.ttLib import TTFont

    base = load_theme()
    theme, warnings = theme_from_template(STOCK_4_3, base)
    assert theme.office_family == "Calibri" and theme.font_files == base.font_files
    assert len(warnings) == 1 and "'Calibri'" in warnings[0] and "Carlito" in warnings[0]
    folder = tmp_path / "fonts-carlito"
    folder.mkdir()
    for key, path in base.font_files.items():
        with TTFont(str(path)) as font:
            for record in font["name"].names:
                if record.nameID in (1, 16):
                    record.string = "Carlito"
            font.save(str(folder / f"Carlito-{key}.ttf"))
    with_folder = _theme_file(tmp_path / "theme.toml", 'family = "Liberation Sans"\ndirectory = "fonts-carlito"')
    theme, warnings = theme_from_template(STOCK_4_3, load_theme(with_folder))
    assert warnings == ()
    assert (theme.font_family, theme.office_family) == ("Carlito", "Calibri")
    assert theme.font_files == {key: folder / f"Carlito-{key}.ttf" for key in ("regular", "bold", "italic")}


def _specs(theme: Theme) -> tuple:
    from report.content import Content
    from report.data import load_briefing
    from report.story import full_story
    from report.words.narrative import write_narrative

    briefing = load_briefing(Path("data"))
    narrative = write_narrative(briefing, templates_dir() / "prose.toml", "1 January 2026")
    return full_story(Content(briefing, narrative, theme, "1 January 2026")).chart_specs()


def test_many_scripts_have_every_glyph_so_the_chain_adds_nothing() -> None:
    from report.data import DataText
    from report.look.faces import Face
    from report.look.fontchain import coverage, resolve_chain

    theme = load_theme()
    for key, font in theme.font_files.items():
        assert all(ord(ch) in coverage(Face(font)) for text in MANY_SCRIPTS for ch in text), key
    chain = resolve_chain(theme, [DataText(text, "clusters.csv", 2, "cluster") for text in MANY_SCRIPTS])
    assert (chain.fallbacks, chain.missing, chain.queries, chain.digest) == ((), (), (), "")


def test_many_script_names_reach_pdf_and_deck_verbatim(data_copy: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from tests.readers import deck_text, pdf_text, squash

    clusters = data_copy / "clusters.csv"
    text = clusters.read_text(encoding="utf-8")
    for old, new in zip(("Tokyo–Yokohama", "Seoul", "Beijing"), ("Zürich–Kraków", "Μόναχο", "Москва"), strict=True):
        text = text.replace(f",{old},", f",{new},")
    clusters.write_text(text, encoding="utf-8")
    facts = data_copy / "facts.csv"
    facts_text = facts.read_text(encoding="utf-8")
    for old, new in (("Tokyo–Yokohama,", "Zürich–Kraków,"), ("Seoul,", "Μόναχο,"), ("Beijing,", "Москва,")):
        facts_text = facts_text.replace(old, new)
    facts.write_text(facts_text, encoding="utf-8")
    result = build(BuildOptions(data_dir=data_copy, out_dir=tmp_path))
    assert not [w for w in result.warnings if "lacks" in w]
    pdf = next(o.path for o in result.outputs if o.kind == "pdf")
    extracted = squash(pdf_text(pdf))
    deck = deck_text(next(o.path for o in result.outputs if o.kind == "pptx"))
    for name in ("Zürich–Kraków", "Μόναχο", "Москва"):
        assert name in extracted and name in deck
    fonts = set()
    for page in PdfReader(str(pdf)).pages:
        for font in (page.get("/Resources", {}).get("/Font", {}) or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all(re.fullmatch(r"/[A-Z]{6}\+LiberationSans(-Bold|-Italic)?", f) for f in fonts), fonts
