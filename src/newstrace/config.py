"""One frozen, validated configuration of the link, story and trace stages.

Every threshold a user may set and every named weight the stages use lives here, once, with the reason it
has its value.  ``TraceConfig()`` is the default run; ``TraceConfig(threshold=0.6)`` a stricter one.  It is
checked when it is made, so a bad value fails before any work starts, with a message saying how to fix it.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from newstrace.errors import UsageError

DEFAULT_THRESHOLD = 0.5


@dataclass(frozen=True, slots=True)
class TraceConfig:
    """What ``trace`` runs with.  Defaults were chosen on devpages (benchmarks/devpages_eval.py)."""

    threshold: float = DEFAULT_THRESHOLD  # MinHash Jaccard the LSH bands aim at (bands and rows follow from it)
    embeddings: bool = True  # multilingual vectors: translations and same-event links need them
    # the relation to a source outside the corpus named by the learned model (newstrace.relations) instead of
    # the rules: cross-validated by story it is right more often on both dev sets (docs/benchmarks.md)
    relation_model: bool = True
    # stories joined by the learned same-event model's probabilities (newstrace.link.eventmodel), with
    # embeddings on; off, by the rules' average opening similarity
    event_model: bool = True
    batch: int = 500  # new articles fingerprinted, linked and committed together (a batch's views are held at once)
    max_candidates: int = 60  # per new article, the best-supported ones; bounds work in giant clusters
    max_identical: int = 3  # exact copies linked per new article: more adds nothing but rows
    min_shared_samples: int = 2  # sampled shingles two articles must share to be checked for containment
    min_shared_keys: int = 3  # names or numbers two articles must share to be checked as one event
    close_pairs_up_to: int = 5000  # articles; above it only indexes propose candidates, so work stays linear
    close_candidates: int = 5  # nearest openings checked per new article in a small corpus
    view_cache: int = 1000  # articles whose tokens and sentence vectors are kept between pairs
    verify_part: int = 50  # new articles verified together: their candidates' texts are held meanwhile
    # Placing an article under a parent (trace stage): weights of the evidence, summed.
    weight_dated_first: float = 2.0  # the other was published first (negative when after)
    weight_contained: float = 1.5  # this text lies within the other's (and not the reverse)
    contained_margin: float = 0.2  # coverage difference that makes one text lie within the other
    weight_credited: float = 2.0  # this article credits the other's outlet (negative when the reverse)
    weight_per_confidence: float = 4.0  # summed weight that makes confidence 1.0

    def __post_init__(self) -> None:
        if not 0 < self.threshold < 1:
            raise UsageError(f"threshold {self.threshold} must be between 0 and 1 (exclusive), e.g. 0.5")
        for item in fields(self):
            value = getattr(self, item.name)
            if item.type == "int" and (not isinstance(value, int) or value < 1):
                raise UsageError(f"{item.name} = {value!r} must be a whole number of at least 1")
            if item.type == "float" and item.name != "threshold" and not value > 0:
                raise UsageError(f"{item.name} = {value!r} must be a positive number")
