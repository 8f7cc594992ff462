"""Do two articles report the same event?  A small learned model over the pair's measured numbers.

The link stage measures every candidate pair it judges (``newstrace.link.features``: shared text, opening
and sentence similarity, shared names and numbers, dates, languages, outlets, credits).  A logistic
regression reads those numbers and gives the probability that the two pages tell one story.  The link stage
stores it on each link; the story stage joins stories while the average probability over the links between
them reaches ``cut``, dates allowing (``newstrace.cluster``).  A page that is left alone after that joins the
story its links point to when a second small model (``Attach``), reading those links as a whole, says so.

The model ships as numbers in ``data/event_model.json`` (no scikit-learn at run time);
``benchmarks/train_event_model.py`` refits it from the labelled dev pages and chooses ``cut`` there.  It reads
opening vectors, so it runs only with embeddings on; without them stories come from the rules alone.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import cache
from importlib import resources
from typing import Any

import numpy as np

from newstrace.config import TraceConfig
from newstrace.errors import UsageError
from newstrace.link.features import NAMES
from newstrace.model import Link, LinkKind

# What the attach model reads of the links between a page and a story: the most probable link, the mean of
# the three most probable, the mean of all, the share of the story's pages linked, and the story's size (log).
ATTACH_NAMES = ("best", "best_three", "mean", "linked_share", "log_size")


@dataclass(frozen=True, slots=True)
class Attach:
    """Does a page left alone belong to a story it has links to?  A logistic regression over ``ATTACH_NAMES``,
    learned from every dev page against every labelled story it has links to (``fit_attach``).  Joining by
    the average probability keeps apart a page whose links to its story are many but middling (a French
    report whose every link to the English ones is 0.3 to 0.5, a German one with one translation at 0.98
    among many at 0.5); this reads the links as a whole.  ``cut``: the probability a join needs.  ``stay``:
    the probability an undated page, held in its story by no shared text, needs to stay there (``None``: all
    stay); such a page joined on its links alone, and the same reading of them tells a report of another
    time from one of the story's own."""

    coef: np.ndarray
    intercept: float
    cut: float
    stay: float | None = None

    @staticmethod
    def row(probabilities: Sequence[float], size: int) -> np.ndarray:
        """The numbers for one page and a story of ``size`` other pages, given its links' probabilities."""
        ps = sorted(probabilities, reverse=True)
        return np.array([ps[0], sum(ps[:3]) / len(ps[:3]), sum(ps) / len(ps), len(ps) / size, math.log(size)])

    def probability(self, probabilities: Sequence[float], size: int) -> float:
        return _squash(float(self.coef @ self.row(probabilities, size)) + self.intercept)

    def as_dict(self) -> dict[str, Any]:
        return {"features": list(ATTACH_NAMES), "coef": self.coef.tolist(), "intercept": self.intercept,
                "cut": self.cut, "stay": self.stay}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attach:
        stay = data.get("stay")
        if (data.get("features") != list(ATTACH_NAMES) or not 0 < float(data["cut"]) < 1
                or (stay is not None and not 0 < float(stay) < 1)):
            raise UsageError("event model: its attach model does not read newstrace.link.eventmodel.ATTACH_NAMES "
                             "or its cuts are outside (0, 1); rebuild it with benchmarks/train_event_model.py")
        return cls(np.asarray(data["coef"], dtype=np.float64), float(data["intercept"]), float(data["cut"]),
                   None if stay is None else float(stay))


class StoryCut(float):
    """The event model's cut, as the story stage receives it, carrying the attach model (``None``: no
    attaching).  A number first: every comparison with the cut stays as it was."""

    attach: Attach | None

    def __new__(cls, value: float, attach: Attach | None = None) -> StoryCut:
        made = super().__new__(cls, value)
        made.attach = attach
        return made


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
    attach: Attach | None = None

    def __post_init__(self) -> None:
        width = len(NAMES)
        if not len(self.mean) == len(self.scale) == len(self.coef) == width:
            raise UsageError(f"event model: {len(self.coef)} weights for {width} features "
                             f"({', '.join(NAMES[:3])}, ...); rebuild it with benchmarks/train_event_model.py")
        if not 0 < self.floor <= self.cut < 1:
            raise UsageError(f"event model: floor {self.floor} and cut {self.cut} must satisfy "
                             "0 < floor <= cut < 1")
        object.__setattr__(self, "cut", StoryCut(self.cut, self.attach))

    def probability(self, row: np.ndarray) -> float:
        return _squash(float(self.coef @ ((row.astype(np.float64) - self.mean) / self.scale)) + self.intercept)

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
                "coef": self.coef.tolist(), "intercept": self.intercept, "cut": float(self.cut), "floor": self.floor,
                "note": self.note, "attach": self.attach.as_dict() if self.attach else None}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> EventModel:
        if data.get("features") != list(NAMES):
            raise UsageError("event model: its features are not the link stage's (newstrace.link.features); "
                             "rebuild it with benchmarks/train_event_model.py")
        attach = Attach.from_dict(data["attach"]) if data.get("attach") else None
        return cls(np.asarray(data["mean"]), np.asarray(data["scale"]), np.asarray(data["coef"]),
                   float(data["intercept"]), float(data["cut"]), float(data["floor"]), str(data.get("note", "")),
                   attach)


def _squash(z: float) -> float:
    return 1.0 / (1.0 + math.exp(-z)) if z >= 0 else math.exp(z) / (1.0 + math.exp(z))


def fit(rows: np.ndarray, same: np.ndarray, c: float, cut: float, floor: float, note: str = "") -> EventModel:
    """A logistic regression on standardised rows (scikit-learn, a dev dependency)."""
    from sklearn.linear_model import LogisticRegression

    mean = rows.mean(axis=0).astype(np.float64)
    scale = rows.std(axis=0).astype(np.float64)
    scale[scale == 0] = 1.0  # a feature constant in training carries no weight either way
    model = LogisticRegression(C=c, max_iter=2000).fit((rows - mean) / scale, same)
    return EventModel(mean, scale, model.coef_[0].astype(np.float64), float(model.intercept_[0]), cut, floor, note)


def fit_attach(rows: np.ndarray, joined: np.ndarray, cut: float) -> Attach:
    """The attach model from ``Attach.row`` rows of pages against stories, ``joined`` where the page is the
    story's (scikit-learn's logistic regression at its default strength: five numbers, hundreds of rows)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(max_iter=2000).fit(rows, joined)
    return Attach(model.coef_[0].astype(np.float64), float(model.intercept_[0]), cut)


def in_use(config: TraceConfig, given: EventModel | None = None) -> EventModel | None:
    """The model a trace with ``config`` runs with: ``given`` or the shipped one, when embeddings are on and
    ``config.event_model``; ``None`` (the rules decide) otherwise."""
    return (given or shipped()) if config.embeddings and config.event_model else None


@cache
def shipped() -> EventModel:
    text = resources.files("newstrace").joinpath("data/event_model.json").read_text(encoding="utf-8")
    return EventModel.from_dict(json.loads(text))
