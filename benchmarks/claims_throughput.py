"""Claim extraction throughput, one core, on real news text, with a full spaCy parse as the peer.

The texts are the PolNeAR dev articles (../shared), read in place; the rate is also given per
600-word article.  The peer is spaCy parsing the same texts whole (the en_core_web_sm pipeline newstrace
loads: tagger and parser); newstrace parses only sentences that may hold a statement.  A third row runs the
extraction again with the parser's matrix products in thinc's BLIS build (spaCy's default) instead of
numpy's BLAS, and checks that both find the same statements.

    python benchmarks/claims_throughput.py [--articles 100]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import newstrace.claims.parse as parsing
from _report import publish
from newstrace.claims import ArticleClaims, extract
from newstrace.claims.parse import nlp
from newstrace.claims.units import lexicon
from newstrace.model import Article

TARGET = 30.0


def run(texts: list[str]) -> tuple[float, list[ArticleClaims]]:
    """Seconds to extract the claims of every text, and what was found."""
    nlp()  # load outside the timings, as the unit lexicon (built once from CLDR and quantulum3)
    lexicon()
    start = time.perf_counter()
    found = [extract(Article(id=str(i), raw=t, text=t, clean_text=t, lang="en")) for i, t in enumerate(texts)]
    return time.perf_counter() - start, found


def statements(found: list[ArticleClaims]) -> list[list[tuple[int, int, int]]]:
    return [[(a.cue.start, a.content.start, a.content.end) for a in claims.attributions] for claims in found]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    folder = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "polnear" / "dev" / "text"
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))[: args.articles]]
    words = sum(len(t.split()) for t in texts)
    nlp()
    start = time.perf_counter()
    with parsing._threads().limit(limits=1, user_api="blas"):
        for doc in nlp().pipe(texts):
            del doc
    peer = time.perf_counter() - start
    ours, found = run(texts)
    parsing.BLIS = True
    nlp.cache_clear()
    blis, found_blis = run(texts)
    same = statements(found) == statements(found_blis)
    rate = words / 600 / ours
    row = "| {} | {:.2f} | {:,.0f} | {:.1f} |".format
    report = "\n".join([
        f"{len(texts)} PolNeAR dev articles, {words:,} words, one core "
        f"({sum(len(c.quantities) for c in found)} quantities found).", "",
        "| step | seconds | words/s | 600-word articles/s |", "|---|---|---|---|",
        row("peer: spaCy parse of the whole texts", peer, words / peer, words / 600 / peer),
        row("claim extraction (attributions, quantities, hedges)", ours, words / ours, rate),
        row("the same with thinc's BLIS matrix products (spaCy's default)", blis, words / blis, words / 600 / blis),
        "", f"Claim extraction runs at {rate:.1f} 600-word articles/s ({ours / peer:.2f}x the time of the whole "
        f"parse); target {TARGET:.0f}: {'met' if rate >= TARGET else 'missed'}.  numpy's BLAS instead of BLIS: "
        f"{blis / ours:.2f}x faster, {'the same' if same else 'NOT the same'} statements found in every article."])
    publish("claims_throughput", "Claim extraction throughput", report, write=not args.no_write)


if __name__ == "__main__":
    main()
