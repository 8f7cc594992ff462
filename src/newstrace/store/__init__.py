"""Stores: the embedded SQLite file by default, a PostgreSQL database for a ``postgresql://`` location."""

from __future__ import annotations

from pathlib import Path

from newstrace.errors import StoreError, UsageError
from newstrace.store.base import ArticleFacts, ArticleRow, Outcome, ProvenanceStore, Store
from newstrace.store.sqlite import SQLiteStore

__all__ = ["ArticleFacts", "ArticleRow", "Outcome", "ProvenanceStore", "SQLiteStore", "Store", "open_store"]

DEFAULT_DB = "newstrace.db"


def open_store(location: str | Path = DEFAULT_DB, *, create: bool = True) -> ProvenanceStore:
    """Open the store at ``location``: a SQLite file path, created if needed unless ``create`` is false (the
    commands that only read must not leave an empty store behind), or a ``postgresql://`` URL (the database
    must exist; its tables are created on first use).  Callers get the interface."""
    text = str(location)
    if "://" in text:
        scheme = text.split("://", 1)[0]
        if scheme in ("postgresql", "postgres"):
            from newstrace.store.postgres import PostgresStore  # psycopg is loaded only for such a store

            return PostgresStore(text)
        raise UsageError(f"--db {text}: the {scheme!r} store is not supported; give a file path for SQLite "
                         "or a postgresql://user:password@host/database URL")
    if not create and not Path(text).is_file():
        raise StoreError(f"{text}: no such store; 'newstrace ingest PATH... --db {text}' creates one")
    return SQLiteStore(Path(text))
