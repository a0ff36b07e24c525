"""Deck table layout: numbers never wrap, columns fill the width, rows split evenly over as few slides as fit."""

from __future__ import annotations

import pytest

from report.look.theme import load_theme
from report.outputs.pptx.fit import Measure, measure_for
from report.outputs.pptx.table import CELL_X, plan_table, row_height

HEADER = ["Rank", "Cluster", "Economy", "PCT applications", "Publications"]
NUMERIC = [True, False, False, True, True]


@pytest.fixture(scope="module")
def measure() -> Measure:
    return measure_for(load_theme().font_files)


def _rows(n: int) -> list[list[str]]:
    return [
        [str(i), f"Cluster number {i} with a long name", "Economy", f"{100000 + i:,}", f"{i * 1000:,}"]
        for i in range(1, n + 1)
    ]


def test_columns_fill_the_width_and_numbers_fit_on_one_line(measure: Measure) -> None:
    rows = _rows(5)
    plan = plan_table(HEADER, rows, NUMERIC, 600, 400, measure, 16, 11)
    assert sum(plan.widths) == pytest.approx(600)
    for j, numeric in enumerate(NUMERIC):
        if numeric:
            for row in rows:
                assert len(measure.wrap(row[j], plan.widths[j] - 2 * CELL_X, plan.size)) == 1


def test_rows_split_evenly_over_the_fewest_slides(measure: Measure) -> None:
    plan = plan_table(HEADER, _rows(13), NUMERIC, 700, 2000, measure, 14, 11, max_rows=12)
    assert [len(page) for page in plan.pages] == [7, 6]
    assert [i for page in plan.pages for i in page] == list(range(13))


def test_a_page_never_holds_more_than_fits_its_height(measure: Measure) -> None:
    rows = _rows(30)
    plan = plan_table(HEADER, rows, NUMERIC, 700, 220, measure, 14, 11, max_rows=12)
    for page in plan.pages:
        assert plan.header_height + sum(plan.row_heights[i] for i in page) <= 220
    assert row_height(HEADER, plan.widths, measure, plan.size, True) == pytest.approx(plan.header_height)


def test_a_table_too_wide_for_its_area_is_refused(measure: Measure) -> None:
    with pytest.raises(ValueError, match="do not fit"):
        plan_table(HEADER, _rows(3), NUMERIC, 120, 400, measure, 14, 11)
