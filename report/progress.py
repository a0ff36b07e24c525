"""How a build shows its progress: plain lines in a log or pipe, a rich progress bar on a terminal."""

from __future__ import annotations

import sys
from typing import Any

import click


class LineProgress:
    """Plain lines, for logs and pipes: one per stage."""

    def stage(self, message: str) -> None:
        click.echo(f"… {message}")

    def step(self, what: str, done: int, total: int) -> None:
        if what != "charts":
            click.echo(f"… {done} {what}")

    def close(self) -> None:
        pass


class BarProgress:
    """On a terminal: a rich progress bar, shown only once a build has taken more than a second."""

    DELAY = 1.0

    def __init__(self) -> None:
        import time

        self.clock = time.perf_counter
        self.started = self.clock()
        self.bar: Any = None
        self.tasks: dict[str, Any] = {}
        self.message = ""

    def _ensure(self) -> Any:
        if self.bar is None and self.clock() - self.started > self.DELAY:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

            self.bar = Progress(
                TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(), transient=True
            )
            self.bar.start()
        return self.bar

    def stage(self, message: str) -> None:
        self.message = message
        if self._ensure() is not None:
            self.bar.console.print(f"… {message}", style="dim")

    def step(self, what: str, done: int, total: int) -> None:
        if self._ensure() is None:
            return
        if what not in self.tasks:
            self.tasks[what] = self.bar.add_task(what, total=total)
        self.bar.update(self.tasks[what], completed=done, total=total)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.stop()


def progress_for(quiet: bool) -> LineProgress | BarProgress | None:
    if quiet:
        return None
    return BarProgress() if sys.stdout.isatty() else LineProgress()
