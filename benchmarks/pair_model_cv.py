"""Would a learned pair model beat the hand rules?  Cross-validated by story on devpages + devpages2.

Every candidate pair the link stage judges is recorded with its features (newstrace.link.features) and the
rules' verdict.  Two questions, each with logistic regression and gradient-boosted trees (scikit-learn):

- copy: do the two pages share a labelled ``source_group``?  Against the rules' copy kinds.
- same event: do they have the same ``story``?  Against "the rules linked them".

Folds are the stories of ``_devsets.folds`` (a story with its hard negatives); a pair is scored in the fold of
either page and trained on pairs with neither page in it.  The cut is chosen on the training folds only.
A model is worth shipping only where its cross-validated figure beats the rules'.

    python benchmarks/pair_model_cv.py [--k 5] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from _devsets import SETS, Page, available, folds, load
from _report import publish, scores
from newstrace.link.features import NAMES
from newstrace.model import COPY_KINDS, Link
from newstrace.pipeline import ingest, link
from newstrace.store import open_store

CUTS = np.round(np.arange(0.1, 0.91, 0.05), 2)


@dataclass(slots=True)
class Pairs:
    """Every judged pair: its pages, features, the rules' verdict and the labels."""

    a: list[str]
    b: list[str]
    features: np.ndarray
    rule_copy: np.ndarray
    rule_link: np.ndarray
    copy: np.ndarray
    event: np.ndarray
    negative: np.ndarray  # a hard negative paired with a page of the story it is a negative of


def gather(pages: Sequence[Page]) -> Pairs:
    """Run the link stage on each set in its own store, recording every judged pair."""
    found: list[tuple[str, str, Link | None, np.ndarray]] = []
    by_set: dict[str, list[Page]] = {}
    for page in pages:
        by_set.setdefault(page.dataset, []).append(page)
    for group in by_set.values():
        with tempfile.TemporaryDirectory() as tmp:
            source = Path(tmp) / "pages.jsonl"
            source.write_text("".join(json.dumps(p.input(), ensure_ascii=False) + "\n" for p in group),
                              encoding="utf-8")
            with open_store(Path(tmp) / "pairs.db") as store:
                ingest([source], store)
                link(store, recorder=lambda a, b, verdict, row: found.append((a, b, verdict, row)))
    label = {p.id: p for p in pages}
    both = [(label[f[0]], label[f[1]]) for f in found]
    return Pairs([f[0] for f in found], [f[1] for f in found], np.stack([f[3] for f in found]),
                 np.array([f[2] is not None and f[2].kind in COPY_KINDS for f in found]),
                 np.array([f[2] is not None for f in found]),
                 np.array([bool(x.source_group) and x.source_group == y.source_group for x, y in both]),
                 np.array([x.story == y.story for x, y in both]),
                 np.array([x.negative != y.negative and x.unit == y.unit for x, y in both]))


def _models() -> dict[str, Callable[[], Any]]:
    from sklearn.ensemble import HistGradientBoostingClassifier
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    return {"logistic regression": lambda: make_pipeline(StandardScaler(), LogisticRegression(max_iter=2000)),
            "gradient-boosted trees": lambda: HistGradientBoostingClassifier(max_depth=3, max_iter=200,
                                                                              learning_rate=0.05)}


def f1(predicted: np.ndarray, truth: np.ndarray) -> tuple[float, float, float]:
    return scores(int((predicted & truth).sum()), int(predicted.sum()), int(truth.sum()))


def cross_validated(pairs: Pairs, truth: np.ndarray, fold_of: list[tuple[int, int]], k: int,
                    make: Callable[[], Any]) -> tuple[np.ndarray, np.ndarray]:
    """Held-out probabilities, and for each pair the cut chosen on its fold's training pairs."""
    prob = np.zeros(len(truth))
    cut = np.zeros(len(truth))
    for n in range(k):
        test = np.array([x == n or y == n for x, y in fold_of])
        train = np.array([x != n and y != n for x, y in fold_of])
        model = make().fit(pairs.features[train], truth[train])
        fitted = model.predict_proba(pairs.features[train])[:, 1]
        best = max(CUTS, key=lambda c: (f1(fitted >= c, truth[train])[2], -abs(c - 0.5)))
        prob[test] = model.predict_proba(pairs.features[test])[:, 1]
        cut[test] = best
    return prob, cut


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if not available():
        raise SystemExit("the dev sets are not in ../shared/data")
    pages = [p for name in SETS for p in load(name)]
    pairs = gather(pages)
    fold = {unit: n for n, units in enumerate(folds(pages, args.k)) for unit in units}
    unit = {p.id: p.unit for p in pages}
    fold_of = [(fold[unit[x]], fold[unit[y]]) for x, y in zip(pairs.a, pairs.b, strict=True)]
    lines = [f"{len(pairs.a)} candidate pairs judged by the link stage on devpages + devpages2 (each set in its own "
             f"store), {len(NAMES)} features, {args.k} folds of stories (hard negatives with their story). "
             f"Copy pairs: {int(pairs.copy.sum())}; same-story pairs: {int(pairs.event.sum())}; pairs of a hard "
             f"negative with a page of its story: {int(pairs.negative.sum())}.", "",
             "| question | decided by | precision | recall | F1 | hard-negative pairs called same |",
             "|---|---|---|---|---|---|"]
    rules = {"copy": pairs.rule_copy, "same event": pairs.rule_link}
    better: list[str] = []
    for question, truth in (("copy", pairs.copy), ("same event", pairs.event)):
        p, r, rule_f1 = f1(rules[question], truth)
        rule_negatives = int((rules[question] & pairs.negative).sum())
        lines.append(f"| {question} | the rules | {p:.3f} | {r:.3f} | {rule_f1:.3f} | {rule_negatives} |")
        for name, make in _models().items():
            prob, cut = cross_validated(pairs, truth, fold_of, args.k, make)
            called = prob >= cut
            p, r, f = f1(called, truth)
            negatives = int((called & pairs.negative).sum())
            lines.append(f"| {question} | {name}, cross-validated | {p:.3f} | {r:.3f} | {f:.3f} | {negatives} |")
            if f > rule_f1 and negatives <= rule_negatives:
                better.append(f"{name} ({question})")
    verdict = ("beats the rules here: " + ", ".join(better)) if better else \
        "none beats the rules on both counts, so none ships"
    lines += ["", "The rules' 'same event' is whether they linked the pair at all; stories then join only through "
              "average similarity and dates, so it is a floor on what they get right, not their story score.",
              "", "A model may replace a rule only where its cross-validated F1 is higher without calling more "
              f"hard-negative pairs the same event. Of the models above, this run's verdict: {verdict}."]
    publish("pair_model_cv", "Learned pair models against the rules", "\n".join(lines), write=not args.no_write)


if __name__ == "__main__":
    main()
