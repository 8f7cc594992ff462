"""Do two articles report the same event?  A small learned model over the pair's measured numbers.

The link stage measures every candidate pair it judges (``newstrace.link.features``: shared text, opening
and sentence similarity, shared names and numbers, dates, languages, outlets, credits).  A logistic
regression reads those numbers and gives the probability that the two pages tell one story.  The link stage
stores it on each link; the story stage joins stories while the average probability over the links between
them reaches ``cut``, dates allowing (``newstrace.cluster``).

The model ships as numbers in ``data/event_model.json`` (no scikit-learn at run time);
``benchmarks/train_event_model.py`` refits it from the labelled dev pages and chooses ``cut`` there.  It reads
opening vectors, so it runs only with embeddings on; without them stories come from the rules alone.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from newstrace.config import TraceConfig
from newstrace.errors import UsageError
from newstrace.link.features import NAMES
from newstrace.model import Link, LinkKind


@dataclass(frozen=True, slots=True)
class EventModel:
    """Standardise, weigh, squash: ``p = 1 / (1 + exp(-(coef . (x - mean) / scale + intercept)))``.

    ``floor``: a pair the rules left unlinked is still linked (as another report of the event) from this
    probability up, so the story stage sees it; ``cut``: the average probability two stories need to join.
    """

    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    cut: float
    floor: float
    note: str = ""

    def __post_init__(self) -> None:
        width = len(NAMES)
        if not len(self.mean) == len(self.scale) == len(self.coef) == width:
            raise UsageError(f"event model: {len(self.coef)} weights for {width} features "
                             f"({', '.join(NAMES[:3])}, ...); rebuild it with benchmarks/train_event_model.py")
        if not 0 < self.floor <= self.cut < 1:
            raise UsageError(f"event model: floor {self.floor} and cut {self.cut} must satisfy "
                             "0 < floor <= cut < 1")

    def probability(self, row: np.ndarray) -> float:
        z = float(self.coef @ ((row.astype(np.float64) - self.mean) / self.scale)) + self.intercept
        return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))

    def judged(self, a: str, b: str, found: Link | None, p: float) -> Link | None:
        """The link stored for a judged pair: the rules' link carrying ``p``; where the rules found none, one
        to another report of the event (its detail for the caller to fill) from ``floor`` up; else none."""
        if found is not None:
            return replace(found, same_event=p)
        if p < self.floor:
            return None
        return Link(a, b, LinkKind.INDEPENDENT, p, 0.0, 0.0, same_event=p)

    def as_dict(self) -> dict[str, Any]:
        return {"features": list(NAMES), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "coef": self.coef.tolist(), "intercept": self.intercept, "cut": self.cut, "floor": self.floor,
                "note": self.note}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EventModel:
        if data.get("features") != list(NAMES):
            raise UsageError("event model: its features are not the link stage's (newstrace.link.features); "
                             "rebuild it with benchmarks/train_event_model.py")
        return cls(np.asarray(data["mean"]), np.asarray(data["scale"]), np.asarray(data["coef"]),
                   float(data["intercept"]), float(data["cut"]), float(data["floor"]), str(data.get("note", "")))


def fit(rows: np.ndarray, same: np.ndarray, c: float, cut: float, floor: float, note: str = "") -> EventModel:
    """A logistic regression on standardised rows (scikit-learn, a dev dependency)."""
    from sklearn.linear_model import LogisticRegression

    mean = rows.mean(axis=0).astype(np.float64)
    scale = rows.std(axis=0).astype(np.float64)
    scale[scale == 0] = 1.0  # a feature constant in training carries no weight either way
    model = LogisticRegression(C=c, max_iter=2000).fit((rows - mean) / scale, same)
    return EventModel(mean, scale, model.coef_[0].astype(np.float64), float(model.intercept_[0]), cut, floor, note)


def in_use(config: TraceConfig, given: EventModel | None = None) -> EventModel | None:
    """The model a trace with ``config`` runs with: ``given`` or the shipped one, when embeddings are on and
    ``config.event_model``; ``None`` (the rules decide) otherwise."""
    return (given or shipped()) if config.embeddings and config.event_model else None


@cache
def shipped() -> EventModel:
    text = resources.files("newstrace").joinpath("data/event_model.json").read_text(encoding="utf-8")
    return EventModel.from_dict(json.loads(text))
