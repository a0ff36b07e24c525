"""Chart PNGs go into the PDF without re-encoding, and real renderers decode them to the same picture."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image, ImageStat

from report.blocks import Story
from report.outputs.pdf.png import draw_png, parse_rgb_png


def test_render_writes_opaque_rgb_pngs_the_pdf_can_embed_as_is(story: Story) -> None:
    for chart in story.rendered.values():
        width, height, idat = parse_rgb_png(chart.png.read_bytes())
        assert (width, height) == (chart.width_px, chart.height_px) and idat


def test_pdfium_draws_the_embedded_png_like_the_png(story: Story, tmp_path: Path) -> None:
    import pypdfium2 as pdfium
    from reportlab.pdfgen.canvas import Canvas

    chart = story.chart(story.chart_specs()[0])
    pdf = tmp_path / "one.pdf"
    canvas = Canvas(str(pdf), pagesize=(chart.width_px / 4, chart.height_px / 4))
    draw_png(canvas, chart.png, 0, 0, chart.width_px / 4, chart.height_px / 4)
    canvas.showPage()
    canvas.save()
    document = pdfium.PdfDocument(str(pdf))
    try:
        drawn = document[0].render(scale=4).to_pil().convert("RGB").resize((chart.width_px, chart.height_px))
    finally:
        document.close()
    with Image.open(chart.png) as original:
        expected = ImageStat.Stat(original.convert("RGB")).mean
    actual = ImageStat.Stat(drawn).mean
    assert actual == pytest.approx(expected, abs=4), "the PDF viewer decodes the chart to a different picture"


def test_a_png_with_alpha_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "rgba.png"
    Image.new("RGBA", (4, 4)).save(path)
    with pytest.raises(ValueError, match="8-bit RGB"):
        parse_rgb_png(path.read_bytes())
