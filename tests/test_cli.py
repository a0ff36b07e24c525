"""The command line: every command documents itself, errors are one line each, exit codes are stable."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from report.cli import main


def _commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = []
    for name, command in group.commands.items():
        found.append((*prefix, name))
        if isinstance(command, click.Group):
            found.extend(_commands(command, (*prefix, name)))
    return found


@pytest.mark.parametrize("path", _commands(main), ids=" ".join)
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(main, [*path, "--help"])
    assert result.exit_code == 0
    command: click.Command = main
    for name in path:
        assert isinstance(command, click.Group)
        command = command.commands[name]
    assert command.help and len(command.help.split()) >= 5, f"{' '.join(path)} needs a real help text"
    for param in command.params:
        if isinstance(param, click.Option):
            assert param.help, f"{' '.join(path)} {param.opts[0]} has no help"


def test_help_imports_nothing_heavy() -> None:
    code = (
        "import sys; from click.testing import CliRunner; from report.cli import main; "
        "CliRunner().invoke(main, ['build', '--help']); "
        "print(sorted(m for m in ('altair','vl_convert','pptx','reportlab','jinja2') if m in sys.modules))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.stdout.strip() == "[]"


def test_check_reports_ok_summary() -> None:
    result = CliRunner().invoke(main, ["check"])
    assert result.exit_code == 0
    rows = {
        name: len(Path("data", name).read_text(encoding="utf-8").strip().splitlines()) - 1
        for name in ("clusters.csv", "economies.csv", "facts.csv", "sources.csv")
    }
    assert result.output.startswith(
        f"data: OK: {rows['clusters.csv']} clusters, {rows['economies.csv']} economies, {rows['facts.csv']} facts, "
        f"{rows['sources.csv']} sources; top 5"
    )


def test_data_errors_are_one_line_each_with_exit_2(data_copy: Path) -> None:
    clusters = data_copy / "clusters.csv"
    text = clusters.read_text(encoding="utf-8").replace("127418", "many")
    text = text.replace(",gii2023-table3,seed", ",nope,seed", 1)
    clusters.write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["check", "--data", str(data_copy)])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert lines == [
        f"{clusters}, row 2, column pct_applications: found 'many', expected a whole number such as 127418",
        f"{clusters}, row 2, column source: found source id 'nope', expected an id listed in sources.csv; "
        "add it there or fix the spelling",
        "2 problems found; nothing was written. Fix the data and run the command again.",
    ]
    assert "Traceback" not in result.output


def test_top_beyond_the_table_is_a_data_error() -> None:
    result = CliRunner().invoke(main, ["check", "--top", "36"])
    assert result.exit_code == 2
    assert "--top: found top = 36, expected at most 35, the number of clusters in data/clusters.csv" in result.output


def test_diff_prints_old_and_new(data_copy: Path, tmp_path: Path) -> None:
    facts = data_copy / "facts.csv"
    facts.write_text(
        facts.read_text(encoding="utf-8").replace(",58,USD billion,", ",59,USD billion,"), encoding="utf-8"
    )
    result = CliRunner().invoke(main, ["diff", "data", str(data_copy)])
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        "facts.csv  Shenzhen–Hong Kong–Guangzhou / BYD / revenue / USD billion  value: 58 → 59",
        "1 change(s)",
    ]


def test_missing_template_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path), "--template", str(tmp_path / "corp.pptx")])
    assert result.exit_code == 2
    expected = f"error: {tmp_path / 'corp.pptx'}: file not found; pass an existing file to --template"
    assert result.output.strip() == expected
