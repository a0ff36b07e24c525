"""The template corpus (tests/templates/): every template builds, or is refused with the message that says
what is missing and how to fix it; what builds is readable as LibreOffice draws it, keeps its charts clear
of the master's pictures and gives every chart at least 12% of its slide.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from pptx import Presentation

from report.build import BuildOptions, BuildResult, build
from report.cli import main
from report.errors import TemplateError
from tests.conftest import DATA
from tests.looks import POPPLER, bare_copy, inked_words, tool_words
from tools.office import convert_to_pdf, soffice

pytestmark = pytest.mark.slow
CORPUS = Path(__file__).parent / "templates"
TEMPLATES = sorted(p.stem for p in CORPUS.glob("*.pptx"))
REFUSED = {
    "cover-only": ("no layout fits chart slides, which need a title at least", "--layout chart=NAME"),
    "no-layouts": ("the template has no slide layouts",),
}
BUILT = [name for name in TEMPLATES if name not in REFUSED]
EMU_PER_IN = 914400


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildResult | TemplateError]:
    """Every corpus template's deck, built once."""
    found: dict[str, BuildResult | TemplateError] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1790000000")
        for name in TEMPLATES:
            out = tmp_path_factory.mktemp(name)
            try:
                found[name] = build(
                    BuildOptions(DATA, out, formats=("pptx",), template=CORPUS / f"{name}.pptx", jobs=2)
                )
            except TemplateError as exc:
                found[name] = exc
    return found


def _deck(result: BuildResult | TemplateError) -> Path:
    assert isinstance(result, BuildResult), result
    return result.outputs[0].path


def test_the_corpus_has_every_hard_case_and_its_readme_names_each_file() -> None:
    assert len(TEMPLATES) >= 10
    readme = (CORPUS / "README.md").read_text(encoding="utf-8")
    for name in TEMPLATES:
        assert f"`{name}.pptx`" in readme, name
    assert "MIT" in readme and "MPL-2.0" in readme


@pytest.mark.parametrize("name", TEMPLATES)
def test_every_template_builds_or_is_refused_with_the_fix(builds: dict[str, Any], name: str) -> None:
    result = builds[name]
    if name in REFUSED:
        assert isinstance(result, TemplateError)
        message = str(result)
        assert message.startswith(str(CORPUS / f"{name}.pptx")) and "\n" not in message
        for part in REFUSED[name]:
            assert part in message
        return
    deck = Presentation(str(_deck(result)))
    assert len(deck.slides) == result.outputs[0].count >= 14
    template = Presentation(str(CORPUS / f"{name}.pptx"))
    assert (deck.slide_width, deck.slide_height) == (template.slide_width, template.slide_height)


def test_a_refused_template_gets_the_kind_the_sizes_the_candidates_and_the_fix(builds: dict[str, Any]) -> None:
    message = str(builds["cover-only"])
    assert "no layout fits chart slides, which need a title at least 5.3 × 0.5 in, a text body at least" in message
    assert "the closest are 2 'Section Header': a cover or divider layout" in message
    assert "text body 12.1 × 0.8 in is too small" in message  # a candidate, with its size
    assert "or pass --layout chart=NAME" in message


def _drawn_pictures(slide: Any) -> list[tuple[str, int, int, int, int]]:
    """The pictures the slide's layout and master draw (read straight from their XML), less backgrounds."""
    from pptx.oxml.ns import qn

    found = []
    presentation = slide.part.package.presentation_part.presentation
    width, height = presentation.slide_width, presentation.slide_height
    for owner in (slide.slide_layout, slide.slide_layout.slide_master):
        for pic in owner.element.iter(qn("p:pic")):
            off, ext = pic.find(f".//{qn('a:off')}"), pic.find(f".//{qn('a:ext')}")
            box = (int(off.get("x")), int(off.get("y")), int(ext.get("cx")), int(ext.get("cy")))
            if box[2] * box[3] < 0.5 * width * height:  # a full-bleed picture is the background
                found.append((pic.find(f".//{qn('p:cNvPr')}").get("name"), *box))
    return found


def _overlaps(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return min(a[0] + a[2], b[0] + b[2]) > max(a[0], b[0]) and min(a[1] + a[3], b[1] + b[3]) > max(a[1], b[1])


@pytest.mark.parametrize("name", BUILT)
def test_charts_and_captions_keep_clear_of_master_pictures_and_take_an_eighth_of_the_slide(
    builds: dict[str, Any], name: str
) -> None:
    deck = Presentation(str(_deck(builds[name])))
    slide_area = deck.slide_width * deck.slide_height
    charts = 0
    for number, slide in enumerate(deck.slides, 1):
        pictures = _drawn_pictures(slide)
        for shape in slide.shapes:
            if shape.is_placeholder:
                continue
            box = (shape.left, shape.top, shape.width, shape.height)
            chart = shape.shape_type == 13 and shape.name.startswith("Chart: ")
            if chart:
                charts += 1
                assert shape.width * shape.height >= 0.12 * slide_area, f"slide {number}: {shape.name} is small"
            if chart or shape.has_text_frame:  # charts, and captions and the tool's other text boxes
                clash = [p[0] for p in pictures if _overlaps(box, p[1:])]
                assert not clash, f"slide {number}: {shape.name!r} overlaps the master's {clash}"
    assert charts >= 5


def test_the_logo_template_warns_that_the_seal_costs_the_chart_area(builds: dict[str, Any]) -> None:
    warnings = builds["logo-in-content"].warnings
    chart = [w for w in warnings if "(chart slides)" in w]
    assert len(chart) == 1 and "'Seal' reaches into the chart area" in chart[0]
    cost = int(chart[0].rsplit("cost of ", 1)[1].split("%")[0])
    assert cost > 25
    assert not [w for w in warnings if "'Logo'" in w]  # beside the title, it costs less than a quarter


@pytest.mark.parametrize("name", ["dark-clrmap", "coloured-solid", "two-masters", "japanese-names"])
def test_templates_without_a_problem_build_without_a_warning(builds: dict[str, Any], name: str) -> None:
    assert builds[name].warnings == ()


def _chart_pixel(deck: Path) -> tuple[tuple[int, int, int], Any]:
    """The top-left pixel of the first chart picture, and the slide it is on."""
    import io

    from PIL import Image

    for slide in Presentation(str(deck)).slides:
        for shape in slide.shapes:
            if shape.shape_type == 13 and shape.name.startswith("Chart: "):
                with Image.open(io.BytesIO(shape.image.blob)) as image:
                    return image.convert("RGB").getpixel((2, 2)), slide
    raise AssertionError("no chart")


def test_charts_on_a_dark_slide_are_drawn_dark_on_its_own_colour(builds: dict[str, Any]) -> None:
    pixel, _slide = _chart_pixel(_deck(builds["dark-clrmap"]))
    assert max(abs(a - b) for a, b in zip(pixel, (0x0E, 0x1A, 0x2B), strict=True)) <= 2  # the master's dk1


def test_charts_on_a_picture_sit_on_a_panel_of_their_own_colour(builds: dict[str, Any]) -> None:
    from pptx.dml.color import RGBColor

    pixel, slide = _chart_pixel(_deck(builds["image-background"]))
    panels = [s for s in slide.shapes if s.name == "Panel"]
    assert len(panels) == 1 and panels[0].fill.fore_color.rgb == RGBColor(*pixel)


def test_layouts_are_chosen_by_size_whatever_their_names(builds: dict[str, Any]) -> None:
    def layouts(name: str) -> list[str]:
        return [s.slide_layout.name for s in Presentation(str(_deck(builds[name]))).slides]

    footer = layouts("footer-text")
    assert "Text with visual" in footer and "Body copy" in footer  # never a strip or a label
    assert set(layouts("japanese-names")) >= {"タイトル スライド", "2 つのコンテンツ", "タイトルとコンテンツ"}
    assert set(layouts("portuguese-names")) >= {"Slide de Título", "Duas Partes de Conteúdo"}
    two = Presentation(str(_deck(builds["two-masters"])))
    masters = {str(s.slide_layout.slide_master.part.partname) for s in two.slides}
    assert len(masters) == 2  # the cover from the first master, the content slides from the second


def test_a_huge_slide_sets_the_tools_own_type_large(builds: dict[str, Any]) -> None:
    deck = Presentation(str(_deck(builds["huge-26in"])))
    table = next(s for slide in deck.slides for s in slide.shapes if s.name == "Dashboard")
    sizes = [r.font.size.pt for row in table.table.rows for c in row.cells for p in c.text_frame.paragraphs
             for r in p.runs if r.font.size]  # fmt: skip
    assert min(sizes) >= 16  # twice the smallest the dashboard sets on a 7.5-inch slide


@pytest.mark.parametrize("name", TEMPLATES)
def test_inspect_exits_1_exactly_when_a_kind_has_no_layout(name: str) -> None:
    result = CliRunner().invoke(main, ["templates", "inspect", str(CORPUS / f"{name}.pptx")])
    assert result.exit_code == (1 if name in REFUSED else 0), result.output
    assert "layouts are: ." not in result.output
    assert "Slide kinds:" in result.output
    if name not in REFUSED:
        assert " in at (" in result.output  # placeholders with their sizes and positions


@pytest.mark.soffice
@pytest.mark.skipif(soffice() is None or not POPPLER, reason="needs LibreOffice and poppler")
@pytest.mark.parametrize("name", BUILT)
def test_every_word_the_tool_colours_reads_as_libreoffice_draws_it(builds: dict[str, Any], name: str) -> None:
    """Each word in a colour the tool chose stands at 4.5:1 (3:1 when large) against the pixels behind it."""
    deck = _deck(builds[name])
    with tempfile.TemporaryDirectory() as work:
        bare = bare_copy(deck, Path(work) / "bare.pptx")
        drawn = convert_to_pdf(deck, Path(work) / "drawn")
        empty = convert_to_pdf(bare, Path(work) / "bare")
        found = inked_words(drawn, empty, tool_words(deck))
    assert len(found) >= 150  # captions, source lines, slide numbers, tables, tiles: not a vacuous pass
    weak = [w for w in found if w.ratio < w.needed]
    lowest = min(found, key=lambda w: w.ratio)
    print(f"{name}: {len(found)} words, lowest {lowest.ratio:.2f}:1 ({lowest.text!r} on slide {lowest.page})")
    assert not weak, [f"slide {w.page} {w.text!r} {w.ratio:.2f}:1 < {w.needed}:1" for w in weak[:10]]


def test_tables_on_a_dark_slide_are_ruled_in_its_colour_not_the_table_styles_white(builds: dict[str, Any]) -> None:
    from pptx.oxml.ns import qn

    tables = [
        s for slide in Presentation(str(_deck(builds["dark-clrmap"]))).slides for s in slide.shapes if s.has_table
    ]
    assert tables
    for table in tables:
        cells = [cell for row in table.table.rows for cell in row.cells]
        edges = [cell._tc.tcPr.find(f"{qn(tag)}/{qn('a:solidFill')}/{qn('a:srgbClr')}") for cell in cells
                 for tag in ("a:lnL", "a:lnR", "a:lnT", "a:lnB")]  # fmt: skip
        assert {edge.get("val") for edge in edges} == {"0E1A2B"}  # the master's dk1, the slide's own colour


@pytest.mark.parametrize("name", ["four-three", "image-background", "huge-26in"])
def test_every_hub_slide_draws_its_neighbourhood_on_wide_and_narrow_templates(
    builds: dict[str, Any], name: str
) -> None:
    """On 16:9 the figure takes the left column; on 4:3, whose columns are too narrow for it, it stands across
    the slide under the text, the two counts side by side. Either way each hub slide has it, within the slide."""
    deck = Presentation(str(_deck(builds[name])))
    hubs = [s for s in deck.slides if any(shape.name == "Nearest heading" for shape in s.shapes)]
    assert len(hubs) == 5, name
    for slide in hubs:
        bars = [
            s
            for s in slide.shapes
            if "bar: " in s.name.lower() and s.name.split(": ")[1] in {"PCT applications", "Publications"}
        ]
        assert len(bars) == 6
        assert all(s.left >= 0 and s.left + s.width <= deck.slide_width for s in bars)
        assert all(s.top >= 0 and s.top + s.height <= deck.slide_height for s in bars)
