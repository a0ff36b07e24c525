"""Warm rebuilds (a CLI rebuild with its caches and seeds, a running `report watch`) give a cold build's bytes.

Whatever a rebuild reuses (chart PNGs, the map's spec, the PDF's contents seed, a watcher's workers and
loaded libraries), its deck, PDF and data pack must be the files a cold build of the same inputs writes.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from report.warm import Warm

pytestmark = pytest.mark.slow
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000", "PYTHONWARNINGS": "ignore"}
ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 180.0
NAMES = ("gii2023-top-hubs.pptx", "gii2023-top-hubs.pdf", "gii2023-top-hubs-data.xlsx")


def _report(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "report", *args], capture_output=True, text=True, cwd=ROOT, env=ENV, timeout=TIMEOUT
    )


def _edit(data: Path, old: str, new: str) -> None:
    clusters = data / "clusters.csv"
    clusters.write_text(clusters.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


def _cold(data: Path, out: Path) -> dict[str, bytes]:
    done = _report("build", "--data", str(data), "--out", str(out), "--jobs", "2", "--quiet")
    assert done.returncode == 0, done.stderr
    return {name: (out / name).read_bytes() for name in NAMES}


def test_a_cli_rebuild_after_an_edit_is_a_cold_build(data_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "warm"
    assert _report("build", "--data", str(data_copy), "--out", str(out), "--quiet").returncode == 0
    _edit(data_copy, "3,Seoul,KR,63447,133604,5.1,1.8,", "3,Seoul,KR,63447,133604,5.1,1.7,")
    again = _report("build", "--data", str(data_copy), "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert "1 rendered, 5 reused" in again.stdout.replace("charts: ", "")  # the scatter draws the shares
    assert {n: (out / n).read_bytes() for n in NAMES} == _cold(data_copy, tmp_path / "cold")
    assert list((out / ".cache" / "pdf").glob("*.json")) and list((out / ".cache" / "specs").glob("map-*.json"))


def _inodes(paths: list[Path]) -> list[int | None]:
    return [p.stat().st_ino if p.exists() else None for p in paths]


def _wait(done: object, process: subprocess.Popen[str]) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not done():  # type: ignore[operator]
        assert process.poll() is None, process.communicate()[0]
        assert time.monotonic() < deadline, "report watch did not rebuild in time"
        time.sleep(0.05)


def test_a_warm_watch_rebuild_is_a_cold_build(data_copy: Path, tmp_path: Path) -> None:
    """A real `report watch` process with two chart workers, rebuilt twice (the second with the workers and
    libraries it prepared after the first), then compared with a cold build of the final data."""
    out = tmp_path / "watched"
    process = subprocess.Popen(
        [sys.executable, "-m", "report", "watch", "--data", str(data_copy), "--out", str(out), "--jobs", "2"],
        cwd=ROOT,
        env=ENV,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    documents = [out / name for name in NAMES]
    try:
        _wait(lambda: (out / ".report-manifest.json").exists(), process)
        for old, new in (("63447", "63448"), ("63448", "63500")):
            before = _inodes(documents)
            _edit(data_copy, f"3,Seoul,KR,{old},", f"3,Seoul,KR,{new},")
            _wait(lambda b=before: all(i not in (None, o) for i, o in zip(_inodes(documents), b, strict=True)), process)
        current = _report("build", "--data", str(data_copy), "--out", str(out))  # waits for the watcher's lock
        assert "up to date" in current.stdout, current.stdout + current.stderr
    finally:
        process.send_signal(signal.SIGINT)
        output = process.communicate(timeout=TIMEOUT)[0]
    assert "stopped watching" in output
    manifest = json.loads((out / ".report-manifest.json").read_text(encoding="utf-8"))
    assert set(manifest["outputs"]) == {"pptx", "pdf", "xlsx"}
    assert {n: (out / n).read_bytes() for n in NAMES} == _cold(data_copy, tmp_path / "cold")


def test_prepared_workers_serve_only_the_fonts_and_jobs_they_were_started_for() -> None:
    warm = Warm()
    try:
        assert warm.take_pool(("fonts",), 2) is None  # nothing prepared before the first build
        warm.prepare()
        pool = warm.take_pool(("fonts",), 2)
        assert pool is not None
        pool.shutdown(wait=True)
        warm.prepare()
        assert warm.take_pool(("other fonts",), 2) is None
        warm.prepare()  # prepared for the other fonts now
        assert warm.take_pool(("other fonts",), 1) is None
        warm.prepare()
        assert warm.take_pool(("other fonts",), 1) is None  # one job: no workers to prepare
    finally:
        warm.close()
