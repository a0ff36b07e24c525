"""Every sentence true: the fact-check's findings, each pinned against both outputs as a reader gets them.

The default build and a copy of the data moved to a later edition are built once; the tests then read the
deck (python-pptx) and the PDF (pypdf) and look for what must, and must never, be said.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from pptx import Presentation
from pypdf import PdfReader

from report.build import BuildOptions, build
from report.data import load_briefing
from tests.conftest import DATA
from tests.readers import deck_text, pdf_text, plain, squash

pytestmark = pytest.mark.slow
EPOCH = "1790000000"  # 21 September 2026


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("truth")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOURCE_DATE_EPOCH", EPOCH)
        build(BuildOptions(data_dir=DATA, out_dir=out, jobs=2))
    return out


@pytest.fixture(scope="module")
def later(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same figures presented as the GII 2024 edition: no claim dated 2023 may survive."""
    data = tmp_path_factory.mktemp("later") / "data"
    shutil.copytree(DATA, data)
    settings = data / "briefing.toml"
    text = settings.read_text(encoding="utf-8").replace('edition = "GII 2023"', 'edition = "GII 2024"')
    text = text.replace("edition_year = 2023", "edition_year = 2024").replace('"GII 2022"', '"GII 2023"')
    settings.write_text(text, encoding="utf-8")
    out = data.parent / "out"
    build(BuildOptions(data_dir=data, out_dir=out, jobs=2))
    return out


def _texts(out: Path) -> dict[str, str]:
    return {
        "deck": squash(deck_text(out / "gii2023-top-hubs.pptx")),
        "pdf": squash(pdf_text(out / "gii2023-top-hubs.pdf")),
    }


@pytest.fixture(scope="module")
def texts(built: Path) -> dict[str, str]:
    return _texts(built)


def test_the_combined_score_is_never_called_a_share(texts: dict[str, str]) -> None:
    for name, text in texts.items():
        lowered = text.lower()
        for phrase in ("share of world total", "of world pct filings and publications", "share of the world total"):
            assert phrase not in lowered, (name, phrase)
        assert not re.search(r"publications combined(?! score)", lowered), name
        assert "combined score" in lowered, name


def test_the_sources_own_words_are_kept(texts: dict[str, str]) -> None:
    for name, text in texts.items():
        assert "filed in 2018" not in text, name
        assert "1,892" not in text, name  # BOE's 2020 count: background from another year, stated nowhere
        assert "same quarter of the prior year" not in text, name
        # an innovation fact in the source's words: "the only Chinese cluster among the 25 most intensive"
        assert "the only Chinese cluster among the 25 most intensive" in text, name
        # context facts (output, company lists) stay in data/: the briefing states none of them
        assert "USD 1.33 trillion" not in text and "Fortune" not in text, name
    assert "per million residents over five years" in texts["pdf"]


def test_one_fact_once_beijings_place_by_intensity_once_per_slide(texts: dict[str, str], built: Path) -> None:
    from pptx import Presentation

    pdf = texts["pdf"]
    assert "USD 30 billion" not in pdf and "USD 30 billion" not in texts["deck"]  # a context fact: left out
    assert 1 <= pdf.count("14th by") <= 3  # the intensity section, Beijing's page, the appendix's table
    for slide in Presentation(str(built / "gii2023-top-hubs.pptx")).slides:
        text = plain(" ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame))
        assert text.count("14th by") <= 1


def test_no_internal_id_working_note_or_data_folder_reaches_a_reader(texts: dict[str, str]) -> None:
    ids = [s.id for s in load_briefing(DATA).sources]
    for name, text in texts.items():
        for source_id in ids:
            assert source_id not in text, (name, source_id)
        for phrase in ("data folder", "could not be consulted", "read through a repost"):
            assert phrase not in text, (name, phrase)
        # 'WIPO (2023)' is a full citation's publisher and year; outside the source list it would not say which
        # WIPO source: the footers name each by its short title
        assert "WIPO (2023)" not in text[: text.rindex("Sources")], name


def test_the_method_is_credited_to_the_sources_that_state_it(texts: dict[str, str]) -> None:
    for name, text in texts.items():
        assert "WIPO GII 2024 App. IV" in text, name


def test_an_unreadable_share_is_not_available_not_unreported(texts: dict[str, str]) -> None:
    pdf = texts["pdf"]
    philadelphia = pdf[pdf.rindex("Philadelphia, PA") :][:300]  # its row in the appendix
    assert "not available in the copy used" in philadelphia


def test_one_notation_for_rank_change(texts: dict[str, str]) -> None:
    for name, text in texts.items():
        assert not re.search(r"(?<![\w–])[+–]\d\b", text), name
        assert not re.search(r"\b(up|down) \d+ places?\b", text), name
        assert "up 1" in text and "down 1" in text, name


def test_claims_of_this_edition_are_printed_and_a_later_edition_drops_them(texts: dict[str, str], later: Path) -> None:
    for name, text in texts.items():
        assert "first time China leads" in text or "first time China has the most" in text, name
        assert "for the first time" in text, name
    titles = [s.title for s in load_briefing(DATA).sources]
    for name, text in _texts(later).items():
        for title in titles:  # a source's own title may say what it likes
            text = text.replace(squash(title), "")
        assert "first time" not in text, name
        assert "GII 2024" in text and "since GII 2023" in text, name


def test_the_documents_carry_the_briefings_real_date(built: Path) -> None:
    day = dt.datetime.fromtimestamp(int(EPOCH), tz=dt.UTC).date()
    meta: Any = PdfReader(built / "gii2023-top-hubs.pdf").metadata
    assert meta["/CreationDate"].startswith(f"D:{day:%Y%m%d}") and meta["/ModDate"] == meta["/CreationDate"]
    core = Presentation(str(built / "gii2023-top-hubs.pptx")).core_properties
    assert core.created.date() == day and core.modified.date() == day
    assert day.year != 2000


def test_the_deck_opens_on_the_takeaways_and_closes_on_what_follows_with_one_sources_slide(built: Path) -> None:
    """Takeaways first; the last content slide says what follows from them in its own words (no takeaway
    repeated), then the method, the glossary and the one sources slide."""
    slides = Presentation(str(built / "gii2023-top-hubs.pptx")).slides
    titles = [plain(s.shapes.title.text_frame.text) for s in slides]
    assert sum(title.startswith("Sources") for title in titles) == 1 and titles[-1] == "Sources"
    assert titles[-3:-1] == ["How WIPO finds and ranks clusters", "Glossary"]
    closing = len(titles) - 4
    summary = squash(plain(" ".join(sh.text_frame.text for sh in slides[1].shapes if sh.has_text_frame)))
    closing_text = squash(plain(" ".join(sh.text_frame.text for sh in slides[closing].shapes if sh.has_text_frame)))
    assert "Key takeaways" in summary
    sentences = [x.strip() for x in re.findall(r"[^.]*\.", summary) if len(x.strip()) > 30]
    assert len(sentences) >= 4 and not [x for x in sentences if x in closing_text]
    bold = [
        r.text
        for sh in slides[closing].shapes
        if sh.has_text_frame
        for p in sh.text_frame.paragraphs
        for r in p.runs[:1]
        if r.font.bold
    ]
    assert 3 <= len(bold) <= 4, bold


def test_pct_scie_and_cluster_are_defined_where_first_used(texts: dict[str, str]) -> None:
    for name, text in texts.items():
        text = text[text.index("Key takeaways") :]  # the body starts there (the PDF's contents page lists titles)
        first_pct = text.index("PCT")
        assert "Patent Cooperation Treaty" in text[: first_pct + 80], name
        first_scie = text.index("SCIE")
        assert "Science Citation Index Expanded" in text[max(0, first_scie - 80) : first_scie + 10], name
        first_cluster = text.lower().index("cluster")
        assert "inventors and scientific authors" in text[: first_cluster + 400], name
    assert "Glossary" in texts["pdf"]


FIGURE = re.compile(r"\b\d{1,3}(?:,\d{3})+\b|\b\d{4,}\b|\b\d+\.\d+\b")


def test_a_number_is_said_once_per_slide(built: Path) -> None:
    """On a slide's face (title, text, tiles; not its footer, its notes or a drawn figure's data labels, which a
    chart picture would carry too) a figure is said once: not in the title and the text again, nor twice in the
    text, nor in the text beside the table that gives it. (Two table cells may hold equal figures: two clusters
    can have the same score.)"""
    prs = Presentation(str(built / "gii2023-top-hubs.pptx"))
    for number, slide in enumerate(prs.slides, 1):
        said: list[str] = []
        tabled: set[str] = set()
        for shape in slide.shapes:
            if shape.is_placeholder and shape.placeholder_format.idx in (11, 12):  # footer and slide number
                continue
            if shape.name.startswith("Value: "):  # a drawn figure's data label, as a chart picture's would be
                continue
            if shape.has_text_frame:
                said += [f for f in FIGURE.findall(shape.text_frame.text) if not re.fullmatch(r"20\d\d", f)]
            if getattr(shape, "has_table", False) and shape.has_table:
                tabled |= {f for row in shape.table.rows for c in row.cells for f in FIGURE.findall(c.text)}
        repeated = {f for f in said if said.count(f) > 1 or f in tabled}
        assert not repeated, (number, repeated)


def test_content_slides_state_their_message(built: Path) -> None:
    """Action titles: every content slide's title names something from the data; label titles only where
    they belong (cover, method, sources, close)."""
    briefing = load_briefing(DATA)
    names = {c.name for c in briefing.clusters} | {e.name for e in briefing.economies} | {"Asia-Pacific"}
    labels = {"Where the world invents", "How WIPO finds and ranks clusters", "Glossary", "Sources", "What this means"}
    for slide in Presentation(str(built / "gii2023-top-hubs.pptx")).slides:
        title = plain(slide.shapes.title.text_frame.text)
        if title in labels:
            continue
        assert any(name in title for name in names) or re.search(r"\d", title), title


def test_hub_titles_and_comparisons_hold_to_the_counts(built: Path) -> None:
    """A hub's title says what sets it apart, and each claim in it is the data's: 'the most PCT applications,
    but 5th for publications' (places counted here from the counts), 'level with Beijing as printed' (the same
    printed score), and a tied hub's mix against its neighbour as the two counts' ratios."""
    briefing = load_briefing(DATA)
    clusters = briefing.clusters
    prs = Presentation(str(built / "gii2023-top-hubs.pptx"))
    slides = {plain(s.shapes.title.text): s for s in prs.slides if s.shapes.title is not None}

    def place(c: Any, count: str) -> int:
        return 1 + sum(getattr(o, count) > getattr(c, count) for o in clusters)

    def ordinal(n: int) -> str:
        return f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"

    for hub in briefing.hubs:
        title = next(t for t in slides if t.startswith(f"{hub.name}:"))
        pct, pubs = place(hub, "pct_applications"), place(hub, "publications")
        if "the most PCT applications" in title:
            assert pct == 1 and (pubs == 1 or f"but {ordinal(pubs)} for publications" in title)
        if "the most publications" in title:
            assert pubs == 1 and (pct == 1 or f"but {ordinal(pct)} for PCT applications" in title)
        if re.search(r"\d(st|nd|rd|th) for .*, but \d", title):
            assert f"{ordinal(pct)} for PCT applications" in title and f"{ordinal(pubs)} for publications" in title
            assert abs(pct - pubs) >= 4
        if "level with" in title:
            below = clusters[hub.rank]  # the cluster ranked just below
            assert below.name in title and below.total_share == hub.total_share
            text = plain(" ".join(s.text_frame.text for s in slides[title].shapes if s.has_text_frame))
            ratios = (hub.pct_applications / below.pct_applications, hub.publications / below.publications)
            assert f"{ratios[0]:.1f}× the PCT applications, {ratios[1]:.1f}× the publications" in text
