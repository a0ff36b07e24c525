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
from report.errors import BuildError
from report.outputs.pptx.access import make_accessible

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
    """Make the deck accessible, save, then rewrite the zip with fixed member times, so the same deck is the same
    bytes."""
    make_accessible(prs, prs.core_properties.language or "en")
    raw, out = io.BytesIO(), io.BytesIO()
    prs.save(raw)
    slides = len(prs.slides)
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "docProps/app.xml":
                data = re.sub(rb"<Slides>\d+</Slides>", b"<Slides>%d</Slides>" % slides, data)
                data = re.sub(rb"<Notes>\d+</Notes>", b"<Notes>%d</Notes>" % slides, data)
            member = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            member.compress_type, member.create_system, member.external_attr = zipfile.ZIP_DEFLATED, 3, 0o644 << 16
            dst.writestr(member, data)
    try:
        target.write_bytes(out.getvalue())
    except OSError as exc:
        raise BuildError(
            f"{target}: cannot write the deck ({exc.strerror}); check the folder exists and is writable"
        ) from exc
