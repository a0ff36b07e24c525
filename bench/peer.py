"""The pandoc peer (../shared/peer-pandoc): where it is, setting it up once, and the command that runs it.

Its venv lives in bench/_peer/ (git-ignored), since the shared folder may be read-only; pandoc itself comes
from Debian (tools/install-bench-packages.sh, which `make bench` runs first).
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from measure import ROOT

VENV = ROOT / "bench" / "_peer" / "venv"
PLACES = (ROOT.parent / "shared" / "peer-pandoc", ROOT.parent.parent / "shared" / "peer-pandoc")


def find(given: Path | None) -> Path:
    """The peer's folder: --peer, else $REPORT_PEER, else ../shared/peer-pandoc from the checkout (or its parent,
    for a worktree one level deeper)."""
    candidates = [given] if given else [Path(os.environ["REPORT_PEER"])] if "REPORT_PEER" in os.environ else PLACES
    for folder in candidates:
        if (folder / "run.sh").is_file():
            return folder.resolve()
    raise SystemExit(f"the pandoc peer is not in {', '.join(map(str, candidates))}; pass --peer DIR")


def set_up(folder: Path) -> None:
    """Run the peer's own setup script into bench/_peer/venv (idempotent: quick once it is there)."""
    if (VENV / "bin" / "weasyprint").exists():
        return
    VENV.parent.mkdir(parents=True, exist_ok=True)
    subprocess.run(["bash", str(folder / "setup.sh"), str(VENV)], check=True)


def command(folder: Path, out: Path) -> list[str]:
    """One end-to-end run of the peer into ``out``: charts, deck and PDF."""
    return ["bash", str(folder / "run.sh"), str(out), str(VENV)]
