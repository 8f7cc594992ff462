"""The judging actors' body and the driver's copy of what each holds (no Ray needed: both are plain classes)."""

from __future__ import annotations

import json

from newstrace import synth
from newstrace.config import TraceConfig
from newstrace.engine.judges import Judge, Router
from newstrace.engine.work import Encoded, Item, judge
from newstrace.fingerprint import fingerprints
from newstrace.model import Article, Link

CONFIG = TraceConfig(embeddings=False)


def _items(n: int) -> dict[str, Item]:
    records = list(synth.story_records(n, seed=5, words=150))
    articles = {str(r["id"]): Article(id=str(r["id"]), raw="", text="", clean_text=str(r["text"]),
                                      title=str(r.get("title") or ""), lang="en") for r in records}
    prints = fingerprints([(a.id, a.clean_text, a.lang) for a in articles.values()])
    return {fp.article_id: Item(articles[fp.article_id], fp.lang, fp.keys, fp.weekday, None) for fp in prints}


def _stored(link: Link | None) -> tuple[object, ...] | None:
    """A verdict as the store keeps it (an actor's come with their detail already encoded for the store)."""
    if link is None:
        return None
    return (link.a, link.b, link.kind, link.score, link.a_coverage, link.b_coverage, link.same_event,
            link.detail.identical, link.detail.as_json())


def test_an_actors_verdicts_carry_their_detail_as_the_store_writes_it() -> None:
    items = _items(40)
    ids = sorted(items)
    pairs = _pairs(ids)
    expected = [link for link in judge(CONFIG, items, pairs).links if link is not None]
    got = [link for link in Judge().judge(CONFIG, items, pairs, []).links if link is not None]
    assert any(link.detail.passages for link in expected)  # passages and edits to carry
    assert all(isinstance(link.detail, Encoded) and not link.detail.passages for link in got)
    assert [link.detail.as_json() for link in got] == \
        [json.dumps(link.detail.as_dict(), ensure_ascii=False) for link in expected]
    assert [link.detail.as_dict() for link in got] == [link.detail.as_dict() for link in expected]
    assert [link.detail.identical for link in got] == [link.detail.identical for link in expected]


def _pairs(ids: list[str]) -> list[tuple[str, str]]:
    """Each article against the three before it: (candidate, new article)."""
    return [(ids[k - d], ids[k]) for k in range(1, len(ids)) for d in (1, 2, 3) if k - d >= 0]


def test_a_plan_sends_an_article_to_an_actor_only_while_it_does_not_hold_it() -> None:
    ids = [f"a{k:03d}" for k in range(60)]
    router = Router(actors=2, capacity=1000)
    chunks = router.plan(_pairs(ids), size=20)
    sent: list[set[str]] = [set(), set()]
    for chunk in chunks:
        needed = {i for pair in chunk.pairs for i in pair}
        assert needed <= sent[chunk.actor] | set(chunk.send)  # everything it judges, it holds
        assert not set(chunk.send) & sent[chunk.actor]  # nothing sent twice
        sent[chunk.actor] |= set(chunk.send)
    by_new = {}
    for chunk in chunks:
        for _, new in chunk.pairs:
            assert by_new.setdefault(new, chunk.actor) == chunk.actor  # a new article's pairs on one actor
    assert sorted(p for c in chunks for p in c.pairs) == sorted(_pairs(ids))
    assert {c.actor for c in chunks} == {0, 1}  # both actors get work


def test_an_actor_lets_go_of_the_least_recently_used_beyond_its_capacity() -> None:
    ids = [f"a{k:03d}" for k in range(100)]
    router = Router(actors=1, capacity=10)
    held: set[str] = set()
    for chunk in router.plan(_pairs(ids), size=5):
        held |= set(chunk.send)
        assert {i for pair in chunk.pairs for i in pair} <= held
        held -= set(chunk.drop)
        assert len(held) <= 10
    assert held == set(router.held[0]) and "a000" not in held and "a099" in held


def test_the_actor_judges_as_the_task_and_says_what_it_lacks_after_a_restart() -> None:
    items = _items(80)
    ids = sorted(items)
    pairs = _pairs(ids)
    expected = judge(CONFIG, items, pairs).links
    actor = Judge()
    router = Router(actors=1, capacity=30)
    got = []
    for chunk in router.plan(pairs, size=25):
        judged = actor.judge(CONFIG, {i: items[i] for i in chunk.send}, chunk.pairs, chunk.drop)
        assert not judged.missing
        got += list(zip(chunk.pairs, map(_stored, judged.links), strict=True))
    assert dict(got) == dict(zip(pairs, map(_stored, expected), strict=True)) and any(expected)
    restarted = Judge()  # a new process: holds nothing, and has the default config until told the run's
    lacking = restarted.judge(CONFIG, {}, pairs[-3:], [])
    assert lacking.missing and not lacking.links
    again = restarted.judge(CONFIG, {i: items[i] for p in pairs[-3:] for i in p}, pairs[-3:], [], fresh=True)
    assert list(map(_stored, again.links)) == list(map(_stored, expected[-3:]))
