"""Where a cue ends: a learned choice of how much of what the rules put in a cue to keep.

The rules end a cue after its verb with the verb's auxiliaries, negation and particle, and add a bare time after
it ("said Friday"), the verb it completes ("appeared to suggest") or the preposition that opens its statement
("called for").  News annotators keep those words in some places and not in others.  For a cue found in the
parse, each word from its verb to the rules' end is a candidate end; a logistic regression scores each from the
verb's lemma, the words on both sides of the end, where they hang in the parse and which words the cut drops,
and the best candidate is the end.  The model only shortens a cue: run on to words the rules leave out ("said
in a statement"), it scored a little better on PolNeAR train (see ``docs/benchmarks.md``) but against the
reading this package keeps for a plain "said".

It is trained on PolNeAR train (``python -m newstrace.claims.train``, see ``train``) from the cues this package
finds there matched to the annotated ones, and stored as feature weights in ``data/cue_end_model.json``.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from newstrace.claims.contentmodel import _bucket, _Table, _table
from newstrace.claims.lexicon import cues
from newstrace.claims.spans import Attribution, Span, doc_text
from newstrace.errors import ModelError

MODEL = Path(__file__).resolve().parent.parent / "data" / "cue_end_model.json"


@dataclass(frozen=True, slots=True)
class CueEndModel:
    weights: dict[str, float]

    def score(self, features: list[str]) -> float:
        weights = self.weights
        return sum([weights[f] for f in features if f in weights])


@lru_cache(maxsize=1)
def model() -> CueEndModel:
    try:
        data = json.loads(MODEL.read_text(encoding="utf-8"))
        return CueEndModel({str(name): float(w) for name, w in data["weights"].items()})
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as exc:
        raise ModelError(f"{MODEL}: the cue end model is missing or damaged ({exc}); reinstall newstrace, or "
                         "rebuild it with: python -m newstrace.claims.train PATH/TO/polnear/train") from exc


@dataclass(frozen=True, slots=True)
class CueTokens:
    """A cue in its parsed piece: its verb, its last token, and where its statement begins (-1: not here)."""

    doc: Any
    verb: int
    last: int
    content_first: int
    direct: bool

    def candidates(self) -> list[int]:
        """Token indexes the cue may end with: any word from its verb to its last token."""
        table = _table(self.doc)
        return [k for k in range(self.verb, self.last) if table.candidate[k]] + [self.last]


def cue_tokens(attribution: Attribution, docs: list[tuple[int, Any]]) -> tuple[int, CueTokens] | None:
    """The parsed piece holding a cue and the cue's tokens in it; None for a cue outside the parsed pieces."""
    offsets = [offset for offset, _ in docs]
    at = bisect.bisect_right(offsets, attribution.cue.start) - 1
    if at < 0:
        return None
    offset, doc = docs[at]
    cue = doc.char_span(attribution.cue.start - offset, attribution.cue.end - offset, alignment_mode="expand")
    if cue is None or not len(cue):
        return None
    content = attribution.content
    tokens = doc.char_span(content.start - offset, content.end - offset, alignment_mode="expand") \
        if 0 <= content.start - offset < len(doc_text(doc)) else None
    first = tokens.start if tokens is not None and len(tokens) else -1
    return offset, CueTokens(doc, cue.root.i, cue.end - 1, first, attribution.direct)


def features(cue: CueTokens, k: int, t: _Table | None = None) -> list[str]:
    """What the model reads of a cue ending with token ``k``."""
    t = t or _table(cue.doc)
    verb = cue.verb
    lemma = cues().lemma_of.get(t.lower[verb], t.lower[verb])
    step = _bucket(k - cue.last)
    dropped = "+".join(sorted({t.dep[j] for j in range(k + 1, cue.last + 1)})) or "-"
    kept = "+".join(sorted({t.dep[j] for j in range(verb + 1, k + 1)})) or "-"
    where = "verb" if t.head[k] == verb else "in" if verb <= t.head[k] <= k else "out"
    side = "after" if cue.content_first > k else "before" if cue.content_first >= 0 else "none"
    found = [f"d={step}", f"l={lemma}", f"l+d={lemma}|{step}", f"lw={t.word[k]}", f"lt={t.tag[k]}", f"ld={t.dep[k]}",
             f"drop={dropped}", f"l+drop={lemma}|{dropped}", f"keep={kept}", f"l+keep={lemma}|{kept}",
             f"att={where}", f"side={side}|{step}",
             f"dir={cue.direct}", f"len={min(6, k - verb)}", f"kw={t.lower[k]}" if k - verb <= 3 else "kw=far"]
    n = k + 1
    if n >= len(t.word) or t.sentence_end[k] == n:
        return [*found, "n=END"]
    nwhere = "in" if verb <= t.head[n] <= k else "verb" if t.head[n] == verb else "out"
    return [*found, f"nw={t.word[n]}", f"nt={t.tag[n]}", f"nd={t.dep[n]}", f"natt={nwhere}",
            f"ncont={n == cue.content_first}", f"nw+lw={t.word[n]}+{t.word[k]}"]


def best_end(cue: CueTokens) -> int:
    """The token the cue most likely ends with; of equal scores, the rules' own end."""
    options = cue.candidates()
    if len(options) < 2:
        return cue.last
    table = _table(cue.doc)
    scorer = model()
    return -max((scorer.score(features(cue, k, table)), k == cue.last, -k) for k in options)[2]


def refit_cues(text: str, found: list[Attribution], docs: list[tuple[int, Any]]) -> None:
    """End each cue found in the parse where the cue end model finds it most likely to end."""
    for attribution in found:
        placed = cue_tokens(attribution, docs)
        if placed is None:
            continue
        offset, cue = placed
        last = best_end(cue)
        if last != cue.last:
            start = attribution.cue.start
            end = cue.doc[last].idx + len(cue.doc[last].text) + offset
            attribution.cue = Span(text[start:end], start, end)
