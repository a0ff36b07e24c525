"""The build lock: a build killed mid-render leaves nothing running and nothing that blocks the next build."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from report.errors import BuildError
from report.manifest import LOCK, BuildLock

ENV = {**os.environ, "SOURCE_DATE_EPOCH": "1790000000", "PYTHONWARNINGS": "ignore"}


def _session_processes(session: int) -> list[str]:
    """The processes still alive in ``session`` (the killed build's own session), as ps prints them."""
    listing = subprocess.run(["ps", "-eo", "pid=,sid=,stat=,args="], capture_output=True, text=True, check=True)
    rows = [line.split(None, 3) for line in listing.stdout.splitlines()]
    return [" ".join(r) for r in rows if len(r) >= 3 and r[1] == str(session) and not r[2].startswith("Z")]


@pytest.mark.slow
@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGTERM])
def test_main_process_killed_mid_render_leaves_no_orphans_and_no_lock(tmp_path: Path, sig: int) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-u", "-m", "report", "build", "--out", str(out), "--force", "--jobs", "2"]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=ENV, start_new_session=True
    ) as build:
        assert build.stdout is not None
        for line in build.stdout:  # the pool is running once charts render
            if line.startswith("… rendering"):
                build.send_signal(sig)  # the main process only, not its process group
                break
        build.wait(timeout=60)
    deadline = time.monotonic() + 30
    while _session_processes(build.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert _session_processes(build.pid) == []
    again = subprocess.run(
        [sys.executable, "-m", "report", "build", "--out", str(out), "--jobs", "2"],
        capture_output=True,
        text=True,
        env=ENV,
        timeout=60,
    )
    assert again.returncode == 0, again.stderr


def test_a_waiting_build_says_who_holds_the_lock(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            (
                "import sys, pathlib; from report.manifest import BuildLock\n"
                "with BuildLock(pathlib.Path(sys.argv[1])):\n    print('held', flush=True); sys.stdin.read()"
            ),
            str(tmp_path),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    said: list[str] = []
    try:
        waiter = BuildLock(tmp_path, on_wait=lambda message: (said.append(message), holder.communicate("")))
        with waiter:
            pass
    finally:
        holder.kill()
        holder.wait()
    assert said and said[0].startswith(f"waiting for another build (pid {holder.pid}, since 20")
    assert said[0].endswith(f"which holds {tmp_path / LOCK}")


def test_a_lock_file_that_is_a_symlink_is_refused_not_followed(tmp_path: Path) -> None:
    target = tmp_path / "elsewhere"
    (tmp_path / LOCK).symlink_to(target)
    with pytest.raises(BuildError, match="is a symbolic link; delete it"), BuildLock(tmp_path):
        pass
    assert not target.exists()


def test_a_child_forked_while_the_lock_is_held_does_not_keep_it(tmp_path: Path) -> None:
    """A chart worker outliving its build must not block the next one (flock locks are inherited; these are not)."""
    read_end, write_end = os.pipe()
    with BuildLock(tmp_path):
        child = os.fork()
        if child == 0:  # lives on, like an orphaned worker, until the test closes the pipe
            os.close(write_end)
            os.read(read_end, 1)
            os._exit(0)
    os.close(read_end)
    try:
        taken = subprocess.run(
            [
                sys.executable,
                "-c",
                (
                    "import sys, pathlib; from report.manifest import BuildLock\n"
                    "with BuildLock(pathlib.Path(sys.argv[1]), on_wait=lambda _message: sys.exit(3)):\n    pass"
                ),
                str(tmp_path),
            ],
            capture_output=True,
            text=True,
            timeout=30,
        )
    finally:
        os.close(write_end)
        os.waitpid(child, 0)
    assert taken.returncode == 0, taken.stderr
