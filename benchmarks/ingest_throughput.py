"""Ingest and cleaning throughput on generated 600-word articles, JSONL to SQLite, one core.

Prints the figures and writes them into docs/benchmarks.md between the markers for this
benchmark.  The peer is the bare floor of the same work measured in the same run: reading
the file and parsing each JSON line, so the ratio is meaningful on a noisy machine.

    python benchmarks/ingest_throughput.py [--articles 5000]

With ``--against TREE`` (a checkout of an earlier commit, e.g. ``git archive COMMIT src benchmarks | tar -x -C
/tmp/old``) both trees are measured in alternating subprocesses, several rounds, and the best time of each
step is set side by side in a section of its own.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from _report import publish, write_section
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


STEPS = ("peer", "read", "clean", "ingest")


def measure(n: int) -> dict[str, float]:
    """Seconds of each step on ``n`` generated articles, and the MB of text."""
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus.jsonl"
        with corpus.open("w") as out:
            text_bytes = synth.write_jsonl(out, n, seed=7)

        def parse_only() -> int:
            with corpus.open("rb") as lines:
                return sum(1 for line in lines if json.loads(line))

        _, t_peer = timed(parse_only)
        articles, t_read = timed(lambda: [r for r in read_paths([corpus]) if isinstance(r, Article)])
        _, t_clean = timed(lambda: [clean_article(a) for a in articles])
        with open_store(Path(tmp) / "bench.db") as store:
            summary, t_ingest = timed(lambda: ingest([corpus], store))
        assert summary.stored == n, summary.line()
    return {"peer": t_peer, "read": t_read, "clean": t_clean, "ingest": t_ingest, "mb": text_bytes / 1e6}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    parser.add_argument("--against", type=Path, help="an earlier tree (with src/) to measure side by side")
    parser.add_argument("--rounds", type=int, default=3, help="with --against: alternating rounds per tree")
    parser.add_argument("--json-only", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.json_only:
        print(json.dumps(measure(args.articles)))
        return
    if args.against:
        compare(args.against, args.articles, args.rounds, write=not args.no_write)
        return
    figures = measure(args.articles)
    t_peer, mb = figures["peer"], figures["mb"]
    text_bytes = mb * 1e6
    t_ingest = figures["ingest"]
    n = args.articles
    rows = [
        ("peer: read + json.loads only", t_peer),
        ("read into Article records", figures["read"]),
        ("clean (rules + credits)", figures["clean"]),
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


def _run_tree(tree: Path, n: int) -> dict[str, float]:
    env = {**os.environ, "PYTHONPATH": f"{tree.resolve() / 'src'}{os.pathsep}{Path(__file__).resolve().parent}"}
    done = subprocess.run([sys.executable, __file__, "--articles", str(n), "--json-only"], env=env, check=True,
                          capture_output=True, text=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def compare(old: Path, n: int, rounds: int, write: bool) -> None:
    """Both trees in alternating subprocesses; the best of the rounds for each step."""
    new = Path(__file__).resolve().parent.parent
    runs: dict[str, list[dict[str, float]]] = {"before": [], "after": []}
    for _ in range(rounds):
        for label, tree in (("before", old), ("after", new)):
            runs[label].append(_run_tree(tree, n))
    best = {label: {step: min(r[step] for r in found) for step in STEPS} for label, found in runs.items()}
    mb = runs["after"][0]["mb"]
    names = {"peer": "peer: read + json.loads only", "read": "read into Article records",
             "clean": "clean (rules + credits)", "ingest": "full ingest JSONL -> SQLite"}
    lines = [f"Corpus: {n} generated articles ({mb:.1f} MB of text). Before: the tree at {old}; after: this tree. "
             f"{rounds} alternating rounds, each tree in its own process; the best time of each step. "
             f"{platform.python_implementation()} {platform.python_version()} on {platform.machine()}.", "",
             "| step | before s | after s | after/before | before articles/s | after articles/s |",
             "|---|---|---|---|---|---|"]
    for step in STEPS:
        b, a = best["before"][step], best["after"][step]
        lines.append(f"| {names[step]} | {b:.2f} | {a:.2f} | {a / b:.3f} | {n / b:,.0f} | {n / a:,.0f} |")
    change = best["after"]["ingest"] / best["before"]["ingest"] - 1
    verdict = "within" if abs(change) <= 0.05 or change < 0 else "outside"
    lines += ["", f"Full ingest after/before: {change:+.1%} ({verdict} the 5% allowed). Every round: before "
              + ", ".join(f"{r['ingest']:.2f}" for r in runs["before"]) + " s; after "
              + ", ".join(f"{r['ingest']:.2f}" for r in runs["after"]) + " s."]
    report = "\n".join(lines)
    print(report)
    if write:
        write_section("ingest_before_after", "Ingest throughput before and after hostile-input handling",
                      f"python benchmarks/ingest_throughput.py --against {old}", report)


if __name__ == "__main__":
    main()
