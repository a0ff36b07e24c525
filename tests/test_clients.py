"""Real clients open every output: qpdf, pypdf, pypdfium2, python-pptx, the zip and XML layers, LibreOffice.

A build also makes no network access, and nothing in the data can write outside the output folder.
"""

from __future__ import annotations

import shutil
import socket
import subprocess
import zipfile
from pathlib import Path, PurePosixPath

import pytest
from lxml import etree

from report.build import BuildOptions, BuildResult, build
from tools.office import convert_to_pdf, soffice

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    out = tmp_path_factory.mktemp("clients") / "out"
    return build(BuildOptions(data_dir=Path("data"), out_dir=out, jobs=2))


def _path(built: BuildResult, kind: str) -> Path:
    return next(o.path for o in built.outputs if o.kind == kind)


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed (tools/install-system-packages.sh)")
def test_qpdf_check_passes(built: BuildResult) -> None:
    done = subprocess.run(["qpdf", "--check", str(_path(built, "pdf"))], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No syntax or stream encoding errors found" in done.stdout


def test_pypdf_and_pdfium_read_and_render_every_page(built: BuildResult) -> None:
    import pypdfium2 as pdfium
    from pypdf import PdfReader

    pdf = _path(built, "pdf")
    reader = PdfReader(str(pdf))
    pages = next(o.count for o in built.outputs if o.kind == "pdf")
    assert len(reader.pages) == pages
    document = pdfium.PdfDocument(str(pdf))
    try:
        assert len(document) == pages
        for index in range(pages):
            image = document[index].render(scale=0.4).to_pil().convert("L")
            dark = sum(image.histogram()[:200])
            assert dark > 500, f"page {index + 1} looks blank"
    finally:
        document.close()


def test_pptx_zip_is_clean(built: BuildResult) -> None:
    deck = _path(built, "pptx")
    with zipfile.ZipFile(deck) as archive:
        names = archive.namelist()
        assert len(names) == len(set(names)), "duplicate zip entries make PowerPoint ask to repair"
        assert archive.testzip() is None
        for name in names:
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name))  # raises on malformed XML
        for name in (n for n in names if n.endswith(".rels")):
            rels = etree.fromstring(archive.read(name))
            source_dir = PurePosixPath(name).parent.parent
            for rel in rels:
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target", "")
                resolved = (
                    (PurePosixPath("/") / source_dir / target) if not target.startswith("/") else PurePosixPath(target)
                )
                normal = str(PurePosixPath(*[p for p in _normalise(resolved.parts)]))
                assert normal.lstrip("/") in names, f"{name} points at missing {target}"


def _normalise(parts: tuple[str, ...]) -> list[str]:
    stack: list[str] = []
    for part in parts:
        if part == "..":
            stack.pop()
        elif part not in (".", "/"):
            stack.append(part)
    return stack


def test_python_pptx_opens_the_deck(built: BuildResult) -> None:
    from pptx import Presentation

    deck = Presentation(str(_path(built, "pptx")))
    assert len(deck.slides) == next(o.count for o in built.outputs if o.kind == "pptx")


@pytest.mark.soffice
@pytest.mark.skipif(soffice() is None, reason="LibreOffice is not installed (tools/install-system-packages.sh)")
def test_libreoffice_converts_the_deck(built: BuildResult, tmp_path: Path) -> None:
    from pypdf import PdfReader

    converted = convert_to_pdf(_path(built, "pptx"), tmp_path)
    slides = next(o.count for o in built.outputs if o.kind == "pptx")
    assert len(PdfReader(str(converted)).pages) == slides


def test_build_makes_no_network_access(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the build tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    result = build(BuildOptions(data_dir=Path("data"), out_dir=tmp_path / "out", jobs=1))
    assert all(o.path.parent == tmp_path / "out" for o in result.outputs)
