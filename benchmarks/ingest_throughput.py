"""Ingest and cleaning throughput on generated 600-word articles, JSONL to SQLite, one core.

Prints the figures and writes them into docs/benchmarks.md between the markers for this
benchmark.  The peer is the bare floor of the same work measured in the same run: reading
the file and parsing each JSON line, so the ratio is meaningful on a noisy machine.

    python benchmarks/ingest_throughput.py [--articles 5000]
"""

from __future__ import annotations

import argparse
import json
import platform
import tempfile
import time
from pathlib import Path

from _report import publish
from newstrace import synth
from newstrace.clean import clean_article
from newstrace.ingest import read_paths
from newstrace.model import Article
from newstrace.pipeline import ingest
from newstrace.store import open_store

TARGET_ARTICLES, TARGET_MB = 2000.0, 5.0


def timed(func):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = func()
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w") as out:
            text_bytes = synth.write_jsonl(out, args.articles, seed=7)
        mb = text_bytes / 1e6

        def parse_only() -> int:
            with corpus.open("rb") as lines:
                return sum(1 for line in lines if json.loads(line))

        _, t_peer = timed(parse_only)
        articles, t_read = timed(lambda: [r for r in read_paths([corpus]) if isinstance(r, Article)])
        _, t_clean = timed(lambda: [clean_article(a) for a in articles])
        with open_store(Path(tmp) / "bench.db") as store:
            summary, t_ingest = timed(lambda: ingest([corpus], store))
        assert summary.stored == args.articles, summary.line()

    n = args.articles
    rows = [
        ("peer: read + json.loads only", t_peer),
        ("read into Article records", t_read),
        ("clean (rules + credits)", t_clean),
        ("full ingest JSONL -> SQLite", t_ingest),
    ]
    words = round(text_bytes / n / 6)
    lines = [f"Corpus: {n} generated articles of about 600 words ({mb:.1f} MB of text, ~{words * 6} bytes each). "
             f"One process, one core; {platform.python_implementation()} {platform.python_version()} "
             f"on {platform.machine()}.", "",
             "| step | seconds | articles/s | MB/s of text | time vs peer |", "|---|---|---|---|---|"]
    for name, seconds in rows:
        lines.append(f"| {name} | {seconds:.2f} | {n / seconds:,.0f} | {mb / seconds:.1f} | {seconds / t_peer:.1f}x |")
    rate, mbps = n / t_ingest, mb / t_ingest
    verdict = "meets" if rate >= TARGET_ARTICLES and mbps >= TARGET_MB else "misses"
    lines += ["", f"Full ingest: {rate:,.0f} articles/s and {mbps:.1f} MB/s per core; this run {verdict} the target of "
              f"{TARGET_ARTICLES:,.0f} articles/s and {TARGET_MB:.0f} MB/s."]
    report = "\n".join(lines)
    publish("ingest_throughput", "Ingest and cleaning throughput", report, write=not args.no_write)


if __name__ == "__main__":
    main()
