"""The story: one ordered list of blocks; the appendix and source lists are derived from it, never restated."""

from __future__ import annotations

from report.blocks import Appendix, Chart, Closing, Contents, Cover, Glossary, Hub, Show, Sources, Summary
from report.content import Content
from report.story import full_story, hub_story


def test_block_keys_are_unique_and_every_block_is_shown_somewhere(content: Content) -> None:
    story = full_story(content)
    keys = [b.key for b in story.blocks]
    assert len(keys) == len(set(keys))
    assert all(b.show for b in story.blocks)
    assert isinstance(story.blocks[0], Cover) and isinstance(story.blocks[-1], Sources)


def test_each_hub_has_one_block_in_ranking_order(content: Content) -> None:
    hubs = [b for b in full_story(content).blocks if isinstance(b, Hub)]
    assert [b.cluster for b in hubs] == list(content.briefing.hubs)


def test_reading_aids_are_in_the_pdf_the_glossary_in_both_and_the_takeaways_open_both(content: Content) -> None:
    blocks = full_story(content).blocks
    for block in blocks:
        if isinstance(block, Contents | Appendix):
            assert block.show & (Show.DECK | Show.DOCUMENT) == Show.DOCUMENT, block.key
    glossary = next(b for b in blocks if isinstance(b, Glossary))  # a deck read without its speaker needs it too
    assert glossary.show & (Show.DECK | Show.DOCUMENT) == Show.DECK | Show.DOCUMENT
    summary = next(b for b in blocks if isinstance(b, Summary))
    assert summary.show == Show.DECK | Show.DOCUMENT
    assert [b.key for b in blocks if b.show & Show.DECK][:2] == ["cover", "summary"]
    closing = next(b for b in blocks if isinstance(b, Closing))
    assert closing.show == Show.DECK | Show.DOCUMENT
    # the close says what follows from the findings, in its own words: no takeaway is repeated there
    assert 3 <= len(closing.words.points) <= 4
    assert not {p.lead for p in closing.words.points} & {p.lead for p in summary.words.points}


def test_the_data_pack_shows_the_cover_every_chart_the_appendix_and_the_sources(content: Content) -> None:
    story = full_story(content)
    kinds = [type(b) for b in story.shown_in(Show.PACK)]
    charts = [b for b in story.blocks if isinstance(b, Chart)]
    assert kinds == [Cover, *(Chart for _ in charts), Appendix, Sources]
    assert [c.key for b in charts for c in b.charts] == [s.key for s in story.chart_specs()]
    assert all(c.table == b.chart.table for b in charts for c in b.charts)  # one sheet holds a chart's every drawing


def test_the_appendix_holds_exactly_the_figures_of_the_blocks_before_it(content: Content) -> None:
    story = full_story(content)
    (appendix,) = [b for b in story.blocks if isinstance(b, Appendix)]
    shown = [(b.figures_title, b.figures) for b in story.blocks if b.figures]
    assert [(g.title, g.figures) for g in appendix.groups] == shown
    missing = content.narrative.missing
    for group in appendix.groups:
        assert group.title
        for figure in group.figures:  # a figure the sources do not give is never credited to one
            assert bool(figure.source_ids) == (figure.value != missing), figure


def test_other_clusters_are_those_the_charts_draw_beyond_the_hubs(content: Content) -> None:
    story = full_story(content)
    (appendix,) = [b for b in story.blocks if isinstance(b, Appendix)]
    hubs = {h.name for h in content.briefing.hubs}
    drawn = {name for b in story.blocks for c in b.charts for name in c.clusters}
    assert {c.name for c in appendix.others} == drawn - hubs


def test_a_hub_document_lists_only_the_sources_its_blocks_cite(content: Content) -> None:
    name = content.briefing.hubs[2].name
    story = hub_story(content, name)
    (sources,) = [b for b in story.blocks if isinstance(b, Sources)]
    cited = {s for b in story.blocks for s in b.source_ids}
    cited |= {s for b in story.blocks if isinstance(b, Appendix) for c in b.others for s in c.sources}
    assert {s.id for s in sources.sources} == cited
    assert len(sources.sources) < len(content.briefing.sources)
    assert story.title == content.narrative.hub(name).document.title


def test_the_full_story_lists_every_source_but_its_own_working_data(content: Content) -> None:
    (sources,) = [b for b in full_story(content).blocks if isinstance(b, Sources)]
    own = [s for s in content.briefing.sources if s.publisher == content.briefing.settings.organisation]
    assert [s.id for s in own] == ["approx-positions"]  # the map positions, set by the briefing's authors
    assert sources.sources == tuple(s for s in content.briefing.sources if s not in own)


def test_charts_are_the_blocks_charts_each_once(content: Content) -> None:
    story = full_story(content)
    specs = story.chart_specs()
    assert len({s.key for s in specs}) == len(specs)
    assert [s.key for s in specs] == list(dict.fromkeys(c.key for b in story.blocks for c in b.charts))


def test_every_hub_shows_its_score_neighbours_split_into_their_two_shares(content: Content) -> None:
    """Seoul's title says it is level with Beijing on the printed score: its slide draws the clusters ranked either
    side of it with each bar split into the two printed shares, so the tie's two different mixes show. Every
    hub's slide has the same three panels (the score, then the two counts it adds up)."""
    insights = content.narrative.insights
    hubs = [b for b in full_story(content).blocks if isinstance(b, Hub)]
    kinds = set()
    for block in hubs:
        headline = insights.profile(block.cluster.name).headline
        assert block.titled_on_score == (headline not in ("most_pct", "most_pubs", "contrast"))
        assert [g.kind for g in block.nearest] == ["score", "count", "count"]  # the same three panels on every slide
        kinds.add(block.titled_on_score)
        rows = block.nearest[0].rows
        ranks = [r.place for r in rows]
        assert block.cluster.rank in ranks and ranks == list(range(ranks[0], ranks[0] + len(rows)))
        for row in rows:
            cluster = next(c for c in content.briefing.clusters if c.name == row.name)
            assert row.place == cluster.rank and row.count == cluster.total_share
            assert row.parts == (cluster.pct_share, cluster.pub_share)
            assert row.focus == (cluster is block.cluster)
    assert kinds == {True, False}  # the default data has titles on the score and titles on a count
    seoul = next(b for b in hubs if b.cluster.name == "Seoul")
    assert [r.name for r in seoul.nearest[0].rows] == ["Shenzhen–Hong Kong–Guangzhou", "Seoul", "Beijing"]
