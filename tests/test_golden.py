"""Visual regression: four slides and four PDF pages, drawn again and compared with the pictures kept in
tests/golden/. Refresh them deliberately with `make golden` after a change you meant to make.

The comparison works on blocks of 12 × 12 pixels of a downscaled picture: font hinting and anti-aliasing
move a block's mean colour by a few levels; a moved box, a changed colour or missing text moves it by far
more. A failing picture is named, and a diff image (changed blocks in red) is written beside the test run.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from report.build import BuildOptions, build
from tests.conftest import DATA
from tests.looks import POPPLER
from tools.office import soffice
from tools.pictures import pages, slides

pytestmark = [
    pytest.mark.slow,
    pytest.mark.soffice,
    pytest.mark.skipif(soffice() is None or not POPPLER, reason="needs LibreOffice (tools/install-system-packages.sh)"),
]
GOLDEN = Path(__file__).parent / "golden"
SLIDES = (2, 5, 9, 13)  # the takeaways, the dashboard, a hub, intensity
PAGES = (3, 4, 6, 12)  # takeaways and map, economies and dashboard, a hub page, the appendix
WIDTH = 480
BLOCK = 12
TOLERANCE = 14  # levels (0-255) a block's mean may move in any channel
UPDATE = os.environ.get("REPORT_UPDATE_GOLDEN") == "1"


@pytest.fixture(scope="module")
def pictures(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    out = tmp_path_factory.mktemp("golden")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", "1790000000")
        build(BuildOptions(data_dir=DATA, out_dir=out, jobs=2))
    deck, pdf = slides(out / "gii2023-top-hubs.pptx", WIDTH), pages(out / "gii2023-top-hubs.pdf", WIDTH)
    found = {f"slide-{n:02d}": deck[n - 1] for n in SLIDES}
    found |= {f"page-{n:02d}": pdf[n - 1] for n in PAGES}
    return found


def block_means(image: Any) -> list[list[tuple[float, ...]]]:
    from PIL import ImageStat

    rows = []
    for top in range(0, image.height - BLOCK + 1, BLOCK):
        rows.append([tuple(ImageStat.Stat(image.crop((left, top, left + BLOCK, top + BLOCK))).mean)
                     for left in range(0, image.width - BLOCK + 1, BLOCK)])  # fmt: skip
    return rows


def changed_blocks(expected: Any, actual: Any) -> list[tuple[int, int]]:
    if expected.size != actual.size:
        return [(-1, -1)]
    changed = []
    for y, (row_a, row_b) in enumerate(zip(block_means(expected), block_means(actual), strict=True)):
        for x, (a, b) in enumerate(zip(row_a, row_b, strict=True)):
            if max(abs(p - q) for p, q in zip(a, b, strict=True)) > TOLERANCE:
                changed.append((x, y))
    return changed


def diff_image(expected: Any, actual: Any, changed: list[tuple[int, int]], target: Path) -> None:
    """The new picture, faded, with every block that moved outlined in red."""
    from PIL import Image, ImageDraw

    faded = Image.blend(actual, Image.new("RGB", actual.size, "white"), 0.6)
    draw = ImageDraw.Draw(faded)
    for x, y in changed:
        draw.rectangle((x * BLOCK, y * BLOCK, (x + 1) * BLOCK - 1, (y + 1) * BLOCK - 1), outline="red")
    both = Image.new("RGB", (expected.width * 2 + 8, expected.height), "#888")
    both.paste(expected, (0, 0))
    both.paste(faded, (expected.width + 8, 0))
    both.save(target)


@pytest.mark.parametrize("name", [f"slide-{n:02d}" for n in SLIDES] + [f"page-{n:02d}" for n in PAGES])
def test_picture_matches_its_golden_image(pictures: dict[str, Any], name: str, tmp_path: Path) -> None:
    from PIL import Image

    actual = pictures[name]
    golden = GOLDEN / f"{name}.png"
    if UPDATE:
        GOLDEN.mkdir(exist_ok=True)
        actual.save(golden, optimize=True)
    assert golden.is_file(), f"no golden image for {name}: run `make golden` to create it"
    with Image.open(golden) as stored:
        expected = stored.convert("RGB")
    changed = changed_blocks(expected, actual)
    if changed:
        target = tmp_path / f"{name}-diff.png"
        if changed != [(-1, -1)]:
            diff_image(expected, actual, changed, target)
        pytest.fail(f"{name} changed in {len(changed)} block(s) of {BLOCK} px; diff image: {target}. "
                    "Run `make golden` if the change was meant.")  # fmt: skip


def test_the_comparison_catches_a_moved_box_and_a_changed_colour() -> None:
    """The tolerance is not so loose that it passes anything: a shifted rectangle and a recoloured one fail."""
    from PIL import Image, ImageDraw

    base = Image.new("RGB", (240, 120), "white")
    ImageDraw.Draw(base).rectangle((40, 40, 100, 80), fill="#2E5EAA")
    moved = Image.new("RGB", (240, 120), "white")
    ImageDraw.Draw(moved).rectangle((52, 40, 112, 80), fill="#2E5EAA")
    recoloured = Image.new("RGB", (240, 120), "white")
    ImageDraw.Draw(recoloured).rectangle((40, 40, 100, 80), fill="#C8341F")
    assert changed_blocks(base, base) == []
    assert changed_blocks(base, moved) and changed_blocks(base, recoloured)
