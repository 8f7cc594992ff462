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
from dataclasses import dataclass
from pathlib import Path

from _report import scores, write_section
from newstrace.pipeline import ingest, trace
from newstrace.store import open_store

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


@dataclass
class Run:
    """One run of the pipeline on devpages and what it found, against the labels."""

    labels: dict[str, dict]  # type: ignore[type-arg]
    found: dict[str, str]  # page -> story
    relations: dict[str, str]  # page -> relation
    copies: set[tuple[str, str]]
    origins: dict[str, str | None]  # story -> origin page
    seconds: float
    line: str

    def truth(self) -> dict[str, str]:
        return {i: r["story"] for i, r in self.labels.items()}

    def copy_truth(self) -> set[tuple[str, str]]:
        return pairs({i: r["source_group"] for i, r in self.labels.items() if r["source_group"]})

    def judged(self) -> list[str]:
        return [i for i, r in self.labels.items() if r["relation"] != "unknown"]

    def merged_negatives(self) -> int:
        truth = self.truth()
        negatives = [i for i, r in self.labels.items() if r["story"].startswith("neg-")]
        return sum(any(truth[j] != truth[i] and self.found[j] == self.found[i] for j in self.labels)
                   for i in negatives)

    def without_evidence(self) -> list[str]:
        """Pages labelled as copies of something that neither the page nor the set shows: no credit in the
        excerpt, no parent in the set, no other page of its source group.  No reading of the corpus can
        name their relation; the labeller knew the wire text from elsewhere."""
        groups = Counter(r["source_group"] for r in self.labels.values() if r["source_group"])
        return [i for i in self.judged() if self.labels[i]["relation"] in COPY_KINDS
                and not self.labels[i]["credited_source"]
                and self.labels[i]["derived_from"] not in self.labels
                and groups.get(self.labels[i]["source_group"], 0) < 2]

    def figures(self) -> dict[str, float]:
        """The figures the quality gate holds."""
        judged = self.judged()
        return {"story_f1": prf(pairs(self.found), pairs(self.truth()))[2],
                "ari": ari(self.truth(), self.found),
                "copy_f1": prf(self.copies, self.copy_truth())[2],
                "relation_accuracy": sum(self.relations[i] == self.labels[i]["relation"] for i in judged) / len(judged),
                "hard_negatives_merged": float(self.merged_negatives())}


def run() -> Run:
    labels = {r["id"]: r for r in map(json.loads, PAGES.read_text().splitlines())}
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "dev.db") as store:
        ingest([PAGES], store)
        started = time.perf_counter()
        summary = trace(store)
        seconds = time.perf_counter() - started
        placements = {p.article_id: p for p in store.placements()}
        copies = {tuple(sorted((lk.a, lk.b))) for lk in store.links() if lk.kind in COPY_KINDS}
        origins = {s.id: s.origin for s in store.stories()}
    return Run(labels, {i: p.story for i, p in placements.items()}, {i: p.relation for i, p in placements.items()},
               copies, origins, seconds, summary.line())  # type: ignore[arg-type]


def measure() -> dict[str, float]:
    return run().figures()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="list every wrong story pair and relation")
    args = parser.parse_args()
    found = run()
    labels, truth = found.labels, found.truth()
    sp, sr, sf = prf(pairs(found.found), pairs(truth))
    cp, cr, cf = prf(found.copies, found.copy_truth())
    judged = found.judged()
    relation_ok = sum(found.relations[i] == labels[i]["relation"] for i in judged)
    origin_total = origin_ok = 0
    for story, origin in found.origins.items():
        roots = [i for i, s in found.found.items() if s == story and labels[i]["relation"] == "origin"]
        if roots:
            origin_total += 1
            origin_ok += origin in roots
    negatives = [i for i, r in labels.items() if r["story"].startswith("neg-")]
    confusion = Counter((labels[i]["relation"], found.relations[i]) for i in judged)
    unseen = found.without_evidence()
    report = "\n".join([
        f"{len(labels)} pages, {len(set(truth.values()))} labelled stories; trace took {found.seconds:.1f}s "
        f"({found.line}).", "",
        "| measure | value | target |", "|---|---|---|",
        f"| story pairs: precision / recall / F1 | {sp:.3f} / {sr:.3f} / {sf:.3f} | F1 >= 0.95 |",
        f"| adjusted Rand index | {ari(truth, found.found):.3f} | (NEWS-COPY anchors: MinHash 0.73, re-ranker 0.94) |",
        f"| copy pairs (source_group): precision / recall / F1 | {cp:.3f} / {cr:.3f} / {cf:.3f} | F1 >= 0.95 |",
        f"| relation accuracy (pages not labelled unknown) | {relation_ok / len(judged):.3f} "
        f"({relation_ok} of {len(judged)}) | >= 0.85 |",
        f"| pages labelled as copies with no evidence in the page or the set | {len(unseen)} "
        f"(ceiling for a reading of the corpus: {1 - len(unseen) / len(judged):.3f}) | |",
        f"| origin accuracy (stories whose labels name an origin) | {origin_ok} of {origin_total} | |",
        f"| hard-negative pages merged into another story | {found.merged_negatives()} of {len(negatives)} | 0 |",
        "", "Relation confusion (label -> found): " + ", ".join(
            f"{a}->{b} {n}" for (a, b), n in sorted(confusion.items()) if a != b),
    ])
    print(report)
    if args.verbose:
        for a, b in sorted(pairs(found.found) - pairs(truth)):
            print("wrong merge", a, b)
        for a, b in sorted(pairs(truth) - pairs(found.found))[:80]:
            print("missed", a, b)
        for (a, b) in sorted(found.copy_truth() - found.copies):
            print("missed copy", a, b)
        for (a, b) in sorted(found.copies - found.copy_truth()):
            print("extra copy", a, b)
    if not args.no_write:
        write_section("devpages_eval", "Provenance on devpages", "python benchmarks/devpages_eval.py", report)
    assert not math.isnan(sf)


if __name__ == "__main__":
    main()
