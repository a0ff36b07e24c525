"""Build the briefing: gather and check everything, then write each output atomically.

The no-change path is cheap on purpose: it hashes the inputs and compares them with the manifest from the
previous build before it imports anything heavy (altair, vl_convert, pptx, reportlab).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from report import manifest as mf
from report import staging
from report.blocks import Show
from report.errors import BuildError, DataError, OutputError, Problem, TemplateError
from report.limits import MAX_TEMPLATE_FILE_BYTES
from report.outputs import KINDS, OutputSettings, Renderer, renderers
from report.processes import fork

if TYPE_CHECKING:
    from report.blocks import Story
    from report.charts.raster import RenderedChart
    from report.data import Briefing
    from report.look.theme import Theme
    from report.warm import Warm

CACHE_DIR = ".cache/charts"
SPECS_DIR = ".cache/specs"
FONT_CACHE_DIR = ".cache/fonts"
HUBS_DIR = "hubs"


@dataclass(frozen=True)
class BuildOptions:
    data_dir: Path
    out_dir: Path
    formats: tuple[str, ...] = KINDS
    top: int | None = None
    template: Path | None = None
    theme: Path | None = None
    page_size: str | None = None
    force: bool = False
    jobs: int = 1
    changes_page: bool = False
    per_hub: bool = False
    layouts: tuple[str, ...] = ()  # --layout KIND=NAME, as given
    allow_missing_glyphs: bool = False  # warn about characters no font has instead of failing


@dataclass(frozen=True)
class Output:
    kind: str
    unit: str  # what count counts: slides, pages
    path: Path
    count: int
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
    """The briefing's one date, on the cover and in every document's metadata: SOURCE_DATE_EPOCH when it is set
    (a reproducible build), else the date in briefing.toml, else the day of the build."""
    if os.environ.get("SOURCE_DATE_EPOCH", "").strip().isdigit():
        day = dt.datetime.fromtimestamp(int(os.environ["SOURCE_DATE_EPOCH"]), tz=dt.UTC).date()
    elif settings_date:
        day = dt.date.fromisoformat(settings_date)
    else:
        day = dt.datetime.now(dt.UTC).date()
    return f"{day.day} {day.strftime('%B %Y')}"


@dataclass(frozen=True)
class _Paths:
    """The template, theme and prose files a build reads, checked to exist."""

    template: Path
    theme: Path
    prose: Path


def make_folder(folder: Path, flag: str) -> None:
    """Create ``folder`` (and its parents) or say in one line why it cannot be the output folder."""
    if folder.is_symlink() and not folder.exists():
        raise OutputError(
            f"{folder} is a symbolic link to {os.readlink(folder)}, which does not exist; "
            f"create that folder or pass another {flag}"
        )
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except FileExistsError as exc:
        raise OutputError(f"{folder} exists and is not a folder; pass another {flag}") from exc
    except NotADirectoryError as exc:
        raise OutputError(f"{folder}: part of this path is a file, not a folder; pass another {flag}") from exc
    except OSError as exc:
        raise OutputError(f"{folder}: cannot create this folder ({exc.strerror}); pass another {flag}") from exc


def _paths(options: BuildOptions) -> _Paths:
    from report.paths import templates_dir

    base = templates_dir()
    template = options.template or base / "briefing.pptx"
    theme = options.theme or base / "theme.toml"
    for path, flag in ((template, "--template"), (theme, "--theme")):
        if not path.is_file():
            raise TemplateError(f"{path}: file not found; pass an existing file to {flag}")
    if template.suffix.lower() not in (".pptx", ".potx"):
        raise TemplateError(f"{template}: expected a .pptx or .potx PowerPoint template")
    if template.stat().st_size > MAX_TEMPLATE_FILE_BYTES:  # before its bytes are hashed for the manifest
        raise TemplateError(f"{template}: is larger than the {MAX_TEMPLATE_FILE_BYTES // 2**20} MB a template may be")
    return _Paths(template, theme, base / "prose.toml")


def build(options: BuildOptions, progress: Progress | None = None, warm: Warm | None = None) -> BuildResult:
    """Build what is out of date in ``options.out_dir``; leave it untouched if anything fails.

    ``warm``: what a watcher prepared while it waited (chart workers already started), used when it suits."""
    started = time.perf_counter()
    say = progress or _Silent()
    out = options.out_dir
    make_folder(out, "--out")
    paths = _paths(options)
    from report.look.theme import layout_choices

    layouts = layout_choices(options.layouts, paths.theme)
    settings = OutputSettings(paths.template, options.page_size, layouts, out / ".cache", fresh=options.force)
    outputs = renderers(options.formats, settings)
    with mf.BuildLock(out, on_wait=say.stage):
        staging.remove_stale_temporaries(out)
        date = resolve_date(mf.peek_date(options.data_dir))
        previous = mf.read_manifest(out)
        stamps = mf.input_stamps(options, outputs, paths.theme, paths.prose, date, _fonts_now(previous))
        if not options.force and mf.up_to_date(previous, stamps, out):
            kept = tuple(
                Output(
                    r.kind,
                    r.unit,
                    out / previous["outputs"][r.kind]["file"],
                    previous["outputs"][r.kind]["count"],
                    False,
                )
                for r in outputs
            )
            return BuildResult(kept, 0, 0, time.perf_counter() - started, up_to_date=True)
        return _full_build(options, paths, outputs, date, stamps, previous, say, started, warm)


def _full_build(
    options: BuildOptions,
    paths: _Paths,
    outputs: tuple[Renderer, ...],
    date: str,
    stamps: dict[str, str],
    previous: dict,
    say: Progress,
    started: float,
    warm: Warm | None = None,
) -> BuildResult:
    from report.charts import memo
    from report.charts.raster import ChartRenderer
    from report.charts.specs import ChartSpec
    from report.content import Content
    from report.data import load_briefing
    from report.inputs import diff
    from report.look.fontchain import resolve_chain, with_fallbacks
    from report.story import full_story, hub_story
    from report.words.narrative import write_narrative

    out = options.out_dir
    memo.use_folder(out / SPECS_DIR, read=not options.force)
    say.stage("checking data")
    briefing = load_briefing(options.data_dir, {"top": options.top, "page_size": options.page_size})
    check_file_names(briefing, options.data_dir)
    snapshot = diff.read_snapshot(options.data_dir)
    old_snapshot = mf.read_snapshot(out)
    found = diff.compare(old_snapshot, snapshot) if old_snapshot is not None else ()
    checked = tuple(warning for renderer in outputs for warning in renderer.preflight())
    theme, warnings = choose_theme(options, paths.template, paths.theme)
    warnings = checked + warnings
    pool = warm.take_pool(tuple(str(d) for d in theme.font_dirs), options.jobs) if warm else None
    with ChartRenderer(theme, out / CACHE_DIR, options.jobs, options.force, pool) as chart_renderer:  # workers warm up
        warnings += briefing.notices
        chain = resolve_chain(theme, briefing.texts, allow_missing=options.allow_missing_glyphs)  # fails here
        warnings += chain.warnings()
        theme = _for_outputs(with_fallbacks(theme, chain), options, out)
        chart_renderer.use_fonts(theme)
        own_themes = {r.kind: _own_theme(r, theme) for r in outputs}  # with the font chain's fallbacks
        warnings += tuple(w for _own, found in own_themes.values() for w in found)
        if chain.digest != _fonts_now(previous):  # the data needs other fonts than the last build asked about
            stamps = mf.input_stamps(options, outputs, paths.theme, paths.prose, date, chain.digest)
        narrative = write_narrative(briefing, paths.prose, date)
        labels = narrative.labels
        revisions = (
            tuple(
                c.describe(labels["revision_changed"], labels["revision_added"], labels["revision_removed"])
                for c in found
            )
            if options.changes_page
            else ()
        )
        content = Content(briefing, narrative, theme, date, revisions)

        def tell(content: Content) -> list[Story]:
            told = [full_story(content)]
            return told + [hub_story(content, hub.name) for hub in briefing.hubs] if options.per_hub else told

        def specs_of(stories: list[Story]) -> tuple[ChartSpec, ...]:
            return tuple({s.key: s for story in stories for s in story.chart_specs()}.values())

        stories = tell(content)
        specs = specs_of(stories)
        say.stage(f"rendering {len(specs)} charts")
        charts = chart_renderer.render(specs, on_rendered=lambda done, total: say.step("charts", done, total))
        own_charts = {  # an output whose charts are drawn in colours of their own (a dark deck's)
            kind: chart_renderer.render(specs_of(tell(replace(content, theme=own))))
            for kind, (own, _found) in own_themes.items()
            if own is not theme
        }
    stems = _stems(stories, briefing)
    pack = next((r for r in outputs if r.show & Show.PACK), None)
    stories = [
        replace(story.with_charts(charts), data_pack=pack.filename(stem) if pack else "")
        for story, stem in zip(stories, stems, strict=True)
    ]
    writer = _Writer(options, stories[0], tuple(stories[1:]), previous.get("outputs", {}), stamps, say, own_charts)
    staged: staging.Staged = []
    try:
        written = writer.write_all(outputs, staged)
        digests = {target: mf.file_digest(tmp) for tmp, target in staged}
        described = {o.kind: (o.path, o.count, o.extras) for o in written}
        for target, data in (  # the manifest last: a build cut short then is rebuilt, never taken as current
            (out / mf.SNAPSHOT, mf.snapshot_bytes(snapshot)),
            (out / mf.MANIFEST, mf.manifest_bytes(out, stamps, described, previous, digests, chain.record())),
        ):
            staged.append((staging.write_temporary(target, data), target))
        staging.commit(staged)  # everything is built: only now replace the previous files, all or none
    finally:
        staging.discard(staged)
    charts = (*charts, *(c for found in own_charts.values() for c in found))
    rendered = sum(not c.reused for c in charts)
    return BuildResult(
        tuple(written),
        rendered,
        len(charts) - rendered,
        time.perf_counter() - started,
        up_to_date=False,
        changes=tuple(str(c) for c in found),
        first_build=old_snapshot is None,
        warnings=warnings,
    )


@dataclass(frozen=True)
class _Writer:
    """Writes each output (and its per-hub documents) to temporary files beside its target."""

    options: BuildOptions
    story: Story
    hub_stories: tuple[Story, ...]
    previous: dict
    stamps: dict[str, str]
    say: Progress
    own_charts: Mapping[str, tuple[RenderedChart, ...]] = field(default_factory=dict)

    def write_all(self, outputs: tuple[Renderer, ...], staged: staging.Staged) -> list[Output]:
        """Outputs side by side when there are cores for them (all but the last in forked children)."""
        todo = [
            r
            for r in outputs
            if self.options.force
            or not mf.output_current(self.previous.get(r.kind), self.stamps[r.kind], self.options.out_dir)
        ]
        kept = [self._kept(r) for r in outputs if r not in todo]
        if len(todo) > 1 and self.options.jobs > 1 and threading.active_count() == 1:
            waits = [fork(functools.partial(self.write, r)) for r in todo[:-1]]
            try:
                own = self.write(todo[-1], staged)
            except Exception:
                with contextlib.suppress(Exception):  # the children's files go with ours, not left behind
                    _gather(waits, staged)
                raise
            written = [*_gather(waits, staged), own]
        else:
            written = [self.write(r, staged) for r in todo]
        order = [r.kind for r in outputs]
        return sorted([*kept, *written], key=lambda o: order.index(o.kind))

    def _kept(self, renderer: Renderer) -> Output:
        entry, out = self.previous[renderer.kind], self.options.out_dir
        return Output(
            renderer.kind,
            renderer.unit,
            out / entry["file"],
            entry["count"],
            False,
            tuple(out / n for n in entry.get("extras", {})),
        )

    def write(self, renderer: Renderer, staged: staging.Staged) -> Output:
        out, briefing = self.options.out_dir, self.story.content.briefing
        stems = _stems([self.story, *self.hub_stories], briefing)
        target = out / renderer.filename(stems[0])
        self.say.stage(f"writing {target.name}")
        tmp = staging.new_temporary(target)
        staged.append((tmp, target))
        own = self.own_charts.get(renderer.kind)
        count = _write_as(renderer, self.story if own is None else self.story.with_charts(own), tmp, target)
        self.say.step(renderer.unit, count, count)
        extras = []
        if self.hub_stories:
            make_folder(out / HUBS_DIR, "--out")
            for done, (story, stem) in enumerate(zip(self.hub_stories, stems[1:], strict=True), 1):
                hub_target = out / HUBS_DIR / renderer.filename(stem)
                hub_tmp = staging.new_temporary(hub_target)
                staged.append((hub_tmp, hub_target))
                _write_as(renderer, story if own is None else story.with_charts(own), hub_tmp, hub_target)
                extras.append(hub_target)
                self.say.step(f"hub {renderer.kind} files", done, len(self.hub_stories))
        return Output(renderer.kind, renderer.unit, target, count, True, tuple(extras))


def _stems(stories: list[Story], briefing: Briefing) -> list[str]:
    """Each document's file stem: the briefing's from briefing.toml, each hub document's from its hub's name."""
    return [briefing.settings.stem, *(briefing.slug(story.keywords[-1]) for story in stories[1:])]


def _write_as(renderer: Renderer, story: Story, tmp: Path, target: Path) -> int:
    """``renderer.write`` into ``tmp``; an error names the file the user knows, not the temporary one."""
    try:
        return renderer.write(story, tmp)
    except OutputError as exc:
        raise OutputError(str(exc).replace(str(tmp), str(target))) from exc


def _gather(waits: list[Callable[[], tuple[Output, staging.Staged]]], staged: staging.Staged) -> list[Output]:
    """Wait for every forked writer, adding the files each staged; then raise the first failure, if any."""
    written, failure = [], None
    for wait in waits:
        try:
            output, child_staged = wait()
        except Exception as exc:
            failure = failure or exc
            continue
        staged.extend(child_staged)
        written.append(output)
    if failure is not None:
        raise failure
    return written


def _own_theme(renderer: Renderer, theme: Theme) -> tuple[Theme, tuple[str, ...]]:
    """The theme ``renderer`` draws its charts in, and its warnings about how it will look (for_theme, if it
    has one: the deck on a dark template)."""
    for_theme = getattr(renderer, "for_theme", None)
    return for_theme(theme) if for_theme is not None else (theme, ())


def _fonts_now(previous: dict) -> str:
    """The font chain's digest as the previous build's questions to fontconfig are answered now."""
    from report.look.fontchain import recheck

    return recheck(previous.get("fonts"))


def _for_outputs(theme: Theme, options: BuildOptions, out: Path) -> Theme:
    """The theme with TrueType copies of its fallbacks when a PDF is written (reportlab needs them)."""
    if not theme.fallbacks or "pdf" not in options.formats:
        return theme
    from dataclasses import replace

    from report.look.truetype import pdf_ready

    return replace(theme, fallbacks=tuple(pdf_ready(f, out / FONT_CACHE_DIR) for f in theme.fallbacks))


def choose_theme(options: BuildOptions, template: Path, theme_path: Path) -> tuple[Theme, tuple[str, ...]]:
    """What --theme sets wins; a --template lends its colours and fonts for the rest; otherwise the bundled
    theme."""
    from report.look.theme import load_theme

    theme = load_theme(theme_path)
    if options.theme is None:
        theme = replace(theme, given=frozenset())
    if options.template is not None:
        from report.look.brand import theme_from_template

        return theme_from_template(template, theme)
    return theme, ()


def inspect_template(template: Path, theme: Path | None, flags: tuple[str, ...]) -> tuple[str, bool]:
    """`templates inspect`: the template as a build with these options would use it, and whether it can."""
    from report.look.theme import layout_choices
    from report.outputs.pptx.inspect import describe_template
    from report.paths import templates_dir

    theme_file = theme or templates_dir() / "theme.toml"
    if not theme_file.is_file():
        raise TemplateError(f"{theme_file}: file not found; pass an existing file to --theme")
    options = BuildOptions(data_dir=Path(), out_dir=Path(), template=template, theme=theme)
    chosen, _warnings = choose_theme(options, template, theme_file)
    return describe_template(template, chosen, layout_choices(flags, theme_file))


def check_file_names(briefing: Briefing, data_dir: Path) -> None:
    """Every cluster's hub file name is distinct and safe, or the data is refused (so check and build agree)."""
    from report.inputs import CLUSTERS, SHEETS, WORKBOOK
    from report.inputs.layout import has_workbook
    from report.slugs import slug_problems

    problems = slug_problems(briefing.slugs)
    if problems:
        if has_workbook(data_dir):
            file, sheet = str(data_dir / WORKBOOK), SHEETS[CLUSTERS]
        else:
            file, sheet = str(data_dir / CLUSTERS), None
        raise DataError([Problem(file, p, column="cluster", sheet=sheet) for p in problems])


def check(data_dir: Path, top: int | None = None) -> str:
    """Validate the data, the fonts it needs and the text templates without rendering anything; return a
    one-line summary (and a line for anything read past, such as a workbook's extra sheet)."""
    from report.data import load_briefing
    from report.look.fontchain import resolve_chain
    from report.look.theme import load_theme
    from report.paths import templates_dir
    from report.words.narrative import write_narrative

    briefing = load_briefing(data_dir, {"top": top})
    check_file_names(briefing, data_dir)
    resolve_chain(load_theme(), briefing.texts)
    write_narrative(briefing, templates_dir() / "prose.toml", resolve_date(briefing.settings.date))
    summary = (
        f"{data_dir}: OK: {len(briefing.clusters)} clusters, {len(briefing.economies)} economies, "
        f"{len(briefing.facts)} facts, {len(briefing.sources)} sources; top {briefing.settings.top}"
    )
    return "\n".join([summary, *(f"warning: {notice}" for notice in briefing.notices)])


__all__ = ["BuildError", "BuildOptions", "BuildResult", "Output", "build", "check", "resolve_date"]
