"""The frozen inputs every story is told from: the validated data, its words, the theme and the date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from report.data import Briefing
from report.look.theme import Theme
from report.words.format import source_list
from report.words.narrative import Narrative


@dataclass(frozen=True)
class Content:
    """Data, words, theme and date; the story is built from this, and renderers read nothing else."""

    briefing: Briefing
    narrative: Narrative
    theme: Theme
    date: str
    changes: tuple[str, ...] = ()  # lines for a "Revisions" block; empty unless --changes-page

    @property
    def labels(self) -> dict[str, str]:
        return dict(self.narrative.labels)

    @property
    def moment(self) -> dt.datetime:
        """The briefing's date as midnight UTC, for the documents' creation and modification dates."""
        return dt.datetime.strptime(self.date, "%d %B %Y").replace(tzinfo=dt.UTC)

    def source_line(self, ids: tuple[str, ...]) -> str:
        """'Sources: WIPO (2023); Verdict (2023)', from the labels in the text templates."""
        unique = tuple(dict.fromkeys(ids))
        listed = source_list(self.briefing, unique)
        labels = self.narrative.labels
        prefix = labels["source_prefix"] if len(listed.split("; ")) == 1 else labels["sources_prefix"]
        return f"{prefix} {listed}"
