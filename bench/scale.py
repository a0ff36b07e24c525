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
    elapsed, peak, _ = run(["build", "--data", str(data), "--out", str(out), "--top", str(top), "--jobs", str(jobs),
                            "--quiet"])
    manifest = json.loads((out / ".report-manifest.json").read_text(encoding="utf-8"))["outputs"]
    pptx, pdf = out / manifest["pptx"]["file"], out / manifest["pdf"]["file"]
    charts = len(list((out / ".cache" / "charts").glob("*.png")))
    return {"n": top, "jobs": jobs, "seconds": elapsed, "peak_mb": peak / 1024, "slides": manifest["pptx"]["count"],
            "pages": manifest["pdf"]["count"], "charts": charts, "pptx_kb": pptx.stat().st_size / 1024,
            "pdf_kb": pdf.stat().st_size / 1024}


def fit(rows: list[dict[str, float]]) -> tuple[float, float, float]:
    """Least squares: seconds = a + b * charts + c * pages."""
    xs = [(1.0, r["charts"], r["pages"]) for r in rows]
    ys = [r["seconds"] for r in rows]
    normal = [[sum(x[i] * x[j] for x in xs) for j in range(3)] + [sum(x[i] * y for x, y in zip(xs, ys, strict=True))]
              for i in range(3)]
    for col in range(3):  # Gauss-Jordan on the 3x3 normal equations
        pivot = max(range(col, 3), key=lambda r: abs(normal[r][col]))
        normal[col], normal[pivot] = normal[pivot], normal[col]
        for row in range(3):
            if row != col and normal[col][col]:
                factor = normal[row][col] / normal[col][col]
                normal[row] = [v - factor * w for v, w in zip(normal[row], normal[col], strict=True)]
    a, b, c = (normal[i][3] / normal[i][i] if normal[i][i] else 0.0 for i in range(3))
    return a, b, c


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 35, 100, 300])
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    work = Path(tempfile.mkdtemp(prefix="report-scale-"))
    rows = []
    for n in options.sizes:
        data = ROOT / "data" if n <= 35 else generate(n, work / f"n{n}")
        for jobs in (1, 2):
            row = cold_build(data, n, jobs, work)
            rows.append(row)
            print(f"N={n:>4} jobs={jobs}  {row['seconds']:7.2f} s  {row['peak_mb']:5.0f} MB  {row['slides']:>4} slides "
                  f"{row['pages']:>4} pages {row['charts']:>4} charts  pptx {row['pptx_kb']:7.0f} KB  "
                  f"pdf {row['pdf_kb']:7.0f} KB ({row['pdf_kb'] / max(row['charts'], 1):.0f} KB/chart)", flush=True)
    parallel = [r for r in rows if r["jobs"] == 2]
    if len(parallel) >= 3:
        a, b, c = fit(parallel)
        print(f"fit (jobs 2): {a:.2f} s + {b * 1000:.0f} ms/chart + {c * 1000:.0f} ms/page")
        worst = max(abs(a + b * r["charts"] + c * r["pages"] - r["seconds"]) / r["seconds"] for r in parallel)
        print(f"largest deviation from the linear fit: {worst:.0%}")
    for n in options.sizes:
        pair = [r for r in rows if r["n"] == n]
        if len(pair) == 2:
            print(f"speed-up at N={n}: {pair[0]['seconds'] / pair[1]['seconds']:.2f}x")
    if options.json:
        options.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
