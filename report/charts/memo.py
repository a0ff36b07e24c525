"""Chart specs remembered by their inputs, so a rebuild whose chart did not change skips building it.

Building the map's spec with Altair is the largest single cost of a rebuild after a one-figure edit,
though the map rarely changes. A spec is remembered under the digest of everything it is built from
(its inputs, the code that builds it and Altair's version) in memory, for `report watch`, and in
out/.cache/specs/, for the next `report build`. It is the same JSON the build would make, so the
outputs are the same bytes; `--force` reads nothing back.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

from report.errors import OutputError
from report.staging import new_temporary, open_output

MAX_SPEC_BYTES = 16 * 2**20
_memory: dict[str, dict[str, Any]] = {}  # kind -> {key: spec}; one entry per kind (the latest)
_place: dict[str, Any] = {"folder": None, "read": True}


def use_folder(folder: Path | None, read: bool = True) -> None:
    """Where this build keeps specs (None: memory only); ``read=False`` (a --force build) recalls nothing."""
    _place["folder"], _place["read"] = folder, read


def digest(*parts: Any) -> str:
    """The key of a spec: a digest of its inputs, as JSON."""
    text = json.dumps(parts, sort_keys=True, ensure_ascii=False, default=list)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def code_version(*files: Path) -> str:
    """What the building code is: its files' bytes and Altair's version, so a code change is a new key."""
    from importlib.metadata import version

    found = hashlib.sha256(version("altair").encode())
    for path in files:
        found.update(path.read_bytes())
    return found.hexdigest()[:16]


def recall(kind: str, key: str) -> dict[str, Any] | None:
    if not _place["read"]:
        return None
    spec = _memory.get(kind, {}).get(key)
    if spec is not None:
        return json.loads(json.dumps(spec))  # a copy: the caller may change it
    folder: Path | None = _place["folder"]
    if folder is None:
        return None
    path = folder / f"{kind}-{key}.json"
    try:
        if path.stat().st_size > MAX_SPEC_BYTES:
            return None
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(loaded, dict):
        return None
    _memory[kind] = {key: loaded}
    return json.loads(json.dumps(loaded))


def remember(kind: str, key: str, spec: dict[str, Any]) -> None:
    """Keep ``spec`` as the latest of its kind, in memory and (best effort: a hint) on disk."""
    _memory[kind] = {key: json.loads(json.dumps(spec))}
    folder: Path | None = _place["folder"]
    if folder is None:
        return
    target, tmp = folder / f"{kind}-{key}.json", None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = new_temporary(target)
        with open_output(tmp) as handle:
            handle.write(json.dumps(spec, sort_keys=True, ensure_ascii=False).encode())
        os.replace(tmp, target)
        for old in folder.glob(f"{kind}-*.json"):
            if old != target:
                old.unlink(missing_ok=True)
    except (OSError, OutputError):  # a spec not kept only costs the next build the time to make it again
        pass
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
