"""Faults around a build, through the command line: each is one line on stderr and exit 2, never a traceback,
and a failed build leaves out/ exactly as it was."""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from report.charts.raster import checked_png
from report.staging import TMP_MARK
from tests.conftest import DATA

pytestmark = pytest.mark.slow
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000", "PYTHONWARNINGS": "ignore"}
STEM = "gii2023-top-hubs"


def _cli(*args: str, limit_file_bytes: int | None = None) -> subprocess.CompletedProcess[str]:
    def limit() -> None:  # a disk that fills up: writes past the limit fail with EFBIG instead of a signal
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        assert limit_file_bytes is not None
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_file_bytes, limit_file_bytes))

    return subprocess.run(
        [sys.executable, "-m", "report", *args],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=600,
        preexec_fn=limit if limit_file_bytes is not None else None,
    )


def _one_line_error(result: subprocess.CompletedProcess[str], *phrases: str) -> str:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = [line for line in result.stderr.splitlines() if not line.startswith("…")]
    assert len(lines) == 1 and lines[0].startswith("error: "), result.stderr
    for phrase in phrases:
        assert phrase in lines[0], lines[0]
    return lines[0]


def _files(out: Path) -> dict[str, bytes]:
    """Every file a build commits (documents, hub documents, manifest, snapshot), by name."""
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in sorted(out.rglob("*"))
        if p.is_file() and ".cache" not in p.parts and p.name != ".report.lock"
    }


def _temporaries(out: Path) -> list[Path]:
    return [p for p in out.rglob("*") if TMP_MARK in p.name or p.name.endswith(".tmp")]


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("first") / "out"
    result = _cli("build", "--out", str(out), "--per-hub", "--jobs", "2")
    assert result.returncode == 0, result.stderr
    return out


def _copy(out: Path, tmp_path: Path) -> Path:
    target = tmp_path / "out"
    shutil.copytree(out, target, symlinks=True)
    return target


def _changed_data(tmp_path: Path) -> Path:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    clusters = data / "clusters.csv"
    clusters.write_text(clusters.read_text(encoding="utf-8").replace("127418", "127419"), encoding="utf-8")
    return data


def test_a_dangling_out_symlink(tmp_path: Path) -> None:
    link = tmp_path / "out"
    link.symlink_to(tmp_path / "gone")
    _one_line_error(_cli("build", "--out", str(link)), "is a symbolic link to", "which does not exist")
    assert not (tmp_path / "gone").exists()


def test_out_under_a_file_and_out_a_file(tmp_path: Path) -> None:
    plain = tmp_path / "notes.txt"
    plain.write_text("a file", encoding="utf-8")
    _one_line_error(_cli("build", "--out", str(plain / "out")), "part of this path is a file", "--out")
    as_folder = _cli("build", "--out", str(plain))  # click refuses it, with its usage line
    assert as_folder.returncode == 2 and "Traceback" not in as_folder.stderr
    assert f"Invalid value for '--out': Directory '{plain}' is a file" in as_folder.stderr
    assert plain.read_text(encoding="utf-8") == "a file"


def test_a_full_disk_while_charts_render(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _cli("build", "--out", str(out), "--jobs", "2", limit_file_bytes=16_000)  # smaller than any chart
    _one_line_error(result, "cannot write the chart", "free space")
    assert not list(out.glob("*.p*"))
    assert _temporaries(out) == []


def test_a_full_disk_while_documents_are_written_changes_nothing(first_build: Path, tmp_path: Path) -> None:
    out = _copy(first_build, tmp_path)
    before = _files(out)
    result = _cli("build", "--out", str(out), "--per-hub", "--force", "--jobs", "2", limit_file_bytes=400_000)
    _one_line_error(result, "free space")
    assert _files(out) == before
    assert _temporaries(out) == []


def test_the_chart_cache_deleted_while_charts_render(first_build: Path, tmp_path: Path) -> None:
    out = _copy(first_build, tmp_path)
    before = _files(out)
    cache = out / ".cache"
    done = threading.Event()

    def keep_deleting() -> None:
        while not done.is_set():
            shutil.rmtree(cache, ignore_errors=True)
            time.sleep(0.01)

    deleter = threading.Thread(target=keep_deleting)
    deleter.start()
    try:
        result = _cli("build", "--out", str(out), "--force", "--jobs", "2")
    finally:
        done.set()
        deleter.join()
    _one_line_error(result, str(out / ".cache" / "charts"))
    assert _files(out) == before


def test_a_truncated_cached_chart_is_drawn_again(first_build: Path, tmp_path: Path) -> None:
    out = _copy(first_build, tmp_path)
    pngs = sorted((out / ".cache" / "charts").glob("*.png"))
    for png in pngs:
        png.write_bytes(png.read_bytes()[: png.stat().st_size // 2])  # as a full disk or a kill leaves it
    (out / f"{STEM}.pdf").unlink()  # so the build has something to write
    result = _cli("build", "--out", str(out), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert f"charts: {len(pngs)} rendered, 0 reused" in result.stdout
    assert all(checked_png(png.read_bytes()) is not None for png in pngs)


def test_u_ffff_in_a_name_is_a_data_error(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    for path in data.glob("*.csv"):
        path.write_text(path.read_text(encoding="utf-8").replace("Seoul", "Seo\uffffl"), encoding="utf-8")
    for command in (("check", "--data", str(data)), ("build", "--data", str(data), "--out", str(tmp_path / "out"))):
        result = _cli(*command)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert "clusters.csv, row 4, column cluster: found a Unicode noncharacter (U+FFFF)" in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.p*"))


def test_a_rename_that_fails_puts_every_output_back(first_build: Path, tmp_path: Path) -> None:
    out = _copy(first_build, tmp_path)
    blocked = out / "hubs" / "seoul.pdf"
    blocked.unlink()
    blocked.mkdir()  # a folder where the last hub's PDF must go: its rename fails at the very end
    (blocked / "keep.txt").write_text("mine", encoding="utf-8")
    before = _files(out)
    result = _cli("build", "--data", str(_changed_data(tmp_path)), "--out", str(out), "--per-hub", "--jobs", "2")
    _one_line_error(result, "seoul.pdf: cannot be replaced", "nothing was changed")
    assert _files(out) == before  # the main documents, the other hubs, the manifest and the snapshot
    assert _temporaries(out) == []


def test_a_killed_build_leaves_temporaries_the_next_build_removes(first_build: Path, tmp_path: Path) -> None:
    out = _copy(first_build, tmp_path)
    command = [sys.executable, "-u", "-m", "report", "build", "--out", str(out), "--force", "--jobs", "2"]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=ENV, start_new_session=True
    ) as build:
        assert build.stdout is not None
        for line in build.stdout:
            if line.startswith("… rendering"):
                time.sleep(0.5)  # let the workers start writing charts
                os.killpg(build.pid, signal.SIGTERM)  # the whole group, workers included
                break
        build.wait(timeout=60)
    cache = out / ".cache" / "charts"
    planted = [cache / "0123456789abcdef.png.4242.tmp", cache / f".0123456789abcdef.png{TMP_MARK}a1b2c3d4"]
    for path in planted:  # what an older version and this one leave when killed mid-write
        path.write_bytes(b"half a chart")
    again = _cli("build", "--out", str(out), "--jobs", "2")
    assert again.returncode == 0, again.stderr
    assert _temporaries(out) == []
