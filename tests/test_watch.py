"""`report watch`: rebuilds on save, survives a bad save, reports changes, and stops cleanly on Ctrl-C."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from report.build import BuildOptions, BuildResult
from report.errors import DataError, ReportError
from report.watch import is_input, watch_and_build
from tests.workbooks import edit_workbook, set_cell, set_text, workbook_folder

pytestmark = pytest.mark.slow
TIMEOUT = 120


def test_editor_lock_files_are_ignored() -> None:
    assert is_input("/d/clusters.csv") and is_input("/t/theme.toml") and is_input("/d/figures.xlsx")
    assert not is_input("/d/.~lock.clusters.csv#") and not is_input("/d/~$clusters.csv")
    assert not is_input("/d/.~lock.figures.xlsx#") and not is_input("/d/~$figures.xlsx")
    assert not is_input("/d/notes.txt")


def test_watch_rebuilds_survives_bad_save_and_reports_changes(data_copy: Path, tmp_path: Path) -> None:
    events: queue.Queue[BuildResult | ReportError] = queue.Queue()
    stop = threading.Event()
    options = BuildOptions(data_dir=data_copy, out_dir=tmp_path / "out", formats=("pdf",), jobs=1)
    thread = threading.Thread(
        target=watch_and_build, daemon=True, args=(options, events.put, events.put, lambda _m: None, stop)
    )
    thread.start()
    try:
        first = events.get(timeout=TIMEOUT)
        assert isinstance(first, BuildResult) and not first.up_to_date
        clusters = data_copy / "clusters.csv"
        good = clusters.read_text(encoding="utf-8")
        clusters.write_text(good.replace("3,Seoul,KR,63447,", "3,Seoul,KR,sixty,"), encoding="utf-8")
        broken = events.get(timeout=TIMEOUT)
        assert isinstance(broken, DataError)
        assert "column pct_applications: found 'sixty'" in str(broken)
        clusters.write_text(good.replace("3,Seoul,KR,63447,", "3,Seoul,KR,63448,"), encoding="utf-8")
        fixed = events.get(timeout=TIMEOUT)
        assert isinstance(fixed, BuildResult) and not fixed.up_to_date
        assert fixed.changes == ("clusters.csv  Seoul  pct_applications: 63447 → 63448",)
    finally:
        stop.set()
        thread.join(timeout=TIMEOUT)


def test_watch_rebuilds_when_the_workbook_is_saved(tmp_path: Path) -> None:
    data = workbook_folder(tmp_path / "data")
    events: queue.Queue[BuildResult | ReportError] = queue.Queue()
    stop = threading.Event()
    options = BuildOptions(data_dir=data, out_dir=tmp_path / "out", formats=("xlsx",), jobs=1)
    thread = threading.Thread(
        target=watch_and_build, daemon=True, args=(options, events.put, events.put, lambda _m: None, stop)
    )
    thread.start()
    try:
        first = events.get(timeout=TIMEOUT)
        assert isinstance(first, BuildResult) and not first.up_to_date
        edit_workbook(data / "figures.xlsx", set_text("clusters", "D4", "sixty"))
        broken = events.get(timeout=TIMEOUT)
        assert isinstance(broken, DataError)
        assert "figures.xlsx, sheet clusters, cell D4: found text 'sixty'" in str(broken)
        edit_workbook(data / "figures.xlsx", set_cell("clusters", "D4", 63448))
        fixed = events.get(timeout=TIMEOUT)
        assert isinstance(fixed, BuildResult) and not fixed.up_to_date
        assert fixed.changes == ("figures.xlsx, sheet clusters, cell D4  Seoul  pct_applications: 63447 → 63448",)
    finally:
        stop.set()
        thread.join(timeout=TIMEOUT)


def test_ctrl_c_exits_cleanly(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(Path("data"), data)
    env = {**os.environ, "PYTHONWARNINGS": "ignore"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-u",
            "-m",
            "report",
            "watch",
            "--data",
            str(data),
            "--out",
            str(tmp_path / "out"),
            "--format",
            "pdf",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    for line in process.stdout:
        if line.startswith("watching "):
            process.send_signal(signal.SIGINT)
            break
    rest, _ = process.communicate(timeout=TIMEOUT)
    assert process.returncode == 0
    assert "stopped watching" in rest and "Traceback" not in rest
