"""Benchmark: cold builds at N = 5, 35, 100 and 300 hubs, serial and parallel, on synthetic data.

Run by hand (`make bench-scale`); it is not a test. N = 5 and 35 use the real data in data/; N = 100 and
300 use the clearly labelled synthetic folders from bench/synthetic.py. For each run it records wall time,
peak RSS (build process and workers), slides, pages, charts and output sizes, then fits time per chart and
per page by least squares over the parallel runs.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from synthetic import generate

ROOT = Path(__file__).resolve().parent.parent


def cold_build(data: Path, top: int, jobs: int, work: Path) -> dict[str, float]:
    from rebuild import run

    out = work / f"out-{data.name}-{top}-{jobs}"
    elapsed, peak, _ = run(
        ["build", "--data", str(data), "--out", str(out), "--top", str(top), "--jobs", str(jobs), "--quiet"]
    )
    manifest = json.loads((out / ".report-manifest.json").read_text(encoding="utf-8"))["outputs"]
    pptx, pdf = out / manifest["pptx"]["file"], out / manifest["pdf"]["file"]
    charts = len(list((out / ".cache" / "charts").glob("*.png")))
    return {
        "n": top,
        "jobs": jobs,
        "seconds": elapsed,
        "peak_mb": peak / 1024,
        "slides": manifest["pptx"]["count"],
        "pages": manifest["pdf"]["count"],
        "charts": charts,
        "pptx_kb": pptx.stat().st_size / 1024,
        "pdf_kb": pdf.stat().st_size / 1024,
    }


def fit(rows: list[dict[str, float]], key: str) -> tuple[float, float, float]:
    """Least squares seconds = a + b * rows[key]; returns a, b and the largest relative deviation.

    Charts and pages both grow with N, so they are fitted one at a time, not together."""
    xs, ys = [r[key] for r in rows], [r["seconds"] for r in rows]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / sum((x - mean_x) ** 2 for x in xs)
    intercept = mean_y - slope * mean_x
    worst = max(abs(intercept + slope * x - y) / y for x, y in zip(xs, ys, strict=True))
    return intercept, slope, worst


def report(rows: list[dict[str, float]]) -> None:
    parallel = [r for r in rows if r["jobs"] == 2]
    if len(parallel) >= 3:
        for key in ("charts", "pages"):
            a, b, worst = fit(parallel, key)
            print(f"fit (jobs 2): {a:.2f} s + {b * 1000:.0f} ms per {key[:-1]}; largest deviation {worst:.0%}")
    for n in sorted({r["n"] for r in rows}):
        pair = sorted((r for r in rows if r["n"] == n), key=lambda r: r["jobs"])
        if len(pair) == 2:
            print(f"speed-up at N={n}: {pair[0]['seconds'] / pair[1]['seconds']:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 35, 100, 300])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--from-json", type=Path, help="only summarise the rows of an earlier run")
    options = parser.parse_args()
    if options.from_json:
        report(json.loads(options.from_json.read_text(encoding="utf-8")))
        return
    sys.path.insert(0, str(Path(__file__).parent))
    work = Path(tempfile.mkdtemp(prefix="report-scale-"))
    rows = []
    for n in options.sizes:
        data = ROOT / "data" if n <= 35 else generate(n, work / f"n{n}")
        for jobs in (1, 2):
            row = cold_build(data, n, jobs, work)
            rows.append(row)
            print(
                f"N={n:>4} jobs={jobs}  {row['seconds']:7.2f} s  {row['peak_mb']:5.0f} MB  {row['slides']:>4} slides "
                f"{row['pages']:>4} pages {row['charts']:>4} charts  pptx {row['pptx_kb']:7.0f} KB  "
                f"pdf {row['pdf_kb']:7.0f} KB ({row['pdf_kb'] / max(row['charts'], 1):.0f} KB/chart)",
                flush=True,
            )
    report(rows)
    if options.json:
        options.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
