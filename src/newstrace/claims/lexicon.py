"""Cue words learned from annotated attributions (PolNeAR train), stored with the package.

For every verb lemma the training texts use, the lexicon keeps how often it heads a gold cue span
and how often it occurs, and for each of its word forms the same two counts over all parts of
speech.  A lemma is a cue when it heads a cue often enough; the numbers, not a hand list, decide
that "say" is a cue and "make" is not.

Retrain it, and the cue model after it (a few minutes; needs the PolNeAR train split beside the
repository and ``pip install -e '.[dev]'``):

    python -m newstrace.claims.train ../shared/data/polnear/train
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from newstrace.errors import ModelError

LEXICON = Path(__file__).resolve().parent.parent / "data" / "cue_lexicon.json"
# Chosen on PolNeAR dev: lower shares add more wrong cues than right ones.
MIN_SHARE = 0.25
MIN_COUNT = 5
# A word form starts a parse only if it heads a cue this often, whatever its part of speech: "states"
# and "issues" are mostly nouns, and parsing every sentence holding them costs more than it finds (0.12 chosen
# on PolNeAR dev with the cue model: 0.08 found no more and parsed 4% more).
MIN_FORM_SHARE = 0.12
_SHARE_BINS = [(0.05, "<5%"), (0.15, "<15%"), (0.3, "<30%"), (0.5, "<50%"), (0.8, "<80%"), (2.0, ">=80%")]


@dataclass(frozen=True, slots=True)
class CueLexicon:
    lemmas: frozenset[str]
    forms: frozenset[str]  # the forms that start a parse
    own_forms: frozenset[str]  # those whose lemma is a cue lemma: their sentences are parsed with context
    lemma_of: dict[str, str]  # every form seen of a lemma -> the lemma
    shares: dict[str, float]  # every stored lemma -> the share of its uses that head a cue

    def share_bin(self, lemma: str) -> str:
        """The lemma's cue share in coarse steps, a feature for the cue model."""
        share = self.shares.get(lemma)
        if share is None:
            return "none"
        return next(label for limit, label in _SHARE_BINS if share < limit)


@lru_cache(maxsize=1)
def cues(min_share: float = MIN_SHARE, min_count: int = MIN_COUNT) -> CueLexicon:
    """The lemmas that head a cue at least ``min_share`` of the time, seen as cues ``min_count`` times."""
    try:
        entries = json.loads(LEXICON.read_text(encoding="utf-8"))["verbs"]
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"{LEXICON}: the cue lexicon is missing or damaged ({exc}); reinstall newstrace, or "
                         "rebuild it with: python -m newstrace.claims.train PATH/TO/polnear/train") from exc
    kept = {lemma: e for lemma, e in entries.items() if e["cue"] >= min_count and e["cue"] / e["seen"] >= min_share}
    # a form of a lemma that is no cue as a whole starts a parse too when it heads cues often itself: "wants",
    # "believes", "spoke" (want, believe and speak head a cue under a quarter of the time)
    forms = {form for lemma, e in entries.items() for form, (cue, seen) in e["forms"].items()
             if cue >= MIN_FORM_SHARE * seen and (lemma in kept or cue >= min_count)}
    own = {form for lemma in kept for form in entries[lemma]["forms"] if form in forms}
    # a form of two lemmas ("left": leave, left) goes to the one that heads more cues
    ranked = sorted(entries.items(), key=lambda item: item[1]["cue"])
    lemma_of = {form: lemma for lemma, e in ranked for form in e["forms"]}
    shares = {lemma: e["cue"] / e["seen"] for lemma, e in entries.items()}
    return CueLexicon(frozenset(kept), frozenset(forms), frozenset(own), lemma_of, shares)
