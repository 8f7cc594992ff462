"""Stories from a learned same-event model against the rules' stories, cross-validated by story.

``pair_model_cv.py`` asks whether a model judges candidate pairs better than the rules; this asks the question
that counts: do stories built from its probabilities beat the stories the trace stage builds?

For each set, the pages are traced once in a store of their own, recording every candidate pair the link stage
judged (its features, newstrace.link.features) and what the story stage was given (the text-reuse links and
each page's dates).  Then, for each of k folds of stories (a story with its hard negatives):

- a logistic regression is fitted on the pairs of the training folds' pages, labelled "same story";
- the training pages are clustered with its probabilities for every cut in CUTS and the cut with the best
  story F1 there is kept;
- the held-out fold's pages are clustered with that cut, only their own pairs counting, and scored.

Clustering mirrors the story stage: text reuse joins first; then, most probable first, two stories join
while the mean probability over the candidate pairs between them reaches the cut, unless their dates
conflict (newstrace.dates.conflict).  The rules' side is the trace stage's own stories, restricted to each
fold's pages in the same way, so both are scored on the same footing.

    python benchmarks/story_model_cv.py [--k 5] [--no-write]
"""

from __future__ import annotations

import argparse
import heapq
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

import newstrace.pipeline as pipeline
from _devsets import SETS, Found, Page, ari, available, folds, ingested, load, merged_negatives, pairs, prf
from _report import publish
from newstrace.cluster import Member
from newstrace.dates import When, conflict
from newstrace.link.classify import reuses_text
from newstrace.model import Link

CUTS = np.round(np.arange(0.3, 0.91, 0.05), 2)


@dataclass(slots=True)
class Traced:
    """What one set's trace recorded."""

    pages: list[Page]
    pairs: list[tuple[str, str]] = field(default_factory=list)
    features: list[np.ndarray] = field(default_factory=list)
    reuse: list[tuple[str, str]] = field(default_factory=list)
    when: dict[str, When] = field(default_factory=dict)
    rules: dict[str, str] = field(default_factory=dict)  # the trace stage's story of each page


def trace_set(pages: list[Page]) -> Traced:
    traced = Traced(pages)
    original = pipeline.stories

    def recording(members: dict[str, Member], links: list[Link], *args: Any, **kwargs: Any) -> dict[str, str]:
        traced.reuse = [(lk.a, lk.b) for lk in links if reuses_text(lk)]
        traced.when = {i: m.when for i, m in members.items()}
        return original(members, links, *args, **kwargs)

    def linker(store: Any, config: Any, on_progress: Any) -> Any:
        return pipeline.link(store, config, on_progress, recorder=record)

    def record(a: str, b: str, _verdict: Link | None, row: np.ndarray) -> None:
        traced.pairs.append((a, b))
        traced.features.append(row)

    pipeline.stories = recording  # type: ignore[assignment]
    try:
        with ingested(pages) as store:
            pipeline.trace(store, linker=linker)
            traced.rules = {p.article_id: p.story for p in store.placements()}
    finally:
        pipeline.stories = original
    return traced


def cluster(ids: set[str], reuse: list[tuple[str, str]], scored: dict[tuple[str, str], float],
            when: dict[str, When], cut: float) -> dict[str, str]:
    """Stories of ``ids``: text reuse first, then average-probability joins down to ``cut``, dates allowing."""
    parent = {i: i for i in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    group_when = dict(when)
    for a, b in reuse:
        if a in ids and b in ids and find(a) != find(b):
            ra, rb = find(a), find(b)
            parent[rb] = ra
            group_when[ra] = group_when[ra].joined(group_when[rb])
    sums: dict[tuple[str, str], list[float]] = {}
    for (a, b), p in scored.items():
        if a in ids and b in ids and find(a) != find(b):
            key = tuple(sorted((find(a), find(b))))
            sums.setdefault(key, [0.0, 0])  # type: ignore[arg-type]
            sums[key][0] += p  # type: ignore[index]
            sums[key][1] += 1  # type: ignore[index]
    heap = [(-total / n, x, y) for (x, y), (total, n) in sums.items()]
    heapq.heapify(heap)
    while heap:
        negative, x, y = heapq.heappop(heap)
        rx, ry = find(x), find(y)
        if rx != x or ry != y or rx == ry:
            continue
        if -negative < cut:
            break
        if conflict(group_when[rx], group_when[ry]):
            continue
        parent[ry] = rx
        group_when[rx] = group_when[rx].joined(group_when[ry])
        merged: dict[str, list[float]] = {}
        for (a, b), (total, n) in list(sums.items()):
            if {a, b} & {rx, ry}:
                del sums[(a, b)]
                other = b if a in (rx, ry) else a
                if other in (rx, ry):
                    continue
                merged.setdefault(other, [0.0, 0])
                merged[other][0] += total
                merged[other][1] += n
        for other, (total, n) in merged.items():
            key = tuple(sorted((rx, other)))
            sums[key] = [total, n]  # type: ignore[index]
            heapq.heappush(heap, (-total / n, key[0], key[1]))
    return {i: find(i) for i in ids}


def story_f1(pages: Sequence[Page], found: dict[str, str]) -> float:
    return prf(pairs({p.id: found[p.id] for p in pages}), pairs({p.id: p.story for p in pages}))[2]


def main() -> None:
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if not available():
        raise SystemExit("the dev sets are not in ../shared/data")
    everything = [p for name in SETS for p in load(name)]
    traced = [trace_set([p for p in everything if p.dataset == name]) for name in SETS]
    fold_of = {unit: n for n, units in enumerate(folds(everything, args.k)) for unit in units}
    story = {p.id: p.story for p in everything}
    all_pairs = [pair for t in traced for pair in t.pairs]
    features = np.stack([row for t in traced for row in t.features])
    truth = np.array([story[a] == story[b] for a, b in all_pairs])
    reuse = [pair for t in traced for pair in t.reuse]
    when = {i: w for t in traced for i, w in t.when.items()}
    rules = {i: f"{t.pages[0].dataset}:{s}" for t in traced for i, s in t.rules.items()}
    page_fold = {p.id: fold_of[p.unit] for p in everything}
    model_found: dict[str, str] = {}
    rules_found: dict[str, str] = {}
    cuts: list[float] = []
    for n in range(args.k):
        test_ids = {p.id for p in everything if page_fold[p.id] == n}
        train_ids = {p.id for p in everything if page_fold[p.id] != n}
        train = np.array([a in train_ids and b in train_ids for a, b in all_pairs])
        model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)).fit(features[train], truth[train])
        prob = model.predict_proba(features)[:, 1]
        scored = {pair: float(p) for pair, p in zip(all_pairs, prob, strict=True)}
        train_pages = [p for p in everything if p.id in train_ids]
        best = max(CUTS, key=lambda c: story_f1(train_pages, cluster(train_ids, reuse, scored, when, c)))
        cuts.append(float(best))
        model_found.update({i: f"{n}:{s}" for i, s in cluster(test_ids, reuse, scored, when, best).items()})
        rules_found.update({i: f"{n}:{rules[i]}" for i in test_ids})
    lines = [f"{len(all_pairs)} candidate pairs judged by the link stage on devpages + devpages2 (each set traced "
             f"in its own store); {args.k} folds of stories, each with its hard negatives; cuts chosen on the "
             f"training folds: {', '.join(f'{c:.2f}' for c in cuts)}.", "",
             "| stories from | story P / R / F1 | ARI | hard-negative pages merged |", "|---|---|---|---|"]
    verdict = {}
    for name, found in (("the trace stage's rules (the same fold's pages only)", rules_found),
                        ("logistic regression on pair features, cross-validated", model_found)):
        for label, subset in (("both", everything), *((s, [p for p in everything if p.dataset == s]) for s in SETS)):
            truth_map = {p.id: p.story for p in subset}
            mine = {p.id: found[p.id] for p in subset}
            p, r, f = prf(pairs(mine), pairs(truth_map))
            negatives = merged_negatives(subset, Found(mine, {}, {}, set(), {}))
            total = sum(1 for page in subset if page.negative)
            if label == "both":
                verdict[name] = (f, len(negatives))
            lines.append(f"| {name}, {label} | {p:.3f} / {r:.3f} / {f:.3f} | {ari(truth_map, mine):.3f} | "
                         f"{len(negatives)} of {total} |")
    (rule_f1, rule_neg), (model_f1, model_neg) = verdict.values()
    better = model_f1 > rule_f1 and model_neg <= rule_neg
    lines += ["", "The model would replace the rules only with a higher story F1 and no more hard negatives "
              f"merged. This run: {'it does' if better else 'it does not'}."]
    publish("story_model_cv", "Stories from a learned same-event model", "\n".join(lines),
            write=not args.no_write)


if __name__ == "__main__":
    main()
