"""Keep only what a briefing deck needs from an Open XML package: slides, layouts, masters, themes, images.

A template may carry things Office acts on: a VBA project, embedded OLE objects, ActiveX controls, links to
images on a file share, `javascript:` hyperlinks, actions that run a program or a macro. They are dropped
(with the relationship that reaches them and the shape that uses it), and so is every part nothing
references. The only external targets left are http(s) hyperlinks on slides: the source links the tool
writes itself. Used on the template before python-pptx opens it, and on every deck before it is written.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from lxml import etree

from report.errors import TemplateError

PKG_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"
CONTENT_TYPES = "[Content_Types].xml"
MAIN_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"
MAIN_VARIANTS = frozenset(
    {
        "application/vnd.openxmlformats-officedocument.presentationml.template.main+xml",
        "application/vnd.openxmlformats-officedocument.presentationml.slideshow.main+xml",
        "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
        "application/vnd.ms-powerpoint.template.macroEnabled.main+xml",
        "application/vnd.ms-powerpoint.slideshow.macroEnabled.main+xml",
    }
)
# Relationship types (their last path segment) a briefing deck is made of; anything else is dropped.
KEPT_TYPES = frozenset(
    {
        "officeDocument",
        "core-properties",
        "extended-properties",
        "custom-properties",
        "thumbnail",
        "slide",
        "slideLayout",
        "slideMaster",
        "notesMaster",
        "notesSlide",
        "handoutMaster",
        "theme",
        "themeOverride",
        "image",
        "hyperlink",
        "presProps",
        "viewProps",
        "tableStyles",
        "tags",
        "font",
    }
)
DESCRIBED = {
    "vbaProject": "a VBA macro project",
    "vbaProjectSignature": "a VBA project signature",
    "oleObject": "an embedded OLE object",
    "package": "an embedded document",
    "control": "an ActiveX control",
    "activeXControl": "an ActiveX control",
    "audio": "a sound",
    "video": "a video",
    "media": "a media file",
}
# Parts a deck does not need but that do nothing: left out without a word.
UNNEEDED = frozenset({"printerSettings", "customXml", "customXmlProps", "commentAuthors", "comments", "authors"})
BANNED_CONTENT = ("vbaProject", "macroEnabled", "oleObject", "activeX", "vnd.ms-office.vba")
RUNS_SOMETHING = ("ppaction://program", "ppaction://macro", "ppaction://ole")
HYPERLINKS = frozenset({"hlinkClick", "hlinkHover", "hlinkMouseOver", "snd"})
SHAPES = frozenset({"sp", "pic", "graphicFrame", "cxnSp", "contentPart", "control", "bg"})
WEB = ("http://", "https://")
_DOCTYPE = re.compile(r"<!\s*DOCTYPE", re.IGNORECASE)
_PARSER = etree.XMLParser(resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False)


@dataclass(frozen=True)
class Rel:
    source: str  # the part it belongs to ("" for the package)
    id: str
    type: str
    target: str
    external: bool

    @property
    def kind(self) -> str:
        return self.type.rstrip("/").rsplit("/", 1)[-1]


def is_xml(name: str, content_type: str) -> bool:
    return name.endswith((".xml", ".rels", ".vml")) or content_type.endswith("xml")


def parse(name: str, data: bytes, where: str) -> etree._Element:
    """One XML part, refused (naming it) if it declares a DOCTYPE or is not well formed."""
    if _DOCTYPE.search(_as_text(data)):
        raise TemplateError(
            f"{where}: the part {name} declares a DOCTYPE, which Office files never need and which can "
            "carry entities that read files; remove it or re-save the template in PowerPoint"
        )
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise TemplateError(
            f"{where}: the part {name} is not well-formed XML ({exc}); re-save the template in PowerPoint"
        ) from None
    if root.getroottree().docinfo.doctype:  # in an encoding the scan above does not read
        raise TemplateError(f"{where}: the part {name} declares a DOCTYPE; re-save the template in PowerPoint")
    return root


def _as_text(data: bytes) -> str:
    """Enough of the part as text to find a DOCTYPE in its prolog, whatever its encoding."""
    for bom, codec in ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"), (b"\xef\xbb\xbf", "utf-8")):
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, "replace")
    return data.decode("latin-1")


def rels_name(part: str) -> str:
    """The relationships part of ``part`` ("" is the package itself)."""
    folder, base = posixpath.split(part)
    return posixpath.join(folder, "_rels", f"{base}.rels")


def resolve(source: str, target: str) -> str | None:
    """A relationship target as a part name, or None if it points outside the package."""
    joined = target.lstrip("/") if target.startswith("/") else posixpath.join(posixpath.dirname(source), target)
    parts: list[str] = []
    for piece in joined.split("/"):
        if piece == "..":
            if not parts:
                return None
            parts.pop()
        elif piece not in ("", "."):
            parts.append(piece)
    return "/".join(parts) or None


class ContentTypes:
    """[Content_Types].xml: the type of each part, by override or by extension."""

    def __init__(self, parts: Mapping[str, bytes], where: str) -> None:
        if CONTENT_TYPES not in parts:
            raise TemplateError(f"{where}: has no {CONTENT_TYPES}; is it a PowerPoint file?")
        self.root = parse(CONTENT_TYPES, parts[CONTENT_TYPES], where)
        self.defaults = {e.get("Extension", "").lower(): e.get("ContentType", "") for e in self._all("Default")}
        self.overrides = {e.get("PartName", "").lstrip("/"): e.get("ContentType", "") for e in self._all("Override")}

    def _all(self, tag: str) -> list[etree._Element]:
        return self.root.findall(f"{{{CONTENT_TYPES_NS}}}{tag}")

    def of(self, part: str) -> str:
        return self.overrides.get(part) or self.defaults.get(posixpath.splitext(part)[1][1:].lower(), "")

    def rewritten(self, kept: set[str]) -> bytes | None:
        """Without the types of parts left out or of content Office runs; None if that changes nothing."""
        changed = False
        for element in self._all("Override"):
            name = element.get("PartName", "").lstrip("/")
            if name not in kept or _banned(element.get("ContentType", "")):
                self.root.remove(element)
                changed = True
            elif element.get("ContentType") in MAIN_VARIANTS:
                element.set("ContentType", MAIN_TYPE)
                changed = True
        for element in self._all("Default"):
            if _banned(element.get("ContentType", "")):
                self.root.remove(element)
                changed = True
        return _serialise(self.root) if changed else None


def _banned(content_type: str) -> bool:
    """Content Office may run; the macro-enabled main part is not dropped but gets the plain type instead."""
    return content_type not in MAIN_VARIANTS and any(word.lower() in content_type.lower() for word in BANNED_CONTENT)


def _serialise(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def read_rels(parts: Mapping[str, bytes], source: str, where: str) -> tuple[etree._Element | None, list[Rel]]:
    name = rels_name(source) if source else "_rels/.rels"
    if name not in parts:
        return None, []
    root = parse(name, parts[name], where)
    rels = [
        Rel(source, e.get("Id", ""), e.get("Type", ""), e.get("Target", ""), e.get("TargetMode") == "External")
        for e in root.findall(f"{{{PKG_RELS}}}Relationship")
    ]
    return root, rels


def _why_dropped(rel: Rel, parts: Mapping[str, bytes], types: ContentTypes, where: str) -> str | None:
    """Why a relationship cannot stay, phrased for the warning ("" for a harmless part); None when it stays."""
    inside = f" in {rel.source}" if rel.source else ""
    if rel.external:
        keep = rel.kind == "hyperlink" and rel.target.lower().startswith(WEB) and _is_slide(rel.source)
        return None if keep else f"an external link to {rel.target[:80]!r}{inside}"
    target = resolve(rel.source, rel.target)
    if target is None:  # a package that points above its own root is damaged or made to mislead
        raise TemplateError(
            f"{where}: {rel.source or 'the package'} links to {rel.target[:80]!r}, outside the package; "
            "re-save the template in PowerPoint"
        )
    if target not in parts:
        return f"a link to the missing part {target}{inside}"
    if rel.kind in UNNEEDED and not _banned(types.of(target)):
        return ""
    if rel.kind not in KEPT_TYPES or _banned(types.of(target)):
        return f"{DESCRIBED.get(rel.kind, f'a {rel.kind} part')} ({target}){inside}"
    return None


def _is_slide(part: str) -> bool:
    return posixpath.dirname(part) == "ppt/slides"


@dataclass(frozen=True)
class Cleaned:
    """What a package keeps: the names of its parts, the new bytes of those that were edited, what was dropped."""

    names: tuple[str, ...]
    changed: Mapping[str, bytes]
    dropped: tuple[str, ...]

    def data(self, name: str, parts: Mapping[str, bytes]) -> bytes:
        return self.changed[name] if name in self.changed else parts[name]


class ZipParts(Mapping[str, bytes]):
    """A zip's entries as a mapping that reads each one only when asked, so large pictures are read once."""

    def __init__(self, archive: zipfile.ZipFile) -> None:
        self.archive = archive
        self.names = [info.filename for info in archive.infolist() if not info.is_dir()]
        self._known = set(self.names)

    def __getitem__(self, name: str) -> bytes:
        if name not in self._known:
            raise KeyError(name)
        return self.archive.read(name)

    def __contains__(self, name: object) -> bool:
        return name in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


def clean_parts(parts: Mapping[str, bytes], where: str) -> Cleaned:
    """What the package keeps of only what a briefing needs, and what was dropped (one phrase each).

    Parts reached only through a dropped relationship, and parts nothing reaches, are left out; a shape that
    used a dropped relationship goes with it. Parts that need no change keep their bytes; parts that are not
    XML are never read.
    """
    types = ContentTypes(parts, where)
    kept: list[str] = []
    changed: dict[str, bytes] = {}
    dropped: list[str] = []
    queue, seen = [""], {""}
    while queue:
        source = queue.pop(0)
        root, rels = read_rels(parts, source, where)
        gone = set()
        for rel in rels:
            why = _why_dropped(rel, parts, types, where)
            if why is not None:
                dropped.extend([why] if why else [])
                gone.add(rel.id)
                continue
            target = None if rel.external else resolve(rel.source, rel.target)
            if target is not None and target not in seen:
                seen.add(target)
                queue.append(target)
        if source:
            kept.append(source)
            if is_xml(source, types.of(source)):
                edited = _cleaned_part(source, parts[source], gone, dropped, where)
                if edited is not None:
                    changed[source] = edited
        if root is not None:
            name = rels_name(source) if source else "_rels/.rels"
            kept.append(name)
            if gone:
                for element in root.findall(f"{{{PKG_RELS}}}Relationship"):
                    if element.get("Id") in gone:
                        root.remove(element)
                changed[name] = _serialise(root)
    types_edited = types.rewritten(set(kept))
    if types_edited is not None:
        changed[CONTENT_TYPES] = types_edited
    return Cleaned((CONTENT_TYPES, *kept), MappingProxyType(changed), tuple(dropped))


def _cleaned_part(name: str, data: bytes, gone: set[str], dropped: list[str], where: str) -> bytes | None:
    """The part without the elements that use dropped relationships or run a program; None if it needs no change."""
    root = parse(name, data, where)
    changed = False
    for element in list(_uses(root, gone)):
        if _attached(element, root):  # not already gone with a shape around it
            _remove_use(element, gone)
            changed = True
    for element in list(root.iter()):
        if _local(element) in HYPERLINKS and (element.get("action") or "").lower().startswith(RUNS_SOMETHING):
            dropped.append(f"an action that runs {element.get('action', '')[:60]!r} in {name}")
            _detach(element)
            changed = True
    return _serialise(root) if changed else None


def _uses(root: etree._Element, gone: set[str]) -> Iterator[etree._Element]:
    for element in root.iter():
        if any(etree.QName(key).namespace == R_NS and value in gone for key, value in element.attrib.items()):
            yield element


def _attached(element: etree._Element, root: etree._Element) -> bool:
    while element.getparent() is not None:
        element = element.getparent()
    return element is root


def _remove_use(element: etree._Element, gone: set[str]) -> None:
    """Drop a hyperlink element; unlink a linked picture; remove any other user whole, with its shape."""
    if _local(element) in HYPERLINKS:
        _detach(element)
        return
    link, embed = f"{{{R_NS}}}link", f"{{{R_NS}}}embed"
    if _local(element) == "blip" and element.get(link) in gone and element.get(embed) not in gone:
        del element.attrib[link]
        if element.get(embed):
            return  # the picture keeps its embedded copy
    holder = element
    while holder.getparent() is not None and _local(holder) not in SHAPES:
        holder = holder.getparent()
    _detach(holder if holder.getparent() is not None else element)


def _detach(element: etree._Element) -> None:
    """Remove ``element``; inside mc:AlternateContent, the whole alternative goes (an empty one is invalid)."""
    parent = element.getparent()
    if parent is None:
        return
    if etree.QName(parent).namespace == MC_NS and parent.getparent() is not None:
        wrapper = parent.getparent()
        if _local(wrapper) == "AlternateContent" and wrapper.getparent() is not None:
            wrapper.getparent().remove(wrapper)
            return
    parent.remove(element)
    if _local(parent) == "controls" and len(parent) == 0 and parent.getparent() is not None:
        parent.getparent().remove(parent)  # an empty list of controls is invalid


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""
