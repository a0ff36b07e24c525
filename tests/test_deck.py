"""The deck end to end: draw the story, open the deck with python-pptx, check what a reader would see."""

from __future__ import annotations

import dataclasses
import posixpath
import re
import zipfile
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.enum.text import PP_ALIGN

from report.blocks import Chart, Dashboard, Hub, Show, Story
from report.charts.raster import RenderedChart
from report.content import Content
from report.errors import TemplateError
from report.outputs.pptx.fit import fits, measure_for
from report.outputs.pptx.inspect import describe_template
from report.outputs.pptx.layouts import open_template
from report.outputs.pptx.shapes import frame_of, has_slide_number, lines_of
from report.outputs.pptx.slides import build_deck
from report.outputs.pptx.table import table_fits
from report.paths import templates_dir
from report.story import full_story
from report.words.format import format_number, ordinal, ordinal_word, source_list
from tests.readers import plain

TEMPLATE = templates_dir() / "briefing.pptx"
RELS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"


@pytest.fixture(scope="module")
def deck_file(tmp_path_factory: pytest.TempPathFactory, story: Story) -> tuple[Path, int]:
    target = tmp_path_factory.mktemp("deck") / "deck.pptx"
    return target, build_deck(story, TEMPLATE, target)


@pytest.fixture(scope="module")
def prs(deck_file: tuple[Path, int]) -> Any:
    return Presentation(str(deck_file[0]))


@pytest.fixture(scope="module")
def hub_deck(tmp_path_factory: pytest.TempPathFactory, first_hub_story: Story) -> tuple[Path, int]:
    """The short deck on the first hub."""
    target = tmp_path_factory.mktemp("hub-deck") / "hub.pptx"
    return target, build_deck(first_hub_story, TEMPLATE, target)


@pytest.fixture(scope="module")
def hub_prs(hub_deck: tuple[Path, int]) -> Any:
    return Presentation(str(hub_deck[0]))


@pytest.fixture(scope="module", params=["full", "hub"])
def any_prs(request: pytest.FixtureRequest, prs: Any, hub_prs: Any) -> Any:
    """Each deck in turn, for the rules every deck keeps."""
    return prs if request.param == "full" else hub_prs


def chart_of(story: Story, key: str) -> RenderedChart:
    return story.rendered[key]


def title_of(slide: Any) -> str:
    return plain(slide.shapes.title.text_frame.text) if slide.shapes.title is not None else ""


def texts(slide: Any) -> str:
    return plain("\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame))


def pictures(slide: Any) -> list[Any]:
    return [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]


def tables(slide: Any) -> list[Any]:
    return [s for s in slide.shapes if s.has_table]


def footer_text(slide: Any) -> str:
    return plain("\n".join(s.text_frame.text for s in slide.placeholders if s.placeholder_format.idx == 11))


def expected_titles(story: Story) -> list[str]:
    """The deck's outline is the story's: one slide (or a run of continued ones) per block shown in the deck."""
    return [block.title for block in story.shown_in(Show.DECK)]


def without_continuations(titles: list[str], content: Content) -> list[str]:
    label = content.narrative.labels["table_continued"]  # "(continued)", numbered from the second on: "(continued 2)"
    suffix = re.compile(rf"\s+{re.escape(label[:-1])}(?: \d+)?{re.escape(label[-1])}$")
    kept: list[str] = []
    for title in titles:
        base = suffix.sub("", title)
        if title == base or not kept or kept[-1] != base:
            kept.append(base)
    return kept


def test_slide_count_is_returned_and_matches_the_file(prs: Any, deck_file: tuple[Path, int], story: Story) -> None:
    assert deck_file[1] == len(prs.slides)
    assert len(prs.slides) >= len(expected_titles(story))


def test_slide_titles_follow_the_story_in_order(prs: Any, story: Story) -> None:
    titles = [title_of(s) for s in prs.slides]
    assert without_continuations(titles, story.content) == expected_titles(story)


def test_reordering_the_story_reorders_the_deck(tmp_path: Path, story: Story) -> None:
    blocks = list(story.blocks)
    hubs = [i for i, b in enumerate(blocks) if isinstance(b, Hub)]
    blocks[hubs[0]], blocks[hubs[-1]] = blocks[hubs[-1]], blocks[hubs[0]]
    swapped = dataclasses.replace(story, blocks=tuple(blocks))
    target = tmp_path / "swapped.pptx"
    build_deck(swapped, TEMPLATE, target)
    titles = [title_of(s) for s in Presentation(str(target)).slides]
    assert without_continuations(titles, story.content) == expected_titles(swapped) != expected_titles(story)


def test_each_hub_slide_names_the_hub_its_pct_applications_and_three_facts(prs: Any, story: Story) -> None:
    by_title = {title_of(s): s for s in prs.slides}
    for hub in story.content.narrative.hubs:
        text = texts(by_title[hub.section.title])
        assert hub.name in text
        assert format_number(hub.cluster.pct_applications) in text
        assert sum(fact.line in text for fact in hub.facts) >= min(3, len(hub.facts))


def test_every_chart_has_the_alt_text_of_its_block(prs: Any, story: Story) -> None:
    by_title = {title_of(s): s for s in prs.slides}
    wanted = {b.title: b.chart for b in story.shown_in(Show.DECK) if isinstance(b, Chart)}
    assert len(wanted) >= 5
    for title, spec in wanted.items():
        (picture,) = pictures(by_title[title])
        descr = picture._element.nvPicPr.cNvPr.get("descr")
        assert descr and descr == spec.alt
        assert picture.name == f"Chart: {spec.key}"


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


def test_every_source_line_is_one_size_and_keeps_each_source_whole(prs: Any, content: Content) -> None:
    """Source lines shrunk to stay on one line came out at 8, 9 and 10 pt on neighbouring slides; a long line
    now wraps at the one size, between sources, never inside a source's name."""
    sizes, shorts, bound = set(), {s.short for s in content.briefing.sources if " " in s.short}, 0
    for slide in prs.slides:
        for shape in (s for s in slide.placeholders if s.placeholder_format.idx == 11):
            runs = [r for p in shape.text_frame.paragraphs for r in p.runs]
            sizes |= {r.font.size.pt for r in runs if r.font.size is not None}
            text = shape.text_frame.text
            assert not any(short in text for short in shorts), text  # their spaces are no-break spaces
            bound += sum(short.replace(" ", "\u00a0") in text for short in shorts)
    assert len(sizes) == 1 and bound > 0, (sizes, bound)


def test_hub_slides_cite_the_cluster_and_fact_sources(prs: Any, content: Content) -> None:
    by_title = {title_of(s): s for s in prs.slides}
    for hub in content.narrative.hubs:
        line = footer_text(by_title[hub.section.title])
        for source_id in hub.cluster.sources:
            assert content.source_line((source_id,)).split(" ", 1)[1] in line


def test_pictures_keep_their_aspect_ratio(any_prs: Any, story: Story) -> None:
    for slide in any_prs.slides:
        for picture in pictures(slide):
            chart = chart_of(story, picture.name.removeprefix("Chart: "))
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


def test_the_dashboard_holds_the_storys_rows_with_numbers_right_aligned(prs: Any, story: Story) -> None:
    block = next(b for b in story.blocks if isinstance(b, Dashboard))
    slide = next(s for s in prs.slides if title_of(s) == block.title)
    (table,) = [t.table for t in tables(slide)]
    assert len(table.rows) == len(block.rows) + 1
    for row, cells in zip(block.rows, list(table.rows)[1:], strict=True):
        texts = [plain(c.text_frame.text) for c in cells.cells]
        assert texts[0].startswith(str(row.cluster.rank)) and plain(row.change) in texts[0]
        assert row.cluster.name in texts[1] and row.pct in texts[2] and row.pubs in texts[3] and texts[4] == row.score
        assert cells.cells[2].text_frame.paragraphs[0].alignment == PP_ALIGN.RIGHT
    bars = [s for s in slide.shapes if s.name.startswith("Bar:")]
    assert len(bars) == 2 * len(block.rows)
    assert footer_text(slide)


def test_dashboard_bars_are_as_long_as_the_printed_score(prs: Any, story: Story) -> None:
    """A bar's end agrees with its label: its length is the printed combined score, on one scale for all rows."""
    block = next(b for b in story.blocks if isinstance(b, Dashboard))
    slide = next(s for s in prs.slides if title_of(s) == block.title)
    bars = sorted((s for s in slide.shapes if s.name.startswith("Bar:")), key=lambda s: (s.top, s.left))
    lengths = [bars[i].width + bars[i + 1].width for i in range(0, len(bars), 2)]
    scale = lengths[0] / float(block.rows[0].cluster.total_share or 1)
    for row, length in zip(block.rows, lengths, strict=True):
        assert length == pytest.approx(float(row.cluster.total_share or 0) * scale, abs=2), row.cluster.name
    for n, row in enumerate(block.rows):  # split as the printed shares split: rounding falls on both parts
        pct, pub = row.parts or (0, 0)
        assert bars[2 * n].width / lengths[n] == pytest.approx(float(pct / (pct + pub)), abs=0.01), row.cluster.name


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


def test_two_builds_are_byte_identical(tmp_path: Path, story: Story, deck_file: tuple[Path, int]) -> None:
    again = tmp_path / "again.pptx"
    build_deck(story, TEMPLATE, again)
    assert again.read_bytes() == deck_file[0].read_bytes()


def test_document_properties_are_fixed(prs: Any, content: Content) -> None:
    props, settings = prs.core_properties, content.briefing.settings
    assert (props.title, props.author, props.subject) == (settings.title, settings.author, settings.subtitle)
    assert props.revision == 1 and props.created == props.modified


def test_a_revisions_slide_follows_the_title_when_there_are_changes(
    tmp_path: Path, story: Story, deck_file: tuple[Path, int]
) -> None:
    changed = dataclasses.replace(story.content, changes=("clusters.csv, row 3: pct_applications 1 -> 2",))
    target = tmp_path / "changes.pptx"
    assert build_deck(full_story(changed).with_charts(story.rendered.values()), TEMPLATE, target) == deck_file[1] + 1
    slide = Presentation(str(target)).slides[1]
    assert "pct_applications 1 -> 2" in texts(slide) and has_slide_number(slide)


def test_sample_slides_in_the_template_are_removed(tmp_path: Path, story: Story, deck_file: tuple[Path, int]) -> None:
    with_sample = Presentation(str(TEMPLATE))
    with_sample.slides.add_slide(with_sample.slide_layouts[2]).shapes.title.text = "Sample"
    template = tmp_path / "sample.pptx"
    with_sample.save(str(template))
    assert len(open_template(template).slides) == 0
    assert build_deck(story, template, tmp_path / "out.pptx") == deck_file[1]


def test_a_potx_template_is_accepted(tmp_path: Path) -> None:
    template = tmp_path / "master.potx"
    with zipfile.ZipFile(TEMPLATE) as src, zipfile.ZipFile(template, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "[Content_Types].xml":
                data = data.replace(b"presentation.main+xml", b"template.main+xml")
            dst.writestr(info, data)
    assert len(open_template(template).slide_layouts) == len(Presentation(str(TEMPLATE)).slide_layouts)


def test_describe_template_maps_every_kind() -> None:
    from report.look.theme import load_theme

    text, usable = describe_template(TEMPLATE, load_theme())
    assert usable and "!" not in text  # nothing wrong with the shipped master
    for line in (
        "title        -> 1 Title (by name",
        "chart        -> 3 Chart and Text (by name",
        "table        -> 5 Table (by name",
        "two_content  -> 4 Two Content (by name",
        "closing      -> 6 Closing (by name",
    ):
        assert line in text


def test_a_template_without_body_placeholders_is_refused_clearly(tmp_path: Path, story: Story) -> None:
    broken = Presentation(str(TEMPLATE))
    for layout in broken.slide_layouts:
        for shape in list(layout.placeholders):
            if shape.placeholder_format.type in (PP_PLACEHOLDER.BODY, PP_PLACEHOLDER.OBJECT):
                shape.element.getparent().remove(shape.element)
    template = tmp_path / "broken.pptx"
    broken.save(str(template))
    target = tmp_path / "never.pptx"
    with pytest.raises(TemplateError) as raised:
        build_deck(story, template, target)
    message = str(raised.value)
    assert str(template) in message and "chart slides" in message and "no placeholder for the text body" in message
    assert "'Chart and Text'" in message  # the closest layouts it has are listed
    assert "--layout chart=NAME" in message
    assert not target.exists()


def test_a_file_that_is_not_a_template_is_refused(tmp_path: Path, story: Story) -> None:
    template = tmp_path / "notes.pptx"
    template.write_text("not a deck")
    with pytest.raises(TemplateError, match="not a PowerPoint file"):
        build_deck(story, template, tmp_path / "out.pptx")


def test_deck_bytes_do_not_depend_on_the_target_name(tmp_path: Path, story: Story) -> None:
    first, second = tmp_path / "a.pptx.tmp", tmp_path / "b.pptx"
    build_deck(story, TEMPLATE, first)
    build_deck(story, TEMPLATE, second)
    assert first.read_bytes() == second.read_bytes()


# --- the short deck on one hub --------------------------------------------------------------------


def test_hub_deck_slides_follow_its_story(hub_prs: Any, hub_deck: tuple[Path, int], first_hub_story: Story) -> None:
    assert hub_deck[1] == len(hub_prs.slides)
    titles = without_continuations([title_of(s) for s in hub_prs.slides], first_hub_story.content)
    assert titles == expected_titles(first_hub_story)
    assert [type(b).__name__ for b in first_hub_story.shown_in(Show.DECK)] == ["Cover", "Hub", "Methodology", "Sources"]


def test_hub_deck_title_slide_and_properties_name_the_hub(hub_prs: Any, content: Content) -> None:
    hub, cover = content.narrative.hubs[0], hub_prs.slides[0]
    assert hub.section.title in texts(cover)
    assert cover.notes_slide.notes_text_frame.text == hub.document.notes
    assert hub_prs.core_properties.title == hub.document.title
    assert hub.name in hub.document.title


def test_hub_deck_hub_slide_names_its_hub_and_its_big_numbers(hub_prs: Any, content: Content) -> None:
    hub = content.narrative.hubs[0]
    slide = next(s for s in hub_prs.slides if title_of(s) == hub.section.title)
    tiles = {s.name: s.text_frame.text for s in slide.shapes if s.name.startswith("Figure: ")}
    assert len(tiles) == 3
    assert any(format_number(hub.cluster.pct_applications) in text for text in tiles.values())
    assert any(format_number(hub.cluster.publications) in text for text in tiles.values())
    assert hub.name in texts(slide) and hub.name in slide.notes_slide.notes_text_frame.text


def test_hub_deck_hub_slide_is_the_full_decks_slide(hub_prs: Any, prs: Any, content: Content) -> None:
    title = content.narrative.hubs[0].section.title
    full, short = (next(s for s in deck.slides if title_of(s) == title) for deck in (prs, hub_prs))

    def without_number(slide: Any) -> list[str]:
        return [s.text_frame.text for s in slide.shapes if s.has_text_frame and not s.text_frame.text.isdigit()]

    assert without_number(short) == without_number(full)


def test_hub_slides_show_their_neighbourhood_mix_and_what_the_sources_say(prs: Any, story: Story) -> None:
    """Each hub slide draws the clusters either side of it on each count among all listed clusters (so the
    figure differs from hub to hub, unlike a moving highlight), states its patent part of the two shares added
    in its text (not on the score tile, beside a score it is not a part of; the top hubs' together is said once,
    on the scatter's slide), and its
    panel states its innovation facts and never a context fact (revenues, company lists)."""
    briefing = story.content.briefing
    clusters = briefing.clusters
    top = [h for h in briefing.hubs if h.pct_share is not None and h.pub_share is not None]
    benchmark = sum(h.pct_share for h in top) / sum(h.pct_share + h.pub_share for h in top)  # type: ignore[operator,misc]
    drawn: list[tuple[str, ...]] = []
    per_unit: dict[str, list[float]] = {}
    for block in (b for b in story.blocks if isinstance(b, Hub)):
        slide = next(s for s in prs.slides if title_of(s) == block.title)
        c = block.cluster
        texts = [s.text_frame.text for s in slide.shapes if s.has_text_frame]
        heading = next(s for s in slide.shapes if s.name == "Nearest heading")
        assert heading.left + heading.width <= prs.slide_width // 2  # on a 16:9 slide the figure has the left column
        for measure, count in (("PCT applications", "pct_applications"), ("Publications", "publications")):
            order = sorted(clusters, key=lambda x: -getattr(x, count))
            at = order.index(c)
            first = max(0, min(at - 1, len(order) - 3))
            expected = order[first : first + 3]
            bars = [s for s in slide.shapes if s.name.endswith(f"bar: {measure}") or s.name == f"Bar: {measure}"]
            assert len(bars) == 3, (block.title, measure)
            longest = max(getattr(x, count) for x in expected)
            for bar, cluster in zip(sorted(bars, key=lambda s: s.top), expected, strict=True):
                assert bar.name.startswith("Bar") == (cluster is c)
                assert abs(bar.width / max(b.width for b in bars) - getattr(cluster, count) / longest) < 0.01
                assert f"{getattr(cluster, count):,}" in texts, (block.title, cluster.name)
            assert texts.count(f"{getattr(c, count):,}") == 1  # its own bar is labelled too, as a chart's would be
            own = next(b for b in bars if b.name.startswith("Bar"))
            per_unit.setdefault(measure, []).append(own.width / getattr(c, count))  # one scale on every slide
            drawn.append(tuple(x.name for x in expected))
        assert c.pct_share is not None and c.pub_share is not None
        part = round(100 * c.pct_share / (c.pct_share + c.pub_share))
        said = f"{part}% of the sum of its two shares comes from PCT filings"
        assert any(said in t for t in texts), block.title  # said as what it is: not a part of the printed score
        assert not any("for the five together" in t for t in texts)  # the benchmark is the scatter slide's, once
        assert not any("% patents" in t for t in texts if t.startswith("Combined score"))
        panel = next((s.text_frame.text for s in slide.shapes if s.name == "Panel text"), "")  # none: nothing to say
        assert "name no top applicant" not in panel  # the unknowns are one line, on the dashboard
        stated_elsewhere = briefing.intensity_places()  # the intensity slide states a hub's place by intensity
        for fact in briefing.facts_for(c.name):
            subject = "" if fact.subject == c.name else fact.subject  # the hub's own fact reads without its name
            shown = fact.topic == "innovation" and fact not in stated_elsewhere
            (assert_in if shown else assert_not_in)(subject, fact.metric, panel)
    assert len(set(drawn)) > len(drawn) // 2  # neighbourhoods differ from hub to hub
    for units in per_unit.values():
        assert max(units) / min(units) < 1.01, per_unit  # one scale for each count, on every slide
    for slide in (s for s in prs.slides if any(x.name == "Nearest heading" for x in s.shapes)):
        said = {x.name: x.text_frame.text for x in slide.shapes if x.name.startswith("Nearest: ")}
        assert said["Nearest: PCT applications"] == "PCT applications (bar: share of world PCT filings)"
        assert said["Nearest: Publications"] == "Publications (bar: share of world publications)"
    # a count's bar is as long as its share's part of the score bar: a publication is worth less than a filing
    shared = [c for c in clusters if c.pct_share and c.pub_share]
    per_point = {
        "PCT applications": sum(c.pct_applications for c in shared) / sum(c.pct_share for c in shared),  # type: ignore[misc]
        "Publications": sum(c.publications for c in shared) / sum(c.pub_share for c in shared),  # type: ignore[misc]
    }
    drawn_ratio = per_unit["Publications"][0] / per_unit["PCT applications"][0]
    assert abs(drawn_ratio / float(per_point["PCT applications"] / per_point["Publications"]) - 1) < 0.01
    together = [s for s in prs.slides if any(f"{round(100 * benchmark)}% for the five together" in t.text_frame.text
                                              for t in s.shapes if t.has_text_frame)]  # fmt: skip
    assert len(together) == 1


def assert_in(subject: str, metric: str, text: str) -> None:
    assert (not subject or f"{subject}:" in text) and metric in text, (subject, metric)


def assert_not_in(subject: str, metric: str, text: str) -> None:
    assert metric not in text, (subject, metric)


def test_hub_deck_lists_only_sources_its_story_cites(hub_prs: Any, first_hub_story: Story, content: Content) -> None:
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
    assert cited <= {source_list(content.briefing, (s.id,)) for s in shown}


def test_hub_deck_builds_are_byte_identical(tmp_path: Path, first_hub_story: Story, hub_deck: tuple[Path, int]) -> None:
    again = tmp_path / "again.pptx"
    build_deck(first_hub_story, TEMPLATE, again)
    assert again.read_bytes() == hub_deck[0].read_bytes()


def test_the_glossary_slide_defines_every_term_in_two_balanced_columns(prs: Any, content: Content) -> None:
    glossary = content.narrative["glossary"]
    (slide,) = [s for s in prs.slides if title_of(s) == glossary.title]
    text = texts(slide)
    for point in glossary.points:
        assert f"{point.lead} {point.text}" in text
    columns = [s for s in slide.shapes if s.has_text_frame and s.name.startswith("Glossary, column")]
    counts = [len(c.text_frame.paragraphs) for c in columns]
    assert len(counts) == 2 and abs(counts[0] - counts[1]) <= 2, counts  # spread evenly, not one full column


def test_the_title_slide_says_what_edition_the_briefing_reviews(prs: Any, content: Content) -> None:
    """The imprint and the line on which edition the figures are from both show, though the template's box
    under the subtitle holds one line."""
    text = " ".join(s.text_frame.text for s in prs.slides[0].shapes if s.has_text_frame)
    for line in content.narrative["cover"].bullets:
        assert line in text


def test_each_hub_slide_places_its_hub_among_its_economys_clusters(prs: Any, story: Story) -> None:
    """What a hub slide says of its economy is worked out from the ranking: the other clusters named with their
    ranks where there are three or fewer, else the hub's place among them."""
    briefing = story.content.briefing
    for block in (b for b in story.blocks if isinstance(b, Hub)):
        slide = next(s for s in prs.slides if title_of(s) == block.title)
        text = texts(slide)
        c = block.cluster
        peers = [o for o in briefing.clusters if o is not c and o.economy_codes[:1] == c.economy_codes[:1]]
        counted = {f.number for f in block.figures if f.note and c.name in f.note and f.label.endswith("largest")}
        assert counted == {len(peers) + 1}, block.title  # the data pack's row for it, with the clusters counted
        if 0 < len(peers) <= 3:
            assert all(f"{o.name}, {ordinal(o.rank)}" in text for o in peers), block.title
        elif peers:
            place = sum(o.rank < c.rank for o in peers) + 1
            word = "largest" if place == 1 else f"{ordinal_word(place)}-largest"
            assert f"The {word} of {briefing.economy(c.economy_codes[0]).name}'s {len(peers) + 1} clusters" in text


def test_a_linked_source_is_underlined_to_its_last_letter(prs: Any) -> None:
    """The link is the source's short title, without the space that follows it (an underline running on)."""
    from pptx.oxml.ns import qn

    linked = [
        run
        for slide in prs.slides
        for run in slide.shapes._spTree.iter(qn("a:r"))
        if run.find(qn("a:rPr")) is not None and run.find(qn("a:rPr")).find(qn("a:hlinkClick")) is not None
    ]
    assert linked
    for run in linked:
        text = run.find(qn("a:t")).text or ""
        assert text == text.strip(), text


def test_every_table_says_what_it_holds_before_its_cells_are_read(prs: Any, content: Content) -> None:
    """A screen reader announces a table's alt text before its cells: the top five's table says what its
    columns are (cold read 26 found it had none)."""
    from pptx.oxml.ns import qn

    tables = [sh for slide in prs.slides for sh in slide.shapes if getattr(sh, "has_table", False) and sh.has_table]
    assert tables
    for table in tables:
        said = table._element.find(f".//{qn('p:cNvPr')}").get("descr") or ""
        assert said.strip(), table.name
    dashboard = next(t for t in tables if t.name == "Dashboard")
    described = dashboard._element.find(f".//{qn('p:cNvPr')}").get("descr")
    assert described == content.narrative.labels["dashboard_alt"].format(n="five")  # the rows it shows


def test_no_sentence_is_said_on_two_slides(prs: Any, content: Content) -> None:
    """Readers marked the deck down for the takeaways and the close restating later slides word for word: no
    sentence, clause or title of six words or more appears on two slides (the hub figure's heading, the same
    label on every hub slide, aside); source lines are left out."""
    labels = content.narrative.labels
    headings = {labels["near_title"].format(n=len(content.briefing.clusters))}
    where: dict[str, set[int]] = {}
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            if not shape.has_text_frame or plain(shape.text_frame.text).startswith("Source"):
                continue
            for part in re.split(r"\n|(?<=[.;:])\s+", plain(shape.text_frame.text)):
                clause = " ".join(part.split()).strip(" .;:")
                if len(clause.split()) >= 6 and clause not in headings:
                    where.setdefault(clause, set()).add(number)
    repeated = {clause: sorted(slides) for clause, slides in where.items() if len(slides) > 1}
    assert not repeated, repeated


def test_later_editions_are_mentioned_once_on_the_cover(prs: Any) -> None:
    """The cover says WIPO has published later editions; the takeaways no longer say it a second time."""
    texts = [" ".join(plain(s.text_frame.text) for s in slide.shapes if s.has_text_frame) for slide in prs.slides]
    assert "later editions" in texts[0]
    assert not any("later editions" in t for t in texts[1:])
