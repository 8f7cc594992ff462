"""A learned copy-link decision against the link stage's hand cuts, cross-validated by story over both dev sets.

Both sets are traced together as shipped, and every pair the link stage judges is recorded with the numbers the
pair model reads (newstrace.link.features: coverages, shared and longest passage, edit rate, opening cosine,
sentence match, shared names and numbers, dates, outlets, credits, word overlap) and the rules' verdict.  A
pair is a copy pair when its two pages are of one labelled ``source_group`` (as ``devpages_eval.py`` scores
copies).  Measured here:

- the rules' copy links (any copy kind), as shipped;
- a classifier over the pair numbers (logistic regression at two strengths, gradient-boosted trees), with and
  without the rules' link kind, deciding copy or not for every judged pair; its probability cut is chosen for
  copy F1 on the training folds' pairs and applied to the held-out fold (5 folds of stories, each with its
  hard negatives; a pair is held out when either page is); pooled P / R / F1 beside the model fitted on
  every pair with its own best cut;
- the same classifier as a filter that may only drop the rules' copy links (precision);
- the pairs that share some text but got no copy link, by how much they share: how many are of one group
  (what lowering the cuts of ``classify.text_link`` could gain and would cost).

    python benchmarks/copy_link_cv.py [--no-write]
"""

from __future__ import annotations

import argparse
import math
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from _devsets import COPY_KINDS, SETS, Page, Pair, folds, ingested, load, pairs, prf
from _report import publish
from newstrace.config import TraceConfig
from newstrace.link.features import NAMES
from newstrace.model import Link
from newstrace.pipeline import link, trace
from newstrace.store.base import ProvenanceStore

K = 5
KINDS = ("verbatim_copy", "partial_copy", "rewrite", "translation", "shared_source", "independent", "none")
CUTS = tuple(float(c) for c in np.round(np.arange(0.05, 0.91, 0.05), 2))
Classifier = Callable[[], Any]


@dataclass(slots=True)
class Judged:
    """Every judged pair: its pages (sorted), the pair numbers, the rules' kind ("none": no link), and whether
    it is a copy pair by the labels."""

    pairs: list[Pair]
    rows: np.ndarray
    kinds: np.ndarray
    truth: set[Pair]
    pages: list[Page]

    @property
    def copy(self) -> np.ndarray:
        return np.array([p in self.truth for p in self.pairs])

    @property
    def ruled(self) -> np.ndarray:
        return np.isin(self.kinds, sorted(COPY_KINDS))


def _sorted(a: str, b: str) -> Pair:
    return (a, b) if a <= b else (b, a)


def judged_pairs(pages: Sequence[Page]) -> Judged:
    """Trace both sets as shipped, recording each judged pair's numbers and verdict."""
    found: dict[Pair, tuple[str, np.ndarray]] = {}

    def record(a: str, b: str, verdict: Link | None, row: np.ndarray) -> None:
        found[_sorted(a, b)] = (verdict.kind.value if verdict else "none", np.asarray(row, dtype=np.float64))

    def linker(store: ProvenanceStore, cfg: TraceConfig, say: Any) -> Any:
        return link(store, cfg, say, recorder=record)

    with ingested(pages) as store:
        trace(store, TraceConfig(), linker=linker)
    truth: set[Pair] = set()
    for name in SETS:
        truth |= pairs({p.id: p.source_group for p in pages if p.dataset == name and p.source_group})
    keys = sorted(found)
    return Judged(keys, np.stack([found[k][1] for k in keys]), np.array([found[k][0] for k in keys]), truth,
                  list(pages))


def with_kinds(data: Judged) -> np.ndarray:
    """The pair numbers and the rules' kind, one column a kind."""
    return np.hstack([data.rows, np.array([[k == kind for kind in KINDS] for k in data.kinds], dtype=float)])


def _standard(x: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    return mean, scale


def _f1(called: np.ndarray, copy: np.ndarray, truth: int) -> float:
    return 2 * float((called & copy).sum()) / max(1, int(called.sum()) + truth)


def best_cut(probs: np.ndarray, copy: np.ndarray, truth: int) -> float:
    """The lowest cut with the best copy F1 (``truth``: copy pairs there are, judged or not)."""
    return max(CUTS, key=lambda c: (_f1(probs >= c, copy, truth), -c))


@dataclass(frozen=True, slots=True)
class Scored:
    cv: tuple[float, float, float]
    cuts: list[float]
    fitted: tuple[float, float, float]
    fitted_cut: float


def decide(data: Judged, x: np.ndarray, make: Classifier, among: np.ndarray | None = None) -> Scored:
    """Copy or not for every pair (or, with ``among``, only for those pairs, the rest kept as the rules have
    them), cross-validated by story and fitted on all."""
    among = np.ones(len(data.pairs), dtype=bool) if among is None else among
    copy, unit = data.copy, {p.id: p.unit for p in data.pages}
    units = [(unit[a], unit[b]) for a, b in data.pairs]
    called = data.ruled & ~among
    cuts: list[float] = []
    for fold in folds(data.pages, K):
        held = set(fold)
        test = np.array([a in held or b in held for a, b in units])
        train = ~test & among
        truth = sum(1 for a, b in data.truth if unit[a] not in held and unit[b] not in held)
        mean, scale = _standard(x[train])
        model = make().fit((x[train] - mean) / scale, copy[train])
        cut = best_cut(model.predict_proba((x[train] - mean) / scale)[:, 1], copy[train], truth)
        cuts.append(cut)
        where = test & among
        called[where] = model.predict_proba((x[where] - mean) / scale)[:, 1] >= cut
    mean, scale = _standard(x[among])
    model = make().fit((x[among] - mean) / scale, copy[among])
    fitted = data.ruled & ~among
    probs = model.predict_proba((x[among] - mean) / scale)[:, 1]
    fitted_cut = best_cut(probs, copy[among], len(data.truth))
    fitted[among] = probs >= fitted_cut
    return Scored(_prf(data, called), cuts, _prf(data, fitted), fitted_cut)


def _prf(data: Judged, called: np.ndarray) -> tuple[float, float, float]:
    return prf({p for p, c in zip(data.pairs, called, strict=True) if c}, data.truth)


def logistic(c: float) -> Classifier:
    return lambda: LogisticRegression(C=c, max_iter=3000)


def boosted_trees() -> Any:
    return HistGradientBoostingClassifier(max_depth=3, learning_rate=0.05, max_iter=200, l2_regularization=1.0,
                                          random_state=0)


def _triple(values: tuple[float, float, float]) -> str:
    return " / ".join(f"{v:.3f}" for v in values)


def shared_bands(data: Judged) -> list[str]:
    """Pairs sharing some text that got no copy link, by shared tokens and the larger side's coverage."""
    tokens = np.expm1(data.rows[:, NAMES.index("shared_tokens")])
    high = data.rows[:, NAMES.index("coverage_high")]
    counts: Counter[tuple[str, str, bool]] = Counter()
    for n, (kind, copy) in enumerate(zip(data.kinds, data.copy, strict=True)):
        if kind in COPY_KINDS or tokens[n] < 0.5:
            continue
        band = next(name for name, top in (("1-5", 6), ("6-11", 12), ("12-19", 20), ("20-39", 40), ("40 or more",
                                                                                                       math.inf))
                    if tokens[n] < top)
        counts[band, "under 0.1" if high[n] < 0.1 else "0.1-0.2" if high[n] < 0.2 else "0.2 or more", bool(copy)] += 1
    lines = ["| shared tokens | larger side's share | one group | not | one group's share |", "|---|---|---|---|---|"]
    for band, cover in sorted({k[:2] for k in counts}, key=lambda k: (int(k[0].split("-")[0].split()[0]), k[1])):
        right, wrong = counts[band, cover, True], counts[band, cover, False]
        lines.append(f"| {band} | {cover} | {right} | {wrong} | {right / (right + wrong):.2f} |")
    return lines


def report(data: Judged) -> str:
    copy, ruled = data.copy, data.ruled
    rules = _prf(data, ruled)
    lines = [f"Both sets traced together as shipped: {len(data.pairs)} judged pairs, {int(copy.sum())} of them of "
             f"one source group ({len(data.truth)} such pairs in the sets; the rest were never judged).  "
             f"Copy P / R / F1 over all group pairs.  CV: {K} folds of stories, each with its hard negatives; "
             "the cut chosen for copy F1 on the training folds' pairs.  Fitted: trained on every pair, its cut "
             "chosen there.", "",
             "| copy decision | features | CV P / R / F1 | cuts per fold | fitted P / R / F1 | fitted cut |",
             "|---|---|---|---|---|---|",
             f"| the rules (as shipped) | - | {_triple(rules)} | - | {_triple(rules)} | - |"]
    plain, kinds = data.rows, with_kinds(data)
    makers: list[tuple[str, Classifier]] = [("logistic regression, C=0.1", logistic(0.1)),
                                            ("logistic regression, C=1", logistic(1.0)),
                                            ("gradient-boosted trees (depth 3, 200 rounds at 0.05)", boosted_trees)]
    for name, make in makers:
        for label, x, among in (("pair numbers", plain, None), ("pair numbers and the rules' kind", kinds, None),
                                ("filter of the rules' copy links", kinds, ruled)):
            got = decide(data, x, make, among)
            lines.append(f"| {name} | {label} | {_triple(got.cv)} | {', '.join(f'{c:g}' for c in got.cuts)} | "
                         f"{_triple(got.fitted)} | {got.fitted_cut:g} |")
    lines += ["", "Pair numbers alone, one group or not: area under the ROC curve over the judged pairs.", "",
              "| pair number | AUC |", "|---|---|"]
    for j, name in enumerate(NAMES):
        if data.rows[:, j].std() > 0:
            lines.append(f"| {name} | {roc_auc_score(copy, data.rows[:, j]):.2f} |")
    lines += ["", "Judged pairs that share text but got no copy link (the cuts of `classify.text_link`: at least "
              "12 tokens, and 20% of the larger side or 80 tokens, or a shared lede; not mostly quotation), by "
              "what they share:", "", *shared_bands(data)]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    pages = [p for name in SETS for p in load(name)]
    publish("copy_link_cv", "A learned copy-link decision against the hand cuts (issue 14)",
            report(judged_pairs(pages)), write=not args.no_write)


if __name__ == "__main__":
    main()
