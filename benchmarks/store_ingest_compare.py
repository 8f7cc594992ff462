"""The PostgreSQL store against the SQLite store, side by side in one run: ingest rate and bytes per article.

The same generated 600-word articles (JSONL) are ingested into a fresh SQLite file and a fresh PostgreSQL
database, in alternating rounds, the client held to one core (``sched_setaffinity``; PostgreSQL's server is
a process of its own, as it is wherever it is used).  Then the last round's stores are linked without
embeddings (fingerprints, links, checked pairs) and traced, and each store's size is read: the SQLite file
with its WAL, ``pg_database_size`` less that of an empty database.  Target: PostgreSQL ingests at least
0.7x as many articles a second as SQLite.

    python benchmarks/store_ingest_compare.py [--articles 5000] [--rounds 3] [--pg postgresql://...]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg

from _report import publish
from newstrace import synth
from newstrace.config import TraceConfig
from newstrace.pipeline import ingest, trace
from newstrace.store import open_store

ADMIN = os.environ.get("NEWSTRACE_TEST_PG", "postgresql://newstrace:newstrace@localhost:5432/postgres")
TARGET = 0.7


@contextmanager
def pg_database(admin: str) -> Iterator[str]:
    name = f"newstrace_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as db:
        db.execute(f"CREATE DATABASE {name}")
    try:
        yield admin.rsplit("/", 1)[0] + "/" + name
    finally:
        with psycopg.connect(admin, autocommit=True) as db:
            db.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def pg_bytes(url: str) -> int:
    with psycopg.connect(url) as db:
        row = db.execute("SELECT pg_database_size(current_database())").fetchone()
        return int(row[0]) if row else 0


def sqlite_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def timed_ingest(location: str, corpus: Path) -> float:
    with open_store(location) as store:
        start = time.perf_counter()
        summary = ingest([str(corpus)], store)
        seconds = time.perf_counter() - start
        assert summary.stored == store.count(), summary.line()
    return seconds


def timed_trace(location: str) -> float:
    with open_store(location) as store:
        start = time.perf_counter()
        trace(store, TraceConfig(embeddings=False))
        return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--pg", default=ADMIN, help="URL of a role that may create databases")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    times: dict[str, list[float]] = {"sqlite": [], "postgres": []}
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w") as out:
            synth.write_jsonl(out, args.articles, seed=7)
        with pg_database(args.pg) as empty:
            open_store(empty).close()
            base = pg_bytes(empty)  # the catalog and our empty tables
        for round_no in range(args.rounds):
            last = round_no == args.rounds - 1
            path = Path(tmp) / f"round{round_no}.db"
            order = ("sqlite", "postgres") if round_no % 2 == 0 else ("postgres", "sqlite")
            with pg_database(args.pg) as url:
                for name in order:
                    times[name].append(timed_ingest(str(path) if name == "sqlite" else url, corpus))
                    print(f"round {round_no + 1} {name}: {times[name][-1]:.2f} s", flush=True)
                if last:
                    sizes = {"sqlite": sqlite_bytes(path), "postgres": pg_bytes(url) - base}
                    traced = {"sqlite": timed_trace(str(path)), "postgres": timed_trace(url)}
                    sized = {"sqlite": sqlite_bytes(path), "postgres": pg_bytes(url) - base}
            path.unlink()
    n = args.articles
    best = {name: min(ts) for name, ts in times.items()}
    ratio = best["sqlite"] / best["postgres"]
    median_ratio = statistics.median(times["sqlite"]) / statistics.median(times["postgres"])
    lines = [
        f"{n:,} generated 600-word articles (JSONL), {args.rounds} alternating rounds, client on one core; "
        f"Python {platform.python_version()}, PostgreSQL 15 on the same machine (TCP to localhost).",
        "",
        "| store | best ingest | articles/s | median ingest | bytes/article after ingest | "
        "after link + trace (no embeddings) | link + trace |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in ("sqlite", "postgres"):
        lines.append(f"| {name} | {best[name]:.2f} s | {n / best[name]:,.0f} | {statistics.median(times[name]):.2f} s"
                     f" | {sizes[name] / n:,.0f} | {sized[name] / n:,.0f} | {traced[name]:.2f} s |")
    verdict = "met" if ratio >= TARGET else "missed"
    lines += ["", f"PostgreSQL ingest rate against SQLite's: {ratio:.2f}x best, {median_ratio:.2f}x median "
              f"(target {TARGET}x: {verdict})."]
    publish("store_ingest_compare", "PostgreSQL store against SQLite (ingest rate, bytes per article)",
            "\n".join(lines), write=not args.no_write)


if __name__ == "__main__":
    main()
