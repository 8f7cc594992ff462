from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from newstrace import synth
from newstrace.clean import clean_article
from newstrace.errors import StoreError, UsageError
from newstrace.ingest import read_paths
from newstrace.model import Article, Reject, Removed
from newstrace.pipeline import ingest
from newstrace.store import SQLiteStore, open_store
from newstrace.store.base import Outcome
from newstrace.store.sqlite import SCHEMA_VERSION
from tests.conftest import ARTICLE, ROOT


def article(i: str = "a", text: str = ARTICLE, url: str | None = None) -> Article:
    return Article(id=i, raw=text, text=text, clean_text=text, url=url, outlet="Bay Post")


def test_new_store_is_wal_with_current_schema(store: SQLiteStore) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.schema_version == SCHEMA_VERSION


def test_reingest_same_item_is_a_duplicate(store: SQLiteStore) -> None:
    assert store.put_articles([article()]) == [Outcome.STORED]
    assert store.put_articles([article()]) == [Outcome.DUPLICATE]
    assert store.count() == 1


def test_same_id_with_new_content_is_an_update(store: SQLiteStore) -> None:
    store.put_articles([article()])
    assert store.put_articles([article(text=ARTICLE + " Updated.")]) == [Outcome.UPDATED]
    stored = store.get("a")
    assert stored is not None and stored.text.endswith("Updated.") and store.count() == 1


def test_same_url_under_another_id_is_the_same_item(store: SQLiteStore) -> None:
    store.put_articles([article("a", url="https://baypost.com/1")])
    assert store.put_articles([article("b", url="https://baypost.com/1")]) == [Outcome.DUPLICATE]


def test_same_text_from_another_outlet_is_a_separate_article(store: SQLiteStore) -> None:
    # verbatim copies are what newstrace looks for: never merged away at ingest
    store.put_articles([article("a", url="https://one.com/x"), article("b", url="https://two.com/x")])
    assert store.count() == 2


def test_article_round_trips_through_the_store(store: SQLiteStore) -> None:
    [original] = list(read_paths([ROOT / "src/newstrace/demo/corpus/autoblog-copies.jsonl"]))[:1]
    cleaned = clean_article(original)  # type: ignore[arg-type]
    store.put_articles([cleaned])
    assert store.get(cleaned.id) == cleaned


def test_rejects_are_stored_once_per_item_and_reason(store: SQLiteStore) -> None:
    reject = Reject("x.jsonl:3", "bad_json", "E005 ...")
    store.put_rejects([reject])
    store.put_rejects([reject])
    assert store.rejects() == [reject]


def test_a_failed_batch_leaves_nothing_half_written(store: SQLiteStore) -> None:
    store.put_articles([article("kept")])
    broken = article("broken")
    broken.removed = [Removed(0, 1, object(), "x")]  # type: ignore[arg-type]  # cannot be serialised
    with pytest.raises(TypeError):
        store.put_articles([article("new"), broken])
    assert [a.id for a in store.articles()] == ["kept"]


def test_file_that_is_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    bad = tmp_path / "x.db"
    bad.write_text("this is not sqlite " * 100)
    with pytest.raises(StoreError, match="give another --db path"):
        open_store(bad)


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.db"
    with sqlite3.connect(path) as db:
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    with pytest.raises(StoreError, match="upgrade newstrace"):
        open_store(path)


def test_unsupported_store_url_says_what_to_give() -> None:
    with pytest.raises(UsageError, match="give a file path"):
        open_store("postgresql://localhost/news")


def test_ingest_twice_stores_once(tmp_path: Path, store: SQLiteStore) -> None:
    path = tmp_path / "a.jsonl"
    with path.open("w") as out:
        synth.write_jsonl(out, 40, words=80)
    first = ingest([path], store, batch_size=7)
    second = ingest([path], store, batch_size=7)
    assert (first.stored, first.duplicates) == (40, 0)
    assert (second.stored, second.duplicates, second.updated) == (0, 40, 0)
    assert store.count() == 40


def test_learned_boilerplate_is_removed_from_earlier_articles_too(tmp_path: Path, store: SQLiteStore) -> None:
    footer = "The Bay Post: independent news for the bay since 1890"
    texts = [synth.article_text(random.Random(i), 60, chrome=False) for i in range(4)]
    rows = [{"id": f"bp{i}", "outlet": "Bay Post", "text": f"{text}\n{footer}"} for i, text in enumerate(texts)]
    path = tmp_path / "a.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows))
    summary = ingest([path], store)
    assert summary.recleaned == 4
    for stored in store.articles():
        assert footer not in stored.clean_text
        assert any(r.reason == "outlet_boilerplate" and r.text == footer for r in stored.removed)


TOTAL = 20000
CHILD = textwrap.dedent("""
    import sys
    from newstrace.pipeline import ingest
    from newstrace.store import open_store

    def report(summary, ids):
        print("\\n".join(ids), flush=True)

    with open_store(sys.argv[1]) as store:
        ingest([sys.argv[2]], store, batch_size=25, on_batch=report, learn_boilerplate=False)
""")


@pytest.mark.slow
def test_killed_ingest_loses_nothing_reported_and_resumes(tmp_path: Path) -> None:
    corpus, db = tmp_path / "corpus.jsonl", tmp_path / "kill.db"
    with corpus.open("w") as out:
        # enough ids to fill the pipe, so the child blocks and cannot finish before the kill
        synth.write_jsonl(out, TOTAL, words=40)
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(db), str(corpus)], stdout=subprocess.PIPE, text=True,
                             env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert child.stdout is not None
    reported: list[str] = []
    while len(reported) < 500:
        line = child.stdout.readline()
        assert line, "the child ended before it was killed"
        reported.append(line.strip())
    os.kill(child.pid, signal.SIGKILL)
    child.wait()

    with open_store(db) as store:
        assert store.db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {a.id: a for a in store.articles()}
        assert set(reported) <= set(stored)
        assert len(stored) < TOTAL, "the kill came too late to test anything"
        for a in stored.values():  # whole articles only
            assert a.clean_text and a.text and a.raw
        summary = ingest([corpus], store)
        assert summary.duplicates == len(stored) and summary.stored == TOTAL - len(stored)
        assert store.count() == TOTAL


def test_story_links_are_the_links_inside_one_story_each_once(tmp_path: Path) -> None:
    from newstrace.model import Link, Placement, Story

    store = open_store(tmp_path / "links.db")
    store.put_links([Link("a", "b", "verbatim_copy", 1.0, 1.0, 1.0), Link("b", "c", "independent", 0.6, 0.0, 0.0)], [])
    store.put_stories([(Story("s1", ["a", "b"], 0.5, origin="a"),
                        [Placement("a", "s1", "origin", 0.5), Placement("b", "s1", "verbatim_copy", 0.5)]),
                       (Story("s2", ["c"], 0.2, origin="c"), [Placement("c", "s2", "independent", 0.5)])])
    assert [(lk.a, lk.b) for lk in store.story_links("s1")] == [("a", "b")]
    assert store.story_links("s2") == []


def test_sqlite_store_has_every_method_of_the_provenance_store_interface() -> None:
    from newstrace.store import ProvenanceStore, SQLiteStore

    wanted = {name for name in vars(ProvenanceStore) if not name.startswith("_")}
    wanted |= {name for name in vars(ProvenanceStore.__mro__[1]) if not name.startswith("_")}
    assert wanted and not [name for name in wanted if not callable(getattr(SQLiteStore, name, None))]


def test_a_store_made_before_event_weekdays_gains_them_when_reopened(tmp_path: Path) -> None:
    from newstrace.fingerprint import fingerprint
    from newstrace.store.sqlite import MIGRATIONS

    path = tmp_path / "old.db"
    before = next(n for n, script in enumerate(MIGRATIONS) if "weekday" in script)
    with sqlite3.connect(path) as db:  # the schema as the release before weekdays left it
        for number, script in enumerate(MIGRATIONS[:before]):
            db.executescript(script)
            db.execute(f"PRAGMA user_version={number + 1}")
    with open_store(path) as store:
        store.put_articles([article("a", "KARROW — The ferry ran aground on Thursday. " + ARTICLE)])
        store.put_fingerprints([fingerprint("a", store.get("a").clean_text, "en")])  # type: ignore[union-attr]
        assert store.schema_version == SCHEMA_VERSION and store.weekdays() == {"a": 3}
        assert store.fingerprint_row("a")["weekday"] == 3  # type: ignore[index]
