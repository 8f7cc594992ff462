"""How each article relates to its source, judged by a small learned model over what the trace measured.

The trace stage places every article under a parent (or an unseen source) by rules, and says how it relates:
verbatim, partial, rewrite, translation or independent.  Which of those fits a page is a matter of degree
(how much of it is shared, with how many edits, whether a sibling holds all of it, whether it credits a
wire), and the rules drew those lines on devpages alone.  Here a multinomial logistic regression reads the
same measurements, plus what the rules decided, and names the relation with a probability.

The model ships as numbers in ``data/relation_model.json``; ``train`` refits it (scikit-learn, a dev
dependency), and ``benchmarks/train_relation_model.py`` rebuilds the shipped file from the labelled dev pages.
An origin (an article others derive from, with no parent of its own) stays an origin: that is the tree's
shape, not a degree.  An article placed under a page in the corpus keeps the relation its link to that page
measured: the model names the relation to a source the corpus does not hold, which the rules can only guess
from siblings (and the labelled pages it learns from are mostly such copies of unseen wire texts).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from typing import Any

import numpy as np

from newstrace.errors import UsageError
from newstrace.link.classify import reuses_text
from newstrace.model import SOURCE_CREDIT_KINDS, Link, LinkKind, Placement, Relation

# Relations the model chooses between (an origin is the tree's shape, kept as the rules found it).
CLASSES = (Relation.VERBATIM_COPY, Relation.PARTIAL_COPY, Relation.REWRITE, Relation.TRANSLATION,
           Relation.INDEPENDENT)
# Inverse regularisation strength: of 0.03, 0.1, 0.3 and 1.0, cross-validated by story over 5 folds (0.538,
# 0.545, 0.535, 0.538; benchmarks/relation_model_cv.py), the best
RELATION_C = 0.1

# Only what the trace stage holds of every link (kind and coverages, not passages: reading every link's
# passages costs some 3 KB a link) and of the page itself.  What describes the story rather than the page
# (its size, the share of it in the page's language, counts of links) is left out: with 20 stories to learn
# from, it let the model tell the stories apart (fitted 0.057 above cross-validated, against 0.030 without, at
# the same cross-validated accuracy).
# Tried as well and left out, as they added nothing cross-validated (benchmarks/relation_model_cv.py).
NAMES = (
    "reuses text", "own share of best copy link", "other's share of it", "best link verbatim", "best link partial",
    "best link rewrite", "best link shared source", "a sibling lies within it", "translation links",
    "reworded links", "credits an outside source", "carries a wire tag", "cites an outlet", "links back",
    "rules: verbatim", "rules: partial", "rules: rewrite", "rules: translation", "rules: independent",
    "others derive from it",
)


@dataclass(frozen=True, slots=True)
class Page:
    """What the model reads of one placed article."""

    placement: Placement
    links: Sequence[Link]  # its links within its story
    credit_kinds: frozenset[str]
    children: int  # articles placed under it


def features(page: Page) -> list[float]:
    """The numbers ``NAMES`` names, for one article."""
    me = page.placement.article_id
    reuse = [lk for lk in page.links if reuses_text(lk)]
    best = max(reuse, key=lambda lk: (lk.coverage(me), lk.coverage(lk.other(me)), lk.other(me)), default=None)
    kinds = Counter(lk.kind for lk in page.links)
    reworded = sum(lk.kind == LinkKind.REWRITE and not reuses_text(lk) for lk in page.links)
    rule = page.placement.relation
    return [
        float(bool(reuse)),
        best.coverage(me) if best else 0.0,
        best.coverage(best.other(me)) if best else 0.0,
        float(best is not None and best.kind == LinkKind.VERBATIM_COPY),
        float(best is not None and best.kind == LinkKind.PARTIAL_COPY),
        float(best is not None and best.kind == LinkKind.REWRITE),
        float(best is not None and best.kind == LinkKind.SHARED_SOURCE),
        float(any(lk.coverage(lk.other(me)) >= 0.8 for lk in reuse)),
        float(kinds[LinkKind.TRANSLATION] > 0),
        float(reworded > 0),
        float(bool(page.credit_kinds & set(SOURCE_CREDIT_KINDS))),
        float("wire" in page.credit_kinds),
        float("cited" in page.credit_kinds),
        float("link_back" in page.credit_kinds),
        float(rule == Relation.VERBATIM_COPY),
        float(rule == Relation.PARTIAL_COPY),
        float(rule == Relation.REWRITE),
        float(rule == Relation.TRANSLATION),
        float(rule == Relation.INDEPENDENT),
        float(page.children > 0),
    ]


@dataclass(frozen=True, slots=True)
class RelationModel:
    """Multinomial logistic regression over standardised ``features``."""

    classes: tuple[Relation, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray  # (classes, features)
    intercept: np.ndarray  # (classes,)
    note: str = ""

    def probabilities(self, rows: Sequence[Sequence[float]]) -> np.ndarray:
        x = (np.asarray(rows, dtype=np.float64).reshape(-1, len(self.mean)) - self.mean) / self.scale
        logits = x @ self.coef.T + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        odds = np.exp(logits)
        return np.asarray(odds / odds.sum(axis=1, keepdims=True))

    def predict(self, rows: Sequence[Sequence[float]]) -> list[tuple[Relation, float]]:
        """The likeliest relation of each row, with its probability."""
        probs = self.probabilities(rows)
        return [(self.classes[k], float(row[k])) for row, k in zip(probs, probs.argmax(axis=1), strict=True)]

    def as_dict(self) -> dict[str, Any]:
        return {"features": list(NAMES), "classes": [c.value for c in self.classes], "mean": self.mean.tolist(),
                "scale": self.scale.tolist(), "coef": self.coef.tolist(), "intercept": self.intercept.tolist(),
                "note": self.note}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RelationModel:
        if list(data.get("features", [])) != list(NAMES):
            raise UsageError("the relation model was trained on other features than this version computes; "
                             "rebuild it with benchmarks/train_relation_model.py")
        return cls(tuple(Relation(c) for c in data["classes"]), np.array(data["mean"]), np.array(data["scale"]),
                   np.array(data["coef"]), np.array(data["intercept"]), data.get("note", ""))


def shipped() -> RelationModel:
    """The model that ships with the package."""
    text = resources.files("newstrace").joinpath("data/relation_model.json").read_text(encoding="utf-8")
    return RelationModel.from_dict(json.loads(text))


def train(rows: Sequence[Sequence[float]], labels: Sequence[str], c: float = RELATION_C,
          note: str = "") -> RelationModel:
    """Fit the model on feature rows and their labelled relations (scikit-learn, installed with the dev extra)."""
    try:
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # pragma: no cover - the dev extra installs it
        raise UsageError("training the relation model needs scikit-learn: pip install -e '.[dev]'") from exc
    x = np.asarray(rows, dtype=np.float64)
    y = np.array(labels)
    present = [c_ for c_ in CLASSES if c_.value in set(labels)]
    if len(present) < 2:
        raise UsageError(f"training the relation model needs two relations or more, got {sorted(set(labels))}")
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    fitted = LogisticRegression(C=c, max_iter=2000).fit((x - mean) / scale, y)
    coef, intercept = fitted.coef_, fitted.intercept_
    if len(fitted.classes_) == 2:  # one row of log-odds for the second class: as softmax, the first is zero
        coef, intercept = np.vstack([np.zeros_like(coef[0]), coef[0]]), np.array([0.0, intercept[0]])
    order = [list(fitted.classes_).index(k.value) for k in present]
    return RelationModel(tuple(present), mean, scale, coef[order], intercept[order], note)


def judged_by_model(page: Page) -> bool:
    """Whether the model names this article's relation: not an origin, and not placed under a page in the
    corpus (whose link measured the relation against the source itself)."""
    return page.placement.relation != Relation.ORIGIN and page.placement.parent is None


def relabel(pages: Sequence[Page], model: RelationModel) -> None:
    """Give each article the model judges its relation; one judged independent loses its unseen source."""
    judged = [p for p in pages if judged_by_model(p)]
    if not judged:
        return
    for page, (relation, probability) in zip(judged, model.predict([features(p) for p in judged]), strict=True):
        placement = page.placement
        if relation == placement.relation:
            continue
        placement.evidence.append(f"relation model: {relation.value} (p={probability:.2f}; rules said "
                                  f"{placement.relation.value})")
        placement.relation = relation
        if relation == Relation.INDEPENDENT:
            placement.parent_outlet = None
