"""The PDF's look, taken from the one theme: fonts, paragraph and table styles, page geometry, chart sizes.

Kept apart from pdf.py so the layout code reads as "what goes where" and this file as "how it looks".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from reportlab.lib.colors import Color, HexColor
from reportlab.lib.enums import TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4, letter
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch, mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfbase.ttfonts import TTFont

from report.errors import TemplateError
from report.look.theme import Theme
from report.words.breaks import NBSP, bind

if TYPE_CHECKING:
    from report.outputs.pdf.chain import Encoder

TOC_NUMBERS = 36.0  # the contents' column of page numbers, in points (TableOfContents rightColumnWidth)
# Characters a theme font may lack (Liberation Sans has them; many fonts have no arrows or minus sign), and what the
# PDF prints instead.
SUBSTITUTES = {"\u2192": "->", "\u2190": "<-", "\u2212": "-", "\u2264": "<=", "\u2265": ">=", "\u2248": "~"}


@dataclass(frozen=True)
class PageGeometry:
    size: tuple[float, float]
    margin: float
    footer_gap: float  # between the bottom of the text frame and the footer baseline

    @property
    def frame_width(self) -> float:
        return self.size[0] - 2 * self.margin

    @property
    def frame_height(self) -> float:
        return self.size[1] - 2 * self.margin


GEOMETRY = {
    "a4": PageGeometry(A4, 20 * mm, 8 * mm),
    "letter": PageGeometry(letter, 0.75 * inch, 8 * mm),
}


def page_geometry(page_size: str) -> PageGeometry:
    try:
        return GEOMETRY[page_size.lower()]
    except KeyError:
        raise TemplateError(
            f"found page size {page_size!r}, expected one of {', '.join(GEOMETRY)}; "
            "set page_size in briefing.toml or pass --page-size"
        ) from None


def chart_size(
    width_px: int,
    height_px: int,
    scale: float,
    pt_per_px: float,
    frame_width: float,
) -> tuple[float, float]:
    """Printed size in points: every chart of a kind at its one print scale (so type sizes match from page to
    page); only a chart wider than the frame is made smaller. Aspect ratio kept exactly."""
    width = min(frame_width, width_px / scale * pt_per_px)
    return width, width * height_px / width_px


def register_fonts(theme: Theme) -> tuple[str, frozenset[int], Encoder | None]:
    """Register the theme's TrueType files under its family name; return it, the characters the PDF can draw,
    and, when the font chain adds fonts for this data, the encoder that lays text out over them."""
    family = theme.font_family
    names = {"regular": family, "bold": f"{family}-Bold", "italic": f"{family}-Italic"}
    encoder = None
    if theme.fallbacks:
        from report.outputs.pdf.chain import register_chain

        files = {key: Path(theme.font_files[key]) for key in names}
        try:
            encoder = register_chain(names, files, theme.fallbacks)
        except Exception as exc:  # reportlab raises TTFError and OSError subclasses alike
            raise TemplateError(f"cannot use the fonts for the PDF ({exc}); check the theme's font files") from exc
    else:
        for key, name in names.items():
            path = Path(theme.font_files[key])
            known = pdfmetrics.getFont(name) if name in pdfmetrics.getRegisteredFontNames() else None
            if getattr(known, "_report_path", None) != path or type(known) is not TTFont:  # re-parsing is slow
                try:
                    font = TTFont(name, str(path))
                except Exception as exc:  # reportlab raises TTFError and OSError subclasses alike
                    raise TemplateError(
                        f"{path}: cannot use this font in the PDF ({exc}); point the theme's [fonts] "
                        f"{key} at a TrueType (.ttf) file"
                    ) from exc
                font._report_path = path
                install_font(font)
    pdfmetrics.registerFontFamily(
        family, normal=names["regular"], bold=names["bold"], italic=names["italic"], boldItalic=names["bold"]
    )
    maps = [set(pdfmetrics.getFont(name).face.charToGlyph) for name in names.values()]
    drawn = set.intersection(*maps).union(*(f.chars for f in theme.fallbacks))
    return family, frozenset(drawn), encoder


def install_font(font: TTFont) -> None:
    """Register ``font`` under its name, replacing a font registered there before (reportlab's registerFont
    keeps the first font of a name, so a second theme in one process would draw with the first's)."""
    known = pdfmetrics._fonts.get(font.fontName)  # reportlab has no public lookup that does not load
    if known is font:
        return
    if known is not None and hasattr(known, "unregister"):
        known.unregister()
    pdfmetrics.registerFont(font)


def esc(text: object) -> str:
    """Markup-safe text that needs no glyph check (URLs); everything else goes through `Styles.esc`."""
    return escape(str(text))


def link(url: str, colour: str, text: str | None = None) -> str:
    return f'<a href={quoteattr(url)} color="{colour}">{esc(text if text is not None else url)}</a>'


URL_BREAKS = re.compile(r"(?<=[/.\-])")  # a URL may break after a slash, a dot or a hyphen, never inside a word


def url_lines(url: str, font: str, size: float, first: float, width: float) -> list[str]:
    """``url`` cut into lines that fit: the first line ``first`` points wide, the others ``width``; cuts only
    after '/', '.' or '-'. A piece with no such place that is still too wide keeps a line of its own."""
    lines: list[str] = []
    current, room = "", first
    for piece in (p for p in URL_BREAKS.split(url) if p):
        if current and stringWidth(current + piece, font, size) > room:
            lines.append(current)
            current, room = "", width
        current += piece
    return [*lines, current] if current else lines


def url_markup(url: str, colour: str, font: str, size: float, first: float, width: float) -> str:
    """The URL as linked text with explicit line breaks at the places url_lines chose."""
    return "<br/>".join(link(url, colour, part) for part in url_lines(url, font, size, first, width))


@dataclass(frozen=True)
class Styles:
    """Every paragraph style the PDF uses, plus the theme colours as reportlab colours."""

    family: str
    coverage: frozenset[int]
    encoder: Encoder | None  # lays out text the theme's font cannot draw alone (report.outputs.pdf.chain)
    missing_ok: frozenset[int]  # characters no font has, printed anyway (--allow-missing-glyphs)
    colours: dict[str, Color]
    hex: dict[str, str]
    cover_title: ParagraphStyle
    cover_subtitle: ParagraphStyle
    cover_meta: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    standfirst: ParagraphStyle
    body: ParagraphStyle
    bullet: ParagraphStyle
    caption: ParagraphStyle
    source: ParagraphStyle
    note: ParagraphStyle
    cell: ParagraphStyle
    cell_num: ParagraphStyle
    head: ParagraphStyle
    head_num: ParagraphStyle
    group: ParagraphStyle
    toc: tuple[ParagraphStyle, ...]
    sources_entry: ParagraphStyle
    takeaway: ParagraphStyle
    kpi_label: ParagraphStyle
    kpi_value: ParagraphStyle
    kpi_note: ParagraphStyle
    part_label: ParagraphStyle
    part: ParagraphStyle
    section: ParagraphStyle  # h1 as it looks, inside a part (tagged one level down)
    subsection: ParagraphStyle  # h2 as it looks, inside a part
    footer_size: float
    names: tuple[str, ...] = ()  # kept whole on a line: their spaces are set as no-break spaces (breaks.bind)

    def printable(self, text: object) -> str:
        """The text as the PDF's fonts draw it: characters no font has swapped for look-alikes (an error if one
        has none), and, with the font chain, other scripts laid out over their fonts (see chain.Encoder).

        reportlab would silently draw nothing for a missing character, so a name would vanish from the PDF.
        """
        text = str(text)
        if all(ord(ch) in self.coverage for ch in text):
            return self.encoder.encode(text) if self.encoder is not None else text
        text = "".join(ch if ord(ch) in self.coverage else SUBSTITUTES.get(ch, ch) for ch in text)
        missing = sorted({ch for ch in text if ord(ch) not in self.coverage and ord(ch) not in self.missing_ok})
        if missing:
            chars = ", ".join(f"{ch!r} (U+{ord(ch):04X})" for ch in missing)
            raise TemplateError(
                f"the PDF font {self.family!r} has no glyph for {chars} in {text[:80]!r}; point the "
                "theme's [fonts] regular, bold and italic at fonts that have them (a [fonts] "
                "directory can hold them), or change the text"
            )
        return self.encoder.encode(text) if self.encoder is not None else text

    def esc(self, text: object) -> str:
        """Text from data or templates made printable and safe for reportlab's paragraph markup, its names kept
        whole on a line."""
        return escape(self.printable(self.bound(str(text))))

    def bound(self, text: str) -> str:
        """The text with its names kept whole on a line (breaks.bind), where the font has the no-break space."""
        return bind(text, self.names) if self.names and ord(NBSP) in self.coverage else text


def make_styles(theme: Theme) -> Styles:
    family, coverage, encoder = register_fonts(theme)
    bold = f"{family}-Bold"
    colours = {k: HexColor(v) for k, v in theme.colours.items()}
    s = theme.sizes
    ink, muted, primary, paper = colours["ink"], colours["muted"], colours["primary"], colours["paper"]
    body = ParagraphStyle(
        "body",
        fontName=family,
        fontSize=s["pdf_body"],
        leading=s["pdf_body"] * 1.45,
        textColor=ink,
        spaceAfter=s["pdf_body"] * 0.6,
        alignment=TA_LEFT,
        bulletFontName=family,
    )
    small = s["pdf_small"]

    def style(name: str, parent: ParagraphStyle = body, **kw: object) -> ParagraphStyle:
        return ParagraphStyle(name, parent=parent, **kw)

    def display(name: str, size: float) -> ParagraphStyle:
        """Large bold type in the primary colour: a big number, a part's title."""
        return style(name, fontName=bold, fontSize=size, leading=size * 1.2, textColor=primary, spaceAfter=0)

    cell = style("cell", fontSize=small + 0.5, leading=(small + 0.5) * 1.3, spaceAfter=0)
    head = style("head", cell, fontName=bold, textColor=primary)
    h1 = style(
        "h1",
        fontName=bold,
        fontSize=s["pdf_h1"],
        leading=s["pdf_h1"] * 1.25,
        textColor=primary,
        spaceBefore=s["pdf_h1"] * 0.9,
        spaceAfter=3,
        keepWithNext=1,
    )
    h2 = style(
        "h2",
        fontName=bold,
        fontSize=s["pdf_h2"],
        leading=s["pdf_h2"] * 1.3,
        textColor=primary,
        spaceBefore=s["pdf_h2"] * 1.1,
        spaceAfter=3,
        keepWithNext=1,
    )
    return Styles(
        family=family,
        coverage=coverage,
        encoder=encoder,
        missing_ok=theme.missing_ok,
        colours=colours,
        hex=dict(theme.colours),
        cover_title=style(
            "cover_title",
            fontName=bold,
            fontSize=s["pdf_title"] * 1.3,
            leading=s["pdf_title"] * 1.5,
            textColor=paper,
            spaceAfter=10,
        ),
        cover_subtitle=style(
            "cover_subtitle", fontSize=s["pdf_h2"] + 1.5, leading=(s["pdf_h2"] + 1.5) * 1.4, textColor=paper
        ),
        cover_meta=style("cover_meta", fontSize=s["pdf_body"] + 1, leading=(s["pdf_body"] + 1) * 1.5, textColor=muted),
        h1=h1,
        h2=h2,
        section=style("section", h1),
        subsection=style("subsection", h2),
        h3=style(
            "h3",
            fontName=bold,
            fontSize=s["pdf_body"],
            leading=s["pdf_body"] * 1.35,
            textColor=primary,
            spaceBefore=s["pdf_body"] * 0.9,
            spaceAfter=4,
            keepWithNext=1,
        ),
        standfirst=style(
            "standfirst",
            fontSize=s["pdf_body"] + 1,
            leading=(s["pdf_body"] + 1) * 1.4,
            textColor=muted,
            spaceAfter=s["pdf_body"] * 0.7,
            keepWithNext=1,
        ),
        body=body,
        bullet=style("bullet", leftIndent=12, bulletIndent=2, spaceAfter=3),
        caption=style(
            "caption", fontSize=small + 0.5, leading=(small + 0.5) * 1.35, textColor=ink, spaceBefore=4, spaceAfter=1
        ),
        source=style("source", fontSize=small, leading=small * 1.35, textColor=muted, spaceAfter=small),
        note=style("note", fontSize=small, leading=small * 1.35, textColor=muted, spaceAfter=0),
        cell=cell,
        cell_num=style("cell_num", cell, alignment=TA_RIGHT),
        head=head,
        head_num=style("head_num", head, alignment=TA_RIGHT),
        group=style("group", cell, fontName=bold, textColor=ink),
        toc=(  # each line stops short of the page numbers' column, so a long title wraps before its number
            style(
                "toc0",
                fontSize=s["pdf_body"] + 0.5,
                leading=(s["pdf_body"] + 0.5) * 1.5,
                spaceBefore=5,
                textColor=ink,
                fontName=bold,
                rightIndent=TOC_NUMBERS,
            ),
            *(
                style(
                    f"toc{level}",
                    leftIndent=14 * level,
                    rightIndent=TOC_NUMBERS,
                    fontSize=s["pdf_body"],
                    leading=s["pdf_body"] * 1.45,
                    textColor=ink,
                )
                for level in (1, 2)
            ),
        ),
        sources_entry=style(  # a reference list, set a little smaller than the text, as reports set theirs
            "sources_entry",
            leftIndent=14,
            firstLineIndent=-14,
            fontSize=s["pdf_body"] - 0.5,
            leading=(s["pdf_body"] - 0.5) * 1.4,
            spaceAfter=s["pdf_body"] * 0.45,
        ),
        takeaway=style(
            "takeaway",
            fontSize=s["pdf_body"] + 0.5,
            leading=(s["pdf_body"] + 0.5) * 1.42,
            spaceBefore=6,
            spaceAfter=2,
        ),
        kpi_label=style("kpi_label", fontName=bold, fontSize=small, leading=small * 1.3, textColor=muted, spaceAfter=0),
        kpi_value=display("kpi_value", s["pdf_h1"] + 3),
        kpi_note=style("kpi_note", fontSize=small, leading=small * 1.3, textColor=ink, spaceAfter=0),
        part_label=style(
            "part_label",
            fontName=bold,
            fontSize=small + 1,
            leading=(small + 1) * 1.3,
            textColor=muted,
            spaceBefore=s["pdf_body"] * 0.5,  # a part that opens mid-page stands clear of what ends above it
            spaceAfter=2,
        ),
        part=display("part", s["pdf_h1"] + 5),
        footer_size=small,
    )


def table_commands(
    styles: Styles, rows: int, header: bool = True, groups: tuple[int, ...] = (), columns: int = 1
) -> list[tuple[object, ...]]:
    """Header in the panel colour, zebra stripes restarting after each group row, thin rules."""
    c = styles.colours
    commands: list[tuple[object, ...]] = [
        ("FONTNAME", (0, 0), (-1, -1), styles.family),  # reportlab sets a cell font even for paragraphs
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3.5),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, c["rule"]),
    ]
    first = 1 if header else 0
    if header:
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), c["panel"]),
            ("LINEABOVE", (0, 0), (-1, 0), 0.9, c["primary"]),
            ("LINEBELOW", (0, 0), (-1, 0), 0.6, c["primary"]),
        ]
    stripe = 0
    for row in range(first, rows):
        if row in groups:
            commands += [
                ("SPAN", (0, row), (columns - 1, row)),
                ("LINEBELOW", (0, row), (-1, row), 0.5, c["rule"]),
                ("TOPPADDING", (0, row), (-1, row), 7),
            ]
            stripe = 0
            continue
        if stripe % 2 == 1:
            commands.append(("BACKGROUND", (0, row), (-1, row), c["panel"]))
        stripe += 1
    return commands
