"""Benchmark: what tagging costs the PDF, at N = 5 (the real data) and N = 100 (synthetic), in one run.

Run by hand (`make bench-tagging`); it is not a test. Charts are rendered once beforehand (they are the
same either way), then the PDF is built three ways in turn, several times each in one process, so all see
the same machine:
- plain: untagged, as before tagging existed (every multiBuild pass formats and writes its file);
- plain, first pass unwritten: untagged, with the tagged build's saving (its first pass is thrown away
  anyway, so it is not formatted), which isolates the cost of the tagging work itself;
- tagged: what `report build` now does.
It reports the fastest wall and CPU times of each (the least disturbed by other work on the machine), the
time spent finishing the file with pikepdf, and the sizes. The issue's budget: at most 10% more time than
the plain build and 15% more bytes.
"""

from __future__ import annotations

import argparse
import io
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


def plain_first_pass_unwritten(story, target: Path) -> int:  # type: ignore[no-untyped-def]
    """The untagged build with the tagged build's one saving: the first pass's file is not formatted."""
    from reportlab.pdfgen.canvas import Canvas

    from report.outputs.pdf.blocks import story_flowables
    from report.outputs.pdf.document import Document, _Unsaved
    from report.outputs.pdf.styles import make_styles, page_geometry

    geometry, styles = page_geometry("a4"), make_styles(story.content.theme)
    doc = Document(target, story, geometry, styles)
    made: list[Canvas] = []

    def canvas(filename: str, **kwargs: object) -> Canvas:
        made.append(_Unsaved(io.BytesIO(), **kwargs) if not made else Canvas(filename, **kwargs))
        return made[-1]

    doc.multiBuild(story_flowables(story, styles, geometry, doc.page_total), canvasmaker=canvas)
    return doc.page_total.total


def measure(n: int, repeats: int, work: Path) -> dict[str, float]:
    from report.outputs.pdf import archive
    from report.outputs.pdf.document import build_pdf

    story = story_for(n, work)
    finishing: list[float] = []
    finish = archive.finish_pdf

    def timed_finish(*args: object) -> bytes:
        start = time.process_time()
        data = finish(*args)  # type: ignore[arg-type]
        finishing.append(time.process_time() - start)
        return data

    archive.finish_pdf = timed_finish  # type: ignore[assignment]
    builds = {
        "plain": lambda target: build_pdf(story, target, "a4", tagged=False),
        "unwritten": lambda target: plain_first_pass_unwritten(story, target),
        "tagged": lambda target: build_pdf(story, target, "a4"),
    }
    best: dict[str, tuple[float, float]] = {}
    sizes: dict[str, int] = {}
    pages = 0
    for _ in range(repeats):
        for kind, build in builds.items():
            target = work / f"n{n}-{kind}.pdf"
            wall, cpu = time.perf_counter(), time.process_time()
            pages = build(target)
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            old = best.get(kind, (wall, cpu))
            best[kind] = (min(old[0], wall), min(old[1], cpu))
            sizes[kind] = target.stat().st_size
    archive.finish_pdf = finish
    row: dict[str, float] = {"n": n, "pages": pages, "finish_cpu_s": min(finishing)}
    for kind in builds:
        row[f"{kind}_s"], row[f"{kind}_cpu_s"], row[f"{kind}_kb"] = *best[kind], sizes[kind] / 1024
    return row


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
            f"N={n:>4} {row['pages']:>4} pages | plain {row['plain_s']:6.2f} s ({row['plain_cpu_s']:6.2f} s CPU) | "
            f"plain, first pass unwritten {row['unwritten_s']:6.2f} s ({row['unwritten_cpu_s']:6.2f}) | "
            f"tagged {row['tagged_s']:6.2f} s ({row['tagged_cpu_s']:6.2f}), of which pikepdf "
            f"{row['finish_cpu_s']:5.2f} s",
            flush=True,
        )
        print(
            f"       tagged vs plain: wall {row['tagged_s'] / row['plain_s'] - 1:+.1%}, "
            f"CPU {row['tagged_cpu_s'] / row['plain_cpu_s'] - 1:+.1%}; the tagging work alone (vs unwritten): "
            f"CPU {row['tagged_cpu_s'] / row['unwritten_cpu_s'] - 1:+.1%}; size {row['plain_kb']:.0f} -> "
            f"{row['tagged_kb']:.0f} KB ({row['tagged_kb'] / row['plain_kb'] - 1:+.1%})",
            flush=True,
        )
    if options.json:
        options.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
