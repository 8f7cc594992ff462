"""What every newstrace store does, run against the store interface (``ProvenanceStore``) alone.

Each backend is one entry in ``BACKENDS``: how to open a fresh store (again and again, to see what
persists) and how to make a store the way an older release left it.  There are SQLite and PostgreSQL (each
test gets a database of its own on the local server, dropped after; skipped without a server, except in
CI).  Things only one backend has are tested beside it: ``tests/test_store.py`` for SQLite,
``tests/test_store_postgres.py`` for PostgreSQL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import pytest

from newstrace.clean import boilerplate_keys, clean_article
from newstrace.errors import StoreError
from newstrace.model import Article, Credit, Link, LinkDetail, LinkKind, Placement, Reject, Relation, Removed, Story
from newstrace.pipeline import fill_line_keys
from newstrace.store import ProvenanceStore, open_store
from newstrace.store.base import ArticleFacts, ArticleRow, Outcome
from tests.conftest import ARTICLE
from tests.pgserver import fresh_database

FOOTER = "The Bay Post: independent news for the bay since 1890"


@dataclass(frozen=True)
class Backend:
    name: str
    # opens the same store every time it is called (creating it on the first call)
    open: Callable[[], ProvenanceStore]
    # writes these articles the way the release before stored line keys did, then opens that store now
    open_old: Callable[[list[Article]], ProvenanceStore]


def _sqlite(tmp_path: Path, _cleanup: ExitStack) -> Backend:
    path = tmp_path / "contract.db"
    return Backend("sqlite", lambda: open_store(path), lambda articles: _sqlite_old(tmp_path / "old.db", articles))


def _sqlite_old(path: Path, articles: list[Article]) -> ProvenanceStore:
    from newstrace.store.sqlite import _COLUMNS, MIGRATIONS, _row

    before = next(n for n, script in enumerate(MIGRATIONS) if "line_keys" in script)
    columns = [c for c in _COLUMNS if c != "line_keys"]
    with sqlite3.connect(path) as db:
        for number, script in enumerate(MIGRATIONS[:before]):
            db.executescript(script)
            db.execute(f"PRAGMA user_version={number + 1}")
        for article in articles:  # as that release wrote them: the keys counted, not kept
            row = _row(article)
            db.execute(f"INSERT INTO articles ({','.join(columns)}) VALUES ({','.join('?' * len(columns))})",
                       [row[c] for c in columns])
            outlet = article.outlet or ""
            db.executemany("INSERT INTO outlet_lines (outlet, key, n) VALUES (?, ?, 1) "
                           "ON CONFLICT(outlet, key) DO UPDATE SET n = n + 1",
                           [(outlet, key) for key in boilerplate_keys(article)])
            db.execute("INSERT INTO outlet_articles (outlet, n) VALUES (?, 1) "
                       "ON CONFLICT(outlet) DO UPDATE SET n = n + 1", (outlet,))
    return open_store(path)


def _postgres(_tmp_path: Path, cleanup: ExitStack) -> Backend:
    url = cleanup.enter_context(fresh_database())
    return Backend("postgres", lambda: open_store(url),
                   lambda articles: _postgres_old(cleanup.enter_context(fresh_database()), articles))


def _postgres_old(url: str, articles: list[Article]) -> ProvenanceStore:
    import psycopg

    from newstrace.store.postgres import MIGRATIONS
    from newstrace.store.sqlite import _COLUMNS, _row

    before = next(n for n, script in enumerate(MIGRATIONS) if "line_keys" in script)
    columns = [c for c in _COLUMNS if c != "line_keys"]
    with psycopg.connect(url) as db:
        db.execute("CREATE TABLE newstrace_schema (version INTEGER NOT NULL)")
        for script in MIGRATIONS[:before]:
            db.execute(script.encode())
        db.execute("INSERT INTO newstrace_schema (version) VALUES (%s)", (before,))
        for article in articles:  # as that release wrote them: the keys counted, not kept
            row = _row(article)
            db.execute(f"INSERT INTO articles ({','.join(columns)}) VALUES ({','.join(['%s'] * len(columns))})",
                       [row[c] for c in columns])
            outlet = article.outlet or ""
            db.cursor().executemany("INSERT INTO outlet_lines (outlet, key, n) VALUES (%s, %s, 1) "
                                    "ON CONFLICT(outlet, key) DO UPDATE SET n = outlet_lines.n + 1",
                                    [(outlet, key) for key in boilerplate_keys(article)])
            db.execute("INSERT INTO outlet_articles (outlet, n) VALUES (%s, 1) "
                       "ON CONFLICT(outlet) DO UPDATE SET n = outlet_articles.n + 1", (outlet,))
    return open_store(url)


BACKENDS: dict[str, Callable[[Path, ExitStack], Backend]] = {"sqlite": _sqlite, "postgres": _postgres}


@pytest.fixture(params=sorted(BACKENDS))
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    with ExitStack() as cleanup:
        yield BACKENDS[request.param](tmp_path, cleanup)


@pytest.fixture
def store(backend: Backend) -> Iterator[ProvenanceStore]:
    with backend.open() as opened:
        yield opened


def article(i: str = "a", text: str = ARTICLE, url: str | None = None, outlet: str | None = "Bay Post") -> Article:
    """An article as the clean stage hands it to the store (with its line keys)."""
    return clean_article(Article(id=i, raw=text, text=text, url=url, outlet=outlet, source=f"{i}.txt"))


def footed(i: str, footer: bool = True, outlet: str | None = "Bay Post") -> Article:
    body = "\n".join(f"{line} ({i})" for line in ARTICLE.splitlines())  # lines of its own: only the footer is shared
    return article(i, f"{body}\n{FOOTER}" if footer else body, outlet=outlet)


def learned(store: ProvenanceStore) -> dict[str, set[str]]:
    return store.boilerplate(3, 0.5)


FOOTER_KEY = next(iter(boilerplate_keys(Article("x", "", clean_text=FOOTER))))


# articles in and out


def test_an_article_round_trips_with_its_cuts_credits_and_line_keys(store: ProvenanceStore) -> None:
    text = f"[ad_1]\n(Reuters) - {ARTICLE}\nSource link"
    stored = article("r", text)
    assert stored.removed and stored.credits and stored.line_keys
    assert store.put_articles([stored]) == [Outcome.STORED]
    assert store.get("r") == stored
    assert store.get("nobody") is None


def test_what_is_put_persists_after_reopening(backend: Backend) -> None:
    with backend.open() as store:
        store.put_articles([article("a")])
        store.set_meta("k", "v")
    with backend.open() as store:
        assert store.count() == 1 and store.get("a") == article("a") and store.meta("k") == "v"


def test_same_item_again_is_a_duplicate_and_new_content_an_update(store: ProvenanceStore) -> None:
    assert store.put_articles([article()]) == [Outcome.STORED]
    assert store.put_articles([article()]) == [Outcome.DUPLICATE]
    assert store.put_articles([article(text=ARTICLE + "\nUpdated at noon.")]) == [Outcome.UPDATED]
    stored = store.get("a")
    assert stored is not None and stored.text.endswith("Updated at noon.") and store.count() == 1


def test_same_url_under_another_id_is_the_same_item(store: ProvenanceStore) -> None:
    store.put_articles([article("a", url="https://baypost.com/1")])
    assert store.put_articles([article("b", url="https://baypost.com/1")]) == [Outcome.DUPLICATE]
    updated = article("b", ARTICLE + "\nCorrected.", url="https://baypost.com/1")
    assert store.put_articles([updated]) == [Outcome.UPDATED]
    stored = store.get("a")
    assert store.count() == 1 and stored is not None and stored.text.endswith("Corrected.")


def test_same_text_under_two_urls_is_two_articles(store: ProvenanceStore) -> None:
    # verbatim copies are what newstrace looks for: never merged away at ingest
    outcomes = store.put_articles([article("a", url="https://one.com/x"), article("b", url="https://two.com/x")])
    assert outcomes == [Outcome.STORED, Outcome.STORED] and store.count() == 2


def test_one_batch_reports_each_outcome_in_order(store: ProvenanceStore) -> None:
    outcomes = store.put_articles([article("a"), article("a"), article("b"), article("a", ARTICLE + "\nLater.")])
    assert outcomes == [Outcome.STORED, Outcome.DUPLICATE, Outcome.STORED, Outcome.UPDATED]


def test_rejects_are_kept_once_per_item_and_reason_until_the_item_is_stored(store: ProvenanceStore) -> None:
    first, second = Reject("a.txt", "empty", "E004 ..."), Reject("b.txt", "bad_json", "E005 ...")
    store.put_rejects([first, second])
    store.put_rejects([replace(first, message="E004 again")])
    assert sorted(store.rejects(), key=lambda r: r.item) == [replace(first, message="E004 again"), second]
    store.put_articles([article("a")])  # its source is a.txt: read at last
    assert store.rejects() == [second]


def test_listing_and_articles_come_in_ingest_order_and_filter_by_outlet(store: ProvenanceStore) -> None:
    store.put_articles([article("z"), article("m", outlet="Sun"), article("b")])
    assert [a.id for a in store.articles()] == ["z", "m", "b"]
    assert [a.id for a in store.articles(outlet="Sun")] == ["m"]
    rows = store.listing()
    assert [r.id for r in rows] == ["z", "m", "b"] and all(isinstance(r, ArticleRow) for r in rows)
    assert rows[0] == ArticleRow("z", "Bay Post", None, None, None, len(article("z").clean_text.split()))
    assert [r.id for r in store.listing(limit=2)] == ["z", "m"]
    assert [r.id for r in store.listing(outlet="Bay Post", limit=1)] == ["z"]
    assert store.count() == 3


def test_article_facts_are_typed_rows_in_ingest_order(store: ProvenanceStore) -> None:
    store.put_articles([article("w", f"(Reuters) - {ARTICLE}"), article("p")])
    facts = store.article_facts()
    assert [f.id for f in facts] == ["w", "p"] and all(isinstance(f, ArticleFacts) for f in facts)
    assert facts[0].order < facts[1].order and facts[0].outlet == "Bay Post"
    assert facts[0].credits == store.get("w").credits  # type: ignore[union-attr]
    assert facts[0].credits and all(isinstance(c, Credit) for c in facts[0].credits)


def test_opening_vectors_come_back_all_or_for_the_ids_asked(store: ProvenanceStore) -> None:
    from newstrace.fingerprint import fingerprints
    from newstrace.store.base import LinkBatch

    store.put_articles([article("a"), article("b"), article("c")])
    prints = fingerprints([(i, ARTICLE, "en") for i in "abc"])
    store.put_link_batch(LinkBatch(prints, {"a": b"\x01\x02", "c": b"\x03\x04"}, {}, [], []))
    assert store.embeddings() == {"a": b"\x01\x02", "c": b"\x03\x04"}
    assert store.embeddings({"a", "b"}) == {"a": b"\x01\x02"}  # b has no vector
    assert store.embeddings(set()) == {}


def test_meta_is_unset_then_set_then_overwritten(store: ProvenanceStore) -> None:
    assert store.meta("model") is None
    store.set_meta("model", "one")
    store.set_meta("model", "two")
    assert store.meta("model") == "two"


# outlet boilerplate: the store counts the line keys the clean stage computed


def test_a_line_in_enough_of_an_outlets_articles_is_learned(store: ProvenanceStore) -> None:
    store.put_articles([footed("a"), footed("b")])
    assert learned(store) == {}  # in 2 articles: under the minimum of 3
    store.put_articles([footed("c"), footed("d", footer=False), footed("e", outlet="Sun")])
    assert learned(store) == {"Bay Post": {FOOTER_KEY}}  # 3 of 4 Bay Post articles; the Sun's one is its own
    store.put_articles([footed(f"x{i}", footer=False) for i in range(3)])
    assert learned(store) == {}  # 3 of 7: under half


def test_articles_without_an_outlet_teach_nothing(store: ProvenanceStore) -> None:
    store.put_articles([footed(i, outlet=None) for i in "abcd"])
    assert learned(store) == {}


def test_an_update_uncounts_the_old_versions_lines(store: ProvenanceStore) -> None:
    store.put_articles([footed("a"), footed("b"), footed("c")])
    assert learned(store) == {"Bay Post": {FOOTER_KEY}}
    assert store.put_articles([replace(footed("c", footer=False), raw="new")]) == [Outcome.UPDATED]
    assert learned(store) == {}
    store.put_articles([replace(footed("c"), raw="newer")])
    assert learned(store) == {"Bay Post": {FOOTER_KEY}}


def test_an_update_that_moves_outlet_uncounts_the_old_outlet(store: ProvenanceStore) -> None:
    store.put_articles([footed("a"), footed("b"), footed("c"), footed("d", outlet="Sun")])
    store.put_articles([replace(footed("c", outlet="Sun"), raw="moved")])
    assert learned(store) == {}  # Bay Post: 2 of 2, Sun: 2 of 2


def test_an_article_given_without_line_keys_counts_none(store: ProvenanceStore) -> None:
    bare = [Article(id=i, raw=f"{ARTICLE}\n{FOOTER}\n{i}", text="t", clean_text=f"{ARTICLE}\n{FOOTER}",
                    outlet="Bay Post") for i in "abc"]
    store.put_articles(bare)
    assert learned(store) == {} and store.get("a").line_keys == ()  # type: ignore[union-attr]


def test_replace_cleaning_rewrites_the_cleaning_and_moves_counts_by_what_changed(store: ProvenanceStore) -> None:
    store.put_articles([footed("a"), footed("b"), footed("c")])
    recleaned = [clean_article(a, {FOOTER_KEY}) for a in store.articles()]
    assert all(FOOTER not in a.clean_text for a in recleaned)
    assert store.replace_cleaning(recleaned) == 3
    assert [a.clean_text for a in store.articles()] == [a.clean_text for a in recleaned]
    assert store.get("a").removed[-1].reason == "outlet_boilerplate"  # type: ignore[union-attr]
    assert learned(store) == {"Bay Post": {FOOTER_KEY}}  # a cut learned line still counts
    stripped = replace(recleaned[0], line_keys=tuple(k for k in recleaned[0].line_keys or () if k != FOOTER_KEY))
    assert store.replace_cleaning([stripped, replace(stripped, id="nobody")]) == 1
    assert learned(store) == {}  # a's keys no longer hold the footer: 2 of 3


# stories, placements, links and claims


def _traced() -> list[tuple[Story, list[Placement]]]:
    big = Story("s1", ["a", "b"], 0.8, origin="a", origin_outlet="Bay Post", evidence=["a came first"],
                kept_apart=[{"story": "s2", "similarity": 0.7, "reason": "dated 6 days apart"}])
    small = Story("s2", ["c"], 0.5, origin="c", origin_outlet="Sun")
    return [(small, [Placement("c", "s2", Relation.ORIGIN, 0.5)]),
            (big, [Placement("a", "s1", Relation.ORIGIN, 0.8, evidence=["first"]),
                   Placement("b", "s1", Relation.VERBATIM_COPY, 0.9, parent="a", parent_outlet="Bay Post",
                             evidence=["copies 98% of a"])])]


def test_stories_and_placements_round_trip(store: ProvenanceStore) -> None:
    traced = _traced()
    store.put_stories(traced)
    assert [s.id for s in store.stories()] == ["s1", "s2"]  # the largest first
    assert store.story("s1") == traced[1][0] and store.story("s2") == traced[0][0]
    assert store.story("s9") is None
    assert store.placements() == sorted([p for _, ps in traced for p in ps], key=lambda p: p.article_id)
    assert store.placements("s1") == traced[1][1]
    assert store.placement("b") == traced[1][1][1] and store.placement("z") is None


def test_put_stories_replaces_the_whole_assignment(store: ProvenanceStore) -> None:
    store.put_stories(_traced())
    store.put_stories([(Story("t1", ["a"], 0.3), [Placement("a", "t1", Relation.ORIGIN, 0.3)])])
    assert [s.id for s in store.stories()] == ["t1"] and [p.article_id for p in store.placements()] == ["a"]


def _links() -> list[Link]:
    return [Link("a", "b", LinkKind.VERBATIM_COPY, 1.0, 0.98, 0.97, LinkDetail(shared_tokens=120, identical=True)),
            Link("b", "c", LinkKind.INDEPENDENT, 0.6, 0.0, 0.0, LinkDetail(similarity=0.61))]


def test_links_round_trip_with_and_without_detail(store: ProvenanceStore) -> None:
    store.put_links(_links(), [("b", "a"), ("c", "b"), ("a", "c")])
    assert store.links(with_detail=True) == _links()
    assert [(lk.a, lk.b, lk.kind) for lk in store.links("c")] == [("b", "c", LinkKind.INDEPENDENT)]
    assert store.links("c")[0].detail == LinkDetail()
    store.put_stories(_traced())
    assert store.story_links("s1", with_detail=True) == _links()[:1]  # b-c crosses stories
    assert store.story_links("s2") == []


def test_claims_are_cached_per_content_hash(store: ProvenanceStore) -> None:
    data: dict[str, Any] = {"statements": [{"source": "the board", "cue": "said"}]}
    assert store.cached_claims("a", "h1") is None
    store.put_claims("a", "h1", data)
    assert store.cached_claims("a", "h1") == data
    assert store.cached_claims("a", "h2") is None  # the text changed since


# atomicity and errors


def test_a_failed_batch_of_articles_leaves_nothing_half_written(store: ProvenanceStore) -> None:
    store.put_articles([footed("kept")])
    broken = footed("broken")
    broken.removed = [Removed(0, 1, object(), "x")]  # type: ignore[arg-type]  # cannot be serialised
    with pytest.raises(TypeError):
        store.put_articles([footed("new"), footed("other"), broken])
    assert [a.id for a in store.articles()] == ["kept"] and store.count() == 1
    store.put_articles([footed("new"), footed("other")])
    assert learned(store) == {"Bay Post": {FOOTER_KEY}}  # the failed batch counted nothing


def test_a_failed_replacement_of_stories_keeps_the_old_ones(store: ProvenanceStore) -> None:
    store.put_stories(_traced())

    def traced() -> Iterator[tuple[Story, list[Placement]]]:
        yield Story("t1", ["x"], 0.3), [Placement("x", "t1", Relation.ORIGIN, 0.3)]
        raise RuntimeError("the trace stage failed half way")

    with pytest.raises(RuntimeError):
        store.put_stories(traced())
    assert [s.id for s in store.stories()] == ["s1", "s2"] and store.placement("x") is None


def test_a_failed_batch_of_links_writes_none_of_it(store: ProvenanceStore) -> None:
    broken = Link("c", "d", LinkKind.REWRITE, 0.5, 0.1, 0.1, LinkDetail(shared_source=object()))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        store.put_links([*_links(), broken], [("a", "b")])
    assert store.links() == []


def test_a_failed_replace_cleaning_changes_nothing(store: ProvenanceStore) -> None:
    store.put_articles([footed("a"), footed("b"), footed("c")])
    before = [store.get(i) for i in "abc"]
    broken = replace(footed("c", footer=False), removed=[Removed(0, 1, object(), "x")])  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        store.replace_cleaning([footed("a", footer=False), broken])
    assert [store.get(i) for i in "abc"] == before and learned(store) == {"Bay Post": {FOOTER_KEY}}


CALLS: list[tuple[str, Callable[[ProvenanceStore], object]]] = [
    ("put_articles", lambda s: s.put_articles([article("b")])),
    ("put_rejects", lambda s: s.put_rejects([Reject("x", "empty", "E004")])),
    ("get", lambda s: s.get("a")),
    ("articles", lambda s: list(s.articles())),
    ("listing", lambda s: s.listing()),
    ("rejects", lambda s: s.rejects()),
    ("count", lambda s: s.count()),
    ("boilerplate", lambda s: s.boilerplate(3, 0.5)),
    ("replace_cleaning", lambda s: s.replace_cleaning([article("a")])),
    ("missing_line_keys", lambda s: s.missing_line_keys()),
    ("meta", lambda s: s.meta("k")),
    ("set_meta", lambda s: s.set_meta("k", "v")),
    ("article_facts", lambda s: s.article_facts()),
    ("index_rows", lambda s: list(s.index_rows())),
    ("put_links", lambda s: s.put_links(_links(), [])),
    ("links", lambda s: s.links()),
    ("put_stories", lambda s: s.put_stories(_traced())),
    ("stories", lambda s: s.stories()),
    ("placements", lambda s: s.placements()),
    ("cached_claims", lambda s: s.cached_claims("a", "h")),
]


@pytest.mark.parametrize(("name", "call"), CALLS, ids=[name for name, _ in CALLS])
def test_a_store_that_fails_underneath_raises_store_error(store: ProvenanceStore, name: str,
                                                           call: Callable[[ProvenanceStore], object]) -> None:
    store.put_articles([article("a")])
    store.close()
    with pytest.raises(StoreError, match=name):
        call(store)


def test_a_failure_while_iterating_is_a_store_error_too(store: ProvenanceStore) -> None:
    store.put_articles([article(str(i)) for i in range(300)])
    rows = store.articles()
    assert next(rows).id == "0"
    store.close()
    with pytest.raises(StoreError, match="articles"):
        list(rows)


# a store written by an older release


def test_a_store_from_before_line_keys_keeps_its_counts_and_gets_its_keys(backend: Backend) -> None:
    old = [footed("a"), footed("b"), footed("c"), footed("d", footer=False)]
    with backend.open_old(old) as store:
        assert store.count() == 4 and learned(store) == {"Bay Post": {FOOTER_KEY}}
        assert [a.id for a in store.missing_line_keys()] == ["a", "b", "c", "d"]
        assert [a.id for a in store.missing_line_keys(limit=2)] == ["a", "b"]
        assert store.get("a").line_keys is None  # type: ignore[union-attr]
        assert fill_line_keys(store, batch_size=3) == 4
        assert store.missing_line_keys() == [] and fill_line_keys(store) == 0
        assert [store.get(a.id) for a in old] == old
        assert learned(store) == {"Bay Post": {FOOTER_KEY}}  # filled in, not counted twice
        store.put_articles([replace(footed("c", footer=False), raw="new")])
        assert learned(store) == {}  # the old version's footer was uncounted


def test_an_update_of_an_old_row_without_keys_uncounts_the_article_only(backend: Backend) -> None:
    # what a caller that skips pipeline.fill_line_keys gets: the old version's lines stay counted
    with backend.open_old([footed("a"), footed("b"), footed("c")]) as store:
        store.put_articles([replace(footed("c", footer=False), raw="new")])
        assert learned(store) == {"Bay Post": {FOOTER_KEY}} and store.count() == 3
