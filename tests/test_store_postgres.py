"""What only the PostgreSQL store has: its schema version table, a server to reach, several writers at once,
and a server that goes away mid-ingest.  What every store does is in tests/test_store_contract.py."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newstrace import synth
from newstrace.errors import StoreError
from newstrace.model import Article
from newstrace.pipeline import ingest
from newstrace.store import open_store
from newstrace.store.postgres import SCHEMA_VERSION, PostgresStore
from tests.conftest import ARTICLE
from tests.pgserver import admin_url, fresh_database


@pytest.fixture
def url() -> Iterator[str]:
    with fresh_database() as made:
        yield made


def test_a_postgresql_url_opens_the_postgresql_store_at_the_latest_schema(url: str) -> None:
    with open_store(url) as store:
        assert isinstance(store, PostgresStore) and store.schema_version == SCHEMA_VERSION
    with open_store(url) as store:  # reopened: nothing migrated twice
        assert store.schema_version == SCHEMA_VERSION and store.count() == 0


def test_a_database_from_a_newer_release_is_refused(url: str) -> None:
    import psycopg

    with open_store(url):
        pass
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("UPDATE newstrace_schema SET version = %s", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer than this newstrace"):
        open_store(url)


def test_an_unreachable_server_is_a_store_error_naming_it_without_the_password() -> None:
    with pytest.raises(StoreError, match="cannot connect to PostgreSQL") as raised:
        open_store("postgresql://someone:secret@127.0.0.1:1/nowhere")
    assert "secret" not in str(raised.value) and "127.0.0.1:1/nowhere" in str(raised.value)
    assert isinstance(raised.value.__cause__, Exception)


def test_a_statement_the_server_refuses_names_the_method_and_keeps_the_store_usable(url: str) -> None:
    with open_store(url) as store:
        store.put_articles([_article("a")])
        with pytest.raises(StoreError, match=r"put_articles failed .*0x00"):
            store.put_articles([_article("b"), _article("c", ARTICLE + "\x00")])  # text cannot hold NUL
        assert store.count() == 1 and store.get("b") is None  # the whole batch was rolled back
        store.put_articles([_article("b")])
        assert store.count() == 2


# several writers at once


def _write_corpus(path: Path, start: int, stop: int) -> None:
    records = list(synth.records(stop, seed=5, words=120))[start:stop]
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")


def _ingest_into(url: str, path: str) -> None:
    with open_store(url) as store:
        ingest([path], store, batch_size=7, learn_boilerplate=False)


def test_concurrent_ingests_lose_and_double_nothing(url: str, tmp_path: Path) -> None:
    # four processes, each overlapping the next by half: 100 distinct articles, 160 items written
    files = []
    for k in range(4):
        path = tmp_path / f"part{k}.jsonl"
        _write_corpus(path, k * 20, k * 20 + 40)
        files.append(str(path))
    open_store(url).close()  # the schema made once, so the processes race on the rows alone
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_ingest_into, args=(url, path)) for path in files]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
    assert [w.exitcode for w in workers] == [0, 0, 0, 0]
    with open_store(url) as store:
        ids = [a.id for a in store.articles()]
        assert len(ids) == len(set(ids)) == 100 == store.count()
        assert {a.id for a in store.articles()} == {r["id"] for r in synth.records(100, seed=5, words=120)}
        counted = dict(store.conn.execute("SELECT outlet, n FROM outlet_articles").fetchall())
        assert sum(counted.values()) == 100  # each article counted once for its outlet


# the server going away during an ingest


def _article(i: str, text: str = ARTICLE) -> Article:
    from newstrace.clean import clean_article

    return clean_article(Article(id=i, raw=text, text=text, source=f"{i}.txt", outlet="Bay Post"))


def test_a_connection_lost_mid_batch_writes_none_of_it_and_a_rerun_completes(url: str, tmp_path: Path) -> None:
    import psycopg

    corpus = tmp_path / "corpus.jsonl"
    _write_corpus(corpus, 0, 60)
    store = open_store(url)
    assert isinstance(store, PostgresStore)
    real = store.put_articles
    calls = 0

    def cut_off(articles: list[Article]) -> object:
        nonlocal calls
        calls += 1
        if calls == 3:  # the server drops this connection as a restart does, in the middle of the third batch
            def dropping() -> Iterator[Article]:
                for n, item in enumerate(articles):
                    if n == 5:
                        with psycopg.connect(admin_url(), autocommit=True) as admin:
                            admin.execute("SELECT pg_terminate_backend(%s)", (store.conn.info.backend_pid,))
                    yield item
            return real(dropping())
        return real(articles)

    store.put_articles = cut_off  # type: ignore[method-assign]
    with pytest.raises(StoreError, match="connection to the server was lost"):
        ingest([str(corpus)], store, batch_size=20, learn_boilerplate=False)
    with open_store(url) as again:
        assert again.count() == 40  # two whole batches; nothing of the third
        summary = ingest([str(corpus)], again, batch_size=20)
        assert (summary.stored, summary.duplicates) == (20, 40) and again.count() == 60


def _restartable() -> str | None:
    if os.environ.get("NEWSTRACE_TEST_PG_RESTART") != "1":
        return "restarts the shared PostgreSQL server: set NEWSTRACE_TEST_PG_RESTART=1 (.ci/run does)"
    if shutil.which("pg_ctlcluster") is None:
        return "pg_ctlcluster is not installed"
    return None


@pytest.mark.slow
@pytest.mark.skipif(_restartable() is not None, reason=str(_restartable()))
def test_a_server_restarted_during_an_ingest_fails_clearly_and_a_rerun_completes(url: str, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus.jsonl"
    _write_corpus(corpus, 0, 3000)
    command = ["newstrace", "ingest", str(corpus), "--db", url, "--batch-size", "50"]
    running = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while _count(url) < 200 and running.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    subprocess.run(["pg_ctlcluster", "15", "main", "restart"], check=True, timeout=120)
    _, err = running.communicate(timeout=120)
    assert running.returncode != 0 and "the store's put_" in err, err
    done = _count(url)
    assert done % 50 == 0 and 200 <= done < 3000  # whole batches only
    rerun = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr
    assert _count(url) == 3000


def _count(url: str) -> int:
    import psycopg

    for _ in range(50):  # the server may be coming back up
        try:
            with psycopg.connect(url, connect_timeout=3) as db:
                row = db.execute("SELECT count(*) FROM articles").fetchone()
                return int(row[0]) if row else 0
        except psycopg.Error:
            time.sleep(0.2)
    raise AssertionError(f"{url}: the server did not come back")
