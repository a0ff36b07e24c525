"""The deck end to end: build it from the real data, open it with python-pptx, check what a reader would see."""

from __future__ import annotations

import dataclasses
import posixpath
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.enum.text import PP_ALIGN

from report.content import Content
from report.deck import build_deck, build_hub_deck
from report.deck_layouts import describe_template, open_template
from report.deck_shapes import frame_of, has_slide_number, lines_of
from report.deck_table import table_fits
from report.deck_text import Frame, Level, Line, fit_text, fits, measure_for, paginate, text_height
from report.errors import BuildError, TemplateError
from report.text import format_number, source_list
from report.theme import templates_dir

TEMPLATE = templates_dir() / "briefing.pptx"
RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@pytest.fixture(scope="module")
def deck_file(tmp_path_factory: pytest.TempPathFactory, content: Content) -> tuple[Path, int]:
    target = tmp_path_factory.mktemp("deck") / "deck.pptx"
    return target, build_deck(content, TEMPLATE, target)


@pytest.fixture(scope="module")
def prs(deck_file: tuple[Path, int]) -> Any:
    return Presentation(str(deck_file[0]))


@pytest.fixture(scope="module")
def hub_deck(tmp_path_factory: pytest.TempPathFactory, content: Content) -> tuple[Path, int]:
    """The short deck on the first hub."""
    target = tmp_path_factory.mktemp("hub-deck") / "hub.pptx"
    return target, build_hub_deck(content, content.briefing.hubs[0].name, TEMPLATE, target)


@pytest.fixture(scope="module")
def hub_prs(hub_deck: tuple[Path, int]) -> Any:
    return Presentation(str(hub_deck[0]))


@pytest.fixture(scope="module", params=["full", "hub"])
def any_prs(request: pytest.FixtureRequest, prs: Any, hub_prs: Any) -> Any:
    """Each deck in turn, for the rules every deck keeps."""
    return prs if request.param == "full" else hub_prs


def title_of(slide: Any) -> str:
    return slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""


def texts(slide: Any) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def pictures(slide: Any) -> list[Any]:
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def tables(slide: Any) -> list[Any]:
    return [s for s in slide.shapes if s.has_table]


def footer_text(slide: Any) -> str:
    return "\n".join(s.text_frame.text for s in slide.placeholders if s.placeholder_format.idx == 11)


def expected_titles(content: Content) -> list[str]:
    n = content.narrative
    return [n["cover"].title, n["key_finding"].title, n["overview"].title, n["pct_vs_pubs"].title,
            n["shares"].title, n["rank_movement"].title, *(h.title for h in n.hubs), n["intensity"].title,
            n["methodology"].title, n["sources"].title]


def without_continuations(titles: list[str], content: Content) -> list[str]:
    suffix = f" {content.narrative.labels['table_continued']}"
    kept: list[str] = []
    for title in titles:
        base = title.removesuffix(suffix)
        if title == base or not kept or kept[-1] != base:
            kept.append(base)
    return kept


def test_slide_count_is_returned_and_matches_the_file(prs: Any, deck_file: tuple[Path, int],
                                                      content: Content) -> None:
    assert deck_file[1] == len(prs.slides)
    assert len(prs.slides) >= len(expected_titles(content))


def test_slide_titles_follow_the_narrative_in_order(prs: Any, content: Content) -> None:
    titles = [title_of(s) for s in prs.slides]
    assert without_continuations(titles, content) == expected_titles(content)


def test_each_hub_slide_names_the_hub_its_pct_applications_and_three_facts(prs: Any, content: Content) -> None:
    by_title = {title_of(s): s for s in prs.slides}
    for hub, words in zip(content.briefing.hubs, content.narrative.hubs, strict=True):
        text = texts(by_title[words.title])
        assert hub.name in text
        assert format_number(hub.pct_applications) in text
        facts = content.narrative.fact_lines[hub.name]
        assert sum(line in text for line in facts) >= min(3, len(facts))


def test_every_chart_has_alt_text_naming_what_it_shows(prs: Any, content: Content) -> None:
    by_title = {title_of(s): s for s in prs.slides}
    n = content.narrative
    wanted = {n[k].title: content.chart(c) for k, c in (("key_finding", "economies"), ("pct_vs_pubs", "pct_vs_pubs"),
                                                          ("shares", "shares"), ("rank_movement", "rank_movement"),
                                                          ("intensity", "intensity"))}
    wanted |= {w.title: content.hub_charts(h.name)[0] for h, w in zip(content.briefing.hubs, n.hubs, strict=True)}
    for title, chart in wanted.items():
        (picture,) = pictures(by_title[title])
        descr = picture._element.nvPicPr.cNvPr.get("descr")
        assert descr and descr == chart.spec.alt
        assert picture.name == f"Chart: {chart.spec.key}"
        if chart.spec.hub:
            assert chart.spec.hub in descr


def test_every_slide_has_speaker_notes(any_prs: Any) -> None:
    for number, slide in enumerate(any_prs.slides, 1):
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip(), f"slide {number}"


def test_every_slide_but_the_title_has_a_slide_number_field(any_prs: Any) -> None:
    flags = [has_slide_number(s) for s in any_prs.slides]
    assert flags[0] is False
    assert all(flags[1:])


def test_slides_with_a_chart_or_table_cite_their_sources(any_prs: Any, content: Content) -> None:
    labels = content.narrative.labels
    for slide in any_prs.slides:
        if pictures(slide) or tables(slide):
            line = footer_text(slide)
            assert line.startswith((labels["source_prefix"], labels["sources_prefix"])), title_of(slide)


def test_hub_slides_cite_the_cluster_and_fact_sources(prs: Any, content: Content) -> None:
    by_title = {title_of(s): s for s in prs.slides}
    for hub, words in zip(content.briefing.hubs, content.narrative.hubs, strict=True):
        line = footer_text(by_title[words.title])
        for source_id in hub.sources:
            assert content.source_line((source_id,)).split(" ", 1)[1] in line


def test_pictures_keep_their_aspect_ratio(any_prs: Any, content: Content) -> None:
    for slide in any_prs.slides:
        for picture in pictures(slide):
            chart = content.chart(picture.name.removeprefix("Chart: "))
            ratio = (picture.width / picture.height) / (chart.width_px / chart.height_px)
            assert abs(ratio - 1) < 0.005, picture.name


def test_every_shape_lies_within_the_slide(any_prs: Any) -> None:
    for number, slide in enumerate(any_prs.slides, 1):
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0, (number, shape.name)
            assert shape.left + shape.width <= any_prs.slide_width, (number, shape.name)
            assert shape.top + shape.height <= any_prs.slide_height, (number, shape.name)


def test_no_placeholder_is_left_empty(any_prs: Any) -> None:
    for number, slide in enumerate(any_prs.slides, 1):
        for shape in slide.placeholders:
            assert shape.has_text_frame and shape.text_frame.text.strip(), (number, shape.name)


def test_every_text_frame_fits_by_our_own_measure(any_prs: Any, content: Content) -> None:
    measure = measure_for(content.theme.font_files)
    checked = 0
    for number, slide in enumerate(any_prs.slides, 1):
        for shape in slide.shapes:
            if shape.has_text_frame and lines_of(shape):
                assert fits(lines_of(shape), frame_of(shape), measure, 1.0), (number, shape.name)
                checked += 1
            if shape.has_table:
                assert table_fits(shape, measure), number
    assert checked > 3 * len(any_prs.slides)


def test_the_table_lists_the_hubs_with_numbers_right_aligned(prs: Any, content: Content) -> None:
    slide = next(s for s in prs.slides if tables(s))
    table = tables(slide)[0].table
    labels = content.narrative.labels
    assert [c.text for c in table.rows[0].cells][:2] == [labels["table_rank"], labels["table_cluster"]]
    first = content.briefing.hubs[0]
    row = [c.text for c in table.rows[1].cells]
    assert row[1] == first.name and row[3] == format_number(first.pct_applications)
    assert table.cell(1, 3).text_frame.paragraphs[0].alignment == PP_ALIGN.RIGHT
    assert footer_text(slide)


def test_the_zip_is_well_formed(deck_file: tuple[Path, int]) -> None:
    with zipfile.ZipFile(deck_file[0]) as archive:
        names = archive.namelist()
        assert len(names) == len(set(names))
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        for name in names:
            if not name.endswith(".rels"):
                continue
            base = posixpath.dirname(posixpath.dirname(name))
            for rel in ElementTree.fromstring(archive.read(name)).iter(f"{RELS_NS}Relationship"):
                if rel.get("TargetMode") == "External":
                    continue
                target = rel.get("Target", "")
                joined = target.lstrip("/") if target.startswith("/") else posixpath.join(base, target)
                assert posixpath.normpath(joined) in names, f"{name}: {target}"


def test_two_builds_are_byte_identical(tmp_path: Path, content: Content, deck_file: tuple[Path, int]) -> None:
    again = tmp_path / "again.pptx"
    build_deck(content, TEMPLATE, again)
    assert again.read_bytes() == deck_file[0].read_bytes()


def test_document_properties_are_fixed(prs: Any, content: Content) -> None:
    props, settings = prs.core_properties, content.briefing.settings
    assert (props.title, props.author, props.subject) == (settings.title, settings.author, settings.subtitle)
    assert props.revision == 1 and props.created == props.modified


def test_a_revisions_slide_follows_the_title_when_there_are_changes(tmp_path: Path, content: Content,
                                                                    deck_file: tuple[Path, int]) -> None:
    changed = dataclasses.replace(content, changes=("clusters.csv, row 3: pct_applications 1 -> 2",))
    target = tmp_path / "changes.pptx"
    assert build_deck(changed, TEMPLATE, target) == deck_file[1] + 1
    slide = Presentation(str(target)).slides[1]
    assert "pct_applications 1 -> 2" in texts(slide) and has_slide_number(slide)


def test_sample_slides_in_the_template_are_removed(tmp_path: Path, content: Content,
                                                    deck_file: tuple[Path, int]) -> None:
    with_sample = Presentation(str(TEMPLATE))
    with_sample.slides.add_slide(with_sample.slide_layouts[2]).shapes.title.text = "Sample"
    template = tmp_path / "sample.pptx"
    with_sample.save(str(template))
    assert len(open_template(template).slides) == 0
    assert build_deck(content, template, tmp_path / "out.pptx") == deck_file[1]


def test_a_potx_template_is_accepted(tmp_path: Path) -> None:
    template = tmp_path / "master.potx"
    with zipfile.ZipFile(TEMPLATE) as src, zipfile.ZipFile(template, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"presentation.main+xml", b"template.main+xml")
            dst.writestr(info, data)
    assert len(open_template(template).slide_layouts) == len(Presentation(str(TEMPLATE)).slide_layouts)


def test_describe_template_maps_every_kind(content: Content) -> None:
    text = describe_template(TEMPLATE)
    for line in ("title        -> Title (by name", "chart        -> Chart and Text (by name",
                 "table        -> Table (by name", "two_content  -> Two Content (by name"):
        assert line in text


def test_a_template_without_body_placeholders_is_refused_clearly(tmp_path: Path, content: Content) -> None:
    broken = Presentation(str(TEMPLATE))
    for layout in broken.slide_layouts:
        for shape in list(layout.placeholders):
            if shape.placeholder_format.type in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT):
                shape.element.getparent().remove(shape.element)
    template = tmp_path / "broken.pptx"
    broken.save(str(template))
    target = tmp_path / "never.pptx"
    with pytest.raises(TemplateError) as raised:
        build_deck(content, template, target)
    message = str(raised.value)
    assert str(template) in message and "chart slides" in message and "body (text) placeholder" in message
    assert "'Chart and Text'" in message  # the layouts it has are listed
    assert not target.exists()


def test_a_file_that_is_not_a_template_is_refused(tmp_path: Path, content: Content) -> None:
    template = tmp_path / "notes.pptx"
    template.write_text("not a deck")
    with pytest.raises(TemplateError, match="not a PowerPoint file"):
        build_deck(content, template, tmp_path / "out.pptx")


# --- text fitting ---------------------------------------------------------------------------------

BODY = Frame(340, 330, (Level(margin=18, indent=-18, line_spacing=1.1, space_before=10),))


def test_fit_keeps_the_largest_size_that_fits(content: Content) -> None:
    measure = measure_for(content.theme.font_files)
    fit = fit_text([Line("A short bullet")], BODY, measure, 16, 11)
    assert fit.size == 16 and not fit.dropped and not fit.overflow


def test_fit_shrinks_before_it_drops_and_cuts(content: Content) -> None:
    measure = measure_for(content.theme.font_files)
    some = [Line(f"Bullet {i}: a line long enough to wrap once in a column of this width") for i in range(6)]
    shrunk = fit_text(some, BODY, measure, 16, 11)
    assert 11 <= shrunk.size < 16 and not shrunk.overflow and fits(shrunk.shown, BODY, measure, shrunk.size)
    many = [Line(f"Bullet {i}: a line long enough to wrap once in a column of this width", priority=i % 2)
            for i in range(40)]
    fit = fit_text(many, BODY, measure, 16, 11)
    assert fit.size == 11
    assert fit.dropped and all(line.priority == 1 for line in fit.dropped)
    assert fit.overflow and fits(fit.shown, BODY, measure, 11)
    assert not fits([*fit.shown, fit.overflow[0]], BODY, measure, 11)
    assert [*fit.shown, *fit.overflow] == [x for x in many if x not in fit.dropped]


def test_paginate_splits_forty_bullets_without_losing_or_overflowing(content: Content) -> None:
    measure = measure_for(content.theme.font_files)
    many = [Line(f"Bullet {i}: a line long enough to wrap once in a column of this width") for i in range(40)]
    pages = paginate(many, BODY, measure, 16, 11)
    assert len(pages) > 1
    assert [line for page in pages for line in page.shown] == many
    assert all(fits(page.shown, BODY, measure, page.size) for page in pages)
    assert len({page.size for page in pages}) == 1


def test_paginate_keeps_a_source_with_its_url(content: Content) -> None:
    measure = measure_for(content.theme.font_files)
    lines = [x for i in range(30) for x in (Line(f"Publisher ({i}). Title.", keep_with_next=True),
                                            Line(f"https://example.org/{i}"))]
    for page in paginate(lines, BODY, measure, 12, 10):
        assert not page.shown[-1].keep_with_next


def test_a_word_wider_than_the_box_is_broken_not_overflowed(content: Content) -> None:
    measure = measure_for(content.theme.font_files)
    url = "https://example.org/" + "x" * 200
    assert all(measure.width(part, 11) <= 100 for part in measure.wrap(url, 100, 11))
    assert text_height([Line(url)], Frame(100, 1e6), measure, 11) > 3 * 11


def test_deck_bytes_do_not_depend_on_the_target_name(tmp_path: Path, content: Content) -> None:
    first, second = tmp_path / "a.pptx.tmp", tmp_path / "b.pptx"
    build_deck(content, TEMPLATE, first)
    build_deck(content, TEMPLATE, second)
    assert first.read_bytes() == second.read_bytes()


# --- the short deck on one hub --------------------------------------------------------------------

def test_hub_deck_has_title_hub_methodology_and_sources_slides(hub_prs: Any, hub_deck: tuple[Path, int],
                                                                content: Content) -> None:
    n = content.narrative
    assert hub_deck[1] == len(hub_prs.slides)
    titles = without_continuations([title_of(s) for s in hub_prs.slides], content)
    assert titles == [n["cover"].title, n.hubs[0].title, n["methodology"].title, n["sources"].title]


def test_hub_deck_title_slide_and_properties_name_the_hub(hub_prs: Any, content: Content) -> None:
    document, cover = content.narrative.hub_documents[0], hub_prs.slides[0]
    assert content.narrative.hubs[0].title in texts(cover)
    assert cover.notes_slide.notes_text_frame.text == document.notes
    assert hub_prs.core_properties.title == document.title
    assert content.briefing.hubs[0].name in document.title


def test_hub_deck_hub_slide_names_only_its_hub(hub_prs: Any, content: Content) -> None:
    hub, words = content.briefing.hubs[0], content.narrative.hubs[0]
    slide = next(s for s in hub_prs.slides if title_of(s) == words.title)
    (picture,) = pictures(slide)
    shown = "\n".join([texts(slide), slide.notes_slide.notes_text_frame.text, picture._element.nvPicPr.cNvPr.get(
        "descr")])
    assert hub.name in shown and format_number(hub.pct_applications) in shown
    for other in content.briefing.hubs[1:]:
        assert other.name not in shown, other.name


def test_hub_deck_hub_slide_is_the_full_decks_slide(hub_prs: Any, prs: Any, content: Content) -> None:
    title = content.narrative.hubs[0].title
    full, short = (next(s for s in deck.slides if title_of(s) == title) for deck in (prs, hub_prs))

    def without_number(slide: Any) -> list[str]:
        return [s.text_frame.text for s in slide.shapes if s.has_text_frame and not s.text_frame.text.isdigit()]
    assert without_number(short) == without_number(full)


def test_hub_deck_pictures_have_alt_text(hub_prs: Any, content: Content) -> None:
    drawn = [p for slide in hub_prs.slides for p in pictures(slide)]
    assert [p.name for p in drawn] == [f"Chart: {content.hub_charts(content.briefing.hubs[0].name)[0].spec.key}"]
    for picture in drawn:
        assert picture._element.nvPicPr.cNvPr.get("descr") == content.chart(picture.name.removeprefix(
            "Chart: ")).spec.alt


def test_hub_deck_lists_only_the_sources_its_slides_cite(hub_prs: Any, content: Content) -> None:
    labels = content.narrative.labels
    cited: set[str] = set()
    for slide in hub_prs.slides:
        line = footer_text(slide)
        for prefix in (labels["sources_prefix"], labels["source_prefix"]):
            line = line.removeprefix(prefix)
        cited.update(x for x in line.strip().split("; ") if x)
    title = content.narrative["sources"].title
    listed = "\n".join(texts(s) for s in hub_prs.slides if title_of(s).startswith(title))
    shown = [s for s in content.briefing.sources if f"{s.title}" in listed]
    assert shown and len(shown) < len(content.briefing.sources)
    assert {source_list(content.briefing, (s.id,)) for s in shown} == cited


def test_hub_deck_builds_are_byte_identical(tmp_path: Path, content: Content, hub_deck: tuple[Path, int]) -> None:
    again = tmp_path / "again.pptx"
    build_hub_deck(content, content.briefing.hubs[0].name, TEMPLATE, again)
    assert again.read_bytes() == hub_deck[0].read_bytes()


def test_a_hub_outside_the_top_is_refused_naming_the_hubs(tmp_path: Path, content: Content) -> None:
    target = tmp_path / "never.pptx"
    with pytest.raises(BuildError) as raised:
        build_hub_deck(content, "Atlantis", TEMPLATE, target)
    assert "'Atlantis'" in str(raised.value) and content.briefing.hubs[-1].name in str(raised.value)
    assert not target.exists()
