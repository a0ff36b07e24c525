"""Time `report watch` from a save to both documents replaced, as a user waiting on the loop sees it.

The watcher runs for the whole benchmark in its own process (so it is as warm as a user's would be); each
edit changes one figure, and the time runs from the moment the file is written until the deck and the PDF
both have new inodes (each output is renamed into place, so a new inode means a new file).
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from measure import ROOT

POLL_SECONDS = 0.002
TIMEOUT_SECONDS = 300.0


class Watcher:
    """A `report watch` process on its own data and output folders."""

    def __init__(self, data: Path, out: Path, jobs: int) -> None:
        self.data, self.out = data, out
        self.log = (out.parent / f"{out.name}.log").open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "report", "watch", "--data", str(data), "--out", str(out), "--jobs", str(jobs)],
            cwd=ROOT,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        manifest = out / ".report-manifest.json"
        self._wait(manifest.exists)
        outputs = json.loads(manifest.read_text(encoding="utf-8"))["outputs"]
        self.documents = [out / outputs[kind]["file"] for kind in ("pptx", "pdf")]

    def edit(self, change: Callable[[], None]) -> float:
        """Seconds from calling ``change()`` (which saves a file) to both documents replaced."""
        before = [p.stat().st_ino for p in self.documents]
        start = time.perf_counter()
        change()
        saved = time.perf_counter()
        self._wait(lambda: all(_inode(p) not in (None, old) for p, old in zip(self.documents, before, strict=True)))
        return time.perf_counter() - saved + (saved - start) / 2  # a save takes a moment: count from its middle

    def _wait(self, done: Callable[[], bool]) -> None:
        deadline = time.perf_counter() + TIMEOUT_SECONDS
        while not done():
            if self.process.poll() is not None:
                raise SystemExit(f"report watch stopped; see {self.log.name}")
            if time.perf_counter() > deadline:
                raise SystemExit(f"report watch did not rebuild within {TIMEOUT_SECONDS:.0f} s; see {self.log.name}")
            time.sleep(POLL_SECONDS)

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def _inode(path: Path) -> int | None:
    try:
        return path.stat().st_ino
    except FileNotFoundError:
        return None
