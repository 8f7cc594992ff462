"""The store interface the pipeline writes through; SQLite implements it, PostgreSQL can later."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from typing import Protocol

from newstrace.model import Article, Reject


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


class Store(Protocol):
    """What a newstrace store does.  Every ``put_*`` call is one atomic transaction."""

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
        """Line keys, by outlet, seen in at least ``min_articles`` and ``min_share`` of the outlet's articles."""
        ...

    def replace_cleaning(self, articles: Iterable[Article]) -> int:
        """Rewrite the cleaning results (clean text, removed, credits, title) of stored articles."""
        ...

    def meta(self, key: str) -> str | None: ...

    def set_meta(self, key: str, value: str) -> None: ...

    def close(self) -> None: ...
