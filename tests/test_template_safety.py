"""Hostile templates, made at test time from the shipped master: each is refused with exit 2 and one line, or
yields a deck with no macro, OLE object or non-web link, well-formed throughout, in under 600 MB."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation

from report.errors import TemplateError
from report.limits import MAX_TEMPLATE_FILE_BYTES, MAX_TEMPLATE_PART_BYTES
from report.outputs.pptx.clean import clean_parts
from report.outputs.pptx.vet import vet_template
from tests import hostile
from tools.office import convert_to_pdf, soffice

ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000", "PYTHONWARNINGS": "ignore"}
PEAK_RSS_MB = 600
# Runs a command and prints, on its last line of stderr, the peak RSS in kB of the largest process it waited for.
MEASURED = (
    "import resource, subprocess, sys; done = subprocess.run(sys.argv[1:]); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(done.returncode)"
)
SAFE_PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True)


def _build(template: Path, out: Path, *extra: str) -> tuple[subprocess.CompletedProcess[str], float]:
    """`report build --template` in a subprocess; its result and peak RSS in MB."""
    command = [sys.executable, "-m", "report", "build", "--template", str(template), "--out", str(out), *extra]
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, *command], capture_output=True, text=True, env=ENV, timeout=600
    )
    *lines, peak = done.stderr.rstrip("\n").split("\n")
    return subprocess.CompletedProcess(done.args, done.returncode, done.stdout, "\n".join(lines)), int(peak) / 1024


def _refused(result: subprocess.CompletedProcess[str], *phrases: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if not line.startswith("…")]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for phrase in phrases:
        assert phrase in lines[0], lines[0]


@pytest.mark.slow
def test_a_two_gigabyte_zip_bomb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    bomb = hostile.zip_bomb(tmp_path / "bomb.pptx")
    assert bomb.stat().st_size < 10 * 2**20  # a few MB on disk
    result, peak = _build(bomb, tmp_path / "out", "--format", "pptx")
    _refused(result, "ppt/media/image1.png", f"more than the {MAX_TEMPLATE_PART_BYTES // 2**20} MB")
    assert peak < PEAK_RSS_MB
    assert not (tmp_path / "out" / "gii2023-top-hubs.pptx").exists()


@pytest.mark.slow
def test_a_template_file_over_the_limit_is_refused_before_it_is_read(tmp_path: Path) -> None:
    huge = tmp_path / "huge.pptx"
    with huge.open("wb") as handle:
        handle.truncate(MAX_TEMPLATE_FILE_BYTES + 1)  # sparse: no disk or memory spent
    result, peak = _build(huge, tmp_path / "out", "--format", "pptx")
    _refused(result, str(huge), f"larger than the {MAX_TEMPLATE_FILE_BYTES // 2**20} MB")
    assert peak < 100


@pytest.mark.parametrize(
    ("maker", "phrases"),
    [
        (hostile.many_parts, ("parts, more than the 1,000",)),
        (hostile.packed_tight, ("ppt/media/unused.bin", "to 1", "zip bomb")),
        (hostile.entity_in_layout_name, (hostile.LAYOUT, "DOCTYPE")),
        (hostile.doctype_in("[Content_Types].xml"), ("[Content_Types].xml", "DOCTYPE")),
        (hostile.doctype_in("ppt/theme/theme1.xml"), ("ppt/theme/theme1.xml", "DOCTYPE")),
        (hostile.doctype_in(hostile.MASTER_RELS), (hostile.MASTER_RELS, "DOCTYPE")),
        (hostile.doctype_in("ppt/tableStyles.xml"), ("ppt/tableStyles.xml", "DOCTYPE")),
        (hostile.undefined_entity_in(hostile.LAYOUT), (hostile.LAYOUT, "not well-formed", "nowhere")),
        (hostile.undefined_entity_in("ppt/theme/theme1.xml"), ("ppt/theme/theme1.xml", "not well-formed")),
        (hostile.cut_short("ppt/theme/theme1.xml"), ("ppt/theme/theme1.xml", "not well-formed")),
        (hostile.theme_above_root, ("links to '../../../../theme/theme1.xml', outside the package",)),
    ],
    ids=lambda value: getattr(value, "__qualname__", "").split(".")[0] or None,
)
def test_a_hostile_template_is_refused_naming_the_part(
    tmp_path: Path, maker: hostile.Edit, phrases: tuple[str]
) -> None:
    template = hostile.edited(tmp_path / "hostile.pptx", maker)
    with pytest.raises(TemplateError) as caught:
        vet_template(template)
    message = str(caught.value)
    assert message.startswith(str(template)) and "\n" not in message
    for phrase in phrases:
        assert phrase in message, message


@pytest.mark.slow
@pytest.mark.parametrize("flags", [(), ("--theme", "templates/theme.toml")], ids=["template-theme", "own-theme"])
def test_the_cli_refuses_hostile_templates_in_one_line(tmp_path: Path, flags: tuple[str, ...]) -> None:
    """Through the command line, with and without --theme (brand.py reads the theme only without it)."""
    for number, (maker, phrase) in enumerate(
        [
            (hostile.entity_in_layout_name, "DOCTYPE"),
            (hostile.cut_short("ppt/theme/theme1.xml"), "not well-formed"),
            (hostile.theme_above_root, "outside the package"),
        ]
    ):
        template = hostile.edited(tmp_path / f"t{number}.pptx", maker)
        result, peak = _build(template, tmp_path / "out", "--format", "pptx", *flags)
        _refused(result, str(template), phrase)
        assert peak < PEAK_RSS_MB
    assert not list((tmp_path / "out").glob("*.pptx"))


def test_a_zip_whose_sizes_lie_is_refused(tmp_path: Path) -> None:
    liar = hostile.lying_sizes(tmp_path / "liar.pptx")
    with pytest.raises(TemplateError, match=r"not a PowerPoint file \(Bad CRC-32 for file 'ppt/media/image9.png'\)"):
        vet_template(liar)


def test_templates_inspect_refuses_in_one_line(tmp_path: Path) -> None:
    template = hostile.edited(tmp_path / "entity.pptx", hostile.entity_in_layout_name)
    result = subprocess.run(
        [sys.executable, "-m", "report", "templates", "inspect", str(template)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
    )
    _refused(result, "DOCTYPE", hostile.LAYOUT)


@pytest.fixture(scope="module")
def active_build(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], float, Path]:
    """One build on the master carrying every kind of active content at once."""
    folder = tmp_path_factory.mktemp("active")
    template = hostile.edited(folder / "active.pptx", *hostile.ACTIVE_CONTENT)
    result, peak = _build(template, folder / "out", "--format", "pptx", "--jobs", "2")
    return result, peak, folder / "out" / "gii2023-top-hubs.pptx"


@pytest.mark.slow
def test_active_content_is_dropped_with_one_warning_naming_it(
    active_build: tuple[subprocess.CompletedProcess[str], float, Path],
) -> None:
    result, peak, _deck = active_build
    assert result.returncode == 0, result.stderr
    assert peak < PEAK_RSS_MB
    warnings = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1, result.stderr
    for phrase in (
        "a VBA macro project (ppt/vbaProject.bin)",
        "an embedded OLE object (ppt/embeddings/oleObject1.bin)",
        "'file://fileserver/share/logo.png'",
        "'javascript:alert(document.cookie)'",
        "'file:///C:/Windows/System32/calc.exe'",
    ):
        assert phrase in warnings[0]


@pytest.mark.slow
def test_the_cleaned_deck_carries_no_active_content_and_is_well_formed(
    active_build: tuple[subprocess.CompletedProcess[str], float, Path],
) -> None:
    result, _peak, deck = active_build
    assert result.returncode == 0, result.stderr
    with zipfile.ZipFile(deck) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    assert not [n for n in parts if re.search(r"vba|embeddings|oleObject|activeX", n, re.IGNORECASE)]
    types = parts["[Content_Types].xml"].decode()
    assert "macroEnabled" not in types and "vbaProject" not in types and "oleObject" not in types
    assert hostile.PRESENTATION_MAIN in types
    external = []
    for name, data in parts.items():
        if name.endswith((".xml", ".rels")):
            root = etree.fromstring(data, SAFE_PARSER)  # well formed, and no DOCTYPE
            assert not root.getroottree().docinfo.doctype, name
            assert b"oleObj" not in data and b"ppaction://program" not in data, name
            if name.endswith(".rels"):
                external += [(name, r.get("Type"), r.get("Target")) for r in root if r.get("TargetMode") == "External"]
    assert external, "the deck's own source links are external hyperlinks"
    for name, kind, target in external:
        assert name.startswith("ppt/slides/_rels/") and kind.endswith("/hyperlink"), (name, kind)
        assert target.startswith(("http://", "https://")), target
    prs = Presentation(str(deck))  # python-pptx reopens it, every slide the build counted
    (wrote,) = [line for line in result.stdout.splitlines() if line.startswith("wrote") and "slides" in line]
    assert f"  {len(prs.slides)} slides" in wrote
    assert clean_parts(parts, "the built deck").dropped == ()  # nothing left that cleaning would drop


@pytest.mark.slow
def test_libreoffice_opens_the_cleaned_deck(
    active_build: tuple[subprocess.CompletedProcess[str], float, Path], tmp_path: Path
) -> None:
    if soffice() is None:
        pytest.skip("LibreOffice (soffice) is not installed; tools/install-system-packages.sh installs it")
    _result, _peak, deck = active_build
    pdf = convert_to_pdf(deck, tmp_path)
    assert pdf.stat().st_size > 10_000


def test_the_shipped_master_passes_untouched() -> None:
    vetted = vet_template(hostile.MASTER)
    assert vetted.dropped == () and vetted.warning() is None
    with vetted.parts() as parts:
        assert dict(parts) == hostile.master_parts()  # every part kept, byte for byte


def _large_pictures(parts: dict[str, bytes]) -> None:
    """Two incompressible 20 MB pictures on the master: a template just inside the limits."""
    for number in range(2):
        parts[f"ppt/media/large{number}.png"] = os.urandom(20 * 2**20)
        hostile.add_rel(
            parts, hostile.MASTER_RELS, f"rIdLarge{number}", f"{hostile.R_TYPES}/image", f"../media/large{number}.png"
        )
        hostile.add_shape(
            parts,
            hostile.MASTER_PART,
            f'<p:pic><p:nvPicPr><p:cNvPr id="{95 + number}" name="Large"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
            f'<p:blipFill><a:blip r:embed="rIdLarge{number}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
            '<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm>'
            '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>',
        )
    hostile.add_content_type(parts, '<Default Extension="png" ContentType="image/png"/>')


@pytest.mark.slow
def test_a_template_inside_the_limits_builds_hub_decks_in_under_600_mb(tmp_path: Path) -> None:
    template = hostile.edited(tmp_path / "large.pptx", _large_pictures)
    result, peak = _build(template, tmp_path / "out", "--format", "pptx", "--per-hub", "--top", "3", "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert "warning" not in result.stderr
    assert peak < PEAK_RSS_MB, f"peak RSS {peak:.0f} MB"
    with zipfile.ZipFile(tmp_path / "out" / "hubs" / "seoul.pptx") as deck:
        assert deck.getinfo("ppt/media/large1.png").file_size == 20 * 2**20  # the brand's pictures are kept
