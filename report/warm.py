"""What `report watch` prepares between builds, so a save is rebuilt by a process that is already warm.

After each build, while the watcher waits for the next save, it starts the next build's chart workers
(each loads vl-convert, registers the fonts and starts its JavaScript engine: most of a one-chart
render) and loads the writers' libraries once, so the writers forked for each build start with them.
Prose templates, the map's spec and text measurements are remembered per process anyway
(report.words.narrative, report.charts.memo, report.outputs.pptx.fit).
"""

from __future__ import annotations

import importlib
from concurrent.futures import ProcessPoolExecutor

WRITER_MODULES = (
    "report.outputs.pptx.slides",
    "report.outputs.pdf.document",
    "report.outputs.pdf.archive",
    "report.outputs.xlsx.pack",
)


class Warm:
    """Chart workers started ahead of a build, for the fonts and --jobs of the build before it."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self._pool_for: tuple[tuple[str, ...], int] | None = None  # what the waiting workers were started for
        self._last: tuple[tuple[str, ...], int] | None = None  # what the latest build asked for
        self._loaded = False

    def take_pool(self, font_dirs: tuple[str, ...], jobs: int) -> ProcessPoolExecutor | None:
        """The workers started for this build, if they suit it (the renderer then owns and stops them)."""
        self._last = (font_dirs, jobs)
        pool, self._pool = self._pool, None
        if pool is None:
            return None
        if getattr(pool, "_broken", False) or self._pool_for != self._last:  # a worker died, or the fonts changed
            pool.shutdown(wait=False, cancel_futures=True)
            return None
        return pool

    def prepare(self) -> None:
        """Between builds: load the writers' libraries (once) and start the next build's chart workers."""
        from report.charts.raster import start_pool

        if not self._loaded:
            for name in WRITER_MODULES:
                importlib.import_module(name)
            self._loaded = True
        if self._pool is None and self._last is not None and self._last[1] > 1:
            self._pool, self._pool_for = start_pool(self._last[1], self._last[0]), self._last

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
            self._pool = None
