"""Benchmark: cold build, no-change rebuild, one-figure change and theme-colour change, in one run.

Run by hand (`make bench`); it is not a test. Each scenario runs the real CLI in a fresh process, at least
five times, and reports the median wall time, the peak RSS of the build process and its workers, and the
ratios the regenerate issue sets targets for.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MEASURE = """
import resource, subprocess, sys, time
start = time.perf_counter()
done = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
elapsed = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(f"{elapsed} {peak} {done.returncode}")
if done.returncode:
    print(done.stderr, file=sys.stderr)
"""


def run(args: list[str]) -> tuple[float, int, str]:
    """Wall seconds and peak RSS (KiB) of one `report` run, measured from a wrapper process."""
    command = [sys.executable, "-c", MEASURE, sys.executable, "-m", "report", *args]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
    elapsed, peak, code = done.stdout.split()
    if code != "0":
        raise SystemExit(f"build failed: {done.stderr}")
    return float(elapsed), int(peak), done.stderr


def _set(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="report-bench-"))
    data, theme = work / "data", work / "theme.toml"
    shutil.copytree(ROOT / "data", data)
    shutil.copy(ROOT / "templates" / "theme.toml", theme)
    common = ["build", "--data", str(data), "--theme", str(theme), "--jobs", str(options.jobs)]
    results: dict[str, list[tuple[float, int]]] = {k: [] for k in ("cold", "no-change", "one figure", "theme colour")}
    pct, colour = 63447, 0x12355B
    for i in range(options.runs):
        out = work / f"cold-{i}"
        elapsed, peak, _ = run([*common, "--out", str(out)])
        results["cold"].append((elapsed, peak))
    out = work / "cold-0"
    for _ in range(options.runs):
        results["no-change"].append(run([*common, "--out", str(out)])[:2])
    for _ in range(options.runs):
        _set(data / "clusters.csv", f"3,Seoul,KR,{pct},", f"3,Seoul,KR,{pct + 1},")
        pct += 1
        results["one figure"].append(run([*common, "--out", str(out)])[:2])
    for _ in range(options.runs):
        _set(theme, f'primary = "#{colour:06X}"', f'primary = "#{colour + 1:06X}"')
        colour += 1
        results["theme colour"].append(run([*common, "--out", str(out)])[:2])
    medians = {k: statistics.median(t for t, _ in v) for k, v in results.items()}
    peaks = {k: max(p for _, p in v) / 1024 for k, v in results.items()}
    print(f"report build benchmark: {options.runs} runs each, --jobs {options.jobs}, {os.cpu_count()} cores")
    print(f"{'scenario':<14}{'median s':>10}{'peak MB':>10}{'vs cold':>10}")
    for key in results:
        print(f"{key:<14}{medians[key]:>10.3f}{peaks[key]:>10.0f}{medians[key] / medians['cold']:>10.1%}")
    if options.json:
        options.json.write_text(json.dumps({"median_s": medians, "peak_mb": peaks}, indent=1), encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
