"""The PDF briefing: built from the real data, then read back with pypdf and pypdfium2 as a reader would."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from report.blocks import Appendix, Chart, Cover, Dashboard, Hub, Part, Show, Story
from report.charts.raster import render_charts
from report.content import Content
from report.data import load_briefing
from report.errors import TemplateError
from report.look.theme import load_theme
from report.outputs.pdf.document import build_pdf
from report.outputs.pdf.styles import chart_size, page_geometry
from report.paths import templates_dir
from report.story import full_story, hub_story
from report.words.format import fact_value, format_number, format_share, ordinal, reference
from report.words.narrative import write_narrative
from tests.conftest import TEST_DATE
from tests.readers import squash

MIN_DPI = 200


@pytest.fixture(scope="module")
def built(story: Story, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    target = tmp_path_factory.mktemp("pdf") / "briefing.pdf"
    return target, build_pdf(story, target, "a4")


@pytest.fixture(scope="module")
def reader(built: tuple[Path, int]) -> PdfReader:
    return PdfReader(str(built[0]))


@pytest.fixture(scope="module")
def pages(reader: PdfReader) -> list[str]:
    return [squash(page.extract_text() or "") for page in reader.pages]


def _outline_titles(reader: PdfReader) -> list[str]:
    return [title for title, _level in _outline(reader)]


def _outline(reader: PdfReader) -> list[tuple[str, int]]:
    """The bookmarks with their nesting level, in order."""
    found: list[tuple[str, int]] = []

    def walk(items: list[Any], level: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, level + 1)
            else:
                found.append((item.title, level))

    walk(reader.outline, 0)
    return found


def expected_outline(story: Story) -> list[tuple[str, int]]:
    """The PDF's bookmarks are the story's blocks shown in the PDF (the cover has none): a part at the top level,
    the blocks after it one level below."""
    outline, depth = [], 0
    for block in story.shown_in(Show.DOCUMENT):
        if isinstance(block, Part):
            outline.append((block.title, 0))
            depth = 1
        elif not isinstance(block, Cover):
            outline.append((block.title, block.level + depth))
    return outline


def _untyped(page: Any) -> Any:
    """The page as an untyped PDF dictionary (pypdf's types do not follow indirect objects)."""
    return page


def _page_with(pages: list[str], text: str) -> int:
    return next(i for i, page in enumerate(pages) if text in page)


def test_page_count_is_returned_and_sane(built: tuple[Path, int], reader: PdfReader, content: Content) -> None:
    _, count = built
    assert count == len(reader.pages)
    minimum = 8 + len(content.briefing.hubs)  # cover, summary, contents, overview..., one page or more per hub
    assert minimum <= count <= 60


def test_every_hub_is_named_with_its_pct_applications(pages: list[str], content: Content) -> None:
    text = " ".join(pages)
    for hub in content.briefing.hubs:
        assert hub.name in text
        assert format_number(hub.pct_applications) in text


def test_every_hub_prints_its_score_neighbours_and_only_a_hub_titled_on_its_score_repeats_its_count_places(
    story: Story, pages: list[str], content: Content
) -> None:
    """The slide's split-score panel is in every hub's section of the PDF, under its paragraph: each neighbour's
    place, name and printed score, in rank order, in that section and nowhere else. A hub whose title already
    gives its two places (a title on a count) does not say them again in its paragraph."""
    text = " ".join(pages)
    heading = content.narrative.labels["near_score"]
    hubs = [b for b in story.blocks if isinstance(b, Hub)]
    assert {b.titled_on_score for b in hubs} == {True, False}  # the default data has both kinds of title
    assert text.count(heading) == len(hubs)
    starts = [text.rindex(b.words.title) for b in hubs] + [len(text)]  # the section, not its contents line
    for block, start, end in zip(hubs, starts, starts[1:], strict=False):
        section = text[start:end]
        group = next(g for g in block.nearest if g.kind == "score")
        printed = section[section.index(heading) + len(heading) :]
        expected = " ".join(f"{r.place} {r.name} {r.value}" for r in group.rows)
        assert printed.startswith(" " + expected) or printed.startswith(expected), (printed[:120], expected)
        places = f"it is {ordinal(block.hub.profile.pct_place)} for PCT"
        assert (places in " ".join(section.split())) == block.titled_on_score, block.cluster.name


def test_hub_panels_are_numbered_figures_in_reading_order(pages: list[str], content: Content) -> None:
    """A WIPO report numbers every figure: the hub panels take their numbers between the charts around them."""
    text = " ".join(" ".join(pages).split())
    heading = content.narrative.labels["near_score"]
    numbers = [int(n) for n in re.findall(rf"Figure (\d+) {re.escape(heading)}", text)]
    assert len(numbers) == len(content.briefing.hubs)
    every = [int(n) for n in re.findall(r"Figure (\d+) ", text)]
    assert every == sorted(every) and every == list(range(1, len(every) + 1))  # one sequence, nothing skipped
    assert numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def test_the_ranking_spells_out_every_economy_code_it_uses(pages: list[str], content: Content) -> None:
    text = " ".join(" ".join(pages).split()).replace("\u00a0", " ")
    codes = {code for c in content.briefing.clusters for code in c.economy_codes}
    for economy in (e for e in content.briefing.economies if e.code in codes):
        assert f"{economy.code} {economy.name}" in text, economy.code


def test_footer_says_page_x_of_y_except_on_the_cover(pages: list[str], content: Content) -> None:
    _check_footers(pages, content)


def _check_footers(pages: list[str], content: Content) -> None:
    page_of, footer = content.narrative.labels["page_of"], content.narrative.labels["page_footer"]
    total = len(pages)
    assert page_of.format(page=1, pages=total) not in pages[0]
    assert footer not in pages[0]
    for number, text in enumerate(pages[1:], start=2):
        assert page_of.format(page=number, pages=total) in text
        assert footer in text


def test_cover_carries_title_subtitle_and_imprint(pages: list[str], content: Content) -> None:
    cover = content.narrative["cover"]
    for text in (cover.title, cover.subtitle, *cover.bullets):
        assert squash(text) in pages[0]
    assert content.date in pages[0]


def test_outline_follows_the_story(reader: PdfReader, story: Story) -> None:
    assert _outline(reader) == expected_outline(story)
    for hub in story.content.briefing.hubs:
        assert any(hub.name in title for title, _ in _outline(reader)), hub.name


def test_reordering_the_story_reorders_the_bookmarks(story: Story, tmp_path: Path) -> None:
    blocks = list(story.blocks)
    hubs = [i for i, b in enumerate(blocks) if isinstance(b, Hub)]
    blocks[hubs[0]], blocks[hubs[-1]] = blocks[hubs[-1]], blocks[hubs[0]]
    swapped = dataclasses.replace(story, blocks=tuple(blocks))
    build_pdf(swapped, tmp_path / "swapped.pdf", "a4")
    assert _outline(PdfReader(tmp_path / "swapped.pdf")) == expected_outline(swapped) != expected_outline(story)


def test_contents_entries_are_links_to_their_sections(reader: PdfReader, pages: list[str], content: Content) -> None:
    contents = _page_with(pages, content.narrative["contents"].title)
    page_index = {_untyped(page).indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    targets = set()
    for annotation in reader.pages[contents].get("/Annots", []):
        annotation = annotation.get_object()
        assert annotation["/Subtype"] == "/Link"
        assert "/URI" not in annotation.get("/A", {})
        targets.add(page_index[annotation["/Dest"][0].idnum])
    headings = [hub.section.title for hub in content.narrative.hubs] + [content.narrative["methodology"].title]
    for heading in headings:  # the first page after the contents that shows the heading is where it links to
        assert _page_with(pages[contents + 1 :], squash(heading)) + contents + 1 in targets, heading


def test_metadata_comes_from_the_settings(reader: PdfReader, content: Content) -> None:
    settings = content.briefing.settings
    meta = reader.metadata
    assert meta is not None
    assert (meta.title, meta.author, meta.subject, meta.creator) == (
        settings.title,
        settings.author,
        settings.subtitle,
        "report",
    )


def test_only_the_theme_font_is_used_and_it_is_embedded(built: tuple[Path, int], reader: PdfReader) -> None:
    from fontTools.ttLib import TTFont

    postscript_names = set()
    for path in load_theme().font_files.values():
        with TTFont(str(path), lazy=True) as font:
            postscript_names.add(str(font["name"].getDebugName(6)))
    names = set()
    for page in reader.pages:
        for font in _untyped(page)["/Resources"].get("/Font", {}).values():
            font = font.get_object()
            names.add(str(font["/BaseFont"]))
            descendant = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            assert "/FontFile2" in descendant["/FontDescriptor"], font["/BaseFont"]
    subsets = [re.fullmatch(r"/[A-Z]{6}\+(\S+)", n) for n in names]
    assert names and all(m and m[1] in postscript_names for m in subsets), (names, postscript_names)
    assert b"Helvetica" not in built[0].read_bytes()


def test_every_page_has_ink(built: tuple[Path, int]) -> None:
    import pypdfium2 as pdfium
    from PIL import ImageStat

    document = pdfium.PdfDocument(str(built[0]))
    try:
        for index in range(len(document)):
            image = document[index].render(scale=0.25).to_pil().convert("L")
            inked = sum(image.histogram()[:200])
            assert inked > 0.005 * image.width * image.height, f"page {index + 1} is nearly blank"
            assert ImageStat.Stat(image).stddev[0] > 5, f"page {index + 1} is nearly blank"
    finally:
        document.close()


@pytest.mark.parametrize(("page_size", "points"), [("a4", (595, 842)), ("letter", (612, 792))])
def test_page_size(story: Story, tmp_path: Path, page_size: str, points: tuple[int, int]) -> None:
    target = tmp_path / "briefing.pdf"
    count = build_pdf(story, target, page_size)
    boxes = {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in PdfReader(target).pages}
    assert boxes == {points}
    assert count == len(PdfReader(target).pages)


def test_identical_inputs_give_identical_bytes(story: Story, tmp_path: Path) -> None:
    """Even with the chart cache somewhere else: nothing from the clock or the file system gets in."""
    moved = tmp_path / "elsewhere"
    moved.mkdir()
    charts = []
    for chart in story.rendered.values():
        shutil.copy(chart.png, moved / chart.png.name)
        charts.append(dataclasses.replace(chart, png=moved / chart.png.name))
    first, second = tmp_path / "a.pdf", tmp_path / "b.pdf"
    build_pdf(story, first, "a4")
    build_pdf(story.with_charts(charts), second, "a4")
    assert first.read_bytes() == second.read_bytes()


def test_every_chart_is_drawn_once_at_200_dpi_or_more(reader: PdfReader, story: Story) -> None:
    drawn: list[tuple[int, int, float, float]] = []
    for page in reader.pages:
        xobjects = _untyped(page)["/Resources"].get("/XObject", {})
        images = {name: obj.get_object() for name, obj in xobjects.items()}

        def visit(
            operator: bytes, args: list[Any], cm: list[float], tm: list[float], images: dict[str, Any] = images
        ) -> None:
            if operator == b"Do" and images.get(args[0], {}).get("/Subtype") == "/Image":
                image = images[args[0]]
                drawn.append((int(image["/Width"]), int(image["/Height"]), cm[0], cm[3]))

        page.extract_text(visitor_operand_before=visit)
    printed = {b.page_chart.key for b in story.shown_in(Show.DOCUMENT) if isinstance(b, Chart)}
    charts = [story.chart(spec) for spec in story.chart_specs() if spec.key in printed]  # the page's own drawing
    assert len(drawn) == len(charts)
    assert sorted((w, h) for w, h, _, _ in drawn) == sorted((c.width_px, c.height_px) for c in charts)
    for width_px, height_px, width_pt, height_pt in drawn:
        assert width_px / (width_pt / 72) >= MIN_DPI
        assert height_pt / width_pt == pytest.approx(height_px / width_px, rel=1e-3)


@pytest.mark.parametrize("page_size", ["a4", "letter"])
def test_chart_layout_keeps_aspect_200_dpi_and_one_scale_per_kind(story: Story, page_size: str) -> None:
    geometry = page_geometry(page_size)
    scales = {}
    for chart in story.rendered.values():
        spec = chart.spec
        width, height = chart_size(
            chart.width_px, chart.height_px, spec.scale, spec.print_pt_per_px, geometry.frame_width
        )
        assert width <= geometry.frame_width
        assert chart.width_px / (width / 72) >= MIN_DPI
        assert height / width == pytest.approx(chart.height_px / chart.width_px)
        scales.setdefault(spec.print_pt_per_px, set()).add(round(width / (chart.width_px / spec.scale), 4))
    assert all(len(points_per_px) == 1 for points_per_px in scales.values())  # a chart pixel prints one size


def test_every_chart_has_its_caption_and_source_line(pages: list[str], story: Story) -> None:
    text = " ".join(pages)
    for spec in story.chart_specs():
        assert squash(spec.caption) in text
        assert squash(story.content.source_line(spec.source_ids)) in text


def test_appendix_holds_the_data_behind_every_figure_the_blocks_show(pages: list[str], story: Story) -> None:
    """The appendix prints the data as tables; every sourced value a block shows is there (the data pack keeps
    the figure-by-figure list)."""
    start = _page_with(pages, story.content.narrative["appendix"].title)
    appendix = squash(" ".join(pages[start:]))
    (block,) = [b for b in story.blocks if isinstance(b, Appendix)]
    shown = [f for b in story.blocks if not isinstance(b, Appendix) for f in b.figures]
    assert shown and [f for g in block.groups for f in g.figures] == shown
    for figure in shown:
        if figure.source_ids:
            assert squash(figure.value) in appendix, figure
    unbroken = appendix.replace("\u2013 ", "\u2013")  # a name too long for its cell breaks after an en dash
    for cluster in story.content.briefing.clusters:
        assert f"{cluster.rank} {cluster.name}" in unbroken


def test_appendix_lists_hub_figures_and_every_fact(pages: list[str], content: Content) -> None:
    start = _page_with(pages, content.narrative["appendix"].title + " " + content.narrative["appendix"].subtitle)
    appendix = " ".join(pages[start:])
    for hub in content.briefing.hubs:
        for value in (hub.pct_applications, hub.publications):
            assert format_number(value) in appendix
        for share in (hub.pct_share, hub.pub_share):
            assert format_share(share) in appendix
        places = content.briefing.intensity_places()
        for fact in content.briefing.facts_for(hub.name, "innovation"):
            if fact in places:  # a place by intensity is a row of the intensity table: its rank, then the hub
                assert re.search(rf"\b{int(fact.value)} {re.escape(hub.name)} \(", appendix), fact
                continue
            assert squash(fact_value(fact)) in appendix
            assert fact_label(fact) in appendix
    for economy in content.briefing.economies:
        if economy.clusters_top100 is not None:
            assert economy.name in appendix


def test_long_tables_repeat_their_header_row_on_every_page(pages: list[str], content: Content) -> None:
    labels = content.narrative.labels
    header = squash(f"{labels['table_rank']} {labels['table_cluster']} ({labels['table_economy'].lower()})")
    start = _page_with(pages, content.narrative["appendix"].title + " " + content.narrative["appendix"].subtitle)
    last = content.briefing.clusters[-1].name  # the ranking table runs this far
    end = min(i for i, page in enumerate(pages) if i >= start and last in page)
    assert end > start  # the default data's ranking fills more than one page
    assert all(header in page for page in pages[start : end + 1])


def test_sources_are_listed_with_clickable_urls(reader: PdfReader, pages: list[str], content: Content) -> None:
    uris = {
        str(a.get_object()["/A"]["/URI"])
        for page in reader.pages
        for a in page.get("/Annots", [])
        if "/A" in a.get_object()
    }
    text = " ".join(pages)
    for source in content.briefing.sources:
        if content.briefing.is_own(source):  # the briefing's own working data (map positions) is no source
            assert squash(source.title[:40]) not in text and source.short not in text
            continue
        assert squash(source.title[:40]) in text
        if source.url:
            assert source.url in uris


def test_each_source_link_is_on_the_page_of_its_entry(reader: PdfReader, content: Content) -> None:
    """A reader found a link stranded at the top of the last page, away from its entry: each entry of the sources
    list, its link included, is kept on one page (the link's annotation sits on the page that shows the title)."""
    for source in content.briefing.sources:
        if content.briefing.is_own(source) or not source.url:
            continue
        title = squash(source.title[:40])
        pages = [
            page
            for page in reader.pages
            if title in squash(page.extract_text() or "") and "Sources" in (page.extract_text() or "")
        ]
        assert len(pages) == 1, source.short
        links = {str(a.get_object()["/A"]["/URI"]) for a in pages[0].get("/Annots", []) if "/A" in a.get_object()}
        assert source.url in links, source.short


def test_contents_lines_stop_short_of_the_page_numbers() -> None:
    """A long title ran into the contents' page-number column and its number was lost: every contents style
    wraps before that column."""
    from report.outputs.pdf.styles import TOC_NUMBERS, make_styles

    styles = make_styles(load_theme())
    assert all(style.rightIndent >= TOC_NUMBERS for style in styles.toc)


def test_urls_break_only_after_a_slash_a_dot_or_a_hyphen(reader: PdfReader, content: Content) -> None:
    """A URL printed over several lines: every line but its last ends at a place a URL may break."""
    import re

    lines = [line.strip() for page in reader.pages for line in (page.extract_text() or "").splitlines()]
    broken = 0
    for url in (s.url for s in content.briefing.sources if s.url):
        for number, line in enumerate(lines):
            if not (url.startswith(line) and len(line) > 12 and line != url):
                continue
            joined, pieces = line, [line]
            for following in lines[number + 1 :]:
                if not url.startswith(joined + following):
                    break
                joined += following
                pieces.append(following)
            if joined == url:
                broken += 1
                assert all(re.search(r"[/.\-]$", piece) for piece in pieces[:-1]), pieces
    assert broken, "no URL in the default data is long enough to break: the test would prove nothing"


def _with_changes(story: Story, *lines: str) -> Story:
    return full_story(dataclasses.replace(story.content, changes=lines)).with_charts(story.rendered.values())


def test_revisions_section_only_when_there_are_changes(story: Story, pages: list[str], tmp_path: Path) -> None:
    line = "Seoul: PCT applications 63,447 -> 63,500"
    target = tmp_path / "revised.pdf"
    build_pdf(_with_changes(story, line), target, "a4")
    reader = PdfReader(target)
    assert line in squash(" ".join(page.extract_text() for page in reader.pages))
    assert "Revisions" in _outline_titles(reader)
    assert not any(line in page for page in pages)


def test_markup_in_the_data_is_printed_verbatim(data_copy: Path, tmp_path: Path) -> None:
    name = "S&P <b>x</b> & {{y}}"
    for file in ("clusters.csv", "facts.csv"):
        path = data_copy / file
        path.write_text(path.read_text(encoding="utf-8").replace("Seoul", name), encoding="utf-8")
    briefing = load_briefing(data_copy)
    theme = load_theme()
    narrative = write_narrative(briefing, templates_dir() / "prose.toml", TEST_DATE)
    content = Content(briefing, narrative, theme, TEST_DATE)
    story = full_story(content)
    charts = render_charts(story.chart_specs(), tmp_path / "cache", theme)
    target = tmp_path / "markup.pdf"
    build_pdf(story.with_charts(charts), target, "a4")
    reader = PdfReader(target)
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    title = content.narrative.hub(name).section.title
    assert title.startswith(f"{name}: ") and squash(title) in text
    assert f"{name} (KR)" in text  # the data appendix's ranking table, the economy beside the name
    assert any(name in title for title in _outline_titles(reader))
    hub = tmp_path / "hub.pdf"
    build_pdf(hub_story(content, name).with_charts(charts), hub, "a4")
    hub_reader = PdfReader(hub)
    assert squash(title) in squash(hub_reader.pages[0].extract_text())
    assert hub_reader.metadata is not None and name in str(hub_reader.metadata.title)


def test_symbols_the_font_lacks_are_printed_as_look_alikes(story: Story, tmp_path: Path) -> None:
    from fontTools.ttLib import TTFont

    line = "facts.csv Huawei value: 92.5 \u2192 93.1"
    build_pdf(_with_changes(story, line), tmp_path / "arrow.pdf", "a4")  # the bundled font has the arrow
    assert "92.5 \u2192 93.1" in squash(
        " ".join(page.extract_text() for page in PdfReader(tmp_path / "arrow.pdf").pages)
    )
    theme = story.content.theme
    with TTFont(str(theme.font_files["regular"])) as font:  # the same font without its arrow, and renamed
        for table in font["cmap"].tables:
            table.cmap.pop(0x2192, None)
        for record in font["name"].names:  # reportlab keeps one font per PostScript name
            if record.nameID == 6:
                record.string = "NoArrowSans"
        font.save(str(tmp_path / "no-arrow.ttf"))
    no_arrow = dataclasses.replace(
        theme, font_family="No Arrow Sans", font_files={**theme.font_files, "regular": tmp_path / "no-arrow.ttf"}
    )
    content = dataclasses.replace(story.content, theme=no_arrow, changes=(line,))
    build_pdf(full_story(content).with_charts(story.rendered.values()), tmp_path / "look-alike.pdf", "a4")
    text = squash(" ".join(page.extract_text() for page in PdfReader(tmp_path / "look-alike.pdf").pages))
    assert "92.5 -> 93.1" in text
    assert "\x00" not in text


def test_text_the_font_cannot_draw_is_an_error_before_writing(story: Story, tmp_path: Path) -> None:
    target = tmp_path / "cjk.pdf"
    with pytest.raises(TemplateError, match="U\\+6771"):
        build_pdf(_with_changes(story, "\u6771\u4eac"), target, "a4")
    assert not target.exists()


# --- the short PDF on one hub ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def hub_built(first_hub_story: Story, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """The short PDF on the first hub."""
    target = tmp_path_factory.mktemp("hub-pdf") / "hub.pdf"
    return target, build_pdf(first_hub_story, target, "a4")


@pytest.fixture(scope="module")
def hub_reader(hub_built: tuple[Path, int]) -> PdfReader:
    return PdfReader(str(hub_built[0]))


@pytest.fixture(scope="module")
def hub_pages(hub_reader: PdfReader) -> list[str]:
    return [squash(page.extract_text() or "") for page in hub_reader.pages]


def test_hub_pdf_cover_names_the_hub(hub_built: tuple[Path, int], hub_pages: list[str], content: Content) -> None:
    assert hub_built[1] == len(hub_pages)
    cover = content.narrative["cover"]
    for text in (cover.title, content.narrative.hubs[0].section.title, cover.subtitle, *cover.bullets):
        assert squash(text) in hub_pages[0]


def test_hub_pdf_has_the_hub_its_charts_and_no_other_hubs_words(
    hub_pages: list[str], story: Story, first_hub_story: Story
) -> None:
    content = story.content
    hub, others = content.briefing.hubs[0], content.narrative.hubs[1:]
    text = " ".join(hub_pages)
    assert hub.name in text and format_number(hub.pct_applications) in text
    for spec in first_hub_story.chart_specs():
        assert squash(spec.caption) in text
    for spec in set(story.chart_specs()) - set(first_hub_story.chart_specs()):
        assert squash(spec.caption) not in text
    for other in others:
        assert squash(other.section.title) not in text, other.name


def test_hub_pdf_outline_follows_its_story(hub_reader: PdfReader, first_hub_story: Story) -> None:
    assert _outline(hub_reader) == expected_outline(first_hub_story)
    assert [type(b).__name__ for b in first_hub_story.shown_in(Show.DOCUMENT)] == [
        "Cover",
        "Hub",
        "Methodology",
        "Glossary",
        "Appendix",
        "Sources",
    ]


def test_hub_pdf_footers_say_page_x_of_y(hub_pages: list[str], content: Content) -> None:
    _check_footers(hub_pages, content)


def test_hub_pdf_metadata_names_the_hub(hub_reader: PdfReader, content: Content) -> None:
    settings, meta = content.briefing.settings, hub_reader.metadata
    assert meta is not None
    assert meta.title == content.narrative.hubs[0].document.title
    assert (meta.author, meta.subject, meta.creator) == (settings.author, settings.subtitle, "report")


def test_hub_pdf_appendix_and_sources_cover_only_what_it_cites(hub_pages: list[str], first_hub_story: Story) -> None:
    content = first_hub_story.content
    hub = content.briefing.hubs[0]
    text = " ".join(hub_pages)
    appendix = text[text.index(content.narrative["appendix"].title) :]
    for fact in content.briefing.facts_for(hub.name, "innovation"):
        assert fact_label(fact) in appendix and squash(fact_value(fact)) in appendix
    for fact in content.briefing.facts_for(hub.name, "context"):  # background the body does not state
        assert f"{fact.subject}: {fact.metric}" not in appendix
    cited = {s for b in first_hub_story.blocks for s in b.source_ids}
    (data,) = [b for b in first_hub_story.blocks if isinstance(b, Appendix)]
    cited |= {s for f in data.facts for s in f.sources} | {s for c in data.clusters for s in c.sources}
    cited |= {s for c in data.clusters for s in c.detail_sources} | {s for i in data.intensity for s in i.sources}
    assert set(hub.sources + hub.detail_sources) <= cited
    sources = text[text.rindex(content.narrative["sources"].title) :]
    listed = {s.id for s in content.briefing.sources if squash(f"{s.short} {reference(s)}")[:60] in sources}
    assert listed == cited and len(listed) < len(content.briefing.sources)


def test_hub_pdf_builds_are_byte_identical(first_hub_story: Story, hub_built: tuple[Path, int], tmp_path: Path) -> None:
    again = tmp_path / "again.pdf"
    build_pdf(first_hub_story, again, "a4")
    assert again.read_bytes() == hub_built[0].read_bytes()


def test_a_story_on_a_hub_outside_the_top_is_refused_naming_the_hubs(content: Content) -> None:
    with pytest.raises(KeyError, match="'Atlantis' is not one of the hubs"):
        hub_story(content, "Atlantis")


def fact_label(fact: Any) -> str:
    """How the appendix's facts table names a fact: its metric alone when it is about the row's cluster."""
    what = fact.metric if fact.subject == fact.cluster else f"{fact.subject}: {fact.metric}"
    return what[:1].upper() + what[1:]


def test_the_body_table_is_numbered_apart_from_the_appendix_tables(story: Story, pages: list[str]) -> None:
    """The top-five table in the body is Table 1, on the page of its title; the appendix's run A1, A2, ..."""
    dashboard = next(b for b in story.blocks if isinstance(b, Dashboard))
    heading = " ".join(dashboard.title.split()[:4])
    assert len([p for p in pages if heading in " ".join(p.split()) and "Table 1 " in p]) == 1
    assert sum(p.count("Table 1 ") for p in pages) == 1
    assert any("Table A1 " in p for p in pages)


def test_intensity_ranks_and_output_per_resident_are_tables_of_their_own(story: Story, pages: list[str]) -> None:
    """The sources rank some clusters by intensity and give output per resident for others: two short tables,
    not one with a dash in most cells."""
    text = " ".join(pages)
    ranks = text[text.index("Rank by intensity") : text.index("Output per resident")]
    per_resident = text[text.index("Output per resident") :]
    assert "—" not in ranks
    briefing = story.content.briefing
    for entry in briefing.intensity:
        if entry.rank is not None:
            assert entry.cluster in ranks
        if entry.pct_per_million is not None:
            assert f"{entry.pct_per_million:,}" in per_resident and f"{entry.pubs_per_million:,}" in per_resident


@pytest.mark.parametrize("size", ["a4", "letter"])
def test_a_part_title_never_ends_a_page(story: Story, tmp_path: Path, size: str) -> None:
    """A part's title stands on the page where its first section starts: on US Letter the top-five table left
    'Part 1 The global picture' alone at a page's foot while the map went over."""
    target = tmp_path / f"briefing-{size}.pdf"
    build_pdf(story, target, size)
    parts = [b.title for b in story.blocks if isinstance(b, Part)]
    assert parts
    for page in PdfReader(str(target)).pages:
        lines = [line.strip() for line in (page.extract_text() or "").splitlines() if line.strip()]
        body = [line for line in lines if not line.startswith(story.content.briefing.settings.title)]
        body = [line for line in body if not re.fullmatch(r"page \d+ of \d+", line)]
        assert not body or body[-1] not in parts, (size, body[-3:])


def test_the_pdf_says_what_the_slides_say_about_each_hub_economy_and_the_moves(
    story: Story, pages: list[str], content: Content
) -> None:
    """The report is the fuller document: each hub's section names its economy's other clusters among the listed
    (or its place among them), and Part 1 counts the moves up, down and held, as the slides do."""
    briefing = content.briefing
    text = " ".join(pages)
    hubs = [b for b in story.blocks if isinstance(b, Hub)]
    starts = [text.rindex(b.words.title) for b in hubs] + [len(text)]
    for block, start, end in zip(hubs, starts, starts[1:], strict=False):
        section = text[start:end]
        home, peers = briefing.home(block.hub.cluster)
        assert home is not None and home.name in section, block.cluster.name
        if 0 < len(peers) <= 3:
            for peer in peers:
                assert f"{peer.name}, {ordinal(peer.rank)}" in section, (block.cluster.name, peer.name)
        elif peers:
            assert f"{len(peers) + 1} clusters among the {len(briefing.clusters)}" in section, block.cluster.name
    known = [c.rank_change for c in briefing.clusters if c.rank_change is not None]
    up, down, held = sum(r > 0 for r in known), sum(r < 0 for r in known), sum(r == 0 for r in known)
    assert f"{up} moved up, {down} down and {held} held" in text
