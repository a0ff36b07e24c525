"""Turn reportlab's marked PDF into a tagged, archival one: structure tree, document settings, metadata.

reportlab writes no structure, so the marked file (marking.py) is reopened with pikepdf and given what
PDF/UA-1 and PDF/A-2a ask for: the StructTreeRoot with its ParentTree, /StructParents on pages, Link
elements holding their annotations, MarkInfo, Lang, DisplayDocTitle, UseOutlines, /Tabs /S, then XMP
metadata, the sRGB output intent and clean ToUnicode maps (pdfa.py). Streams are copied as they are
(nothing is decoded or recompressed), so this costs little more than writing the file.
"""

from __future__ import annotations

import io
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from report.outputs.pdf import pdfa
from report.outputs.pdf.marking import Annotation, MarkedContent, Node, TagRecord

_STRUCT_ELEM = Name.StructElem
_NAMES: dict[str, Name] = {}


def _name(role: str) -> Name:
    if role not in _NAMES:
        _NAMES[role] = Name("/" + role)
    return _NAMES[role]


# Which attribute owner (/O) each attribute belongs to, per PDF 1.7 section 14.8.5.
_OWNERS = {"Scope": "/Table", "ColSpan": "/Table", "RowSpan": "/Table", "ListNumbering": "/List"}


def finish_pdf(marked: bytes, record: TagRecord, language: str) -> bytes:
    """The tagged, archival version of ``marked`` (reportlab's output)."""
    with pikepdf.open(io.BytesIO(marked)) as pdf:  # BytesIO: pikepdf reads it lazily, without copying
        pdfa.clean_to_unicode(pdf)
        pdfa.add_output_intent(pdf)
        pdfa.write_xmp(pdf, language)
        pdfa.guard_stream_ends(pdf)
        _StructureWriter(pdf, record).write()
        root = pdf.Root
        root.MarkInfo = Dictionary(Marked=True)
        root.Lang = String(language)
        root.PageMode = Name.UseOutlines
        preferences = root.get("/ViewerPreferences", Dictionary())
        preferences.DisplayDocTitle = True
        root.ViewerPreferences = preferences
        for page in pdf.pages:
            if "/Annots" in page.obj:
                page.obj.Tabs = Name.S
        return _saved(pdf)


def _saved(pdf: pikepdf.Pdf) -> bytes:
    """The file, with the structure packed into compressed object streams, unless one would end in CR.

    Existing streams are copied as they are (reportlab compressed them, pdfa.py checked their ends); only
    the object streams are compressed here, and a compressed stream ends in a checksum byte that is CR one
    time in 256 (pdfa.py's module docstring): then the objects are written loose instead.
    """
    for mode in (pikepdf.ObjectStreamMode.generate, pikepdf.ObjectStreamMode.disable):
        out = io.BytesIO()
        pdf.save(
            out,
            deterministic_id=True,  # the ID is a digest of the content: same inputs, same bytes
            compress_streams=True,  # only what is not compressed yet: object streams (qpdf leaves XMP plain)
            stream_decode_level=pikepdf.StreamDecodeLevel.none,
            object_stream_mode=mode,
            min_version="1.7",
        )
        data = out.getvalue()
        if b"\r\nendstream" not in data:
            return data
    raise ValueError("a stream of the tagged PDF ends in CR, which validators misread as its end of line")


class _StructureWriter:
    """The recorded tree as StructElem objects, and the ParentTree that maps content back to them."""

    def __init__(self, pdf: pikepdf.Pdf, record: TagRecord) -> None:
        self.pdf, self.record = pdf, record
        self.pages = [page.obj for page in pdf.pages]
        self.parents: list[list[Any]] = [[None] * count for count in record.mcids]
        self.annotation_parents: list[Any] = []

    def write(self) -> None:
        pdf, record = self.pdf, self.record
        tree_root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
        document = self._element(record.root, tree_root)
        nums: list[Any] = []
        for index, parents in enumerate(self.parents):
            if parents:
                missing = [mcid for mcid, parent in enumerate(parents) if parent is None]
                if missing:
                    raise AssertionError(f"page {index + 1}: MCIDs {missing} belong to no structure element")
                self.pages[index].StructParents = index
                nums += [index, pdf.make_indirect(Array(parents))]
        key = len(self.pages)
        for annotation, element in self.annotation_parents:
            annotation.StructParent = key
            nums += [key, element]
            key += 1
        tree_root.K = document
        tree_root.ParentTree = pdf.make_indirect(Dictionary(Nums=Array(nums)))
        tree_root.ParentTreeNextKey = key
        pdf.Root.StructTreeRoot = tree_root

    def _element(self, node: Node, parent: Any) -> Any:
        entries: dict[str, Any] = {"/Type": _STRUCT_ELEM, "/S": _name(node.role), "/P": parent}
        page = next((kid.page for kid in node.kids if isinstance(kid, MarkedContent)), None)
        if page is not None:
            entries["/Pg"] = self.pages[page]
        if node.alt:
            entries["/Alt"] = String(node.alt)
        if node.lang:
            entries["/Lang"] = String(node.lang)
        attributes = {k: v for k, v in node.attributes.items() if not k.startswith("_")}
        if attributes:
            entries["/A"] = _attributes(attributes)
        element = self.pdf.make_indirect(Dictionary(entries))  # all at once: each later change costs as much
        kids: list[Any] = []
        for kid in node.kids:
            if isinstance(kid, Node):
                kids.append(self._element(kid, element))
            elif isinstance(kid, MarkedContent):
                kids.append(
                    kid.mcid if kid.page == page else Dictionary(Type=Name.MCR, Pg=self.pages[kid.page], MCID=kid.mcid)
                )
                self.parents[kid.page][kid.mcid] = element
            else:
                kids.append(self._annotation(kid, element))
        if kids:
            element.K = kids[0] if len(kids) == 1 else Array(kids)
        return element

    def _annotation(self, note: Annotation, element: Any) -> Any:
        page = self.pages[note.page]
        annotation = page.Annots[note.index]
        action: Any = annotation.get("/A", {})
        uri = action.get("/URI")
        annotation.Contents = String(str(uri) if uri is not None else note.description or "Link")
        annotation.F = 4  # print, as PDF/A asks of every annotation
        self.annotation_parents.append((annotation, element))
        return Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page)


def _attributes(attributes: dict[str, Any]) -> Any:
    by_owner: dict[str, Dictionary] = {}
    for key, value in attributes.items():
        owner = by_owner.setdefault(_OWNERS[key], Dictionary(O=Name(_OWNERS[key])))
        owner[f"/{key}"] = Name("/" + value) if isinstance(value, str) else value
    owners = list(by_owner.values())
    return owners[0] if len(owners) == 1 else Array(owners)
