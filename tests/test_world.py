"""report.charts.world: map labels are placed by their width, and a CJK name is wider than its letter count says."""

from __future__ import annotations

from pathlib import Path

import pytest

from report.charts.world import _place_labels
from report.look.fontchain import system_fonts
from report.look.theme import load_theme

SIZE = 14
WIDTH, HEIGHT = 338, 260


@pytest.mark.parametrize("label", ["東京–横浜", "서울특별시", "Tokyo–Yokohama"])
def test_a_label_near_the_edge_is_placed_where_its_real_width_fits(label: str) -> None:
    """A circle 60 px from the right edge: its label must end inside the frame, measured with the font that
    draws it (an estimate of 0.58 em a character puts a CJK name's end off the edge)."""
    from PIL import ImageFont

    if label.isascii():
        path, index = Path(load_theme().font_files["regular"]), 0
    else:
        found = system_fonts("cjk", label)
        if not found:
            pytest.skip("no installed CJK font: install fonts-noto-cjk (tools/install-system-packages.sh)")
        path, index = found[0][0].path, found[0][0].index
    font = ImageFont.truetype(str(path), SIZE, index=index)
    point = {"px": WIDTH - 60, "py": HEIGHT / 2, "r": 10, "label": label, "score": 1.0, "cluster": "c"}
    (spot,) = _place_labels([point], WIDTH, HEIGHT, SIZE, [])
    longest = max(font.getlength(line) for line in spot["label"].split("\n"))
    left = {"left": spot["x"], "center": spot["x"] - longest / 2, "right": spot["x"] - longest}[spot["align"]]
    assert left >= 0 and left + longest <= WIDTH, (spot, longest)
