from __future__ import annotations

import sys

import numpy as np
import pytest

from newstrace.errors import UsageError
from newstrace.model import Link, LinkKind, Placement, Relation
from newstrace.relations import NAMES, RELATION_C, Page, RelationModel, features, relabel, shipped, train
from tests.conftest import ROOT, SHARED, needs


def page(relation: Relation = Relation.PARTIAL_COPY, links: tuple[Link, ...] = (), parent: str | None = None,
         kinds: frozenset[str] = frozenset()) -> Page:
    placement = Placement("x", "s", relation, 0.5, parent=parent)
    return Page(placement, list(links), kinds, 0)


def test_features_name_every_number() -> None:
    copy = Link("x", "y", LinkKind.VERBATIM_COPY, 0.9, 0.95, 0.85)
    row = features(page(links=(copy,), kinds=frozenset({"wire"})))
    assert len(row) == len(NAMES)
    named = dict(zip(NAMES, row, strict=True))
    assert named["reuses text"] == 1.0 and named["own share of best copy link"] == 0.95
    assert named["other's share of it"] == 0.85 and named["best link verbatim"] == 1.0
    assert named["credits an outside source"] == 1.0 and named["carries a wire tag"] == 1.0
    assert named["cites an outlet"] == 0.0


def test_a_source_line_credits_an_outside_source_without_a_wire_tag() -> None:
    named = dict(zip(NAMES, features(page(kinds=frozenset({"source"}))), strict=True))
    assert named["credits an outside source"] == 1.0 and named["carries a wire tag"] == 0.0


def test_a_reworded_link_is_not_text_reuse() -> None:
    reworded = Link("x", "y", LinkKind.REWRITE, 0.8, 0.0, 0.0)
    named = dict(zip(NAMES, features(page(links=(reworded,))), strict=True))
    assert named["reuses text"] == 0.0 and named["reworded links"] == 1.0


def separable() -> tuple[list[list[float]], list[str]]:
    rng = np.random.default_rng(7)
    rows, labels = [], []
    for k in range(120):
        row = rng.random(len(NAMES)).tolist()
        label = "verbatim_copy" if row[1] > 0.5 else "partial_copy"
        rows.append(row)
        labels.append(label)
        if k % 4 == 0:  # a third class that the last feature marks
            row = [*row[:-1], 5.0]
            rows.append(row)
            labels.append("independent")
    return rows, labels


def test_trained_model_learns_and_survives_a_round_trip() -> None:
    rows, labels = separable()
    model = train(rows, labels, c=10.0)
    predicted = [relation.value for relation, _ in model.predict(rows)]
    assert np.mean([p == y for p, y in zip(predicted, labels, strict=True)]) > 0.9
    again = RelationModel.from_dict(model.as_dict())
    assert np.allclose(again.probabilities(rows), model.probabilities(rows))
    assert np.allclose(model.probabilities(rows).sum(axis=1), 1.0)


def test_two_relations_train_as_well_as_many() -> None:
    rows, labels = separable()
    keep = [k for k, label in enumerate(labels) if label != "independent"]
    model = train([rows[k] for k in keep], [labels[k] for k in keep], c=10.0)
    assert set(model.classes) == {Relation.VERBATIM_COPY, Relation.PARTIAL_COPY}
    assert model.predict([[0.0, 0.9] + [0.5] * (len(NAMES) - 2)])[0][0] == Relation.VERBATIM_COPY


def test_one_relation_cannot_be_trained() -> None:
    with pytest.raises(UsageError, match="two relations"):
        train([[0.0] * len(NAMES)] * 3, ["rewrite"] * 3)


def test_a_model_of_other_features_is_refused_with_the_fix() -> None:
    data = shipped().as_dict()
    data["features"] = data["features"][:-1]
    with pytest.raises(UsageError, match=r"train_relation_model\.py"):
        RelationModel.from_dict(data)


def test_shipped_model_reads_this_version_features() -> None:
    model = shipped()
    assert model.coef.shape == (len(model.classes), len(NAMES))
    assert Relation.ORIGIN not in model.classes


def constant(relation: Relation) -> RelationModel:
    """A model that always answers ``relation``."""
    classes = (Relation.VERBATIM_COPY, Relation.INDEPENDENT)
    intercept = np.array([5.0, -5.0]) if relation == Relation.VERBATIM_COPY else np.array([-5.0, 5.0])
    n = len(NAMES)
    return RelationModel(classes, np.zeros(n), np.ones(n), np.zeros((2, n)), intercept)


def test_relabel_leaves_origins_and_says_what_the_rules_said() -> None:
    origin, copy = page(Relation.ORIGIN), page(Relation.PARTIAL_COPY)
    copy.placement.parent_outlet = "Reuters"
    relabel([origin, copy], constant(Relation.VERBATIM_COPY))
    assert origin.placement.relation == Relation.ORIGIN
    assert copy.placement.relation == Relation.VERBATIM_COPY and copy.placement.parent_outlet == "Reuters"
    assert "rules said partial_copy" in copy.placement.evidence[-1]


def test_a_copy_placed_under_a_page_in_the_corpus_keeps_the_relation_measured_against_it() -> None:
    copy = page(Relation.PARTIAL_COPY, parent="y")
    relabel([copy], constant(Relation.VERBATIM_COPY))
    assert copy.placement.relation == Relation.PARTIAL_COPY and copy.placement.parent == "y"
    assert not copy.placement.evidence


def test_an_article_judged_independent_loses_its_unseen_source() -> None:
    copy = page(Relation.PARTIAL_COPY)
    copy.placement.parent_outlet = "Reuters"
    relabel([copy], constant(Relation.INDEPENDENT))
    assert copy.placement.relation == Relation.INDEPENDENT
    assert copy.placement.parent is None and copy.placement.parent_outlet is None


@pytest.mark.slow
@needs(SHARED / "data" / "devpages2" / "pages.jsonl")
def test_shipped_model_is_what_its_script_builds_from_the_dev_pages() -> None:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    from train_relation_model import build

    rebuilt, model = RelationModel.from_dict(build(RELATION_C)), shipped()
    assert rebuilt.classes == model.classes
    assert np.allclose(rebuilt.coef, model.coef, atol=1e-4) and np.allclose(rebuilt.mean, model.mean, atol=1e-6)
