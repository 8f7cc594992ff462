"""Run the whole pipeline on ../shared/data/devpages and score it against the labels.

Prints story pairwise precision/recall/F1 and adjusted Rand index (against ``story``), copy-pair
precision/recall (against ``source_group``), relation accuracy, origin accuracy where the labels
name one, and hard negatives merged into a story; records them in docs/benchmarks.md.

    python benchmarks/devpages_eval.py
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import tempfile
import time
from collections import Counter
from pathlib import Path

from _report import scores, write_section
from newstrace.pipeline import ingest
from newstrace.store import open_store
from newstrace.trace import trace

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT.parent / "shared" / "data" / "devpages" / "pages.jsonl"
COPY_KINDS = {"verbatim_copy", "partial_copy", "rewrite", "translation", "shared_source"}


def pairs(groups: dict[str, str]) -> set[tuple[str, str]]:
    by: dict[str, list[str]] = {}
    for item, group in groups.items():
        by.setdefault(group, []).append(item)
    return {tuple(sorted(p)) for members in by.values() for p in itertools.combinations(members, 2)}  # type: ignore[misc]


def ari(truth: dict[str, str], found: dict[str, str]) -> float:
    items = sorted(truth)
    table = Counter((truth[i], found[i]) for i in items)
    a, b = Counter(truth[i] for i in items), Counter(found[i] for i in items)
    comb = lambda n: n * (n - 1) / 2  # noqa: E731
    index = sum(comb(n) for n in table.values())
    sum_a, sum_b, total = sum(comb(n) for n in a.values()), sum(comb(n) for n in b.values()), comb(len(items))
    expected = sum_a * sum_b / total
    top = (sum_a + sum_b) / 2
    return (index - expected) / (top - expected) if top != expected else 1.0


def prf(found: set[tuple[str, str]], truth: set[tuple[str, str]]) -> tuple[float, float, float]:
    return scores(len(found & truth), len(found), len(truth))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="list every wrong story pair and relation")
    args = parser.parse_args()
    labels = {r["id"]: r for r in map(json.loads, PAGES.read_text().splitlines())}
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "dev.db") as store:
        ingest([PAGES], store)
        started = time.perf_counter()
        summary = trace(store)
        seconds = time.perf_counter() - started
        placements = {p.article_id: p for p in store.placements()}
        links = store.links()
        story_list = store.stories()

    truth = {i: r["story"] for i, r in labels.items()}
    found = {i: p.story for i, p in placements.items()}
    sp, sr, sf = prf(pairs(found), pairs(truth))
    groups = {i: r["source_group"] for i, r in labels.items() if r["source_group"]}
    copy_truth = pairs(groups)
    copy_found = {tuple(sorted((lk.a, lk.b))) for lk in links if lk.kind in COPY_KINDS}
    cp, cr, cf = prf(copy_found, copy_truth)  # type: ignore[arg-type]
    judged = [i for i, r in labels.items() if r["relation"] != "unknown"]
    relation_ok = sum(placements[i].relation == labels[i]["relation"] for i in judged)
    origin_cases = [(s, labels) for s in story_list]
    origin_total = origin_ok = 0
    for story in story_list:
        named = {labels[i]["derived_from"] for i in story.article_ids if labels[i]["relation"] == "origin"}
        roots = [i for i in story.article_ids if labels[i]["relation"] == "origin"]
        if roots:
            origin_total += 1
            origin_ok += story.origin in roots
    del origin_cases, named
    negatives = [i for i, r in labels.items() if r["story"].startswith("neg-")]
    merged = sum(any(truth[j] != truth[i] and found[j] == found[i] for j in labels) for i in negatives)
    confusion = Counter((labels[i]["relation"], placements[i].relation) for i in judged)
    report = "\n".join([
        f"{len(labels)} pages, {len(set(truth.values()))} labelled stories; trace took {seconds:.1f}s "
        f"({summary.line()}).", "",
        "| measure | value | target |", "|---|---|---|",
        f"| story pairs: precision / recall / F1 | {sp:.3f} / {sr:.3f} / {sf:.3f} | F1 >= 0.95 |",
        f"| adjusted Rand index | {ari(truth, found):.3f} | (NEWS-COPY anchors: MinHash 0.73, re-ranker 0.94) |",
        f"| copy pairs (source_group): precision / recall / F1 | {cp:.3f} / {cr:.3f} / {cf:.3f} | F1 >= 0.95 |",
        f"| relation accuracy (pages not labelled unknown) | {relation_ok / len(judged):.3f} "
        f"({relation_ok} of {len(judged)}) | >= 0.85 |",
        f"| origin accuracy (stories whose labels name an origin) | {origin_ok} of {origin_total} | |",
        f"| hard-negative pages merged into another story | {merged} of {len(negatives)} | 0 |",
        "", "Relation confusion (label -> found): " + ", ".join(
            f"{a}->{b} {n}" for (a, b), n in sorted(confusion.items()) if a != b),
    ])
    print(report)
    if args.verbose:
        for a, b in sorted(pairs(found) - pairs(truth)):
            print("wrong merge", a, b)
        for a, b in sorted(pairs(truth) - pairs(found))[:80]:
            print("missed", a, b)
        for (a, b) in sorted(copy_truth - copy_found):
            print("missed copy", a, b)
        for (a, b) in sorted(copy_found - copy_truth):  # type: ignore[misc]
            print("extra copy", a, b)
    if not args.no_write:
        write_section("devpages_eval", "Provenance on devpages", "python benchmarks/devpages_eval.py", report)
    assert not math.isnan(sf)


if __name__ == "__main__":
    main()
