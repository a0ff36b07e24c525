"""Temporary files in out/ and the commit that puts a build's files in place all together, or not at all.

Every temporary file is created by this module, beside its target, under a name nobody can predict, with
O_EXCL | O_NOFOLLOW: a file or symbolic link planted in out/ is never written through. The commit moves
each previous file aside before its replacement goes in, and moves them all back if any step fails, so
out/ holds either the whole new build (documents, hub documents, snapshot, manifest) or the whole old one.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

from report.errors import BuildError, OutputError

TMP_MARK = ".tmp-"
STALE_PATTERNS = (
    f".*{TMP_MARK}*",  # out/: documents, manifest, snapshot, and previous files set aside by a commit
    f"hubs/.*{TMP_MARK}*",  # out/hubs/: the hub documents
    f".cache/charts/.*{TMP_MARK}*",  # the chart cache
    f".cache/pdf/.*{TMP_MARK}*",  # the PDF's contents seeds
    f".cache/specs/.*{TMP_MARK}*",  # chart specs remembered by their inputs
    ".cache/charts/*.png.*.tmp",  # the chart cache, as versions before 0.3 named its temporaries
)
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
_REOPEN = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW | os.O_CLOEXEC
_NAME_CHARS = 40  # of the target's name kept in a temporary's name, so the name stays short

Staged = list[tuple[Path, Path]]  # (temporary file, the file it becomes) pairs, in commit order


def new_temporary(target: Path) -> Path:
    """An empty file beside ``target``, made by this process under an unpredictable name."""
    for _ in range(16):
        path = target.with_name(f".{target.name[:_NAME_CHARS]}{TMP_MARK}{secrets.token_hex(8)}")
        try:
            os.close(os.open(path, _CREATE, 0o666))
        except FileExistsError:
            continue
        except OSError as exc:
            raise OutputError(f"{target.parent}: cannot create a file there ({exc.strerror}); {_FIX}") from exc
        return path
    raise OutputError(f"{target.parent}: cannot create a temporary file there; {_FIX}")


@contextlib.contextmanager
def open_output(path: Path) -> Iterator[BinaryIO]:
    """``path`` for writing, emptied (created if missing); refused if it is a symbolic link, never followed."""
    try:
        handle = os.fdopen(os.open(path, _REOPEN), "wb")
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise OutputError(f"{path} is a symbolic link, which is never written through; delete it") from exc
        raise OutputError(f"{path}: cannot write it ({exc.strerror}); {_FIX}") from exc
    with handle:
        yield handle


def write_temporary(target: Path, data: bytes) -> Path:
    """``data`` in a new temporary file beside ``target``; the caller commits or discards it."""
    path = new_temporary(target)
    try:
        with open_output(path) as handle:
            handle.write(data)
    except OSError as exc:
        path.unlink(missing_ok=True)
        raise OutputError(f"{target}: cannot write it ({exc.strerror}); {_FIX}") from exc
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


_FIX = "check the folder exists, is writable and has free space"


def commit(staged: Sequence[tuple[Path, Path]]) -> None:
    """Replace every target with its temporary file, all or nothing.

    The previous files are kept, renamed, until every new one is in place; if any rename fails, the new files
    already in place are removed and the previous ones put back, and the error says what failed.
    """
    targets = [target for _tmp, target in staged]
    if len(set(targets)) != len(targets):
        twice = sorted({str(t) for t in targets if targets.count(t) > 1})
        raise BuildError(f"one build would write {', '.join(twice)} twice; nothing was replaced")
    moved: list[tuple[Path, Path | None]] = []  # (target, its previous file set aside, or None)
    current = targets[0] if targets else Path()
    try:
        for tmp, target in staged:
            current, backup = target, None
            if os.path.lexists(target):
                backup = new_temporary(target)
                try:
                    os.replace(target, backup)
                except OSError:
                    backup.unlink(missing_ok=True)
                    raise
            moved.append((target, backup))
            os.replace(tmp, target)
    except (OSError, OutputError) as exc:
        left = _roll_back(moved)
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        kept = "the previous files are back in place" if not left else f"restore by hand: {', '.join(left)}"
        raise OutputError(f"{current}: cannot be replaced ({why}); nothing was changed, {kept}") from exc
    for _target, backup in moved:
        if backup is not None:
            with contextlib.suppress(OSError):
                backup.unlink()


def _roll_back(moved: list[tuple[Path, Path | None]]) -> list[str]:
    """Undo a partial commit, last step first; the files it could not put back, as 'backup -> target'."""
    left = []
    for target, backup in reversed(moved):
        try:
            if backup is None:
                with contextlib.suppress(FileNotFoundError):
                    target.unlink()
            else:
                os.replace(backup, target)
        except OSError:
            left.append(f"{backup} -> {target}" if backup is not None else f"remove {target}")
    return left


def discard(staged: Sequence[tuple[Path, Path]]) -> None:
    """Remove temporary files that were not committed."""
    for tmp, _target in staged:
        with contextlib.suppress(OSError):
            tmp.unlink()


def remove_stale_temporaries(out_dir: Path) -> None:
    """Temporary files left by a killed build, the chart cache's included; safe to delete under the lock."""
    for pattern in STALE_PATTERNS:
        for path in out_dir.glob(pattern):
            with contextlib.suppress(OSError):
                if not path.is_dir() or path.is_symlink():
                    path.unlink()
