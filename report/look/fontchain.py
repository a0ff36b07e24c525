"""The font chain: for every character of the data the theme's font cannot draw, the font that will.

It is resolved once per build, before any chart is rendered. The theme's own font stays first; then, per
script group ('cjk', 'arabic'...), the font the theme names for it (``[fonts.cjk]``), then any font in the
theme's font folders, then the fonts installed on the system, as fontconfig sorts them. What fontconfig was
asked is recorded in the manifest and asked again by the next build, so a newly installed font rebuilds.

A character no font has stops the build before rendering, one message per script naming the text, its
file, row and column, and the fix; ``--allow-missing-glyphs`` turns those into warnings.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from report.errors import DataError, Problem
from report.look import scripts
from report.look.faces import Face, Fallback
from report.look.theme import Theme

if TYPE_CHECKING:
    from report.data import DataText

# Characters a fallback also draws when they sit inside its runs (a space in a Korean name, a comma).
JOINERS = frozenset([*range(0x20, 0x7F), 0xA0, *range(0x2000, 0x2070), *range(0x3000, 0x3040), *range(0xFF00, 0xFF66)])
FC_FORMAT = "%{file}\t%{index}\t%{family[0]}\t%{weight}\t%{slant}\n"
REGULAR_WEIGHTS = range(50, 101)  # fontconfig: book 75, regular 80, medium 100
BOLD_WEIGHT = 200
SHOWN_TEXTS = 3


@dataclass(frozen=True)
class Missing:
    """Characters of one script no font has, and the texts that hold them (first one first)."""

    script: str
    key: str
    chars: str
    texts: tuple[DataText, ...]


@dataclass(frozen=True)
class FontChain:
    fallbacks: tuple[Fallback, ...]
    missing: tuple[Missing, ...]
    queries: tuple[tuple[str, str], ...]  # (group, characters) fontconfig was asked about
    system: str  # the installed fonts when it was asked (system_state), '' if it was not asked

    @property
    def digest(self) -> str:
        return self.system

    def record(self) -> dict[str, Any]:
        """What the manifest keeps: the questions, the answers' digest, and the chain for people to read."""
        return {
            "queries": [list(q) for q in self.queries],
            "system": self.system,
            "chain": [
                {
                    "group": f.key,
                    "family": f.family,
                    "file": str(f.regular.path),
                    "index": f.regular.index,
                    "from": f.origin,
                }
                for f in self.fallbacks
            ],
        }

    def problems(self) -> list[Problem]:
        return [_problem(m) for m in self.missing]

    def warnings(self) -> tuple[str, ...]:
        return tuple(str(p) for p in self.problems())


def resolve_chain(theme: Theme, texts: Iterable[DataText], *, allow_missing: bool = False) -> FontChain:
    """The fallbacks this data needs; a DataError naming each script no font has, unless ``allow_missing``."""
    primary = coverage(Face(theme.font_files["regular"]))
    needed: dict[str, dict[str, list[DataText]]] = {}  # group -> character -> the texts that hold it
    for item in texts:
        if all(ord(ch) in primary for ch in item.text):
            continue
        for ch, key in zip(item.text, _contexts(item.text), strict=True):
            if ord(ch) not in primary and not ch.isspace():
                needed.setdefault(key, {}).setdefault(ch, []).append(item)
    fallbacks: list[Fallback] = []
    missing: list[Missing] = []
    queries: list[tuple[str, str]] = []
    for key in sorted(needed):
        left = "".join(needed[key])
        for candidate in _theme_fonts(theme, key):
            left = _take(candidate, key, left, fallbacks, "theme")
        if left:
            queries.append((key, left))
            for candidate in system_fonts(key, left):
                left = _take(candidate, key, left, fallbacks, "system")
        for script, chars in _by_script(left).items():
            holders = {id(t): t for ch in chars for t in needed[key][ch]}
            missing.append(Missing(script, key, chars, tuple(holders.values())))
    chain = FontChain(tuple(fallbacks), tuple(missing), tuple(queries), system_state() if queries else "")
    if missing and not allow_missing:
        raise DataError(chain.problems())
    return chain


def recheck(record: Mapping[str, Any] | None) -> str:
    """What the previous build's chain digest would be now: '' if it asked fontconfig nothing (its data needed
    no font beyond the theme's), else the installed fonts as they are now, so any font installed, removed or
    upgraded since rebuilds."""
    if not isinstance(record, Mapping) or not record.get("queries"):
        return ""
    return system_state()


def system_state() -> str:
    """A digest of every outline font fontconfig lists, with each file's size and modification time."""
    files = sorted({row[0] for row in _fc("fc-list", "-f", FC_FORMAT, ":outline=true")})
    return hashlib.sha256("\n".join(Face(Path(f)).stamp() for f in files).encode()).hexdigest()[:16]


def with_fallbacks(theme: Theme, chain: FontChain) -> Theme:
    """The theme completed for this data: its fallbacks, and the characters it may print as boxes."""
    accepted = frozenset(ord(ch) for m in chain.missing for ch in m.chars)
    return replace(theme, fallbacks=chain.fallbacks, missing_ok=accepted)


def _take(
    candidate: tuple[Face, Face, str, str | None], key: str, left: str, fallbacks: list[Fallback], origin: str
) -> str:
    """Add ``candidate`` to the chain if it draws any of ``left``; return what is still left."""
    regular, bold, family, office = candidate
    drawn = drawable(regular, {ord(ch) for ch in left})
    if not drawn:
        return left
    chars = frozenset(drawn | drawable(regular, JOINERS))
    fallbacks.append(Fallback(key, family, regular, bold, chars, origin, office))
    return "".join(ch for ch in left if ord(ch) not in drawn)


def _theme_fonts(theme: Theme, key: str) -> list[tuple[Face, Face, str, str | None]]:
    """The font the theme names for the group, then every other font in its font folders."""
    found = []
    named = theme.script_fonts.get(key)
    if named is not None:
        found.append((named.regular, named.bold or named.regular, family_name(named.regular), named.office_family))
    own = {Path(p).resolve() for p in theme.font_files.values()}
    for directory in theme.font_dirs:
        for path in sorted(directory.iterdir()) if directory.is_dir() else ():
            if path.suffix.lower() in (".ttf", ".otf", ".ttc") and path.resolve() not in own:
                face = Face(path)
                if named is None or face != named.regular:
                    found.append((face, _bold_beside(face), family_name(face), None))
    return found


def _bold_beside(face: Face) -> Face:
    """The bold face of the same family in the same folder, else the face itself."""
    family = family_name(face)
    for path in sorted(face.path.parent.iterdir()):
        other = Face(path)
        if path == face.path or path.suffix.lower() not in (".ttf", ".otf", ".ttc"):
            continue
        if family_name(other) == family and "bold" in _style_name(other).lower():
            return other
    return face


def system_fonts(key: str, chars: str) -> list[tuple[Face, Face, str, str | None]]:
    """Installed fonts for ``chars``, best first: fontconfig's order for a sans-serif face in the script's
    language, fonts named for the script first (Noto Sans Arabic before DejaVu Sans), then the rest for
    characters the first lacks. Regular faces only; each with its family's bold face when there is one."""
    if shutil.which("fc-list") is None or not chars:
        return []
    charset = " ".join(f"{ord(ch):x}" for ch in sorted(set(chars)))
    language = _fc_language(key, chars)
    covering = {(f, i) for f, i, *_ in _fc("fc-list", "-f", FC_FORMAT, f":outline=true:charset={charset}")}
    ranked = [
        row
        for row in _fc("fc-match", "-s", "-f", FC_FORMAT, f"sans-serif:outline=true{language}:charset={charset}")
        if int(row[3] or 0) in REGULAR_WEIGHTS and row[4] in ("0", "")
    ]
    word = "cjk" if key == scripts.CJK else key
    ranked.sort(key=lambda r: ((r[0], r[1]) not in covering, word not in r[2].lower(), _plainness(r[2].lower())))
    found: list[tuple[Face, Face, str, str | None]] = []
    left = {ord(ch) for ch in chars}
    for path, index, family, _weight, _slant in ranked:
        regular = Face(Path(path), int(index or 0))
        drawn = drawable(regular, left)
        if not drawn:
            continue
        found.append((regular, _fc_bold(family) or regular, family, None))
        left -= drawn
        if not left:
            break
    return found


def _plainness(family: str) -> int:
    """Plain sans faces before monospaced, serif and calligraphic ones (Noto Sans Arabic before Noto Kufi)."""
    return ("sans" not in family) + 2 * ("mono" in family) + ("serif" in family)


def _fc_bold(family: str) -> Face | None:
    for path, index, name, weight, slant in _fc("fc-list", "-f", FC_FORMAT, f"{_fc_escape(family)}:outline=true"):
        if name == family and int(weight or 0) == BOLD_WEIGHT and slant in ("0", ""):
            return Face(Path(path), int(index or 0))
    return None


def _fc_language(key: str, chars: str) -> str:
    if key == scripts.CJK:
        return f":lang={scripts.cjk_language(chars).split('-')[0].lower()}"
    tag = scripts.LANGUAGES.get(key)
    return f":lang={tag.split('-')[0]}" if tag else ""


def _fc_escape(family: str) -> str:
    return "".join(f"\\{ch}" if ch in "\\-:," else ch for ch in family)


def _fc(*command: str) -> list[list[str]]:
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [line.split("\t") for line in done.stdout.splitlines() if line.count("\t") == 4]


@lru_cache(maxsize=64)
def _hb_font(path: Path, index: int, stamp: str) -> Any:
    import uharfbuzz as hb

    return hb.Font(hb.Face(hb.Blob.from_file_path(str(path)), index))


def drawable(face: Face, codes: Iterable[int]) -> set[int]:
    """Which of ``codes`` the face has a glyph for (looked up one by one: a CJK font's whole map is slow to read)."""
    try:
        font = _hb_font(face.path, face.index, face.stamp())
    except Exception:  # uharfbuzz raises plain Exceptions for unreadable files
        return set()
    return {code for code in codes if font.get_nominal_glyph(code)}


@lru_cache(maxsize=64)
def _coverage(path: Path, index: int, stamp: str) -> frozenset[int]:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(str(path), fontNumber=index, lazy=True) as font:
            return frozenset(font.getBestCmap() or ())
    except (TTLibError, OSError, KeyError, AssertionError):
        return frozenset()


def coverage(face: Face) -> frozenset[int]:
    """Every character the face maps to a glyph (cached per file version)."""
    return _coverage(face.path, face.index, face.stamp())


@lru_cache(maxsize=64)
def _names(path: Path, index: int) -> tuple[str, str]:
    from fontTools.ttLib import TTFont, TTLibError

    try:
        with TTFont(str(path), fontNumber=index, lazy=True) as font:
            names = font["name"]
            family = names.getDebugName(16) or names.getDebugName(1) or path.stem
            return str(family), str(names.getDebugName(17) or names.getDebugName(2) or "")
    except (TTLibError, OSError, KeyError, AssertionError):
        return path.stem, ""


def family_name(face: Face) -> str:
    return _names(face.path, face.index)[0]


def _style_name(face: Face) -> str:
    return _names(face.path, face.index)[1]


def _contexts(text: str) -> list[str]:
    """Each character's group, with spaces, punctuation and marks taking the group of the letters around them."""
    kinds = [scripts.group(ch) for ch in text]
    real = [k for k in kinds if k not in (scripts.COMMON, scripts.INHERITED)]
    current = real[0] if real else scripts.COMMON
    out = []
    for kind in kinds:
        if kind not in (scripts.COMMON, scripts.INHERITED):
            current = kind
        out.append(current)
    return out


def _by_script(chars: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for ch in chars:
        name = scripts.script_name(ch)
        found[name] = found.get(name, "") + ch
    return found


def _problem(missing: Missing) -> Problem:
    """'clusters.csv, row 4, column top_applicant: 삼성전자 is in Hangul, which no font here can draw...'"""
    first = missing.texts[0]
    shown = ", ".join(f"{ch} (U+{ord(ch):04X})" for ch in missing.chars[:6]) + ("…" if len(missing.chars) > 6 else "")
    more = len(missing.texts) - 1
    others = f" (and {more} more text{'s' if more != 1 else ''} in {missing.script})" if more else ""
    package = scripts.debian_package(missing.key)
    return first.problem(
        f"{first.text!r} is in {missing.script}{others}, and no font the theme names and none installed "
        f"here can draw {shown}; install a font for it (on Debian or Ubuntu: sudo apt install {package}) or "
        f"put one in a folder a theme names ([fonts] directory, or [fonts.{missing.key}] regular = ...), "
        "then build again; --allow-missing-glyphs builds anyway, with those characters as empty boxes"
    )
