"""A structural self-check of a tagged PDF, with pikepdf: what page-validation cannot see about our own files.

`tag_problems(path)` reads the file back and lists, in words, every place where:
- something is painted outside both a structure element's marked content and an artifact (naming the
  flowable class when marking.py left it /ReportUntagged);
- an MCID on a page is not referenced exactly once from the ParentTree, or the element the ParentTree names
  does not hold it, or the tree holds an MCID no page has;
- an image is drawn outside a Figure with a non-empty /Alt;
- a heading level skips (H1 then H3);
- a table's rows have different numbers of cells (column spans counted);
- a link annotation has no Link element holding it, or no /Contents;
- the catalog lacks MarkInfo, Lang or the structure tree, or the XMP lacks pdfuaid:part 1 or PDF/A-2a.
An empty list means the file passed. Tests run it on every kind of PDF the tool writes.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pikepdf

_TEXT = {"Tj", "TJ", "'", '"'}
_PAINT = _TEXT | {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do", "INLINE IMAGE"}


def tag_problems(path: Path) -> list[str]:
    """Every problem found in ``path``'s tagging, one line each; empty when it is sound."""
    with pikepdf.open(path) as pdf:
        return _Check(pdf).run()


class _Check:
    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.problems: list[str] = []
        self.pages = {page.obj.objgen: number for number, page in enumerate(pdf.pages, 1)}

    def run(self) -> list[str]:
        root = self.pdf.Root
        self._catalog(root)
        if "/StructTreeRoot" not in root:
            return self.problems
        held = self._tree(root.StructTreeRoot)
        parent_tree = _number_tree(root.StructTreeRoot.get("/ParentTree"))
        drawn: list[tuple[int, int]] = []
        for number, page in enumerate(self.pdf.pages, 1):
            drawn += [(number, mcid) for mcid in self._content(number, page, parent_tree)]
            self._links(number, page, parent_tree)
        for mark, count in Counter(drawn).items():
            if count > 1:
                self.problems.append(f"page {mark[0]}: MCID {mark[1]} marks {count} sequences")
        for (page_number, mcid), elements in held.items():
            if (page_number, mcid) not in drawn:
                self.problems.append(f"page {page_number}: the structure holds MCID {mcid}, which the page lacks")
            if len(elements) != 1:
                self.problems.append(f"page {page_number}: MCID {mcid} is held by {len(elements)} elements")
        for page_number, mcid in drawn:
            if (page_number, mcid) not in held:
                self.problems.append(f"page {page_number}: MCID {mcid} belongs to no structure element")
        return self.problems

    # -- the document ----------------------------------------------------------------------------------------
    def _catalog(self, root: Any) -> None:
        if not bool(root.get("/MarkInfo", {}).get("/Marked", False)):
            self.problems.append("the catalog's MarkInfo does not say Marked true")
        if not str(root.get("/Lang", "")).strip():
            self.problems.append("the catalog has no /Lang")
        if "/StructTreeRoot" not in root:
            self.problems.append("the catalog has no StructTreeRoot")
        xmp = root.Metadata.read_bytes().decode("utf-8") if "/Metadata" in root else ""
        if not re.search(r"<pdfuaid:part>1</pdfuaid:part>|pdfuaid:part=[\"']1[\"']", xmp):
            self.problems.append("the XMP metadata does not declare pdfuaid:part 1")
        if "<pdfaid:part>2</pdfaid:part>" not in xmp or "<pdfaid:conformance>A</pdfaid:conformance>" not in xmp:
            self.problems.append("the XMP metadata does not declare PDF/A-2a")

    def _tree(self, tree_root: Any) -> dict[tuple[int, int], list[Any]]:
        """Walk the structure tree in order: MCIDs held, heading levels, tables."""
        held: dict[tuple[int, int], list[Any]] = {}
        last_heading = [0]

        def walk(element: Any, page: int | None) -> None:
            role = str(element.get("/S", ""))[1:]
            if "/Pg" in element:
                page = self.pages.get(element.Pg.objgen)
            if re.fullmatch(r"H[1-6]", role):
                level = int(role[1])
                if level > last_heading[0] + 1:
                    self.problems.append(f"heading levels skip: H{level} follows H{last_heading[0]}")
                last_heading[0] = level
            if role == "Table":
                self._table(element)
            for kid in _kids(element):
                if isinstance(kid, int):
                    if page is None:
                        self.problems.append(f"a {role} element holds MCID {kid} with no page")
                    else:
                        held.setdefault((page, kid), []).append(element)
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
                    mcr_page = self.pages.get(kid.Pg.objgen) if "/Pg" in kid else page
                    held.setdefault((mcr_page or 0, int(kid.MCID)), []).append(element)
                elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR":
                    walk(kid, page)

        for kid in _kids(tree_root):
            walk(kid, None)
        return held

    def _table(self, table: Any) -> None:
        widths = []
        for row in _rows(table):
            cells = [cell for cell in _kids(row) if _role(cell) in ("TH", "TD")]
            widths.append(sum(int(_attribute(cell, "/ColSpan") or 1) for cell in cells))
        if len(set(widths)) > 1:
            self.problems.append(f"a table's rows have different numbers of cells: {sorted(set(widths))}")

    # -- the pages -------------------------------------------------------------------------------------------
    def _content(self, number: int, page: pikepdf.Page, parent_tree: dict[int, Any]) -> list[int]:
        """The page's MCIDs, checking every painting operator is marked and every image is a described Figure."""
        key = page.obj.get("/StructParents")
        parents = parent_tree.get(int(key)) if key is not None else None
        resources: Any = page.obj.get("/Resources", {})
        xobjects: Any = resources.get("/XObject", {})
        stack: list[tuple[str, Any]] = []  # (tag, MCID or None) of each open sequence
        mcids: list[int] = []
        unmarked: Counter[str] = Counter()
        instructions: Any = pikepdf.parse_content_stream(page)
        for operands, operator in instructions:
            op = str(operator)
            if op in ("BDC", "BMC"):
                tag = str(operands[0])
                props = operands[1] if op == "BDC" else None
                mcid = int(props["/MCID"]) if isinstance(props, pikepdf.Dictionary) and "/MCID" in props else None
                if tag == "/ReportUntagged" and isinstance(props, pikepdf.Dictionary):
                    tag = f"{tag}:{props.get('/Flowable', '?')}"
                stack.append((tag, mcid))
                if mcid is not None:
                    mcids.append(mcid)
            elif op == "EMC":
                if not stack:
                    self.problems.append(f"page {number}: EMC without a sequence to close")
                else:
                    stack.pop()
            elif op in _PAINT:
                if any(tag == "/Artifact" for tag, _ in stack):
                    continue
                marked = [mcid for _, mcid in stack if mcid is not None]
                if not marked:
                    untagged = [tag.split(":", 1)[1] for tag, _ in stack if tag.startswith("/ReportUntagged:")]
                    unmarked[untagged[-1] if untagged else ""] += 1
                    continue
                if op == "Do" and xobjects.get(str(operands[0]), {}).get("/Subtype") == "/Image":
                    element = parents[marked[-1]] if parents is not None and marked[-1] < len(parents) else None
                    if element is None or _role(element) != "Figure" or not str(element.get("/Alt", "")).strip():
                        self.problems.append(f"page {number}: image {operands[0]} is not inside a Figure with /Alt")
            elif op == "Do" and xobjects.get(str(operands[0]), {}).get("/Subtype") == "/Form":
                self.problems.append(f"page {number}: form XObject {operands[0]}: the self-check does not read forms")
        if stack:
            self.problems.append(f"page {number}: {len(stack)} marked-content sequences left open")
        for flowable, count in unmarked.items():
            self.problems.append(
                f"page {number}: {count} painting operators drawn by the flowable {flowable}, which tags.py does "
                "not know: declare its role with tagged() or add it to tags.CLASSES"
                if flowable
                else f"page {number}: {count} painting operators outside marked content or artifacts"
            )
        if mcids and parents is None:
            self.problems.append(f"page {number}: has MCIDs but no /StructParents entry in the ParentTree")
        elif parents is not None:
            for mcid in mcids:
                if mcid >= len(parents) or parents[mcid] is None:
                    self.problems.append(f"page {number}: MCID {mcid} is not in the ParentTree")
                elif mcid not in [k for k in _kids(parents[mcid]) if isinstance(k, int)] + [
                    int(k.MCID) for k in _kids(parents[mcid]) if isinstance(k, pikepdf.Dictionary) and "/MCID" in k
                ]:
                    self.problems.append(
                        f"page {number}: the ParentTree names an element for MCID {mcid} not holding it"
                    )
            if len(parents) != len(set(mcids)):
                self.problems.append(
                    f"page {number}: the ParentTree lists {len(parents)} MCIDs, the page has {len(set(mcids))}"
                )
        return mcids

    def _links(self, number: int, page: pikepdf.Page, parent_tree: dict[int, Any]) -> None:
        for index, annotation in enumerate(page.obj.get("/Annots", [])):
            if annotation.get("/Subtype") != "/Link":
                continue
            if not str(annotation.get("/Contents", "")).strip():
                self.problems.append(f"page {number}: link annotation {index} has no /Contents")
            key = annotation.get("/StructParent")
            element = parent_tree.get(int(key)) if key is not None else None
            if element is None or _role(element) != "Link":
                self.problems.append(f"page {number}: link annotation {index} has no Link element")
            elif not any(
                isinstance(k, pikepdf.Dictionary) and k.get("/Type") == "/OBJR" and k.Obj.objgen == annotation.objgen
                for k in _kids(element)
            ):
                self.problems.append(f"page {number}: the Link element of annotation {index} does not hold it")


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K") if isinstance(element, pikepdf.Dictionary) else None
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]  # pikepdf gives integers as int


def _mcids_held(element: Any) -> list[int]:
    kids = _kids(element)
    return [k for k in kids if isinstance(k, int)] + [
        int(k.MCID) for k in kids if isinstance(k, pikepdf.Dictionary) and "/MCID" in k
    ]


def _role(element: Any) -> str:
    return str(element.get("/S", ""))[1:] if isinstance(element, pikepdf.Dictionary) else ""


def _attribute(element: Any, name: str) -> Any:
    attributes = element.get("/A")
    for owner in attributes if isinstance(attributes, pikepdf.Array) else [attributes] if attributes else []:
        if name in owner:
            return owner[name]
    return None


def _rows(table: Any) -> list[Any]:
    rows = []
    for kid in _kids(table):
        if _role(kid) == "TR":
            rows.append(kid)
        elif _role(kid) in ("THead", "TBody", "TFoot"):
            rows += [row for row in _kids(kid) if _role(row) == "TR"]
    return rows


def _number_tree(node: Any) -> dict[int, Any]:
    """A number tree (the ParentTree) as a dict, following /Kids."""
    found: dict[int, Any] = {}
    if node is None:
        return found
    nums = node.get("/Nums", [])
    for i in range(0, len(nums) - 1, 2):
        found[int(nums[i])] = nums[i + 1]
    for kid in node.get("/Kids", []):
        found.update(_number_tree(kid))
    return found
