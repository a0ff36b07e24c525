"""Benchmark: what the font chain costs. Latin-only builds of this tree against a baseline tree (a checkout of
the code before the chain), interleaved run by run so that the load of a shared machine hits both alike; then
a build with names in six scripts, for scale. Wall time swings with the machine's load; CPU time (the build
and its workers) much less, so both are reported.

Run by hand, not a test:  python bench/fonts.py --baseline /path/to/checkout [--pairs 7]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NAMES = {
    1: ("ソニーグループ", "東京大学"),
    2: ("华为技术", "香港大學"),
    3: ("삼성전자", "서울대학교"),
    4: ("京东方科技", "中国科学院"),
    5: ("جامعة طهران", "भारतीय विज्ञान संस्थान"),
}


def run(tree: Path, data: Path, out: Path) -> tuple[float, float]:
    """Wall and CPU seconds of one `report build` of ``data`` by the code in ``tree``."""
    command = [sys.executable, "-m", "report", "build", "--data", str(data), "--out", str(out), "--jobs", "2", "-q"]
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # each tree runs its own code
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    done = subprocess.run(command, cwd=tree, capture_output=True, text=True, env=env, check=False)
    wall, after = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"{tree}: build failed: {done.stderr}")
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def _spread(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} [{min(values):.2f}-{max(values):.2f}]"


def with_names(data: Path) -> None:
    path = data / "clusters.csv"
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    applicant, organisation = rows[0].index("top_applicant"), rows[0].index("top_sci_org")
    for row in rows[1:]:
        if int(row[0]) in NAMES:
            row[applicant], row[organisation] = NAMES[int(row[0])]
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--baseline", type=Path, required=True, help="a checkout of the code before the chain")
    parser.add_argument("--pairs", type=int, default=7)
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="report-bench-fonts-"))
    trees = {"baseline": options.baseline.resolve(), "chain": ROOT}
    times: dict[str, dict[str, list[tuple[float, float]]]] = {k: {"cold": [], "no-change": []} for k in trees}
    for i in range(options.pairs):
        for name, tree in trees.items() if i % 2 == 0 else reversed(trees.items()):
            data = work / f"data-{name}"
            if not data.exists():
                shutil.copytree(tree / "data", data)
            out = work / f"out-{name}-{i}"
            times[name]["cold"].append(run(tree, data, out))
            times[name]["no-change"].append(run(tree, data, out))
    print(f"Latin-only builds, {options.pairs} interleaved pairs, --jobs 2 (median seconds, [min-max])")
    print(f"{'scenario':<11}{'measure':>7}{'baseline':>22}{'chain':>22}{'ratio':>8}{'pair ratios':>20}")
    for scenario in ("cold", "no-change"):
        for n, measure in enumerate(("wall", "cpu")):
            base, chain = ([t[n] for t in times[k][scenario]] for k in trees)
            pairs = sorted(c / b for b, c in zip(base, chain, strict=True))  # each pair ran back to back
            print(
                f"{scenario:<11}{measure:>7}{_spread(base):>22}{_spread(chain):>22}"
                f"{statistics.median(chain) / statistics.median(base):>8.1%}"
                f"{f'{statistics.median(pairs):.1%} [{pairs[0]:.0%}-{pairs[-1]:.0%}]':>20}"
            )
    data = work / "data-scripts"
    shutil.copytree(ROOT / "data", data)
    with_names(data)
    cold, again = run(ROOT, data, work / "out-scripts"), run(ROOT, data, work / "out-scripts")
    print(f"six scripts, this tree: cold {cold[0]:.3f} s wall, {cold[1]:.3f} s cpu (fonts found and converted);")
    print(f"  no-change {again[0]:.3f} s wall (fontconfig asked again)")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
