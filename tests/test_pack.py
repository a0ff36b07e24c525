"""The data pack, opened as a reader would open it: every charted number is a number, every figure is there
with its source, headers stay in view, and the same story gives the same bytes."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from report.blocks import Appendix, Chart, Show, Sources, Story
from report.content import Content
from report.outputs import OutputSettings, renderers
from report.paths import templates_dir
from report.story import full_story, hub_story
from report.words.format import source_list


@pytest.fixture(scope="module")
def story(content: Content) -> Story:
    return full_story(content)  # the pack draws no pictures: its charts need not be rendered


def _write(story: Story, target: Path) -> int:
    (pack,) = renderers(("xlsx",), OutputSettings(templates_dir() / "briefing.pptx"))
    return pack.write(story, target)


@pytest.fixture(scope="module")
def book(story: Story, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from openpyxl import load_workbook

    target = tmp_path_factory.mktemp("pack") / "b-data.xlsx"
    assert _write(story, target) == len(load_workbook(target).worksheets)
    return load_workbook(target)


def _rows(sheet: Any) -> list[tuple[Any, ...]]:
    return [tuple(cell.value for cell in row) for row in sheet.iter_rows()]


def _table(sheet: Any, header: tuple[str, ...]) -> tuple[int, list[tuple[Any, ...]]]:
    """The row number of ``header`` in the sheet and the rows under it, up to the first empty row."""
    rows = _rows(sheet)
    start = next(i for i, row in enumerate(rows) if row[: len(header)] == header)
    below = []
    for row in rows[start + 1 :]:
        if all(v is None for v in row):
            break
        below.append(row[: len(header)])
    return start + 1, below


def _sheets_by_title(book: Any) -> dict[str, Any]:
    """The About sheet's list: what each sheet holds (its block's title) -> the sheet."""
    _row, listed = _table(book["About"], ("Sheet", "What it holds"))
    return {holds: book[name] for name, holds in listed}


def test_each_chart_sheet_holds_exactly_the_numbers_its_chart_draws_as_numbers(story: Story, book: Any) -> None:
    sheets = _sheets_by_title(book)
    charts = [b for b in story.shown_in(Show.PACK) if isinstance(b, Chart)]
    assert charts and {c.key for b in charts for c in b.charts} == {s.key for s in story.chart_specs()}
    for block in charts:
        sheet, table = sheets[block.title], block.chart.table
        words = [row[0] for row in _rows(sheet)[:3]]
        assert words == [block.title, block.chart.caption, story.content.source_line(block.chart.source_ids)]
        header_row, rows = _table(sheet, table.columns)
        assert len(rows) == len(table.rows), block.key
        for written, drawn in zip(rows, table.rows, strict=True):
            for cell, value in zip(written, drawn, strict=True):
                if isinstance(value, int | float):
                    assert isinstance(cell, int | float) and not isinstance(cell, bool), (block.key, cell)
                    assert cell == pytest.approx(value, abs=1e-12)
                else:
                    assert cell == value
        assert sheet.freeze_panes == f"A{header_row + 1}"  # the header row stays in view


def test_every_figure_of_the_appendix_is_there_with_its_source_and_numbers_are_numbers(story: Story, book: Any) -> None:
    (appendix,) = [b for b in story.blocks if isinstance(b, Appendix)]
    labels = story.content.labels
    header = ("Section", labels["appendix_figure"], labels["appendix_value"])
    _header_row, rows = _table(_sheets_by_title(book)[appendix.title], header)
    figures = [(g.title, f) for g in appendix.groups for f in g.figures]
    assert len(rows) == len(figures) + 7 * len(appendix.others)
    sheet = _sheets_by_title(book)[appendix.title]
    full = {(r[0], r[1]): r for r in _rows(sheet)}
    for title, figure in figures:
        _section, _label, value, written, sources, _note = full[(title, figure.label)]
        if figure.number is None:
            assert value == figure.value
        else:
            assert isinstance(value, int | float) and Decimal(repr(value)) == Decimal(figure.number)
        assert written == figure.value
        expected = source_list(story.content.briefing, figure.source_ids) if figure.source_ids else None
        assert sources == expected


def test_every_claim_the_briefing_prints_is_a_row_with_what_its_sources_report(story: Story, book: Any) -> None:
    """A claim lives in a fact's note (the first time China leads, Beijing the only Chinese cluster among the 25
    most intensive) and the year WIPO began finding clusters in briefing.toml: each has a row of its own in the
    pack, the note beside its figure and its own sources, not only a sentence in the prose."""
    briefing = story.content.briefing
    rows = _table(book["Figures"], ("Section", "Figure", "Value", "As written in the briefing", "Source", "Note"))[1]
    year = briefing.settings.edition_year
    claims = [f for f in briefing.facts if f.claim and f.year == year] + list(briefing.intensity_places())
    assert len(claims) >= 3
    for fact in claims:
        row = next((r for r in rows if r[5] == fact.note), None)
        assert row is not None, fact.note
        assert row[4] == source_list(briefing, fact.sources) and row[2] == fact.value
    since = next(r for r in rows if r[3] == briefing.settings.method_since)
    assert since[2] == int(briefing.settings.method_since)
    assert since[4] == source_list(briefing, briefing.settings.method_since_sources)


def test_numbers_carry_the_formats_the_briefing_writes_them_with(book: Any) -> None:
    counts = ("Cluster", "Share of world PCT filings (%)", "Share of world publications (%)", "PCT applications")
    pct = next(s for s in book.worksheets if any(row[:4] == counts for row in _rows(s)))
    header_row, _rows_below = _table(pct, counts)
    assert pct.cell(header_row + 1, 4).number_format == "#,##0"  # a count, written as the briefing writes it
    chart_map = next(s for s in book.worksheets if "Latitude" in (v for row in _rows(s) for v in row))
    heads = ("Rank", "Cluster", "Region", "Combined score", "Latitude", "Longitude")
    header_row, _rows_below = _table(chart_map, heads)
    first = [chart_map.cell(header_row + 1, col).number_format for col in range(1, 7)]
    assert first == ["#,##0", "General", "General", "#,##0.0", "#,##0.00", "#,##0.00"]
    assert all(book[name].column_dimensions["A"].width >= 8 for name in book.sheetnames)


def test_the_sources_sheet_lists_every_source_with_its_year_as_a_number(story: Story, book: Any) -> None:
    (sources,) = [b for b in story.blocks if isinstance(b, Sources)]
    _row, rows = _table(_sheets_by_title(book)[sources.title], ("Short name", "Title", "Publisher", "Year"))
    assert [r[0] for r in rows] == [s.short for s in sources.sources]
    assert [r[3] for r in rows] == [s.year for s in sources.sources]


def test_the_same_story_gives_the_same_bytes(story: Story, tmp_path: Path) -> None:
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    _write(story, first)
    _write(story, second)
    assert first.read_bytes() == second.read_bytes()


def test_text_from_the_data_is_never_a_formula(story: Story, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    chart = next(b for b in story.blocks if isinstance(b, Chart))
    hostile = replace(chart, words=replace(chart.words, title='=HYPERLINK("x")'))
    target = tmp_path / "p.xlsx"
    _write(replace(story, blocks=tuple(hostile if b is chart else b for b in story.blocks)), target)
    cells = [c for s in load_workbook(target).worksheets for row in s.iter_rows() for c in row]
    hits = [c for c in cells if c.value == '=HYPERLINK("x")']
    assert hits and all(c.data_type == "s" for c in hits)


def test_a_hub_pack_holds_its_figures_and_sources(content: Content, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    story = hub_story(content, content.briefing.hubs[0].name)
    target = tmp_path / "hub-data.xlsx"
    assert _write(story, target) == 3
    book = load_workbook(target)
    assert book.sheetnames == ["About", "Figures", "Sources"]
    (appendix,) = [b for b in story.blocks if isinstance(b, Appendix)]
    (sources,) = [b for b in story.blocks if isinstance(b, Sources)]
    labels = content.labels
    _row, figures = _table(book["Figures"], ("Section", labels["appendix_figure"]))
    assert [f[1] for f in figures] == [f.label for g in appendix.groups for f in g.figures]
    _row, listed = _table(book["Sources"], ("Short name",))
    assert [r[0] for r in listed] == [s.short for s in sources.sources]


def test_every_worked_out_figure_carries_the_sum_that_gives_it(book: Any) -> None:
    """A figure the briefing works out (a patent part, a lead, a ratio, the leaders' count together) is a row
    whose note is its sum, and the sum, done again here, gives the value the briefing prints."""
    rows = _table(book["Figures"], ("Section", "Figure", "Value", "As written in the briefing", "Source", "Note"))[1]
    worked = [r for r in rows if r[5] and re.fullmatch(r"[\d.,()÷+− ]+", r[5])]
    assert len(worked) >= 12
    for _section, label, value, written, _source, note in worked:
        expression = note.replace(",", "").replace("÷", "/").replace("−", "-")
        result = eval(expression, {"__builtins__": {}})  # digits and + - / ( ) only, matched above
        if written.endswith("%"):
            assert round(100 * result) == value, (label, note)
        elif written.endswith("×"):  # printed to one place below ten, whole from ten up
            assert abs(result - value) <= (0.5 if value >= 10 else 0.05), (label, note)
        else:
            assert abs(result - value) < 1e-9, (label, note)
