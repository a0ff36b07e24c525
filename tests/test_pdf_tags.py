"""The tagged PDF: every kind the tool writes passes page-validation and the self-check; readers still agree.

Kinds: the briefing (A4), US letter, --top 7, the --changes-page Revisions section and a per-hub PDF.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import page
import pikepdf
import pytest
from pypdf import PdfReader

from report.blocks import Chart, Contents, Cover, Part, Show, Story
from report.charts.raster import RenderedChart, render_charts
from report.content import Content
from report.data import load_briefing
from report.outputs.pdf.check import tag_problems
from report.outputs.pdf.document import build_pdf
from report.outputs.pdf.pdfa import ICC_PROFILE, xmp_date
from report.paths import templates_dir
from report.story import full_story
from report.words.narrative import write_narrative
from tests.conftest import DATA, TEST_DATE

pytestmark = pytest.mark.slow
REVISION = "Seoul: PCT applications 63,447 -> 63,500"
GREEK = "Μόναχο: Ελληνικά ονόματα"


def _with_changes(story: Story, *lines: str) -> Story:
    return full_story(dataclasses.replace(story.content, changes=lines)).with_charts(story.rendered.values())


def _top(content: Content, n: int, charts_dir: Path) -> Story:
    briefing = load_briefing(DATA, {"top": n, "page_size": None})
    narrative = write_narrative(briefing, templates_dir() / "prose.toml", TEST_DATE)
    story = full_story(Content(briefing, narrative, content.theme, TEST_DATE))
    return story.with_charts(render_charts(story.chart_specs(), charts_dir, content.theme, jobs=2))


@pytest.fixture(scope="module")
def pdfs(
    story: Story, first_hub_story: Story, charts: tuple[RenderedChart, ...], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    """Every kind of PDF, tagged, plus the briefing untagged to compare readers with."""
    out = tmp_path_factory.mktemp("tagged")
    cache = tmp_path_factory.mktemp("top-charts")
    for chart in charts:  # the top-7 story reuses the session's charts and renders only its new ones
        shutil.copy(chart.png, cache / chart.png.name)
    kinds: dict[str, tuple[Story, str, bool]] = {
        "briefing": (story, "a4", True),
        "letter": (story, "letter", True),
        "top-7": (_top(story.content, 7, cache), "a4", True),
        "revisions": (_with_changes(story, REVISION, GREEK), "a4", True),
        "hub": (first_hub_story, "a4", True),
        "untagged": (story, "a4", False),
        "hub-untagged": (first_hub_story, "a4", False),
    }
    paths = {}
    for kind, (built, size, tagged) in kinds.items():
        paths[kind] = out / f"{kind}.pdf"
        build_pdf(built, paths[kind], size, tagged=tagged)
    return paths


TAGGED = ["briefing", "letter", "top-7", "revisions", "hub"]


@pytest.mark.parametrize("profile", ["ua1", "pdfa-2a"])
@pytest.mark.parametrize("kind", TAGGED)
def test_page_validation_finds_no_failed_rule(pdfs: dict[str, Path], kind: str, profile: str) -> None:
    report = page.validate_pdf(pdfs[kind], profile=profile)
    failed = [f"{f.rule_id}: {f.message}" for f in report.failures]
    assert report.is_compliant and not failed, failed
    assert report.rules.total == report.rules.passed > 100


@pytest.mark.parametrize("kind", TAGGED)
def test_self_check_passes(pdfs: dict[str, Path], kind: str) -> None:
    assert tag_problems(pdfs[kind]) == []


def test_the_untagged_build_fails_both_checks(pdfs: dict[str, Path]) -> None:
    """The checks can fail: reportlab's plain output is what the issue started from."""
    assert not page.validate_pdf(pdfs["untagged"], profile="ua1").is_compliant
    assert "the catalog has no StructTreeRoot" in tag_problems(pdfs["untagged"])


@pytest.mark.parametrize("kind", TAGGED)
def test_qpdf_check_is_clean_and_pdfinfo_says_tagged(pdfs: dict[str, Path], kind: str) -> None:
    if not (shutil.which("qpdf") and shutil.which("pdfinfo")):
        pytest.skip("needs qpdf and poppler-utils (tools/install-system-packages.sh)")
    check = subprocess.run(["qpdf", "--check", str(pdfs[kind])], capture_output=True, text=True)
    assert check.returncode == 0 and "No syntax or stream encoding errors" in check.stdout, check.stdout
    info = subprocess.run(["pdfinfo", str(pdfs[kind])], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), info


# --- the structure --------------------------------------------------------------------------------------------


def _elements(pdf: pikepdf.Pdf) -> list[Any]:
    """Every structure element, in document order."""
    found: list[Any] = []

    def walk(element: Any) -> None:
        kids = element.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in ("/MCR", "/OBJR"):
                found.append(kid)
                walk(kid)

    walk(pdf.Root.StructTreeRoot)
    return found


def _role(element: Any) -> str:
    return str(element.S)[1:]


def _kids(element: Any) -> list[Any]:
    kids = element.get("/K")
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []


def test_headings_follow_the_story_without_skipping(pdfs: dict[str, Path], story: Story) -> None:
    with pikepdf.open(pdfs["briefing"]) as pdf:
        headings = [_role(e) for e in _elements(pdf) if re.fullmatch(r"H\d", _role(e))]
    shown = [b for b in story.shown_in(Show.DOCUMENT)]
    assert headings[0] == "H1"  # the cover's title
    # H1: the cover, the blocks before the first part, and each part; a part's sections are H2 under it
    top, depth = 0, 0
    for block in shown:
        if isinstance(block, Part):
            top, depth = top + 1, 1
        elif block.level + depth == 0:
            top += 1
    assert headings.count("H1") == top and "H2" in headings
    levels = [int(h[1]) for h in headings]
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))  # a hub's h3 sub-headings are tagged H2


def test_every_chart_is_a_figure_with_its_alt_text_and_caption(pdfs: dict[str, Path], story: Story) -> None:
    with pikepdf.open(pdfs["briefing"]) as pdf:
        elements = _elements(pdf)
        figures = [e for e in elements if _role(e) == "Figure"]
        assert all(str(e.Alt).strip() for e in figures)
        alts = sorted(str(e.Alt) for e in figures if _role(e.P) == "Div")  # a chart: Div > Figure, Caption, P
        captions = [e for e in elements if _role(e) == "Caption"]
    printed = [b.page_chart for b in story.shown_in(Show.DOCUMENT) if isinstance(b, Chart)]  # the page's drawings
    specs = [story.chart(spec).spec for spec in printed]
    assert alts == sorted(spec.alt for spec in specs) and all(alts)
    assert len(captions) == len(specs)


def test_contents_is_a_toc_of_links(pdfs: dict[str, Path], story: Story) -> None:
    with pikepdf.open(pdfs["briefing"]) as pdf:
        elements = _elements(pdf)
        tocs = [e for e in elements if _role(e) == "TOC"]
        items = [e for e in elements if _role(e) == "TOCI"]
    listed = [b for b in story.shown_in(Show.DOCUMENT) if not isinstance(b, Cover | Contents)]
    assert len(tocs) == 1 and len(items) == len(listed)
    for item in items:
        (reference,) = [item.K] if not isinstance(item.K, pikepdf.Array) else list(item.K)
        assert _role(reference) == "Reference" and _role(reference.K) == "Link"


def test_lists_are_l_li_lbl_lbody(pdfs: dict[str, Path]) -> None:
    with pikepdf.open(pdfs["revisions"]) as pdf:
        elements = _elements(pdf)
        lists = [e for e in elements if _role(e) == "L"]
        assert lists and all(_role(item) == "LI" for lst in lists for item in _kids(lst))
        for lst in lists:
            for item in _kids(lst):
                assert [_role(k) for k in _kids(item)] == ["Lbl", "LBody"]
        greek = [e for e in elements if str(e.get("/Lang", "")) == "el"]
        assert [_role(e) for e in greek] == ["LI"]  # the revision line written in Greek says so


def test_tables_have_header_cells_and_a_split_table_stays_one(pdfs: dict[str, Path]) -> None:
    with pikepdf.open(pdfs["briefing"]) as pdf:
        pages = {p.obj.objgen: i for i, p in enumerate(pdf.pages)}
        tables = [e for e in _elements(pdf) if _role(e) == "Table"]
        split = []
        for table in tables:
            cells = [e for e in _walk(table) if _role(e) in ("TH", "TD")]
            heads = [e for e in cells if _role(e) == "TH"]
            assert all(str(head.A.Scope) == "/Column" for head in heads)
            if len({pages[c.Pg.objgen] for c in cells if "/Pg" in c}) >= 2:
                split.append((table, heads))
    assert split, "the appendix breaks across pages"
    for table, heads in split:  # one Table each, whose header row is tagged once: the repeats are artifacts
        first_row = next(e for e in _walk(table) if _role(e) == "TR")
        assert len(heads) == len([c for c in _walk(first_row) if _role(c) == "TH"]) > 0


def _walk(element: Any) -> list[Any]:
    found = []
    kids = element.get("/K")
    for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
        if isinstance(kid, pikepdf.Dictionary) and "/S" in kid:
            found += [kid, *_walk(kid)]
    return found


def test_document_settings(pdfs: dict[str, Path], content: Content) -> None:
    with pikepdf.open(pdfs["briefing"]) as pdf:
        root = pdf.Root
        assert str(root.Lang) == content.briefing.settings.language == "en"
        assert root.MarkInfo.Marked is True
        assert root.ViewerPreferences.DisplayDocTitle is True
        assert root.PageMode == "/UseOutlines" and "/Outlines" in root
        for number, page_ in enumerate(pdf.pages, 1):
            if "/Annots" in page_.obj:
                assert page_.obj.Tabs == "/S", number
        (intent,) = root.OutputIntents
        assert intent.S == "/GTS_PDFA1" and intent.DestOutputProfile.N == 3
        assert intent.DestOutputProfile.read_bytes() == ICC_PROFILE.read_bytes()
        fonts = {f.objgen: f for p in pdf.pages for f in p.obj.Resources.get("/Font", {}).values()}
        for font in fonts.values():
            assert "/FontFile2" in font.FontDescriptor
            cmap = font.ToUnicode.read_bytes()
            assert not re.search(rb"<(0000|FEFF|FFFE)>\s*$", cmap, re.M | re.I)


def test_xmp_mirrors_the_info_dictionary(pdfs: dict[str, Path]) -> None:
    with pikepdf.open(pdfs["hub"]) as pdf:
        info = pdf.docinfo
        xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
        assert "/Filter" not in pdf.Root.Metadata  # PDF/A: metadata readable without decoding
    for key, name in (("CreationDate", "xmp:CreateDate"), ("ModDate", "xmp:ModifyDate")):
        assert f"<{name}>{xmp_date(str(info[f'/{key}']))}</{name}>" in xmp
    assert f'<rdf:li xml:lang="x-default">{info.Title}</rdf:li>' in xmp
    assert f"<pdf:Keywords>{info.Keywords}</pdf:Keywords>".replace("&", "&amp;") in xmp
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    assert "<pdfaid:part>2</pdfaid:part>" in xmp and "<pdfaid:conformance>A</pdfaid:conformance>" in xmp


def test_language_comes_from_briefing_toml(story: Story, tmp_path: Path) -> None:
    settings = dataclasses.replace(story.content.briefing.settings, language="de-CH")
    briefing = dataclasses.replace(story.content.briefing, settings=settings)
    german = full_story(dataclasses.replace(story.content, briefing=briefing)).with_charts(story.rendered.values())
    target = tmp_path / "de.pdf"
    build_pdf(german, target, "a4")
    with pikepdf.open(target) as pdf:
        assert str(pdf.Root.Lang) == "de-CH"
        assert "<rdf:li>de-CH</rdf:li>" in pdf.Root.Metadata.read_bytes().decode("utf-8")


# --- readers --------------------------------------------------------------------------------------------------


def _words(text: str) -> list[str]:
    return text.split()


def test_pypdf_reads_the_same_words(pdfs: dict[str, Path]) -> None:
    tagged, plain = PdfReader(pdfs["briefing"]), PdfReader(pdfs["untagged"])
    assert len(tagged.pages) == len(plain.pages)
    for a, b in zip(tagged.pages, plain.pages, strict=True):
        assert _words(a.extract_text()) == _words(b.extract_text())


def test_pdfium_reads_the_same_words_and_pixels(pdfs: dict[str, Path]) -> None:
    import pypdfium2 as pdfium

    tagged, plain = pdfium.PdfDocument(str(pdfs["briefing"])), pdfium.PdfDocument(str(pdfs["untagged"]))
    try:
        for index in range(len(plain)):
            a, b = tagged[index], plain[index]
            assert _words(a.get_textpage().get_text_range()) == _words(b.get_textpage().get_text_range())
            assert a.render(scale=0.4).to_pil().tobytes() == b.render(scale=0.4).to_pil().tobytes(), index
    finally:
        tagged.close()
        plain.close()


def _poppler(*args: str) -> str:
    if not shutil.which(args[0]):
        pytest.skip("needs poppler-utils (tools/install-system-packages.sh)")
    return subprocess.run(list(args), capture_output=True, text=True, check=True).stdout


def test_pdftotext_reads_the_same_words(pdfs: dict[str, Path]) -> None:
    tagged = _poppler("pdftotext", "-layout", str(pdfs["briefing"]), "-")
    plain = _poppler("pdftotext", "-layout", str(pdfs["untagged"]), "-")
    assert _words(tagged) == _words(plain)


def test_no_words_run_together_through_the_structure(pdfs: dict[str, Path]) -> None:
    """Text read element by element has no word glued to the next line's first word.

    poppler's -struct-text takes seconds a page, so this reads the short hub PDF (text, tables, a list).
    """
    structure = _poppler("pdfinfo", "-struct-text", str(pdfs["hub"]))
    read = [m for line in structure.splitlines() for m in re.findall(r'^\s*"(.*)"$', line)]
    page_words = set(_words(_poppler("pdftotext", str(pdfs["hub-untagged"]), "-")))
    struct_words = [w for text in read for w in _words(text)]
    assert len(struct_words) > 300
    unknown = {w for w in struct_words if w not in page_words}  # e.g. a URL poppler joins across its line break
    run_together = [w for w in unknown if any(w[:i] in page_words and w[i:] in page_words for i in range(1, len(w)))]
    assert run_together == []
    assert len(unknown) < 0.01 * len(struct_words)


# --- broken copies fail the self-check ------------------------------------------------------------------------


def _broken(pdfs: dict[str, Path], tmp_path: Path, breaking: Any) -> list[str]:
    target = tmp_path / "broken.pdf"
    with pikepdf.open(pdfs["briefing"]) as pdf:
        breaking(pdf)
        pdf.save(target)
    return tag_problems(target)


def _edit_content(pdf: pikepdf.Pdf, number: int, edit: Any) -> None:
    page_ = pdf.pages[number]
    operations = list(pikepdf.parse_content_stream(page_))
    edit(operations)
    page_.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(operations))


def test_an_untagged_footer_fails(pdfs: dict[str, Path], tmp_path: Path) -> None:
    def unmark_footer(operations: list[Any]) -> None:
        start = next(
            i
            for i, (args, op) in enumerate(operations)
            if str(op) == "BDC" and str(args[0]) == "/Artifact" and args[1].get("/Type") == "/Pagination"
        )
        depth, end = 0, start
        for end in range(start, len(operations)):
            op = str(operations[end][1])
            depth += op in ("BDC", "BMC")
            depth -= op == "EMC"
            if depth == 0:
                break
        del operations[end]
        del operations[start]

    problems = _broken(pdfs, tmp_path, lambda pdf: _edit_content(pdf, 1, unmark_footer))
    assert any(re.fullmatch(r"page 2: \d+ painting operators outside marked content or artifacts", p) for p in problems)


def test_a_figure_without_alt_fails(pdfs: dict[str, Path], tmp_path: Path) -> None:
    def drop_alt(pdf: pikepdf.Pdf) -> None:
        figure = next(e for e in _elements(pdf) if _role(e) == "Figure")
        del figure.Alt

    problems = _broken(pdfs, tmp_path, drop_alt)
    assert any(re.fullmatch(r"page \d+: image /[\w.]+ is not inside a Figure with /Alt", p) for p in problems), problems


def test_an_orphan_mcid_fails(pdfs: dict[str, Path], tmp_path: Path) -> None:
    def orphan(operations: list[Any]) -> None:
        args = next(a for a, o in operations if str(o) == "BDC" and "/MCID" in a[1])
        args[1].MCID = 999

    problems = _broken(pdfs, tmp_path, lambda pdf: _edit_content(pdf, 2, orphan))
    assert "page 3: MCID 999 belongs to no structure element" in problems
    assert "page 3: MCID 999 is not in the ParentTree" in problems


def test_xmp_without_the_pdfua_part_fails(pdfs: dict[str, Path], tmp_path: Path) -> None:
    def drop_part(pdf: pikepdf.Pdf) -> None:
        xmp = pdf.Root.Metadata.read_bytes().replace(b"<pdfuaid:part>1</pdfuaid:part>", b"")
        pdf.Root.Metadata = pdf.make_stream(xmp, Type=pikepdf.Name.Metadata, Subtype=pikepdf.Name.XML)

    assert _broken(pdfs, tmp_path, drop_part) == ["the XMP metadata does not declare pdfuaid:part 1"]
