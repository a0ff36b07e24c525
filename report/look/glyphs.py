"""Fonts never fall back silently: find text the theme's font cannot draw, and say so by name."""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path

from report.data import Briefing


@lru_cache(maxsize=8)
def _cmap(font: Path) -> frozenset[int]:
    from fontTools.ttLib import TTFont

    with TTFont(str(font), lazy=True) as loaded:
        return frozenset(loaded.getBestCmap())


def data_texts(briefing: Briefing) -> Iterable[str]:
    """Every string from the data that a renderer will draw."""
    settings = briefing.settings
    yield from (settings.title, settings.subtitle, settings.edition, settings.organisation, settings.author)
    for cluster in briefing.clusters:
        yield from (t for t in (cluster.name, cluster.top_applicant, cluster.top_sci_org) if t)
    for economy in briefing.economies:
        yield from (economy.name, economy.region)
    for entry in briefing.intensity:
        yield entry.cluster
    for fact in briefing.facts:
        yield from (t for t in (fact.subject, fact.metric, fact.unit, fact.note) if t)
    for source in briefing.sources:
        yield from (t for t in (source.title, source.publisher, source.note) if t)


def missing_glyph_warnings(texts: Iterable[str], font: Path, family: str) -> tuple[str, ...]:
    """One warning per distinct text with characters ``font`` lacks, naming the text, the characters and the font."""
    covered = _cmap(font)
    warnings: list[str] = []
    seen: set[str] = set()
    for text in texts:
        if text in seen:
            continue
        seen.add(text)
        missing = sorted({ch for ch in text if not ch.isspace() and ord(ch) not in covered})
        if missing:
            codes = " ".join(f"U+{ord(ch):04X}" for ch in missing)
            warnings.append(
                f"{text!r} has characters the font {family} ({font.name}) lacks: {''.join(missing)} "
                f"({codes}); they would print as empty boxes. Add a font that has them with "
                "[fonts] directory and regular/bold/italic in a theme file (--theme)"
            )
    return tuple(warnings)
