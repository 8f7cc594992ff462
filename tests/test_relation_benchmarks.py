"""Pieces of the relation and copy-link measurements (benchmarks/relation_model_cv.py, copy_link_cv.py)."""

from __future__ import annotations

import sys

import numpy as np

from newstrace.model import Link, LinkDetail, LinkKind, Passage, Placement, Relation
from newstrace.relations import Page as ModelPage
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))

from _devsets import Page
from copy_link_cv import Judged, best_cut, decide, logistic
from relation_model_cv import _gap_share, _other_links, _whole_article


def test_gap_share_counts_text_between_passages_that_none_covers() -> None:
    assert _gap_share([(0, 10), (20, 30)], 100) == 0.1
    assert _gap_share([(0, 50)], 100) == 0.0


def _copy_link(a_spans: list[tuple[int, int]], b_spans: list[tuple[int, int]]) -> Link:
    passages = [Passage(a, b, 10) for a, b in zip(a_spans, b_spans, strict=True)]
    return Link("me", "sib", LinkKind.PARTIAL_COPY, 0.5, 0.5, 0.5, LinkDetail(passages=passages))


def test_a_page_cut_where_its_partner_goes_on_and_out_of_order_is_told() -> None:
    texts = {"me": "a" * 99 + ",", "sib": "b" * 199 + "."}
    cut = _whole_article("me", texts, texts["me"], [_copy_link([(0, 40), (50, 100)], [(60, 110), (0, 40)])])
    assert cut["ends mid-sentence"] == 1.0
    assert cut["a partner goes on where it stops"] == 1.0
    assert cut["its partners' passages in its own order (all copy links)"] == 0.0
    assert cut["gaps inside its shared passages (mean over copy links)"] == 0.1
    whole = _whole_article("me", {"me": "a" * 99 + ".", "sib": "b" * 100}, "Done. Read more", [
        _copy_link([(0, 100)], [(0, 100)])])
    assert whole["ends mid-sentence"] == 0.0 and whole["a partner goes on where it stops"] == 0.0
    assert whole["a teaser's or a cut's marker"] == 1.0


def test_other_links_read_same_language_reports_and_translations_apart() -> None:
    links = [Link("me", "en2", LinkKind.INDEPENDENT, 0.8, 0.0, 0.0), Link("me", "de", LinkKind.INDEPENDENT, 0.9, 0, 0),
             Link("me", "fr", LinkKind.TRANSLATION, 0.6, 0.4, 0.4), Link("me", "en3", LinkKind.PARTIAL_COPY, 0.5,
                                                                            0.25, 0.5)]
    page = ModelPage(Placement("me", "s", Relation.PARTIAL_COPY, 0.5), links, frozenset(), 0)
    got = _other_links(page, {"me": "en", "en2": "en", "en3": "en", "de": "de", "fr": "fr"})
    assert got["best same-language same-event score"] == 0.8
    assert got["best translation score"] == 0.6
    assert got["length against its best partner's (from the two coverages)"] == 2.0


def test_best_cut_is_the_lowest_with_the_best_f1() -> None:
    probs, copy = np.array([0.9, 0.8, 0.3, 0.1]), np.array([True, True, False, False])
    assert best_cut(probs, copy, 2) == 0.35
    assert best_cut(probs, copy, 3) == 0.35  # a copy pair never judged counts against recall alike


def _page(i: int, story: int) -> Page:
    return Page(f"p{i}", f"https://x/{i}", "en", "text", f"s{story}", "verbatim_copy", None, None,
                f"g{story}-{i % 2}", "devpages", f"s{story}")


def test_a_learned_decision_recovers_copy_pairs_a_number_separates() -> None:
    pages = [_page(i, story) for story in range(6) for i in range(story * 4, story * 4 + 4)]
    pairs = [(a.id, b.id) for a in pages for b in pages if a.id < b.id and a.story == b.story]
    truth = {(a, b) for a, b in pairs if int(a[1:]) % 2 == int(b[1:]) % 2}
    rows = np.array([[1.0 if p in truth else 0.0, 0.5] for p in pairs])
    kinds = np.array(["partial_copy" if p in truth else "none" for p in pairs])
    got = decide(Judged(pairs, rows, kinds, truth, pages), rows, logistic(1.0))
    assert got.cv == (1.0, 1.0, 1.0) and got.fitted == (1.0, 1.0, 1.0)
