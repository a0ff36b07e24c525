"""Tagging small documents: how flowables get their roles, what an undeclared one does, the pdfa.py helpers."""

from __future__ import annotations

import io
import zlib
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from reportlab.lib.pagesizes import A6
from reportlab.platypus import BaseDocTemplate, Flowable, PageTemplate, Paragraph

from report.look.theme import load_theme
from report.outputs.pdf.archive import finish_pdf
from report.outputs.pdf.check import tag_problems
from report.outputs.pdf.marking import TaggedFrame, TaggingCanvas
from report.outputs.pdf.pdfa import _first_row_variants, guard_stream_ends, xmp_date
from report.outputs.pdf.styles import Styles, make_styles
from report.outputs.pdf.tags import ARTIFACT, Tag, figure, language_of, tagged


@pytest.fixture(scope="module")
def styles() -> Styles:
    styles = make_styles(load_theme())
    Gauge.font = styles.family  # the theme's family, registered by make_styles
    return styles


class Gauge(Flowable):
    """A custom flowable that draws shapes and text itself, as a dashboard's small bars would."""

    font = ""  # set to the theme's family by the styles fixture

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        return 100, 30

    def draw(self) -> None:
        self.canv.rect(0, 0, 70, 10, fill=1)
        self.canv.setFont(self.font, 8)
        self.canv.drawString(0, 15, "70%")


def _build(flowables: list[Any], target: Path, styles: Styles) -> list[str]:
    """Build ``flowables`` tagged, with a footer drawn by onPage, and return the self-check's problems."""
    made: list[TaggingCanvas] = []

    def footer(canvas: Any, doc: Any) -> None:
        canvas.setFont(styles.family, 7)
        canvas.drawString(20, 10, f"page {doc.page}")

    def canvas_maker(filename: Any, **kwargs: Any) -> TaggingCanvas:
        made.append(TaggingCanvas(io.BytesIO(), language="en", **kwargs))
        return made[-1]

    doc = BaseDocTemplate(str(target), pagesize=A6, title="Small", author="Tests", invariant=1)
    frame = TaggedFrame(20, 20, A6[0] - 40, A6[1] - 40, id="body")
    doc.addPageTemplates([PageTemplate("body", [frame], onPage=footer)])
    doc.build(flowables, canvasmaker=canvas_maker)
    canvas = made[-1]
    target.write_bytes(finish_pdf(canvas._filename.getvalue(), canvas.report_tags.finish(), "en"))
    return tag_problems(target)


def _roles(target: Path) -> list[tuple[str, Any]]:
    found: list[tuple[str, Any]] = []

    def walk(element: Any) -> None:
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
                found.append((str(kid.S)[1:], kid))
                walk(kid)

    with pikepdf.open(target) as pdf:
        walk(pdf.Root.StructTreeRoot.K)  # the Document element's kids
        return [(role, dict(element.items())) for role, element in found]


def test_an_undeclared_flowable_that_draws_is_named_by_the_self_check(styles: Styles, tmp_path: Path) -> None:
    problems = _build([Paragraph("Before", styles.body), Gauge()], tmp_path / "x.pdf", styles)
    assert problems == [
        "page 1: 2 painting operators drawn by the flowable Gauge, which tags.py does not know: declare its role "
        "with tagged() or add it to tags.CLASSES"
    ]


def test_a_declared_flowable_is_a_figure_with_alt_text(styles: Styles, tmp_path: Path) -> None:
    target = tmp_path / "x.pdf"
    assert _build([tagged(Gauge(), "Figure", alt="A gauge at 70%")], target, styles) == []
    ((role, element),) = _roles(target)
    assert role == "Figure" and str(element["/Alt"]) == "A gauge at 70%"


def test_a_figure_needs_alt_text() -> None:
    with pytest.raises(ValueError, match="a Figure needs alt text"):
        tagged(Gauge(), "Figure")
    with pytest.raises(ValueError, match="a Figure needs alt text"):
        figure(" ")


def test_a_class_can_declare_its_own_drawing_decoration_and_its_children_are_tagged(
    styles: Styles, tmp_path: Path
) -> None:
    class Card(Flowable):
        report_tag = Tag("Div", drawing=ARTIFACT)

        def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
            return 200, 60

        def draw(self) -> None:
            self.canv.rect(0, 0, 200, 60)  # the card's frame: decoration
            for y, (text, style) in enumerate([("Card title", styles.h2), ("Card text", styles.body)]):
                para = Paragraph(text, style)
                para.wrap(190, 30)
                para.drawOn(self.canv, 5, 40 - 20 * y)

    target = tmp_path / "x.pdf"
    assert _build([Paragraph("Top", styles.h1), Card()], target, styles) == []
    assert [role for role, _ in _roles(target)] == ["H1", "Div", "H2", "P"]


def test_a_paragraph_split_across_pages_is_one_p_and_headings_never_skip(styles: Styles, tmp_path: Path) -> None:
    long = " ".join(f"word{i}" for i in range(900))
    target = tmp_path / "x.pdf"
    assert (
        _build(
            [Paragraph("Title", styles.h1), Paragraph("Sub", styles.h3), Paragraph(long, styles.body)], target, styles
        )
        == []
    )
    roles = _roles(target)
    assert [role for role, _ in roles] == ["H1", "H2", "P"]  # h3 straight after an H1 is tagged H2
    kids = roles[2][1]["/K"]
    pages = {k.Pg.objgen for k in kids if isinstance(k, pikepdf.Dictionary)}
    assert len(kids) >= 2 and pages, "the paragraph continues on a later page in the same P"


def test_bullets_make_one_list_and_another_script_gets_its_language(styles: Styles, tmp_path: Path) -> None:
    items = [Paragraph(text, styles.bullet, bulletText="•") for text in ("One", "Two", "Αθήνα")]
    target = tmp_path / "x.pdf"
    assert _build([Paragraph("List", styles.h1), *items, Paragraph("After", styles.body)], target, styles) == []
    roles = _roles(target)
    assert [role for role, _ in roles] == ["H1", "L", *["LI", "Lbl", "LBody"] * 3, "P"]
    assert str(roles[1][1]["/A"]["/ListNumbering"]) == "/Disc"
    assert [str(element.get("/Lang", "")) for role, element in roles if role == "LI"] == ["", "", "el"]


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Zürich", None),
        ("Αθήνα", "el"),
        ("서울", "ko"),
        ("東京", None),
        ("とうきょう東京", "ja"),
        ("Москва", None),
        ("Seoul 서울", None),
    ],
)
def test_language_of_names_only_scripts_that_name_a_language(text: str, language: str | None) -> None:
    assert language_of(text, "en") == language
    assert language_of(text, language or "en") is None or language is None


@pytest.mark.parametrize(
    ("pdf_date", "xmp"),
    [
        ("D:20261128093000+01'00'", "2026-11-28T09:30:00+01:00"),
        ("D:20000101000000+00'00'", "2000-01-01T00:00:00+00:00"),
        ("D:20261128093000Z", "2026-11-28T09:30:00Z"),
        ("D:20261128", "2026-11-28T00:00:00"),
    ],
)
def test_xmp_dates_are_the_info_dates(pdf_date: str, xmp: str) -> None:
    assert xmp_date(pdf_date) == xmp


def _ends_in_cr(data: bytes) -> bool:
    return zlib.compress(data).endswith(b"\r")


def test_a_stream_ending_in_cr_is_reencoded_without_changing_its_content(tmp_path: Path) -> None:
    data = next(d for d in (b"BT ET %d\n" % i for i in range(5000)) if _ends_in_cr(d))
    pdf = pikepdf.new()
    stream = pdf.make_stream(zlib.compress(data), Filter=pikepdf.Name.FlateDecode)
    pdf.Root.Probe = stream
    guard_stream_ends(pdf)
    assert not stream.read_raw_bytes().endswith(b"\r")
    assert stream.read_bytes().rstrip() == data.rstrip()


def test_an_image_ending_in_cr_keeps_its_pixels() -> None:
    width, rows = 4, 3
    pixels = [
        bytes((i * 7 + j * 13 + n) % 256 for j in range(width * 3))
        for i, n in zip(range(rows), range(5000), strict=False)
    ]
    parms = pikepdf.Dictionary(Predictor=15, Colors=3, BitsPerComponent=8, Columns=width)
    pdf = pikepdf.new()
    for first in (0, 1, 2, 3, 4):
        data = b"".join(
            bytes([first if i == 0 else 0]) + _filter(first if i == 0 else 0, row) for i, row in enumerate(pixels)
        )
        for variant in _first_row_variants(data, parms):
            stream = pdf.make_stream(zlib.compress(variant), Filter=pikepdf.Name.FlateDecode, DecodeParms=parms)
            assert stream.read_bytes() == b"".join(pixels), (first, variant[0])


def _filter(kind: int, row: bytes) -> bytes:
    """PNG filter ``kind`` applied to a first row (the row above is zeros)."""
    step = 3
    if kind in (0, 2):
        return row
    if kind in (1, 4):
        return bytes((row[i] - (row[i - step] if i >= step else 0)) % 256 for i in range(len(row)))
    return bytes((row[i] - ((row[i - step] if i >= step else 0) // 2)) % 256 for i in range(len(row)))


def test_ascii85_streams_become_plain_flate_so_their_final_bytes_are_known() -> None:
    """qpdf would strip ASCII85 itself while saving, leaving bytes no one checked (reportlab writes such pages)."""
    import base64

    data = b"BT /F1 12 Tf (Hello) Tj ET\n" * 20
    pdf = pikepdf.new()
    encoded = base64.a85encode(zlib.compress(data)) + b"~>"
    stream = pdf.make_stream(encoded, Filter=pikepdf.Array([pikepdf.Name.ASCII85Decode, pikepdf.Name.FlateDecode]))
    pdf.Root.Probe = stream
    guard_stream_ends(pdf)
    assert stream.Filter == pikepdf.Name.FlateDecode
    assert zlib.decompress(stream.read_raw_bytes()) == data
