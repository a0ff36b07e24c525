"""Build the briefing: gather and check everything, then write each output atomically.

The no-change path is cheap on purpose: it hashes the inputs and compares them with the manifest from the
previous build before it imports anything heavy (altair, vl_convert, pptx, reportlab).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from report import manifest as mf
from report.errors import BuildError, ReportError, TemplateError

if TYPE_CHECKING:
    from report.content import Content
    from report.theme import Theme

FORMATS = ("pptx", "pdf")
CACHE_DIR = ".cache/charts"
HUBS_DIR = "hubs"


@dataclass(frozen=True)
class BuildOptions:
    data_dir: Path
    out_dir: Path
    formats: tuple[str, ...] = FORMATS
    top: int | None = None
    template: Path | None = None
    theme: Path | None = None
    page_size: str | None = None
    force: bool = False
    jobs: int = 1
    changes_page: bool = False
    per_hub: bool = False


@dataclass(frozen=True)
class Output:
    kind: str
    path: Path
    count: int  # slides or pages
    written: bool
    extras: tuple[Path, ...] = ()  # the per-hub documents in out/hubs/


@dataclass(frozen=True)
class BuildResult:
    outputs: tuple[Output, ...]
    charts_rendered: int
    charts_reused: int
    seconds: float
    up_to_date: bool
    changes: tuple[str, ...] = field(default=())
    first_build: bool = False
    warnings: tuple[str, ...] = ()


class Progress(Protocol):
    """Where a build reports what it is doing; the CLI draws it as lines or as a progress bar."""

    def stage(self, message: str) -> None: ...

    def step(self, what: str, done: int, total: int) -> None: ...


class _Silent:
    def stage(self, message: str) -> None:
        pass

    def step(self, what: str, done: int, total: int) -> None:
        pass


def resolve_date(settings_date: str | None) -> str:
    """The cover date: briefing.toml, else SOURCE_DATE_EPOCH, else today (so builds can be reproducible)."""
    if settings_date:
        day = dt.date.fromisoformat(settings_date)
    elif os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        day = dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), tz=dt.UTC).date()
    else:
        day = dt.date.today()
    return f"{day.day} {day.strftime('%B %Y')}"


def _template_paths(options: BuildOptions) -> tuple[Path, Path, Path]:
    from report.theme import templates_dir

    base = templates_dir()
    template = options.template or base / "briefing.pptx"
    theme = options.theme or base / "theme.toml"
    for path, flag in ((template, "--template"), (theme, "--theme")):
        if not path.is_file():
            raise TemplateError(f"{path}: file not found; pass an existing file to {flag}")
    if template.suffix.lower() not in (".pptx", ".potx"):
        raise TemplateError(f"{template}: expected a .pptx or .potx PowerPoint template")
    return template, theme, base / "prose.toml"


def build(options: BuildOptions, progress: Progress | None = None) -> BuildResult:
    """Build what is out of date in ``options.out_dir``; leave it untouched if anything fails."""
    started = time.perf_counter()
    say = progress or _Silent()
    out = options.out_dir
    out.mkdir(parents=True, exist_ok=True)
    template, theme_path, prose = _template_paths(options)
    with mf.BuildLock(out, on_wait=say.stage):
        mf.remove_stale_temporaries(out)
        settings_date = mf.peek_date(options.data_dir)
        date = resolve_date(settings_date)
        stamps = mf.input_stamps(options, template, theme_path, prose, date)
        previous = mf.read_manifest(out)
        if not options.force and mf.up_to_date(previous, stamps, out, options.formats):
            outputs = tuple(Output(kind, out / entry["file"], entry["count"], False)
                            for kind, entry in sorted(previous["outputs"].items()) if kind in options.formats)
            return BuildResult(outputs, 0, 0, time.perf_counter() - started, up_to_date=True)
        return _full_build(options, template, theme_path, prose, date, stamps, previous, say, started)


def _full_build(options: BuildOptions, template: Path, theme_path: Path, prose: Path, date: str,
                stamps: dict[str, str], previous: dict, say: Progress, started: float) -> BuildResult:
    from report import diff
    from report.charts import build_charts
    from report.content import Content
    from report.data import load_briefing
    from report.glyphs import data_texts, missing_glyph_warnings
    from report.render import ChartRenderer
    from report.text import write_narrative

    out = options.out_dir
    say.stage("checking data")
    briefing = load_briefing(options.data_dir, {"top": options.top, "page_size": options.page_size})
    snapshot = diff.read_snapshot(options.data_dir)
    old_snapshot = mf.read_snapshot(out)
    found = diff.compare(old_snapshot, snapshot) if old_snapshot is not None else ()
    changes = tuple(str(c) for c in found)
    if "pptx" in options.formats:
        from report.deck import check_template

        check_template(template)
    theme, warnings = choose_theme(options, template, theme_path)
    with ChartRenderer(theme, out / CACHE_DIR, options.jobs, options.force) as renderer:  # workers warm up now
        warnings += missing_glyph_warnings(data_texts(briefing), theme.font_files["regular"], theme.font_family)
        narrative = write_narrative(briefing, prose, date)
        specs = build_charts(briefing, narrative, theme)
        say.stage(f"rendering {len(specs)} charts")
        charts = renderer.render(specs, on_rendered=lambda done, total: say.step("charts", done, total))
    labels = narrative.labels
    revisions = tuple(c.describe(labels["revision_changed"], labels["revision_added"], labels["revision_removed"])
                      for c in found) if options.changes_page else ()
    content = Content(briefing, narrative, theme, charts, date, revisions)
    writer = _Writer(options, content, template, previous.get("outputs", {}), stamps, say)
    kinds = [kind for kind in FORMATS if kind in options.formats]
    staged: list[tuple[Path, Path]] = []
    try:
        outputs = writer.write_all(kinds, staged)
        for tmp, target in staged:  # everything is built: only now replace the previous outputs
            os.replace(tmp, target)
    finally:
        for tmp, _target in staged:
            tmp.unlink(missing_ok=True)
    mf.write_manifest(out, stamps, {o.kind: (o.path, o.count, o.extras) for o in outputs}, previous)
    mf.write_snapshot(out, snapshot)
    rendered = sum(not c.reused for c in charts)
    return BuildResult(tuple(outputs), rendered, len(charts) - rendered, time.perf_counter() - started,
                       up_to_date=False, changes=changes, first_build=old_snapshot is None, warnings=warnings)


@dataclass(frozen=True)
class _Writer:
    """Writes each output (and its per-hub documents) to temporary files beside its target."""

    options: BuildOptions
    content: Content
    template: Path
    previous: dict
    stamps: dict[str, str]
    say: Progress

    def write_all(self, kinds: list[str], staged: list[tuple[Path, Path]]) -> list[Output]:
        """The deck and the PDF side by side when there are cores for both, one after the other otherwise."""
        todo = [k for k in kinds if self.options.force
                or not mf.output_current(self.previous.get(k), self.stamps[k], self.options.out_dir)]
        kept = [self._kept(k) for k in kinds if k not in todo]
        if len(todo) == 2 and self.options.jobs > 1 and threading.active_count() == 1:
            child = _fork(lambda child_staged: self.write(todo[0], child_staged))
            own = self.write(todo[1], staged)
            other, other_staged = child()
            staged.extend(other_staged)
            written = [other, own]
        else:
            written = [self.write(kind, staged) for kind in todo]
        return sorted([*kept, *written], key=lambda o: FORMATS.index(o.kind))

    def _kept(self, kind: str) -> Output:
        entry, out = self.previous[kind], self.options.out_dir
        return Output(kind, out / entry["file"], entry["count"], False, tuple(out / n for n in entry.get("extras", {})))

    def write(self, kind: str, staged: list[tuple[Path, Path]]) -> Output:
        from report.charts import slug

        out, briefing = self.options.out_dir, self.content.briefing
        target = out / f"{briefing.settings.stem}.{kind}"
        self.say.stage(f"writing {target.name}")
        tmp = mf.temporary_path(target)
        staged.append((tmp, target))
        count = _write(kind, self.content, self.template, tmp, briefing.settings.page_size)
        self.say.step("slides" if kind == "pptx" else "pages", count, count)
        extras = []
        if self.options.per_hub:
            (out / HUBS_DIR).mkdir(exist_ok=True)
            for done, hub in enumerate(briefing.hubs, 1):
                hub_target = out / HUBS_DIR / f"{slug(hub.name)}.{kind}"
                hub_tmp = mf.temporary_path(hub_target)
                staged.append((hub_tmp, hub_target))
                _write(kind, self.content, self.template, hub_tmp, briefing.settings.page_size, hub=hub.name)
                extras.append(hub_target)
                self.say.step(f"hub {kind} files", done, len(briefing.hubs))
        return Output(kind, target, count, True, tuple(extras))


def _fork(work: Callable[[list[tuple[Path, Path]]], Output]
          ) -> Callable[[], tuple[Output, list[tuple[Path, Path]]]]:
    """Run ``work`` in a forked child (it shares the built content without pickling it); the returned
    function waits for the child and hands back its Output and staged files, or raises its error."""
    import multiprocessing
    import pickle

    reader, writer = multiprocessing.Pipe(duplex=False)

    def child() -> None:
        from report.orphans import die_with_parent

        die_with_parent()
        staged: list[tuple[Path, Path]] = []
        try:
            output = work(staged)
            writer.send(("ok", pickle.dumps((output, staged))))
        except ReportError as exc:
            for tmp, _target in staged:
                tmp.unlink(missing_ok=True)
            writer.send(("error", type(exc).__name__, str(exc)))
        except BaseException as exc:  # report anything to the parent rather than die silently
            for tmp, _target in staged:
                tmp.unlink(missing_ok=True)
            writer.send(("error", "BuildError", f"{type(exc).__name__}: {exc}"))

    process = multiprocessing.get_context("fork").Process(target=child, daemon=True)
    process.start()
    writer.close()

    def wait() -> tuple[Output, list[tuple[Path, Path]]]:
        try:
            message = reader.recv()
        except EOFError:
            message = ("error", "BuildError", "the process writing an output stopped unexpectedly")
        process.join()
        if message[0] == "ok":
            return pickle.loads(message[1])
        raise (TemplateError if message[1] == "TemplateError" else BuildError)(message[2])

    return wait


def choose_theme(options: BuildOptions, template: Path, theme_path: Path) -> tuple[Theme, tuple[str, ...]]:
    """--theme wins; a --template alone lends its colours and fonts; otherwise the bundled theme."""
    from report.theme import load_theme

    theme = load_theme(theme_path)
    if options.template is not None and options.theme is None:
        from report.brand import theme_from_template

        return theme_from_template(template, theme)
    return theme, ()


def _write(kind: str, content: Content, template: Path, target: Path, page_size: str, hub: str | None = None) -> int:
    if kind == "pptx":
        from report.deck import build_deck, build_hub_deck

        return build_deck(content, template, target) if hub is None else build_hub_deck(content, hub, template, target)
    if kind == "pdf":
        from report.pdf import build_hub_pdf, build_pdf

        return build_pdf(content, target, page_size) if hub is None else build_hub_pdf(content, hub, target, page_size)
    raise BuildError(f"unknown format {kind!r}; expected pptx, pdf or all")


def check(data_dir: Path, top: int | None = None) -> str:
    """Validate the data and the text templates without rendering anything; return a one-line summary."""
    from report.data import load_briefing
    from report.text import write_narrative
    from report.theme import load_theme, templates_dir

    briefing = load_briefing(data_dir, {"top": top})
    load_theme()
    write_narrative(briefing, templates_dir() / "prose.toml", resolve_date(briefing.settings.date))
    return (f"{data_dir}: OK: {len(briefing.clusters)} clusters, {len(briefing.economies)} economies, "
            f"{len(briefing.facts)} facts, {len(briefing.sources)} sources; top {briefing.settings.top}")
