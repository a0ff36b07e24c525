"""The `report` command line. It only translates flags into library calls and errors into exit codes.

Nothing heavy is imported here, so `--help` and an up-to-date rebuild stay instant.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from report.errors import DataError, ReportError
from report.outputs import KINDS
from report.paths import default_data_dir
from report.progress import progress_for

if TYPE_CHECKING:
    from report.build import BuildOptions, BuildResult


def _fail(exc: ReportError) -> None:
    if isinstance(exc, DataError):
        for line in exc.lines():
            click.echo(line, err=True)
        count = len(exc.problems)
        click.echo(
            f"{count} problem{'s' if count != 1 else ''} found; nothing was written. "
            "Fix the data and run the command again.",
            err=True,
        )
    else:
        click.echo(f"error: {exc}", err=True)
    sys.exit(exc.exit_code)


def reports_errors(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn the library's errors into one-line messages and exit codes, with no traceback."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except ReportError as exc:
            _fail(exc)
        except KeyboardInterrupt:
            click.echo("stopped", err=True)
            sys.exit(130)

    return wrapper


DATA_OPTION = click.option(
    "--data",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="Folder with briefing.toml and the CSV files or figures.xlsx (default: ./data).",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="report")
def main() -> None:
    """Build a briefing deck (.pptx), a printable PDF and a data pack (.xlsx) from a folder of figures."""


def _build_options(
    data_dir: Path | None,
    out_dir: Path,
    fmt: str,
    top: int | None,
    template: Path | None,
    theme: Path | None,
    page_size: str | None,
    force: bool,
    jobs: int | None,
    changes_page: bool,
    per_hub: bool,
    layouts: tuple[str, ...],
    allow_missing_glyphs: bool,
) -> BuildOptions:
    import os

    from report.build import BuildOptions

    return BuildOptions(
        data_dir=data_dir or default_data_dir(),
        out_dir=out_dir,
        formats=KINDS if fmt == "all" else (fmt,),
        top=top,
        template=template,
        theme=theme,
        page_size=page_size,
        force=force,
        jobs=jobs or max(1, min(4, os.cpu_count() or 1)),
        changes_page=changes_page,
        per_hub=per_hub,
        layouts=layouts,
        allow_missing_glyphs=allow_missing_glyphs,
    )


def _summary(result: BuildResult, quiet: bool) -> None:
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if result.changes:
        click.echo(f"{len(result.changes)} change(s) since the previous build:")
        for line in result.changes:
            click.echo(f"  {line}")
    elif not result.first_build and not result.up_to_date:
        click.echo("no figures changed since the previous build")
    if result.up_to_date:
        names = ", ".join(o.path.name for o in result.outputs)
        click.echo(f"up to date: {names} ({result.seconds:.2f} s)")
        return
    if quiet:
        return
    for output in result.outputs:
        state = "wrote" if output.written else "kept "
        click.echo(f"{state} {output.path}  {output.count} {output.unit}")
        if output.extras:
            click.echo(f"{state} {len(output.extras)} hub {output.kind} files in {output.extras[0].parent}")
    click.echo(f"charts: {result.charts_rendered} rendered, {result.charts_reused} reused; {result.seconds:.2f} s")


BUILD_OPTIONS = [
    DATA_OPTION,
    click.option(
        "--out",
        "out_dir",
        type=click.Path(path_type=Path, file_okay=False),
        default=Path("out"),
        show_default=True,
        help="Folder the deck, the PDF and the data pack are written to.",
    ),
    click.option(
        "--format",
        "fmt",
        type=click.Choice([*KINDS, "all"]),
        default="all",
        show_default=True,
        help="Which outputs to build.",
    ),
    click.option(
        "--top",
        type=click.IntRange(min=1),
        default=None,
        help="How many hubs to cover (default: `top` in briefing.toml).",
    ),
    click.option(
        "--template",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="A .pptx or .potx master to build the deck on (default: templates/briefing.pptx).",
    ),
    click.option(
        "--theme",
        type=click.Path(path_type=Path, dir_okay=False),
        default=None,
        help="A theme TOML file (default: templates/theme.toml); what it leaves out, a --template lends.",
    ),
    click.option(
        "--layout",
        "layouts",
        multiple=True,
        metavar="KIND=NAME",
        help="Build slides of KIND (title, chart, two_content, table, closing) on the template's layout NAME "
        "(or number, as `templates inspect` lists them); repeatable.",
    ),
    click.option(
        "--page-size",
        type=click.Choice(["a4", "letter"]),
        default=None,
        help="PDF page size (default: page_size in briefing.toml).",
    ),
    click.option(
        "--jobs",
        type=click.IntRange(min=1),
        default=None,
        help="Processes that render charts (default: the number of cores, at most 4).",
    ),
    click.option("--force", is_flag=True, help="Rebuild everything, even what is up to date."),
    click.option(
        "--changes-page",
        is_flag=True,
        help="Add a Revisions slide and PDF page listing what changed since the previous build.",
    ),
    click.option(
        "--per-hub",
        is_flag=True,
        help="Also write one short deck, PDF and data pack per hub to <out>/hubs/<hub>.pptx|.pdf|-data.xlsx.",
    ),
    click.option(
        "--allow-missing-glyphs",
        is_flag=True,
        help="Build even when no font has some characters of the data (they print as empty boxes); warn instead.",
    ),
    click.option("--quiet", "-q", is_flag=True, help="Print only errors and the change report."),
]


def build_options(func: Callable[..., Any]) -> Callable[..., Any]:
    for option in reversed(BUILD_OPTIONS):
        func = option(func)
    return func


@main.command()
@build_options
@reports_errors
def build(quiet: bool, **flags: Any) -> None:
    """Build out/<stem>.pptx, out/<stem>.pdf and out/<stem>-data.xlsx from the data folder."""
    from report.build import build as run_build

    progress = progress_for(quiet)
    try:
        result = run_build(_build_options(**flags), progress=progress)
    finally:
        if progress is not None:
            progress.close()
    _summary(result, quiet)


@main.command()
@DATA_OPTION
@click.option("--top", type=click.IntRange(min=1), default=None, help="Check this many hubs can be covered.")
@reports_errors
def check(data_dir: Path | None, top: int | None) -> None:
    """Validate the data folder, the fonts it needs and the text templates without building anything."""
    from report.build import check as run_check

    click.echo(run_check(data_dir or default_data_dir(), top))


@main.command()
@click.argument("old_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.argument("new_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
@reports_errors
def diff(old_dir: Path, new_dir: Path) -> None:
    """Print every figure that differs between two data folders: file, row, column, old → new."""
    from report.inputs.diff import diff_folders

    changes = diff_folders(old_dir, new_dir)
    for change in changes:
        click.echo(str(change))
    click.echo(f"{len(changes)} change(s)" if changes else "no differences")


@main.command()
@build_options
@reports_errors
def watch(quiet: bool, **flags: Any) -> None:
    """Rebuild whenever a file in the data folder or templates/ is saved; Ctrl-C stops."""
    from report.watch import watch_and_build

    options = _build_options(**flags)

    def report_result(result: BuildResult) -> None:
        _summary(result, quiet)

    def report_error(exc: ReportError) -> None:
        lines = exc.lines() if isinstance(exc, DataError) else [f"error: {exc}"]
        for line in lines:
            click.echo(line, err=True)
        click.echo("waiting for the next save…", err=True)

    with contextlib.suppress(KeyboardInterrupt):
        watch_and_build(options, report_result, report_error, say=click.echo)
    click.echo("stopped watching")


@main.group()
def templates() -> None:
    """Look inside deck templates before building on them."""


@templates.command()
@click.argument("template", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--theme",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="The theme file the build would use (its colours decide the contrast marks).",
)
@click.option("--layout", "layouts", multiple=True, metavar="KIND=NAME", help="As for `report build`; repeatable.")
@reports_errors
def inspect(template: Path, theme: Path | None, layouts: tuple[str, ...]) -> None:
    """List a template's layouts with their placeholders' sizes, and which layout each kind of slide would
    use and why; problems are marked with "!". Exits with 1 when a slide kind has no usable layout."""
    from report.build import inspect_template

    text, usable = inspect_template(template, theme, layouts)
    click.echo(text)
    if not usable:
        sys.exit(1)


@main.group()
def data() -> None:
    """Convert the figures between the five CSV files and one workbook (figures.xlsx)."""


FORCE_OPTION = click.option("--force", is_flag=True, help="Replace files that already exist.")


@data.command("export")
@click.argument("data_dir", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option(
    "--to", "target", type=click.Path(path_type=Path, dir_okay=False), required=True, help="The workbook to write."
)
@FORCE_OPTION
@reports_errors
def export_data(data_dir: Path, target: Path, force: bool) -> None:
    """Write the CSV files of DATA_DIR as one workbook, a sheet per file, after checking them."""
    from report.inputs.convert import export_workbook

    click.echo(export_workbook(data_dir, target, force))


@data.command("import")
@click.argument("workbook", type=click.Path(path_type=Path, dir_okay=False, exists=True))
@click.option(
    "--to",
    "data_dir",
    type=click.Path(path_type=Path, file_okay=False),
    required=True,
    help="The folder to write the CSV files to.",
)
@FORCE_OPTION
@reports_errors
def import_data(workbook: Path, data_dir: Path, force: bool) -> None:
    """Write the sheets of WORKBOOK as the five CSV files, after checking them."""
    from report.inputs.convert import import_workbook

    click.echo(import_workbook(workbook, data_dir, force))
