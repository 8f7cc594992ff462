"""A learned cue classifier: whether a verb, in its parse, heads an attribution.

The lexicon (``lexicon``) says how often a verb heads a cue anywhere; this model says so for one
occurrence, from its parse: what hangs on it (a "that" clause, an infinitive, an object, a quotation
mark), who its subject is, and its word.  "Believes" heads a cue in "The senator believes that taxes
will rise" and not in "Nobody believes in ghosts"; the lexicon alone must take or leave every "believe".

It is a logistic regression trained on PolNeAR train with scikit-learn (``train``) and stored as plain
feature weights in ``data/cue_model.json``, so running it needs neither scikit-learn nor anything downloaded.
Retrain it with the lexicon (a few minutes; needs the PolNeAR train split and ``pip install -e '.[dev]'``):

    python -m newstrace.claims.train ../shared/data/polnear/train
"""

from __future__ import annotations

import bisect
import json
import math
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.claims.lexicon import cues
from newstrace.claims.quotes import QUOTE_MARKS
from newstrace.errors import ModelError

MODEL = Path(__file__).resolve().parent.parent / "data" / "cue_model.json"
# Chosen on PolNeAR dev, end to end: a verb is a cue when the model gives it at least this chance.
THRESHOLD = 0.4
_PERSONAL = frozenset({"he", "she", "they", "i", "we", "you", "who"})
_LINKING = frozenset({"that", "if", "whether", "how", "why", "what", "when"})


@dataclass(frozen=True, slots=True)
class CueModel:
    weights: dict[str, float]
    bias: float
    threshold: float
    # weights over the verb's token vector (the parse's tok2vec row, doc.tensor): what the word means in its
    # sentence, which carries over to verbs too rare in train for a weight of their own
    dense: np.ndarray | None = None

    def chance(self, token: Any) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features(token))
        if self.dense is not None:
            z += _vector_score(token, self.dense)
        return 1.0 / (1.0 + math.exp(-z))


def _vector_score(token: Any, dense: np.ndarray) -> float:
    tensor = token.doc.tensor
    if tensor.ndim != 2 or tensor.shape[1] != len(dense):
        return 0.0  # a parse without token vectors (a blank pipeline in a test) reads the named features alone
    return float(tensor[token.i] @ dense)


@lru_cache(maxsize=1)
def model() -> CueModel:
    try:
        data = json.loads(MODEL.read_text(encoding="utf-8"))
        dense = np.array(data["dense"], dtype=np.float32) if "dense" in data else None
        return CueModel(dict(data["weights"]), float(data["bias"]), float(data.get("threshold", THRESHOLD)), dense)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"{MODEL}: the cue model is missing or damaged ({exc}); reinstall newstrace, or "
                         "rebuild it with: python -m newstrace.claims.train PATH/TO/polnear/train") from exc


def features(token: Any) -> list[str]:
    """What the model reads of a verb in its parse; names are short, since the weights are stored by name.

    The verb's children are read once, with their dependency labels: spaCy builds a new object for every
    attribute read, and this runs for every verb parsed.
    """
    lexicon = cues()
    form = token.lower_
    lemma = lexicon.lemma_of.get(form, form)
    kids = [(c, c.dep_) for c in token.children]
    deps = {d for _, d in kids}
    found = [f"l={lemma}", f"f={form}", f"t={token.tag_}", f"d={token.dep_}", f"s={lexicon.share_bin(lemma)}"]
    found += [f"c={d}" for d in deps]
    found += [f"l+c={lemma}+{d}" for d in deps & {"ccomp", "xcomp", "dobj", "prep", "nsubjpass", "agent"}]
    found += [f"p={c.lower_}" for c, d in kids if d == "prep"]
    found += _clause(kids, token.i)
    found += _subject(token, kids, lemma)
    found += _around(token)
    if token.dep_ != "ROOT":
        found.append(f"h={token.head.tag_}")
        if token.dep_ in ("xcomp", "advcl", "conj", "relcl", "acl"):
            head = token.head.lower_
            found.append(f"hl={token.dep_}+{lexicon.lemma_of.get(head, head)}")
    found += [f"x={c.lower_}" for c, d in kids if d in ("aux", "auxpass", "neg") and c.tag_ in ("MD", "RB")]
    found += _object(kids, lemma)
    return found


def _object(kids: list[tuple[Any, str]], lemma: str) -> list[str]:
    obj = next((c for c, d in kids if d in ("dobj", "attr")), None)
    if obj is None:
        return []
    quoted = any(t.text in QUOTE_MARKS for t in obj.subtree)
    return ["o=quote" if quoted else f"o={obj.tag_}", f"l+o={lemma}+{obj.tag_}"]


def _clause(kids: list[tuple[Any, str]], at: int) -> list[str]:
    clause = next((c for c, d in kids if d == "ccomp"), None)
    if clause is None:
        return []
    marks = [c.lower_ for c in clause.children if c.dep_ in ("mark", "advmod") and c.lower_ in _LINKING]
    return [f"m={marks[0]}" if marks else "m=none", "ccomp_after" if clause.i > at else "ccomp_before"]


def _subject(token: Any, kids: list[tuple[Any, str]], lemma: str) -> list[str]:
    subject = next((c for c, d in kids if d in ("nsubj", "nsubjpass")), None)
    if subject is None and token.dep_ in ("advcl", "conj", "xcomp", "pcomp"):
        subject = next((c for c in token.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return ["subj=inherited", f"st={subject.tag_}"]
    if subject is None:
        return ["subj=none"]
    kind = "personal" if subject.lower_ in _PERSONAL else subject.tag_
    found = [f"st={kind}", f"l+st={lemma}+{kind}"]
    if subject.tag_ in ("NN", "NNS"):
        found.append(f"sw={subject.lower_}")  # "officials", "report", "poll" speak; "prices" do not
    return found


def _around(token: Any) -> list[str]:
    doc = token.doc
    before = doc[token.i - 1] if token.i > 0 else None
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    found = [f"b={before.lower_ if before is not None and not before.is_alpha else 'w'}",
             f"a={after.lower_ if after is not None and (not after.is_alpha or after.lower_ in _LINKING) else 'w'}"]
    quotes, sentences = _marks(doc)
    k = bisect.bisect_right(sentences, token.i) - 1
    start, end = sentences[k], (sentences[k + 1] if k + 1 < len(sentences) else len(doc))
    first = bisect.bisect_left(quotes, start)
    if first < len(quotes) and quotes[first] < end:
        found.append("q=sent")
        near = bisect.bisect_left(quotes, max(start, token.i - 3))
        if near < len(quotes) and quotes[near] < min(end, token.i + 4):
            found.append("q=near")
    return found


def _marks(doc: Any) -> tuple[list[int], list[int]]:
    """Where a parsed piece has quotation marks and where its sentences start, found once a piece."""
    cached: tuple[list[int], list[int]] | None = doc.user_data.get("newstrace_marks")
    if cached is None:
        # read as arrays: iterating the tokens builds a Python object for each (a tenth of claims' time)
        from spacy.attrs import ORTH, SENT_START

        table = doc.to_array([ORTH, SENT_START]).astype(np.int64)
        quotes = np.flatnonzero(np.isin(table[:, 0], _quote_ids(doc.vocab.strings)))
        cached = doc.user_data["newstrace_marks"] = (quotes.tolist(), np.flatnonzero(table[:, 1] == 1).tolist())
    return cached


@lru_cache(maxsize=4)
def _quote_ids(strings: Any) -> np.ndarray:
    """The string-store ids of the quotation marks, as to_array gives them (uint64 read as int64)."""
    return np.array([strings.add(q) for q in sorted(QUOTE_MARKS)], dtype=np.uint64).astype(np.int64)
