"""Fuzzing the loader: whatever is in the data folder, `load_briefing` returns a Briefing or raises DataError.

Each example rewrites one file of a shared copy of data/ and puts it back afterwards, so the tests stay fast
(bounded example counts; CI runs them on every push).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from report.data import Briefing, load_briefing
from report.errors import DataError
from tests.conftest import DATA

FUZZ = settings(max_examples=60, deadline=None)
DATA_FILES = ("clusters.csv", "economies.csv", "intensity.csv", "facts.csv", "sources.csv", "briefing.toml")
MARK = "\x1fFUZZ\x1f"  # stands in for the fuzzed cell while the row is written as CSV


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("fuzz") / "data"
    shutil.copytree(DATA, target)
    return target


@contextmanager
def swapped(data: Path, name: str, content: bytes) -> Iterator[Path]:
    """``data`` with ``name`` replaced by ``content`` inside the block, and restored after it."""
    (data / name).write_bytes(content)
    try:
        yield data
    finally:
        shutil.copyfile(DATA / name, data / name)


def load_or_data_error(data: Path) -> Briefing | DataError:
    """The only two outcomes allowed; anything else propagates and fails the test."""
    try:
        return load_briefing(data)
    except DataError as exc:
        assert exc.problems, "a DataError must say what is wrong"
        for problem in exc.problems:
            line = str(problem)
            assert len(line.splitlines()) == 1, f"a problem must print as one line: {line!r}"
            assert problem.file.startswith(str(data)) or problem.file == "--top"
        return exc


def _rows(name: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO((DATA / name).read_text(encoding="utf-8"), newline="")))


def _csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue()


def with_cell(name: str, row: int, column: int, value: str | bytes, quoted: bool) -> bytes:
    """The file with one cell replaced: quoted as a careful exporter would, or pasted raw into the line."""
    rows = _rows(name)
    row %= len(rows)  # row 0 is the header: fuzzing a column name is fair game too
    column %= len(rows[row])
    if quoted and isinstance(value, str):
        rows[row][column] = value
        return _csv(rows).encode("utf-8")
    rows[row][column] = MARK
    raw = value if isinstance(value, bytes) else value.encode("utf-8")
    return _csv(rows).encode("utf-8").replace(MARK.encode(), raw)


NASTY = st.sampled_from(
    [
        "",
        " ",
        '"',
        '""',
        '"x',
        'x"y',
        ",",
        ",,",
        "\n",
        "\r\n",
        "\r",
        "\x00",
        "\ufeff",
        "\u202e",
        "\u2028",
        "-0",
        "1e3",
        "NaN",
        "Infinity",
        "1,234",
        "1.234.567",
        "99999999999999999999",
        "\t",
        ";",
        "𝟙",
        "٣",
        "x" * 600,
        "=cmd|' /C calc'!A0",
        "../../etc/passwd",
        "{{ 7*7 }}",
        "<b>",
        "gii2023-table3;",
        "CN/",
        "TW**",
    ]
)
CELL_TEXT = st.one_of(NASTY, st.text(max_size=60), st.text(alphabet=st.characters(codec="utf-8"), max_size=20))
CELL_BYTES = st.one_of(
    st.binary(max_size=40),
    st.sampled_from([b"\xff", b"\xfe\xff", b"\xe9", b"\xc3", b"\xed\xa0\x80", b"\xef\xbb\xbf", b"\x00\x00"]),
)


@FUZZ
@given(
    name=st.sampled_from(["clusters.csv", "facts.csv"]),
    row=st.integers(min_value=0, max_value=40),
    column=st.integers(min_value=0, max_value=13),
    value=st.one_of(CELL_TEXT, CELL_BYTES),
    quoted=st.booleans(),
)
@example(name="clusters.csv", row=3, column=1, value='"Seoul', quoted=False)
@example(name="facts.csv", row=1, column=3, value=b"4\xff476", quoted=False)
@example(name="clusters.csv", row=0, column=0, value="rank;cluster", quoted=False)
def test_any_cell_gives_a_briefing_or_a_data_error(
    shared: Path, name: str, row: int, column: int, value: str | bytes, quoted: bool
) -> None:
    with swapped(shared, name, with_cell(name, row, column, value, quoted)):
        load_or_data_error(shared)


@FUZZ
@given(
    name=st.sampled_from(DATA_FILES),
    content=st.one_of(
        st.binary(max_size=400),
        st.text(max_size=400).map(lambda t: t.encode("utf-8")),
        st.text(alphabet=',;"\n\r\t 0123456789abc.-=[]', max_size=300).map(lambda t: t.encode("utf-8")),
    ),
)
@example(name="clusters.csv", content=b"")
@example(name="briefing.toml", content=b"\xff\xfe" + "title = 1".encode("utf-16-le"))
@example(name="briefing.toml", content=b"[method]\npct_window_source = 5\nmethod = 1")
def test_random_bytes_as_a_whole_file_give_a_data_error(shared: Path, name: str, content: bytes) -> None:
    with swapped(shared, name, content):
        outcome = load_or_data_error(shared)
    assert isinstance(outcome, DataError)


@FUZZ
@given(
    name=st.sampled_from(DATA_FILES),
    edits=st.lists(
        st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=3), st.binary(max_size=3)),
        min_size=1,
        max_size=4,
    ),
)
def test_damaged_real_files_give_a_briefing_or_a_data_error(
    shared: Path, name: str, edits: list[tuple[int, int, bytes]]
) -> None:
    """Bytes inserted into, or cut out of, the real file: the damage a bad merge or a bad save does."""
    raw = bytearray((DATA / name).read_bytes())
    for position, cut, insert in edits:
        at = position % (len(raw) + 1)
        raw[at : at + cut] = insert
    with swapped(shared, name, bytes(raw)):
        load_or_data_error(shared)


VERBATIM = [
    "& < > \" '",
    "<b>bold</b>",
    "<font color='red'>x</font>",
    "{{ 7*7 }}",
    "{% for x in y %}{% endfor %}",
    "=cmd|' /C calc'!A0",
    "+1",
    "@x",
    "-1+1",
    "${HOME}",
    "%s %(x)s {0}",
    "\\n not a newline",
    "Zürich – Genève",
    "北京",
    "🙂 emoji",
    "a\u200db",
]


@pytest.mark.parametrize("text", VERBATIM)
@pytest.mark.parametrize(
    ("name", "row", "column", "read"),
    [
        ("clusters.csv", 11, 1, lambda b: b.clusters[10].name),
        ("clusters.csv", 1, 9, lambda b: b.clusters[0].top_applicant),
        ("facts.csv", 1, 1, lambda b: b.facts[0].subject),
        ("facts.csv", 1, 8, lambda b: b.facts[0].note),
        ("sources.csv", 1, 1, lambda b: b.sources[0].title),
    ],
)
def test_text_is_kept_verbatim(
    shared: Path, text: str, name: str, row: int, column: int, read: Callable[[Briefing], object]
) -> None:
    with swapped(shared, name, with_cell(name, row, column, text, quoted=True)):
        briefing = load_briefing(shared)
    assert read(briefing) == text


PRINTABLE = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp")),
    min_size=1,
    max_size=120,
).filter(lambda t: t == t.strip() and not any("\u202a" <= ch <= "\u202e" or "\u2066" <= ch <= "\u2069" for ch in t))


@FUZZ
@given(text=PRINTABLE)
def test_any_printable_name_is_kept_verbatim(shared: Path, text: str) -> None:
    existing = {row[1] for row in _rows("clusters.csv")}
    if text in existing:
        return
    with swapped(shared, "clusters.csv", with_cell("clusters.csv", 11, 1, text, quoted=True)):
        briefing = load_briefing(shared)
    assert briefing.clusters[10].name == text


@FUZZ
@given(stem=st.text(max_size=30))
@example(stem="../x")
@example(stem="..")
@example(stem="a/b")
@example(stem="a\\b")
@example(stem="/abs")
@example(stem="C:x")
def test_no_stem_can_name_a_path_outside_the_output_folder(shared: Path, stem: str) -> None:
    text = (DATA / "briefing.toml").read_text(encoding="utf-8")
    changed = text.replace('stem = "gii2023-top-hubs"', f"stem = {json.dumps(stem, ensure_ascii=False)}")
    with swapped(shared, "briefing.toml", changed.encode("utf-8")):
        outcome = load_or_data_error(shared)
    if isinstance(outcome, Briefing):
        out = Path("/out")
        assert (out / f"{outcome.settings.stem}.pdf").resolve().parent == out
        assert not set(outcome.settings.stem) & set("/\\:") and not outcome.settings.stem.startswith(".")
