"""Child processes: forked writers that hand back their result or their error whole, and never outlive the build.

A chart worker or writer left running after its build was killed would keep the CPU busy and, worse, keep
files open in out/. Each child asks the kernel to kill it when its parent dies (Linux prctl), and, where
that is not available, a watcher thread notices the parent has gone and exits.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from report.errors import ReportError

PR_SET_PDEATHSIG = 1
POLL_SECONDS = 0.5


def die_with_parent() -> None:
    """Call first thing in a child process: it ends when the process that started it ends."""
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except OSError:
            pass  # no libc to ask: the watcher below still catches it
    if os.getppid() != parent:  # the parent died before the request was made
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), name="die-with-parent", daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(POLL_SECONDS)
    os._exit(1)


Staged = list[tuple[Path, Path]]  # (temporary file, its target) pairs a writer has made
T = TypeVar("T")


class ChildCrashed(RuntimeError):
    """A writer process failed with an error that is not the user's to fix; carries its traceback."""


def fork(work: Callable[[Staged], T]) -> Callable[[], tuple[T, Staged]]:
    """Run ``work`` in a forked child (it shares the built story without pickling it); the returned function
    waits for the child and hands back its result and staged files, or raises its error as it was raised."""
    import multiprocessing
    import pickle
    import traceback

    reader, writer = multiprocessing.Pipe(duplex=False)

    def child() -> None:
        die_with_parent()
        staged: Staged = []
        try:
            output = work(staged)
            writer.send(("ok", pickle.dumps((output, staged))))
        except ReportError as exc:  # the user's to fix: passed back whole, with its problems and exit code
            _discard(staged)
            writer.send(("error", pickle.dumps(exc)))
        except Exception:  # a bug: passed back with its traceback
            _discard(staged)
            writer.send(("crash", traceback.format_exc()))

    process = multiprocessing.get_context("fork").Process(target=child, daemon=True)
    process.start()
    writer.close()

    def wait() -> tuple[T, Staged]:
        try:
            kind, payload = reader.recv()
        except EOFError:
            kind, payload = "crash", "the process writing an output stopped unexpectedly"
        process.join()
        if kind == "ok":
            return pickle.loads(payload)
        if kind == "error":
            raise pickle.loads(payload)
        raise ChildCrashed(payload)

    return wait


def _discard(staged: Staged) -> None:
    for tmp, _target in staged:
        tmp.unlink(missing_ok=True)
