from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstrace import demo, synth
from newstrace.cluster import KeptApart, Member, stories
from newstrace.config import TraceConfig
from newstrace.dates import when
from newstrace.model import Article, Link, LinkKind, Placement, Relation
from newstrace.pipeline import ingest, trace
from newstrace.store import SQLiteStore, open_store
from newstrace.trace import Facts, trace_stories
from tests.conftest import ARTICLE


def link(a: str, b: str, kind: str = "verbatim_copy", score: float = 1.0) -> Link:
    return Link(a, b, kind, score, 1.0, 1.0)


def test_stories_are_named_after_their_first_article_and_merges_keep_the_older_name() -> None:
    members = {i: Member(order=n) for n, i in enumerate(["a", "b", "c", "d"])}
    found = stories(members, [link("c", "d"), link("b", "c")])
    assert found == {"a": "story-a", "b": "story-b", "c": "story-b", "d": "story-b"}


def test_text_reuse_joins_stories_whatever_the_dates() -> None:

    members = {"a": Member(0, when("2023-02-06")), "b": Member(1, when("2024-11-02"))}
    assert len(set(stories(members, [link("a", "b")]).values())) == 1


def test_same_event_links_never_join_reports_dated_apart() -> None:

    import numpy as np

    vec = np.ones(4, dtype=np.float32) / 2
    members = {"a": Member(0, when("2019-04-15")), "b": Member(1, when("2024-02-13"))}
    found = stories(members, [link("a", "b", "independent", 0.9)], {"a": vec, "b": vec})
    assert found["a"] != found["b"]
    members["b"] = Member(1, when("2019-04-16"))
    found = stories(members, [link("a", "b", "independent", 0.9)], {"a": vec, "b": vec})
    assert found["a"] == found["b"]


def test_same_event_links_never_join_undated_reports_whose_openings_name_days_apart() -> None:
    import numpy as np

    vec = np.ones(4, dtype=np.float32) / 2
    # a landing reported "on Wednesday" by two pages, the launch "on Friday" by a third
    members = {"a": Member(0, when(None, 2)), "b": Member(1, when(None, 2)), "c": Member(2, when(None, 4)),
               "d": Member(3)}
    weak = [link("a", "b", "independent", 0.9), link("b", "c", "independent", 0.9), link("c", "d", "independent", 0.9)]
    found = stories(members, weak, dict.fromkeys("abcd", vec))
    assert found["a"] == found["b"] != found["c"]
    members["c"] = Member(2, when(None, 3))  # the day after: still one event
    assert len(set(stories(members, weak, dict.fromkeys("abcd", vec)).values())) == 1


def test_a_large_corpus_reads_only_the_vectors_of_stories_weak_links_touch(
        monkeypatch: pytest.MonkeyPatch) -> None:
    import numpy as np

    import newstrace.cluster as cluster

    vec = np.ones(4, dtype=np.float32) / 2
    members = {i: Member(n) for n, i in enumerate("abcdef")}
    links = [link("a", "b"), link("b", "c", "independent", 0.9), link("d", "e")]  # f links to nothing
    asked: list[set[str] | None] = []

    def reader(ids: set[str] | None) -> dict[str, np.ndarray]:
        asked.append(ids)
        return dict.fromkeys(ids if ids is not None else members, vec)

    monkeypatch.setattr(cluster, "ALL_PAIRS_UP_TO", 3)
    found = stories(members, links, reader)
    assert asked == [{"a", "b", "c"}]  # the copies of a story a weak link touches come with it
    assert found == stories(members, links, dict.fromkeys(members, vec))
    assert found["a"] == found["c"] != found["d"]


def test_stories_kept_apart_by_their_dates_are_reported_with_the_reason() -> None:

    import numpy as np

    vec = np.ones(4, dtype=np.float32) / 2
    for members, reason in [
        ({"a": Member(0, when(None, 2)), "b": Member(1, when(None, 4))}, "their reports name Wednesday and Friday"),
        ({"a": Member(0, when("2019-04-15")), "b": Member(1, when("2024-02-13"))},
         "dated 2019-04-15 and 2024-02-13, 1765 days apart"),
    ]:
        apart: list[KeptApart] = []
        found = stories(members, [link("a", "b", "independent", 0.9)], dict.fromkeys("ab", vec), apart)
        assert found["a"] != found["b"]
        assert apart == [KeptApart("story-a", "story-b", 1.0, reason)]
    apart = []
    stories({"a": Member(0, when(None, 2)), "b": Member(1, when(None, 3))}, [], dict.fromkeys("ab", vec), apart)
    assert apart == []  # joined: nothing kept apart


def test_an_undated_report_paired_early_with_a_later_event_moves_to_the_story_its_dates_allow() -> None:
    import numpy as np

    # cosines: u is the undated report; s the approval story (three copies of one text); n and x report
    # the first doses a week later.  u pairs with n first (0.7 against 0.6), x joins them, and their
    # dates refuse the join with s; yet u is closer to s (0.6) than to the rest of its group (0.55).
    names = ["s", "u", "n", "x"]
    gram = np.array([[1, .6, .5, .5], [.6, 1, .7, .4], [.5, .7, 1, .7], [.5, .4, .7, 1]])
    rows = dict(zip(names, np.linalg.cholesky(gram), strict=True))
    vectors = {"s1": rows["s"], "s2": rows["s"], "s3": rows["s"], "u": rows["u"], "n": rows["n"], "x": rows["x"]}
    members = {"s1": Member(0, when("2020-12-02")), "s2": Member(1, when("2020-12-02")),
               "s3": Member(2, when("2020-12-02")), "u": Member(3), "n": Member(4, when("2020-12-08")),
               "x": Member(5, when("2020-12-08"))}
    apart: list[KeptApart] = []
    found = stories(members, [link("s1", "s2"), link("s2", "s3")], vectors, apart)
    assert found["u"] == found["s1"] == "story-s1"
    assert found["n"] == found["x"] == "story-n" != found["s1"]  # named after its first article left
    assert [(k.a, k.b) for k in apart] == [("story-n", "story-s1")]
    members["u"] = Member(3, when("2020-12-08"))  # dated with the later event: it stays there
    assert stories(members, [link("s1", "s2"), link("s2", "s3")], vectors)["u"] == "story-u"


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> SQLiteStore:
    folder = tmp_path_factory.mktemp("demo")
    store = open_store(folder / "demo.db")
    ingest(demo.write_corpus(folder / "corpus"), store, table=demo.outlet_table())
    trace(store)
    return store


def courier(store: SQLiteStore) -> list[Article]:
    return [a for a in store.articles() if a.outlet == "The Karrow Courier"]


def test_demo_story_has_the_origin_and_each_copy_its_parent_with_evidence(demo_store: SQLiteStore) -> None:
    placements = {p.article_id: p for p in demo_store.placements()}
    origin = next(a.id for a in courier(demo_store) if "Ferry" in (a.title or ""))
    story = demo_store.story(placements[origin].story)
    assert story is not None and story.origin == origin and len(story.article_ids) == 4
    copy = placements["dnf24-ferry"]
    assert (copy.relation, copy.parent) == ("verbatim_copy", origin)
    assert any("credits The Karrow Courier" in e for e in copy.evidence)
    rewrite = placements["coastwatch-2026-0315-karrow"]
    assert (rewrite.relation, rewrite.parent) == ("rewrite", origin)
    assert any("published 2026-03-14, before" in e for e in rewrite.evidence)
    partial = next(p for p in placements.values() if p.relation == "partial_copy")
    assert partial.parent == origin and any("lies within it" in e for e in partial.evidence)


def test_unrelated_articles_stay_in_their_own_stories(demo_store: SQLiteStore) -> None:
    others = [a.id for a in courier(demo_store) if "Ferry" not in (a.title or "")]
    placements = {p.article_id: p for p in demo_store.placements()}
    assert len({placements[i].story for i in others}) == 2
    assert all(placements[i].relation == "independent" for i in others)


def test_links_carry_matched_passages_with_spans(demo_store: SQLiteStore) -> None:
    [partial] = [lk for lk in demo_store.links(with_detail=True) if lk.kind == "partial_copy"]
    passage = partial.detail.passages[0]
    a, b = demo_store.get(partial.a), demo_store.get(partial.b)
    assert a is not None and b is not None
    assert a.clean_text[slice(*passage.a)] == b.clean_text[slice(*passage.b)]
    assert "The passenger ferry Marigold ran aground" in a.clean_text[slice(*passage.a)]


def write(path: Path, records: list[dict]) -> Path:  # type: ignore[type-arg]
    path.write_text("".join(json.dumps(r) + "\n" for r in records))
    return path


def test_trace_is_incremental_and_keeps_story_ids(tmp_path: Path) -> None:
    records = list(synth.story_records(30, seed=5, words=120))
    store = open_store(tmp_path / "inc.db")
    ingest([write(tmp_path / "a.jsonl", records[:20])], store)
    first = trace(store, embeddings=False)
    before = {p.article_id: p.story for p in store.placements()}
    ingest([write(tmp_path / "b.jsonl", records[20:])], store)
    second = trace(store, embeddings=False)
    after = {p.article_id: p.story for p in store.placements()}
    assert first.linked.fingerprinted == 20 and second.linked.fingerprinted == 10
    assert all(after[i] == story for i, story in before.items())
    truth = {r["id"]: r["truth_story"] for r in records}
    for i in after:
        for j in after:
            assert (after[i] == after[j]) == (truth[i] == truth[j]), (i, j)


def test_indexes_from_another_fingerprint_version_are_rebuilt_and_links_kept(tmp_path: Path) -> None:
    records = list(synth.story_records(20, seed=5, words=120))
    store = open_store(tmp_path / "old.db")
    ingest([write(tmp_path / "a.jsonl", records)], store)
    trace(store, embeddings=False)
    links = store.links()
    store.set_meta("fingerprint_version", "1")  # as a store built before shingles were hashed by word
    again = trace(store, embeddings=False)
    assert again.linked.fingerprinted == 20 and again.linked.pairs_checked == 0  # pairs checked before stay checked
    assert store.links() == links and store.meta("fingerprint_version") != "1"


def test_a_damaged_stored_fingerprint_is_made_again_and_the_run_goes_on(tmp_path: Path) -> None:
    records = list(synth.story_records(20, seed=5, words=120))
    store = open_store(tmp_path / "damaged.db")
    ingest([write(tmp_path / "a.jsonl", records[:15])], store)
    trace(store, embeddings=False)
    victim = records[0]["id"]
    store.db.execute("UPDATE fingerprints SET samples = x'0102' WHERE article_id = ?", (victim,))  # cut mid-value
    ingest([write(tmp_path / "b.jsonl", records[15:])], store)
    messages: list[str] = []
    again = trace(store, embeddings=False, on_progress=messages.append)
    assert again.linked.repaired == 1 and again.linked.fingerprinted == 6
    assert any(victim in m and "could not be read" in m for m in messages) and "1 damaged" in again.line()
    assert len(store.fingerprint_rows([victim])[victim].keys) > 0 and store.placement(victim) is not None


def test_same_article_from_100_outlets_is_one_story_with_bounded_work(tmp_path: Path) -> None:
    rows = [{"id": f"o{i}", "url": f"https://outlet{i}.com/x", "published": "2026-03-14", "text": ARTICLE}
            for i in range(100)]
    store = open_store(tmp_path / "many.db")
    ingest([write(tmp_path / "many.jsonl", rows)], store)
    summary = trace(store, embeddings=False)
    assert summary.stories == 1
    assert summary.linked.pairs_checked <= 100 * 3 + 100


def test_first_copy_of_a_credited_wire_is_not_called_the_origin(tmp_path: Path) -> None:
    wire = f"HARBOURTON (Reuters) - {ARTICLE}"
    rows = [{"id": "first", "url": "https://www.harbournews.com/a", "published": "2026-03-14", "text": wire},
            {"id": "later", "url": "https://www.portblog.net/b", "published": "2026-03-15",
             "text": ARTICLE + "\n\nSource: harbournews.com"}]
    store = open_store(tmp_path / "wire.db")
    ingest([write(tmp_path / "wire.jsonl", rows)], store)
    trace(store, embeddings=False)
    placements = {p.article_id: p for p in store.placements()}
    [story] = store.stories()
    assert placements["later"].parent == "first"
    assert placements["first"].relation == "verbatim_copy" and placements["first"].parent_outlet == "Reuters"
    assert any("derive from it" in line for line in placements["first"].evidence)
    assert story.origin_outlet == "Reuters" and story.origin is None


def test_a_copy_that_keeps_only_the_top_of_its_source_is_partial(tmp_path: Path) -> None:
    words = [f"{a}{b}" for a in ("har", "por", "tid", "cra", "pie", "lum", "fig", "ree") for b in
             ("bo", "ta", "mi", "ke", "lu", "no", "sa", "ve", "di", "ro", "pa", "gu")]
    lines = [" ".join(words[n * 8:n * 8 + 8]).capitalize() + "." for n in range(12)]
    rows = [{"id": "full", "url": "https://www.harbournews.com/a", "published": "2026-03-14", "text": "\n".join(lines)},
            {"id": "top", "url": "https://www.portblog.net/b", "published": "2026-03-15",
             "text": "\n".join(lines[:5]) + "\nSource: harbournews.com"}]
    store = open_store(tmp_path / "top.db")
    ingest([write(tmp_path / "top.jsonl", rows)], store)
    trace(store, embeddings=False)
    top = next(p for p in store.placements() if p.article_id == "top")
    assert (top.parent, top.relation) == ("full", "partial_copy")


def test_empty_and_one_word_articles_trace_alone(tmp_path: Path) -> None:
    rows = [{"id": "one", "text": "Storm"}, {"id": "two", "text": "Storm"}, {"id": "full", "text": ARTICLE}]
    store = open_store(tmp_path / "tiny.db")
    ingest([write(tmp_path / "tiny.jsonl", rows)], store)
    summary = trace(store, embeddings=False)
    placements = {p.article_id: p for p in store.placements()}
    assert summary.linked.fingerprinted == 3
    assert placements["full"].relation == "independent"
    assert placements["one"].story != placements["full"].story


@pytest.mark.slow
def test_a_story_of_10000_copies_stays_one_story_at_bounded_cost(tmp_path: Path) -> None:
    rows = [{"id": f"c{i}", "url": f"https://copy{i}.net/a", "text": f"[ad_1]\n{ARTICLE}\nSource link"}
            for i in range(10_000)]
    store = open_store(tmp_path / "big.db")
    ingest([write(tmp_path / "big.jsonl", rows)], store)
    summary = trace(store, embeddings=False)
    assert summary.stories == 1
    assert summary.linked.pairs_checked <= 10_000 * 4


def test_between_two_equally_copied_roots_the_dated_earlier_one_is_the_origin() -> None:
    from collections import Counter

    from newstrace.model import Placement
    from newstrace.trace import Facts, _story

    metas = {"undated": Facts("undated", 1, "blog.example", None, []),
             "dated": Facts("dated", 2, "broadcaster.example", "2022-07-08", [])}
    placements = {i: Placement(i, "s", "origin", 0.5, evidence=["1 article(s) in the story derive from it"])
                  for i in metas}
    story = _story("s", ["undated", "dated"], placements, metas, Counter({"undated": 1, "dated": 1}))
    assert story.origin == "dated"


@pytest.mark.parametrize(("top_published", "parent"), [("2026-03-14", None), ("2026-03-15", "full")])
def test_containment_alone_makes_siblings_and_an_earlier_date_makes_a_parent(
        tmp_path: Path, top_published: str, parent: str | None) -> None:
    words = [f"{a}{b}" for a in ("har", "por", "tid", "cra", "pie", "lum", "fig", "ree", "dun", "mos") for b in
             ("bo", "ta", "mi", "ke", "lu", "no", "sa", "ve", "di", "ro", "pa", "gu")]
    lines = [" ".join(words[n * 8:n * 8 + 8]).capitalize() + "." for n in range(15)]
    rows = [{"id": "full", "url": "https://www.harbournews.com/a", "published": "2026-03-14", "text": "\n".join(lines)},
            {"id": "top", "url": "https://www.portblog.net/b", "published": top_published,
             "text": "\n".join(lines[:5])}]
    store = open_store(tmp_path / "cut.db")
    ingest([write(tmp_path / "cut.jsonl", rows)], store)
    trace(store, embeddings=False)
    placements = {p.article_id: p for p in store.placements()}
    assert (placements["top"].parent, placements["top"].relation) == (parent, "partial_copy")
    # same day: both cut from a text not in the corpus, the fuller one whole
    assert placements["full"].relation == ("verbatim_copy" if parent is None else "origin")


def test_two_texts_sharing_edited_passages_are_both_cut_from_an_unseen_source(tmp_path: Path) -> None:
    def lines(syllables: tuple[str, ...]) -> list[str]:
        words = [f"{a}{b}" for a in syllables for b in ("bo", "ta", "mi", "ke", "lu", "no", "sa", "ve", "di", "ro")]
        return [" ".join(words[n * 8:n * 8 + 8]).capitalize() + "." for n in range(len(words) // 8)]

    shared = lines(("har", "por", "tid", "cra"))
    one, two = lines(("pie", "lum", "fig", "ree", "dun", "mos")), lines(("gal", "vin", "sor", "tep", "nux", "wab"))
    rows = [{"id": "one", "url": "https://www.harbournews.com/a", "published": "2026-03-14",
             "text": "\n".join(shared + one)},
            {"id": "two", "url": "https://www.portblog.net/b", "published": "2026-03-14",
             "text": "\n".join(two[:3] + shared[:4] + two[3:])}]
    store = open_store(tmp_path / "siblings.db")
    ingest([write(tmp_path / "siblings.jsonl", rows)], store)
    trace(store, embeddings=False)
    [link_found] = [lk for lk in store.links() if lk.kind != "independent"]
    placements = {p.article_id: p for p in store.placements()}
    assert link_found.kind == "rewrite"
    for placement in placements.values():
        assert (placement.parent, placement.relation) == (None, "partial_copy")
        assert any("shares its text" in line for line in placement.evidence)


def test_an_article_updated_with_new_text_is_fingerprinted_and_linked_again(tmp_path: Path) -> None:
    other = ("Volunteers planted four hundred oak saplings along the northern riverbank on Saturday, the parks "
             "office said, after floods last winter washed away most of the old trees and half the footpath. ") * 3
    rows = [{"id": "first", "url": "https://www.harbournews.com/a", "text": ARTICLE},
            {"id": "copy", "url": "https://www.portblog.net/b", "text": ARTICLE}]
    store = open_store(tmp_path / "update.db")
    ingest([write(tmp_path / "one.jsonl", rows)], store)
    trace(store, embeddings=False)
    assert {lk.kind for lk in store.links()} == {"verbatim_copy"}
    ingest([write(tmp_path / "two.jsonl", [{**rows[1], "text": other}])], store)
    second = trace(store, embeddings=False)
    placements = {p.article_id: p for p in store.placements()}
    assert second.linked.fingerprinted == 1
    assert store.links() == []
    assert placements["copy"].story != placements["first"].story
    assert placements["copy"].relation == "independent" and placements["copy"].parent is None


def _shared_lines() -> list[str]:
    words = [f"{a}{b}" for a in ("har", "por", "tid", "cra", "pie", "lum", "fig", "ree", "dun", "mos") for b in
             ("bo", "ta", "mi", "ke", "lu", "no", "sa", "ve", "di", "ro", "pa", "gu")]
    return [" ".join(words[n * 8:n * 8 + 8]).capitalize() + "." for n in range(15)]


def test_a_copy_ending_in_a_source_link_is_placed_under_the_page_it_copied(tmp_path: Path) -> None:
    lines = _shared_lines()
    rows = [{"id": "original", "url": "https://www.harbournews.com/a", "text": "\n".join(lines)},
            {"id": "scraped", "url": "https://www.portblog.net/b", "text": "\n".join([*lines[:12], "Source link"])}]
    store = open_store(tmp_path / "scraped.db")
    ingest([write(tmp_path / "scraped.jsonl", rows)], store)
    trace(store, embeddings=False)
    placements = {p.article_id: p for p in store.placements()}
    assert placements["scraped"].parent == "original"
    assert any("link back to its source" in e for e in placements["scraped"].evidence)
    assert placements["original"].relation == "origin"


def test_two_pages_that_both_end_in_a_source_link_stay_siblings(tmp_path: Path) -> None:
    lines = _shared_lines()
    rows = [{"id": "one", "url": "https://www.harbournews.com/a", "text": "\n".join([*lines, "Source link"])},
            {"id": "two", "url": "https://www.portblog.net/b", "text": "\n".join([*lines[:12], "Source link"])}]
    store = open_store(tmp_path / "both.db")
    ingest([write(tmp_path / "both.jsonl", rows)], store)
    trace(store, embeddings=False)
    assert all(p.parent is None for p in store.placements())


def test_a_page_crediting_a_wire_is_not_placed_under_an_uncredited_page_of_that_text(tmp_path: Path) -> None:
    lines = _shared_lines()
    rows = [{"id": "client", "url": "https://www.harbournews.com/a", "published": "2026-03-14",
             "text": "\n".join(lines)},
            {"id": "credited", "url": "https://www.portblog.net/b", "published": "2026-03-15",
             "text": "\n".join([*lines, "(Reuters)"])}]
    store = open_store(tmp_path / "wire.db")
    ingest([write(tmp_path / "wire.jsonl", rows)], store)
    trace(store, embeddings=False)
    placements = {p.article_id: p for p in store.placements()}
    assert placements["credited"].parent is None and placements["credited"].parent_outlet == "Reuters"
    assert placements["client"].relation != "origin"


def test_a_copy_dated_before_its_source_keeps_its_link_with_the_contradiction_flagged(tmp_path: Path) -> None:
    lines = _shared_lines()
    rows = [{"id": "original", "url": "https://www.harbournews.com/a", "published": "2026-03-15",
             "text": "\n".join(lines)},
            {"id": "scraped", "url": "https://www.portblog.net/b", "published": "2026-03-14",
             "text": "\n".join([*lines[:9], "Source link"])}]
    store = open_store(tmp_path / "early.db")
    ingest([write(tmp_path / "early.jsonl", rows)], store)
    trace(store, embeddings=False)
    assert [(lk.a, lk.b) for lk in store.links()] in ([("original", "scraped")], [("scraped", "original")])
    placement = {p.article_id: p for p in store.placements()}["scraped"]
    assert placement.parent == "original"
    assert any("date contradicts the derivation" in e and "2026-03-15" in e for e in placement.evidence)



def _placed(facts: dict[str, Facts], links: list[Link]) -> dict[str, Placement]:
    """Each placement of one story of the given facts and links (no relation model)."""
    [(_, placed)] = list(trace_stories(dict.fromkeys(facts, "s"), facts, links, [], TraceConfig()))
    return {p.article_id: p for p in placed}


def _copy(a: str, b: str, kind: LinkKind, a_share: float, b_share: float) -> Link:
    return Link(a, b, kind, 0.6, a_share, b_share)


@pytest.mark.parametrize(("third_published", "third_credits", "parent"),
                         [("2023-03-10", [], None), ("2023-03", [], None), (None, [], "first"),
                          ("2023-03-12", [], "first"), ("2023-03-10", [("republication", "one.example")], "first")])
def test_an_earlier_page_is_no_parent_when_a_third_carried_the_same_text_as_early(
        third_published: str | None, third_credits: list[tuple[str, str]], parent: str | None) -> None:
    facts = {"first": Facts("first", 1, "one.example", "2023-03-10", []),
             "later": Facts("later", 2, "two.example", "2023-03-11", []),
             "third": Facts("third", 3, "three.example", third_published, third_credits)}
    partial = LinkKind.PARTIAL_COPY
    placed = _placed(facts, [_copy("first", "later", partial, 0.4, 0.6), _copy("third", "later", partial, 0.5, 0.4),
                             _copy("first", "third", partial, 0.5, 0.5)])
    # the same wire text out the same day (or month) at two outlets: the later page copied either, or the wire;
    # not so when the third page credits the first one's outlet (a copy of it)
    assert placed["later"].parent == parent
    assert (placed["first"].relation == Relation.ORIGIN) == (parent is not None)


@pytest.mark.parametrize(("shares", "parent"), [((0.2, 0.3), None), ((0.8, 0.7), "first")])
def test_a_dated_rewrite_is_a_derivation_only_when_most_of_both_texts_is_shared(
        shares: tuple[float, float], parent: str | None) -> None:
    facts = {"first": Facts("first", 1, "one.example", "2023-03-10", []),
             "later": Facts("later", 2, "two.example", "2023-03-11", [])}
    placed = _placed(facts, [_copy("first", "later", LinkKind.REWRITE, *shares)])
    # a few edited sentences in common are two versions of a wire text; the whole text reworded derives from it
    assert placed["later"].parent == parent
    assert placed["later"].relation == (Relation.REWRITE if parent else Relation.PARTIAL_COPY)
