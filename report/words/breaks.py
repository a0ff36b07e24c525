"""Where a line may break, one rule for the deck and the PDF: never inside a name.

A reader stumbles on "Shenzhen–Hong / Kong–Guangzhou" or "San / Jose": a cluster's or an economy's name is one
unit. Inside a name the spaces become no-break spaces; a name too long for its line breaks only after one of its
en dashes ("Shenzhen–Hong Kong– / Guangzhou"), which is where a renderer breaks a compound too. PowerPoint and
LibreOffice already break after an en dash; reportlab does not, so the PDF's narrow table cells get their breaks
from `wrap` here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

NBSP = "\u00a0"
DASH = "\u2013"

HYPHEN = "-"

_PIECE = re.compile(rf"[^ {DASH}]*(?:{DASH}+|$)")  # up to and including a run of en dashes, or to the end
_HYPHENED_PIECE = re.compile(rf"[^ {DASH}{HYPHEN}]*(?:[{DASH}{HYPHEN}]+|$)")  # ...or of dashes and hyphens


def bind(text: str, names: Iterable[str]) -> str:
    """The text with the spaces inside each of the names made no-break; the longest names first, so a name
    inside a longer one ("Hong Kong" in "Shenzhen–Hong Kong–Guangzhou") does not split the longer one."""
    for name in sorted({n for n in names if " " in n}, key=len, reverse=True):
        if name in text:
            text = text.replace(name, name.replace(" ", NBSP))
    return text


def pieces(word: str, hyphens: bool = False) -> list[str]:
    """A space-free word cut after each en dash that has text after it: the units a line may break between. With
    ``hyphens``, after each hyphen too, as PowerPoint and LibreOffice also break ("978-92-805- / 3321-7")."""
    parts = [p for p in (_HYPHENED_PIECE if hyphens else _PIECE).findall(word) if p]
    return parts or [word]


def units(text: str) -> list[str]:
    """Every unit of the text a line may end after: its words, and their pieces after en dashes."""
    return [piece for word in text.split(" ") for piece in pieces(word)]


def wrap(text: str, fits: Callable[[str], bool], whole: Iterable[str] = (), hyphens: bool = False) -> list[str]:
    """Greedy line breaking at spaces and after en dashes (and hyphens, with ``hyphens``); spaces inside bound
    names never break, nor do the dashes of a word that holds one of the ``whole`` (bound) names. A unit that fits
    no line is left whole on a line of its own, for the caller to deal with."""
    whole = tuple(whole)
    lines: list[str] = []
    for chunk in text.split("\n"):
        current = ""
        for w, word in enumerate(chunk.split(" ")):
            cut = [word] if any(name in word for name in whole) else pieces(word, hyphens)
            for p, piece in enumerate(cut):
                joint = " " if p == 0 and w > 0 else ""  # a space between words, nothing after a dash
                candidate = f"{current}{joint}{piece}" if current else piece
                if not current or fits(candidate):
                    current = candidate
                else:
                    lines.append(current)
                    current = piece
        lines.append(current)
    return lines
