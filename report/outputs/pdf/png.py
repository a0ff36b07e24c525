"""Embed a chart PNG in the PDF as it is: its compressed pixels go into the file without decoding.

PDF's Flate filter with PNG predictors reads PNG image data directly, so an RGB, 8-bit, non-interlaced
PNG (what render.py writes) needs no decode, re-compression or ASCII85 step. That was most of the PDF's
build time.
"""

from __future__ import annotations

import hashlib
import struct
import zlib
from pathlib import Path
from typing import Any

from reportlab.pdfbase import pdfdoc

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


class PngImageXObject(pdfdoc.PDFImageXObject):
    """An image XObject whose stream is the PNG's own IDAT data, decoded by the viewer with PNG predictors."""

    def __init__(self, name: str, png: bytes) -> None:
        super().__init__(name)
        width, height, idat = parse_rgb_png(png)
        self.width, self.height = width, height
        self.bitsPerComponent, self.colorSpace = 8, "DeviceRGB"
        self.streamContent, self._filters, self.mask = idat, ("FlateDecode",), None

    def format(self, document: Any) -> bytes:
        stream = pdfdoc.PDFStream(content=self.streamContent)
        entries = stream.dictionary
        entries["Type"], entries["Subtype"] = pdfdoc.PDFName("XObject"), pdfdoc.PDFName("Image")
        entries["Width"], entries["Height"] = self.width, self.height
        entries["BitsPerComponent"], entries["ColorSpace"] = 8, pdfdoc.PDFName("DeviceRGB")
        entries["Filter"] = pdfdoc.PDFName("FlateDecode")  # a single name, so DecodeParms may be a dictionary
        entries["DecodeParms"] = pdfdoc.PDFDictionary(
            {"Predictor": 15, "Colors": 3, "BitsPerComponent": 8, "Columns": self.width}
        )
        entries["Length"] = len(self.streamContent)
        stream.filters = ()  # the content is already compressed: reportlab must not compress it again
        return stream.format(document)


def parse_rgb_png(png: bytes) -> tuple[int, int, bytes]:
    """Width, height and the concatenated IDAT data of an 8-bit RGB non-interlaced PNG."""
    if not png.startswith(PNG_SIGNATURE):
        raise ValueError("not a PNG file")
    position, idat, header = len(PNG_SIGNATURE), [], None
    while position < len(png):
        length = int.from_bytes(png[position : position + 4], "big")
        if position + 12 + length > len(png):
            raise ValueError("truncated PNG file")  # a chunk cut short, as a full disk leaves it
        kind = png[position + 4 : position + 8]
        data = png[position + 8 : position + 8 + length]
        if zlib.crc32(kind + data) != struct.unpack(">I", png[position + 8 + length : position + 12 + length])[0]:
            raise ValueError(f"corrupt PNG chunk {kind!r}")
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", data)
        elif kind == b"IDAT":
            idat.append(data)
        elif kind == b"IEND":
            break
        position += 12 + length
    else:
        raise ValueError("truncated PNG file: it has no end chunk")
    if header is None or header[2:5] != (8, 2, 0) or header[6] != 0:
        raise ValueError("expected an 8-bit RGB, non-interlaced PNG")
    return header[0], header[1], b"".join(idat)


def draw_png(canvas: Any, path: Path, x: float, y: float, width: float, height: float) -> None:
    """Draw ``path`` at (x, y) with the given size, registering its XObject once per document."""
    png = path.read_bytes()
    name = hashlib.md5(png, usedforsecurity=False).hexdigest()  # named by its pixels, never by its path
    reg_name = canvas._doc.getXObjectName(name)
    if not canvas._doc.idToObject.get(reg_name):
        image = PngImageXObject(name, png)
        canvas._setXObjects(image)
        canvas._doc.Reference(image, reg_name)
        canvas._doc.addForm(name, image)
    canvas.saveState()
    canvas.translate(x, y)
    canvas.scale(width, height)
    canvas._code.append(f"/{reg_name} Do")
    canvas.restoreState()
    canvas._formsinuse.append(name)
