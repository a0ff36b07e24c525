"""Temporary files nobody can predict or redirect, and a commit that replaces every output or none."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from report.errors import OutputError
from report.staging import TMP_MARK, commit, discard, new_temporary, open_output, remove_stale_temporaries


def _stage(target: Path, data: bytes) -> tuple[Path, Path]:
    tmp = new_temporary(target)
    with open_output(tmp) as handle:
        handle.write(data)
    return tmp, target


def test_temporary_names_are_unpredictable_and_beside_their_target(tmp_path: Path) -> None:
    target = tmp_path / "briefing.pdf"
    names = {new_temporary(target) for _ in range(20)}
    assert len(names) == 20
    for name in names:
        assert name.parent == tmp_path and name.name.startswith(".briefing.pdf" + TMP_MARK)
        assert str(os.getpid()) not in name.name.removeprefix(".briefing.pdf" + TMP_MARK)
        assert name.is_file() and not name.is_symlink() and name.stat().st_size == 0


def test_an_output_is_never_written_through_a_symbolic_link(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    planted = tmp_path / "planted"
    planted.symlink_to(victim)
    with pytest.raises(OutputError, match="is a symbolic link"), open_output(planted) as handle:
        handle.write(b"overwritten")
    assert victim.read_text(encoding="utf-8") == "keep me"


def test_a_commit_replaces_every_target(tmp_path: Path) -> None:
    old, new = tmp_path / "a.pdf", tmp_path / "b.pdf"
    old.write_bytes(b"old a")
    staged = [_stage(old, b"new a"), _stage(new, b"new b")]
    commit(staged)
    assert old.read_bytes() == b"new a" and new.read_bytes() == b"new b"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.pdf", "b.pdf"]  # no backups, no temporaries left


def test_a_failed_rename_puts_every_previous_file_back(tmp_path: Path) -> None:
    (tmp_path / "hubs").mkdir()
    first, second = tmp_path / "briefing.pptx", tmp_path / "hubs" / "seoul.pptx"
    first.write_bytes(b"old deck")
    second.write_bytes(b"old hub")
    blocked = tmp_path / "hubs" / "beijing.pptx"
    blocked.mkdir()  # a folder where a file must go: its rename fails
    (blocked / "inside").write_bytes(b"x")
    staged = [_stage(first, b"new deck"), _stage(second, b"new hub"), _stage(blocked, b"new beijing")]
    with pytest.raises(OutputError, match=r"beijing\.pptx: cannot be replaced .*previous files are back in place"):
        commit(staged)
    assert first.read_bytes() == b"old deck" and second.read_bytes() == b"old hub"
    assert (blocked / "inside").read_bytes() == b"x"
    discard(staged)
    leftovers = [p.name for p in [*tmp_path.iterdir(), *(tmp_path / "hubs").iterdir()] if TMP_MARK in p.name]
    assert leftovers == []


def test_a_failed_rename_removes_new_files_that_had_no_predecessor(tmp_path: Path) -> None:
    fresh, blocked = tmp_path / "new.pdf", tmp_path / "z.pdf"
    blocked.mkdir()
    (blocked / "inside").write_bytes(b"x")
    with pytest.raises(OutputError):
        commit([_stage(fresh, b"new"), _stage(blocked, b"z")])
    assert not fresh.exists()


def test_stale_temporaries_of_every_kind_are_removed_and_nothing_else(tmp_path: Path) -> None:
    kept = tmp_path / "briefing.pdf"
    kept.write_bytes(b"%PDF")
    (tmp_path / "hubs").mkdir()
    cache = tmp_path / ".cache" / "charts"
    cache.mkdir(parents=True)
    png = cache / "0123abcd.png"
    png.write_bytes(b"png")
    old_style = cache / "0123abcd.png.4242.tmp"  # what a build killed mid-render left before
    old_style.write_bytes(b"half")
    stale = [
        new_temporary(kept),
        new_temporary(tmp_path / "hubs" / "seoul.pdf"),
        new_temporary(png),
        new_temporary(tmp_path / ".report-manifest.json"),
        old_style,
    ]
    elsewhere = tmp_path / "elsewhere.txt"
    elsewhere.write_text("not ours", encoding="utf-8")
    link = tmp_path / f".x{TMP_MARK}link"
    link.symlink_to(elsewhere)
    remove_stale_temporaries(tmp_path)
    assert kept.exists() and png.exists() and elsewhere.exists()
    assert not any(p.exists() or p.is_symlink() for p in [*stale, link])
