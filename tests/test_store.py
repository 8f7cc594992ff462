from __future__ import annotations

import ast
import inspect
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
from newstrace.errors import StoreError, UsageError
from newstrace.model import Article
from newstrace.pipeline import ingest
from newstrace.store import SQLiteStore, open_store
from newstrace.store.sqlite import SCHEMA_VERSION
from tests.conftest import ARTICLE, ROOT
from tests.test_store_contract import FOOTER, _sqlite_old, footed

# What every store does is tested against the interface in tests/test_store_contract.py; here is what only
# the SQLite file has: WAL, its schema migrations, and how SQLite's own errors reach a caller.


def article(i: str = "a", text: str = ARTICLE, url: str | None = None) -> Article:
    return Article(id=i, raw=text, text=text, clean_text=text, url=url, outlet="Bay Post")


def test_new_store_is_wal_with_current_schema(store: SQLiteStore) -> None:
    assert store.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.schema_version == SCHEMA_VERSION


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
        open_store("mysql://localhost/news")  # postgresql:// is supported (tests/test_store_postgres.py)


def test_a_store_that_cannot_write_names_its_file_and_what_failed(store: SQLiteStore) -> None:
    store.db.execute("PRAGMA query_only = ON")  # as a read-only file would (tests may run as root)
    with pytest.raises(StoreError, match=r"test\.db: the store's put_articles failed .*readonly") as caught:
        store.put_articles([article("a")])
    assert isinstance(caught.value.__cause__, sqlite3.OperationalError)
    assert store.count() == 0  # reading still works


def test_every_public_method_maps_sqlite_errors_including_ones_added_later() -> None:
    wrapped = [name for name in dir(SQLiteStore) if not name.startswith("_")]
    for name in wrapped:
        attribute = inspect.getattr_static(SQLiteStore, name)
        function = attribute.fget if isinstance(attribute, property) else attribute
        assert hasattr(function, "__wrapped__"), f"SQLiteStore.{name} is not guarded"
    assert "articles" in wrapped and "schema_version" in wrapped


def test_the_store_modules_run_no_stage() -> None:
    stages = ("newstrace.clean", "newstrace.credits", "newstrace.link", "newstrace.cluster", "newstrace.trace",
              "newstrace.claims", "newstrace.pipeline", "newstrace.ingest")
    for module in (ROOT / "src/newstrace/store").glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(stages), f"{module.name} imports {node.module}"


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


def test_line_keys_come_in_by_migration_and_ingest_fills_the_old_rows(tmp_path: Path) -> None:
    old = [footed(i) for i in "abc"]
    with _sqlite_old(tmp_path / "old.db", old) as store:
        assert isinstance(store, SQLiteStore) and store.schema_version == SCHEMA_VERSION
        plan = " ".join(str(r) for r in store.db.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM articles WHERE line_keys IS NULL ORDER BY id LIMIT 500"))
        assert "articles_without_line_keys" in plan  # finding none costs no scan of the texts
        path = tmp_path / "new.jsonl"
        path.write_text(json.dumps({"id": "d", "outlet": "Bay Post", "text": f"{ARTICLE}\n{FOOTER}"}))
        ingest([path], store)
        assert store.missing_line_keys() == [] and store.get("a").line_keys == old[0].line_keys  # type: ignore[union-attr]


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
        assert store.fingerprint_rows(["a"])["a"].weekday == 3
