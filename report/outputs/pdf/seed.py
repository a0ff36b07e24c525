"""The contents page and page count of a document's previous build, so the next build can lay it out once.

reportlab's multiBuild needs a second pass only to learn what the first found: the contents page's entries
and the page count the footers print. Started from the previous build's, the first pass is already final
when nothing moved (multiBuild checks it, as it checks its own passes), and a build whose pages did move
simply takes the passes it needs. A seed is only a hint: one that is missing, damaged or stale costs a pass,
never a wrong page.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from report.errors import OutputError
from report.staging import new_temporary, open_output

MAX_SEED_BYTES = 4 * 2**20  # a few hundred entries are a few tens of KB; a larger file is not ours
Entry = tuple[int, str, int, str]  # reportlab's TableOfContents entry: level, text, page, key


@dataclass(frozen=True)
class Seed:
    entries: tuple[Entry, ...]
    pages: int


def seed_path(folder: Path, title: str, keywords: tuple[str, ...], page_size: str) -> Path:
    """Where the seed of one document lives: named by what tells the documents of a build apart."""
    name = hashlib.sha256(json.dumps([title, list(keywords), page_size]).encode()).hexdigest()[:24]
    return folder / f"{name}.json"


def read_seed(path: Path) -> Seed | None:
    """The seed at ``path``, or None if there is none or it is not one this module wrote."""
    try:
        if path.stat().st_size > MAX_SEED_BYTES:
            return None
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return _parsed(raw)


def _parsed(raw: Any) -> Seed | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("pages"), int) or not isinstance(raw.get("entries"), list):
        return None
    entries = []
    for item in raw["entries"]:
        if not (isinstance(item, list) and len(item) == 4):
            return None
        level, text, page, key = item
        if not (isinstance(level, int) and isinstance(text, str) and isinstance(page, int) and isinstance(key, str)):
            return None
        entries.append((level, text, page, key))
    return Seed(tuple(entries), raw["pages"]) if raw["pages"] > 0 else None


def write_seed(path: Path, seed: Seed) -> None:
    """Save ``seed`` atomically; a seed that cannot be saved is only a pass lost next time, so never an error."""
    tmp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = new_temporary(path)
        with open_output(tmp) as handle:
            handle.write(json.dumps({"pages": seed.pages, "entries": [list(e) for e in seed.entries]}).encode())
        os.replace(tmp, path)
    except (OSError, OutputError):  # a hint: failing to save it only costs the next build a pass
        pass
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)
