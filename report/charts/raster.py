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
import zlib
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import Any

from report.charts.outlines import ChartFonts
from report.charts.specs import ChartSpec
from report.errors import BuildError, OutputError
from report.limits import MAX_CHART_PIXELS, MAX_CHART_SIDE_PX
from report.look.faces import Face
from report.look.theme import Theme
from report.staging import new_temporary, open_output


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


def chart_fonts(theme: Theme) -> ChartFonts | None:
    """The faces for text in other scripts, or None when the theme's font draws every text (no chain)."""
    if not theme.fallbacks:
        return None
    return ChartFonts({k: Face(Path(p)) for k, p in theme.font_files.items()}, theme.fallbacks)  # a dict: pickled


def cache_key(spec: ChartSpec, renderer: str, fonts: str) -> str:
    return hashlib.sha256(f"{spec.digest}|{renderer}|{fonts}".encode()).hexdigest()[:32]


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of a PNG the cache holds; BuildError if it is not a whole, readable PNG."""
    try:
        size = checked_png(path.read_bytes())
    except OSError as exc:
        raise OutputError(f"{path}: cannot read the chart ({exc.strerror}); {CACHE_FIX}") from exc
    if size is None:
        raise BuildError(f"{path}: the chart is damaged; build again with --force")
    return size


CACHE_FIX = "check the disk has free space and nothing removes the folder during a build, then build again"
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def checked_png(png: bytes) -> tuple[int, int] | None:
    """(width, height) of a whole, 8-bit RGB PNG within the pixel budget, else None (truncated, damaged...).

    The PDF embeds cached PNGs without decoding them, so one cut short by a full disk must not be reused.
    """
    if not png.startswith(PNG_SIGNATURE):
        return None
    position, size, chunks = len(PNG_SIGNATURE), None, 0
    while position + 12 <= len(png):
        length, kind = struct.unpack(">I4s", png[position : position + 8])
        end = position + 12 + length
        if end > len(png):
            return None
        data = png[position + 8 : end - 4]
        if zlib.crc32(kind + data) != struct.unpack(">I", png[end - 4 : end])[0]:
            return None
        if chunks == 0:
            if kind != b"IHDR" or length != 13:
                return None
            width, height, depth, colour, _compression, _filter, interlace = struct.unpack(">IIBBBBB", data)
            if (depth, colour, interlace) != (8, 2, 0) or not within_budget(width, height):
                return None
            size = (width, height)
        chunks += 1
        position = end
        if kind == b"IEND":
            return size if position == len(png) else None
    return None


def within_budget(width: int, height: int) -> bool:
    return 0 < width <= MAX_CHART_SIDE_PX and 0 < height <= MAX_CHART_SIDE_PX and width * height <= MAX_CHART_PIXELS


def budget_scale(width: int, height: int, scale: float) -> float:
    """The scale at which an image of ``width`` × ``height`` pixels at ``scale`` fits the pixel budget."""
    side = MAX_CHART_SIDE_PX / max(width, height)
    shrink = min(1.0, side, (MAX_CHART_PIXELS / (width * height)) ** 0.5)
    return round(scale * shrink * 0.98, 3) if shrink < 1 else scale


_registered: set[str] = set()


def _render_one(
    key: str, spec_json: str, scale: float, font_dirs: tuple[str, ...], target: str, fonts: ChartFonts | None = None
) -> str:
    """Runs in a worker process (vl-convert is not thread-safe): render and write the PNG atomically.

    An image over the pixel budget (a very long label, say) is drawn again at the scale that fits it, so
    no chart is ever larger than MAX_CHART_PIXELS, and Pillow never sees a decompression bomb. With
    ``fonts`` (the font chain has fallbacks), text in other scripts is drawn as outlines (charts.outlines).
    """
    import vl_convert as vlc

    _register_fonts(vlc, font_dirs)
    png = _vega_png(vlc, key, spec_json, scale, fonts)
    width, height = struct.unpack(">II", png[16:24])
    if not within_budget(width, height):
        png = _vega_png(vlc, key, spec_json, budget_scale(width, height, scale), fonts)
        width, height = struct.unpack(">II", png[16:24])
        if not within_budget(width, height):
            raise BuildError(f"the chart {key!r} is {width} × {height} pixels, over the budget of {MAX_CHART_PIXELS:,}")
    _write_png(png, Path(target))
    return target


def _vega_png(vlc: Any, key: str, spec_json: str, scale: float, fonts: ChartFonts | None) -> bytes:
    try:
        if fonts is None:
            png: bytes = vlc.vegalite_to_png(spec_json, scale=scale, allowed_base_urls=[])  # charts inline data
        else:
            from report.charts.outlines import outline_text

            svg = outline_text(vlc.vegalite_to_svg(spec_json, allowed_base_urls=[]), fonts)
            png = vlc.svg_to_png(svg, scale=scale)
    except (ValueError, RuntimeError) as exc:
        raise BuildError(f"the chart {key!r} could not be rendered: {exc}") from None
    if not png.startswith(PNG_SIGNATURE) or len(png) < 24:
        raise BuildError(f"the chart {key!r} could not be rendered: vl-convert returned no PNG")
    return png


def _write_png(png: bytes, target: Path) -> None:
    """Opaque RGB (a quarter of the size, and the PDF embeds it as is), through a temporary file of our own."""
    from PIL import Image

    tmp = None
    try:
        tmp = new_temporary(target)
        with Image.open(io.BytesIO(png)) as image, open_output(tmp) as handle:
            image.convert("RGB").save(handle, format="PNG", compress_level=3)
        os.replace(tmp, target)
    except OSError as exc:
        raise OutputError(f"{target}: cannot write the chart ({exc.strerror or exc}); {CACHE_FIX}") from exc
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def _pool_context() -> BaseContext:
    """Fork is fastest, but a fork of a process whose vl-convert engine already runs deadlocks in the child;
    then start workers from a clean server process instead."""
    return multiprocessing.get_context("forkserver" if "vl_convert" in sys.modules else "fork")


WARM_UP_SPEC = '{"data":{"values":[{"a":1}]},"mark":"point","encoding":{"x":{"field":"a","type":"quantitative"}}}'


def _warm_up(font_dirs: tuple[str, ...]) -> None:
    """Worker start: load vl-convert, register the fonts and start its JavaScript engine once."""
    from report.processes import die_with_parent

    die_with_parent()
    import vl_convert as vlc

    _register_fonts(vlc, font_dirs)
    vlc.vegalite_to_svg(WARM_UP_SPEC)


def _register_fonts(vlc: Any, font_dirs: tuple[str, ...]) -> None:
    for directory in font_dirs:
        if directory not in _registered:
            vlc.register_font_directory(directory)
            _registered.add(directory)


def _ready() -> None:
    """A task that only makes the pool start its workers now."""


def start_pool(jobs: int, font_dirs: tuple[str, ...]) -> ProcessPoolExecutor:
    """``jobs`` chart workers, started now: each loads vl-convert and registers the fonts while the caller
    builds the specs."""
    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=_pool_context(), initializer=_warm_up, initargs=(font_dirs,)
    )
    for _ in range(jobs):
        pool.submit(_ready)
    return pool


class ChartRenderer:
    """Renders specs through the cache. With ``jobs`` > 1 its workers start (and warm up vl-convert) as soon
    as it is created, so they are ready by the time the main process has built the specs."""

    def __init__(
        self, theme: Theme, cache_dir: Path, jobs: int = 1, force: bool = False, pool: ProcessPoolExecutor | None = None
    ) -> None:
        """``pool``: workers started ahead of time for these fonts (`report watch` starts the next build's while it
        waits for a save); the renderer stops them when it closes, like its own."""
        self.cache_dir, self.force = cache_dir, force
        self.font_dirs = tuple(str(d) for d in theme.font_dirs)
        self.renderer = renderer_version()
        self.use_fonts(theme)
        self.pool = pool
        if pool is None and jobs > 1:
            self.pool = start_pool(jobs, self.font_dirs)

    def __enter__(self) -> ChartRenderer:
        return self

    def __exit__(self, exc_type: object, *_exc: object) -> None:
        self.close(wait=exc_type is None)  # a failed build does not wait for workers still warming up

    def close(self, wait: bool = True) -> None:
        """Stop the workers: the documents are written in forked processes, which a running pool forbids."""
        if self.pool is not None:
            self.pool.shutdown(wait=wait, cancel_futures=True)
            self.pool = None

    def use_fonts(self, theme: Theme) -> None:
        """Draw with the theme's font chain (resolved after the workers started): its fallbacks' outlines,
        and a cache key that changes with them."""
        self.chart_fonts: ChartFonts | None = chart_fonts(theme)
        self.fonts = fonts_digest(theme) + (self.chart_fonts.digest() if self.chart_fonts else "")

    def render(
        self, specs: Sequence[ChartSpec], on_rendered: Callable[[int, int], None] | None = None
    ) -> tuple[RenderedChart, ...]:
        """Render what the cache lacks (or holds damaged); reuse the rest."""
        try:
            self.cache_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise OutputError(f"{self.cache_dir}: cannot create the chart cache ({exc.strerror}); {CACHE_FIX}") from exc
        targets = [self.cache_dir / f"{cache_key(s, self.renderer, self.fonts)}.png" for s in specs]
        todo = [(s, t) for s, t in zip(specs, targets, strict=True) if self.force or not _reusable(t)]
        tick = on_rendered or (lambda _done, _total: None)
        if todo and self.pool is not None:
            results = self.pool.map(
                _render_one,
                [s.key for s, _ in todo],
                [s.spec_json for s, _ in todo],
                [s.scale for s, _ in todo],
                [self.font_dirs] * len(todo),
                [str(t) for _, t in todo],
                [self.chart_fonts] * len(todo),
            )
            for done, _ in enumerate(results, 1):
                tick(done, len(todo))
        else:
            for done, (spec, target) in enumerate(todo, 1):
                _render_one(spec.key, spec.spec_json, spec.scale, self.font_dirs, str(target), self.chart_fonts)
                tick(done, len(todo))
        rendered = {t for _, t in todo}
        result = []
        for spec, target in zip(specs, targets, strict=True):
            width, height = png_size(target)
            result.append(RenderedChart(spec, target, width, height, reused=target not in rendered))
        return tuple(result)


def _reusable(path: Path) -> bool:
    """A cached PNG is reused only if it is whole: one cut short by a full disk or a kill is drawn again."""
    try:
        return path.is_file() and checked_png(path.read_bytes()) is not None
    except OSError:
        return False


def render_charts(
    specs: Sequence[ChartSpec],
    cache_dir: Path,
    theme: Theme,
    jobs: int = 1,
    force: bool = False,
    on_rendered: Callable[[int, int], None] | None = None,
) -> tuple[RenderedChart, ...]:
    """Render ``specs`` once, in a process pool when ``jobs`` > 1 and there is more than one to draw."""
    with ChartRenderer(theme, cache_dir, jobs if len(specs) > 1 else 1, force) as renderer:
        return renderer.render(specs, on_rendered)
