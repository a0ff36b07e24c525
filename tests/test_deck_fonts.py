"""The deck draws in the face it was measured with: it names Arial, and LibreOffice draws the bundled Liberation Sans.

The machine may have Liberation Sans installed system-wide (LibreOffice often pulls it in). Those copies are
hidden from LibreOffice here, so Liberation Sans in its PDF can only come from the bundled files, registered
the way a user installs fonts (tools/office.py); a control conversion without them shows the test can fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest

from report.build import BuildOptions, build
from report.look.theme import load_theme
from report.outputs.pptx.shapes import THEME_BODY_FONT
from report.paths import BUNDLED_FONTS
from tools.office import convert_to_pdf, fontconfig_env, soffice

pytestmark = pytest.mark.slow
BULLETS = frozenset("•–")  # the master's bullet characters, which LibreOffice draws with its own OpenSymbol
needs_fontconfig = pytest.mark.skipif(
    shutil.which("fc-list") is None or shutil.which("fc-match") is None,
    reason="fontconfig's fc-list and fc-match are not installed (tools/install-system-packages.sh)",
)
needs_soffice = pytest.mark.skipif(
    soffice() is None or shutil.which("pdffonts") is None,
    reason="LibreOffice or pdffonts (poppler-utils) is not installed (tools/install-system-packages.sh)",
)


@pytest.fixture(scope="module")
def deck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("deck-fonts")
    result = build(BuildOptions(data_dir=Path("data"), out_dir=out, formats=("pptx",), jobs=2))
    return next(o.path for o in result.outputs if o.kind == "pptx")


@pytest.fixture(scope="module")
def system_copies() -> tuple[Path, ...]:
    """Files of the bundled family that the system's own fontconfig finds outside the package."""
    env = {k: v for k, v in os.environ.items() if k != "FONTCONFIG_FILE"}
    family = load_theme().font_family
    listed = subprocess.run(
        ["fc-list", "-f", "%{file}\n", family], capture_output=True, text=True, env=env, check=True
    ).stdout.splitlines()
    return tuple(Path(f) for f in listed if Path(f).resolve().parent != BUNDLED_FONTS.resolve())


def _resolved(work: Path, pattern: str, hidden: tuple[Path, ...]) -> Path:
    env = fontconfig_env(work, BUNDLED_FONTS, hidden)
    done = subprocess.run(["fc-match", "-f", "%{file}", pattern], capture_output=True, text=True, env=env, check=True)
    return Path(done.stdout)


def _pdffonts(pdf: Path) -> list[str]:
    """Base font names as pdffonts lists them, without the subset prefix (ABCDEF+)."""
    lines = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()
    return [line.split()[0].split("+", 1)[-1] for line in lines[2:] if line.strip()]


def _characters_by_font(pdf: Path) -> dict[str, set[str]]:
    """The visible characters each font draws, as pypdf reads the text back."""
    from pypdf import PdfReader

    drawn: dict[str, set[str]] = defaultdict(set)

    def visit(text: str, _cm: object, _tm: object, font: dict | None, _size: float) -> None:
        if font is not None:
            drawn[str(font["/BaseFont"]).split("+", 1)[-1]].update(c for c in text if not c.isspace())

    for page in PdfReader(str(pdf)).pages:
        page.extract_text(visitor_text=visit)
    return drawn


def test_theme_names_arial_and_draws_with_its_bundled_metric_twin() -> None:
    from fontTools.ttLib import TTFont

    theme = load_theme()
    assert (theme.office_family, theme.font_family) == ("Arial", "Liberation Sans")
    for key, path in theme.font_files.items():
        assert path.parent == BUNDLED_FONTS, key
        with TTFont(str(path), lazy=True) as font:
            assert font["name"].getDebugName(1) == "Liberation Sans", path
    assert (BUNDLED_FONTS / "OFL.txt").read_text(encoding="utf-8").count("SIL OPEN FONT LICENSE Version 1.1") == 1


def test_the_deck_names_the_office_family_and_its_own_text_boxes_follow_the_template(deck: Path) -> None:
    """Captions sit in text boxes of our own: they take the template's body font, never a hard-coded name."""
    from pptx import Presentation
    from pptx.opc.constants import RELATIONSHIP_TYPE as RT
    from pptx.oxml.ns import qn

    prs = Presentation(str(deck))
    theme_xml = prs.slide_master.part.part_related_by(RT.THEME).blob
    fonts = re.findall(rb'<a:(major|minor)Font><a:latin typeface="([^"]*)"', theme_xml)
    assert {(kind.decode(), face.decode()) for kind, face in fonts} == {
        ("major", load_theme().office_family),
        ("minor", load_theme().office_family),
    }
    own_runs = 0
    for slide in prs.slides:
        for latin in slide.element.iter(qn("a:latin")):
            assert latin.get("typeface", "").startswith("+"), latin.get("typeface")  # a theme font reference
        for shape in slide.shapes:
            if shape.element.find(f"{qn('p:nvSpPr')}/{qn('p:cNvSpPr')}[@txBox='1']") is None:
                continue
            for run in (r for p in shape.text_frame.paragraphs for r in p.runs):
                assert run.font.name == THEME_BODY_FONT, (shape.name, run.text)
                own_runs += 1
    assert own_runs > 0  # the deck has captions to check


@needs_fontconfig
def test_fontconfig_resolves_arial_to_the_bundled_files(system_copies: tuple[Path, ...], tmp_path: Path) -> None:
    """The metric alias at work: asked for Arial, fontconfig answers with the bundled Liberation Sans."""
    files = load_theme().font_files
    assert _resolved(tmp_path, "Arial", system_copies) == files["regular"]
    assert _resolved(tmp_path, "Arial:bold", system_copies) == files["bold"]
    assert _resolved(tmp_path, "Arial:italic", system_copies) == files["italic"]


@pytest.mark.soffice
@needs_soffice
@needs_fontconfig
def test_libreoffice_draws_the_deck_in_the_bundled_liberation_sans(
    deck: Path, system_copies: tuple[Path, ...], tmp_path: Path
) -> None:
    converted = convert_to_pdf(deck, tmp_path / "bundled", hidden=system_copies)
    faces = _pdffonts(converted)
    assert not [f for f in faces if "dejavu" in f.lower()], faces
    bullets_only = {name for name, chars in _characters_by_font(converted).items() if chars <= BULLETS}
    assert set(faces) - bullets_only == {"LiberationSans", "LiberationSans-Bold"}, faces


@pytest.mark.soffice
@needs_soffice
@needs_fontconfig
def test_without_the_bundled_fonts_libreoffice_draws_another_face(
    deck: Path, system_copies: tuple[Path, ...], tmp_path: Path
) -> None:
    """The control: with the bundled folder left out, no Liberation Sans reaches the PDF, so it came from there."""
    converted = convert_to_pdf(deck, tmp_path / "bare", font_dir=None, hidden=system_copies)
    faces = _pdffonts(converted)
    assert faces and not [f for f in faces if f.startswith("LiberationSans")], faces
