"""The embedded default store: one SQLite file in WAL mode, with a schema version and migrations.

Each batch is one transaction, so a killed process leaves whole articles or
none, and every article reported as stored has been committed.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from newstrace.errors import StoreError
from newstrace.model import Article, Credit, Reject, Removed
from newstrace.store.base import ArticleRow, Outcome
from newstrace.store.guard import store_errors
from newstrace.store.provenance import ProvenanceTables, id_parts, marks

# Each entry moves the schema one version up; never edit one that has shipped.
MIGRATIONS: list[str] = [
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        url TEXT,
        outlet TEXT,
        title TEXT,
        published TEXT,
        published_from TEXT,
        lang TEXT,
        source TEXT,
        raw_kind TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        raw TEXT NOT NULL,
        text TEXT NOT NULL,
        clean_text TEXT NOT NULL,
        removed TEXT NOT NULL,
        credits TEXT NOT NULL,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_url ON articles(url);
    CREATE INDEX articles_outlet ON articles(outlet);
    CREATE TABLE rejects (
        item TEXT NOT NULL,
        reason TEXT NOT NULL,
        message TEXT NOT NULL,
        at TEXT NOT NULL,
        PRIMARY KEY (item, reason)
    );
    CREATE TABLE outlet_lines (
        outlet TEXT NOT NULL,
        key TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (outlet, key)
    ) WITHOUT ROWID;
    CREATE TABLE meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );
    CREATE TABLE outlet_articles (
        outlet TEXT PRIMARY KEY,
        n INTEGER NOT NULL
    );
    """,
]
MIGRATIONS.append(
    """
    CREATE TABLE fingerprints (
        article_id TEXT PRIMARY KEY,
        lang TEXT,
        tokens INTEGER NOT NULL,
        signature BLOB NOT NULL,
        keys TEXT NOT NULL,
        years TEXT NOT NULL,
        embedding BLOB
    );
    CREATE TABLE lsh (
        band INTEGER NOT NULL,
        key INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (band, key, article_id)
    ) WITHOUT ROWID;
    CREATE TABLE postings (
        hash INTEGER NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (hash, article_id)
    ) WITHOUT ROWID;
    CREATE TABLE key_postings (
        key TEXT NOT NULL,
        article_id TEXT NOT NULL,
        PRIMARY KEY (key, article_id)
    ) WITHOUT ROWID;
    CREATE TABLE links (
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        kind TEXT NOT NULL,
        score REAL NOT NULL,
        a_coverage REAL NOT NULL,
        b_coverage REAL NOT NULL,
        detail TEXT NOT NULL,
        PRIMARY KEY (a, b)
    );
    CREATE INDEX links_b ON links(b);
    CREATE TABLE checked_pairs (
        a TEXT NOT NULL,
        b TEXT NOT NULL,
        PRIMARY KEY (a, b)
    ) WITHOUT ROWID;
    CREATE TABLE placements (
        article_id TEXT PRIMARY KEY,
        story TEXT NOT NULL,
        parent TEXT,
        parent_outlet TEXT,
        relation TEXT NOT NULL,
        confidence REAL NOT NULL,
        evidence TEXT NOT NULL
    );
    CREATE INDEX placements_story ON placements(story);
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        origin TEXT,
        origin_outlet TEXT,
        confidence REAL NOT NULL,
        evidence TEXT NOT NULL,
        size INTEGER NOT NULL
    );
    """
)
MIGRATIONS.append(
    """
    CREATE TABLE claims (
        article_id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        data TEXT NOT NULL
    );
    """
)
MIGRATIONS.append(
    """
    ALTER TABLE fingerprints ADD COLUMN samples BLOB;
    ALTER TABLE fingerprints ADD COLUMN key_hashes BLOB;
    DROP TABLE lsh;
    DROP TABLE postings;
    DROP TABLE key_postings;
    """
)  # the candidate indexes moved into memory (newstrace.link.index), loaded from the fingerprint rows
MIGRATIONS.append("ALTER TABLE fingerprints ADD COLUMN weekday INTEGER;")  # newstrace.dates (weekdays)
MIGRATIONS.append("ALTER TABLE stories ADD COLUMN kept_apart TEXT;")  # JSON: Story.kept_apart
MIGRATIONS.append(
    """
    ALTER TABLE articles ADD COLUMN line_keys TEXT;
    CREATE INDEX articles_without_line_keys ON articles(id) WHERE line_keys IS NULL;
    """
)  # JSON: Article.line_keys, counted in outlet_lines; NULL in rows written before (pipeline.fill_line_keys)
MIGRATIONS.append(
    """
    CREATE TABLE sentence_vectors (
        article_id TEXT PRIMARY KEY,
        data BLOB NOT NULL
    );
    """
)  # float16 vectors of an article's first sentences (newstrace.link.embed), made when a check asks for them
MIGRATIONS.append(
    """
    CREATE TABLE claims_v2 (
        article_id TEXT PRIMARY KEY,
        content_hash TEXT NOT NULL,
        data TEXT,
        error TEXT,
        CHECK ((data IS NULL) != (error IS NULL))
    );
    INSERT INTO claims_v2 (article_id, content_hash, data) SELECT article_id, content_hash, data FROM claims;
    DROP TABLE claims;
    ALTER TABLE claims_v2 RENAME TO claims;
    """
)  # a claims row holds an article's claims (JSON) or the error their extraction failed with (claims.stage)
MIGRATIONS.append("CREATE INDEX checked_pairs_b ON checked_pairs(b);")
# ^ the link stage asks once a batch for the pairs checked with any of its articles, on either side: without
# it the b side scanned the whole table, a cost that grew with every batch
MIGRATIONS.append("ALTER TABLE links ADD COLUMN same_event REAL;")  # Link.same_event (link.eventmodel)
SCHEMA_VERSION = len(MIGRATIONS)

_COLUMNS = ("id", "url", "outlet", "title", "published", "published_from", "lang", "source", "raw_kind",
            "content_hash", "raw", "text", "clean_text", "removed", "credits", "ingested_at", "line_keys")
_COLUMN_LIST = ",".join(_COLUMNS)
_NO_OUTLET = ""


def _failure(store: Any, name: str, exc: sqlite3.Error) -> StoreError:
    return StoreError(f"{store.path}: the store's {name} failed ({type(exc).__name__}: {exc})")


@store_errors(sqlite3.Error, _failure)
class SQLiteStore(ProvenanceTables):
    """A newstrace store in one SQLite file.  Any ``sqlite3.Error`` reaches callers as ``StoreError``."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")  # with WAL: survives a killed process
            self.db.execute("PRAGMA busy_timeout=10000")
            self._migrate()
        except sqlite3.Error as exc:
            raise StoreError(f"{self.path}: cannot open as a newstrace database ({exc}); "
                             "give another --db path or remove the file") from exc

    def _migrate(self) -> None:
        version = self.db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{self.path}: schema version {version} is newer than this newstrace "
                             f"({SCHEMA_VERSION}); upgrade newstrace")
        for number in range(version, SCHEMA_VERSION):
            with self._transaction():
                for statement in MIGRATIONS[number].split(";"):
                    if statement.strip():
                        self.db.execute(statement)
                self.db.execute(f"PRAGMA user_version={number + 1}")

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def put_articles(self, articles: Iterable[Article]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        with self._transaction():
            for article in articles:
                outcomes.append(self._put(article))
        return outcomes

    def _put(self, article: Article) -> Outcome:
        query = "SELECT id, content_hash, outlet, line_keys FROM articles WHERE "
        found = self.db.execute(query + "id = ?", (article.id,)).fetchone()
        if found is None and article.url:
            found = self.db.execute(query + "url = ? LIMIT 1", (article.url,)).fetchone()
        row = _row(article)
        row["line_keys"] = row["line_keys"] or "[]"  # an article given without keys has none to count
        if found is None:
            self.db.execute(f"INSERT INTO articles ({_COLUMN_LIST}) VALUES ({','.join('?' * len(_COLUMNS))})",
                            [row[c] for c in _COLUMNS])
            self._count_lines(article.outlet, article.line_keys or (), +1)
            self.db.execute("DELETE FROM rejects WHERE item = ?", (article.source,))
            return Outcome.STORED
        old_id, old_hash, old_outlet, old_keys = found
        if old_hash == article.content_hash:
            return Outcome.DUPLICATE
        # The old version's lines are uncounted with the keys stored beside it.  A row written before keys
        # were stored has none (NULL): only its article count can be undone.  The pipeline fills such rows
        # in before it writes (pipeline.fill_line_keys), so that happens only to direct callers.
        self._count_lines(old_outlet, _keys(old_keys) or (), -1)
        row["id"] = old_id
        sets = ",".join(f"{c} = ?" for c in _COLUMNS if c != "id")
        self.db.execute(f"UPDATE articles SET {sets} WHERE id = ?", [row[c] for c in _COLUMNS if c != "id"] + [old_id])
        self._count_lines(article.outlet, article.line_keys or (), +1)
        self._forget_derived(old_id)
        return Outcome.UPDATED

    def _forget_derived(self, article_id: str) -> None:
        """What the link stage made of an article's old text: its fingerprint (with the index entries and
        embedding read from it), its links and the pairs checked with it.  The next trace compares the new
        text afresh."""
        self.db.execute("DELETE FROM fingerprints WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM sentence_vectors WHERE article_id = ?", (article_id,))
        self.db.execute("DELETE FROM links WHERE a = ? OR b = ?", (article_id, article_id))
        self.db.execute("DELETE FROM checked_pairs WHERE a = ? OR b = ?", (article_id, article_id))

    def _count_lines(self, outlet: str | None, keys: Iterable[str], step: int, *, article: bool = True) -> None:
        """Add ``step`` to the outlet's count of each line key, and (with ``article``) of articles."""
        outlet = outlet or _NO_OUTLET
        self.db.executemany(
            "INSERT INTO outlet_lines (outlet, key, n) VALUES (?, ?, ?) "
            "ON CONFLICT(outlet, key) DO UPDATE SET n = n + excluded.n",
            [(outlet, key, step) for key in keys])
        if article:
            self.db.execute("INSERT INTO outlet_articles (outlet, n) VALUES (?, ?) "
                            "ON CONFLICT(outlet) DO UPDATE SET n = n + excluded.n", (outlet, step))

    def put_rejects(self, rejects: Iterable[Reject]) -> None:
        now = _now()
        with self._transaction():
            self.db.executemany(
                "INSERT INTO rejects (item, reason, message, at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(item, reason) DO UPDATE SET message = excluded.message, at = excluded.at",
                [(r.item, r.reason, r.message, now) for r in rejects])

    def get(self, article_id: str) -> Article | None:
        row = self.db.execute(f"SELECT {_COLUMN_LIST} FROM articles WHERE id = ?", (article_id,)).fetchone()
        return _article(row) if row else None


    def articles_by_id(self, ids: list[str]) -> dict[str, Article]:
        found: dict[str, Article] = {}
        for part in id_parts(ids):
            rows = self.db.execute(f"SELECT {_COLUMN_LIST} FROM articles WHERE id IN ({marks(part)})", part)
            found.update((article.id, article) for article in map(_article, rows))
        return found
    def articles(self, outlet: str | None = None) -> Iterator[Article]:
        query = f"SELECT {_COLUMN_LIST} FROM articles"
        args: tuple[Any, ...] = ()
        if outlet is not None:
            query, args = query + " WHERE outlet = ?", (outlet,)
        for row in self.db.execute(query + " ORDER BY rowid", args):
            yield _article(row)

    def listing(self, limit: int | None = None, outlet: str | None = None) -> list[ArticleRow]:
        query = "SELECT id, outlet, title, published, url, clean_text FROM articles"
        args: list[Any] = []
        if outlet is not None:
            query += " WHERE outlet = ?"
            args.append(outlet)
        query += " ORDER BY rowid"
        if limit is not None:
            query += " LIMIT ?"
            args.append(limit)
        return [ArticleRow(r[0], r[1], r[2], r[3], r[4], len(r[5].split())) for r in self.db.execute(query, args)]

    def rejects(self) -> list[Reject]:
        rows = self.db.execute("SELECT item, reason, message FROM rejects ORDER BY at, item")
        return [Reject(*row) for row in rows]

    def count(self) -> int:
        return int(self.db.execute("SELECT count(*) FROM articles").fetchone()[0])

    def boilerplate(self, min_articles: int, min_share: float) -> dict[str, set[str]]:
        rows = self.db.execute(
            "SELECT l.outlet, l.key FROM outlet_lines l JOIN outlet_articles a ON a.outlet = l.outlet "
            "WHERE l.outlet != ? AND l.n >= ? AND l.n >= ? * a.n", (_NO_OUTLET, min_articles, min_share))
        found: dict[str, set[str]] = {}
        for outlet, key in rows:
            found.setdefault(outlet, set()).add(key)
        return found

    def replace_cleaning(self, articles: Iterable[Article]) -> int:
        done = 0
        with self._transaction():
            for article in articles:
                found = self.db.execute("SELECT outlet, line_keys FROM articles WHERE id = ?", (article.id,)).fetchone()
                if found is None:
                    continue
                outlet, stored = found
                old = _keys(stored)
                if old is not None and article.line_keys is not None:  # count what changed, so undo stays exact
                    new = set(article.line_keys)
                    self._count_lines(outlet, new - set(old), +1, article=False)
                    self._count_lines(outlet, set(old) - new, -1, article=False)
                # Keys given to a row that had none (written before they were stored) are taken as they are:
                # the counts were made then from the same stored text.  No keys given: the stored ones stay.
                row = _row(article)
                self.db.execute("UPDATE articles SET clean_text = ?, removed = ?, credits = ?, title = ?, "
                                "published = ?, published_from = ?, line_keys = coalesce(?, line_keys) WHERE id = ?",
                                (row["clean_text"], row["removed"], row["credits"], row["title"], row["published"],
                                 row["published_from"], row["line_keys"], article.id))
                done += 1
        return done

    def missing_line_keys(self, limit: int = 500) -> list[Article]:
        """Up to ``limit`` articles, by id, written before the store kept their line keys.  The partial index
        holds only those rows, so asking costs nothing once all are filled in (ordered by rowid, SQLite would
        scan the table instead)."""
        rows = self.db.execute(f"SELECT {_COLUMN_LIST} FROM articles WHERE line_keys IS NULL ORDER BY id LIMIT ?",
                               (limit,))
        return [_article(row) for row in rows]

    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_meta(self, key: str, value: str) -> None:
        with self._transaction():
            self.db.execute("INSERT INTO meta (key, value) VALUES (?, ?) "
                            "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _row(article: Article) -> dict[str, Any]:
    return {
        "id": article.id, "url": article.url, "outlet": article.outlet, "title": article.title,
        "published": article.published, "published_from": article.published_from, "lang": article.lang,
        "source": article.source, "raw_kind": article.raw_kind, "content_hash": article.content_hash,
        "raw": article.raw, "text": article.text, "clean_text": article.clean_text,
        "removed": json.dumps([_fields(r) for r in article.removed], ensure_ascii=False),
        "credits": json.dumps([_fields(c) for c in article.credits], ensure_ascii=False),
        "ingested_at": _now(),
        "line_keys": None if article.line_keys is None else json.dumps(list(article.line_keys)),
    }


def _fields(record: Removed | Credit) -> dict[str, Any]:
    # dataclasses.asdict deep-copies every value, which showed up in ingest profiles
    return {name: getattr(record, name) for name in record.__dataclass_fields__}


def _article(row: tuple[Any, ...]) -> Article:
    data = dict(zip(_COLUMNS, row, strict=True))
    removed = [Removed(**r) for r in json.loads(data.pop("removed"))]
    credits = [Credit(**c) for c in json.loads(data.pop("credits"))]
    line_keys = _keys(data.pop("line_keys"))
    for key in ("content_hash", "ingested_at"):
        data.pop(key)
    return Article(**data, removed=removed, credits=credits, line_keys=line_keys)


def _keys(stored: str | None) -> tuple[str, ...] | None:
    return None if stored is None else tuple(json.loads(stored))


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
