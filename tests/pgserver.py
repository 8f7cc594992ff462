"""A throwaway PostgreSQL database for a test: created on the local server and dropped after.

The server is the one ``NEWSTRACE_TEST_PG`` names (a URL of a role allowed to create databases; ``.ci/run``
starts the local cluster and sets it), else the role ``.ci/run`` creates on localhost.  Without a reachable
server the tests that need one are skipped, except under ``CI=true``, where they fail.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import pytest

DEFAULT_ADMIN = "postgresql://newstrace:newstrace@localhost:5432/postgres"


def admin_url() -> str:
    return os.environ.get("NEWSTRACE_TEST_PG", DEFAULT_ADMIN)


@cache
def unreachable() -> str | None:
    """Why no test database can be made, or None when one can."""
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed (pip install -e '.[dev]')"
    try:
        with psycopg.connect(admin_url(), connect_timeout=3):
            return None
    except psycopg.Error as exc:
        return f"no PostgreSQL server at {admin_url()} ({str(exc).strip().splitlines()[0]}); " \
               "start it with 'pg_ctlcluster 15 main start' or set NEWSTRACE_TEST_PG"


def need_server() -> None:
    why = unreachable()
    if why is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI must test the PostgreSQL store: {why}")
    pytest.skip(why)


def database_url(name: str) -> str:
    """The admin URL with another database name (a URL, so that open_store sees PostgreSQL)."""
    base, _, query = admin_url().partition("?")
    return base.rsplit("/", 1)[0] + "/" + name + (f"?{query}" if query else "")


@contextmanager
def fresh_database() -> Iterator[str]:
    """The URL of a new empty database, dropped afterwards (with any connections left to it)."""
    import psycopg

    need_server()
    name = f"newstrace_test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(admin_url(), autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        yield database_url(name)
    finally:
        with psycopg.connect(admin_url(), autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
