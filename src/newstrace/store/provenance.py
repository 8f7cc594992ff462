"""The store's provenance tables: fingerprints, links, placements and stories."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from newstrace.fingerprint import Fingerprint
from newstrace.model import Credit, Link, LinkDetail, LinkKind, Placement, Relation, Story
from newstrace.store.base import ArticleFacts, ClaimsResult, FingerprintRow, IndexRow, LinkBatch


class ProvenanceTables:
    """Mixed into SQLiteStore; every method is one statement or one transaction."""

    db: sqlite3.Connection

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        else:
            self.db.execute("COMMIT")

    def article_facts(self) -> list[ArticleFacts]:
        """What tracing needs of every article, in ingest order."""
        rows = self.db.execute("SELECT a.id, a.rowid, a.outlet, a.published, a.credits, COALESCE(a.lang, f.lang) "
                               "FROM articles a LEFT JOIN fingerprints f ON f.article_id = a.id ORDER BY a.rowid")
        return [ArticleFacts(i, order, outlet, published, [Credit(**c) for c in json.loads(credits)], lang)
                for i, order, outlet, published, credits, lang in rows]

    def unfingerprinted(self) -> list[str]:
        """Ids of the articles the link stage has not seen, in ingest order (texts are read per batch)."""
        rows = self.db.execute("SELECT a.id FROM articles a LEFT JOIN fingerprints f "
                               "ON f.article_id = a.id WHERE f.article_id IS NULL ORDER BY a.rowid")
        return [row[0] for row in rows]

    def clean_texts(self, ids: list[str]) -> list[tuple[str, str, str | None]]:
        """(id, clean text, lang) of the given articles, in the order given; unknown ids are left out."""
        found: dict[str, tuple[str, str, str | None]] = {}
        for start in range(0, len(ids), 500):  # SQLite takes up to 999 parameters
            part = ids[start:start + 500]
            marks = ",".join("?" * len(part))
            rows = self.db.execute(f"SELECT id, clean_text, lang FROM articles WHERE id IN ({marks})", part)
            found.update((row[0], row) for row in rows)
        return [found[i] for i in ids if i in found]

    def put_fingerprints(self, prints: Iterable[Fingerprint]) -> None:
        """Store a batch of fingerprints, with what the candidate index needs of each, in one statement."""
        with self._transaction():
            self._put_fingerprints(prints)

    def _put_fingerprints(self, prints: Iterable[Fingerprint]) -> None:
        self.db.executemany(  # years: an old column no stage reads any more, kept empty
            "INSERT OR REPLACE INTO fingerprints (article_id, lang, tokens, signature, keys, years, samples, "
            "key_hashes, weekday) VALUES (?, ?, ?, ?, ?, '[]', ?, ?, ?)",
            [(fp.article_id, fp.lang, fp.tokens, fp.signature, json.dumps(fp.keys), fp.samples, fp.key_hashes,
              fp.weekday) for fp in prints])

    def index_rows(self, chunk: int = 10_000) -> Iterator[list[IndexRow]]:
        """(id, signature, samples, key hashes) of every fingerprinted article in the order they were stored,
        a chunk at a time so that loading the index never holds all signatures at once."""
        rows = self.db.execute("SELECT article_id, signature, samples, key_hashes FROM fingerprints ORDER BY rowid")
        while part := rows.fetchmany(chunk):
            yield [IndexRow(*row) for row in part]

    def forget_fingerprints(self, ids: list[str] | None = None) -> None:
        """Drop the fingerprints of these articles, or of all (links stay): the next link run makes them again."""
        with self._transaction():
            if ids is None:
                self.db.execute("DELETE FROM fingerprints")
            else:
                self.db.executemany("DELETE FROM fingerprints WHERE article_id = ?", [(i,) for i in ids])

    def fingerprint_rows(self, ids: list[str]) -> dict[str, FingerprintRow]:
        found = {}
        for part in id_parts(ids):
            rows = self.db.execute("SELECT article_id, lang, tokens, keys, weekday, embedding FROM fingerprints "
                                   f"WHERE article_id IN ({marks(part)})", part)
            for article_id, lang, tokens, keys, weekday, embedding in rows:
                found[article_id] = FingerprintRow(article_id, lang, tokens, json.loads(keys), weekday, embedding)
        return found

    def checked_pairs(self, ids: list[str]) -> set[tuple[str, str]]:
        found: set[tuple[str, str]] = set()
        for part in id_parts(ids):
            places = marks(part)
            rows = self.db.execute(f"SELECT a, b FROM checked_pairs WHERE a IN ({places}) "
                                   f"UNION SELECT a, b FROM checked_pairs WHERE b IN ({places})", part + part)
            found.update((a, b) for a, b in rows)
        return found

    def sentence_vectors(self, ids: list[str]) -> dict[str, bytes]:
        found: dict[str, bytes] = {}
        for part in id_parts(ids):
            rows = self.db.execute("SELECT article_id, data FROM sentence_vectors "
                                   f"WHERE article_id IN ({marks(part)})", part)
            found.update(rows.fetchall())
        return found

    def put_link_batch(self, batch: LinkBatch) -> None:
        """Fingerprints, vectors, links and checked pairs of one batch, in one transaction: a batch whose
        fingerprints are stored has all its links stored, so a rerun after a kill redoes whole batches."""
        with self._transaction():
            self._put_fingerprints(batch.prints)
            self.db.executemany("UPDATE fingerprints SET embedding = ? WHERE article_id = ?",
                                [(data, article_id) for article_id, data in batch.vectors.items()])
            self.db.executemany("INSERT OR REPLACE INTO sentence_vectors (article_id, data) VALUES (?, ?)",
                                list(batch.sentence_vectors.items()))
            self._put_links(batch.links, batch.checked)

    def weekdays(self) -> dict[str, int]:
        """The weekday each fingerprinted article's opening names, where it names one."""
        rows = self.db.execute("SELECT article_id, weekday FROM fingerprints WHERE weekday IS NOT NULL")
        return {article_id: int(day) for article_id, day in rows}

    def put_links(self, links: Iterable[Link], checked: Iterable[tuple[str, str]]) -> None:
        with self._transaction():
            self._put_links(links, checked)

    def _put_links(self, links: Iterable[Link], checked: Iterable[tuple[str, str]]) -> None:
        self.db.executemany("INSERT OR IGNORE INTO checked_pairs (a, b) VALUES (?, ?)",
                            [tuple(sorted(pair)) for pair in checked])
        self.db.executemany(
            "INSERT OR REPLACE INTO links (a, b, kind, score, a_coverage, b_coverage, same_event, detail) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [(lk.a, lk.b, LinkKind(lk.kind).value, lk.score, lk.a_coverage, lk.b_coverage, lk.same_event,
              lk.detail.as_json()) for lk in links])

    def links(self, article_id: str | None = None, with_detail: bool = False) -> list[Link]:
        columns = "a, b, kind, score, a_coverage, b_coverage, same_event" + (", detail" if with_detail else "")
        if article_id is None:
            rows = self.db.execute(f"SELECT {columns} FROM links ORDER BY a, b")
        else:
            rows = self.db.execute(f"SELECT {columns} FROM links WHERE a = ? OR b = ? ORDER BY a, b",
                                   (article_id, article_id))
        return [_link(row) for row in rows]

    def story_links(self, story_id: str, with_detail: bool = False) -> list[Link]:
        """The links between two articles of one story, each once."""
        columns = ("l.a, l.b, l.kind, l.score, l.a_coverage, l.b_coverage, l.same_event"
                   + (", l.detail" if with_detail else ""))
        rows = self.db.execute(
            f"SELECT {columns} FROM placements pa JOIN links l ON l.a = pa.article_id "
            "JOIN placements pb ON pb.article_id = l.b AND pb.story = pa.story WHERE pa.story = ? ORDER BY l.a, l.b",
            (story_id,))
        return [_link(row) for row in rows]

    def put_stories(self, traced: Iterable[tuple[Story, list[Placement]]]) -> None:
        """Replace the story assignment as a whole (grouping is recomputed from the links), one story at a
        time as they are traced, so the placements of a large corpus are never all held at once."""
        with self._transaction():
            self.db.execute("DELETE FROM stories")
            self.db.execute("DELETE FROM placements")
            for story, placements in traced:
                self.db.execute(
                    "INSERT INTO stories (id, origin, origin_outlet, confidence, evidence, size, kept_apart) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (story.id, story.origin, story.origin_outlet, story.confidence,
                     json.dumps(story.evidence, ensure_ascii=False), len(story.article_ids),
                     json.dumps(story.kept_apart, ensure_ascii=False)))
                self.db.executemany(
                    "INSERT INTO placements (article_id, story, parent, parent_outlet, relation, confidence, "
                    "evidence) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    [(p.article_id, p.story, p.parent, p.parent_outlet, p.relation, p.confidence,
                      json.dumps(p.evidence, ensure_ascii=False)) for p in placements])

    def stories(self) -> list[Story]:
        members: dict[str, list[str]] = {}
        for article_id, story in self.db.execute("SELECT article_id, story FROM placements ORDER BY article_id"):
            members.setdefault(story, []).append(article_id)
        rows = self.db.execute("SELECT id, origin, origin_outlet, confidence, evidence, kept_apart FROM stories "
                               "ORDER BY size DESC, id")
        return [_story(row, members.get(row[0], [])) for row in rows]

    def story(self, story_id: str) -> Story | None:
        """One story, read alone (show and claims ask for one; building every story for it was waste)."""
        row = self.db.execute("SELECT id, origin, origin_outlet, confidence, evidence, kept_apart FROM stories "
                              "WHERE id = ?", (story_id,)).fetchone()
        if row is None:
            return None
        members = [r[0] for r in self.db.execute(
            "SELECT article_id FROM placements WHERE story = ? ORDER BY article_id", (story_id,))]
        return _story(row, members)

    def placements(self, story: str | None = None) -> list[Placement]:
        query = "SELECT article_id, story, relation, confidence, parent, parent_outlet, evidence FROM placements"
        rows = self.db.execute(query + (" WHERE story = ?" if story else "") + " ORDER BY article_id",
                               (story,) if story else ())
        return [_placement(r) for r in rows]

    def placement(self, article_id: str) -> Placement | None:
        row = self.db.execute("SELECT article_id, story, relation, confidence, parent, parent_outlet, evidence "
                              "FROM placements WHERE article_id = ?", (article_id,)).fetchone()
        return _placement(row) if row else None

    def embeddings(self, ids: Iterable[str] | None = None) -> dict[str, bytes]:
        """Stored opening vectors: every one, or those of ``ids``."""
        if ids is None:
            rows = self.db.execute("SELECT article_id, embedding FROM fingerprints WHERE embedding IS NOT NULL")
            return dict(rows.fetchall())
        found: dict[str, bytes] = {}
        for part in id_parts(sorted(ids)):
            found.update(self.db.execute(f"SELECT article_id, embedding FROM fingerprints WHERE embedding IS NOT NULL "
                                         f"AND article_id IN ({marks(part)})", part).fetchall())
        return found

    def cached_claims(self, article_id: str, content_hash: str) -> dict[str, Any] | None:
        row = self.db.execute("SELECT content_hash, data FROM claims WHERE article_id = ?", (article_id,)).fetchone()
        # a row without data records a failed extraction: no claims to give
        return json.loads(row[1]) if row and row[0] == content_hash and row[1] is not None else None

    def put_claims(self, article_id: str, content_hash: str, data: dict[str, Any]) -> None:
        self.db.execute("INSERT OR REPLACE INTO claims (article_id, content_hash, data) VALUES (?, ?, ?)",
                        (article_id, content_hash, json.dumps(data, ensure_ascii=False)))

    def put_claims_results(self, results: Iterable[ClaimsResult]) -> int:
        rows = [(r.article_id, r.content_hash, None if r.data is None else json.dumps(r.data, ensure_ascii=False),
                 r.error) for r in results]
        with self._transaction():
            self.db.executemany("INSERT OR REPLACE INTO claims (article_id, content_hash, data, error) "
                                "VALUES (?, ?, ?, ?)", rows)
        return len(rows)

    def needing_claims(self, retry_failed: bool = False) -> list[str]:
        failed = " OR c.error IS NOT NULL" if retry_failed else ""
        rows = self.db.execute("SELECT a.id FROM articles a LEFT JOIN claims c ON c.article_id = a.id "
                               f"WHERE c.article_id IS NULL OR c.content_hash != a.content_hash{failed} "
                               "ORDER BY a.rowid")
        return [row[0] for row in rows]

    def claims_result(self, article_id: str) -> ClaimsResult | None:
        row = self.db.execute(f"SELECT {_CLAIMS_COLUMNS} FROM claims c JOIN articles a ON a.id = c.article_id "
                              "AND a.content_hash = c.content_hash WHERE c.article_id = ?", (article_id,)).fetchone()
        return _claims_result(row) if row else None

    def claims_results(self) -> Iterator[ClaimsResult]:
        rows = self.db.execute(f"SELECT {_CLAIMS_COLUMNS} FROM claims c JOIN articles a ON a.id = c.article_id "
                               "AND a.content_hash = c.content_hash ORDER BY a.rowid")
        return map(_claims_result, rows)

    def claims_failures(self) -> list[ClaimsResult]:
        rows = self.db.execute(f"SELECT {_CLAIMS_COLUMNS} FROM claims c JOIN articles a ON a.id = c.article_id "
                               "AND a.content_hash = c.content_hash WHERE c.error IS NOT NULL ORDER BY a.rowid")
        return [_claims_result(row) for row in rows]


_CLAIMS_COLUMNS = "c.article_id, c.content_hash, c.data, c.error"


def _claims_result(row: tuple[Any, ...]) -> ClaimsResult:
    article_id, content_hash, data, error = row
    return ClaimsResult(article_id, content_hash, json.loads(data) if data is not None else None, error)



def _link(row: tuple[Any, ...]) -> Link:
    a, b, kind, score, a_coverage, b_coverage, same_event, *rest = row
    detail = LinkDetail.from_dict(json.loads(rest[0])) if rest else LinkDetail()
    return Link(a, b, LinkKind(kind), score, a_coverage, b_coverage, detail, same_event)


def id_parts(ids: list[str], size: int = 400) -> Iterator[list[str]]:
    """SQLite takes up to 999 parameters a statement (32766 since 3.32, not everywhere yet)."""
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def marks(part: list[str]) -> str:
    return ",".join("?" * len(part))


def _story(row: tuple[Any, ...], members: list[str]) -> Story:
    story_id, origin, origin_outlet, confidence, evidence, kept_apart = row
    return Story(story_id, members, confidence, origin, origin_outlet, json.loads(evidence),
                 json.loads(kept_apart) if kept_apart else [])


def _placement(row: tuple[Any, ...]) -> Placement:
    article_id, story, relation, confidence, parent, parent_outlet, evidence = row
    return Placement(article_id, story, Relation(relation), confidence, parent=parent, parent_outlet=parent_outlet,
                     evidence=json.loads(evidence))

