"""Text from the data is only ever text: markup, template syntax and formula prefixes come out verbatim."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from report.build import BuildOptions, build
from tests.readers import deck_text, pdf_text, squash

pytestmark = pytest.mark.slow
HOSTILE = {
    "Tokyo–Yokohama": 'S&P <b>Lab</b> & "Co" \'s',
    "Seoul": "{{ 7*7 }} {% if x %}Hub{% endif %}",
    "Beijing": '=HYPERLINK("x") <font color="red">red</font>',
}


def test_hostile_names_appear_verbatim_everywhere(data_copy: Path, tmp_path: Path) -> None:
    for name in ("clusters.csv", "facts.csv"):
        path = data_copy / name
        text = path.read_text(encoding="utf-8")
        for old, new in HOSTILE.items():
            quoted = '"' + new.replace('"', '""') + '"'
            text = text.replace(f"{old},", f"{quoted},")
        path.write_text(text, encoding="utf-8")
    clusters = data_copy / "clusters.csv"
    # a named top applicant reaches both the hub's slide and the PDF
    text = clusters.read_text(encoding="utf-8")
    assert ",BOE Technology," in text
    clusters.write_text(text.replace(",BOE Technology,", ",@BOE +1,"), encoding="utf-8")
    result = build(BuildOptions(data_dir=data_copy, out_dir=tmp_path / "out", jobs=1))
    deck = deck_text(next(o.path for o in result.outputs if o.kind == "pptx"))
    pdf = squash(pdf_text(next(o.path for o in result.outputs if o.kind == "pdf")))
    for name in [*HOSTILE.values(), "@BOE +1"]:
        assert name in deck, f"{name!r} not verbatim in the deck"
        assert squash(name) in pdf, f"{name!r} not verbatim in the PDF"
    assert "49" not in deck.replace("2,49", "")  # {{ 7*7 }} was never evaluated
    cache = tmp_path / "out" / ".cache"
    assert cache.is_dir()


def test_hostile_names_are_inline_chart_data(data_copy: Path) -> None:
    from report.content import Content
    from report.data import load_briefing
    from report.look.theme import load_theme
    from report.paths import templates_dir
    from report.story import full_story
    from report.words.narrative import write_narrative

    clusters = data_copy / "clusters.csv"
    name = HOSTILE["Seoul"]
    clusters.write_text(clusters.read_text(encoding="utf-8").replace("Seoul,", f'"{name}",'), encoding="utf-8")
    facts = data_copy / "facts.csv"
    facts.write_text(
        facts.read_text(encoding="utf-8")
        .replace("Seoul,Seoul,", f'"{name}",Seoul,')
        .replace("Seoul,Samsung", f'"{name}",Samsung')
        .replace("Seoul,Seoul National", f'"{name}",Seoul National'),
        encoding="utf-8",
    )
    briefing = load_briefing(data_copy)
    narrative = write_narrative(briefing, templates_dir() / "prose.toml", "1 January 2026")
    specs = full_story(Content(briefing, narrative, load_theme(), "1 January 2026")).chart_specs()
    scatter = json.loads(next(s for s in specs if s.key == "pct_vs_pubs").spec_json)
    rows = [row for layer in [scatter, *scatter.get("layer", [])] for row in layer.get("data", {}).get("values", [])]
    rows += [row for values in scatter.get("datasets", {}).values() for row in values]
    values = [row["cluster"] for row in rows if isinstance(row, dict) and "cluster" in row]
    assert name in values
    assert any(name in s.alt for s in specs)
