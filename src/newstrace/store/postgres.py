"""A newstrace store in a PostgreSQL database, for teams that share one (``--db postgresql://...``).

It runs the same statements as the SQLite store (``SQLiteStore`` and ``ProvenanceTables``), passed through a
small dialect adapter (``_Dialect``): ``?`` marks become ``%s``, ``INSERT OR IGNORE`` becomes ``ON CONFLICT
DO NOTHING`` and ``INSERT OR REPLACE`` an upsert that rewrites every other column from ``EXCLUDED`` (columns
not given get their defaults, a new ``rowid`` among them, as SQLite's replace does).  ``rowid`` is a real
column here, filled from a sequence, so "ingest order" means the same in both.  Text columns compare
bytewise (``COLLATE "C"``), as SQLite's do, so listings come in the same order.

Writers take one advisory lock per transaction, so several ingest and trace processes may write at once and
each batch sees the last one whole, as under SQLite's ``BEGIN IMMEDIATE``; readers are never blocked.
Every ``psycopg.Error`` reaches callers as ``StoreError`` naming the database (without its password), the
method and the reason; a lost connection (the server restarted) rolls the open batch back on the server.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import psycopg
from psycopg.conninfo import conninfo_to_dict, make_conninfo

from newstrace.errors import StoreError
from newstrace.model import Article, Link
from newstrace.store.base import IndexRow, Outcome
from newstrace.store.guard import store_errors
from newstrace.store.sqlite import _COLUMN_LIST, _COLUMNS, _NO_OUTLET, SQLiteStore, _article, _keys, _row

_TEXT = 'TEXT COLLATE "C"'
# Each entry moves the schema one version up; never edit one that has shipped.  The first is the SQLite
# schema as it stood before line keys were kept (its version 6), in PostgreSQL's types.
MIGRATIONS: list[str] = [
    f"""
    CREATE TABLE articles (
        rowid BIGSERIAL UNIQUE,
        id {_TEXT} PRIMARY KEY,
        url {_TEXT}, outlet {_TEXT}, title {_TEXT}, published {_TEXT}, published_from {_TEXT}, lang {_TEXT},
        source {_TEXT}, raw_kind {_TEXT} NOT NULL, content_hash {_TEXT} NOT NULL, raw {_TEXT} NOT NULL,
        text {_TEXT} NOT NULL, clean_text {_TEXT} NOT NULL, removed {_TEXT} NOT NULL, credits {_TEXT} NOT NULL,
        ingested_at {_TEXT} NOT NULL
    );
    CREATE INDEX articles_url ON articles(url);
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE TABLE rejects (
        item {_TEXT} NOT NULL, reason {_TEXT} NOT NULL, message {_TEXT} NOT NULL, at {_TEXT} NOT NULL,
        PRIMARY KEY (item, reason)
    );
    CREATE TABLE outlet_lines (outlet {_TEXT} NOT NULL, key {_TEXT} NOT NULL, n BIGINT NOT NULL,
                               PRIMARY KEY (outlet, key));
    CREATE TABLE meta (key {_TEXT} PRIMARY KEY, value {_TEXT} NOT NULL);
    CREATE TABLE outlet_articles (outlet {_TEXT} PRIMARY KEY, n BIGINT NOT NULL);
    CREATE TABLE fingerprints (
        rowid BIGSERIAL UNIQUE,
        article_id {_TEXT} PRIMARY KEY,
        lang {_TEXT}, tokens INTEGER NOT NULL, signature BYTEA NOT NULL, keys {_TEXT} NOT NULL,
        years {_TEXT} NOT NULL, embedding BYTEA, samples BYTEA, key_hashes BYTEA, weekday INTEGER
    );
    CREATE TABLE links (
        a {_TEXT} NOT NULL, b {_TEXT} NOT NULL, kind {_TEXT} NOT NULL, score DOUBLE PRECISION NOT NULL,
        a_coverage DOUBLE PRECISION NOT NULL, b_coverage DOUBLE PRECISION NOT NULL, detail {_TEXT} NOT NULL,
        PRIMARY KEY (a, b)
    );
    CREATE INDEX links_b ON links(b);
    CREATE TABLE checked_pairs (a {_TEXT} NOT NULL, b {_TEXT} NOT NULL, PRIMARY KEY (a, b));
    CREATE INDEX checked_pairs_b ON checked_pairs(b);
    CREATE TABLE placements (
        article_id {_TEXT} PRIMARY KEY, story {_TEXT} NOT NULL, parent {_TEXT}, parent_outlet {_TEXT},
        relation {_TEXT} NOT NULL, confidence DOUBLE PRECISION NOT NULL, evidence {_TEXT} NOT NULL
    );
    CREATE INDEX placements_story ON placements(story);
    CREATE TABLE stories (
        id {_TEXT} PRIMARY KEY, origin {_TEXT}, origin_outlet {_TEXT}, confidence DOUBLE PRECISION NOT NULL,
        evidence {_TEXT} NOT NULL, size INTEGER NOT NULL, kept_apart {_TEXT}
    );
    CREATE TABLE sentence_vectors (article_id {_TEXT} PRIMARY KEY, data BYTEA NOT NULL);
    CREATE TABLE claims (
        article_id {_TEXT} PRIMARY KEY, content_hash {_TEXT} NOT NULL, data {_TEXT}, error {_TEXT},
        CHECK ((data IS NULL) != (error IS NULL))
    );
    """,
    f"""
    ALTER TABLE articles ADD COLUMN line_keys {_TEXT};
    CREATE INDEX articles_without_line_keys ON articles(id) WHERE line_keys IS NULL;
    """,  # JSON: Article.line_keys, counted in outlet_lines; NULL in rows written before (pipeline.fill_line_keys)
    "ALTER TABLE links ADD COLUMN same_event DOUBLE PRECISION;",  # Link.same_event (link.eventmodel)
]
SCHEMA_VERSION = len(MIGRATIONS)
_WRITE_LOCK = 0x6E657773  # the advisory lock every write transaction takes ('news')
_STREAM_ROWS = 2_000  # rows a server-side cursor hands over at a time


class _Dialect:
    """Runs the SQLite store's statements on a psycopg connection, translated once each."""

    def __init__(self, conn: psycopg.Connection[Any]) -> None:
        self.conn = conn
        self.keys: dict[str, list[str]] = {}  # table -> primary key columns
        self.columns: dict[str, list[str]] = {}  # table -> every column
        self._cache: dict[str, str] = {}

    def load_tables(self) -> None:
        """Read each table's columns and primary key from the catalog (what an upsert rewrites)."""
        self.columns.clear()
        self.keys.clear()
        for table, column in self.conn.execute(
                "SELECT table_name, column_name FROM information_schema.columns "
                "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"):
            self.columns.setdefault(table, []).append(column)
        for table, column in self.conn.execute(
                "SELECT tc.table_name, k.column_name FROM information_schema.table_constraints tc "
                "JOIN information_schema.key_column_usage k ON k.constraint_name = tc.constraint_name "
                "AND k.table_schema = tc.table_schema WHERE tc.constraint_type = 'PRIMARY KEY' "
                "AND tc.table_schema = current_schema() ORDER BY tc.table_name, k.ordinal_position"):
            self.keys.setdefault(table, []).append(column)
        self._cache.clear()

    def execute(self, sql: str, params: Sequence[Any] = ()) -> psycopg.Cursor[Any]:
        return self.conn.execute(self.translate(sql), params)  # type: ignore[arg-type]

    def executemany(self, sql: str, rows: Sequence[Sequence[Any]]) -> psycopg.Cursor[Any]:
        cursor = self.conn.cursor()
        if rows:
            cursor.executemany(self.translate(sql), rows)  # type: ignore[arg-type]
        return cursor

    def close(self) -> None:
        self.conn.close()

    def translate(self, sql: str) -> str:
        if sql not in self._cache:
            self._cache[sql] = self._translate(sql)
        return self._cache[sql]

    def _translate(self, sql: str) -> str:
        text = sql.replace("?", "%s")
        if (found := re.match(r"\s*INSERT OR (IGNORE|REPLACE) INTO (\w+)", text)) is not None:
            how, table = found.groups()
            text = f"INSERT INTO {table}" + text[found.end():]
            if how == "IGNORE":
                return text + " ON CONFLICT DO NOTHING"
            keys = self.keys[table]
            rest = ", ".join(f"{c} = EXCLUDED.{c}" for c in self.columns[table] if c not in keys)
            return text + f" ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {rest}"
        # "SET n = n + excluded.n": PostgreSQL wants the stored row's column named by its table
        if (found := re.match(r"\s*INSERT INTO (\w+)", text)) is not None:
            table = found.group(1)
            text = re.sub(r"SET (\w+) = \1 \+ excluded\.\1", rf"SET \1 = {table}.\1 + excluded.\1", text)
        return text


def _failure(store: Any, name: str, exc: psycopg.Error) -> StoreError:
    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    lost = " (the connection to the server was lost: nothing of this call was written; run it again)" \
        if store.conn.broken else ""
    return StoreError(f"{store.path}: the store's {name} failed ({type(exc).__name__}: {reason}){lost}")


def shown(location: str) -> str:
    """The location as errors show it: without its password."""
    try:
        params = conninfo_to_dict(location)
    except psycopg.Error:
        return re.sub(r"//([^:/@]*):[^@/]*@", r"//\1:***@", location)
    if "password" in params:
        params["password"] = "***"
    user = f"{params['user']}@" if params.get("user") else ""
    host, port, name = params.get("host", ""), params.get("port", ""), params.get("dbname", "")
    return f"postgresql://{user}{host}{':' + str(port) if port else ''}/{name}"


# the SQLite store's own guard lets psycopg's errors through: this one maps them
@store_errors(psycopg.Error, _failure)
class PostgresStore(SQLiteStore):
    """A newstrace store in a PostgreSQL database.  Any ``psycopg.Error`` reaches callers as ``StoreError``."""

    def __init__(self, location: str, *, connect_timeout: int = 10) -> None:
        self.location = location
        self.path = shown(location)  # type: ignore[assignment]  # what errors name
        try:
            conn = psycopg.connect(make_conninfo(location, connect_timeout=connect_timeout), autocommit=True)
        except psycopg.Error as exc:
            raise StoreError(f"{self.path}: cannot connect to PostgreSQL ({_first_line(exc)}); "
                             "check that the server runs and the URL's user, password and database") from exc
        self.db = _Dialect(conn)  # type: ignore[assignment]
        try:
            self._migrate()
            self.db.load_tables()  # type: ignore[attr-defined]
        except psycopg.Error as exc:
            conn.close()
            raise StoreError(f"{self.path}: cannot open as a newstrace database ({_first_line(exc)})") from exc

    @property
    def conn(self) -> psycopg.Connection[Any]:
        return self.db.conn  # type: ignore[attr-defined, no-any-return]

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """One transaction, after any other writer's (a transaction-scoped advisory lock)."""
        with self.conn.transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
            yield

    def _migrate(self) -> None:
        with self._transaction():  # two processes opening a new database at once: one migrates, one waits
            self.conn.execute("CREATE TABLE IF NOT EXISTS newstrace_schema (version INTEGER NOT NULL)")
            row = self.conn.execute("SELECT version FROM newstrace_schema").fetchone()
            if row is None:
                self.conn.execute("INSERT INTO newstrace_schema (version) VALUES (0)")
            version = 0 if row is None else int(row[0])
            if version > SCHEMA_VERSION:
                raise StoreError(f"{self.path}: schema version {version} is newer than this newstrace "
                                 f"({SCHEMA_VERSION}); upgrade newstrace")
            for number in range(version, SCHEMA_VERSION):
                self.conn.execute(MIGRATIONS[number].encode())
                self.conn.execute("UPDATE newstrace_schema SET version = %s", (number + 1,))

    @property
    def schema_version(self) -> int:
        row = self.conn.execute("SELECT version FROM newstrace_schema").fetchone()
        return int(row[0]) if row else 0

    def put_articles(self, articles: Iterable[Article]) -> list[Outcome]:
        """What ``SQLiteStore.put_articles`` does, with one read of the rows the batch meets and its writes
        sent together: an article at a time, six round trips each halved the ingest rate."""
        batch = [(article, _row(article)) for article in articles]
        with self._transaction():
            writes = _Writes()
            stored = _Stored(self.conn.execute(
                "SELECT id, url, content_hash, outlet, line_keys FROM articles WHERE id = ANY(%s) OR url = ANY(%s) "
                "ORDER BY rowid", ([a.id for a, _ in batch], [a.url for a, _ in batch if a.url])).fetchall())
            outcomes = [writes.put(article, row, stored) for article, row in batch]
            writes.send(self.db)  # type: ignore[arg-type]
        return outcomes

    def _put_links(self, links: Iterable[Link], checked: Iterable[tuple[str, str]]) -> None:
        """The checked pairs in one statement over two arrays (ten or more an article: a statement each made the
        biggest part of a link batch's writes), then the links as ``SQLiteStore`` writes them."""
        pairs = [tuple(sorted(pair)) for pair in checked]
        if pairs:
            self.conn.execute("INSERT INTO checked_pairs (a, b) SELECT * FROM unnest(%s::text[], %s::text[]) "
                              "ON CONFLICT DO NOTHING", ([a for a, _ in pairs], [b for _, b in pairs]))
        super()._put_links(links, ())

    def articles(self, outlet: str | None = None) -> Iterator[Article]:
        """Streamed from a server-side cursor: a large store is never read into memory at once."""
        query, args = f"SELECT {_COLUMN_LIST} FROM articles", ()
        if outlet is not None:
            query, args = query + " WHERE outlet = %s", (outlet,)  # type: ignore[assignment]
        for row in self._stream(query + " ORDER BY rowid", args):
            yield _article(row)

    def index_rows(self, chunk: int = 10_000) -> Iterator[list[IndexRow]]:
        rows = self._stream("SELECT article_id, signature, samples, key_hashes FROM fingerprints ORDER BY rowid", ())
        part: list[IndexRow] = []
        for row in rows:
            part.append(IndexRow(*row))
            if len(part) >= chunk:
                yield part
                part = []
        if part:
            yield part

    def _stream(self, query: str, args: Sequence[Any]) -> Iterator[tuple[Any, ...]]:
        self._streams = getattr(self, "_streams", 0) + 1  # each open stream needs a cursor name of its own
        with self.conn.transaction(), self.conn.cursor(name=f"newstrace_stream_{self._streams}") as cursor:
            cursor.execute(query.encode(), args)
            while rows := cursor.fetchmany(_STREAM_ROWS):
                for row in rows:
                    if self.conn.closed:  # closed meanwhile: what is left was fetched, not delivered
                        raise psycopg.OperationalError("the connection is closed")
                    yield row

    def close(self) -> None:
        self.conn.close()


class _Stored:
    """The stored rows a batch of articles meets, by id and by URL, kept up to date as the batch goes."""

    def __init__(self, rows: list[tuple[Any, ...]]) -> None:
        self.by_id: dict[str, tuple[Any, ...]] = {}
        self.by_url: dict[str, tuple[Any, ...]] = {}
        for row in rows:
            self.set(row)

    def find(self, article: Article) -> tuple[Any, ...] | None:
        found = self.by_id.get(article.id)
        return found if found is not None or not article.url else self.by_url.get(article.url)

    def set(self, row: tuple[Any, ...], old_url: str | None = None) -> None:
        if old_url and self.by_url.get(old_url, (None,))[0] == row[0]:
            del self.by_url[old_url]
        self.by_id[row[0]] = row
        if row[1]:
            self.by_url.setdefault(row[1], row)  # the first stored (lowest rowid), as SQLite's index gives it


class _Writes:
    """A batch's writes, decided an article at a time (as ``SQLiteStore._put`` decides) and sent together."""

    def __init__(self) -> None:
        self.inserts: list[dict[str, Any]] = []
        self.updates: list[dict[str, Any]] = []
        self.lines: Counter[tuple[str, str]] = Counter()
        self.outlets: Counter[str] = Counter()
        self.read: list[str] = []  # sources now stored: their rejects go

    def put(self, article: Article, row: dict[str, Any], stored: _Stored) -> Outcome:
        row["line_keys"] = row["line_keys"] or "[]"  # an article given without keys has none to count
        found = stored.find(article)
        if found is None:
            self.inserts.append(row)
            self.count(article.outlet, article.line_keys or (), +1)
            if article.source:
                self.read.append(article.source)
            stored.set((article.id, article.url, article.content_hash, article.outlet, row["line_keys"]))
            return Outcome.STORED
        old_id, old_url, old_hash, old_outlet, old_keys = found
        if old_hash == article.content_hash:
            return Outcome.DUPLICATE
        self.count(old_outlet, _keys(old_keys) or (), -1)
        row["id"] = old_id
        self.updates.append(row)
        self.count(article.outlet, article.line_keys or (), +1)
        stored.set((old_id, article.url, article.content_hash, article.outlet, row["line_keys"]), old_url)
        return Outcome.UPDATED

    def count(self, outlet: str | None, keys: Iterable[str], step: int) -> None:
        outlet = outlet or _NO_OUTLET
        self.outlets[outlet] += step
        for key in keys:
            self.lines[outlet, key] += step

    def send(self, db: _Dialect) -> None:
        if self.inserts:  # COPY: one stream instead of a statement an article
            with db.conn.cursor().copy(f"COPY articles ({_COLUMN_LIST}) FROM STDIN") as copy:
                for row in self.inserts:
                    copy.write_row([row[c] for c in _COLUMNS])
        others = [c for c in _COLUMNS if c != "id"]
        db.executemany(f"UPDATE articles SET {','.join(f'{c} = %s' for c in others)} WHERE id = %s",
                       [[row[c] for c in others] + [row["id"]] for row in self.updates])
        if self.updates:  # what the link stage made of the old texts: the next trace compares them afresh
            old = sorted({row["id"] for row in self.updates})
            for table, where in (("fingerprints", "article_id = ANY(%s)"), ("sentence_vectors", "article_id = ANY(%s)"),
                                 ("links", "a = ANY(%s) OR b = ANY(%s)"),
                                 ("checked_pairs", "a = ANY(%s) OR b = ANY(%s)")):
                db.conn.execute(f"DELETE FROM {table} WHERE {where}", [old] * where.count("%s"))
        if self.lines:  # one statement over arrays: a batch counts tens of thousands of lines
            db.conn.execute("INSERT INTO outlet_lines (outlet, key, n) SELECT * FROM unnest(%s::text[], %s::text[], "
                            "%s::bigint[]) ON CONFLICT (outlet, key) DO UPDATE SET n = outlet_lines.n + excluded.n",
                            ([o for o, _ in self.lines], [k for _, k in self.lines], list(self.lines.values())))
        db.executemany("INSERT INTO outlet_articles (outlet, n) VALUES (%s, %s) ON CONFLICT (outlet) "
                       "DO UPDATE SET n = outlet_articles.n + excluded.n", list(self.outlets.items()))
        if self.read:
            db.conn.execute("DELETE FROM rejects WHERE item = ANY(%s)", (self.read,))


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
