"""Claim extraction throughput, one core, on real news text, with a full spaCy parse as the peer.

The texts are the PolNeAR dev articles (../shared), read in place; the rate is also given per
600-word article.  The peer is spaCy parsing the same texts whole (the en_core_web_sm pipeline newstrace
loads: tagger and parser); newstrace parses only sentences that may hold a statement.

    python benchmarks/claims_throughput.py [--articles 100]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from _report import publish
from newstrace.claims import extract
from newstrace.claims.attributions import nlp
from newstrace.model import Article

TARGET = 30.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=100)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    folder = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "polnear" / "dev" / "text"
    texts = [p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))[: args.articles]]
    words = sum(len(t.split()) for t in texts)
    nlp()  # load outside the timings
    start = time.perf_counter()
    for doc in nlp().pipe(texts):
        del doc
    peer = time.perf_counter() - start
    start = time.perf_counter()
    found = sum(len(extract(Article(id=str(i), raw=t, text=t, clean_text=t, lang="en")).quantities)
                for i, t in enumerate(texts))
    ours = time.perf_counter() - start
    rate = words / 600 / ours
    report = "\n".join([
        f"{len(texts)} PolNeAR dev articles, {words:,} words, one core ({found} quantities found).", "",
        "| step | seconds | words/s | 600-word articles/s |", "|---|---|---|---|",
        f"| peer: spaCy parse of the whole texts | {peer:.2f} | {words / peer:,.0f} | {words / 600 / peer:.1f} |",
        f"| claim extraction (attributions, quantities, hedges) | {ours:.2f} | {words / ours:,.0f} | {rate:.1f} |",
        "", f"Claim extraction runs at {rate:.1f} 600-word articles/s ({ours / peer:.2f}x the time of the whole "
        f"parse); target {TARGET:.0f}: {'met' if rate >= TARGET else 'missed'}."])
    publish("claims_throughput", "Claim extraction throughput", report, write=not args.no_write)


if __name__ == "__main__":
    main()
