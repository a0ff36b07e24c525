"""`report watch`: rebuild on every save in the data folder or the templates, and keep going on errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from report.build import BuildOptions, BuildResult, build
from report.errors import ReportError

WATCHED_SUFFIXES = (".csv", ".xlsx", ".toml", ".pptx", ".potx", ".ttf", ".otf")
DEBOUNCE_MS = 300


def is_input(path: str) -> bool:
    """A saved input, not an editor's lock or backup file (LibreOffice '.~lock', Excel '~$')."""
    name = Path(path).name
    return name.endswith(WATCHED_SUFFIXES) and not name.startswith((".~lock", "~$", "."))


def watched_paths(options: BuildOptions) -> list[Path]:
    from report.paths import templates_dir

    paths = [options.data_dir.resolve(), templates_dir()]
    for extra in (options.template, options.theme):
        if extra is not None:
            paths.append(extra.resolve().parent)
    return list(dict.fromkeys(paths))


def watch_and_build(
    options: BuildOptions,
    on_result: Callable[[BuildResult], None],
    on_error: Callable[[ReportError], None],
    say: Callable[[str], None],
    stop_event: Any = None,
) -> None:
    """Build once, then after each debounced batch of saves; a bad save reports and waits for the next."""
    from report.warm import Warm

    warm = Warm()

    def attempt() -> None:
        try:
            on_result(build(options, warm=warm))
        except ReportError as exc:
            on_error(exc)
        warm.prepare()  # while the user edits: the next build's chart workers and the writers' libraries

    paths = watched_paths(options)
    try:
        _loop(paths, attempt, say, stop_event)
    finally:
        warm.close()


def _loop(paths: list[Path], attempt: Callable[[], None], say: Callable[[str], None], stop_event: Any) -> None:
    from watchfiles import watch

    first = True
    # The watcher starts before the first build, so a save made while that build runs is not missed;
    # yield_on_timeout hands back an empty batch once it is running, which triggers that first build.
    for changes in watch(
        *paths,
        watch_filter=lambda _change, path: is_input(path),
        debounce=DEBOUNCE_MS,
        stop_event=stop_event,
        raise_interrupt=True,
        yield_on_timeout=True,
        rust_timeout=200,
    ):
        if first:
            first = False
            attempt()
            say(f"watching {', '.join(str(p) for p in paths)} (Ctrl-C to stop)")
        if not changes:
            continue
        names = sorted({Path(path).name for _change, path in changes})
        say(f"saved: {', '.join(names)}")
        attempt()
