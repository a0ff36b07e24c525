"""What a layout puts behind a slide's content, drawn small: its background (solid, gradient or picture) and
the pictures and shapes of its master and of itself, in their order.

The tool reads colours off this picture to choose text colours that stand out from what is really there,
and takes the pictures and shapes that reach into a content area as obstacles to keep charts clear of.
"""

from __future__ import annotations

import io
import itertools
import math
import warnings
from dataclasses import dataclass
from typing import Any

from lxml import etree

from report.look.contrast import RGB, Ground
from report.outputs.pptx.drawingml import NS, Fill, Scheme, background_of, colour_in, fill_of, scheme_for, style_fill
from report.outputs.pptx.drawn import Drawn, drawn_of, elements
from report.outputs.pptx.shapes import Rect

WIDTH_PX = 320  # the backdrop's width in pixels, whatever the slide's size
MAX_PICTURE_PIXELS = 40_000_000  # a picture larger than this is not decoded to sample its colours
P = "{{{}}}".format(NS["p"])


@dataclass(frozen=True, eq=False)
class Backdrop:
    """The layout's backdrop as pixels, the objects drawn on it, and how its background was found."""

    image: Any  # PIL.Image.Image, RGB
    width: int  # slide EMU
    height: int
    drawn: tuple[Drawn, ...]
    background: str  # what the background is, for `templates inspect`
    scheme: Scheme

    def pixels(self, rect: Rect) -> list[RGB]:
        """The backdrop's pixels under ``rect`` (at most 64 × 64 of them)."""
        scale = self.image.width / self.width
        box = (
            max(0, math.floor(rect.x * scale)),
            max(0, math.floor(rect.y * scale)),
            min(self.image.width, math.ceil((rect.x + rect.w) * scale)),
            min(self.image.height, math.ceil((rect.y + rect.h) * scale)),
        )
        if box[2] <= box[0] or box[3] <= box[1]:
            return []
        crop = self.image.crop(box)
        if crop.width > 64 or crop.height > 64:  # pixels as they are, not averaged: a picture's light spots count
            crop = crop.resize((min(64, crop.width), min(64, crop.height)), resample=0)
        data = crop.tobytes()
        return [(data[i], data[i + 1], data[i + 2]) for i in range(0, len(data), 3)]

    def ground(self, rects: list[Rect]) -> Ground:
        """What lies behind ``rects``, sampled; the colour most of them are is the content's paper."""
        found = [p for rect in rects for p in self.pixels(rect)] or self.pixels(Rect(0, 0, self.width, self.height))
        counts: dict[RGB, int] = {}
        for p in found:
            counts[p] = counts.get(p, 0) + 1
        common, times = max(counts.items(), key=lambda kv: kv[1])
        return Ground.of(found, common if times >= 0.6 * len(found) else None)


def backdrop_of(layout: Any, width: int, height: int, where: str) -> Backdrop:
    """Draw the layout's background, then its master's shapes (unless the layout hides them), then its own."""
    from PIL import Image

    scheme = scheme_for(layout, where)
    size = (WIDTH_PX, max(1, round(WIDTH_PX * height / width)))
    fill, source = background_of(layout, scheme)
    image = Image.new("RGB", size, fill.colour if fill.kind == "solid" else (255, 255, 255))
    _paint(image, fill, (0, 0, size[0], size[1]))
    scale = size[0] / width
    for owner, _name, element, rect in elements(layout):
        _paint_shape(image, element, rect, scale, scheme, owner.part)
    drawn = drawn_of(layout)
    return Backdrop(image, width, height, tuple(drawn), describe_fill(fill, source, scheme), scheme)


def describe_fill(fill: Fill, source: str, scheme: Scheme) -> str:
    swap = " through the colour map's bg1 = dk1" if scheme.swapped else ""
    if source == "default":
        return "none of its own (white)"
    where = {"layout": "the layout's", "master": "the master's"}[source]
    if fill.kind == "solid":
        return f"{where} solid #{bytes(fill.colour).hex().upper()}{swap}"
    if fill.kind == "gradient":
        return f"{where} gradient of {len(fill.stops)} stops{swap}"
    if fill.kind == "image":
        return f"{where} picture"
    return f"{where} background (white)"


def _paint_shape(image: Any, element: Any, rect: Rect, scale: float, scheme: Scheme, part: Any) -> None:
    """Draw one master or layout element's picture or fill (its outline and text are not ground)."""
    box = (rect.x * scale, rect.y * scale, (rect.x + rect.w) * scale, (rect.y + rect.h) * scale)
    tag = etree.QName(element).localname
    if tag == "pic":
        blip_fill = element.find("p:blipFill", NS)
        fill = fill_of(_holder(blip_fill), scheme, part) if blip_fill is not None else None
        if fill is not None:
            _paint(image, fill, box)
        return
    properties = element.find("p:spPr", NS)
    fill = fill_of(properties, scheme, part)
    if fill is None:  # no fill of its own: the shape style's, if it has one
        reference = element.find("p:style/a:fillRef", NS)
        if reference is not None:
            colour = colour_in(reference, scheme)
            fill = style_fill(scheme, int(reference.get("idx", "0")), colour[0] if colour else None)
    if fill is None or fill.kind == "none" or tag == "graphicFrame":
        return
    geometry = properties.find("a:prstGeom", NS) if properties is not None else None
    _paint(image, fill, box, geometry.get("prst", "rect") if geometry is not None else "rect")


def _holder(blip_fill: Any) -> Any:
    """A p:blipFill as the a:blipFill fill_of reads."""
    holder = etree.Element("holder")
    copy = etree.fromstring(etree.tostring(blip_fill))
    copy.tag = "{{{}}}blipFill".format(NS["a"])
    holder.append(copy)
    return holder


def _paint(image: Any, fill: Fill, box: tuple[float, float, float, float], shape: str = "rect") -> None:
    from PIL import Image, ImageDraw

    x0, y0, x1, y1 = (round(v) for v in box)
    w, h = max(1, x1 - x0), max(1, y1 - y0)
    if fill.kind == "none" or x1 <= 0 or y1 <= 0 or x0 >= image.width or y0 >= image.height:
        return
    if fill.kind == "image":
        layer = _picture(fill, w, h)
    elif fill.kind == "gradient":
        layer = _gradient(fill, w, h)
    else:
        layer = Image.new("RGBA", (w, h), (*fill.colour, round(255 * fill.alpha)))
    if shape in ("ellipse", "roundRect", "flowChartConnector"):
        mask = Image.new("L", (w, h), 0)
        draw = ImageDraw.Draw(mask)
        if shape == "roundRect":
            draw.rounded_rectangle((0, 0, w - 1, h - 1), radius=min(w, h) // 6, fill=255)
        else:
            draw.ellipse((0, 0, w - 1, h - 1), fill=255)
        alpha = layer.getchannel("A") if layer.mode == "RGBA" else None
        if alpha is not None:
            from PIL import ImageChops

            mask = ImageChops.multiply(mask, alpha)
        layer.putalpha(mask)
    image.paste(layer.convert("RGB"), (x0, y0), layer if layer.mode == "RGBA" else None)


def _picture(fill: Fill, w: int, h: int) -> Any:
    """The picture stretched (or tiled) over w × h pixels; a picture Pillow cannot read (EMF, SVG) draws
    nothing, as its colours are unknown."""
    from PIL import Image, UnidentifiedImageError

    blank = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            opened = Image.open(io.BytesIO(fill.image or b""))
            if opened.width * opened.height > MAX_PICTURE_PIXELS:
                return blank
            opened.draft("RGB", (w * 2, h * 2))
            picture = opened.convert("RGBA")
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError):
        return blank
    if not fill.tile:
        return picture.resize((w, h))
    tile = picture.resize((max(1, min(w, picture.width // 4)), max(1, min(h, picture.height // 4))))
    layer = Image.new("RGBA", (w, h))
    for top in range(0, h, tile.height):
        for left in range(0, w, tile.width):
            layer.paste(tile, (left, top))
    return layer


def _gradient(fill: Fill, w: int, h: int) -> Any:
    """A linear gradient along its angle (or a radial one from the centre), stop to stop."""
    from PIL import Image

    angle = math.radians(fill.angle)
    dx, dy = math.cos(angle), math.sin(angle)
    span = abs(dx) * w + abs(dy) * h or 1
    start = min(0.0, dx * w) + min(0.0, dy * h)
    pixels = bytearray()
    for y in range(h):
        for x in range(w):
            if fill.radial:
                t = min(1.0, math.hypot(x / w - 0.5, y / h - 0.5) / 0.7071)
            else:
                t = (x * dx + y * dy - start) / span
            pixels.extend((*_at(fill.stops, t), 255))
    return Image.frombytes("RGBA", (w, h), bytes(pixels))


def _at(stops: tuple[tuple[float, RGB], ...], t: float) -> RGB:
    if t <= stops[0][0]:
        return stops[0][1]
    for (p0, c0), (p1, c1) in itertools.pairwise(stops):
        if t <= p1:
            k = (t - p0) / (p1 - p0) if p1 > p0 else 0.0
            return (
                round(c0[0] + (c1[0] - c0[0]) * k),
                round(c0[1] + (c1[1] - c0[1]) * k),
                round(c0[2] + (c1[2] - c0[2]) * k),
            )
    return stops[-1][1]
