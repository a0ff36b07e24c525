"""Every figure in the words comes from data/: change the data, and the deck and PDF change everywhere."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.readers import deck_text, pdf_text, squash

pytestmark = pytest.mark.slow


def _edit(path: Path, *pairs: tuple[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert old in text, f"{old!r} not in {path.name}"
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")


def test_changed_figures_and_renamed_hub_appear_everywhere(data_copy: Path, tmp_path: Path) -> None:
    _edit(
        data_copy / "clusters.csv",
        ("1,Tokyo–Yokohama,JP,127418,115020,", "1,Tokyo–Yokohama,JP,131313,115020,"),
        ("3,Seoul,KR,63447,133604,", "3,Seoul,KR,63447,144444,"),
        ("4,Beijing,CN,", "4,Greater Peking,CN,"),
    )
    _edit(
        data_copy / "economies.csv",
        (
            'CN,China,"South East Asia, East Asia and Oceania",24,',
            'CN,China,"South East Asia, East Asia and Oceania",26,',
        ),
    )
    _edit(
        data_copy / "facts.csv",
        (",92.5,USD billion,", ",95.5,USD billion,"),
        (",by S&T intensity,14,rank,", ",by S&T intensity,13,rank,"),
        ("Beijing,Beijing,", "Greater Peking,Greater Peking,"),
        ("Beijing,BOE", "Greater Peking,BOE"),
    )
    _edit(data_copy / "sources.csv", ("Beijing's place", "The capital's place"))
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    result = subprocess.run(
        [sys.executable, "-m", "report", "build", "--data", str(data_copy), "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    deck = squash(deck_text(out / "gii2023-top-hubs.pptx"))
    pdf = squash(pdf_text(out / "gii2023-top-hubs.pdf"))
    for name, text in (("deck", deck), ("pdf", pdf)):
        for new in ("131,313", "144,444", "26 against 21", "Greater Peking", "13th by"):
            assert new in text, f"{new!r} missing from the {name}"
        for old in ("127,418", "127418", "133,604", "China 24,", "92.5", "Beijing", "14th by"):
            assert old not in text, f"stale {old!r} still in the {name}"
    # Huawei's revenue is a context fact: kept in data/, stated in neither output
    assert "95.5" not in pdf and "95.5" not in deck
