"""Render chart specs to PNG with vl-convert, through a content-addressed cache in out/.

A PNG's file name is the hash of everything that decides its pixels (spec, scale, renderer version, fonts),
so an unchanged chart is never rendered twice, and a changed one can never be served stale.
"""

from __future__ import annotations

import hashlib
import io
import multiprocessing
import os
import struct
import sys
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path

from report.charts import ChartSpec
from report.errors import BuildError
from report.theme import Theme


@dataclass(frozen=True)
class RenderedChart:
    spec: ChartSpec
    png: Path
    width_px: int
    height_px: int
    reused: bool


def renderer_version() -> str:
    from importlib.metadata import version

    return f"vl-convert-python {version('vl-convert-python')}; pillow {version('pillow')}; rgb"


def fonts_digest(theme: Theme) -> str:
    digest = hashlib.sha256()
    for directory in theme.font_dirs:
        for path in sorted(directory.glob("*.[tTo][tT][fF]")):
            digest.update(path.name.encode())
            digest.update(str(path.stat().st_size).encode())
    return digest.hexdigest()[:16]


def cache_key(spec: ChartSpec, renderer: str, fonts: str) -> str:
    return hashlib.sha256(f"{spec.digest}|{renderer}|{fonts}".encode()).hexdigest()[:32]


def png_size(path: Path) -> tuple[int, int]:
    with path.open("rb") as handle:
        header = handle.read(24)
    width, height = struct.unpack(">II", header[16:24])
    return width, height


_registered: set[str] = set()


def _render_one(spec_json: str, scale: float, font_dirs: tuple[str, ...], target: str) -> str:
    """Runs in a worker process (vl-convert is not thread-safe): render and write the PNG atomically."""
    import vl_convert as vlc
    from PIL import Image

    for directory in font_dirs:
        if directory not in _registered:
            vlc.register_font_directory(directory)
            _registered.add(directory)
    png = vlc.vegalite_to_png(spec_json, scale=scale, allowed_base_urls=[])  # charts inline their data
    tmp = f"{target}.{os.getpid()}.tmp"
    with Image.open(io.BytesIO(png)) as image:  # opaque RGB: a quarter of the size, and the PDF embeds it as is
        image.convert("RGB").save(tmp, format="PNG", compress_level=7)
    os.replace(tmp, target)
    return target


def _pool_context() -> BaseContext:
    """Fork is fastest, but a fork of a process whose vl-convert engine already runs deadlocks in the child;
    then start workers from a clean server process instead."""
    return multiprocessing.get_context("forkserver" if "vl_convert" in sys.modules else "fork")


def render_charts(specs: Sequence[ChartSpec], cache_dir: Path, theme: Theme, jobs: int = 1,
                  force: bool = False, on_rendered: Callable[[int, int], None] | None = None
                  ) -> tuple[RenderedChart, ...]:
    """Render what the cache lacks, in a process pool when ``jobs`` > 1; reuse the rest."""
    cache_dir.mkdir(parents=True, exist_ok=True)
    renderer, fonts = renderer_version(), fonts_digest(theme)
    targets = [cache_dir / f"{cache_key(s, renderer, fonts)}.png" for s in specs]
    todo = [(s, t) for s, t in zip(specs, targets, strict=True) if force or not t.is_file()]
    font_dirs = tuple(str(d) for d in theme.font_dirs)
    tick = on_rendered or (lambda _done, _total: None)
    try:
        if len(todo) > 1 and jobs > 1:
            with ProcessPoolExecutor(max_workers=min(jobs, len(todo)), mp_context=_pool_context()) as pool:
                for done, _ in enumerate(pool.map(_render_one, [s.spec_json for s, _ in todo],
                                                  [s.scale for s, _ in todo], [font_dirs] * len(todo),
                                                  [str(t) for _, t in todo]), 1):
                    tick(done, len(todo))
        else:
            for done, (spec, target) in enumerate(todo, 1):
                _render_one(spec.spec_json, spec.scale, font_dirs, str(target))
                tick(done, len(todo))
    except (ValueError, RuntimeError) as exc:
        raise BuildError(f"a chart could not be rendered ({exc}); run with --jobs 1 to see which") from exc
    rendered = set(t for _, t in todo)
    result = []
    for spec, target in zip(specs, targets, strict=True):
        width, height = png_size(target)
        result.append(RenderedChart(spec, target, width, height, reused=target not in rendered))
    return tuple(result)
