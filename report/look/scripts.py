"""Which writing system each character belongs to, and the order a line of mixed scripts is drawn in.

Fonts are chosen per script, not per character: a space or a comma inside a Korean name is drawn by the
Korean font, and an Arabic name is shaped as one piece. So text is cut into runs of one script (common
characters such as spaces and digits join the run they sit in) and, for right-to-left scripts, into runs of
one direction, which are then put in visual order (the Unicode bidirectional algorithm, rule L2). The
briefing's own language is English, so every paragraph is left-to-right at its base.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

COMMON = "common"  # spaces, punctuation, symbols, ASCII digits: drawn by whichever font draws their neighbours
INHERITED = "inherited"  # combining marks and joiners: always drawn with the letter before them
CJK = "cjk"  # Han, kana, Hangul and their punctuation: one font family covers them all
# The first word of a character's Unicode name, for the names that do not say their script plainly.
_NAME_GROUPS = {
    "CJK": CJK,
    "HIRAGANA": CJK,
    "KATAKANA": CJK,
    "HANGUL": CJK,
    "BOPOMOFO": CJK,
    "IDEOGRAPHIC": CJK,
    "HALFWIDTH": CJK,
    "FULLWIDTH": CJK,
    "KANGXI": CJK,
    "NKO": "nko",
}
_DISPLAY = {"CJK": "Han", "IDEOGRAPHIC": "Han", "KANGXI": "Han", "HALFWIDTH": "Katakana", "FULLWIDTH": "Han"}
# Scripts PowerPoint draws with a run's complex-script (a:cs) typeface; CJK takes the East Asian (a:ea) one.
COMPLEX = frozenset(
    {
        "arabic",
        "hebrew",
        "syriac",
        "thaana",
        "nko",
        "devanagari",
        "bengali",
        "gurmukhi",
        "gujarati",
        "oriya",
        "tamil",
        "telugu",
        "kannada",
        "malayalam",
        "sinhala",
        "thai",
        "lao",
        "khmer",
        "myanmar",
        "tibetan",
    }
)
# Language tags for the scripts a briefing is likely to meet: PowerPoint's lang, fontconfig's lang.
LANGUAGES = {
    "arabic": "ar-SA",
    "hebrew": "he-IL",
    "devanagari": "hi-IN",
    "bengali": "bn-IN",
    "gurmukhi": "pa-IN",
    "gujarati": "gu-IN",
    "tamil": "ta-IN",
    "telugu": "te-IN",
    "kannada": "kn-IN",
    "malayalam": "ml-IN",
    "thai": "th-TH",
    "greek": "el-GR",
    "cyrillic": "ru-RU",
}
CJK_LANGUAGES = {"ja": "ja-JP", "ko": "ko-KR", "zh-Hans": "zh-CN", "zh-Hant": "zh-TW"}
# What an Office install draws each with when the theme names nothing (the fonts Office's own themes name).
OFFICE_FACES = {
    "ja": "Yu Gothic",
    "ko": "Malgun Gothic",
    "zh-Hans": "Microsoft YaHei",
    "zh-Hant": "Microsoft JhengHei",
    "arabic": "Arial",
    "hebrew": "Arial",
    "thai": "Leelawadee UI",
    "devanagari": "Nirmala UI",
    "bengali": "Nirmala UI",
    "gurmukhi": "Nirmala UI",
    "gujarati": "Nirmala UI",
    "oriya": "Nirmala UI",
    "tamil": "Nirmala UI",
    "telugu": "Nirmala UI",
    "kannada": "Nirmala UI",
    "malayalam": "Nirmala UI",
    "sinhala": "Nirmala UI",
}
# The Debian package with a free font for a script (Noto, as the users install it).
DEBIAN_PACKAGES = {CJK: "fonts-noto-cjk", "emoji": "fonts-noto-color-emoji"}
DEFAULT_PACKAGE = "fonts-noto-core"


@lru_cache(maxsize=8192)
def group(ch: str) -> str:
    """The font group a character is drawn with: 'latin', 'cjk', 'arabic'..., or COMMON or INHERITED."""
    code = ord(ch)
    if 0x1F000 <= code <= 0x1FAFF:
        return "emoji"
    category = unicodedata.category(ch)
    if category in ("Mn", "Me") or ch in "\u200c\u200d" or 0xFE00 <= code <= 0xFE0F:
        return INHERITED
    if 0x3000 <= code <= 0x303F or 0xFF00 <= code <= 0xFFEF or 0x3200 <= code <= 0x33FF:
        return CJK
    if category[0] not in "LMN" or (category == "Nd" and code < 0x80):
        return COMMON
    word = unicodedata.name(ch, "").split(" ")[0].split("-")[0]
    if not word:
        return COMMON
    return _NAME_GROUPS.get(word, word.lower())


@lru_cache(maxsize=8192)
def script_name(ch: str) -> str:
    """How a message names the script of a character: 'Hangul', 'Han', 'Arabic', 'Devanagari'."""
    kind = group(ch)
    if kind in ("emoji", COMMON):
        return "Emoji" if kind == "emoji" else "symbols"
    word = unicodedata.name(ch, "").split(" ")[0].split("-")[0]
    return _DISPLAY.get(word, word.title()) if word else f"U+{ord(ch):04X}"


def cjk_language(text: str) -> str:
    """A guess at the language of CJK text, for the deck's lang and East Asian font: kana means Japanese,
    Hangul Korean; Han alone is Simplified Chinese if GB2312 has every character, else Traditional if Big5
    has them, else Japanese if Shift JIS has them (kanji such as 東京大学 are in neither Chinese set)."""
    names = {unicodedata.name(ch, "").split(" ")[0] for ch in text}
    if names & {"HIRAGANA", "KATAKANA", "KATAKANA-HIRAGANA"}:
        return "ja"
    if "HANGUL" in names:
        return "ko"
    han = "".join(ch for ch in text if group(ch) == CJK)
    for encoding, language in (("gb2312", "zh-Hans"), ("big5", "zh-Hant"), ("shift_jis", "ja")):
        try:
            han.encode(encoding)
        except UnicodeEncodeError:
            continue
        return language
    return "zh-Hans"


def needs_bidi(text: str) -> bool:
    """Whether the text has a right-to-left character (cheap: Hebrew is the first RTL block)."""
    return any(ch >= "\u0590" and unicodedata.bidirectional(ch) in ("R", "AL") for ch in text)


def levels(text: str) -> list[int]:
    """Each character's embedding level in a left-to-right paragraph: even left-to-right, odd right-to-left."""
    if not needs_bidi(text):
        return [0] * len(text)
    from bidi import algorithm as uba

    storage = uba.get_empty_storage()
    storage["base_level"], storage["base_dir"] = 0, "L"
    uba.get_embedding_levels(text, storage)
    uba.explicit_embed_and_overrides(storage, False)
    uba.resolve_weak_types(storage, False)
    _resolve_brackets(storage["chars"])
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    found = [int(c["level"]) for c in storage["chars"]]
    return found if len(found) == len(text) else [0] * len(text)  # direction controls are refused as data


def _closing(ch: str) -> str | None:
    """The bracket that closes ``ch`` (Bidi_Paired_Bracket), for the opening brackets names use."""
    if ch in "([{":
        return {"(": ")", "[": "]", "{": "}"}[ch]
    if unicodedata.category(ch) == "Ps" and unicodedata.mirrored(ch):
        partner = chr(ord(ch) + 1)
        return partner if unicodedata.category(partner) == "Pe" else None
    return None


def _resolve_brackets(chars: list[dict[str, object]]) -> None:
    """Rule N0 (paired brackets), which python-bidi's Python algorithm leaves out: both brackets of a pair take
    the direction of the text inside them, or of the text before them when that text is the opposite one,
    so 'إيران (جمهورية)' stays one right-to-left run with its closing bracket. The paragraph is left-to-right
    with no embeddings (levels() refuses direction controls), so there is one isolating run at level 0."""
    stack: list[tuple[str, int]] = []
    pairs: list[tuple[int, int]] = []
    for i, item in enumerate(chars):
        ch = str(item["ch"])
        if item["type"] != "ON":
            continue
        closing = _closing(ch)
        if closing is not None:
            if len(stack) == 63:  # BD16: too deep to pair; stop looking
                break
            stack.append((closing, i))
            continue
        for depth in range(len(stack) - 1, -1, -1):
            if stack[depth][0] == ch or (ch == "\u232a" and stack[depth][0] == "\u3009"):
                pairs.append((stack[depth][1], i))
                del stack[depth:]
                break
    for opener, closer in sorted(pairs):

        def strong(index: int) -> str | None:
            kind = chars[index]["type"]
            return "L" if kind == "L" else "R" if kind in ("R", "AL", "EN", "AN") else None

        inside = {strong(k) for k in range(opener + 1, closer)} - {None}
        if "L" in inside or not inside:
            direction = "L" if inside else None
        else:
            before = next((d for k in range(opener - 1, -1, -1) if (d := strong(k))), "L")
            direction = "R" if before == "R" else "L"
        if direction:
            chars[opener]["type"] = chars[closer]["type"] = direction


@dataclass(frozen=True)
class Run:
    """A piece of text drawn with one font in one direction; ``start`` indexes the original text."""

    text: str
    start: int
    level: int
    font: object  # whatever the caller's chooser returned: a font, an index, None for the main font
    group: str

    @property
    def rtl(self) -> bool:
        return self.level % 2 == 1


def runs(text: str, choose: Callable[[str, str], object], joins: Callable[[object, str], bool]) -> list[Run]:
    """``text`` cut where the font or the direction changes, in logical order.

    ``choose(ch, group)`` names the font for a character; ``joins(font, ch)`` says whether a common
    character (a space, a digit) can stay in the current run's font instead. Marks always stay.
    """
    found: list[Run] = []
    direction = levels(text)
    start, current = 0, None
    for i, ch in enumerate(text):
        kind = group(ch)
        same_level = i > 0 and direction[i] == direction[i - 1]
        if same_level and (kind == INHERITED or (kind == COMMON and joins(current, ch))):
            continue
        font = choose(ch, kind)
        if i > 0 and same_level and font == current:
            continue
        if i > 0:
            found.append(_run(text, start, i, direction[start], current))
        start, current = i, font
    if text:
        found.append(_run(text, start, len(text), direction[start], current))
    return found


def _run(text: str, start: int, end: int, level: int, font: object) -> Run:
    piece = text[start:end]
    kind = next((g for g in map(group, piece) if g not in (COMMON, INHERITED)), COMMON)
    return Run(piece, start, level, font, kind)


def visual_order(pieces: Sequence[Run]) -> list[Run]:
    """The runs in the order they appear on the line, left to right (rule L2 on runs)."""
    order = list(pieces)
    if not any(p.rtl for p in order):
        return order
    highest = max(p.level for p in order)
    lowest_odd = min(p.level for p in order if p.rtl)
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if order[i].level >= level:
                j = i
                while j < len(order) and order[j].level >= level:
                    j += 1
                order[i:j] = reversed(order[i:j])
                i = j
            else:
                i += 1
    return order


def debian_package(kind: str) -> str:
    return DEBIAN_PACKAGES.get(kind, DEFAULT_PACKAGE)
