"""Tell PowerPoint which font and language each run of another script needs: a:ea, a:cs and lang.

A deck cannot carry fonts. PowerPoint draws East Asian characters with a run's East Asian typeface (a:ea)
and Arabic, Hebrew, Indic and Thai ones with its complex-script typeface (a:cs); without them it falls
back to the template's theme, which often names none. So every run with such characters gets the face the
theme names for its script (``[fonts.cjk] office_family``), or the one Office itself uses for the language
(Yu Gothic, Microsoft YaHei, Malgun Gothic...), and its language, once the whole deck is written. A run
that mixes English with a name in another script is first cut where the language changes, as PowerPoint
does when one types it, so the English keeps the briefing's language and the name gets its own.
"""

from __future__ import annotations

import copy
import itertools
from typing import Any

from pptx.oxml.ns import qn

from report.look import scripts
from report.look.theme import Theme

# What may follow a:ea / a:cs in a:rPr (CT_TextCharacterProperties), so they go before it.
_AFTER_CS = ("a:sym", "a:hlinkClick", "a:hlinkMouseOver", "a:rtl", "a:extLst")
_AFTER_EA = ("a:cs", *_AFTER_CS)


def mark_scripts(prs: Any, theme: Theme) -> None:
    """Give every run holding CJK or complex-script text its typefaces and language, on slides and notes."""
    named = {f.key: f.office_family for f in theme.fallbacks if f.office_family}
    named |= {key: font.office_family for key, font in theme.script_fonts.items() if font.office_family}
    for slide in prs.slides:
        parts = [slide._element]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide._element)
        for part in parts:
            for run in list(part.iter(qn("a:r"))):
                text = run.findtext(qn("a:t")) or ""
                if text.isascii():
                    continue
                for piece, piece_text in split_run(run, text):
                    mark_run(piece, piece_text, named)


def language_of(text: str) -> str | None:
    """The lang tag for text in one script PowerPoint has a language for ('ko-KR', 'ar-SA'), else None."""
    groups = {g for g in map(scripts.group, text) if g not in (scripts.COMMON, scripts.INHERITED)}
    if len(groups) != 1:
        return None
    (kind,) = groups
    if kind == scripts.CJK:
        return scripts.CJK_LANGUAGES[scripts.cjk_language(text)]
    return scripts.LANGUAGES.get(kind) if kind in scripts.COMPLEX else None


def pieces(text: str) -> list[str]:
    """``text`` cut where its script changes between Latin-like text and CJK or a complex script; spaces and
    punctuation between two letters of one script stay with it (a space inside a Korean name), the rest goes
    with the surrounding text, and marks go with their letter."""
    kinds = [scripts.group(ch) for ch in text]
    own = [k if k == scripts.CJK or k in scripts.COMPLEX else None for k in kinds]
    letters = [i for i, k in enumerate(kinds) if k not in (scripts.COMMON, scripts.INHERITED)]
    if not letters:  # punctuation and symbols alone ('–', '·'): nothing to cut
        return [text] if text else []
    tags: list[str | None] = [None] * len(text)
    for i, j in zip(letters, [*letters[1:], len(text)], strict=True):
        tags[i] = own[i]
        following = own[j] if j < len(text) else None
        for k in range(i + 1, j):
            tags[k] = own[i] if kinds[k] == scripts.INHERITED or own[i] == following else None
    cut = [0] + [i for i in range(1, len(text)) if tags[i] != tags[i - 1]] + [len(text)]
    return [text[a:b] for a, b in itertools.pairwise(cut)]


def split_run(run: Any, text: str) -> list[tuple[Any, str]]:
    """Cut one a:r into runs of one language each, the same properties on each; (run, text) pairs."""
    parts = pieces(text)
    if len(parts) < 2:
        return [(run, text)]
    made = [(run, parts[0])]
    run.find(qn("a:t")).text = parts[0]
    previous = run
    for part in parts[1:]:
        twin = copy.deepcopy(run)
        twin.find(qn("a:t")).text = part
        previous.addnext(twin)
        made.append((twin, part))
        previous = twin
    return made


def mark_run(run: Any, text: str, named: dict[str, str]) -> None:
    """Set a:ea, a:cs and lang on one run's properties, as its characters ask."""
    groups = [g for g in dict.fromkeys(map(scripts.group, text)) if g == scripts.CJK or g in scripts.COMPLEX]
    if not groups:
        return
    props = run.get_or_add_rPr()
    languages = []
    if scripts.CJK in groups:
        language = scripts.cjk_language(text)
        _typeface(props, "a:ea", named.get(scripts.CJK) or scripts.OFFICE_FACES[language], _AFTER_EA)
        languages.append(scripts.CJK_LANGUAGES[language])
    complex_groups = [g for g in groups if g in scripts.COMPLEX]
    if complex_groups:
        first = complex_groups[0]
        face = named.get(first) or scripts.OFFICE_FACES.get(first)
        if face:
            _typeface(props, "a:cs", face, _AFTER_CS)
        if first in scripts.LANGUAGES:
            languages.append(scripts.LANGUAGES[first])
    if languages:
        props.set("lang", languages[0])
        props.set("altLang", "en-US")


def _typeface(props: Any, tag: str, face: str, after: tuple[str, ...]) -> None:
    element = props.find(qn(tag))
    if element is None:
        element = props.makeelement(qn(tag), {})
        following = next((c for c in props if c.tag in {qn(t) for t in after}), None)
        if following is not None:
            following.addprevious(element)
        else:
            props.append(element)
    element.set("typeface", face)
