"""What the previous build was made from: input stamps, output digests, the data snapshot and the lock.

Stamps are content hashes (as pelican's cache does), never modification times, so touching a file without
changing it rebuilds nothing, and the same inputs always give the same decision.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import fcntl
import hashlib
import json
import os
import threading
import tomllib
from collections.abc import Callable, Mapping, Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from report import staging
from report.errors import BuildError
from report.inputs import DATA_FILES, SETTINGS
from report.paths import code_files

if TYPE_CHECKING:
    from report.build import BuildOptions
    from report.outputs import Renderer

MANIFEST = ".report-manifest.json"
SNAPSHOT = ".report-data.json"
LOCK = ".report.lock"
LIBRARIES = (
    "python-pptx",
    "reportlab",
    "altair",
    "vl-convert-python",
    "jinja2",
    "pillow",
    "openpyxl",
    "uharfbuzz",
    "python-bidi",
    "fonttools",
)


class BuildLock:
    """One build at a time per output folder: a second build waits (saying for whom), then finds the first's work.

    A POSIX record lock (``fcntl.lockf``), not ``flock``: it belongs to this process alone, so chart workers and
    writer processes forked while it is held never hold it, and the kernel drops it the moment this process
    dies, however it dies. The file records who holds it, for the message a waiting build prints.
    """

    _in_process: ClassVar[dict[Path, threading.Lock]] = {}  # record locks do not exclude threads of one process

    def __init__(self, out_dir: Path, on_wait: Callable[[str], None] | None = None) -> None:
        self.path = out_dir / LOCK
        self.on_wait = on_wait
        self.fd = -1
        self.thread_lock = self._in_process.setdefault(self.path.resolve(), threading.Lock())

    def __enter__(self) -> BuildLock:
        self.thread_lock.acquire()
        try:
            self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            self.thread_lock.release()
            why = "is a symbolic link; delete it" if exc.errno == errno.ELOOP else f"cannot be opened ({exc.strerror})"
            raise BuildError(f"{self.path} {why}, then build again") from exc
        try:
            fcntl.lockf(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            if exc.errno not in (errno.EACCES, errno.EAGAIN):
                self._release()
                raise BuildError(f"{self.path}: cannot take the build lock ({exc.strerror})") from exc
            if self.on_wait is not None:
                self.on_wait(f"waiting for {self.holder()}, which holds {self.path}")
            fcntl.lockf(self.fd, fcntl.LOCK_EX)
        started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, f"{os.getpid()} {started}\n".encode(), 0)
        return self

    def holder(self) -> str:
        """'another build (pid 123, since 2026-12-01T12:00:03+00:00)', from what the holder wrote."""
        pid, _, since = os.pread(self.fd, 200, 0).decode("utf-8", "replace").strip().partition(" ")
        return f"another build (pid {pid}, since {since})" if pid.isdigit() else "another build"

    def __exit__(self, *_exc: object) -> None:
        self._release()

    def _release(self) -> None:
        if self.fd >= 0:
            with contextlib.suppress(OSError):
                os.ftruncate(self.fd, 0)
            os.close(self.fd)  # closing drops the record lock
            self.fd = -1
        self.thread_lock.release()


def file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _hash_files(digest: Any, paths: list[Path]) -> None:
    for path in paths:
        digest.update(path.name.encode())
        digest.update(path.read_bytes() if path.is_file() else b"<missing>")


def _library_versions() -> str:
    found = []
    for name in LIBRARIES:
        try:
            found.append(f"{name}={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}=?")
    return ";".join(found)


def peek_date(data_dir: Path) -> str | None:
    """The cover date from briefing.toml, read cheaply; a bad file is reported later by the real loader."""
    try:
        value = tomllib.loads((data_dir / SETTINGS).read_text(encoding="utf-8-sig")).get("date")
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return None
    return value if isinstance(value, str) else None


def input_stamps(
    options: BuildOptions, outputs: Sequence[Renderer], theme: Path, prose: Path, date: str, font_chain: str = ""
) -> dict[str, str]:
    """One hash per output over everything that output depends on, code and library versions included.

    ``font_chain`` is the font chain's digest (report.look.fontchain): the installed fonts, when the data needs
    any beyond the theme's, so installing one rebuilds."""
    from report.look.theme import load_theme

    common = hashlib.sha256()
    _hash_files(common, [options.data_dir / name for name in DATA_FILES])
    _hash_files(common, [theme, prose])
    fonts = load_theme(theme).font_dirs
    _hash_files(common, sorted(p for d in fonts if d.is_dir() for p in d.iterdir() if p.is_file()))
    _hash_files(common, code_files())
    common.update(_library_versions().encode())
    common.update(f"date={date};top={options.top};changes={options.changes_page};hubs={options.per_hub}".encode())
    common.update(f"with={','.join(r.kind for r in outputs)}".encode())  # each output names the others it ships with
    common.update(f"fonts={font_chain};boxes={options.allow_missing_glyphs}".encode())
    if options.changes_page:
        _hash_files(common, [options.out_dir / SNAPSHOT])
    if options.template is not None and options.theme is None:
        _hash_files(common, [options.template])  # the template lends its colours and fonts to charts and PDF
    stamps = {}
    for renderer in outputs:
        digest = common.copy()
        digest.update(renderer.stamp())
        stamps[renderer.kind] = digest.hexdigest()
    return stamps


def read_manifest(out_dir: Path) -> dict[str, Any]:
    try:
        manifest = json.loads((out_dir / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return manifest if isinstance(manifest, dict) else {}


def output_current(entry: Any, stamp: str, out_dir: Path) -> bool:
    """The output was built from exactly these inputs and its files are still the ones written then."""
    if not isinstance(entry, dict) or entry.get("stamp") != stamp:
        return False
    files = {str(entry.get("file")): entry.get("digest"), **entry.get("extras", {})}
    return all((out_dir / name).is_file() and file_digest(out_dir / name) == digest for name, digest in files.items())


def up_to_date(previous: dict[str, Any], stamps: dict[str, str], out_dir: Path) -> bool:
    """Every output asked for was built from exactly these inputs and is still as it was written."""
    outputs = previous.get("outputs", {})
    return all(output_current(outputs.get(kind), stamp, out_dir) for kind, stamp in stamps.items())


def _json(value: Any) -> bytes:
    return json.dumps(value, indent=1, sort_keys=True, ensure_ascii=False).encode()


def _replace(path: Path, data: bytes) -> None:
    staging.commit([(staging.write_temporary(path, data), path)])


def manifest_bytes(
    out_dir: Path,
    stamps: dict[str, str],
    outputs: dict[str, tuple[Path, int, tuple[Path, ...]]],
    previous: dict[str, Any],
    digests: Mapping[Path, str] | None = None,
    fonts: dict[str, Any] | None = None,
) -> bytes:
    """The manifest after this build; ``digests`` gives the hashes of files written but not yet in place,
    ``fonts`` the font chain the outputs were drawn with (report.look.fontchain), for the next build."""
    known = digests or {}
    entries = dict(previous.get("outputs", {}))
    for kind, (path, count, extras) in outputs.items():
        entries[kind] = {
            "file": path.name,
            "count": count,
            "stamp": stamps[kind],
            "digest": known.get(path) or file_digest(path),
            "extras": {str(p.relative_to(out_dir)): known.get(p) or file_digest(p) for p in extras},
        }
    return _json({"version": 1, "outputs": entries, "fonts": fonts or {}})


def write_manifest(
    out_dir: Path,
    stamps: dict[str, str],
    outputs: dict[str, tuple[Path, int, tuple[Path, ...]]],
    previous: dict[str, Any],
    fonts: dict[str, Any] | None = None,
) -> None:
    """The outputs with their stamps, and the font chain they were drawn with (``fonts``, see fontchain)."""
    _replace(out_dir / MANIFEST, manifest_bytes(out_dir, stamps, outputs, previous, fonts=fonts))


def read_snapshot(out_dir: Path) -> dict[str, Any] | None:
    try:
        value = json.loads((out_dir / SNAPSHOT).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return value if isinstance(value, dict) else None


def snapshot_bytes(snapshot: dict[str, Any]) -> bytes:
    return _json(snapshot)


def write_snapshot(out_dir: Path, snapshot: dict[str, Any]) -> None:
    _replace(out_dir / SNAPSHOT, snapshot_bytes(snapshot))
