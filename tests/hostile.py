"""Hostile deck templates, made at test time from the shipped master by editing its zip.

Each maker returns the path of a new .pptx; none of them is ever stored in the repository.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from report.paths import templates_dir

MASTER = templates_dir() / "briefing.pptx"
RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
R_TYPES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
LAYOUT = "ppt/slideLayouts/slideLayout2.xml"
LAYOUT_RELS = "ppt/slideLayouts/_rels/slideLayout2.xml.rels"
MASTER_PART = "ppt/slideMasters/slideMaster1.xml"
MASTER_RELS = "ppt/slideMasters/_rels/slideMaster1.xml.rels"
MACRO_MAIN = "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml"
PRESENTATION_MAIN = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
NS_DECL = (
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"'
)

Edit = Callable[[dict[str, bytes]], None]


def master_parts() -> dict[str, bytes]:
    with zipfile.ZipFile(MASTER) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write(parts: dict[str, bytes], target: Path) -> Path:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return target


def edited(target: Path, *edits: Edit) -> Path:
    parts = master_parts()
    for edit in edits:
        edit(parts)
    return write(parts, target)


def add_rel(parts: dict[str, bytes], rels: str, rel_id: str, kind: str, target: str, external: bool = False) -> None:
    mode = ' TargetMode="External"' if external else ""
    element = f'<Relationship Id="{rel_id}" Type="{kind}" Target="{target}"{mode}/>'
    parts[rels] = parts[rels].replace(b"</Relationships>", element.encode() + b"</Relationships>")


def add_shape(parts: dict[str, bytes], part: str, shape: str) -> None:
    """Append ``shape`` (XML using the a:, r: and p: prefixes) to the part's shape tree."""
    parts[part] = parts[part].replace(b"</p:spTree>", shape.encode() + b"</p:spTree>")


def add_content_type(parts: dict[str, bytes], element: str) -> None:
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", element.encode() + b"</Types>")


def _text_shape(shape_id: int, name: str, inner: str = "") -> str:
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="{name}">{inner}</p:cNvPr><p:cNvSpPr/><p:nvPr/></p:nvSpPr>'
        '<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm></p:spPr>'
        f'<p:txBody><a:bodyPr/><a:p><a:r><a:rPr lang="en-GB"/><a:t>{name}</a:t></a:r></a:p></p:txBody></p:sp>'
    )


# --- active content: dropped from the deck, with a warning ----------------------------------------------


def with_macros(parts: dict[str, bytes]) -> None:
    """A VBA project and the macro-enabled main content type, as a .pptm has."""
    parts["ppt/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 not really a VBA project"
    add_rel(
        parts,
        "ppt/_rels/presentation.xml.rels",
        "rIdVba",
        "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
        "vbaProject.bin",
    )
    add_content_type(parts, '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>')
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(PRESENTATION_MAIN.encode(), MACRO_MAIN.encode())


def with_ole_object(parts: dict[str, bytes]) -> None:
    """An embedded OLE object on a layout, as PowerPoint writes one (inside mc:AlternateContent)."""
    parts["ppt/embeddings/oleObject1.bin"] = b"\xd0\xcf\x11\xe0 an OLE compound file"
    add_rel(parts, LAYOUT_RELS, "rIdOle", f"{R_TYPES}/oleObject", "../embeddings/oleObject1.bin")
    add_content_type(
        parts,
        '<Override PartName="/ppt/embeddings/oleObject1.bin" '
        'ContentType="application/vnd.openxmlformats-officedocument.oleObject"/>',
    )
    frame = (
        '<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id="90" name="Embedded object"/><p:cNvGraphicFramePr/>'
        '<p:nvPr/></p:nvGraphicFramePr><p:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></p:xfrm>'
        '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/presentationml/2006/ole">'
        '<p:oleObj name="Packager Shell Object" progId="Package" r:id="rIdOle"><p:embed/></p:oleObj>'
        "</a:graphicData></a:graphic></p:graphicFrame>"
    )
    add_shape(parts, LAYOUT, frame)


def with_file_share_picture(parts: dict[str, bytes]) -> None:
    """A picture on the master linked (not embedded) from a file share."""
    add_rel(parts, MASTER_RELS, "rIdShare", f"{R_TYPES}/image", "file://fileserver/share/logo.png", external=True)
    picture = (
        '<p:pic><p:nvPicPr><p:cNvPr id="91" name="Linked logo"/><p:cNvPicPr/><p:nvPr/></p:nvPicPr>'
        '<p:blipFill><a:blip r:link="rIdShare"/><a:stretch><a:fillRect/></a:stretch></p:blipFill>'
        '<p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
    )
    add_shape(parts, MASTER_PART, picture)


def with_javascript_link(parts: dict[str, bytes]) -> None:
    """A shape on a layout whose click runs `javascript:`."""
    add_rel(parts, LAYOUT_RELS, "rIdJs", f"{R_TYPES}/hyperlink", "javascript:alert(document.cookie)", external=True)
    add_shape(parts, LAYOUT, _text_shape(92, "Click me", '<a:hlinkClick r:id="rIdJs"/>'))


def with_program_action(parts: dict[str, bytes]) -> None:
    """A shape on the master whose click runs a program."""
    add_rel(parts, MASTER_RELS, "rIdRun", f"{R_TYPES}/hyperlink", "file:///C:/Windows/System32/calc.exe", external=True)
    add_shape(parts, MASTER_PART, _text_shape(93, "Run", '<a:hlinkClick r:id="rIdRun" action="ppaction://program"/>'))


ACTIVE_CONTENT = (with_macros, with_ole_object, with_file_share_picture, with_javascript_link, with_program_action)


# --- refused outright ------------------------------------------------------------------------------------


def entity_in_layout_name(parts: dict[str, bytes]) -> None:
    """An external entity in a layout's name: the build once exited 1 with a traceback."""
    doctype = b'<!DOCTYPE p:sldLayout [<!ENTITY brand SYSTEM "file:///etc/hostname">]>'
    data = parts[LAYOUT]
    start = data.index(b"<p:sldLayout")
    data = data[:start] + doctype + data[start:]
    parts[LAYOUT] = data.replace(b'name="', b'name="&brand; ', 1)


def doctype_in(part: str) -> Edit:
    def edit(parts: dict[str, bytes]) -> None:
        data = parts[part]
        end = data.index(b"?>") + 2 if data.startswith(b"<?xml") else 0
        parts[part] = data[:end] + b'<!DOCTYPE x [<!ENTITY e "expanded">]>' + data[end:]

    return edit


def undefined_entity_in(part: str) -> Edit:
    """An entity no DTD declares, in the part's first name attribute."""

    def edit(parts: dict[str, bytes]) -> None:
        assert b' name="' in parts[part]
        parts[part] = parts[part].replace(b' name="', b' name="&nowhere;', 1)

    return edit


def cut_short(part: str) -> Edit:
    def edit(parts: dict[str, bytes]) -> None:
        parts[part] = parts[part][: len(parts[part]) // 2]

    return edit


def theme_above_root(parts: dict[str, bytes]) -> None:
    """The master's theme relationship climbs out of the package (once an IndexError in brand.py)."""
    parts[MASTER_RELS] = parts[MASTER_RELS].replace(b"../theme/theme1.xml", b"../../../../theme/theme1.xml")


def many_parts(parts: dict[str, bytes]) -> None:
    for number in range(1_200):
        parts[f"ppt/unused/part{number}.xml"] = b"<x/>"


def packed_tight(parts: dict[str, bytes]) -> None:
    parts["ppt/media/unused.bin"] = bytes(8 * 2**20)  # 8 MB of zeros packs about a thousand to one


def zip_bomb(target: Path, gigabytes: int = 2) -> Path:
    """The master plus one entry of ``gigabytes`` GB of zeros, streamed so the test never holds it in memory."""
    write(master_parts(), target)
    chunk = bytes(2**20)
    with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("ppt/media/image1.png")
        info.compress_type = zipfile.ZIP_DEFLATED
        with archive.open(info, "w", force_zip64=True) as handle:
            for _ in range(gigabytes * 1024):
                handle.write(chunk)
    return target


def lying_sizes(target: Path) -> Path:
    """An entry that declares 1,000 bytes but unpacks to 64 MB: its directory passes, its read must not."""
    parts = master_parts()
    name = "ppt/media/image9.png"
    write(parts, target)
    with zipfile.ZipFile(target, "a", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(name, bytes(64 * 2**20))
        info = archive.getinfo(name)
        real = info.file_size
    blob = bytearray(target.read_bytes())
    encoded = name.encode()
    for at in _occurrences(blob, encoded):  # the local header and the central directory entry
        if blob[at - 30 : at - 26] == b"PK\x03\x04":
            blob[at - 8 : at - 4] = (1000).to_bytes(4, "little")
        elif blob[at - 46 : at - 42] == b"PK\x01\x02":
            blob[at - 22 : at - 18] = (1000).to_bytes(4, "little")
    assert real == 64 * 2**20
    target.write_bytes(bytes(blob))
    return target


def _occurrences(blob: bytearray, needle: bytes) -> list[int]:
    found, start = [], 0
    while (at := blob.find(needle, start)) >= 0:
        found.append(at)
        start = at + 1
    return found
