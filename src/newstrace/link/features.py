"""The measured numbers of a candidate pair, as the pair model reads them.

Every feature is computed from what the link stage already measures for a pair (its alignment, the cosine
of the two openings, the sentence match of a cross-language pair) and from the two views (names, numbers,
dates, outlets, credits).  Counts are log-scaled; a measure that was not taken is 0 beside a flag that says
so, so the model learns what its absence means.
"""

from __future__ import annotations

import math

import numpy as np

from newstrace.dates import MAX_DAYS_APART, NamedDate, conflict
from newstrace.link.align import Alignment
from newstrace.link.classify import SentenceMatch, View, credits_each_other, shared_lede, shared_source, word_overlap
from newstrace.link.embed import reads

NAMES = (
    "coverage_low", "coverage_high", "shared_tokens", "longest_passage", "passages", "edit_rate", "shared_lede",
    "identical", "cosine", "has_cosine", "sentences_matched", "sentence_mean", "has_sentences", "same_language",
    "both_read", "shared_keys", "keys_jaccard", "shared_numbers", "numbers_jaccard", "dates_conflict",
    "days_apart", "both_dated", "named_date_shared", "named_dates_apart", "same_outlet", "credit_each_other",
    "shared_credit", "word_overlap", "named_date_is_dated", "named_dates_not_dated",
)


def pair_features(x: View, y: View, al: Alignment | None, cosine: float | None,
                  sentences: SentenceMatch | None) -> np.ndarray:
    """One row of ``NAMES``, float32."""
    identical = bool(x.article.clean_text) and x.article.clean_text == y.article.clean_text
    low, high, shared, longest, passages, edit_rate, lede = _reuse(x, y, al, identical)
    numbers_x, numbers_y = x.numbers, y.numbers
    same_language = x.lang == y.lang
    shared_date, dates_apart = _named_dates(x, y)
    gap = abs((x.when.day - y.when.day).days) if x.when.day and y.when.day else None
    row = [
        low, high, math.log1p(shared), math.log1p(longest), math.log1p(passages), edit_rate, float(lede),
        float(identical),
        cosine or 0.0, float(cosine is not None),
        sentences.matched if sentences else 0.0, sentences.mean if sentences else 0.0, float(sentences is not None),
        float(same_language), float(reads(x.lang) and reads(y.lang)),
        math.log1p(len(x.keys & y.keys)), _jaccard(x.keys, y.keys),
        math.log1p(len(numbers_x & numbers_y)), _jaccard(numbers_x, numbers_y),
        float(conflict(x.when, y.when) is not None),
        min(gap, 30) / 30 if gap is not None else 0.0, float(gap is not None),
        float(shared_date), float(dates_apart),
        float(bool(x.article.outlet) and x.article.outlet == y.article.outlet),
        float(credits_each_other(x, y) is not None), float(shared_source(x, y) is not None),
        word_overlap(x, y) if same_language else 0.0,
        *_named_against_dated(x, y),
    ]
    return np.asarray(row, dtype=np.float32)


def _reuse(x: View, y: View, al: Alignment | None, identical: bool) -> tuple[float, float, int, int, int, float, bool]:
    if identical:
        return 1.0, 1.0, len(x.tokens), len(x.tokens), 1, 0.0, True
    if al is None or not al.passages:
        return 0.0, 0.0, 0, 0, 0, 0.0, False
    low, high = sorted((al.a_coverage, al.b_coverage))
    longest = max(min(p.a_tokens, p.b_tokens) for p in al.passages)
    rate = len(al.edits) / max(1, al.shared_tokens)
    return low, high, al.shared_tokens, longest, len(al.passages), rate, shared_lede(x, y, al)


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _named_dates(x: View, y: View) -> tuple[bool, bool]:
    """Whether the openings name a common day, and whether both name days but none within MAX_DAYS_APART."""
    if not x.named_dates or not y.named_dates:
        return False, False
    gaps = [a.days_to(b) for a in x.named_dates for b in y.named_dates]
    return min(gaps) == 0, min(gaps) > MAX_DAYS_APART


def _named_against_dated(x: View, y: View) -> tuple[float, float]:
    """Whether a day one opening names is the other's date of publication (within MAX_DAYS_APART), and
    whether an undated page's opening names days, none of them near the dated other's day."""
    near = apart = False
    for named, dated in ((x, y), (y, x)):
        day = dated.when.day
        if not named.named_dates or day is None:
            continue
        published = NamedDate(day.month, day.day, day.year)
        gap = min(d.days_to(published) for d in named.named_dates)
        near = near or gap <= MAX_DAYS_APART
        apart = apart or (named.when.day is None and gap > MAX_DAYS_APART)
    return float(near), float(apart)

