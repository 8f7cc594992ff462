"""What the pages are drawn from: text segments, the tree's layout, the claims grid and the story list's filter."""

from __future__ import annotations

from newstrace.web.index import StoryFilter, StorySummary
from newstrace.web.views import claim_rows, passage_segments, removed_segments, tree_layout


def test_removed_segments_rebuild_the_text_and_carry_reasons() -> None:
    text = "[ad_1] Ferry aground. Source link"
    article = {"text": text, "removed": [{"start": 27, "end": 38, "reason": "link_back"},
                                         {"start": 0, "end": 6, "reason": "ad_shortcode"}]}
    segments = removed_segments(article)
    assert "".join(s.text for s in segments) == text
    assert [(s.kind, s.note) for s in segments if s.kind == "removed"] == [("removed", "ad_shortcode"),
                                                                          ("removed", "link_back")]


def test_passage_segments_mark_the_edit_inside_the_shared_passage() -> None:
    left = "Intro. All 290 passengers were rescued. End."
    right = "All 212 passengers were rescued."
    passages = [{"a": [7, 39], "b": [0, 32], "tokens": 5,
                 "edits": [{"a": "290", "b": "212", "a_span": [11, 14], "b_span": [4, 7]}]}]
    mine = passage_segments(left, passages, "a")
    theirs = passage_segments(right, passages, "b")
    assert "".join(s.text for s in mine) == left and "".join(s.text for s in theirs) == right
    assert [(s.text, s.note) for s in mine if s.kind == "edit"] == [("290", '"212" -> "290"')]
    assert [(s.text, s.note) for s in theirs if s.kind == "edit"] == [("212", '"290" -> "212"')]
    assert [s.text for s in mine if s.kind == "plain"] == ["Intro. ", " End."]


def test_tree_puts_the_origin_on_top_and_an_outside_outlet_above_its_copies() -> None:
    story = {"articles": [
        {"id": "o", "outlet": "Courier", "published": "2026-03-14", "relation": "origin", "parent": None,
         "evidence": []},
        {"id": "c1", "outlet": "Blog", "published": "2026-03-15", "relation": "verbatim_copy", "parent": "o",
         "evidence": ["verbatim copy (score 1.00)"]},
        {"id": "c2", "outlet": "Site", "published": "2026-03-16", "relation": "partial_copy", "parent": "o",
         "evidence": ["partial copy"]},
        {"id": "w", "outlet": "Paper", "published": "2026-03-14", "relation": "rewrite", "parent": None,
         "parent_outlet": "Reuters", "evidence": ["credits Reuters"]},
    ]}
    layout = tree_layout(story)
    origin, c1, c2, outside = (layout.node(i) for i in ("o", "c1", "c2", "outlet:Reuters"))
    assert origin.y < c1.y == c2.y and c1.x != c2.x
    assert origin.x == (c1.x + c2.x) / 2
    assert not outside.article and outside.y < layout.node("w").y
    assert {(e.parent, e.child) for e in layout.edges} == {("o", "c1"), ("o", "c2"), ("outlet:Reuters", "w")}
    assert layout.width >= 3 * 150


def test_claim_rows_give_one_cell_per_article_and_flag_the_change() -> None:
    data = {"articles": [{"id": "o"}, {"id": "c"}, {"id": "x"}],
            "slots": [{"of": "passenger", "dimension": "count",
                       "variants": [{"spans": [{"article": "o", "text": "212 passengers"}]},
                                    {"spans": [{"article": "c", "text": "290 passengers"}]}],
                       "changes": [{"article": "c", "parent": "o", "from": "212 passengers",
                                    "to": "290 passengers"}]}]}
    [row] = claim_rows(data)
    assert [c.text for c in row["cells"]] == ["212 passengers", "290 passengers", ""]
    assert [c.changed_from for c in row["cells"]] == [None, "212 passengers", None]


def test_story_filter_matches_dates_by_overlap() -> None:
    story = StorySummary("s", 3, "Ferry", None, None, 0.9, ("Courier",), ("en",), "2026-03-14", "2026-03-16",
                         "s ferry courier")
    assert StoryFilter(since="2026-03-15").keeps(story)
    assert StoryFilter(until="2026-03-14").keeps(story)
    assert not StoryFilter(since="2026-03-17").keeps(story)
    assert not StoryFilter(text="lifeboat").keeps(story)
    assert StoryFilter(text="FERRY", outlet="Courier", lang="en", min_size=3).keeps(story)
    assert not StoryFilter(min_size=4).keeps(story)


def test_timeline_is_binned_by_month_or_year_when_days_are_many() -> None:
    from newstrace.web.index import binned

    days = [(f"2026-{m:02d}-{d:02d}", 1) for m in range(1, 13) for d in range(1, 29)]
    assert binned(days[:30]) == days[:30]
    by_month = binned(days)
    assert len(by_month) == 12 and by_month[0] == ("2026-01", 28)
    assert binned(days, most=5) == [("2026", 336)]
