"""The store interface the pipeline writes through; SQLite implements it, PostgreSQL can later."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, Self

from newstrace.model import Article, ClaimsResult, Credit, Link, Placement, Reject, Story

if TYPE_CHECKING:
    from newstrace.fingerprint import Fingerprint


class Outcome(StrEnum):
    STORED = "stored"
    UPDATED = "updated"
    DUPLICATE = "duplicate"


@dataclass(slots=True, frozen=True)
class ArticleRow:
    """A short listing row, without the texts."""

    id: str
    outlet: str | None
    title: str | None
    published: str | None
    url: str | None
    words: int


@dataclass(slots=True, frozen=True)
class ArticleFacts:
    """What tracing needs of an article: ingest order, outlet, date and credits."""

    id: str
    order: int
    outlet: str | None
    published: str | None
    credits: list[Credit]
    lang: str | None = None  # as given, else as the link stage detected it


class IndexRow(NamedTuple):
    """What the candidate index needs of a stored fingerprint (blobs as newstrace.fingerprint wrote them)."""

    article_id: str
    signature: bytes  # uint32 MinHash values
    samples: bytes | None  # uint32 sampled shingle hashes
    key_hashes: bytes | None  # uint32 hashes of names and numbers


@dataclass(slots=True, frozen=True)
class FingerprintRow:
    """What the link stage reads back of a stored fingerprint to compare an article again."""

    article_id: str
    lang: str | None
    tokens: int
    keys: list[str]
    weekday: int | None
    embedding: bytes | None  # the opening's vector (newstrace.link.embed.pack), if made


@dataclass(slots=True)
class LinkBatch:
    """What one batch of the link stage writes, in one transaction: the new articles' fingerprints, opening
    vectors (of new articles, and of older ones that had none), sentence vectors, links and checked pairs."""

    prints: list[Fingerprint]
    vectors: dict[str, bytes]
    sentence_vectors: dict[str, bytes]
    links: list[Link]
    checked: list[tuple[str, str]]


class Store(Protocol):
    """What a newstrace store does.  Every ``put_*`` call is one atomic transaction.

    A store runs no stage logic: it keeps and counts what the stages computed (such as each article's
    ``line_keys``).  Whatever fails inside it reaches the caller as ``newstrace.errors.StoreError``.
    """

    def put_articles(self, articles: Iterable[Article]) -> list[Outcome]:
        """Store a batch; same id (or URL) and same content is a duplicate, new content an update."""
        ...

    def put_rejects(self, rejects: Iterable[Reject]) -> None: ...

    def get(self, article_id: str) -> Article | None: ...

    def articles(self, outlet: str | None = None) -> Iterator[Article]: ...

    def listing(self, limit: int | None = None, outlet: str | None = None) -> list[ArticleRow]: ...

    def rejects(self) -> list[Reject]: ...

    def count(self) -> int: ...

    def boilerplate(self, min_articles: int, min_share: float) -> dict[str, set[str]]:
        """Line keys, by outlet, seen in at least ``min_articles`` and ``min_share`` of the outlet's articles.

        The counts are of each stored article's ``line_keys``; an update uncounts the old version's keys.
        """
        ...

    def replace_cleaning(self, articles: Iterable[Article]) -> int:
        """Rewrite the cleaning results (clean text, removed, credits, title, dates, line keys) of stored
        articles, moving the line counts by what changed; returns how many were stored."""
        ...

    def missing_line_keys(self, limit: int = 500) -> list[Article]:
        """Up to ``limit`` articles, in id order, written before the store kept line keys
        (``line_keys is None``); ``replace_cleaning`` with their keys adopts them without recounting."""
        ...

    def meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...

    def close(self) -> None: ...

    def __enter__(self) -> Self: ...

    def __exit__(self, *exc: object) -> None: ...


class ProvenanceStore(Store, Protocol):
    """A store that also keeps what the link, cluster, trace and claims stages find.

    Each article's fingerprint lives here too (signature, sampled shingles, key words), from which the
    link stage rebuilds its in-memory candidate index, so a later trace only fingerprints new articles.
    """

    def article_facts(self) -> list[ArticleFacts]: ...

    def unfingerprinted(self) -> list[str]:
        """Ids of the articles not yet fingerprinted, in ingest order."""
        ...

    def clean_texts(self, ids: list[str]) -> list[tuple[str, str, str | None]]: ...

    def put_fingerprints(self, prints: Iterable[Fingerprint]) -> None: ...

    def index_rows(self, chunk: int = 10_000) -> Iterator[list[IndexRow]]: ...

    def articles_by_id(self, ids: list[str]) -> dict[str, Article]:
        """The stored articles among ``ids``, in one read; unknown ids are left out."""
        ...

    def fingerprint_rows(self, ids: list[str]) -> dict[str, FingerprintRow]: ...

    def checked_pairs(self, ids: list[str]) -> set[tuple[str, str]]:
        """The pairs (sorted) already compared that involve any of ``ids``."""
        ...

    def sentence_vectors(self, ids: list[str]) -> dict[str, bytes]: ...

    def put_link_batch(self, batch: LinkBatch) -> None:
        """Write a link batch in one transaction."""
        ...

    def forget_fingerprints(self, ids: list[str] | None = None) -> None: ...


    def embeddings(self, ids: Iterable[str] | None = None) -> dict[str, bytes]: ...

    def weekdays(self) -> dict[str, int]: ...

    def put_links(self, links: Iterable[Link], checked: Iterable[tuple[str, str]]) -> None: ...

    def links(self, article_id: str | None = None, with_detail: bool = False) -> list[Link]: ...

    def story_links(self, story_id: str, with_detail: bool = False) -> list[Link]: ...

    def put_stories(self, traced: Iterable[tuple[Story, list[Placement]]]) -> None:
        """Replace all stories and placements with these, written as they come."""
        ...

    def stories(self) -> list[Story]: ...

    def story(self, story_id: str) -> Story | None: ...

    def placements(self, story: str | None = None) -> list[Placement]: ...

    def placement(self, article_id: str) -> Placement | None: ...

    def cached_claims(self, article_id: str, content_hash: str) -> dict[str, Any] | None: ...

    def put_claims(self, article_id: str, content_hash: str, data: dict[str, Any]) -> None: ...

    def put_claims_results(self, results: Iterable[ClaimsResult]) -> int:
        """Store a batch of claims stage outcomes in one transaction, replacing earlier ones; returns how many."""
        ...

    def needing_claims(self, retry_failed: bool = False) -> list[str]:
        """Ids of the articles, in ingest order, with no claims for their current text (none stored, or stored
        for an earlier version); with ``retry_failed``, those whose extraction failed too."""
        ...

    def claims_result(self, article_id: str) -> ClaimsResult | None:
        """The stored outcome for the article's current text, if any."""
        ...

    def claims_results(self) -> Iterator[ClaimsResult]:
        """Every stored outcome for an article's current text, in ingest order."""
        ...

    def claims_failures(self) -> list[ClaimsResult]:
        """The articles whose claims failed for their current text, in ingest order, with the errors."""
        ...
