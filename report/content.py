"""The one frozen object the deck and the PDF are built from: data, words, theme and rendered charts."""

from __future__ import annotations

from dataclasses import dataclass

from report.data import Briefing
from report.errors import BuildError
from report.render import RenderedChart
from report.text import Narrative
from report.theme import Theme


@dataclass(frozen=True)
class Content:
    """Everything a renderer needs; renderers read this and nothing in data/ or templates/."""

    briefing: Briefing
    narrative: Narrative
    theme: Theme
    charts: tuple[RenderedChart, ...]
    date: str
    changes: tuple[str, ...] = ()  # lines for a "Revisions" page; empty unless --changes-page

    def chart(self, key: str) -> RenderedChart:
        for chart in self.charts:
            if chart.spec.key == key:
                return chart
        raise KeyError(f"no chart {key!r}; charts are {', '.join(c.spec.key for c in self.charts)}")

    def hub_index(self, hub: str) -> int:
        """Where the hub named ``hub`` is in briefing.hubs, and so in narrative.hubs and narrative.hub_documents."""
        names = [h.name for h in self.briefing.hubs]
        if hub not in names:
            raise BuildError(f"{hub!r} is not one of the top {len(names)} hubs; choose one of: {'; '.join(names)}")
        return names.index(hub)

    def methodology_sources(self) -> tuple[str, ...]:
        """What the methodology cites: the source of the PCT window, when the settings state one."""
        settings = self.briefing.settings
        return settings.pct_window_sources if settings.pct_window else ()

    def hub_charts(self, hub: str) -> tuple[RenderedChart, ...]:
        return tuple(c for c in self.charts if c.spec.hub == hub)

    def source_line(self, ids: tuple[str, ...]) -> str:
        """'Sources: WIPO (2023); Verdict (2023)', from the labels in the text templates."""
        from report.text import source_list

        labels = self.narrative.labels
        unique = tuple(dict.fromkeys(ids))
        prefix = labels["source_prefix"] if len(source_list(self.briefing, unique).split("; ")) == 1 \
            else labels["sources_prefix"]
        return f"{prefix} {source_list(self.briefing, unique)}"
