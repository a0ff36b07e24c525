"""Names in Chinese, Japanese, Korean, Arabic and Devanagari, end to end: deck, notes, PDF and charts.

The fonts come from the system (Debian's fonts-noto-cjk and fonts-noto-core, which
tools/install-system-packages.sh installs); without them these tests skip and say so.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from report.cli import main
from report.look import scripts
from report.look.fontchain import system_fonts
from tests.readers import deck_texts, drawn_glyphs, pdf_text, pdfium_text, squash

pytestmark = pytest.mark.slow

# The top five's (applicant, organisation), by rank: Japanese with kana, simplified and traditional Chinese,
# Hangul, then Arabic (right to left, joined) and Devanagari (vowel signs before their consonant, conjuncts).
NAMES = {
    1: ("ソニーグループ", "東京大学"),
    2: ("华为技术", "香港大學"),
    3: ("삼성전자", "서울대학교"),
    4: ("京东方科技", "中国科学院"),
    5: ("جامعة طهران", "भारतीय विज्ञान संस्थान"),
}
EVERY_NAME = [name for pair in NAMES.values() for name in pair]
SCRIPTS = {"cjk": "삼성中国ソニ", "arabic": "جامعة", "devanagari": "भारतीय"}


def _fonts_missing() -> str | None:
    lacking = [key for key, sample in SCRIPTS.items() if not system_fonts(key, sample)]
    if lacking:
        return (
            f"no installed font for {', '.join(lacking)}: install fonts-noto-cjk and fonts-noto-core "
            "(tools/install-system-packages.sh)"
        )
    return None


needs_fonts = pytest.mark.skipif(_fonts_missing() is not None, reason=_fonts_missing() or "")


def with_names(data: Path) -> Path:
    """The data folder with the top five's applicants and organisations in six scripts."""
    path = data / "clusters.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    applicant, organisation = rows[0].index("top_applicant"), rows[0].index("top_sci_org")
    for row in rows[1:]:
        if int(row[0]) in NAMES:
            row[applicant], row[organisation] = NAMES[int(row[0])]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    return data


def fontconfig(tmp: Path, *dirs: Path) -> dict[str, str]:
    """An environment whose fontconfig sees only ``dirs`` (none: an empty font set)."""
    tmp.mkdir(parents=True, exist_ok=True)
    conf = tmp / "fonts.conf"
    listed = "".join(f"<dir>{d}</dir>" for d in dirs)
    conf.write_text(
        f'<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig>{listed}'
        f"<cachedir>{tmp / 'cache'}</cachedir></fontconfig>",
        encoding="utf-8",
    )
    return {"FONTCONFIG_FILE": str(conf)}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """The multi-script data built once through the CLI: (deck, pdf, output)."""
    from tests.conftest import DATA

    if _fonts_missing():
        pytest.skip(_fonts_missing() or "")
    import shutil

    work = tmp_path_factory.mktemp("multiscript")
    data = with_names(Path(shutil.copytree(DATA, work / "data")))
    result = CliRunner().invoke(main, ["build", "--data", str(data), "--out", str(work / "out"), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    return work / "out" / "gii2023-top-hubs.pptx", work / "out" / "gii2023-top-hubs.pdf", result.output


@needs_fonts
def test_every_name_is_verbatim_in_the_deck_and_its_notes(built: tuple[Path, Path, str]) -> None:
    from pptx import Presentation

    deck, _, _ = built
    texts = "\n".join(deck_texts(deck))
    missing = [name for name in EVERY_NAME if name not in texts]
    assert not missing
    notes = "\n".join(s.notes_slide.notes_text_frame.text for s in Presentation(str(deck)).slides)
    assert [a for a, _ in NAMES.values() if a not in notes] == []


@needs_fonts
def test_every_name_is_extracted_verbatim_from_the_pdf(built: tuple[Path, Path, str]) -> None:
    _, pdf, _ = built
    for extract in (pdf_text, pdfium_text):
        text = squash(extract(pdf))
        assert [name for name in EVERY_NAME if name not in text] == [], extract.__name__
    # pypdf reads every occurrence back, including the Arabic name beside numbers in the dashboard table
    text = squash(pdf_text(pdf))
    assert text.count(NAMES[5][0]) == text.count(NAMES[1][0]) >= 2


@needs_fonts
def test_the_pdf_embeds_a_font_for_each_script_and_draws_no_notdef(built: tuple[Path, Path, str]) -> None:
    _, pdf, _ = built
    glyphs = drawn_glyphs(pdf)
    assert glyphs and [g for g in glyphs if g.glyph == 0] == []
    for key in SCRIPTS:
        fonts = {g.font for g in glyphs if any(scripts.group(ch) == key for ch in g.reads)}
        assert fonts, f"no embedded font draws {key} text"
        assert all("LiberationSans" not in f for f in fonts), fonts  # a fallback face, not the Latin one
    shaped = [g for g in glyphs if any(scripts.group(ch) == "devanagari" for ch in g.reads)]
    assert len({g.glyph for g in shaped}) > 5  # conjuncts and vowel signs: more than the letters' plain glyphs


@needs_fonts
def test_deck_runs_name_east_asian_and_complex_script_typefaces(built: tuple[Path, Path, str]) -> None:
    from pptx import Presentation
    from pptx.oxml.ns import qn

    deck, _, _ = built
    seen: dict[str, tuple[str | None, str | None, str | None]] = {}
    for slide in Presentation(str(deck)).slides:
        for run in slide._element.iter(qn("a:r")):
            text = run.findtext(qn("a:t")) or ""
            props = run.find(qn("a:rPr"))
            for name in EVERY_NAME:
                if text == name and props is not None:  # a run of the name alone: a table cell
                    ea, cs = props.find(qn("a:ea")), props.find(qn("a:cs"))
                    seen[name] = (
                        ea.get("typeface") if ea is not None else None,
                        cs.get("typeface") if cs is not None else None,
                        props.get("lang"),
                    )
    assert set(seen) == set(EVERY_NAME)
    assert seen["삼성전자"][0] == "Malgun Gothic" and seen["삼성전자"][2] == "ko-KR"
    assert seen["ソニーグループ"][0] == "Yu Gothic" and seen["华为技术"][0] == "Microsoft YaHei"
    assert seen["香港大學"][2] == "zh-TW"
    assert seen["جامعة طهران"][1] and seen["جامعة طهران"][2] == "ar-SA"
    assert seen["भारतीय विज्ञान संस्थान"][1] == "Nirmala UI"
    # a sentence holding a name is cut into runs: the English keeps the deck's language, the name has its own
    prs = Presentation(str(deck))
    english = prs.core_properties.language
    sentences = [
        [(r.findtext(qn("a:t")), r.find(qn("a:rPr")).get("lang")) for r in p.iter(qn("a:r"))]
        for slide in prs.slides
        for p in slide._element.iter(qn("a:p"))
        if "삼성전자" in "".join(p.itertext()) and len(p.findall(qn("a:r"))) > 1
    ]
    assert sentences and all(
        lang == ("ko-KR" if text in ("삼성전자", "서울대학교") else english)
        for runs in sentences
        for text, lang in runs
    ), sentences
    assert english and not english.startswith("ko")


@needs_fonts
def test_a_cjk_map_label_is_drawn_with_real_glyphs(data_copy: Path, tmp_path: Path) -> None:
    """The map labels the top five by cluster name: a Korean name must put ink where the label is, and two
    different names must look different (empty boxes for missing glyphs would look alike)."""
    from PIL import Image, ImageChops

    from report.charts.raster import render_charts
    from report.charts.specs import ChartSpec
    from report.content import Content
    from report.data import load_briefing
    from report.look.fontchain import resolve_chain, with_fallbacks
    from report.look.theme import load_theme
    from report.paths import templates_dir
    from report.story import full_story
    from report.words.narrative import write_narrative

    for name in ("clusters.csv", "facts.csv"):
        path = data_copy / name
        path.write_text(path.read_text(encoding="utf-8").replace("Seoul", "서울"), encoding="utf-8")
    briefing = load_briefing(data_copy)
    theme = with_fallbacks(load_theme(), resolve_chain(load_theme(), briefing.texts))
    words = write_narrative(briefing, templates_dir() / "prose.toml", "1 May 2026")
    content = Content(briefing, words, theme, "1 May 2026")
    spec = next(s for s in full_story(content).chart_specs() if s.key == "map")
    datasets = json.loads(spec.spec_json)["datasets"].values()
    rows = [row for values in datasets if isinstance(values, list) for row in values if isinstance(row, dict)]
    label = next(row for row in rows if row.get("label") == "서울" and "x" in row)

    def variant(text: str) -> ChartSpec:
        from dataclasses import replace

        return replace(spec, key=f"map-{text}", spec_json=spec.spec_json.replace('"label":"서울"', f'"label":"{text}"'))

    specs = [variant("서울"), variant(""), variant("부산")]
    charts = render_charts(specs, tmp_path / "cache", theme)
    korean, blank, other = (Image.open(c.png).convert("L") for c in charts)
    changed = ImageChops.difference(korean, blank).point(lambda v: 255 if v > 40 else 0)
    assert sum(1 for v in changed.tobytes() if v) > 50
    # the top five are labelled in the enlarged view, right of the world: its x starts after the world and the gap
    layout = json.loads(spec.spec_json)
    inset_left = layout["hconcat"][0]["width"] + layout["spacing"]
    scale = korean.width / spec.width_px
    left, top, right, bottom = (edge / scale for edge in changed.getbbox() or (0, 0, 0, 0))
    x, y = inset_left + label["x"], label["y"]
    near = 6  # px: the label's anchor is on its text's edge (its align and baseline), the halo a little outside
    assert left - near <= x <= right + near and top - near <= y <= bottom + near, ((left, top, right, bottom), x, y)
    assert right - left < 80 and bottom - top < 40  # only the label changed, not the layout round it
    ink = sum(1 for c, k in zip(changed.tobytes(), korean.tobytes(), strict=True) if c and k < 100)
    assert ink > 30  # dark glyph strokes, not only the white halo
    assert ImageChops.difference(korean, other).getbbox() is not None  # another name draws other glyphs


@needs_fonts
def test_without_a_cjk_font_the_build_fails_before_charts_naming_the_cell(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in fontconfig(tmp_path / "fc").items():
        monkeypatch.setenv(key, value)
    with_names(data_copy)
    out = tmp_path / "out"
    started = time.perf_counter()
    result = CliRunner().invoke(main, ["build", "--data", str(data_copy), "--out", str(out), "--jobs", "2"])
    elapsed = time.perf_counter() - started
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.splitlines() if "no font" in line]
    by_script = {re.search(r" is in (\w+)", line).group(1): line for line in lines}  # type: ignore[union-attr]
    assert sorted(by_script) == ["Arabic", "Devanagari", "Han", "Hangul", "Katakana"] and len(lines) == 5, lines
    hangul = by_script["Hangul"]
    assert hangul.startswith(f"{data_copy / 'clusters.csv'}, row 4, column top_applicant: '삼성전자'")
    assert "fonts-noto-cjk" in hangul and "[fonts] directory" in hangul and "--allow-missing-glyphs" in hangul
    assert "fonts-noto-core" in by_script["Arabic"]
    assert not list(out.glob("*.pdf")) and not list(out.glob(".cache/charts/*.png"))  # nothing rendered
    assert elapsed < 20, elapsed


@needs_fonts
def test_allow_missing_glyphs_builds_with_a_warning_and_a_new_font_rebuilds(
    data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cjk_fonts = Path(os.path.dirname(system_fonts("cjk", "삼")[0][0].path))
    for key, value in fontconfig(tmp_path / "fc-empty").items():
        monkeypatch.setenv(key, value)
    with_names(data_copy)
    command = ["build", "--data", str(data_copy), "--out", str(tmp_path / "out"), "--format", "pdf"]
    first = CliRunner().invoke(main, [*command, "--allow-missing-glyphs"])
    assert first.exit_code == 0, first.output
    assert "warning:" in first.output and "'삼성전자' is in Hangul" in first.output
    again = CliRunner().invoke(main, [*command, "--allow-missing-glyphs"])
    assert "up to date" in again.output
    for key, value in fontconfig(tmp_path / "fc-cjk", cjk_fonts).items():
        monkeypatch.setenv(key, value)  # as if fonts-noto-cjk had just been installed
    after = CliRunner().invoke(main, [*command, "--allow-missing-glyphs"])
    assert after.exit_code == 0 and "up to date" not in after.output, after.output
    assert "is in Hangul" not in after.output and "is in Arabic" in after.output
