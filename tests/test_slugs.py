"""Hub file names: readable in any script, unique in a briefing, short enough for any file system."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from report.limits import MAX_SLUG_BYTES
from report.slugs import slug, slug_problems, unique_slugs
from tests.conftest import DATA

ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000", "PYTHONWARNINGS": "ignore"}


def test_latin_names_keep_their_familiar_slugs() -> None:
    assert slug("Tokyo–Yokohama") == "tokyo-yokohama"
    assert slug("Shenzhen–Hong Kong–Guangzhou") == "shenzhen-hong-kong-guangzhou"
    assert slug("Zürich") == "zurich" and slug("Kraków") == "krakow" and slug("São Paulo") == "sao-paulo"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Токио–Иокогама", "токио-иокогама"),
        ("Сеул", "сеул"),
        ("Μόναχο", "μόναχο"),
        ("東京・横浜", "東京-横浜"),
        ("서울", "서울"),
        ("दिल्ली", "दिल्ली"),  # vowel signs and the virama stay with their letters
        ("القاهرة", "القاهرة"),
    ],
)
def test_every_script_keeps_its_letters(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_names_that_meet_are_told_apart_in_order() -> None:
    slugs = unique_slugs(["Seoul", "SEOUL", "Seoul!", "seoul-2", "★", "☆"])
    assert list(slugs.values()) == ["seoul", "seoul-2", "seoul-3", "seoul-2-2", "item", "item-2"]
    assert slugs == unique_slugs(["Seoul", "SEOUL", "Seoul!", "seoul-2", "★", "☆"])  # the same data, the same names
    assert slug_problems(slugs) == []


def test_reserved_device_names_are_avoided() -> None:
    assert unique_slugs(["Con", "Nul"]) == {"Con": "con-2", "Nul": "nul-2"}


def test_long_names_are_cut_on_a_character_boundary_and_stay_unique() -> None:
    names = ["Б" * 300 + " one", "Б" * 300 + " two"]
    slugs = unique_slugs(names)
    assert len(set(slugs.values())) == 2
    for value in slugs.values():
        assert len(value.encode()) <= MAX_SLUG_BYTES
        value.encode().decode("utf-8")  # whole characters only
    assert slug_problems(slugs) == []


def test_problems_name_duplicates_and_unsafe_names() -> None:
    problems = slug_problems({"A": "a", "B": "a", "C": "../c", "D": "x" * (MAX_SLUG_BYTES + 1)})
    assert "'B' and 'A' both give the file name 'a'" in problems[0]
    assert any("'C'" in p and "not a safe file name" in p for p in problems)
    assert any("'D'" in p and f"longer than {MAX_SLUG_BYTES} bytes" in p for p in problems)


def _renamed_data(tmp_path: Path, names: dict[str, str]) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    for path in data.glob("*.csv"):
        text = path.read_text(encoding="utf-8")
        for old, new in names.items():
            text = text.replace(old, new)
        path.write_text(text, encoding="utf-8")
    return data


def _cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "report", *args], capture_output=True, text=True, env=ENV, timeout=600)


@pytest.mark.slow
def test_per_hub_with_non_latin_names_writes_five_distinct_hub_files(tmp_path: Path) -> None:
    data = _renamed_data(tmp_path, {"Tokyo–Yokohama": "Токио–Иокогама", "Seoul": "Сеул"})
    checked = _cli("check", "--data", str(data))
    assert checked.returncode == 0, checked.stderr
    out = tmp_path / "out"
    built = _cli("build", "--data", str(data), "--out", str(out), "--per-hub", "--format", "pdf", "--jobs", "2")
    assert built.returncode == 0, built.stderr
    assert sorted(p.name for p in (out / "hubs").iterdir()) == [
        "beijing.pdf",
        "shanghai-suzhou.pdf",
        "shenzhen-hong-kong-guangzhou.pdf",
        "сеул.pdf",
        "токио-иокогама.pdf",
    ]


@pytest.mark.slow
def test_a_300_character_hub_name_builds_its_hub_files(tmp_path: Path) -> None:
    long_name = "Seoul " + "Metropolitan Area " * 16 + "Cluster"
    assert len(long_name) >= 300
    data = _renamed_data(tmp_path, {"Seoul": long_name})
    out = tmp_path / "out"
    built = _cli("build", "--data", str(data), "--out", str(out), "--per-hub", "--format", "pdf", "--jobs", "2")
    assert built.returncode == 0, built.stderr
    names = sorted(p.name for p in (out / "hubs").iterdir())
    assert len(names) == 5 and all(len(n.encode()) <= MAX_SLUG_BYTES + len(".pdf") for n in names)
    assert any(n.startswith("seoul-metropolitan-area-") for n in names)
