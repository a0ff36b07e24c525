"""Benchmark: what tagging costs the PDF, at N = 5 (the real data) and N = 100 (synthetic), in one run.

Run by hand (`make bench-tagging`); it is not a test. Charts are rendered once beforehand (they are the
same either way), then the PDF is built untagged and tagged in turn, several times each in one process, so
both see the same machine. It reports the fastest wall time and CPU time of each (the least disturbed by
other work on the machine), the overhead, and the file sizes. The issue's budget: at most 10% more time
and 15% more bytes.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def story_for(n: int, work: Path):  # type: ignore[no-untyped-def]  # bench code, report's types stay in report/
    from synthetic import generate

    from report.charts.raster import render_charts
    from report.content import Content
    from report.data import load_briefing
    from report.look.theme import load_theme
    from report.paths import templates_dir
    from report.story import full_story
    from report.words.narrative import write_narrative

    data = ROOT / "data" if n <= 35 else generate(n, work / f"n{n}")
    briefing = load_briefing(data, {"top": n, "page_size": None})
    date = "1 December 2026"
    content = Content(briefing, write_narrative(briefing, templates_dir() / "prose.toml", date), load_theme(), date)
    story = full_story(content)
    charts = render_charts(story.chart_specs(), work / "cache", content.theme, jobs=2)
    return story.with_charts(charts)


def measure(n: int, repeats: int, work: Path) -> dict[str, float]:
    from report.outputs.pdf.document import build_pdf

    story = story_for(n, work)
    best: dict[bool, tuple[float, float]] = {}
    sizes: dict[bool, int] = {}
    pages = 0
    for _ in range(repeats):
        for tagged in (False, True):
            target = work / f"n{n}-{'tagged' if tagged else 'plain'}.pdf"
            wall, cpu = time.perf_counter(), time.process_time()
            pages = build_pdf(story, target, "a4", tagged=tagged)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            old = best.get(tagged, (wall, cpu))
            best[tagged] = (min(old[0], wall), min(old[1], cpu))
            sizes[tagged] = target.stat().st_size
    return {
        "n": n,
        "pages": pages,
        "plain_s": best[False][0],
        "tagged_s": best[True][0],
        "plain_cpu_s": best[False][1],
        "tagged_cpu_s": best[True][1],
        "time_overhead": best[True][0] / best[False][0] - 1,
        "cpu_overhead": best[True][1] / best[False][1] - 1,
        "plain_kb": sizes[False] / 1024,
        "tagged_kb": sizes[True] / 1024,
        "size_overhead": sizes[True] / sizes[False] - 1,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[5, 100])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--json", type=Path)
    options = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).parent))
    work = Path(tempfile.mkdtemp(prefix="report-tagging-"))
    rows = []
    for n in options.sizes:
        row = measure(n, options.repeats if n <= 35 else max(2, options.repeats // 2), work)
        rows.append(row)
        print(
            f"N={n:>4} {row['pages']:>4} pages  untagged {row['plain_s']:6.2f} s ({row['plain_cpu_s']:6.2f} s CPU)  "
            f"tagged {row['tagged_s']:6.2f} s ({row['tagged_cpu_s']:6.2f} s CPU)  time {row['time_overhead']:+.1%} "
            f"(CPU {row['cpu_overhead']:+.1%})  size {row['plain_kb']:.0f} -> {row['tagged_kb']:.0f} KB "
            f"({row['size_overhead']:+.1%})",
            flush=True,
        )
    if options.json:
        options.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
