"""Marked content while reportlab draws, and the structure tree it adds up to (written out by archive.py).

Everything drawn on a page is inside exactly one marked-content sequence: ``/<role> <</MCID n>> BDC`` for a
structure element's content, ``/Artifact <</Type ...>> BDC`` for page furniture and decoration, or
``/ReportUntagged`` for what an unknown flowable drew (tags.py). One sequence is open at a time; a sequence
that painted nothing is taken back out of the page, so no element has empty content.

reportlab has no hook around a flowable's drawing, so these few are added, each inert unless the canvas is
a `TaggingCanvas` (an untagged build runs exactly as before):

- `TaggingCanvas`: opens a pagination artifact at each page start (onPage furniture), closes the open
  sequence before the page is written, and hands each link annotation to the element drawing it;
- `TaggedFrame`: top-level flowables (``add``), and the pieces a split makes (``split``), which stay one
  element: a paragraph or a table broken across pages is one P or one Table;
- ``Flowable.drawOn``, patched once: flowables drawn by other flowables (a cover's paragraphs, a chart's
  caption), which have no frame;
- ``paragraph._drawBullet``, patched once: a list item's bullet is its Lbl;
- a table's ``renderCB`` (set while it draws): its rows and cells, and its rules and backgrounds as artifacts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Flowable, Frame, Table, paragraph

from report.outputs.pdf.tags import ARTIFACT, HEADINGS, Tag, language_of, resolve

# Operators that put ink on the page. A sequence without one of them is dropped.
_PAINTING = re.compile(r"T[jJ]|(?:^|\s)(?:Do|f\*?|F|B\*?|b\*?|S|s|sh|BI|'|\")(?=\s|$)", re.M)


def _painted(chunks: list[str]) -> bool:
    text = "\n".join(chunks)
    return "Tj" in text or "TJ" in text or _PAINTING.search(text) is not None  # text first: it is most of it


def _text_of(value: Any) -> str:
    """The plain text of a paragraph, a table cell's paragraphs or strings."""
    values = value if isinstance(value, list | tuple) else [value]
    return " ".join(v.getPlainText() if hasattr(v, "getPlainText") else str(v) for v in values if v is not None)


def _language(value: Any, document: str) -> str | None:
    """language_of() for a paragraph or cell, skipping the common case (ASCII markup) without extracting text."""
    text = getattr(value, "text", value)
    if isinstance(text, str) and text.isascii():  # a paragraph's markup, a string: the usual case, at once
        return None
    values = value if isinstance(value, list | tuple) else [value]
    markup = [v if isinstance(v, str) else getattr(v, "text", "") for v in values]  # no text: a table, a chart
    if all(not isinstance(m, str) or m.isascii() for m in markup):
        return None
    return language_of(_text_of(value), document)


class Node:
    """A structure element being recorded: its role, attributes and kids (Nodes, MarkedContent, Annotation).

    ``attributes`` are written as the element's /A entries (Scope, ColSpan, ListNumbering), except the
    private ones whose names start with "_".
    """

    __slots__ = ("alt", "attached", "attributes", "kids", "lang", "parent", "role", "source")

    def __init__(self, role: str, parent: Node | None, alt: str | None = None, lang: str | None = None) -> None:
        self.role, self.parent, self.alt, self.lang = role, parent, alt, lang
        self.kids: list[Node | MarkedContent | Annotation] = []
        self.attributes: dict[str, Any] = {}
        self.attached = parent is None
        self.source: Any = None  # the flowable or cell drawn as its content: its text describes a link in it

    @property
    def text(self) -> str:
        return _text_of(self.source) if self.source is not None else ""

    def __repr__(self) -> str:
        return f"<{self.role} {len(self.kids)} kids>"


@dataclass(frozen=True, slots=True)
class MarkedContent:
    page: int
    mcid: int


@dataclass(frozen=True, slots=True)
class Annotation:
    """A link annotation: the index in its page's /Annots, and what it leads to in words."""

    page: int
    index: int
    description: str


@dataclass(frozen=True)
class Artifact:
    kind: str  # Pagination or Layout

    @property
    def operator(self) -> str:
        return f"/Artifact <</Type /{self.kind}>> BDC"


@dataclass(frozen=True)
class Untagged:
    name: str  # the flowable's class

    @property
    def operator(self) -> str:
        return f"/ReportUntagged <</Flowable ({self.name})>> BDC"


PAGINATION, LAYOUT = Artifact("Pagination"), Artifact("Layout")
Owner = Node | Artifact | Untagged | None

# Roles whose content is text or a picture: a flowable drawn inside them is part of their content.
LEAVES = frozenset({"P", *HEADINGS, "Caption", "Figure", "Formula", "LBody", "Lbl", "TD", "TH", "Link", "Span"})


class Level:
    """One flowable being drawn: where its child elements go and what its own drawing belongs to."""

    __slots__ = ("absorbing", "flowable", "label", "owner", "parent", "restore")

    def __init__(
        self, parent: Node, owner: Owner, absorbing: bool, flowable: Any = None, label: Node | None = None
    ) -> None:
        self.parent, self.owner, self.absorbing, self.flowable = parent, owner, absorbing, flowable
        self.label = label  # a list item's Lbl
        self.restore: list[Any] = []  # a table's renderCB before this drawing set it


@dataclass(frozen=True)
class TagRecord:
    """What archive.py needs: the tree, how many MCIDs each page has, and the pages' link annotations."""

    root: Node
    mcids: tuple[int, ...]
    annotations: tuple[tuple[Annotation, Node], ...]
    untagged: tuple[str, ...]


class Recorder:
    """Marks a canvas's drawing and records the structure; one per canvas, so one per multiBuild pass."""

    def __init__(self, canvas: Canvas, language: str) -> None:
        self.canvas, self.language = canvas, language
        self.root = Node("Document", None)
        self.levels = [Level(self.root, PAGINATION, False)]
        self.current: Owner = None
        self.opened: tuple[int, MarkedContent | None] = (0, None)  # where the open BDC is, and its MCID
        self.mcids: list[int] = []
        # id(origin) -> the origin, its element, what its own drawing belongs to
        self.by_origin: dict[int, tuple[Any, Node, Node | Artifact | None]] = {}
        self.annotations: list[tuple[Annotation, Node]] = []
        self.untagged: set[str] = set()
        self.trailing: list[tuple[Node, MarkedContent]] = []  # content that reads after its element's other text

    # -- sequences ---------------------------------------------------------------------------------------------
    @property
    def page(self) -> int:
        return self.canvas._pageNumber - 1

    def switch(self, owner: Owner, trailing: bool = False) -> None:
        """Make ``owner`` the owner of what is drawn next (``trailing``: its content reads after the rest)."""
        if owner is self.current:
            return
        self._close()
        if owner is None:
            return
        code = self.canvas._code
        if isinstance(owner, Node):
            page, mcids = self.canvas._pageNumber - 1, self.mcids
            while len(mcids) <= page:
                mcids.append(0)
            mark = MarkedContent(page, mcids[page])
            mcids[page] += 1
            owner.kids.append(mark)
            code.append(f"/{owner.role} <</MCID {mark.mcid}>> BDC")
            self.opened = (len(code) - 1, mark)
            if trailing:
                self.trailing.append((owner, mark))
        else:
            code.append(owner.operator)
            self.opened = (len(code) - 1, None)
        self.current = owner

    def _close(self) -> None:
        owner, (start, mark) = self.current, self.opened
        if owner is None:
            return
        code = self.canvas._code
        self.current = None
        if _painted(code[start + 1 :]):
            code.append("EMC")
            if isinstance(owner, Node):
                self._attach(owner)
            elif isinstance(owner, Untagged):
                self.untagged.add(owner.name)
            return
        del code[start]  # nothing painted: no sequence, no MCID
        if isinstance(owner, Node) and mark is not None:
            owner.kids.remove(mark)
            self.mcids[mark.page] -= 1

    def _attach(self, node: Node) -> None:
        """Put an element into the tree the first time it has content, so tree order is drawing order."""
        if node.attached:
            return
        assert node.parent is not None
        self._attach(node.parent)
        node.parent.kids.append(node)
        node.attached = True

    def page_started(self) -> None:
        self.levels[1:] = []
        self.switch(PAGINATION)

    def page_ended(self) -> None:
        self.switch(None)

    # -- flowables ---------------------------------------------------------------------------------------------
    def enter(self, flowable: Any) -> None:
        top = self.levels[-1]
        if top.absorbing or top.flowable is flowable:
            self.levels.append(Level(top.parent, top.owner, top.absorbing, flowable, top.label))
            return
        origin = getattr(flowable, "_report_origin", flowable)
        tag = resolve(origin)
        if tag is None:
            level = Level(top.parent, Untagged(type(flowable).__name__), False, flowable)
        elif tag.role == ARTIFACT:
            level = Level(top.parent, LAYOUT, True, flowable)
        elif tag.role is None:
            level = Level(top.parent, self._drawing(tag, top.parent, origin) or top.owner, False, flowable)
        elif isinstance(flowable, Table) and (tag.role == "TOC" or top.parent.role == "TOC"):
            toc = self._element(origin, tag, top.parent)[0] if tag.role == "TOC" else top.parent
            level = Level(toc, LAYOUT, False, flowable)
            self._draw_table(flowable, level, TocRows(self, toc))
        else:
            node, drawing = self._element(origin, tag, top.parent)
            level = Level(node, drawing or node, node.role in LEAVES, flowable)
            if isinstance(flowable, Table):
                self._draw_table(flowable, level, TableRows(self, node, flowable))
            elif isinstance(node, ListItem):
                level.label, level.owner, level.absorbing = node.label, node.body, True
        self.levels.append(level)
        self.switch(level.owner)

    def exit(self) -> None:
        level = self.levels.pop()
        if level.restore:
            level.flowable._renderCB = level.restore[0]
        self.switch(self.levels[-1].owner)
        self.move_trailing()

    def move_trailing(self) -> None:
        """Put trailing content (see TaggingCanvas.getNamedCB) after its element's other content."""
        for node, mark in self.trailing:
            if mark in node.kids:
                node.kids.remove(mark)
                node.kids.append(mark)
        self.trailing.clear()

    def _element(self, origin: Any, tag: Tag, parent: Node) -> tuple[Node, Node | Artifact | None]:
        """The element of ``origin``, made on first use: every piece of a split flowable shares it."""
        found = self.by_origin.get(id(origin))
        if found is not None and found[0] is origin:
            return found[1], found[2]
        assert tag.role is not None
        node = ListItem(parent) if tag.role == "LI" else Node(tag.role, parent, tag.alt)
        node.lang, node.source = tag.lang or _language(origin, self.language), origin
        if tag.role == "LI":
            node.attributes["_bullet"] = str(getattr(origin, "bulletText", ""))
        drawing = self._drawing(tag, node, origin)
        self.by_origin[id(origin)] = (origin, node, drawing)
        return node, drawing

    def _drawing(self, tag: Tag, parent: Node, origin: Any) -> Node | Artifact | None:
        """What a flowable's own drawing belongs to, when its Tag says (see Tag.drawing)."""
        if tag.drawing is None:
            return None
        if tag.drawing == ARTIFACT:
            return LAYOUT
        assert isinstance(tag.drawing, Tag) and tag.drawing.role not in (None, ARTIFACT)
        return Node(tag.drawing.role, parent, tag.drawing.alt, tag.drawing.lang)

    def _draw_table(self, table: Table, level: Level, rows: Any) -> None:
        level.restore = [getattr(table, "_renderCB", None)]
        table._renderCB = rows

    def bullet_label(self) -> Node | None:
        return self.levels[-1].label

    def annotation(self, index: int) -> None:
        """A link annotation was added to this page: it belongs to a Link element inside what is being drawn."""
        owner = self.current
        if not isinstance(owner, Node):
            return  # left without a Link parent: the self-check names it
        link = owner if owner.role == "Link" else Node("Link", owner)
        note = Annotation(self.page, index, link.text or owner.text)
        link.kids.append(note)
        self._attach(link)
        self.annotations.append((note, link))

    def finish(self) -> TagRecord:
        """The recorded tree with lists grouped and heading levels made consecutive."""
        self.switch(None)
        _group_lists(self.root)
        _level_headings(self.root, [0])
        return TagRecord(self.root, tuple(self.mcids), tuple(self.annotations), tuple(sorted(self.untagged)))


class ListItem(Node):
    """An LI with its Lbl (the bullet) and LBody (the text), attached as they get content."""

    __slots__ = ("body", "label")

    def __init__(self, parent: Node) -> None:
        super().__init__("LI", parent)
        self.label, self.body = Node("Lbl", self), Node("LBody", self)


class TableRows:
    """A table's renderCB: header rows THead > TR > TH, the rest TBody > TR > TD; a repeated header an artifact."""

    def __init__(self, recorder: Recorder, table_node: Node, table: Table) -> None:
        self.recorder, self.node, self.table = recorder, table_node, table
        repeat = table.repeatRows
        self.header_rows = set(range(repeat)) if isinstance(repeat, int) else set(repeat)
        self.repeated = getattr(table, "_report_continued", False)
        self.row: Node | None = None
        self.header = False

    def __call__(self, table: Table, event: str, *args: Any) -> None:
        recorder = self.recorder
        if event == "startRow":
            self.header = args[0] in self.header_rows
            if self.header and self.repeated:
                self.row = None  # drawn again on this page for the reader's eye only
                return
            group = self._group("THead" if self.header else "TBody")
            self.row = Node("TR", group)
        elif event == "startCell":
            row_number, column, value = args[0], args[1], args[2]
            if self.row is None:
                recorder.levels.append(Level(self.node, PAGINATION, True, value))
            else:
                cell = Node("TH" if self.header else "TD", self.row)
                if self.header:
                    cell.attributes["Scope"] = "Column"
                span = getattr(table, "_spanRanges", {}).get((column, row_number))
                if span is not None and span[2] > span[0]:
                    cell.attributes["ColSpan"] = span[2] - span[0] + 1
                if span is not None and span[3] > span[1]:
                    cell.attributes["RowSpan"] = span[3] - span[1] + 1
                cell.source, cell.lang = value, _language(value, recorder.language)
                recorder._attach(cell)  # an empty cell is still a cell: every row keeps its width
                recorder.levels.append(Level(cell, cell, True, value))
            recorder.switch(recorder.levels[-1].owner)
        elif event == "endCell":  # the next cell or the rules switch away from it: nothing is drawn between
            recorder.levels.pop()
            recorder.move_trailing()
        elif event in ("startBG", "startLines"):
            recorder.switch(LAYOUT)

    def _group(self, role: str) -> Node:
        groups = self.node.attributes.setdefault("_groups", {})
        if role not in groups:
            groups[role] = Node(role, self.node)
        return groups[role]


class TocRows:
    """The contents table's renderCB: each entry a TOCI > Reference > Link holding its text and annotations."""

    def __init__(self, recorder: Recorder, toc: Node) -> None:
        self.recorder, self.toc = recorder, toc
        self.link: Node | None = None

    def __call__(self, table: Table, event: str, *args: Any) -> None:
        recorder = self.recorder
        if event == "startRow":
            item = Node("TOCI", self.toc)
            self.link = Node("Link", Node("Reference", item))
        elif event == "startCell" and self.link is not None:
            self.link.source = args[2]
            recorder.levels.append(Level(self.link, self.link, True, args[2]))
            recorder.switch(self.link)
        elif event == "endCell":
            recorder.levels.pop()
            recorder.move_trailing()
        elif event in ("startBG", "startLines"):
            recorder.switch(LAYOUT)


def _group_lists(node: Node) -> None:
    """Neighbouring list items become one L, numbered by its first bullet."""
    kids: list[Node | MarkedContent | Annotation] = []
    for kid in node.kids:
        if isinstance(kid, Node):
            _group_lists(kid)
            if kid.role == "LI":
                if not (kids and isinstance(kids[-1], Node) and kids[-1].role == "L"):
                    bullet = kid.attributes.get("_bullet", "")
                    numbering = "Decimal" if bullet[:1].isdigit() else "Disc" if bullet in "•●·-–" else "None"
                    group = Node("L", node)
                    group.attributes["ListNumbering"], group.attached = numbering, True
                    kids.append(group)
                kid.parent = kids[-1]  # type: ignore[assignment]
                kids[-1].kids.append(kid)  # type: ignore[union-attr]
                continue
        kids.append(kid)
    node.kids = kids


def _level_headings(node: Node, last: list[int]) -> None:
    """Heading levels in document order never skip: each is at most one below the previous heading."""
    for kid in node.kids:
        if not isinstance(kid, Node):
            continue
        if kid.role in HEADINGS:
            level = min(int(kid.role[1]), last[0] + 1)
            kid.role, last[0] = f"H{level}", level
        _level_headings(kid, last)


# -- the hooks -------------------------------------------------------------------------------------------------
class TaggingCanvas(Canvas):
    """A canvas whose drawing is marked (see the module's docstring); ``report_tags`` holds the record."""

    def __init__(self, *args: Any, language: str = "en", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.report_tags = Recorder(self, language)
        self.report_tags.page_started()

    def showPage(self) -> None:
        self.report_tags.page_ended()
        super().showPage()
        self.report_tags.page_started()

    def save(self) -> None:
        self.report_tags.page_ended()  # else the sequence opened for the next page would make it a blank page
        super().save()

    def beginText(self, x: float = 0, y: float = 0, direction: Any = None) -> PDFTextObject:
        return _SpacedLines(self, x, y, direction=direction)

    def getNamedCB(self, name: str) -> Any:
        """A paragraph's onDraw callback (a contents line's page number) reads after the paragraph's text.

        reportlab writes the callback's drawing before the paragraph's own text object, so it gets a
        sequence of its own that the recorder moves after the text.
        """
        callback = super().getNamedCB(name)
        if callback is None:
            return None
        recorder = self.report_tags

        def trailing(*args: Any) -> Any:
            owner = recorder.current
            recorder.switch(None)
            recorder.switch(owner, trailing=True)
            try:
                return callback(*args)
            finally:
                recorder.switch(None)
                recorder.switch(owner)

        return trailing

    def _annotatePage(self, name: str) -> None:
        super()._annotatePage(name)
        self.report_tags.annotation(len(self._annotationrefs) - 1)


class _SpacedLines(PDFTextObject):
    """Text that ends each line with a space, so text read through the structure keeps words apart.

    The space is drawn after the line's last word, where it moves nothing: the next line starts from the
    line origin. Readers that go by position (pdftotext, pypdf) see the same words as before.
    """

    def _textOut(self, text: str, TStar: int = 0) -> None:
        super()._textOut(text + " " if TStar else text, TStar)


class TaggedFrame(Frame):
    """A frame that marks what it draws, and keeps the pieces of a split flowable one element."""

    def add(self, flowable: Any, canv: Any, trySplit: int = 0) -> int:
        recorder: Recorder | None = getattr(canv, "report_tags", None)
        if recorder is None:
            return super().add(flowable, canv, trySplit)
        recorder.enter(flowable)
        try:
            return super().add(flowable, canv, trySplit)
        finally:
            recorder.exit()

    def split(self, flowable: Any, canv: Any) -> list[Any]:
        pieces: list[Any] = super().split(flowable, canv)
        if getattr(canv, "report_tags", None) is None:
            return pieces
        origin = getattr(flowable, "_report_origin", flowable)
        tag = resolve(origin)
        if tag is None or tag.role in (None, ARTIFACT):
            return pieces
        continued = getattr(flowable, "_report_continued", False)
        for number, piece in enumerate(pieces):
            # Pieces of the same kind (a paragraph's, a table's; a contents table's) are the same element;
            # other pieces are the children a container splits into, each tagged for itself.
            if type(piece) is type(flowable) or tag.role == "TOC":
                piece._report_origin, piece._report_continued = origin, continued or number > 0
        return pieces


def _install() -> None:
    """Patch reportlab's two drawing entry points once; both pass straight through on an untagged canvas."""
    if getattr(Flowable.drawOn, "report_hook", False):
        return
    draw_on, draw_bullet = Flowable.drawOn, paragraph._drawBullet

    def drawOn(self: Any, canvas: Any, x: float, y: float, _sW: float = 0) -> None:
        if getattr(canvas, "report_layout_only", False):  # a pass that only finds where things go
            return None
        recorder: Recorder | None = getattr(canvas, "report_tags", None)
        if recorder is None:
            return draw_on(self, canvas, x, y, _sW)
        recorder.enter(self)
        try:
            return draw_on(self, canvas, x, y, _sW)
        finally:
            recorder.exit()

    def _drawBullet(canvas: Any, *args: Any, **kwargs: Any) -> Any:
        recorder: Recorder | None = getattr(canvas, "report_tags", None)
        label = recorder.bullet_label() if recorder is not None else None
        if recorder is None or label is None:
            return draw_bullet(canvas, *args, **kwargs)
        recorder.switch(label)
        try:
            return draw_bullet(canvas, *args, **kwargs)
        finally:
            recorder.switch(recorder.levels[-1].owner)

    drawOn.report_hook = True  # type: ignore[attr-defined]
    Flowable.drawOn = drawOn
    paragraph._drawBullet = _drawBullet


_install()
