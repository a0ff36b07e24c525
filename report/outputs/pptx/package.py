"""Write a finished deck to disk byte-for-byte repeatably: fixed document properties and fixed zip member times.

Saving runs the accessibility pass (access.py) over the finished deck, in the language set_properties
recorded, so every slide any builder made gets it.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path
from typing import Any

from report.content import Content
from report.errors import BuildError, OutputError
from report.outputs.pptx.access import make_accessible
from report.outputs.pptx.clean import ZipParts, clean_parts
from report.staging import open_output

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def stamp(content: Content) -> datetime:
    """The document properties' time: the briefing's date (content.moment), so a rebuild changes no bytes."""
    return content.moment.replace(tzinfo=None)  # python-pptx writes naive times as UTC


def set_properties(prs: Any, content: Content, title: str | None = None) -> None:
    """Title (the briefing's, unless a hub document names its own), author, subject, language from the settings."""
    settings, props, when = content.briefing.settings, prs.core_properties, stamp(content)
    props.language = settings.language
    props.title, props.subject, props.author = title or settings.title, settings.subtitle, settings.author
    props.last_modified_by, props.revision = settings.author, 1
    props.created = props.modified = props.last_printed = when
    props.comments = props.keywords = props.category = ""


def save(prs: Any, target: Path) -> None:
    """Save, check and clean every part, then rewrite the zip with fixed member times (same deck, same bytes).

    Every XML part is parsed before the deck is written, so a deck that neither python-pptx nor LibreOffice
    could reopen is never committed; clean.py guarantees it carries no macro, OLE object or non-web link.
    """
    make_accessible(prs, prs.core_properties.language or "en")
    raw = io.BytesIO()
    prs.save(raw)
    slides = len(prs.slides)
    with zipfile.ZipFile(raw) as src:
        parts = ZipParts(src)
        cleaned = clean_parts(parts, "the deck being written")
        if cleaned.dropped:  # the template was cleaned before python-pptx opened it: nothing should be left
            raise BuildError(f"the deck would have carried {'; '.join(cleaned.dropped)}; it was not written")
        try:
            with open_output(target) as handle, zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as dst:
                kept = set(cleaned.names)
                for name in [n for n in parts.names if n in kept]:
                    data = cleaned.data(name, parts)
                    if name == "docProps/app.xml":
                        data = re.sub(rb"<Slides>\d+</Slides>", b"<Slides>%d</Slides>" % slides, data)
                        data = re.sub(rb"<Notes>\d+</Notes>", b"<Notes>%d</Notes>" % slides, data)
                    member = zipfile.ZipInfo(name, date_time=ZIP_TIME)
                    member.compress_type, member.create_system = zipfile.ZIP_DEFLATED, 3
                    member.external_attr = 0o644 << 16
                    dst.writestr(member, data)
        except OSError as exc:
            raise OutputError(
                f"{target}: cannot write the deck ({exc.strerror}); check the folder exists, is writable "
                "and has free space"
            ) from exc
