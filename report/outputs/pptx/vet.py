"""Check a deck template before any library opens it, and hand python-pptx only what a briefing needs.

python-pptx reads every zip entry into memory, so a 2 MB template holding a 2 GB entry of zeros would
take gigabytes. The zip's directory is checked against the limits in report/limits.py first (declared
sizes bound what is read: zipfile stops at the declared size and then fails its CRC check), then every
XML part is parsed without entities or DTDs and refused if it declares a DOCTYPE, then clean.py drops
macros, embedded objects, external links and unreferenced parts. The result is cached per file version.
"""

from __future__ import annotations

import contextlib
import functools
import io
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from report.errors import TemplateError
from report.limits import (
    MAX_TEMPLATE_FILE_BYTES,
    MAX_TEMPLATE_PART_BYTES,
    MAX_TEMPLATE_PARTS,
    MAX_TEMPLATE_RATIO,
    MAX_TEMPLATE_UNPACKED_BYTES,
    RATIO_CHECKED_FROM_BYTES,
)
from report.outputs.pptx.clean import ContentTypes, ZipParts, clean_parts, is_xml, parse

MB = 2**20


@dataclass(frozen=True)
class Vetted:
    """A template after the checks, as one zip held in memory, and what was dropped from it (for one warning)."""

    path: Path
    blob: bytes  # stored, not compressed: python-pptx reads it once, in memory
    dropped: tuple[str, ...]

    def package(self) -> io.BytesIO:
        return io.BytesIO(self.blob)  # shares the bytes, copies nothing

    @contextlib.contextmanager
    def parts(self) -> Iterator[ZipParts]:
        with zipfile.ZipFile(self.package()) as archive:
            yield ZipParts(archive)

    def warning(self) -> str | None:
        """One line naming what the deck leaves out, or None."""
        if not self.dropped:
            return None
        unique = list(dict.fromkeys(self.dropped))
        shown = "; ".join(unique[:6]) + (f"; and {len(unique) - 6} more" if len(unique) > 6 else "")
        return f"{self.path}: left out of the deck, as a briefing needs none of it: {shown}"


def vet_template(path: Path) -> Vetted:
    """The template checked and cleaned, or a TemplateError saying what is wrong with it."""
    try:
        stat = path.stat()
    except FileNotFoundError as exc:
        raise TemplateError(f"{path}: template not found; pass an existing .pptx to --template") from exc
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read the template ({exc.strerror})") from exc
    if stat.st_size > MAX_TEMPLATE_FILE_BYTES:
        limit = MAX_TEMPLATE_FILE_BYTES // MB
        raise TemplateError(f"{path}: is {stat.st_size / MB:.0f} MB, over the {limit} MB a template may be")
    return _vet(path, stat.st_mtime_ns, stat.st_size, stat.st_ino)


@functools.lru_cache(maxsize=2)
def _vet(path: Path, _mtime: int, _size: int, _inode: int) -> Vetted:
    where = str(path)
    try:
        with zipfile.ZipFile(path) as archive:
            check_directory(path, [info for info in archive.infolist() if not info.is_dir()])
            parts = ZipParts(archive)
            types = ContentTypes(parts, where)
            for name in parts:
                if is_xml(name, types.of(name)) or _looks_like_xml(archive, name):
                    parse(name, parts[name], where)
            cleaned = clean_parts(parts, where)
            blob = io.BytesIO()
            with zipfile.ZipFile(blob, "w", zipfile.ZIP_STORED) as out:
                for name in cleaned.names:
                    out.writestr(zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0)), cleaned.data(name, parts))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, RuntimeError) as exc:
        raise TemplateError(f"{path}: not a PowerPoint file ({exc}); save the template as .pptx and retry") from exc
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read the template ({exc.strerror or exc})") from exc
    return Vetted(path, blob.getvalue(), cleaned.dropped)


def _looks_like_xml(archive: zipfile.ZipFile, name: str) -> bool:
    """A part whose name and type do not say XML but whose bytes do (python-pptx may still parse it)."""
    with archive.open(name) as handle:
        head = handle.read(64)
    return head.lstrip()[:1] == b"<" or head[:2] in (b"\xff\xfe", b"\xfe\xff")


def check_directory(path: Path, entries: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip whose declared sizes, count or packing ratio no template needs."""
    if len(entries) > MAX_TEMPLATE_PARTS:
        raise TemplateError(
            f"{path}: has {len(entries):,} parts, more than the {MAX_TEMPLATE_PARTS:,} a template may have"
        )
    names = [info.filename for info in entries]
    if len(set(names)) != len(names):
        raise TemplateError(f"{path}: names a part twice; re-save the template in PowerPoint")
    for info in entries:
        if info.file_size > MAX_TEMPLATE_PART_BYTES:
            raise TemplateError(
                f"{path}: its part {info.filename} unpacks to {info.file_size / MB:,.0f} MB, more than the "
                f"{MAX_TEMPLATE_PART_BYTES // MB} MB one part may hold"
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size >= RATIO_CHECKED_FROM_BYTES and ratio > MAX_TEMPLATE_RATIO:
            raise TemplateError(
                f"{path}: its part {info.filename} is packed {ratio:,.0f} to 1, more than the "
                f"{MAX_TEMPLATE_RATIO} to 1 of any real content; it looks like a zip bomb"
            )
    total = sum(info.file_size for info in entries)
    if total > MAX_TEMPLATE_UNPACKED_BYTES:
        raise TemplateError(
            f"{path}: unpacks to {total / MB:,.0f} MB, more than the {MAX_TEMPLATE_UNPACKED_BYTES // MB} MB "
            "a template may hold; remove unused pictures or media"
        )
