"""Claim extraction throughput, one core, on real news text, with a full spaCy parse as the peer.

The texts are the PolNeAR dev articles (../shared), read in place; the rate is also given per
600-word article.  The peer is spaCy parsing the same texts whole (the en_core_web_sm pipeline newstrace
loads: tagger and parser); newstrace parses only sentences that may hold a statement.  Extraction is timed
two ways: as the claims stage runs it (``extract_all``: the sentences of several articles parsed together)
and one article at a time (``extract``, as before the stage batched its parsing), which must find the same
claims.  Peer and both ways alternate over ``--rounds`` rounds and the best of each is kept, since the
machine is shared.  A last row runs the stage with the parser's matrix products in thinc's BLIS build
(spaCy's default) instead of numpy's BLAS, and checks that it finds the same statements.

    python benchmarks/claims_throughput.py [--articles 100] [--rounds 3]
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import newstrace.claims.parse as parsing
from _report import publish
from newstrace.claims import extract, extract_all
from newstrace.claims.parse import nlp
from newstrace.claims.units import lexicon
from newstrace.model import Article

TARGET = 30.0


def _peer(texts: list[str]) -> list[Any]:
    with parsing._threads().limit(limits=1, user_api="blas"):
        for doc in nlp().pipe(texts):
            del doc
    return []


def _stage(articles: list[Article]) -> list[Any]:
    return [r.data for r in extract_all(articles)]


def _one_by_one(articles: list[Article]) -> list[Any]:
    return [extract(a).as_dict() for a in articles]


def timed(work: Callable[[], list[Any]]) -> tuple[float, list[Any]]:
    start = time.perf_counter()
    found = work()
    return time.perf_counter() - start, found


def statements(found: list[Any]) -> list[list[tuple[int, int, int]]]:
    return [[(a["cue"]["start"], a["content"]["start"], a["content"]["end"]) for a in claims["attributions"]]
            for claims in found]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    folder = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "polnear" / "dev" / "text"
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))[: args.articles]]
    articles = [Article(id=str(i), raw=t, text=t, clean_text=t, lang="en") for i, t in enumerate(texts)]
    words = sum(len(t.split()) for t in texts)
    load = os.getloadavg()[1]
    lexicon()  # built once from CLDR and quantulum3, outside the timings, as the model's load
    _one_by_one(articles[:3])
    ways: dict[str, tuple[Callable[[], list[Any]], list[float]]] = {
        "peer": (lambda: _peer(texts), []), "stage": (lambda: _stage(articles), []),
        "one": (lambda: _one_by_one(articles), [])}
    found: dict[str, list[Any]] = {}
    for _ in range(args.rounds):
        for name, (work, seconds) in ways.items():
            took, found[name] = timed(work)
            seconds.append(took)
    best = {name: min(seconds) for name, (_, seconds) in ways.items()}
    parsing.BLIS = True
    nlp.cache_clear()
    blis, found_blis = timed(lambda: _stage(articles))
    same_one = found["stage"] == found["one"]
    same_blis = statements(found["stage"]) == statements(found_blis)
    rate = words / 600 / best["stage"]
    row = "| {} | {:.2f} | {:,.0f} | {:.1f} | {:.2f}x |".format
    peer = best["peer"]
    report = "\n".join([
        f"{len(texts)} PolNeAR dev articles, {words:,} words, one core, best of {args.rounds} alternating rounds "
        f"({sum(len(c['quantities']) for c in found['stage'])} quantities found; 5-minute load average "
        f"{load:.1f} before the run, {os.getloadavg()[1]:.1f} after, on 2 cores).", "",
        "| step | seconds | words/s | 600-word articles/s | time against the peer |", "|---|---|---|---|---|",
        row("peer: spaCy parse of the whole texts", peer, words / peer, words / 600 / peer, 1.0),
        row("claims stage (attributions, quantities, hedges; articles parsed together)", best["stage"],
            words / best["stage"], rate, best["stage"] / peer),
        row("the same, one article at a time (`extract`)", best["one"], words / best["one"],
            words / 600 / best["one"], best["one"] / peer),
        row("the stage with thinc's BLIS matrix products (spaCy's default; one round)", blis, words / blis,
            words / 600 / blis, blis / peer),
        "", f"The claims stage runs at {rate:.1f} 600-word articles/s ({best['stage'] / peer:.2f}x the time of the "
        f"whole parse; one article at a time {best['one'] / peer:.2f}x); target {TARGET:.0f}: "
        f"{'met' if rate >= TARGET else 'missed'}.  Parsing articles together finds "
        f"{'the same' if same_one else 'NOT the same'} claims as one at a time.  numpy's BLAS instead of BLIS: "
        f"{blis / best['stage']:.2f}x faster, {'the same' if same_blis else 'NOT the same'} statements found."])
    publish("claims_throughput", "Claim extraction throughput", report, write=not args.no_write)


if __name__ == "__main__":
    main()
