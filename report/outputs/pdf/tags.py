"""What each thing the PDF draws is, for readers that cannot see it: the one table to edit when a flowable is added.

When a flowable is drawn (marking.py), its structure element is found here, in this order:

1. its own declaration, the attribute ``report_tag``: set it with `tagged(flowable, role, ...)` where the
   flowable is made, or as a class attribute (``report_tag = Tag("Div")``) on a custom Flowable class;
2. else the first class in `CLASSES` it is an instance of;
3. a Paragraph: its style's name in `STYLES` (anything else is a ``P``); with ``bulletText`` it is a list
   item: ``LI`` with the bullet as ``Lbl`` and the text as ``LBody``, and neighbouring items make one ``L``.

A flowable found nowhere is *unknown*. If it draws anything, that drawing is left outside the structure,
marked ``/ReportUntagged`` with the class's name, and the self-check (check.py) and page-validation fail,
naming the class. Declare it rather than guess.

Everything drawn outside any flowable (what a page template's onPage draws: footers, page numbers) is a
pagination artifact. The rules and backgrounds of tables, HRFlowable rules and what a flowable declares as
``drawing=ARTIFACT`` are layout artifacts. A table's repeated header row is a pagination artifact.

Roles are PDF 1.7's standard structure types. Headings are levelled in document order: a heading deeper
than one below the previous heading is raised to it (an ``h3`` straight after an ``H1`` is tagged ``H2``), so
the levels never skip.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Any, TypeVar

from reportlab.platypus import HRFlowable, KeepTogether, Paragraph, Table
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.flowables import NullDraw
from reportlab.platypus.tableofcontents import TableOfContents

ARTIFACT = "Artifact"


@dataclass(frozen=True)
class Tag:
    """A flowable's structure element.

    role: a standard structure type ("P", "H1", "Figure", "Div", "Table", ...), or `ARTIFACT` for a flowable
        that is decoration through and through, or None for one that has no element of its own (its child
        flowables attach to the enclosing element; it draws nothing itself, or only what `drawing` says).
    alt: the alternate description a Figure (or Formula) must have.
    lang: the element's language (BCP 47), when it differs from the document's and is known.
    drawing: what the flowable draws itself, outside its child flowables: None, the element's own content;
        `ARTIFACT`, decoration; or a Tag, a child element made for it (a chart picture inside a Div that
        also holds the chart's caption paragraph: ``Tag("Div", drawing=Tag("Figure", alt=...))``).
    """

    role: str | None
    alt: str | None = None
    lang: str | None = None
    drawing: Tag | str | None = None

    def __post_init__(self) -> None:
        if self.role == "Figure" and not (self.alt or "").strip():
            raise ValueError("a Figure needs alt text: tagged(flowable, 'Figure', alt='what it shows')")


TRANSPARENT = Tag(None)
DECORATION = Tag(ARTIFACT)

# Classes by what they are. Order matters: the first match wins (TableOfContents is drawn as a Table).
CLASSES: tuple[tuple[type, Tag | None], ...] = (
    (TableOfContents, Tag("TOC", drawing=ARTIFACT)),  # entries: TOCI > Reference > Link (with its annotations)
    (Table, Tag("Table", drawing=ARTIFACT)),  # rows TR in THead/TBody, cells TH/TD; rules, backgrounds artifacts
    (Paragraph, None),  # by style, below
    (HRFlowable, DECORATION),
    (NullDraw, TRANSPARENT),  # Spacer, CondPageBreak, PageBreak: they draw nothing
    (ActionFlowable, TRANSPARENT),  # NextPageTemplate and the like
    (KeepTogether, TRANSPARENT),  # its content is drawn flowable by flowable
)

# Paragraph styles by name (styles.py). Heading styles are headings; the rest of the text is P.
STYLES: dict[str, str] = {
    "cover_title": "H1",
    "h1": "H1",
    "h2": "H2",
    "h3": "H3",
    "part": "H1",  # a part of the PDF; the sections in it look like h1 and h2 but sit one level down
    "section": "H2",
    "subsection": "H3",
    "caption": "Caption",
}
HEADINGS = ("H1", "H2", "H3", "H4", "H5", "H6")

F = TypeVar("F")


def tagged(
    flowable: F,
    role: str | None,
    *,
    alt: str | None = None,
    lang: str | None = None,
    drawing: Tag | str | None = None,
) -> F:
    """Declare ``flowable``'s structure element (see `Tag`) and return it, so it can wrap a constructor call."""
    flowable.report_tag = Tag(role, alt=alt, lang=lang, drawing=drawing)  # type: ignore[attr-defined]
    return flowable


def figure(alt: str) -> Tag:
    """A Figure with its alternate description: ``tagged(block, "Div", drawing=figure(spec.alt))``."""
    return Tag("Figure", alt=alt)


def resolve(flowable: Any) -> Tag | None:
    """The flowable's Tag, or None if it is unknown."""
    declared = getattr(flowable, "report_tag", None)
    if declared is not None:
        return declared
    for cls, tag in CLASSES:
        if isinstance(flowable, cls):
            return tag if tag is not None else _paragraph(flowable)
    return None


def _paragraph(paragraph: Paragraph) -> Tag:
    if getattr(paragraph, "bulletText", None):
        return Tag("LI")
    return Tag(STYLES.get(paragraph.style.name, "P"))


# Scripts that name one language wherever they are met. Latin, Cyrillic, Arabic and Han do not, so text in
# them gets no Lang of its own (Russian or Bulgarian? Chinese or Japanese?).
_SCRIPT_LANGUAGES = {
    "GREEK": "el",
    "HANGUL": "ko",
    "THAI": "th",
    "HEBREW": "he",
    "ARMENIAN": "hy",
    "GEORGIAN": "ka",
}
_KANA = {"HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA"}
_LATIN = re.compile("[A-Za-z]")


def language_of(text: str, document_language: str) -> str | None:
    """The language of ``text`` when all its letters are in a script that names one, other than the document's.

    Per element (a paragraph, a table cell), not per span: a Greek word inside an English sentence stays
    untagged, since the sentence is drawn as one run of text.
    """
    if text.isascii() or _LATIN.search(text):
        return None  # Latin, or Latin mixed with another script: no one language for the whole element
    scripts = {unicodedata.name(ch, "?").split(" ")[0] for ch in text if ch.isalpha()}
    scripts.discard("CJK")
    if not scripts:
        return None
    if scripts <= _KANA:
        language = "ja"  # kana (with or without kanji) is Japanese
    elif len(scripts) == 1 and (found := _SCRIPT_LANGUAGES.get(next(iter(scripts)))):
        language = found
    else:
        return None
    return None if document_language.split("-")[0].lower() == language else language
