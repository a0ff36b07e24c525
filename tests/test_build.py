"""End to end: build real outputs into temporary folders and check what the build promises."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from report.build import BuildOptions, build, resolve_date
from report.errors import DataError
from tests.readers import deck_text, pdf_text, squash

pytestmark = pytest.mark.slow
ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000", "PYTHONWARNINGS": "ignore"}


def _cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "report", *args], capture_output=True, text=True, env=ENV, cwd=cwd, timeout=300
    )


@pytest.fixture(scope="module")
def first_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One cold build; tests copy its folder (chart cache included) instead of rendering again."""
    out = tmp_path_factory.mktemp("first") / "out"
    result = _cli("build", "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def _copy(out: Path, tmp_path: Path) -> Path:
    target = tmp_path / "out"
    shutil.copytree(out, target)
    return target


def _built_copy(first_build: Path, tmp_path: Path) -> tuple[Path, Path]:
    """A copy of data/ and of the first build, rebuilt once from that copy so the next build has a baseline."""
    out = _copy(first_build, tmp_path)
    data = tmp_path / "data"
    shutil.copytree(Path("data"), data)
    assert _cli("build", "--data", str(data), "--out", str(out)).returncode == 0
    return data, out


def _outputs(out: Path) -> dict[str, bytes]:
    """The deck and the PDF; not the hidden temporary files a killed build leaves for the next one to remove."""
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.p*")) if not p.name.startswith(".")}


def test_build_writes_deck_and_pdf_with_summary(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = _cli("build", "--out", str(out), "--jobs", "2")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.glob("*.p*")) == ["gii2023-top-hubs.pdf", "gii2023-top-hubs.pptx"]
    assert "slides" in result.stdout and "pages" in result.stdout
    assert "charts: " in result.stdout and " rendered, 0 reused" in result.stdout
    assert result.stdout.strip().splitlines()[-1].endswith(" s")


def test_no_change_rebuild_is_up_to_date_and_imports_nothing_heavy(first_build: Path, tmp_path: Path) -> None:
    out = _copy(first_build, tmp_path)
    before = _outputs(out)
    result = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "report", "build", "--out", str(out)],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert "up to date" in result.stdout
    imported = {
        line.rsplit("|", 1)[-1].strip().split(".")[0]
        for line in result.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert not imported & {"altair", "vl_convert", "pptx", "reportlab", "jinja2", "PIL", "openpyxl"}
    assert _outputs(out) == before


def test_touching_data_without_changing_it_rebuilds_nothing(first_build: Path, tmp_path: Path) -> None:
    out = _copy(first_build, tmp_path)
    data = tmp_path / "data"
    shutil.copytree(Path("data"), data)
    first = _cli("build", "--data", str(data), "--out", str(out), "--force")
    assert first.returncode == 0
    before = _outputs(out)
    for path in data.iterdir():
        os.utime(path, (1_900_000_000, 1_900_000_000))
    again = _cli("build", "--data", str(data), "--out", str(out))
    assert "up to date" in again.stdout
    forced = _cli("build", "--data", str(data), "--out", str(out), "--force")
    assert forced.returncode == 0
    assert _outputs(out) == before


def test_two_fresh_builds_are_byte_identical(first_build: Path, tmp_path: Path) -> None:
    out = tmp_path / "second"
    result = _cli("build", "--out", str(out), "--jobs", "1")
    assert result.returncode == 0, result.stderr
    assert _outputs(out) == _outputs(first_build)


def test_changed_figure_is_reported_and_only_its_charts_rerender(first_build: Path, tmp_path: Path) -> None:
    data, out = _built_copy(first_build, tmp_path)
    clusters = data / "clusters.csv"
    clusters.write_text(
        clusters.read_text(encoding="utf-8").replace("3,Seoul,KR,63447,", "3,Seoul,KR,63500,"), encoding="utf-8"
    )
    result = _cli("build", "--data", str(data), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "clusters.csv  Seoul  pct_applications: 63447 → 63500" in result.stdout
    rendered = int(result.stdout.split("charts: ")[1].split(" rendered")[0])
    assert rendered == 0  # no chart draws PCT application counts (the scatter draws the shares): none redrawn
    assert "63,500" in squash(pdf_text(out / "gii2023-top-hubs.pdf"))
    assert "63,500" in deck_text(out / "gii2023-top-hubs.pptx")


def test_changes_page_lists_revisions(first_build: Path, tmp_path: Path) -> None:
    data, out = _built_copy(first_build, tmp_path)
    facts = data / "facts.csv"
    facts.write_text(facts.read_text(encoding="utf-8").replace(",92.5,", ",93.1,"), encoding="utf-8")
    result = _cli("build", "--data", str(data), "--out", str(out), "--changes-page")
    assert result.returncode == 0, result.stderr
    line = "facts.csv, Shenzhen–Hong Kong–Guangzhou / Huawei / revenue / USD billion, value: was 92.5, now 93.1"
    assert line in deck_text(out / "gii2023-top-hubs.pptx")
    assert line in squash(pdf_text(out / "gii2023-top-hubs.pdf"))


def test_bad_data_leaves_previous_outputs_untouched(first_build: Path, tmp_path: Path) -> None:
    out = _copy(first_build, tmp_path)
    before = _outputs(out)
    data = tmp_path / "data"
    shutil.copytree(Path("data"), data)
    clusters = data / "clusters.csv"
    clusters.write_text(clusters.read_text(encoding="utf-8").replace("127418", "lots"), encoding="utf-8")
    result = _cli("build", "--data", str(data), "--out", str(out), "--force")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "column pct_applications: found 'lots', expected a whole number" in result.stderr
    assert _outputs(out) == before


def test_build_killed_midway_leaves_previous_outputs(first_build: Path, tmp_path: Path) -> None:
    out = _copy(first_build, tmp_path)
    before = _outputs(out)
    with subprocess.Popen(
        [sys.executable, "-u", "-m", "report", "build", "--out", str(out), "--force"],
        stdout=subprocess.PIPE,
        text=True,
        env=ENV,
    ) as process:
        assert process.stdout is not None
        for line in process.stdout:  # kill as soon as it starts writing an output
            if line.startswith("… writing"):
                process.send_signal(signal.SIGKILL)
                break
        process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    assert _outputs(out) == before
    again = _cli("build", "--out", str(out))
    assert again.returncode == 0
    assert not list(out.glob(".*.tmp-*"))


def test_concurrent_builds_both_finish_cleanly(first_build: Path, tmp_path: Path) -> None:
    out = _copy(first_build, tmp_path)
    command = [sys.executable, "-m", "report", "build", "--out", str(out), "--force", "--jobs", "1"]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=ENV) for _ in range(2)
    ]
    for run in runs:
        _out, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    assert _outputs(out) == _outputs(first_build)


def test_library_build_raises_data_error_without_writing(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    with pytest.raises(DataError) as caught:
        build(BuildOptions(data_dir=data, out_dir=tmp_path / "out"))
    assert len(caught.value.problems) >= 6
    assert not list((tmp_path / "out").glob("*.p*"))


def test_cover_date_comes_from_settings_then_source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_date("2023-09-27") == "27 September 2023"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1790000000")
    assert resolve_date(None) == "21 September 2026"
