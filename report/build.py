"""Build the briefing: gather and check everything, then write each output atomically.

The no-change path is cheap on purpose: it hashes the inputs and compares them with the manifest from the
previous build before it imports anything heavy (altair, vl_convert, pptx, reportlab).
"""

from __future__ import annotations

import datetime as dt
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from report import manifest as mf
from report.errors import BuildError, TemplateError

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
    with mf.BuildLock(out):
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
    from report.charts import build_charts, slug
    from report.content import Content
    from report.data import load_briefing
    from report.glyphs import data_texts, missing_glyph_warnings
    from report.render import render_charts
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
    warnings += missing_glyph_warnings(data_texts(briefing), theme.font_files["regular"], theme.font_family)
    narrative = write_narrative(briefing, prose, date)
    specs = build_charts(briefing, narrative, theme)
    say.stage(f"rendering {len(specs)} charts")
    charts = render_charts(specs, out / CACHE_DIR, theme, jobs=options.jobs, force=options.force,
                           on_rendered=lambda done, total: say.step("charts", done, total))
    labels = narrative.labels
    revisions = tuple(c.describe(labels["revision_changed"], labels["revision_added"], labels["revision_removed"])
                      for c in found) if options.changes_page else ()
    content = Content(briefing, narrative, theme, charts, date, revisions)
    stem = briefing.settings.stem
    outputs: list[Output] = []
    staged: list[tuple[Path, Path]] = []
    try:
        for kind in FORMATS:
            if kind not in options.formats:
                continue
            target = out / f"{stem}.{kind}"
            entry = previous.get("outputs", {}).get(kind)
            if not options.force and mf.output_current(entry, stamps[kind], out):
                outputs.append(Output(kind, target, entry["count"], False,
                                      tuple(out / name for name in entry.get("extras", {}))))
                continue
            say.stage(f"writing {target.name}")
            tmp = mf.temporary_path(target)
            staged.append((tmp, target))
            count = _write(kind, content, template, tmp, briefing.settings.page_size)
            say.step("slides" if kind == "pptx" else "pages", count, count)
            extras = []
            if options.per_hub:
                (out / HUBS_DIR).mkdir(exist_ok=True)
                for done, hub in enumerate(briefing.hubs, 1):
                    hub_target = out / HUBS_DIR / f"{slug(hub.name)}.{kind}"
                    hub_tmp = mf.temporary_path(hub_target)
                    staged.append((hub_tmp, hub_target))
                    _write(kind, content, template, hub_tmp, briefing.settings.page_size, hub=hub.name)
                    extras.append(hub_target)
                    say.step(f"hub {kind} files", done, len(briefing.hubs))
            outputs.append(Output(kind, target, count, True, tuple(extras)))
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
