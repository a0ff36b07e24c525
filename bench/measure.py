"""How the benchmarks time a command: a whole process, wall time and peak RSS, measured from a wrapper.

The wrapper is a small Python process that starts the command and reads ``RUSAGE_CHILDREN`` afterwards, so
the peak covers the command and every worker it waited for (the largest one of them), the same figure
for `report` and for the pandoc peer.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parent.parent
MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
elapsed = time.perf_counter() - start
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(f"{elapsed} {usage.ru_maxrss} {usage.ru_utime + usage.ru_stime} {done.returncode}")
if done.returncode:
    print(done.stderr, file=sys.stderr)
"""


class Run(NamedTuple):
    seconds: float  # wall time
    peak_kb: int  # peak RSS of the largest process
    cpu: float | None  # user + system seconds of every process: steadier than wall time on a busy machine


def timed(command: list[str], cwd: Path = ROOT) -> Run:
    """Wall seconds, peak RSS and CPU seconds of one run of ``command``; SystemExit with its errors if it fails."""
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, cwd=cwd, check=True
    )
    elapsed, peak, cpu, code = done.stdout.split()
    if code != "0":
        raise SystemExit(f"{' '.join(command[:4])}… failed: {done.stderr}")
    return Run(float(elapsed), int(peak), float(cpu))


def report_command(*args: str) -> list[str]:
    """`python -m report ARGS`, run from the checkout's root so its own code is the one timed."""
    return [sys.executable, "-m", "report", *args]


def run(args: list[str]) -> tuple[float, int, str]:
    """Wall seconds and peak RSS (KiB) of one `report` run (kept for bench/scale.py)."""
    elapsed, peak, _cpu = timed(report_command(*args))
    return elapsed, peak, ""


def load() -> tuple[float, float, float]:
    """The 1, 5 and 15 minute load averages: how busy the shared machine was while it was measured."""
    return os.getloadavg()
