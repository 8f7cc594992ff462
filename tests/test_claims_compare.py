"""Claim slots across a story's articles: a rewrite that rewords a counted figure is still compared."""

from __future__ import annotations

from newstrace.claims import extract
from newstrace.claims.compare import compare
from newstrace.model import Article, Placement


def _article(article_id: str, text: str, published: str) -> Article:
    return Article(id=article_id, raw=text, text=text, clean_text=text, lang="en", published=published)


def _slots(*articles: Article) -> list[dict[str, object]]:
    claims = {a.id: extract(a) for a in articles}
    placements = {articles[0].id: Placement(articles[0].id, "s", "origin", 1.0)}
    placements.update({a.id: Placement(a.id, "s", "rewrite", 0.7, parent=articles[0].id) for a in articles[1:]})
    return compare(claims, {a.id: a for a in articles}, placements, [])["slots"]  # type: ignore[no-any-return]


def test_a_rewrite_that_rewords_a_count_is_flagged_as_changing_it() -> None:
    origin = _article("o", "Officials said 3,400 people were evacuated from the flooded valley on Monday.",
                      "2024-05-06T08:00")
    rewrite = _article("r", "More than 5,000 residents were evacuated from the flooded valley on Monday, "
                            "officials said.", "2024-05-06T10:00")
    [slot] = _slots(origin, rewrite)
    assert slot["changes"] == [{"article": "r", "parent": "o", "from": "3,400 people",
                                "to": "More than 5,000 residents"}]


def test_counts_of_other_things_keep_their_own_slots() -> None:
    origin = _article("o", "Two lifeboats reached the ferry at dawn. Nine fishing boats joined them later.",
                      "2024-05-06T08:00")
    copy = _article("c", "Two lifeboats reached the ferry at dawn. Five fishing boats joined them later.",
                    "2024-05-06T09:00")
    slots = {s["of"]: s for s in _slots(origin, copy)}
    assert [v["written"] for v in slots["lifeboat"]["variants"]] == ["Two lifeboats"]  # type: ignore[index]
    assert [v["written"] for v in slots["boat"]["variants"]] == ["Nine fishing boats", "Five fishing boats"]  # type: ignore[index]
