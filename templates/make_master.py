"""Generate templates/briefing.pptx, the slide master of the briefing deck.

Why this script exists: the deck code opens briefing.pptx, picks layouts by *name* and fills
placeholders by *idx*. Keeping the master as code (rather than a hand-edited binary) makes it
reviewable, and lets its colours, font and type sizes come from the one theme file,
templates/theme.toml, so the deck matches the charts and the PDF. Its theme fonts (major and minor) are the
theme's office family (Arial): a face every viewer has, metric for metric the charts' and the PDF's face.

Rerun after changing theme.toml or this script (the output is byte-for-byte deterministic):

    .venv/bin/python templates/make_master.py [--theme templates/theme.toml] [--out FILE]

The result is a 16:9 (13.333 in x 7.5 in) presentation with zero slides and six layouts:
Title, Section, Chart and Text, Two Content, Table, Closing. Every placeholder has an explicit
position, word wrap on and autofit off (the deck code sizes text itself).
"""

from __future__ import annotations

import argparse
import html
import io
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.oxml import serialize_part_xml
from pptx.oxml import parse_xml
from pptx.oxml.ns import nsdecls, qn
from pptx.presentation import Presentation as Deck
from pptx.util import Emu

from report.look.theme import office_family

HERE = Path(__file__).resolve().parent
EMU_PER_INCH = 914400
ZIP_TIME = (2024, 1, 1, 0, 0, 0)  # fixed member timestamps keep the output byte-identical


def inch(value: float) -> int:
    return round(value * EMU_PER_INCH)


@dataclass(frozen=True)
class Box:
    """A rectangle in EMU."""

    x: int
    y: int
    w: int
    h: int

    def xfrm(self) -> str:
        return f'<a:xfrm><a:off x="{self.x}" y="{self.y}"/><a:ext cx="{self.w}" cy="{self.h}"/></a:xfrm>'


# --- Geometry (EMU). Text boxes have zero left/right inset, so text aligns with the margins. ---
SLIDE_W, SLIDE_H = 12192000, 6858000  # 13.333 in x 7.5 in
MARGIN = inch(0.6)
CONTENT_W = SLIDE_W - 2 * MARGIN
GUTTER = inch(0.5)
TITLE = Box(MARGIN, inch(0.4), CONTENT_W, inch(0.9))
TOP_BAR = Box(0, 0, SLIDE_W, inch(0.08))
TITLE_RULE = Box(MARGIN, inch(1.42), CONTENT_W, 9525)  # 0.75 pt hairline under the title
TITLE_ACCENT = Box(MARGIN, TITLE_RULE.y + 9525 - inch(0.05), inch(0.9), inch(0.05))
BODY = Box(MARGIN, inch(1.65), CONTENT_W, inch(4.8))  # ends 0.4 in above the footer
FOOTER = Box(MARGIN, inch(6.85), inch(10.6), inch(0.4))
SLDNUM = Box(SLIDE_W - MARGIN - inch(1.0), inch(6.85), inch(1.0), inch(0.4))
# Chart and Text: bullets left (~34 % of the content width), chart right (~62 %): the chart is the message
CHART_TEXT = Box(MARGIN, BODY.y, inch(4.1), BODY.h)
CHART = Box(MARGIN + inch(4.1) + GUTTER, BODY.y, CONTENT_W - inch(4.1) - GUTTER, BODY.h)
HALF_W = (CONTENT_W - GUTTER) // 2
LEFT = Box(MARGIN, BODY.y, HALF_W, BODY.h)
RIGHT = Box(SLIDE_W - MARGIN - HALF_W, BODY.y, HALF_W, BODY.h)
PAD = inch(0.35)  # Closing: body text inset into its panel
PANEL_TEXT = Box(BODY.x + PAD, BODY.y + PAD, BODY.w - 2 * PAD, BODY.h - 2 * PAD)
COVER_BAND = Box(0, 0, SLIDE_W, inch(4.9))
COVER_ACCENT = Box(MARGIN, inch(1.45), inch(1.2), inch(0.07))
COVER_TITLE = Box(MARGIN, inch(1.7), CONTENT_W, inch(1.9))
COVER_SUB = Box(MARGIN, inch(3.7), CONTENT_W, inch(0.9))
COVER_META = Box(MARGIN, inch(5.35), CONTENT_W, inch(0.5))
SECTION_BAR = Box(MARGIN, inch(2.55), inch(0.1), inch(2.1))
SECTION_TITLE = Box(MARGIN + inch(0.4), inch(2.45), CONTENT_W - inch(0.4), inch(1.3))
SECTION_SUB = Box(MARGIN + inch(0.4), inch(3.85), CONTENT_W - inch(0.4), inch(0.8))

# docProps/app.xml: replaces the default's stale "4:3, Office Theme, Macintosh PowerPoint" one
APP_XML = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/'
    b'extended-properties"><PresentationFormat>Widescreen</PresentationFormat>'
    b"<Slides>0</Slides><Notes>0</Notes><HiddenSlides>0</HiddenSlides>"
    b"<Application>report</Application></Properties>"
)


# --- Small XML builders ---------------------------------------------------------------------


def scheme(val: str) -> str:
    return f'<a:solidFill><a:schemeClr val="{val}"/></a:solidFill>'


def rgb(hex_colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{hex_colour.lstrip("#").upper()}"/></a:solidFill>'


def background(val: str) -> str:
    return f"<p:bg><p:bgPr>{scheme(val)}<a:effectLst/></p:bgPr></p:bg>"


def rect(sp_id: int, name: str, box: Box, fill: str) -> str:
    """A decorative, borderless filled rectangle."""
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{sp_id}" name="{name}"/><p:cNvSpPr/>'
        f'<p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr>{box.xfrm()}'
        f'<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>{fill}<a:ln><a:noFill/></a:ln>'
        f"</p:spPr></p:sp>"
    )


def para(text: str, lvl: int = 0) -> str:
    return f'<a:p><a:pPr lvl="{lvl}"/><a:r><a:rPr lang="en-US"/><a:t>{text}</a:t></a:r></a:p>'


SLIDE_NUMBER_PARA = (
    '<a:p><a:fld id="{B6F15528-21DE-4FAA-801E-634DDDAF4B2B}" type="slidenum">'
    '<a:rPr lang="en-US"/><a:t>‹#›</a:t></a:fld></a:p>'
)


def placeholder(sp_id: int, name: str, ph: str, box: Box, *, text: str = "", anchor: str = "t", lst: str = "") -> str:
    """A placeholder; `ph` is the attribute text of <p:ph>, e.g. 'type="body" idx="1"'.

    `text` is prompt text, or ready-made <a:p> paragraphs. Wrap on, autofit off.
    """
    paragraphs = text if text.startswith("<a:p>") else para(text)
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{sp_id}" name="{name}"/>'
        f'<p:cNvSpPr><a:spLocks noGrp="1"/></p:cNvSpPr><p:nvPr><p:ph {ph}/></p:nvPr>'
        f'</p:nvSpPr><p:spPr>{box.xfrm()}<a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        f'</p:spPr><p:txBody><a:bodyPr vert="horz" wrap="square" lIns="0" tIns="45720" '
        f'rIns="0" bIns="45720" rtlCol="0" anchor="{anchor}"><a:noAutofit/></a:bodyPr>'
        f"<a:lstStyle>{lst}</a:lstStyle>{paragraphs}</p:txBody></p:sp>"
    )


def plain(size: float, fill: str, *, bold: bool = False, algn: str = "l", line: int = 100) -> str:
    """lvl1 paragraph style without bullet or indent (for list styles of single-line boxes)."""
    return (
        f'<a:lvl1pPr marL="0" indent="0" algn="{algn}"><a:lnSpc><a:spcPct val="{line}000"/>'
        f'</a:lnSpc><a:spcBef><a:spcPts val="0"/></a:spcBef><a:buNone/>'
        f'<a:defRPr sz="{round(size * 100)}" b="{int(bold)}">{fill}</a:defRPr></a:lvl1pPr>'
    )


def sp_tree(shapes: list[str]) -> str:
    return (
        '<p:spTree><p:nvGrpSpPr><p:cNvPr id="1" name=""/><p:cNvGrpSpPr/><p:nvPr/>'
        '</p:nvGrpSpPr><p:grpSpPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/>'
        '<a:chOff x="0" y="0"/><a:chExt cx="0" cy="0"/></a:xfrm></p:grpSpPr>' + "".join(shapes) + "</p:spTree>"
    )


def element(xml: str, prefixes: tuple[str, ...] = ("a", "p", "r")) -> Any:
    """Parse a fragment whose first tag carries a `{NS}` slot for the namespace declarations."""
    return parse_xml(xml.replace("{NS}", nsdecls(*prefixes), 1))


# --- Theme ----------------------------------------------------------------------------------


def rework_theme(blob: bytes, theme: dict[str, Any]) -> bytes:
    """Set the colour and font schemes of ppt/theme/theme1.xml from theme.toml."""
    pal, family = theme["palette"], office_family(theme["fonts"])
    slots = [
        ("dk1", "ink"),
        ("lt1", "paper"),
        ("dk2", "primary"),
        ("lt2", "panel"),
        ("accent1", "primary"),
        ("accent2", "focus"),
        ("accent3", "patents"),
        ("accent4", "science"),
        ("accent5", "up"),
        ("accent6", "context"),
        ("hlink", "focus"),
        ("folHlink", "muted"),
    ]
    colours = "".join(f'<a:{slot}><a:srgbClr val="{pal[key].lstrip("#").upper()}"/></a:{slot}>' for slot, key in slots)
    fonts = f'<a:latin typeface="{html.escape(family)}"/><a:ea typeface=""/><a:cs typeface=""/>'
    root = parse_xml(blob)
    root.set("name", "report")
    elements = root.find(qn("a:themeElements"))
    for new in (
        element(f'<a:clrScheme {{NS}} name="report">{colours}</a:clrScheme>', ("a",)),
        element(
            f'<a:fontScheme {{NS}} name="report"><a:majorFont>{fonts}</a:majorFont>'
            f"<a:minorFont>{fonts}</a:minorFont></a:fontScheme>",
            ("a",),
        ),
    ):
        elements.replace(elements.find(new.tag), new)
    return serialize_part_xml(root)


# --- Slide master ---------------------------------------------------------------------------


def text_styles(theme: dict[str, Any]) -> str:
    """<p:txStyles>: title bold in primary; body in ink, 0.25 in hanging bullets per level."""
    sizes, muted = theme["sizes"], theme["palette"]["muted"].lstrip("#")
    fonts_mj = '<a:latin typeface="+mj-lt"/><a:ea typeface="+mj-ea"/><a:cs typeface="+mj-cs"/>'
    fonts_mn = '<a:latin typeface="+mn-lt"/><a:ea typeface="+mn-ea"/><a:cs typeface="+mn-cs"/>'
    title = (
        f'<p:titleStyle><a:lvl1pPr algn="l"><a:lnSpc><a:spcPct val="90000"/></a:lnSpc>'
        f'<a:spcBef><a:spcPts val="0"/></a:spcBef><a:buNone/><a:defRPr '
        f'sz="{sizes["deck_title"] * 100}" b="1" kern="1200">{scheme("tx2")}{fonts_mj}'
        f"</a:defRPr></a:lvl1pPr></p:titleStyle>"
    )
    body, other = [], []
    for lvl in range(1, 10):
        size = max(sizes["deck_body"] - 2 * (lvl - 1), sizes["deck_small"] + 2)  # 16, 14, 12...
        colour, char, before = (
            ('<a:schemeClr val="tx2"/>', "•", 1000) if lvl == 1 else (f'<a:srgbClr val="{muted}"/>', "–", 400)
        )
        body.append(
            f'<a:lvl{lvl}pPr marL="{228600 * lvl}" indent="-228600" algn="l"><a:lnSpc>'
            f'<a:spcPct val="110000"/></a:lnSpc><a:spcBef><a:spcPts val="{before}"/></a:spcBef>'
            f'<a:buClr>{colour}</a:buClr><a:buFontTx/><a:buChar char="{char}"/>'
            f'<a:defRPr sz="{size * 100}" kern="1200">{scheme("tx1")}{fonts_mn}</a:defRPr>'
            f"</a:lvl{lvl}pPr>"
        )
        other.append(
            f'<a:lvl{lvl}pPr marL="{457200 * (lvl - 1)}" algn="l"><a:defRPr '
            f'sz="{sizes["deck_body"] * 100}" kern="1200">{scheme("tx1")}{fonts_mn}</a:defRPr>'
            f"</a:lvl{lvl}pPr>"
        )
    return (
        f"<p:txStyles {{NS}}>{title}<p:bodyStyle>{''.join(body)}</p:bodyStyle>"
        f'<p:otherStyle><a:defPPr><a:defRPr lang="en-US"/></a:defPPr>{"".join(other)}'
        f"</p:otherStyle></p:txStyles>"
    )


def footer_shapes(theme: dict[str, Any], first_id: int, ph_idx: tuple[int, int]) -> list[str]:
    """Footer (source line, bottom left) and slide number (bottom right), small muted text."""
    small = plain(theme["sizes"]["deck_small"], rgb(theme["palette"]["muted"]))
    number = plain(theme["sizes"]["deck_small"], rgb(theme["palette"]["muted"]), algn="r")
    return [
        placeholder(
            first_id,
            "Footer",
            f'type="ftr" sz="quarter" idx="{ph_idx[0]}"',
            FOOTER,
            text='<a:p><a:endParaRPr lang="en-US"/></a:p>',
            anchor="b",
            lst=small,
        ),
        placeholder(
            first_id + 1,
            "Slide Number",
            f'type="sldNum" sz="quarter" idx="{ph_idx[1]}"',
            SLDNUM,
            text=SLIDE_NUMBER_PARA,
            anchor="b",
            lst=number,
        ),
    ]


def master_tree(theme: dict[str, Any]) -> str:
    levels = "".join(
        para(t, i) for i, t in enumerate(["Click to edit Master text styles", "Second level", "Third level"])
    )
    shapes = [
        rect(2, "Top Bar", TOP_BAR, scheme("tx2")),
        rect(3, "Title Rule", TITLE_RULE, rgb(theme["palette"]["rule"])),  # hairline...
        rect(4, "Title Accent", TITLE_ACCENT, rgb(theme["palette"]["accent"])),  # ...with a short brand accent
        placeholder(5, "Title", 'type="title"', TITLE, text="Click to edit Master title style", anchor="b"),
        placeholder(6, "Text", 'type="body" idx="1"', BODY, text=levels),
        *footer_shapes(theme, 7, (3, 4)),
    ]
    return f"<p:cSld {{NS}}>{background('bg1')}{sp_tree(shapes)}</p:cSld>"


# --- Layouts --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Layout:
    name: str
    kind: str  # ST_SlideLayoutType: a hint PowerPoint uses when switching layouts
    shapes: list[str]
    show_master_shapes: bool = True
    background: str = ""


def title_ph(sp_id: int = 2) -> str:
    return placeholder(sp_id, "Title", 'type="title"', TITLE, text="Slide title", anchor="b")


def body_ph(sp_id: int, idx: int, box: Box, text: str = "Key points") -> str:
    return placeholder(sp_id, f"Text {idx}", f'type="body" idx="{idx}"', box, text=text)


def obj_ph(sp_id: int, name: str, idx: int, box: Box, theme: dict[str, Any]) -> str:
    lst = plain(theme["sizes"]["deck_body"], rgb(theme["palette"]["muted"]), algn="ctr")
    return placeholder(sp_id, name, f'type="obj" idx="{idx}"', box, text=name, anchor="ctr", lst=lst)


def layouts(theme: dict[str, Any]) -> list[Layout]:
    sizes, muted = theme["sizes"], rgb(theme["palette"]["muted"])
    feet = footer_shapes(theme, 20, (11, 12))
    cover_title = plain(sizes["deck_title"] * 4 / 3, scheme("bg1"), bold=True, line=90)
    cover_sub = plain(sizes["deck_subtitle"] + 2, scheme("bg2"))  # a notch up on the cover
    section_title = plain(sizes["deck_title"] * 1.2, scheme("tx2"), bold=True)
    return [
        # Cover: a deep primary band with the title in white; the meta line below the band
        Layout(
            "Title",
            "title",
            show_master_shapes=False,
            shapes=[
                rect(2, "Cover Band", COVER_BAND, scheme("tx2")),
                rect(3, "Cover Accent", COVER_ACCENT, rgb(theme["palette"]["accent"])),
                placeholder(
                    4, "Title", 'type="ctrTitle"', COVER_TITLE, text="Briefing title", anchor="b", lst=cover_title
                ),
                placeholder(5, "Subtitle", 'type="subTitle" idx="1"', COVER_SUB, text="Subtitle", lst=cover_sub),
                placeholder(
                    6,
                    "Organisation, edition, date",
                    'type="body" idx="2"',
                    COVER_META,
                    text="Organisation · Edition · Date",
                    lst=plain(sizes["deck_body"], muted),
                ),
            ],
        ),
        # Section divider: panel-grey page, a vertical primary bar, a larger title beside it
        Layout(
            "Section",
            "secHead",
            show_master_shapes=False,
            background=background("bg2"),
            shapes=[
                rect(2, "Section Bar", SECTION_BAR, scheme("tx2")),
                placeholder(
                    3, "Title", 'type="title"', SECTION_TITLE, text="Section title", anchor="b", lst=section_title
                ),
                placeholder(
                    4,
                    "Subtitle",
                    'type="body" idx="1"',
                    SECTION_SUB,
                    text="One-line subtitle",
                    lst=plain(sizes["deck_subtitle"], muted),
                ),
                *feet,
            ],
        ),
        Layout(
            "Chart and Text",
            "txAndChart",
            shapes=[
                title_ph(),
                body_ph(3, 1, CHART_TEXT),
                obj_ph(4, "Chart", 2, CHART, theme),
                *feet,
            ],
        ),
        Layout(
            "Two Content",
            "twoObj",
            shapes=[
                title_ph(),
                body_ph(3, 1, LEFT, "Left column"),
                body_ph(4, 2, RIGHT, "Right column"),
                *feet,
            ],
        ),
        Layout("Table", "tbl", shapes=[title_ph(), obj_ph(3, "Table", 1, BODY, theme), *feet]),
        # Closing: the body sits on a panel with a primary left edge (takeaways, next steps)
        Layout(
            "Closing",
            "obj",
            shapes=[
                rect(2, "Closing Panel", BODY, scheme("bg2")),
                rect(3, "Closing Panel Edge", Box(BODY.x, BODY.y, inch(0.08), BODY.h), scheme("tx2")),
                title_ph(4),
                body_ph(5, 1, PANEL_TEXT, "Takeaways"),
                *feet,
            ],
        ),
    ]


def layout_csld(layout: Layout) -> str:
    tree = sp_tree(layout.shapes)
    return f'<p:cSld {{NS}} name="{layout.name}">{layout.background}{tree}</p:cSld>'


# --- Assembly -------------------------------------------------------------------------------


def build(theme: dict[str, Any]) -> Deck:
    prs = Presentation()  # python-pptx's default template: one master, eleven layouts
    prs.slide_width, prs.slide_height = Emu(SLIDE_W), Emu(SLIDE_H)
    prs.part._element.sldSz.attrib.pop("type", None)  # custom size, not "screen4x3"

    master = prs.slide_master
    wanted = layouts(theme)
    for extra in list(prs.slide_layouts)[len(wanted) :]:
        prs.slide_layouts.remove(extra)  # drops the sldLayoutId, the rel and (so) the part

    m = master._element
    m.replace(m.find(qn("p:cSld")), element(master_tree(theme)))
    m.replace(m.find(qn("p:txStyles")), element(text_styles(theme)))
    for slide_layout, spec in zip(prs.slide_layouts, wanted, strict=True):
        root = slide_layout._element
        root.set("type", spec.kind)
        if not spec.show_master_shapes:
            root.set("showMasterSp", "0")
        root.replace(root.find(qn("p:cSld")), element(layout_csld(spec)))

    theme_part = master.part.part_related_by(RT.THEME)
    theme_part.blob = rework_theme(theme_part.blob, theme)

    # --- drop leftovers of the 4:3 default: its thumbnail and a Mac printer-settings blob
    package = prs.part.package
    for rel in list(package.iter_rels()):
        if rel.reltype == RT.THUMBNAIL:
            package.drop_rel(rel.rId)
    for rId, rel in list(prs.part.rels.items()):
        if rel.reltype == RT.PRINTER_SETTINGS:
            prs.part.drop_rel(rId)
    package.part_related_by(RT.EXTENDED_PROPERTIES).blob = APP_XML

    props = prs.core_properties
    props.title, props.author, props.last_modified_by = "Briefing master", "report", "report"
    props.comments = "Generated by templates/make_master.py from templates/theme.toml"
    props.revision = 1
    return prs


def save_deterministic(prs: Deck, out: Path) -> None:
    """Save, then rewrite the zip with fixed timestamps so reruns produce identical bytes."""
    buffer = io.BytesIO()
    prs.save(buffer)
    with zipfile.ZipFile(buffer) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            member.external_attr = 0o644 << 16
            dst.writestr(member, src.read(info), compress_type=zipfile.ZIP_DEFLATED)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0] if __doc__ else None)
    parser.add_argument("--theme", type=Path, default=HERE / "theme.toml")
    parser.add_argument("--out", type=Path, default=HERE / "briefing.pptx")
    args = parser.parse_args()
    with args.theme.open("rb") as f:
        theme = tomllib.load(f)
    save_deterministic(build(theme), args.out)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
