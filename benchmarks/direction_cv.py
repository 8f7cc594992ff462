"""Which of two linked pages is upstream: what a small learned direction model gets from the dev sets.

Both sets are traced together once as shipped.  Each copy link (verbatim, partial, rewrite, translation,
shared source) inside one found story gives two ordered rows, (page, other) and (other, page), labelled 1 when
``other`` is the page's labelled upstream: the page its ``derived_from`` names, or the labelled origin of its
source group.  A logistic regression over a few pair features gives the probability that ``other`` is the
page's source; a page is placed under its most probable other when that probability is at least the cut.  It
is scored like devpages_eval.py's parent accuracy (pages whose ``derived_from`` names a page in the set, found
parent equal to it) beside the pages it gives a parent that is not their upstream, against the trace stage's
rules on the same run.  Fitted on every row, and cross-validated by story (5 folds of stories as in
devpages_eval.py, and leave one story out; a story goes with its hard negatives).

Two feature sets: what the trace stage holds of a link (dates, shares of each text, credits, "Source link"
footers, copy signs, pages sharing the text with both), and those plus what only the link's passages and the
texts show (where the shared text starts and ends in each text, words one side adds inside the shared
passages: glosses, added sentences).

    python benchmarks/direction_cv.py [--no-write]
"""

from __future__ import annotations

import argparse
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.linear_model import LogisticRegression

from _devsets import SETS, Page, folds, ingested, labelled_parent, load
from _report import publish, reliability
from newstrace.config import TraceConfig
from newstrace.model import COPY_KINDS, SOURCE_CREDIT_KINDS, Link, LinkKind
from newstrace.pipeline import trace
from newstrace.trace import Facts, credited_outlet

K = 5
CUTS = (0.3, 0.5)
CS = (0.1, 1.0)
SIGNS = frozenset({*SOURCE_CREDIT_KINDS, "dateline", "link_back"})  # credits that show a page is itself a copy
STORE_NAMES = ("other dated earlier (+1) or later (-1)", "other dated, this one not (+1; -1 the reverse)",
               "this page's share minus the other's", "this page credits the other's outlet (+1; -1 the reverse)",
               "this page links back, the other not (+1; -1 the reverse)",
               "this page shows copy signs, the other not (+1; -1 the reverse)",
               "either names an outside source", "log(1 + pages copying both)", "translation link")
TEXT_NAMES = ("this page's text before the shared text minus the other's (share of its length)",
              "this page's text after the shared text minus the other's (share of its length)",
              "words this page adds inside the shared passages minus the other's (per shared word)")


@dataclass(slots=True)
class Traced:
    """One traced store of both sets: what the rows are made of."""

    pages: dict[str, Page]
    facts: dict[str, Facts]
    links: list[Link]  # copy links within one found story, with their passages
    lengths: dict[str, int]  # clean text length
    rules_parent: dict[str, str | None]


def traced(pages: Sequence[Page]) -> Traced:
    with ingested(pages) as store:
        trace(store, TraceConfig())
        facts = {f.id: Facts.of(f.id, f.order, f.outlet, f.published, f.credits, f.lang)
                 for f in store.article_facts()}
        placements = store.placements()
        story = {p.article_id: p.story for p in placements}
        links = [lk for lk in store.links(with_detail=True) if lk.kind in COPY_KINDS and story[lk.a] == story[lk.b]]
        lengths = {i: len(a.clean_text) for i, a in store.articles_by_id(list(story)).items()}
    return Traced({p.id: p for p in pages}, facts, links, lengths, {p.article_id: p.parent for p in placements})


def upstream(run: Traced) -> dict[str, str]:
    """Each page's labelled upstream in the set: its derived_from page, else its source group's origin."""
    ids = set(run.pages)
    origin = {p.source_group: p.id for p in run.pages.values() if p.relation == "origin" and p.source_group}
    found = {}
    for page in run.pages.values():
        up = labelled_parent(page, ids) or (origin.get(page.source_group) if page.source_group else None)
        if up and up != page.id:
            found[page.id] = up
    return found


def _sign(yes: bool, no: bool) -> float:
    return float(yes) - float(no)


def _day(published: str | None) -> str | None:
    return published[:10] if published and len(published) >= 10 else None


def store_features(run: Traced, me: str, other: str, link: Link, partners: dict[str, set[str]]) -> list[float]:
    m, o = run.facts[me], run.facts[other]
    mine, theirs = _day(m.published), _day(o.published)
    date = 0.0 if not (mine and theirs) or mine == theirs else (1.0 if theirs < mine else -1.0)
    credits_other = bool(o.outlet) and any(x == o.outlet for _, x in m.credits)
    credited_by_other = bool(m.outlet) and any(x == m.outlet for _, x in o.credits)
    marked, other_marked = "link_back" in m.credit_kinds, "link_back" in o.credit_kinds
    signs, other_signs = bool(m.credit_kinds & SIGNS), bool(o.credit_kinds & SIGNS)
    return [date, _sign(bool(o.published) and not m.published, bool(m.published) and not o.published),
            link.coverage(me) - link.coverage(other), _sign(credits_other, credited_by_other),
            _sign(marked and not other_marked, other_marked and not marked),
            _sign(signs and not other_signs, other_signs and not signs),
            float(credited_outlet(m) is not None or credited_outlet(o) is not None),
            math.log1p(len(partners[me] & partners[other] - {me, other})), float(link.kind == LinkKind.TRANSLATION)]


def text_features(run: Traced, me: str, other: str, link: Link) -> list[float]:
    """Where the shared text lies in each text, and the words each side adds inside it."""
    passages = link.detail.passages
    if not passages:
        return [0.0, 0.0, 0.0]
    side = (lambda p: p.a) if link.a == me else (lambda p: p.b)
    other_side = (lambda p: p.b) if link.a == me else (lambda p: p.a)

    def margins(span: Callable[..., tuple[int, int]], page: str) -> tuple[float, float]:
        length = max(1, run.lengths.get(page, 1))
        return (min(span(p)[0] for p in passages) / length, 1 - max(span(p)[1] for p in passages) / length)

    (my_head, my_tail), (their_head, their_tail) = margins(side, me), margins(other_side, other)
    shared = max(1, sum(p.tokens for p in passages))
    mine_longer = theirs_longer = 0
    for passage in passages:
        for edit in passage.edits:
            my_words, their_words = (edit.a, edit.b) if link.a == me else (edit.b, edit.a)
            extra = len(my_words.split()) - len(their_words.split())
            mine_longer += max(0, extra)
            theirs_longer += max(0, -extra)
    return [my_head - their_head, my_tail - their_tail, (mine_longer - theirs_longer) / shared]


@dataclass(slots=True)
class Rows:
    x_store: np.ndarray
    x_text: np.ndarray
    y: np.ndarray
    pairs: list[tuple[str, str]]  # (page, other)
    unit: np.ndarray


def rows(run: Traced) -> Rows:
    partners: dict[str, set[str]] = defaultdict(set)
    for lk in run.links:
        if lk.kind in (LinkKind.VERBATIM_COPY, LinkKind.PARTIAL_COPY):
            partners[lk.a].add(lk.b)
            partners[lk.b].add(lk.a)
    up = upstream(run)
    store_rows, text_rows, labels, pairs, units = [], [], [], [], []
    for lk in run.links:
        for me, other in ((lk.a, lk.b), (lk.b, lk.a)):
            store_rows.append(store_features(run, me, other, lk, partners))
            text_rows.append(text_features(run, me, other, lk))
            labels.append(up.get(me) == other)
            pairs.append((me, other))
            units.append(run.pages[me].unit)
    return Rows(np.array(store_rows), np.hstack([np.array(store_rows), np.array(text_rows)]), np.array(labels),
                pairs, np.array(units))


def fit_predict(x_train: np.ndarray, y_train: np.ndarray, x_test: np.ndarray, c: float) -> np.ndarray:
    mean, scale = x_train.mean(axis=0), x_train.std(axis=0)
    scale[scale == 0] = 1.0
    if y_train.sum() == 0:
        return np.zeros(len(x_test))
    model = LogisticRegression(C=c, max_iter=2000).fit((x_train - mean) / scale, y_train)
    return np.asarray(model.predict_proba((x_test - mean) / scale)[:, 1])


def held_out(x: np.ndarray, data: Rows, groups: list[list[str]], c: float) -> np.ndarray:
    predicted = np.zeros(len(x))
    for units in groups:
        test = np.isin(data.unit, units)
        predicted[test] = fit_predict(x[~test], data.y[~test], x[test], c)
    return predicted


def decide(data: Rows, probability: np.ndarray, cut: float) -> dict[str, str]:
    """Each page's most probable other, where it reaches the cut."""
    best: dict[str, tuple[float, str]] = {}
    for (me, other), p in zip(data.pairs, probability, strict=True):
        if p >= cut and (me not in best or (p, other) > best[me]):
            best[me] = (p, other)
    return {me: other for me, (_, other) in best.items()}


@dataclass(slots=True)
class Outcome:
    right: int  # labelled in-set parents found
    total: int
    wrong: int  # pages given an in-set parent that is not their upstream
    per_story: Counter[str]  # labelled parents found, by story


def outcome(run: Traced, parent: dict[str, str | None]) -> Outcome:
    ids = set(run.pages)
    labelled = {p.id: lp for p in run.pages.values() if (lp := labelled_parent(p, ids))}
    up = upstream(run)
    right = [i for i, lp in labelled.items() if parent.get(i) == lp]
    wrong = sum(1 for i, got in parent.items() if got and up.get(i) != got)
    return Outcome(len(right), len(labelled), wrong, Counter(run.pages[i].story for i in right))


def report(run: Traced, data: Rows, k: int) -> str:
    rules = outcome(run, run.rules_parent)
    by_fold = folds(list(run.pages.values()), k)
    each = [[u] for u in sorted(set(data.unit))]
    lines = [f"Rows: {len(data.y)} ordered pairs of {len(run.links)} copy links within one found story; "
             f"{int(data.y.sum())} name the page's labelled upstream "
             f"(labelled in-set parents: {rules.total}; one has no copy link to its parent).", "",
             "| direction by | features | C | cut | fitted: parents found / wrong parents | "
             f"CV {k} folds | leave one story out |", "|---|---|---|---|---|---|---|",
             f"| the trace stage's rules (as shipped) | | | | {rules.right} of {rules.total} / {rules.wrong} | "
             "same (nothing fitted) | same |"]
    calibration: list[str] = []
    for label, x in (("trace-stage", data.x_store), ("+ passages and texts", data.x_text)):
        for c in CS:
            fitted = fit_predict(x, data.y, x, c)
            cv, loso = held_out(x, data, by_fold, c), held_out(x, data, each, c)
            for cut in CUTS:
                cells = [outcome(run, dict(decide(data, p, cut))) for p in (fitted, cv, loso)]
                lines.append(f"| logistic regression | {label} | {c} | {cut} | "
                             + " | ".join(f"{o.right} of {o.total} / {o.wrong}" for o in cells) + " |")
            if c == CS[-1] and label == "trace-stage":
                table, ece = reliability(loso, data.y.astype(float), (0, 0.1, 0.3, 0.5, 1.01),
                                         ("probability", "rows", "mean predicted", "share upstream"))
                prior = data.y.mean()
                brier, base = ((loso - data.y) ** 2).mean(), ((prior - data.y) ** 2).mean()
                calibration = [f"Calibration, trace-stage features, C {c}, leave one story out: Brier {brier:.4f} "
                               f"against {base:.4f} for the prior ({prior:.4f}); expected calibration error "
                               f"{ece:.4f}.", "", *table]
    coef_model = LogisticRegression(C=CS[-1], max_iter=2000)
    x = data.x_text
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    coef_model.fit((x - mean) / scale, data.y)
    lines += ["", *calibration, "", f"Weights fitted on every row (all features, standardised, C {CS[-1]}): "
              + "; ".join(f"{name} {w:+.2f}" for name, w in zip(STORE_NAMES + TEXT_NAMES, coef_model.coef_[0],
                                                                  strict=True)) + ".", "",
              "Labelled parents the rules find, by story: "
              + (", ".join(f"{s} {n}" for s, n in sorted(rules.per_story.items())) or "none") + "."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--k", type=int, default=K)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    pages = [p for name in SETS for p in load(name)]
    run = traced(pages)
    text = report(run, rows(run), args.k)
    publish("direction_cv", "A learned direction model, by story folds", text, write=not args.no_write)


if __name__ == "__main__":
    main()
