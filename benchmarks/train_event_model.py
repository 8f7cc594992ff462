"""Rebuild the shipped event model (src/newstrace/data/event_model.json) from devpages + devpages2.

The dev pages are traced together in one store with the rules alone, every candidate pair the link stage
judges recorded with its features (newstrace.link.features).  A logistic regression learns "the two pages
share a story" from all of them, and the story stage's cut is the one with the best story F1 on the same
pages; a second small model, fitted on every page against every labelled story it has links to, decides
where a page left alone goes (``_devsets.fit_event_model``, the same code the cross-validation in
``devpages_eval.py`` refits on each fold's training pages).

Calibration is checked out of fold: for 5 folds of stories (a story with its hard negatives), a model
fitted on the other folds' pairs gives the probabilities of the held-out fold's pairs; the report bins them
and compares each bin's mean probability with the share of its pairs that are one story.

    python benchmarks/train_event_model.py [--check-only] [--no-write]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from _devsets import EVENT_C, EVENT_FLOOR, SETS, Judged, available, fit_event_model, folds, judged, load
from _report import publish, reliability
from newstrace.link.eventmodel import ATTACH_NAMES, EventModel, fit

TARGET = Path(__file__).resolve().parent.parent / "src" / "newstrace" / "data" / "event_model.json"
BINS = (0.0, 0.1, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0001)


def out_of_fold(data: Judged, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Probabilities of the pairs within each held-out fold, from a model fitted on the other folds."""
    fold_of = {unit: n for n, units in enumerate(folds(data.pages, k)) for unit in units}
    page = {p.id: p for p in data.pages}
    fold = np.array([fold_of[page[a].unit] if fold_of[page[a].unit] == fold_of[page[b].unit] else -1
                     for a, b in data.pairs])
    same = np.array([page[a].story == page[b].story for a, b in data.pairs])
    probs = np.full(len(data.pairs), np.nan)
    for n in range(k):
        train = np.array([fold_of[page[a].unit] != n and fold_of[page[b].unit] != n for a, b in data.pairs])
        model = fit(data.rows[train], same[train], EVENT_C, 0.5, EVENT_FLOOR)
        for i in np.flatnonzero(fold == n):
            probs[i] = model.probability(data.rows[i])
    kept = ~np.isnan(probs)
    return probs[kept], same[kept]


def calibration(probs: np.ndarray, same: np.ndarray) -> list[str]:
    lines, error = reliability(probs, same.astype(float), BINS,
                               ("predicted", "pairs", "mean predicted", "share one story"))
    brier = float(np.mean((probs - same) ** 2))
    return [*lines, "", f"Expected calibration error {error:.3f}; Brier score {brier:.3f} "
            f"(always the base rate {same.mean():.3f}: {float(np.mean((same.mean() - same) ** 2)):.3f})."]


def attach_note(model: EventModel) -> str:
    if model.attach is None:
        return ""
    weights = ", ".join(f"{name} {w:+.2f}" for name, w in zip(ATTACH_NAMES, model.attach.coef, strict=True))
    return (f"Pages left alone: the attach model (logistic regression on each page against each labelled story "
            f"it has links to) weighs {weights} (intercept {model.attach.intercept:+.2f}); a page joins from "
            f"{model.attach.cut}; an undated page in its story's main language, held there by no shared text and "
            f"naming no weekday its story names, stays from {model.attach.stay} (None: always).")


def build() -> tuple[EventModel, Judged]:
    """The model fitted on every dev page, and what it was fitted on."""
    pages = [p for name in SETS for p in load(name)]
    data = judged(pages)
    return fit_event_model(data, note=f"fitted on {len(pages)} pages of devpages + devpages2 "
                                      f"({len(data.pairs)} judged pairs), C {EVENT_C}"), data


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--k", type=int, default=5)
    parser.add_argument("--check-only", action="store_true", help="report calibration, keep the shipped file")
    parser.add_argument("--no-write", action="store_true", help="do not record the report in docs")
    args = parser.parse_args()
    if not available():
        raise SystemExit("the dev sets are not in ../shared/data")
    model, data = build()
    if not args.check_only:
        TARGET.write_text(json.dumps(model.as_dict(), indent=1) + "\n", encoding="utf-8")
        print(f"wrote {TARGET} (cut {model.cut})")
    probs, same = out_of_fold(data, args.k)
    lines = [f"{len(data.pairs)} judged pairs on {len(data.pages)} pages; logistic regression, C {EVENT_C}, on the "
             f"{len(model.coef)} features of newstrace.link.features; story cut chosen on all pages: {model.cut}; "
             f"unlinked pairs linked from {model.floor}.", "", attach_note(model), "",
             f"Calibration out of fold ({args.k} folds of stories; {len(probs)} pairs with both pages in one "
             "held-out fold):", "", *calibration(probs, same)]
    publish("train_event_model", "The event model and its calibration", "\n".join(lines), write=not args.no_write)


if __name__ == "__main__":
    main()
