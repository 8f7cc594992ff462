"""Stores: the embedded SQLite file by default."""

from __future__ import annotations

from pathlib import Path

from newstrace.errors import StoreError, UsageError
from newstrace.store.base import ArticleFacts, ArticleRow, Outcome, ProvenanceStore, Store
from newstrace.store.sqlite import SQLiteStore

__all__ = ["ArticleFacts", "ArticleRow", "Outcome", "ProvenanceStore", "SQLiteStore", "Store", "open_store"]

DEFAULT_DB = "newstrace.db"


def open_store(location: str | Path = DEFAULT_DB, *, create: bool = True) -> ProvenanceStore:
    """Open the store at ``location``: a SQLite file path, created if needed unless ``create`` is false (the
    commands that only read must not leave an empty store behind).  Callers get the interface, so another
    backend can be returned here for another kind of location."""
    text = str(location)
    if "://" in text:
        scheme = text.split("://", 1)[0]
        raise UsageError(f"--db {text}: the {scheme!r} store is not supported yet; give a file path for SQLite")
    if not create and not Path(text).is_file():
        raise StoreError(f"{text}: no such store; 'newstrace ingest PATH... --db {text}' creates one")
    return SQLiteStore(Path(text))
