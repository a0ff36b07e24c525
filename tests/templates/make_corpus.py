"""Generate the hard cases of the template corpus (tests/templates/*.pptx); see README.md beside it.

Each template is python-pptx's stock master (MIT, like python-pptx) reshaped with lxml into one hard case a
real corporate template presents: a dark background through the colour map, a coloured or photographic or
gradient background, a logo in the content area, text placeholders that are footer strips and header labels,
covers only, two masters, no layouts, 4:3, a 26.67-inch slide, layout names in Japanese and Portuguese.
The pictures are drawn here too. The output is byte-for-byte the same on every run:

    .venv/bin/python tests/templates/make_corpus.py
"""

from __future__ import annotations

import io
import math
import random
import re
import zipfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pptx
from lxml import etree
from pptx import Presentation
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.util import Emu

HERE = Path(__file__).resolve().parent
STOCK = Path(pptx.__file__).parent / "templates" / "default.pptx"
EMU_IN = 914400
ZIP_TIME = (2024, 1, 1, 0, 0, 0)
NS = {
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "p": "http://schemas.openxmlformats.org/presentationml/2006/main",
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
}
DECL = 'xmlns:a="{a}" xmlns:p="{p}" xmlns:r="{r}"'.format(**NS)


def emu(inches: float) -> int:
    return round(inches * EMU_IN)


@dataclass(frozen=True)
class Ph:
    """A placeholder on a layout: its type (None: content), index, name and box in inches."""

    type: str | None
    idx: int
    name: str
    box: tuple[float, float, float, float]


Layout = tuple[str, Sequence[Ph]]


# --- geometry of the usual layouts, for a slide w × h inches --------------------------------------------------


def standard_layouts(w: float, h: float, names: Sequence[str] | None = None, footers: bool = False) -> list[Layout]:
    """Title slide, title and content, two content, comparison, title only, section header, content with caption."""
    m, top, gap = 0.6 * w / 13.333, 1.55 * h / 7.5, 0.4 * w / 13.333
    title = (m, 0.35 * h / 7.5, w - 2 * m, 0.95 * h / 7.5)
    body_h = h - top - 0.9 * h / 7.5
    half = (w - 2 * m - gap) / 2
    foot = [Ph("ftr", 11, "Footer", (m, h - 0.6 * h / 7.5, w * 0.6, 0.35 * h / 7.5)),
            Ph("sldNum", 12, "Slide Number", (w - m - 1.0 * w / 13.333, h - 0.6 * h / 7.5, 1.0 * w / 13.333,
                                              0.35 * h / 7.5))] if footers else []  # fmt: skip
    found = [
        ("Title Slide", [Ph("ctrTitle", 0, "Title", (m, h * 0.3, w - 2 * m, h * 0.2)),
                         Ph("subTitle", 1, "Subtitle", (m, h * 0.53, w - 2 * m, h * 0.12))]),
        ("Title and Content", [Ph("title", 0, "Title", title), Ph(None, 1, "Content", (m, top, w - 2 * m, body_h)),
                               *foot]),
        ("Two Content", [Ph("title", 0, "Title", title), Ph(None, 1, "Left", (m, top, half, body_h)),
                         Ph(None, 2, "Right", (m + half + gap, top, half, body_h)), *foot]),
        ("Comparison", [Ph("title", 0, "Title", title),
                        Ph("body", 1, "Left heading", (m, top, half, 0.5 * h / 7.5)),
                        Ph(None, 2, "Left", (m, top + 0.6 * h / 7.5, half, body_h - 0.6 * h / 7.5)),
                        Ph("body", 3, "Right heading", (m + half + gap, top, half, 0.5 * h / 7.5)),
                        Ph(None, 4, "Right", (m + half + gap, top + 0.6 * h / 7.5, half, body_h - 0.6 * h / 7.5)),
                        *foot]),
        ("Title Only", [Ph("title", 0, "Title", title), *foot]),
        ("Section Header", [Ph("title", 0, "Title", (m, h * 0.4, w - 2 * m, h * 0.18)),
                            Ph("body", 1, "Text", (m, h * 0.6, w - 2 * m, h * 0.1))]),
    ]  # fmt: skip
    if names is not None:
        found = [(name, phs) for name, (_old, phs) in zip(names, found, strict=True)]
    return found


# --- pictures --------------------------------------------------------------------------------------------------


def logo_png() -> bytes:
    """A round badge in two colours on a transparent ground, as logos are."""
    from PIL import Image, ImageDraw

    size = 480
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.ellipse((8, 8, size - 8, size - 8), fill=(196, 30, 58, 255))
    draw.polygon([(size * 0.5, size * 0.2), (size * 0.8, size * 0.75), (size * 0.2, size * 0.75)], fill="white")
    draw.ellipse((size * 0.4, size * 0.48, size * 0.6, size * 0.68), fill=(196, 30, 58, 255))
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def photo_jpeg() -> bytes:
    """A dark, uneven 'photograph': a teal-to-plum sky with soft lights and grain."""
    from PIL import Image, ImageFilter

    w, h = 800, 450
    rng = random.Random(12)
    image = Image.new("RGB", (w, h))
    pixels = bytearray()
    lights = [(rng.uniform(0, w), rng.uniform(0, h), rng.uniform(60, 160)) for _ in range(6)]
    for y in range(h):
        for x in range(w):
            t = y / h
            base = [15 + 28 * t, 61 - 34 * t, 76 - 2 * t]
            glow = sum(max(0.0, 1 - math.hypot(x - lx, y - ly) / r) for lx, ly, r in lights)
            grain = rng.uniform(-6, 6)
            pixels.extend(max(0, min(255, round(c + 38 * glow + grain))) for c in base)
    image = Image.frombytes("RGB", (w, h), bytes(pixels)).filter(ImageFilter.GaussianBlur(1.2))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=82)
    return out.getvalue()


# --- editing a master, its layouts and its theme ------------------------------------------------------------


def ph_xml(shape_id: int, ph: Ph) -> str:
    kind = f' type="{ph.type}"' if ph.type else ""
    x, y, cx, cy = (emu(v) for v in ph.box)
    return (
        f'<p:sp {DECL}><p:nvSpPr><p:cNvPr id="{shape_id}" name="{ph.name}"/><p:cNvSpPr><a:spLocks noGrp="1"/>'
        f'</p:cNvSpPr><p:nvPr><p:ph{kind} idx="{ph.idx}"/></p:nvPr></p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" '
        f'y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm></p:spPr><p:txBody><a:bodyPr/><a:lstStyle/><a:p>'
        '<a:endParaRPr lang="en-US"/></a:p></p:txBody></p:sp>'
    )


def set_layouts(master: Any, layouts: Sequence[Layout]) -> None:
    """Reshape the master's first layouts into ``layouts`` and drop the rest."""
    existing = list(master.slide_layouts)
    for (name, phs), layout in zip(layouts, existing, strict=False):
        c_sld = layout.element.find("p:cSld", NS)
        c_sld.set("name", name)
        tree = c_sld.find("p:spTree", NS)
        for shape in list(tree)[2:]:
            tree.remove(shape)
        for number, ph in enumerate(phs, 2):
            tree.append(etree.fromstring(ph_xml(number, ph)))
        layout.element.attrib.pop("type", None)
    for layout in existing[len(layouts) :]:
        master.slide_layouts.remove(layout)


def set_master(master: Any, w: float, h: float, title_pt: float, body_pt: float, text: str | None = None) -> None:
    """Place the master's placeholders for a w × h slide; titles left-aligned at title_pt, body at body_pt;
    every text style in ``text`` (a hex colour) when given, else the colour map's tx1."""
    m = 0.6 * w / 13.333
    boxes = {
        "title": (m, 0.35 * h / 7.5, w - 2 * m, 0.95 * h / 7.5),
        "body": (m, 1.55 * h / 7.5, w - 2 * m, h - 2.45 * h / 7.5),
        "dt": (m, h - 0.6 * h / 7.5, 2.0 * w / 13.333, 0.35 * h / 7.5),
        "ftr": (w * 0.3, h - 0.6 * h / 7.5, w * 0.4, 0.35 * h / 7.5),
        "sldNum": (w - m - 1.0 * w / 13.333, h - 0.6 * h / 7.5, 1.0 * w / 13.333, 0.35 * h / 7.5),
    }
    for shape in master.placeholders:
        kind = shape.element.ph.get("type", "obj")
        if kind in boxes:
            x, y, cx, cy = (emu(v) for v in boxes[kind])
            shape.left, shape.top, shape.width, shape.height = Emu(x), Emu(y), Emu(cx), Emu(cy)
        for rpr in shape.element.iter(f"{{{NS['a']}}}defRPr"):  # a footer's own size grows with the slide
            if rpr.get("sz"):
                rpr.set("sz", str(round(int(rpr.get("sz")) * h / 7.5)))
    styles = master.element.find("p:txStyles", NS)
    for style_name, size in (("p:titleStyle", title_pt), ("p:bodyStyle", body_pt), ("p:otherStyle", body_pt * 0.6)):
        style = styles.find(style_name, NS)
        for level, ppr in enumerate(style):
            if not etree.QName(ppr).localname.startswith("lvl"):
                continue
            if style_name == "p:titleStyle":
                ppr.set("algn", "l")
            rpr = ppr.find("a:defRPr", NS)
            if rpr is None:
                continue
            rpr.set("sz", str(round(max(size * (1 - 0.1 * level), 10) * 100)))
            if text is not None:
                fill = rpr.find("a:solidFill", NS)
                if fill is not None:
                    rpr.remove(fill)
                rpr.insert(0, etree.fromstring(f'<a:solidFill {DECL}><a:srgbClr val="{text}"/></a:solidFill>'))


def set_background(owner: Any, fill_xml: str) -> None:
    """Replace the background of a master or layout with a bgPr holding ``fill_xml``."""
    c_sld = owner.element.find("p:cSld", NS)
    old = c_sld.find("p:bg", NS)
    if old is not None:
        c_sld.remove(old)
    bg = etree.fromstring(f"<p:bg {DECL}><p:bgPr>{fill_xml}<a:effectLst/></p:bgPr></p:bg>")
    c_sld.insert(0, bg)


def picture_fill(owner: Any, data: bytes) -> str:
    """A blipFill of ``data`` stretched over its shape, related from ``owner``'s part."""
    _part, rid = owner.part.get_or_add_image_part(io.BytesIO(data))
    return f'<a:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></a:blipFill>'


def add_picture(owner: Any, data: bytes, box: tuple[float, float, float, float], name: str) -> None:
    _part, rid = owner.part.get_or_add_image_part(io.BytesIO(data))
    x, y, cx, cy = (emu(v) for v in box)
    tree = owner.element.find("p:cSld/p:spTree", NS)
    tree.append(
        etree.fromstring(
            f'<p:pic {DECL}><p:nvPicPr><p:cNvPr id="{90 + len(tree)}" name="{name}" descr="{name}"/>'
            '<p:cNvPicPr><a:picLocks noChangeAspect="1"/></p:cNvPicPr><p:nvPr userDrawn="1"/></p:nvPicPr>'
            f'<p:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></p:blipFill><p:spPr>'
            f'<a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm><a:prstGeom prst="rect">'
            "<a:avLst/></a:prstGeom></p:spPr></p:pic>"
        )
    )


def add_rect(owner: Any, box: tuple[float, float, float, float], colour: str, name: str) -> None:
    x, y, cx, cy = (emu(v) for v in box)
    tree = owner.element.find("p:cSld/p:spTree", NS)
    tree.append(
        etree.fromstring(
            f'<p:sp {DECL}><p:nvSpPr><p:cNvPr id="{90 + len(tree)}" name="{name}"/><p:cNvSpPr/>'
            f'<p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm><a:off x="{x}" y="{y}"/><a:ext cx="{cx}" '
            f'cy="{cy}"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom><a:solidFill>{colour}'
            "</a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>"
        )
    )


def set_theme(master: Any, colours: dict[str, str], font: str = "Arial") -> None:
    """Set the master theme's scheme colours (dk1, lt1, accent1...) and its Latin fonts."""
    theme_part = master.part.part_related_by(RT.THEME)
    root = etree.fromstring(theme_part.blob)
    scheme = root.find(".//a:clrScheme", NS)
    for name, value in colours.items():
        slot = scheme.find(f"a:{name}", NS)
        for child in list(slot):
            slot.remove(child)
        etree.SubElement(slot, f"{{{NS['a']}}}srgbClr", val=value)
    for which in ("majorFont", "minorFont"):
        root.find(f".//a:fontScheme/a:{which}/a:latin", NS).set("typeface", font)
    theme_part._blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def swap_colour_map(master: Any) -> None:
    """Light text on a dark background the way dark templates do it: bg1 = dk1, tx1 = lt1."""
    clr_map = master.element.find("p:clrMap", NS)
    clr_map.attrib.update({"bg1": "dk1", "tx1": "lt1", "bg2": "dk2", "tx2": "lt2"})


def new_deck(w: float, h: float) -> Any:
    prs = Presentation(str(STOCK))
    prs.slide_width, prs.slide_height = Emu(emu(w)), Emu(emu(h))
    return prs


BRAND = {"dk2": "1F3A5F", "lt2": "E7ECF3", "accent1": "1F6FB2", "accent2": "E07A1F", "accent3": "2A9D8F",
         "accent4": "E9C46A", "accent5": "8E5572", "accent6": "5C946E"}  # fmt: skip


# --- the corpus ------------------------------------------------------------------------------------------------


def dark_clrmap() -> Any:
    prs = new_deck(13.333, 7.5)
    master = prs.slide_masters[0]
    set_theme(master, {"dk1": "0E1A2B", "lt1": "FFFFFF", **BRAND})
    swap_colour_map(master)
    set_master(master, 13.333, 7.5, 30, 18)
    set_layouts(master, standard_layouts(13.333, 7.5))
    return prs


def coloured_solid() -> Any:
    prs = new_deck(13.333, 7.5)
    master = prs.slide_masters[0]
    set_theme(master, {"dk1": "1A1A1A", "lt1": "FFFFFF", **BRAND, "accent1": "F2C14E"})
    set_background(master, '<a:solidFill><a:srgbClr val="7A1F2B"/></a:solidFill>')
    set_master(master, 13.333, 7.5, 30, 18, text="FFFFFF")
    set_layouts(master, standard_layouts(13.333, 7.5))
    return prs


def image_background() -> Any:
    prs = new_deck(13.333, 7.5)
    master = prs.slide_masters[0]
    set_theme(master, {"dk1": "111111", "lt1": "FFFFFF", **BRAND})
    set_background(master, picture_fill(master, photo_jpeg()))
    set_master(master, 13.333, 7.5, 30, 18, text="FFFFFF")
    set_layouts(master, standard_layouts(13.333, 7.5))
    return prs


def gradient_background() -> Any:
    prs = new_deck(13.333, 7.5)
    master = prs.slide_masters[0]
    set_theme(master, {"dk1": "14213D", "lt1": "FFFFFF", **BRAND})
    set_background(
        master,
        '<a:gradFill rotWithShape="1"><a:gsLst><a:gs pos="0"><a:srgbClr val="FFFFFF"/></a:gs><a:gs pos="100000">'
        '<a:srgbClr val="8FA9C6"/></a:gs></a:gsLst><a:lin ang="5400000" scaled="0"/></a:gradFill>',
    )
    set_master(master, 13.333, 7.5, 30, 18)
    set_layouts(master, standard_layouts(13.333, 7.5, footers=True))
    return prs


def logo_in_content() -> Any:
    prs = new_deck(13.333, 7.5)
    master = prs.slide_masters[0]
    set_theme(master, {"dk1": "222222", "lt1": "FFFFFF", **BRAND})
    set_master(master, 13.333, 7.5, 28, 18)
    set_layouts(master, standard_layouts(13.333, 7.5))
    logo = logo_png()
    add_picture(master, logo, (11.2, 0.3, 1.1, 1.1), "Logo")  # beside the title
    add_picture(master, logo, (11.2, 5.1, 1.5, 1.5), "Seal")  # in the content area, bottom right
    return prs


def footer_text() -> Any:
    """Text placeholders that are strips: a footer line and a header label a naive choice takes for the body."""
    w, h = 13.333, 7.5
    prs = new_deck(w, h)
    master = prs.slide_masters[0]
    set_theme(master, {"dk1": "202A35", "lt1": "FFFFFF", **BRAND})
    set_master(master, w, h, 28, 18)
    title = (0.6, 0.55, 12.1, 0.9)
    label = Ph("body", 13, "Header label", (0.6, 0.15, 5.0, 0.26))
    strip = Ph("body", 14, "Footer text", (0.6, 6.95, 12.1, 0.3))
    set_layouts(
        master,
        [
            ("Cover", [Ph("ctrTitle", 0, "Title", (0.6, 2.4, 12.1, 1.5)), Ph("subTitle", 1, "Subtitle",
                                                                               (0.6, 4.0, 12.1, 0.8))]),
            ("Statement", [label, Ph("title", 0, "Title", title), strip]),
            ("Text with visual", [label, Ph("title", 0, "Title", title),
                                  Ph("body", 1, "Text", (0.6, 1.7, 4.6, 5.0)),
                                  Ph("pic", 2, "Visual", (5.6, 1.7, 7.1, 5.0)), strip]),
            ("Two texts", [label, Ph("title", 0, "Title", title), Ph("body", 1, "Left", (0.6, 1.7, 5.9, 5.0)),
                           Ph("body", 2, "Right", (6.8, 1.7, 5.9, 5.0)), strip]),
            ("Body copy", [Ph("title", 0, "Title", title), Ph("body", 1, "Text", (0.6, 1.7, 12.1, 5.0))]),
            ("Heading", [label, Ph("title", 0, "Title", title), strip]),
        ],
    )  # fmt: skip
    return prs


def cover_only() -> Any:
    prs = new_deck(13.333, 7.5)
    master = prs.slide_masters[0]
    set_theme(master, {"dk1": "1B2430", "lt1": "FFFFFF", **BRAND})
    set_master(master, 13.333, 7.5, 36, 20)
    layouts = standard_layouts(13.333, 7.5)
    set_layouts(master, [layouts[0], layouts[5]])  # the title slide and the section header only
    return prs


def two_masters() -> Any:
    """The first master has covers and a title-only layout; the content layouts are on the second."""
    prs = Presentation(io.BytesIO(second_master(STOCK.read_bytes())))
    w, h = 13.333, 7.5
    prs.slide_width, prs.slide_height = Emu(emu(w)), Emu(emu(h))
    first, second = prs.slide_masters
    layouts = standard_layouts(w, h)
    set_theme(first, {"dk1": "1B2430", "lt1": "FFFFFF", **BRAND})
    set_master(first, w, h, 30, 18)
    set_layouts(first, [layouts[0], layouts[5], layouts[4]])
    set_theme(second, {"dk1": "1B2430", "lt1": "FFFFFF", **BRAND, "accent1": "2A9D8F"})
    set_master(second, w, h, 30, 18)
    set_background(second, '<a:solidFill><a:srgbClr val="F4F6F8"/></a:solidFill>')
    set_layouts(second, [layouts[1], layouts[2], layouts[3]])
    return prs


def no_layouts() -> Any:
    prs = new_deck(13.333, 7.5)
    master = prs.slide_masters[0]
    set_master(master, 13.333, 7.5, 30, 18)
    set_layouts(master, [])
    return prs


def four_three() -> Any:
    """4:3 with its own layout names and a coloured band down the left edge."""
    w, h = 10.0, 7.5
    prs = new_deck(w, h)
    master = prs.slide_masters[0]
    set_theme(master, {"dk1": "2B2D42", "lt1": "FFFFFF", **BRAND, "accent1": "8D99AE"})
    set_master(master, w, h, 26, 16)
    add_rect(master, (0, 0, 0.2, h), '<a:schemeClr val="accent1"/>', "Edge band")
    names = ("Cover", "Text", "Side by side", "Compare", "Heading only", "Divider")
    set_layouts(master, standard_layouts(w, h, names, footers=True))
    return prs


def huge_slide() -> Any:
    """A 26.67 × 15 in slide (twice 16:9), its type twice as large."""
    w, h = 26.667, 15.0
    prs = new_deck(w, h)
    master = prs.slide_masters[0]
    set_theme(master, {"dk1": "1B2430", "lt1": "FFFFFF", **BRAND})
    set_master(master, w, h, 60, 36)
    set_layouts(master, standard_layouts(w, h, footers=True))
    return prs


def japanese_names() -> Any:
    prs = new_deck(13.333, 7.5)
    master = prs.slide_masters[0]
    set_theme(master, {"dk1": "1B2430", "lt1": "FFFFFF", **BRAND})
    set_master(master, 13.333, 7.5, 30, 18)
    names = ("タイトル スライド", "タイトルとコンテンツ", "2 つのコンテンツ", "比較", "タイトルのみ",
             "セクション見出し")  # fmt: skip
    set_layouts(master, standard_layouts(13.333, 7.5, names))
    return prs


def portuguese_names() -> Any:
    prs = new_deck(13.333, 7.5)
    master = prs.slide_masters[0]
    set_theme(master, {"dk1": "1B2430", "lt1": "FFFFFF", **BRAND})
    set_master(master, 13.333, 7.5, 30, 18)
    names = ("Slide de Título", "Título e Conteúdo", "Duas Partes de Conteúdo", "Comparação", "Somente Título",
             "Cabeçalho da Seção")  # fmt: skip
    set_layouts(master, standard_layouts(13.333, 7.5, names, footers=True))
    return prs


CORPUS: dict[str, Callable[[], Any]] = {
    "dark-clrmap": dark_clrmap,
    "coloured-solid": coloured_solid,
    "image-background": image_background,
    "gradient-background": gradient_background,
    "logo-in-content": logo_in_content,
    "footer-text": footer_text,
    "cover-only": cover_only,
    "two-masters": two_masters,
    "no-layouts": no_layouts,
    "four-three": four_three,
    "huge-26in": huge_slide,
    "japanese-names": japanese_names,
    "portuguese-names": portuguese_names,
}


# --- a second master, and a deterministic file -----------------------------------------------------------------


def second_master(data: bytes) -> bytes:
    """The package with its slide master (layouts and theme with it) copied as a second master."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    layouts = sorted(n for n in parts if re.fullmatch(r"ppt/slideLayouts/slideLayout\d+\.xml", n))
    count = len(layouts)
    renumber = {f"slideLayout{n}.xml": f"slideLayout{n + count}.xml" for n in range(1, count + 1)}
    for n in range(1, count + 1):
        old, new = f"ppt/slideLayouts/slideLayout{n}.xml", f"ppt/slideLayouts/slideLayout{n + count}.xml"
        parts[new] = parts[old]
        rels = parts[f"ppt/slideLayouts/_rels/slideLayout{n}.xml.rels"]
        parts[f"ppt/slideLayouts/_rels/slideLayout{n + count}.xml.rels"] = rels.replace(
            b"slideMaster1.xml", b"slideMaster2.xml"
        )
    master_rels = parts["ppt/slideMasters/_rels/slideMaster1.xml.rels"].decode()
    master_rels = re.sub(r"slideLayout(\d+)\.xml", lambda m: renumber[m.group(0)], master_rels)
    parts["ppt/slideMasters/_rels/slideMaster2.xml.rels"] = master_rels.replace("theme1.xml", "theme2.xml").encode()
    master = parts["ppt/slideMasters/slideMaster1.xml"].decode()
    parts["ppt/slideMasters/slideMaster2.xml"] = re.sub(
        r'<p:sldLayoutId id="(\d+)"', lambda m: f'<p:sldLayoutId id="{int(m.group(1)) + 100}"', master
    ).encode()
    parts["ppt/theme/theme2.xml"] = parts["ppt/theme/theme1.xml"]
    presentation = parts["ppt/presentation.xml"].decode()
    parts["ppt/presentation.xml"] = presentation.replace(
        "</p:sldMasterIdLst>", '<p:sldMasterId id="2147483748" r:id="rId90"/></p:sldMasterIdLst>'
    ).encode()
    rels = parts["ppt/_rels/presentation.xml.rels"].decode()
    parts["ppt/_rels/presentation.xml.rels"] = rels.replace(
        "</Relationships>",
        '<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        'slideMaster" Target="slideMasters/slideMaster2.xml"/></Relationships>',
    ).encode()
    types = parts["[Content_Types].xml"].decode()
    extra = [
        '<Override PartName="/ppt/slideMasters/slideMaster2.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.presentationml.slideMaster+xml"/>',
        '<Override PartName="/ppt/theme/theme2.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        'theme+xml"/>',
        *(
            f'<Override PartName="/ppt/slideLayouts/slideLayout{n + count}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"/>'
            for n in range(1, count + 1)
        ),
    ]
    parts["[Content_Types].xml"] = types.replace("</Types>", "".join(extra) + "</Types>").encode()
    return _zip(parts)


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in sorted(parts, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(info, parts[name])
    return out.getvalue()


def deterministic(prs: Any) -> bytes:
    """The saved package with fixed member times and order, and without the stock thumbnail."""
    raw = io.BytesIO()
    prs.save(raw)
    with zipfile.ZipFile(io.BytesIO(raw.getvalue())) as source:
        parts = {name: source.read(name) for name in source.namelist() if name != "docProps/thumbnail.jpeg"}
    parts["_rels/.rels"] = re.sub(rb"<Relationship [^>]*thumbnail[^>]*/>", b"", parts["_rels/.rels"])
    return _zip(parts)


def main() -> None:
    for name, make in CORPUS.items():
        (HERE / f"{name}.pptx").write_bytes(deterministic(make()))
        print(f"wrote {name}.pptx")


if __name__ == "__main__":
    main()
