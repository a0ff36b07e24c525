"""The hostile-input catalogue: each case is one small mistake in a copy of data/, run through `report check`.

Every expected line is what a user should read: the file, the row and column, what was found, what was
expected and, where it helps, the fix. The messages are written out here on purpose, not copied from the
code's output, so a change of wording is a decision someone makes in this file.
"""

from __future__ import annotations

import codecs
import csv
import io
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from report.cli import main
from report.data import load_briefing
from tests.conftest import DATA

Mutation = Callable[[Path], None]

CLUSTERS_HEADER = (
    "rank,cluster,economy,pct_applications,publications,pct_share,pub_share,total_share,rank_change,"
    "top_applicant,top_sci_org,source,detail_source,lat,lon,position_source"
)
REQUIRED_CLUSTERS_HEADER = CLUSTERS_HEADER.removesuffix(",lat,lon,position_source")
FACTS_HEADER = "cluster,subject,metric,value,unit,year,qualifier,also,note,source,topic,claim"
INTENSITY_HEADER = "intensity_rank,cluster,economy,pct_per_million,pubs_per_million,source"
ECONOMIES_HEADER = "economy,name,region,clusters_top100,source"
SAVE_CSV = "save it as 'CSV UTF-8 (Comma delimited)'"
TOML_KEYS = (
    "title, subtitle, edition, edition_year, previous_edition, organisation, author, top, page_size, stem, date, "
    "language, method"
)


def run_check(data: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["check", "--data", str(data), *args])


def problem_lines(result: Result) -> list[str]:
    """The per-problem lines, after checking the exit status, the summary line and that nothing leaked."""
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 2, result.output
    assert result.stdout == ""
    *lines, summary = result.stderr.splitlines()
    assert summary.startswith(f"{len(lines)} problem{'s' if len(lines) != 1 else ''} found")
    return lines


# --- mutations: each makes one small change to the copy of data/ -----------------------------------------------


def replace(name: str, old: str, new: str) -> Mutation:
    def mutate(data: Path) -> None:
        text = (data / name).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}: the case no longer matches data/"
        (data / name).write_text(text.replace(old, new, 1), encoding="utf-8", newline="")

    return mutate


def write(name: str, content: str | bytes) -> Mutation:
    def mutate(data: Path) -> None:
        if isinstance(content, bytes):
            (data / name).write_bytes(content)
        else:
            (data / name).write_text(content, encoding="utf-8", newline="")

    return mutate


def append(name: str, rows: str) -> Mutation:
    def mutate(data: Path) -> None:
        with (data / name).open("a", encoding="utf-8", newline="") as handle:
            handle.write(rows)

    return mutate


def delete(name: str) -> Mutation:
    return lambda data: (data / name).unlink()


def delete_row(name: str, starts: str) -> Mutation:
    def mutate(data: Path) -> None:
        lines = (data / name).read_text(encoding="utf-8").splitlines(keepends=True)
        kept = [line for line in lines if not line.startswith(starts)]
        assert len(kept) == len(lines) - 1
        (data / name).write_text("".join(kept), encoding="utf-8", newline="")

    return mutate


def recode(name: str, encode: Callable[[str], bytes]) -> Mutation:
    def mutate(data: Path) -> None:
        (data / name).write_bytes(encode((data / name).read_text(encoding="utf-8")))

    return mutate


def redelimit(name: str, delimiter: str) -> Mutation:
    def mutate(data: Path) -> None:
        rows = list(csv.reader(io.StringIO((data / name).read_text(encoding="utf-8"), newline="")))
        out = io.StringIO()
        csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
        (data / name).write_text(out.getvalue(), encoding="utf-8", newline="")

    return mutate


def folder_instead(name: str) -> Mutation:
    def mutate(data: Path) -> None:
        (data / name).unlink()
        (data / name).mkdir()

    return mutate


# --- the catalogue -------------------------------------------------------------------------------------------
# (id, mutation, extra CLI arguments, expected lines with {d} for the data folder)

CASES: list[tuple[str, Mutation, tuple[str, ...], list[str]]] = [
    # files and headers
    (
        "missing-file",
        delete("facts.csv"),
        (),
        [f"{{d}}/facts.csv: found no such file, expected a CSV file with the header {FACTS_HEADER}"],
    ),
    (
        "missing-briefing-toml",
        delete("briefing.toml"),
        (),
        ["{d}/briefing.toml: found no such file, expected a TOML file with title, subtitle, edition and organisation"],
    ),
    (
        "folder-instead-of-file",
        folder_instead("facts.csv"),
        (),
        [f"{{d}}/facts.csv: found a folder, expected a CSV file with the header {FACTS_HEADER}"],
    ),
    (
        "empty-file",
        write("intensity.csv", ""),
        (),
        [f"{{d}}/intensity.csv: found an empty file, expected the header {INTENSITY_HEADER} and data rows"],
    ),
    (
        "header-only",
        write("facts.csv", FACTS_HEADER + "\n"),
        (),
        ["{d}/facts.csv: found only the header, expected at least one data row below it"],
    ),
    (
        "missing-column",
        replace("clusters.csv", ",top_sci_org,", ","),
        (),
        [f"{{d}}/clusters.csv, row 1: found no column top_sci_org, expected the header {CLUSTERS_HEADER}"],
    ),
    (
        "unknown-column",
        replace("economies.csv", ",source\n", ",source,population\n"),
        (),
        [
            f"{{d}}/economies.csv, row 1: found unknown column 'population', expected only {ECONOMIES_HEADER}; "
            "delete the column or fix its name"
        ],
    ),
    (
        "misspelt-column",
        replace("clusters.csv", "rank,cluster,", "Rank,cluster,"),
        (),
        ["{d}/clusters.csv, row 1: found column 'Rank', expected 'rank'; rename the column"],
    ),
    (
        "duplicate-column",
        replace("economies.csv", ",region,", ",region,region,"),
        (),
        ["{d}/economies.csv, row 1: found column 'region' twice, expected each column once"],
    ),
    # ranks
    (
        "duplicate-rank",
        replace("clusters.csv", "\n3,Seoul,", "\n2,Seoul,"),
        (),
        [
            "{d}/clusters.csv, row 4, column rank: found rank 2 again (first on row 3), expected each rank once",
            "{d}/clusters.csv, row 5, column rank: found rank 4 after rank 2, expected rank 3; rank 3 is missing",
        ],
    ),
    (
        "rank-gap",
        delete_row("clusters.csv", "7,Osaka"),
        (),
        ["{d}/clusters.csv, row 8, column rank: found rank 8 after rank 6, expected rank 7; rank 7 is missing"],
    ),
    (
        "rank-zero",
        replace("clusters.csv", "\n1,Tokyo", "\n0,Tokyo"),
        (),
        ["{d}/clusters.csv, row 2, column rank: found '0', expected a whole number of 1 or more"],
    ),
    (
        "rank-not-a-number-is-not-also-a-gap",
        replace("clusters.csv", "\n3,Seoul,", "\nthree,Seoul,"),
        (),
        ["{d}/clusters.csv, row 4, column rank: found 'three', expected a whole number such as 3"],
    ),
    # cells
    (
        "non-numeric-count",
        replace("clusters.csv", ",63447,", ",lots,"),
        (),
        ["{d}/clusters.csv, row 4, column pct_applications: found 'lots', expected a whole number such as 127418"],
    ),
    (
        "negative-count",
        replace("clusters.csv", ",63447,", ",-63447,"),
        (),
        ["{d}/clusters.csv, row 4, column pct_applications: found '-63447', expected a whole number of 0 or more"],
    ),
    (
        "thousands-separator",
        replace("clusters.csv", ",127418,", ',"127,418",'),
        (),
        [
            "{d}/clusters.csv, row 2, column pct_applications: found '127,418', expected a whole number without "
            "thousands separators; write 127418"
        ],
    ),
    (
        "thousands-separator-point",
        replace("clusters.csv", ",127418,", ",127.418,"),
        (),
        [
            "{d}/clusters.csv, row 2, column pct_applications: found '127.418', expected a whole number without "
            "thousands separators; write 127418"
        ],
    ),
    (
        "ambiguous-comma-in-decimal",
        replace("facts.csv", ",4.476,", ',"4,476",'),
        (),
        [
            "{d}/facts.csv, row 2, column value: found '4,476', expected a number without thousands separators; "
            "write 4476 (or 4.476 if the comma is a decimal point)"
        ],
    ),
    (
        "decimal-comma",
        replace("clusters.csv", ",10.1,1.5,", ',"10,1",1.5,'),
        (),
        ["{d}/clusters.csv, row 2, column pct_share: found '10,1', expected a point for decimals; write 10.1"],
    ),
    (
        "non-ascii-digits",
        replace("clusters.csv", ",63447,", ",٦٣٤٤٧,"),
        (),
        ["{d}/clusters.csv, row 4, column pct_applications: found '٦٣٤٤٧', expected a whole number such as 127418"],
    ),
    (
        "share-over-100",
        replace("clusters.csv", ",10.1,1.5,11.7,", ",101.1,1.5,11.7,"),
        (),
        ["{d}/clusters.csv, row 2, column pct_share: found '101.1', expected a percentage from 0 to 100"],
    ),
    (
        "total-share-inconsistent",
        replace("clusters.csv", ",5.1,1.8,6.8,", ",5.1,1.8,7.1,"),
        (),
        [
            "{d}/clusters.csv, row 4, column total_share: found 7.1, expected pct_share + pub_share = 6.9 "
            "(within 0.15, WIPO's rounding)"
        ],
    ),
    (
        "empty-required-cell",
        replace("clusters.csv", "\n3,Seoul,", "\n3,,"),
        (),
        ["{d}/clusters.csv, row 4, column cluster: found an empty cell, expected a value"],
    ),
    (
        "bad-year",
        replace("facts.csv", ",JPY trillion,2022,", ",JPY trillion,22,"),
        (),
        ["{d}/facts.csv, row 2, column year: found '22', expected a four-digit year such as 2023"],
    ),
    (
        "bad-url",
        replace("sources.csv", ",https://doi.org/", ",doi.org/"),
        (),
        [
            "{d}/sources.csv, row 2, column url: found 'doi.org/10.34667/tind.48220', expected a web address "
            "starting with http:// or https://"
        ],
    ),
    (
        "fact-rank-not-whole",
        replace("facts.csv", ",14,rank,", ",14.5,rank,"),
        (),
        ["{d}/facts.csv, row 8, column value: found 14.5, expected a whole number of 1 or more, as the unit is rank"],
    ),
    (
        "cell-over-500-characters",
        replace("clusters.csv", ",Mitsubishi Electric,", f",{'M' * 501},"),
        (),
        ["{d}/clusters.csv, row 2, column top_applicant: found 501 characters, expected at most 500; shorten the text"],
    ),
    (
        "control-character",
        replace("clusters.csv", "Mitsubishi Electric", "Mitsubishi\x07Electric"),
        (),
        [
            "{d}/clusters.csv, row 2, column top_applicant: found a control character (U+0007), expected printable "
            "text; delete it"
        ],
    ),
    (
        "nul-byte",
        replace("clusters.csv", "Mitsubishi Electric", "Mitsubishi\x00Electric"),
        (),
        [
            "{d}/clusters.csv, row 2, column top_applicant: found a NUL character (U+0000), expected printable text; "
            "delete it"
        ],
    ),
    (
        "line-break-in-quoted-cell",
        replace("clusters.csv", ",Mitsubishi Electric,", ',"Mitsubishi\nElectric",'),
        (),
        [
            "{d}/clusters.csv, row 2, column top_applicant: found a line break (U+000A), expected the text on one "
            "line; delete it"
        ],
    ),
    (
        "text-direction-override",
        replace("clusters.csv", "Mitsubishi Electric", "Mitsubishi\u202eElectric"),
        (),
        [
            "{d}/clusters.csv, row 2, column top_applicant: found an invisible text-direction control (U+202E), "
            "expected plain text; delete it"
        ],
    ),
    (
        "unicode-noncharacter",
        replace("clusters.csv", "Mitsubishi Electric", "Mitsubishi\uffffElectric"),
        (),
        [
            "{d}/clusters.csv, row 2, column top_applicant: found a Unicode noncharacter (U+FFFF), expected "
            "printable text; delete it"
        ],
    ),
    (  # Beijing has 3 facts on rows 2-11; 38 more on rows 12-49 make 41, and row 49 is the 41st
        "too-many-facts-for-one-cluster",
        append(
            "facts.csv",
            "".join(f"Beijing,Firm {n},revenue,{n + 1},CNY billion,2022,,,,seed-article,context,\n" for n in range(38)),
        ),
        (),
        [
            "{d}/facts.csv, row 49, column cluster: found 41 facts for 'Beijing', expected at most 40 per cluster; "
            "keep the ones the briefing should state"
        ],
    ),
    # rows
    (
        "too-many-cells",
        replace("clusters.csv", "\n3,Seoul,KR,", "\n3,Seoul,KR,KR,"),
        (),
        ["{d}/clusters.csv, row 4: found 17 cells, expected 16; put a name that contains a comma in double quotes"],
    ),
    (
        "unquoted-comma-in-name",
        replace("clusters.csv", "\n11,Nanjing,", "\n11,Nanjing, Jiangsu,"),
        (),
        ["{d}/clusters.csv, row 12: found 17 cells, expected 16; put a name that contains a comma in double quotes"],
    ),
    (
        "too-few-cells",
        replace("clusters.csv", "\n3,Seoul,KR,", "\n3,Seoul,"),
        (),
        [
            "{d}/clusters.csv, row 4: found 15 cells, expected 16; add the missing cells (leave a cell empty, not out, "
            "when a figure is unknown)"
        ],
    ),
    (
        "unclosed-quote",
        replace("clusters.csv", "\n3,Seoul,", '\n3,"Seoul,'),
        (),
        [
            "{d}/clusters.csv, row 4, column cluster: found a double quote that is not closed, so rows 4 to 7 run "
            'together; expected a closing " after the text (or no quote at all)'
        ],
    ),
    # encodings and delimiters
    (
        "latin-1",
        recode("economies.csv", lambda text: text.encode("latin-1")),
        (),
        [
            f"{{d}}/economies.csv, row 12: found byte 0xFC ('ü' in Latin-1/Windows-1252), which is not UTF-8, "
            f"expected a UTF-8 file; {SAVE_CSV}"
        ],
    ),
    (
        "utf-16-from-excel",
        recode("sources.csv", lambda text: text.replace(",", "\t").encode("utf-16")),
        (),
        [f"{{d}}/sources.csv: found a UTF-16 file (Excel's 'Unicode Text'), expected UTF-8; {SAVE_CSV}"],
    ),
    (
        "semicolon-delimited",
        redelimit("economies.csv", ";"),
        (),
        [
            f"{{d}}/economies.csv, row 1: found columns separated by ';' (a European-locale export), expected commas; "
            f"{SAVE_CSV} or set the field delimiter to ','"
        ],
    ),
    (
        "tab-delimited",
        redelimit("intensity.csv", "\t"),
        (),
        [
            f"{{d}}/intensity.csv, row 1: found columns separated by tabs (a tab-separated export), expected commas; "
            f"{SAVE_CSV} or set the field delimiter to ','"
        ],
    ),
    # cross-references
    (
        "unknown-source-id",
        replace(
            "clusters.csv",
            "\n3,Seoul,KR,63447,133604,5.1,1.8,6.8,1,,,gii2023-table3,",
            "\n3,Seoul,KR,63447,133604,5.1,1.8,6.8,1,,,gii2023-tabel3,",
        ),
        (),
        [
            "{d}/clusters.csv, row 4, column source: found source id 'gii2023-tabel3', expected an id listed in "
            "sources.csv; did you mean 'gii2023-table3'?"
        ],
    ),
    (
        "unknown-source-id-no-near-match",
        replace("facts.csv", ",seed-article,context,\nShanghai", ",my-notes,context,\nShanghai"),
        (),
        [
            "{d}/facts.csv, row 9, column source: found source id 'my-notes', expected an id listed in sources.csv; "
            "add it there or fix the spelling"
        ],
    ),
    (
        "unknown-fact-topic",
        replace("facts.csv", ",seed-article,context,\nShanghai", ",seed-article,economy,\nShanghai"),
        (),
        ["{d}/facts.csv, row 9, column topic: found 'economy', expected innovation or context"],
    ),
    (
        "misspelt-fact-topic",
        replace("facts.csv", ",seed-article,context,\nShanghai", ",seed-article,Context,\nShanghai"),
        (),
        [
            "{d}/facts.csv, row 9, column topic: found 'Context', expected innovation or context "
            "(did you mean 'context'?)"
        ],
    ),
    (
        "source-id-with-space",
        replace("sources.csv", "\nhkcna-2023-sz,", "\nhkcna 2023-sz,"),
        (),
        [
            "{d}/sources.csv, row 9, column id: found 'hkcna 2023-sz', expected an id of letters, digits, '.', '_' and "
            "'-', such as gii2023-table3"
        ],
    ),
    (
        "economy-not-in-economies",
        replace("clusters.csv", ",Seoul,KR,", ",Seoul,KP,"),
        (),
        [
            "{d}/clusters.csv, row 4, column economy: found economy code 'KP', expected a code listed in "
            "economies.csv; add a row for it there"
        ],
    ),
    (
        "facts-unknown-cluster",
        replace(
            "facts.csv",
            "\nSeoul,Seoul,companies on the Fortune 500 list,",
            "\nSoul,Seoul,companies on the Fortune 500 list,",
        ),
        (),
        [
            "{d}/facts.csv, row 5, column cluster: found cluster 'Soul', expected the name of a cluster in "
            "clusters.csv, spelt the same way; did you mean 'Seoul'?"
        ],
    ),
    (
        "duplicate-cluster",
        replace("clusters.csv", "\n11,Nanjing,", "\n11,Wuhan,"),
        (),
        ["{d}/clusters.csv, row 14, column cluster: found 'Wuhan' again (first on row 12), expected each cluster once"],
    ),
    (
        "top-over-clusters-in-toml",
        replace("briefing.toml", "top = 5", "top = 40"),
        (),
        ["{d}/briefing.toml: found top = 40 on line 9, expected at most 35, the number of clusters in clusters.csv"],
    ),
    (
        "top-over-clusters-by-flag",
        lambda data: None,
        ("--top", "40"),
        ["--top: found top = 40, expected at most 35, the number of clusters in {d}/clusters.csv"],
    ),
    # briefing.toml
    (
        "toml-syntax-error",
        replace("briefing.toml", 'edition = "GII 2023"', 'edition = "GII 2023'),
        (),
        [
            "{d}/briefing.toml: found invalid TOML on line 4, column 20 (illegal character '\\n'), expected key = "
            "value lines such as top = 5; check the quotes and brackets on that line"
        ],
    ),
    (
        "toml-key-twice",
        replace("briefing.toml", "top = 5\n", "top = 5\ntop = 6\n"),
        (),
        [
            "{d}/briefing.toml: found invalid TOML on line 10, column 8 (cannot overwrite a value), expected key = "
            "value lines such as top = 5; delete one of the lines that set the same key"
        ],
    ),
    (
        "toml-latin-1",
        recode("briefing.toml", lambda text: text.encode("cp1252")),
        (),
        [
            "{d}/briefing.toml: found byte 0x96 ('–' in Latin-1/Windows-1252) on line 17, which is not UTF-8, "
            "expected a UTF-8 file; save it as UTF-8 in your text editor"
        ],
    ),
    (
        "toml-unknown-key",
        replace("briefing.toml", "title = ", "titel = "),
        (),
        [
            f"{{d}}/briefing.toml: found unknown key 'titel' on line 2, expected one of {TOML_KEYS}; did you mean "
            "'title'?",
            '{d}/briefing.toml: found no key title, expected a line such as title = "..."',
        ],
    ),
    (
        "toml-unknown-method-key",
        replace("briefing.toml", "pct_window = ", "pct_windw = "),
        (),
        [
            "{d}/briefing.toml: found unknown key 'pct_windw' in [method] on line 17, expected pct_window or "
            "pct_window_source or since or since_source or sources; did you mean 'pct_window'?"
        ],
    ),
    (
        "toml-unknown-window-source",
        replace("briefing.toml", '"visualcapitalist-top50"', '"vc-top50"'),
        (),
        [
            '{d}/briefing.toml: found pct_window_source = "vc-top50" in [method] on line 18, expected an id '
            "listed in sources.csv; add it there or fix the spelling"
        ],
    ),
    (
        "toml-since-not-a-year",
        replace("briefing.toml", 'since = "2016"', 'since = "2016 or so"'),
        (),
        ['{d}/briefing.toml: found since = "2016 or so" in [method] on line 20, expected a year such as "2016"'],
    ),
    (
        "toml-unknown-since-source",
        replace("briefing.toml", 'since_source = "gii2024-appendix4"', 'since_source = "gii2024-app4"'),
        (),
        [
            '{d}/briefing.toml: found since_source = "gii2024-app4" in [method] on line 21, expected an id '
            "listed in sources.csv; did you mean 'gii2024-appendix4'?"
        ],
    ),
    (
        "toml-top-in-quotes",
        replace("briefing.toml", "top = 5", 'top = "5"'),
        (),
        ['{d}/briefing.toml: found top = "5" on line 9, expected a whole number without quotes, e.g. top = 5'],
    ),
    (
        "toml-top-zero",
        replace("briefing.toml", "top = 5", "top = 0"),
        (),
        ["{d}/briefing.toml: found top = 0 on line 9, expected 1 or more"],
    ),
    (
        "bad-page-size",
        replace("briefing.toml", 'page_size = "a4"', 'page_size = "A5"'),
        (),
        ['{d}/briefing.toml: found page_size = "A5" on line 10, expected "a4" or "letter"'],
    ),
    (
        "stem-parent-folder",
        replace("briefing.toml", 'stem = "gii2023-top-hubs"', 'stem = "../x"'),
        (),
        [
            '{d}/briefing.toml: found stem = "../x" on line 11, expected a plain file name (letters, digits, . _ -) '
            'with no folders, e.g. stem = "briefing"'
        ],
    ),
    (
        "stem-absolute-path",
        replace("briefing.toml", 'stem = "gii2023-top-hubs"', 'stem = "/tmp/x"'),
        (),
        [
            '{d}/briefing.toml: found stem = "/tmp/x" on line 11, expected a plain file name (letters, digits, . _ -) '
            'with no folders, e.g. stem = "briefing"'
        ],
    ),
    (
        "stem-backslash",
        replace("briefing.toml", 'stem = "gii2023-top-hubs"', 'stem = "..\\\\x"'),
        (),
        [
            '{d}/briefing.toml: found stem = "..\\\\x" on line 11, expected a plain file name (letters, digits, . _ -) '
            'with no folders, e.g. stem = "briefing"'
        ],
    ),
    (
        "stem-windows-device",
        replace("briefing.toml", 'stem = "gii2023-top-hubs"', 'stem = "con"'),
        (),
        [
            '{d}/briefing.toml: found stem = "con" on line 11, expected a name Windows can write (it keeps that one '
            "for "
            'a device), e.g. stem = "briefing"'
        ],
    ),
    (
        "language-not-a-tag",
        replace("briefing.toml", '# date = "2026-11-28"', 'language = "English"'),
        (),
        [
            '{d}/briefing.toml: found language = "English" on line 12, expected a BCP 47 language tag such as '
            '"en", "fr" or "pt-BR"'
        ],
    ),
    (
        "date-not-a-date",
        replace("briefing.toml", '# date = "2026-11-28"', 'date = "2026-13-45"'),
        (),
        [
            '{d}/briefing.toml: found date = "2026-13-45" on line 12, expected a real date written YYYY-MM-DD, '
            'e.g. date = "2026-11-28"'
        ],
    ),
    (
        "date-without-quotes",
        replace("briefing.toml", '# date = "2026-11-28"', "date = 2026-11-28"),
        (),
        [
            "{d}/briefing.toml: found date = 2026-11-28 on line 12, expected text in double quotes, "
            'e.g. date = "2026-11-28"'
        ],
    ),
]


@pytest.mark.parametrize(("mutate", "args", "expected"), [pytest.param(m, a, e, id=i) for i, m, a, e in CASES])
def test_bad_input_is_one_clear_line(
    data_copy: Path, mutate: Mutation, args: tuple[str, ...], expected: list[str]
) -> None:
    mutate(data_copy)
    assert problem_lines(run_check(data_copy, *args)) == [line.format(d=data_copy) for line in expected]


def test_catalogue_is_large_and_ids_are_unique() -> None:
    ids = [case[0] for case in CASES]
    assert len(ids) >= 30
    assert len(set(ids)) == len(ids)


# --- accepted variations: what spreadsheets and editors commonly produce must load the same figures ----------


def _every_file(data: Path, change: Callable[[bytes], bytes]) -> None:
    for path in data.iterdir():
        path.write_bytes(change(path.read_bytes()))


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda raw: codecs.BOM_UTF8 + raw, id="utf-8-with-bom"),
        pytest.param(lambda raw: raw.replace(b"\n", b"\r\n"), id="windows-line-endings"),
        pytest.param(lambda raw: codecs.BOM_UTF8 + raw.replace(b"\n", b"\r\n"), id="excel-csv-utf-8"),
    ],
)
def test_accepted_encodings_give_the_same_briefing(data_copy: Path, change: Callable[[bytes], bytes]) -> None:
    _every_file(data_copy, change)
    result = run_check(data_copy)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    assert load_briefing(data_copy) == load_briefing(DATA)


def test_quoted_name_with_a_comma_is_accepted(data_copy: Path) -> None:
    replace("clusters.csv", "\n11,Nanjing,", '\n11,"Nanjing, Jiangsu",')(data_copy)
    result = run_check(data_copy)
    assert result.exit_code == 0, result.output
    assert load_briefing(data_copy).clusters[10].name == "Nanjing, Jiangsu"


def test_blank_rows_at_the_end_are_ignored(data_copy: Path) -> None:
    with (data_copy / "clusters.csv").open("a", encoding="utf-8") as handle:
        handle.write(",,,,,,,,,,,,\n\n,,,\n")
    assert run_check(data_copy).exit_code == 0


# --- size, volume and reporting everything at once -----------------------------------------------------------


def test_a_50_mb_file_is_rejected_by_its_size_without_being_read(data_copy: Path) -> None:
    with (data_copy / "clusters.csv").open("r+b") as handle:
        handle.truncate(50 * 2**20)  # sparse: nothing is written, nothing is held in memory
    started = time.perf_counter()
    result = run_check(data_copy)
    elapsed = time.perf_counter() - started
    assert problem_lines(result) == [
        f"{data_copy}/clusters.csv: found a file of 50.0 MB, expected at most 2 MB; is this the right file?"
    ]
    assert elapsed < 1.0


def test_problems_in_several_files_are_all_reported_in_one_run(data_copy: Path) -> None:
    replace("clusters.csv", ",63447,", ",lots,")(data_copy)
    replace("economies.csv", "\nKR,Republic of Korea,", "\nKR,Republic of Korea,,")(data_copy)
    replace("facts.csv", ",4.476,", ",4.476.1,")(data_copy)
    replace("sources.csv", ",https://doi.org/", ",doi.org/")(data_copy)
    replace("briefing.toml", 'page_size = "a4"', 'page_size = "a3"')(data_copy)
    delete("intensity.csv")(data_copy)
    d = data_copy
    assert problem_lines(run_check(data_copy)) == [
        f"{d}/clusters.csv, row 4, column pct_applications: found 'lots', expected a whole number such as 127418",
        f"{d}/economies.csv, row 8: found 6 cells, expected 5; put a name that contains a comma in double quotes",
        f"{d}/intensity.csv: found no such file, expected a CSV file with the header {INTENSITY_HEADER}",
        f"{d}/facts.csv, row 2, column value: found '4.476.1', expected a number such as 92.5",
        f"{d}/sources.csv, row 2, column url: found 'doi.org/10.34667/tind.48220', expected a web address "
        "starting with http:// or https://",
        f'{d}/briefing.toml: found page_size = "a3" on line 10, expected "a4" or "letter"',
    ]


def test_more_than_50_problems_are_capped(data_copy: Path) -> None:
    path = data_copy / "clusters.csv"
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    for row in rows:  # two bad cells on each of 35 rows
        row["rank_change"], row["source"] = "up", "gii 2023"
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    result = run_check(data_copy)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 52
    assert lines[0] == (
        f"{data_copy}/clusters.csv, row 2, column rank_change: found 'up', expected a whole number such as 2, 0 or -1"
    )
    assert lines[49] == (
        f"{data_copy}/clusters.csv, row 26, column source: found 'gii 2023', expected source ids "
        "(letters, digits, '.', '_', '-') separated by ';'"
    )
    assert lines[50] == "... and 20 more problem(s); fix the ones above and run `report check` again"
    assert lines[51].startswith("70 problems found")
