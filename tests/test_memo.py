"""Chart specs remembered by their inputs: the same JSON as a fresh build, never a stale or damaged one."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from report.charts import memo, specs, world
from report.content import Content

MAP_ARGS = ("Combined score", "East Asia")


@pytest.fixture()
def folder(tmp_path: Path) -> Iterator[Path]:
    memo._memory.clear()
    memo.use_folder(tmp_path / "specs")
    yield tmp_path / "specs"
    memo._memory.clear()
    memo.use_folder(None)


def _map(content: Content) -> str:
    return specs.world_map(content.briefing, content.narrative["map"], *MAP_ARGS, content.theme).spec_json


def _no_drawing(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    drawn: list[int] = []

    def draw(*_args: Any, **_kwargs: Any) -> Any:
        drawn.append(1)
        raise AssertionError("the map was drawn again")

    monkeypatch.setattr(world, "world_map", draw)
    return drawn


def test_a_remembered_map_is_the_same_json_and_is_not_drawn_again(
    content: Content, folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = _map(content)
    assert len(list(folder.glob("map-*.json"))) == 1
    memo._memory.clear()  # as the next `report build` starts: only the file is left
    drawn = _no_drawing(monkeypatch)
    assert _map(content) == fresh
    assert drawn == []


def test_other_inputs_are_another_key_and_only_the_latest_is_kept(content: Content, folder: Path) -> None:
    fresh = _map(content)
    (first,) = folder.glob("map-*.json")
    changed = specs.world_map(content.briefing, content.narrative["map"], "Score", "East Asia", content.theme)
    assert changed.spec_json != fresh
    assert '"Score"' in changed.spec_json
    (latest,) = folder.glob("map-*.json")
    assert latest != first


def test_a_damaged_file_is_built_again(content: Content, folder: Path) -> None:
    fresh = _map(content)
    memo._memory.clear()
    (saved,) = folder.glob("map-*.json")
    saved.write_text('{"hconcat": "not a chart"', encoding="utf-8")
    assert _map(content) == fresh


def test_force_recalls_nothing(content: Content, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _map(content)
    memo.use_folder(folder, read=False)
    drawn = _no_drawing(monkeypatch)
    with pytest.raises(AssertionError, match="drawn again"):
        _map(content)
    assert drawn == [1]


def test_the_code_is_part_of_the_key(tmp_path: Path) -> None:
    one, two = tmp_path / "a.py", tmp_path / "b.py"
    one.write_text("x = 1\n", encoding="utf-8")
    two.write_text("x = 2\n", encoding="utf-8")
    assert memo.code_version(one) != memo.code_version(two)
    assert memo.digest([{"a": 1.5}], {"w": 3}, "v") == memo.digest([{"a": 1.5}], {"w": 3}, "v")
    assert memo.digest([{"a": 1.5}], {"w": 3}, "v") != memo.digest([{"a": 1.5}], {"w": 4}, "v")
