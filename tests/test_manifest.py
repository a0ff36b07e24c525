"""The up-to-date check: stamps are content hashes per output, and an output is current only if untouched."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from report.build import BuildOptions
from report.manifest import (
    MANIFEST,
    input_stamps,
    output_current,
    read_manifest,
    up_to_date,
    write_manifest,
)
from report.outputs import OutputSettings, renderers
from report.paths import templates_dir
from tests.conftest import DATA


def _stamps(data: Path, out: Path, template: Path | None = None, page_size: str | None = None) -> dict[str, str]:
    base = templates_dir()
    options = BuildOptions(data_dir=data, out_dir=out, template=template, page_size=page_size)
    outputs = renderers(options.formats, OutputSettings(template or base / "briefing.pptx", page_size))
    return input_stamps(options, outputs, base / "theme.toml", base / "prose.toml", "1 December 2026")


def test_one_stamp_per_output_and_the_same_inputs_give_the_same_stamps(tmp_path: Path) -> None:
    first, second = _stamps(DATA, tmp_path), _stamps(DATA, tmp_path)
    assert set(first) == {"pptx", "pdf", "xlsx"} and first == second


def test_a_changed_figure_changes_every_stamp(tmp_path: Path, data_copy: Path) -> None:
    before = _stamps(data_copy, tmp_path)
    clusters = data_copy / "clusters.csv"
    clusters.write_text(clusters.read_text(encoding="utf-8").replace("127418", "127419"), encoding="utf-8")
    after = _stamps(data_copy, tmp_path)
    assert all(before[kind] != after[kind] for kind in before)


def test_page_size_changes_only_the_pdf_and_a_template_only_the_deck(tmp_path: Path) -> None:
    base = _stamps(DATA, tmp_path)
    letter = _stamps(DATA, tmp_path, page_size="letter")
    assert letter["pdf"] != base["pdf"] and letter["pptx"] == base["pptx"]
    template = tmp_path / "copy.pptx"
    shutil.copy(templates_dir() / "briefing.pptx", template)
    with template.open("ab") as handle:  # same layouts, different bytes
        handle.write(b"\0")
    other = _stamps(DATA, tmp_path, template=template)
    assert other["pptx"] != base["pptx"]


def test_an_output_is_current_only_while_its_bytes_are_the_ones_written(tmp_path: Path) -> None:
    deck = tmp_path / "b.pptx"
    deck.write_bytes(b"deck")
    write_manifest(tmp_path, {"pptx": "s1"}, {"pptx": (deck, 3, ())}, {})
    manifest = read_manifest(tmp_path)
    assert output_current(manifest["outputs"]["pptx"], "s1", tmp_path)
    assert up_to_date(manifest, {"pptx": "s1"}, tmp_path)
    assert not up_to_date(manifest, {"pptx": "s2"}, tmp_path)
    assert not up_to_date(manifest, {"pptx": "s1", "pdf": "s1"}, tmp_path)  # an output never built
    deck.write_bytes(b"edited by hand")
    assert not output_current(manifest["outputs"]["pptx"], "s1", tmp_path)


def test_a_damaged_manifest_reads_as_no_previous_build(tmp_path: Path) -> None:
    (tmp_path / MANIFEST).write_text("{not json", encoding="utf-8")
    assert read_manifest(tmp_path) == {}
    (tmp_path / MANIFEST).write_text(json.dumps([1, 2]), encoding="utf-8")
    assert read_manifest(tmp_path) == {}
