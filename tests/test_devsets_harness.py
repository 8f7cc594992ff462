"""The evaluation harness of benchmarks/devpages_eval.py (benchmarks/_devsets.py): hard negatives fold with
their stories, parents are read from ``derived_from`` as the README says, the scores count what they claim
to, and cross-validation fits only on the training folds.  Tests that read the real sets are skipped
without ../shared."""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import pytest

from newstrace.config import TraceConfig
from tests.conftest import ROOT, SHARED, needs

sys.path.insert(0, str(ROOT / "benchmarks"))

from _devsets import (
    ConfigTracer,
    Found,
    Page,
    ThresholdFitter,
    Tracer,
    cross_validate,
    folds,
    labelled_parent,
    load,
    negative_units,
    per_story,
    score,
)

DATA = SHARED / "data"


def page(id: str, story: str, *, unit: str | None = None, relation: str = "verbatim_copy", lang: str = "en",
         group: str | None = None, derived: str | None = None, credit: str | None = None) -> Page:
    return Page(id, f"https://example.org/{id}", lang, f"text of {id}", story, relation, credit, derived, group,
                "test", unit or story)


# Two stories with a hard negative each, and a third alone.
PAGES = [
    page("a-1", "alpha", relation="origin", group="g1"),
    page("a-2", "alpha", group="g1", derived="a-1 (a later copy)"),
    page("a-3", "alpha", relation="translation", lang="fr", group="g1", derived="Reuters (same text as a-2)"),
    page("aneg-1", "neg-alpha-before", unit="alpha", relation="independent"),
    page("b-1", "beta", relation="independent"),
    page("b-2", "beta", relation="unknown"),
    page("bneg-1", "neg-beta-after", unit="beta", relation="independent"),
    page("c-1", "gamma", relation="independent"),
]


def found(story: dict[str, str], *, relation: dict[str, str] | None = None, parent: dict[str, str] | None = None,
          copies: set[tuple[str, str]] | None = None, origin: dict[str, str | None] | None = None) -> Found:
    ids = [p.id for p in PAGES]
    return Found(story, {i: (relation or {}).get(i, "independent") for i in ids},
                 {i: (parent or {}).get(i) for i in ids}, set(copies or ()), dict(origin or {}))


def test_a_hard_negative_belongs_to_the_story_its_id_prefix_names() -> None:
    rows = [{"id": "tq-x", "story": "quake"}, {"id": "tqneg-y", "story": "neg-other-quake"},
            {"id": "wc-z", "story": "final"}]
    assert negative_units(rows) == {"tqneg-y": "quake"}
    with pytest.raises(ValueError, match="names 0 stories"):
        negative_units([*rows, {"id": "zzneg-q", "story": "neg-nothing"}])


def test_derived_from_names_a_parent_only_by_its_leading_id() -> None:
    ids = {p.id for p in PAGES}
    by = {p.id: p for p in PAGES}
    assert labelled_parent(by["a-2"], ids) == "a-1"
    assert labelled_parent(by["a-3"], ids) is None  # an outlet, with a sibling named in its note
    assert labelled_parent(page("x", "alpha", derived="a-1"), ids) == "a-1"
    assert labelled_parent(page("x", "alpha", derived="zz-9 (not in the set)"), ids) is None


def test_folds_keep_a_story_with_its_negatives_and_are_balanced_and_stable() -> None:
    dealt = folds(PAGES, 2)
    assert dealt == folds(PAGES, 2)
    assert sorted(u for fold in dealt for u in fold) == ["alpha", "beta", "gamma"]
    sizes = [sum(p.unit in fold for p in PAGES) for fold in dealt]
    assert sorted(sizes) == [4, 4]
    with pytest.raises(ValueError):
        folds(PAGES, 4)


def test_scores_count_merges_negatives_parents_origins_and_language_splits() -> None:
    run = found({"a-1": "s1", "a-2": "s1", "a-3": "s2", "aneg-1": "s1", "b-1": "s3", "b-2": "s3",
                 "bneg-1": "s4", "c-1": "s5"},
                relation={"a-1": "origin", "a-2": "verbatim_copy", "a-3": "independent"},
                parent={"a-2": "a-1"}, copies={("a-1", "a-2")}, origin={"s1": "a-1"})
    scored = score(PAGES, run)
    assert scored.negatives.hit == 1 and scored.negatives.total == 2
    assert (scored.parent.hit, scored.parent.total) == (1, 1)
    assert (scored.origin_pages.hit, scored.origin_stories.hit) == (1, 1)
    # labelled pairs: alpha 3, beta 1; found pairs: s1 3, s3 1; right: a-1/a-2 and b-1/b-2
    assert scored.story == pytest.approx((2 / 4, 2 / 4, 0.5))
    assert scored.copy == pytest.approx((1.0, 1 / 3, 0.5))
    assert (scored.relation.hit, scored.relation.total) == (6, 7)  # b-2 is unknown; a-3 is no translation here
    rows = {row.story: row for row in per_story(PAGES, run)}
    assert rows["alpha"].apart == {"fr": (1, 1)} and rows["alpha"].languages == 2
    assert rows["alpha"].negatives.hit == 1
    assert rows["beta"].apart == {} and rows["beta"].story_prf[2] == 1.0


def test_pooled_folds_keep_their_stories_apart() -> None:
    one = Found({"a-1": "s"}, {"a-1": "origin"}, {"a-1": None}, set(), {"s": "a-1"})
    two = Found({"b-1": "s"}, {"b-1": "independent"}, {"b-1": None}, set(), {"s": "b-1"})
    pooled = Found.pooled([one, two])
    assert pooled.story["a-1"] != pooled.story["b-1"]
    assert pooled.origin[pooled.story["b-1"]] == "b-1"


@dataclass
class Singletons:
    """A stand-in for a learned model: each page its own story, tagged with what it was fitted on."""

    trained_on: frozenset[str]

    def run(self, pages: Sequence[Page]) -> Found:
        return Found({p.id: p.id for p in pages}, {p.id: "independent" for p in pages},
                     {p.id: None for p in pages}, set(), {p.id: p.id for p in pages}, lines=[self.describe()])

    def describe(self) -> str:
        return f"fitted on {len(self.trained_on)} pages"


@dataclass
class Recording:
    """Wraps a fitter and records what each fit saw and which tracer it gave."""

    inner: ThresholdFitter | None = None
    name: str = "recording"
    seen: list[frozenset[str]] = field(default_factory=list)
    given: list[Tracer] = field(default_factory=list)

    def fit(self, pages: Sequence[Page]) -> Tracer:
        self.seen.append(frozenset(p.id for p in pages))
        tracer: Tracer = self.inner.fit(pages) if self.inner else Singletons(frozenset(p.id for p in pages))
        self.given.append(tracer)
        return tracer


def test_cross_validation_fits_on_the_other_folds_only_and_traces_the_held_out_one_with_it() -> None:
    fitter = Recording()
    cv = cross_validate(PAGES, fitter, 3)
    assert len(cv.folds) == 3 and sorted(cv.found.story) == sorted(p.id for p in PAGES)
    for seen, fold in zip(fitter.seen, cv.folds, strict=True):
        held = {p.id for p in PAGES if p.unit in fold.units}
        assert seen == {p.id for p in PAGES} - held
        assert set(fold.found.story) == held
        assert fold.tracer == f"fitted on {len(seen)} pages"


@needs(DATA / "devpages")
def test_a_threshold_fitted_on_training_folds_is_the_one_the_held_out_fold_is_traced_with() -> None:
    stories = {"abe-assassination-2022", "wc-final-2022", "chauvin-verdict-2021"}
    pages = [p for p in load("devpages") if p.unit in stories]
    base = TraceConfig(embeddings=False)
    fitter = Recording(ThresholdFitter(grid=(0.4, 0.7), base=base))
    cv = cross_validate(pages, fitter, 3)
    for seen, tracer, fold in zip(fitter.seen, fitter.given, cv.folds, strict=True):
        assert isinstance(tracer, ConfigTracer)
        assert tracer.config in {replace(base, threshold=t) for t in (0.4, 0.7)}
        assert not seen & set(fold.found.story)  # nothing held out was fitted on
        assert fold.tracer == tracer.describe()
    assert sorted(cv.found.story) == sorted(p.id for p in pages)
    # the first fold's threshold is the grid's best (first best) on its training pages alone
    train = [p for p in pages if p.id in fitter.seen[0]]
    f1 = [score(train, ConfigTracer(replace(base, threshold=t)).run(train)).story[2] for t in (0.4, 0.7)]
    chosen = fitter.given[0]
    assert isinstance(chosen, ConfigTracer)
    assert chosen.config.threshold == (0.4, 0.7)[f1.index(max(f1))]


@needs(DATA / "devpages2")
def test_every_hard_negative_folds_with_the_story_its_readme_names() -> None:
    """The prefix rule against the READMEs' own lists of negatives and their stories."""
    for name in ("devpages", "devpages2"):
        pages = load(name)
        readme = (DATA / name / "README.md").read_text(encoding="utf-8")
        named: dict[str, str] = {}
        for neg, story in re.findall(r"`(neg-[\w-]+)` \(for `([\w-]+)`\)", readme):  # devpages
            named[neg] = story
        for story, negs in re.findall(r"^- `([\w-]+)`: (`neg-.*)$", readme, flags=re.M):  # devpages2
            named.update({neg: story for neg in re.findall(r"`(neg-[\w-]+)`", negs)})
        negatives = [p for p in pages if p.negative]
        assert negatives and {p.story for p in negatives} <= set(named), name
        assert all(p.unit == named[p.story] for p in negatives), name
        dealt = folds(pages, 5)
        assert all(sum(p.unit in fold for fold in dealt) == 1 for p in pages)


@needs(DATA / "devpages2")
def test_parents_and_origins_in_the_sets_are_those_the_issue_counts() -> None:
    for name, parents, origins in (("devpages", 2, 1), ("devpages2", 8, 6)):
        pages = load(name)
        ids = {p.id for p in pages}
        named = {p.id: labelled_parent(p, ids) for p in pages}
        assert sum(v is not None for v in named.values()) == parents, name
        assert sum(p.relation == "origin" for p in pages) == origins, name
        by = {p.id: p for p in pages}
        assert all(by[v].story == by[k].story for k, v in named.items() if v), name
