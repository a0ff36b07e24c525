"""What PDF/A-2a and PDF/UA-1 ask of the file itself: XMP metadata, an output intent, clean text maps and streams.

- XMP mirrors the Info dictionary reportlab wrote (the same title, author, subject, keywords, tools and
  dates, as PDF/A requires), and identifies the file as PDF/A-2a and PDF/UA-1.
- The output intent embeds icc/sRGB.icc (Zlib licence, icc/LICENSE.txt), since the pages paint DeviceRGB.
- reportlab's ToUnicode maps send unused codes to U+0000, which both standards forbid: those lines go.
- A stream whose data ends in a carriage return is read by validators as ending in CR LF, one byte short
  of its /Length; such a stream is re-encoded with a harmless change until it does not. (A Flate stream
  ends in a checksum of its data, so one in 256 does.)
"""

from __future__ import annotations

import functools
import re
import zlib
from datetime import datetime
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

import pikepdf
from pikepdf import Array, Dictionary, Name, String

ICC_PROFILE = Path(__file__).with_name("icc") / "sRGB.icc"
SRGB = "sRGB IEC61966-2.1"
_BAD_UNICODE = re.compile(rb"^<[0-9A-Fa-f]+>\s*<(?:0000|FEFF|FFFE)>\s*$", re.M | re.I)
_BFCHAR = re.compile(rb"\d+\s+beginbfchar\s*\n(.*?)endbfchar\s*\n", re.S)


def clean_to_unicode(pdf: pikepdf.Pdf) -> None:
    """Drop the U+0000 (and U+FEFF, U+FFFE) entries of every font's ToUnicode map, keeping the real ones."""
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        resources: Any = page.obj.get("/Resources", {})
        for font in resources.get("/Font", {}).values():
            stream = font.get("/ToUnicode")
            if stream is None or stream.objgen in seen:
                continue
            seen.add(stream.objgen)
            cmap = stream.read_bytes()
            if not _BAD_UNICODE.search(cmap):
                continue
            sections = list(_BFCHAR.finditer(cmap))
            if len(sections) != 1:
                raise ValueError(f"font {font.get('/BaseFont')}: expected one bfchar block in its ToUnicode map")
            entries = [line for line in sections[0].group(1).splitlines() if line.strip()]
            kept = [line for line in entries if not _BAD_UNICODE.match(line)]
            blocks = b"".join(
                b"%d beginbfchar\n%s\nendbfchar\n" % (len(chunk), b"\n".join(chunk))
                for chunk in (kept[i : i + 100] for i in range(0, len(kept), 100))  # 100 at most per block
            )
            start, end = sections[0].span()
            stream.write(zlib.compress(cmap[:start] + blocks + cmap[end:]), filter=Name.FlateDecode)


def add_output_intent(pdf: pikepdf.Pdf) -> None:
    profile = pdf.make_stream(_compressed_profile(), N=3, Alternate=Name.DeviceRGB)
    profile.Filter = Name.FlateDecode
    pdf.Root.OutputIntents = Array(
        [
            Dictionary(
                Type=Name.OutputIntent,
                S=Name.GTS_PDFA1,
                OutputConditionIdentifier=String(SRGB),
                Info=String(SRGB),
                RegistryName=String("http://www.color.org"),
                DestOutputProfile=profile,
            )
        ]
    )


@functools.cache
def _compressed_profile() -> bytes:
    return zlib.compress(ICC_PROFILE.read_bytes())


def write_xmp(pdf: pikepdf.Pdf, language: str) -> None:
    """XMP metadata equal to the Info dictionary, with the PDF/A-2a and PDF/UA-1 identification."""
    info = pdf.docinfo
    text = {
        key: str(info[f"/{key}"])
        for key in ("Title", "Author", "Subject", "Keywords", "Creator", "Producer")
        if f"/{key}" in info
    }
    properties = [
        "<dc:format>application/pdf</dc:format>",
        _alt("dc:title", text.get("Title", "")),
        f"<dc:language><rdf:Bag><rdf:li>{escape(language)}</rdf:li></rdf:Bag></dc:language>",
    ]
    if "Author" in text:
        properties.append(f"<dc:creator><rdf:Seq><rdf:li>{escape(text['Author'])}</rdf:li></rdf:Seq></dc:creator>")
    if "Subject" in text:
        properties.append(_alt("dc:description", text["Subject"]))
    for key, name in (("Keywords", "pdf:Keywords"), ("Producer", "pdf:Producer"), ("Creator", "xmp:CreatorTool")):
        if key in text:
            properties.append(f"<{name}>{escape(text[key])}</{name}>")
    if "/Trapped" in info:
        del info.Trapped  # reportlab's "False" says nothing, and PDF/A-2's pdf schema has no Trapped to mirror it
    for key, name in (("CreationDate", "xmp:CreateDate"), ("ModDate", "xmp:ModifyDate")):
        if f"/{key}" in info:
            properties.append(f"<{name}>{xmp_date(str(info[f'/{key}']))}</{name}>")
    if "/ModDate" in info:
        properties.append(f"<xmp:MetadataDate>{xmp_date(str(info.ModDate))}</xmp:MetadataDate>")
    properties += [
        "<pdfaid:part>2</pdfaid:part>",
        "<pdfaid:conformance>A</pdfaid:conformance>",
        "<pdfuaid:part>1</pdfuaid:part>",
        _PDFUA_EXTENSION,
    ]
    body = "\n   ".join(properties)
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   {body}
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>
"""
    pdf.Root.Metadata = pdf.make_stream(packet.encode("utf-8"), Type=Name.Metadata, Subtype=Name.XML)


# PDF/A-2 accepts XMP properties only from its own schemas or ones described in the file: pdfuaid is described.
_PDFUA_EXTENSION = """<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>part</pdfaProperty:name>
     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>Indicates which part of ISO 14289 the file conforms to</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>"""


def _alt(name: str, value: str) -> str:
    return f'<{name}><rdf:Alt><rdf:li xml:lang="x-default">{escape(value)}</rdf:li></rdf:Alt></{name}>'


_PDF_DATE = re.compile(r"D:(\d{4})(\d{2})?(\d{2})?(\d{2})?(\d{2})?(\d{2})?(?:(Z)|([+-])(\d{2})'?(\d{2})?'?)?$")


def xmp_date(pdf_date: str) -> str:
    """A PDF date (D:20261128093000+01'00') as the same instant in XMP's ISO 8601 form."""
    found = _PDF_DATE.match(pdf_date.strip())
    if found is None:
        raise ValueError(f"not a PDF date: {pdf_date!r}")
    year, month, day, hour, minute, second, zulu, sign, tz_hour, tz_minute = found.groups()
    stamp = datetime(int(year), int(month or 1), int(day or 1), int(hour or 0), int(minute or 0), int(second or 0))
    text = stamp.strftime("%Y-%m-%dT%H:%M:%S")
    if zulu:
        return text + "Z"
    if sign:
        return f"{text}{sign}{tz_hour}:{tz_minute or '00'}"
    return text


def guard_stream_ends(pdf: pikepdf.Pdf) -> None:
    """Give every stream its final bytes now, none ending in CR (see the module docstring).

    The file is then saved without touching streams, so what is checked here is what is written: streams
    reportlab encoded as ASCII85 then Flate, or left plain, are re-encoded as Flate alone (smaller, too);
    the XMP metadata stays plain, as PDF/A wants; JPEG data ends in its end-of-image marker, never CR.
    """
    for obj in pdf.objects:
        if not isinstance(obj, pikepdf.Stream) or obj.get("/Type") == "/Metadata":
            continue
        given: Any = obj.get("/Filter")
        filters = [given] if isinstance(given, pikepdf.Name) else list(given or [])
        if filters == [Name.FlateDecode]:
            if obj.read_raw_bytes().endswith(b"\r"):
                _reencode(obj, zlib.decompress(obj.read_raw_bytes()))
        elif all(f in (Name.ASCII85Decode, Name.FlateDecode) for f in filters) and "/DecodeParms" not in obj:
            _reencode(obj, obj.read_bytes())
        elif obj.read_raw_bytes().endswith(b"\r"):
            raise ValueError(f"stream {obj.objgen} ({filters}) ends in CR and cannot be re-encoded safely")


def _reencode(stream: Any, data: bytes) -> None:
    """Write ``data`` (decoded) back Flate-encoded, changing it harmlessly until its encoding does not end in CR."""
    parms = stream.get("/DecodeParms")
    if parms is not None and int(parms.get("/Predictor", 1)) >= 10:
        variants = [data, *_first_row_variants(data, parms)]  # an image: the same pixels, other filter bytes
    else:
        pad = b"\0" if "/Length1" in stream else b"\n"  # after a TrueType program's tables; white space
        variants = [data + pad * n for n in range(9)]
    for variant in variants:
        encoded = zlib.compress(variant)
        if not encoded.endswith(b"\r"):
            break
    else:
        raise ValueError(f"stream {stream.objgen}: could not re-encode it without a trailing CR")
    stream.write(encoded, filter=Name.FlateDecode, decode_parms=parms)
    if "/Length1" in stream:
        stream.Length1 = len(variant)


def _first_row_variants(data: bytes, parms: Any) -> list[bytes]:
    """The PNG-predicted image data with its first row filtered each other way that needs no row above."""
    colors, bits = int(parms.get("/Colors", 1)), int(parms.get("/BitsPerComponent", 8))
    row = (int(parms.get("/Columns", 1)) * colors * bits + 7) // 8
    step = max(1, colors * bits // 8)
    kind, raw = data[0], bytearray(data[1 : 1 + row])
    if kind in (1, 4):  # Sub; Paeth above the zero row before the image is Sub
        for i in range(step, row):
            raw[i] = (raw[i] + raw[i - step]) & 0xFF
    elif kind == 3:  # Average above the zero row
        for i in range(row):
            raw[i] = (raw[i] + (raw[i - step] // 2 if i >= step else 0)) & 0xFF
    sub = bytes([1]) + bytes((raw[i] - (raw[i - step] if i >= step else 0)) & 0xFF for i in range(row))
    rows = [bytes([0]) + bytes(raw), bytes([2]) + bytes(raw), sub]  # None and Up agree above a zero row
    rest = data[1 + row :]
    return [first + rest for first in rows if first != data[: 1 + row]]
