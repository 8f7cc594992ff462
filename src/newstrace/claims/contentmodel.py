"""Where a reported clause ends: a learned choice among the places it could end.

The parse gives a reported clause its whole subtree, but news annotators end a statement where its
claim ends: before ", which ..." asides, before a second verb that is the writer's own ("... the pier was
unsafe and then closed it for a month"), after a time phrase the parse hung elsewhere, past the closing mark
of a quoted fragment the clause goes on from ('"... a reckless gamble" with public money').  For a statement
found in the parse, every word end from its first word to the end of its sentence (but not into its own
speaker or cue) is a candidate; a logistic regression scores each from what surrounds it (the next word and
where it hangs in the parse, how far the end moves, whether a new clause or another cue word follows,
whether the statement is quoted, whether the end lies past the statement's own cue) and from the parser's
token vectors of the last word and the next (spaCy's tok2vec output, which the parse computes anyway), and the
best one is the end.  The vectors, weighted lightly, moved 16 more ends to the annotated place on a held-out
part of train (the first 400 files, the model trained on the rest) and 1 on dev.

It is trained on PolNeAR train (``python -m newstrace.claims.train``, see ``train``), from the statements this
package finds there matched to the annotated ones, and stored as feature weights in ``data/content_model.json``.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.claims.lexicon import cues
from newstrace.claims.quotes import QUOTE_MARKS
from newstrace.claims.spans import Attribution
from newstrace.errors import ModelError

MODEL = Path(__file__).resolve().parent.parent / "data" / "content_model.json"
# Words that end or open a clause, kept as themselves in the features; other words are read as their tag.
_MARKERS = frozenset(", . ; : -- — – - ( ) and but or which who while as because although though after before "
                     "when if since including saying according that to in on for with by at from about than so "
                     "where until despite amid".split()) | QUOTE_MARKS
_AHEAD = 7  # words after a candidate end where another cue word means a new statement may begin


@dataclass(frozen=True, slots=True)
class EndModel:
    weights: dict[str, float]
    bias: float
    # weights over the parser's token vectors (spaCy's tok2vec output, doc.tensor) of the last word and the
    # next one: what the words around a candidate end mean, beyond their tags
    dense: np.ndarray | None = None

    def score(self, features: list[str]) -> float:
        return self.bias + self.weigh(features)

    def weigh(self, features: list[str]) -> float:
        """The sum of the features' weights, without the bias."""
        weights = self.weights
        return sum([weights[f] for f in features if f in weights])

    def dense_scores(self, doc: Any, options: list[int]) -> np.ndarray:
        found = vectors(doc, options) if self.dense is not None else None
        if found is None or found.shape[1] != len(self.dense):  # type: ignore[arg-type]
            return np.zeros(len(options))  # a piece parsed without token vectors: the named features decide
        return found @ self.dense


@lru_cache(maxsize=1)
def model() -> EndModel:
    try:
        data = json.loads(MODEL.read_text(encoding="utf-8"))
        dense = np.array(data["dense"], dtype=np.float32) if "dense" in data else None
        return EndModel(dict(data["weights"]), float(data["bias"]), dense)
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise ModelError(f"{MODEL}: the content model is missing or damaged ({exc}); reinstall newstrace, or "
                         "rebuild it with: python -m newstrace.claims.train PATH/TO/polnear/train") from exc


@dataclass(slots=True)
class _Table:
    """What the features read of a parsed piece, as plain lists built once a piece: reading spaCy tokens
    one attribute at a time builds an object per read, and every candidate end reads a dozen."""

    lower: list[str]
    word: list[str]  # the word if it marks a clause boundary or is no word, else its tag
    tag: list[str]
    dep: list[str]
    head: list[int]
    sentence_end: list[int]  # index after the last token of each token's sentence
    quotes: list[int]  # quotation marks up to and including each token
    has_subject: list[bool]
    cue_form: list[bool]
    candidate: list[bool]  # a word a statement may end with (not a space, not punctuation but "?" and "!")


def _table(doc: Any) -> _Table:
    cached: _Table | None = doc.user_data.get("newstrace_table")
    if cached is not None:
        return cached
    from spacy.attrs import DEP, HEAD, IS_ALPHA, IS_PUNCT, IS_SPACE, LOWER, ORTH, SENT_START, TAG

    array = doc.to_array([LOWER, TAG, DEP, HEAD, IS_ALPHA, IS_PUNCT, IS_SPACE, SENT_START, ORTH]).astype(np.int64)
    strings = doc.vocab.strings
    size = len(array)
    lower, tag, dep = ([strings[h] for h in array[:, c].astype(np.uint64).tolist()] for c in range(3))
    head = (np.arange(size) + array[:, 3]).tolist()
    alpha, punct, space = (array[:, c].astype(bool).tolist() for c in (4, 5, 6))
    orth = [strings[h] for h in array[:, 8].astype(np.uint64).tolist()]
    starts = [i for i, first in enumerate(array[:, 7].tolist()) if first == 1 or i == 0]
    ends = [0] * size
    for a, b in zip(starts, [*starts[1:], size], strict=True):
        ends[a:b] = [b] * (b - a)
    quotes = np.cumsum([w in QUOTE_MARKS for w in orth]).tolist()
    subject = [False] * size
    for i, d in enumerate(dep):
        if d in ("nsubj", "nsubjpass"):
            subject[head[i]] = True
    forms = cues().forms
    table = _Table(lower, [w if w in _MARKERS or not a else g for w, g, a in zip(lower, tag, alpha, strict=True)],
                   tag, dep, head, ends, quotes, subject, [w in forms for w in lower],
                   [not sp and not (pu and w not in ("?", "!")) for sp, pu, w in zip(space, punct, orth, strict=True)])
    doc.user_data["newstrace_table"] = table
    return table


@dataclass(frozen=True, slots=True)
class Clause:
    """A statement as the parse holds it: its first and last token, its cue and its head, the first token of
    the speaker or cue after it (a statement told before its cue stops there) if any, and whether it is
    quoted."""

    doc: Any
    first: int
    last: int
    cue: int
    head: int
    bound: int | None = None
    direct: bool = False

    def candidates(self) -> list[int]:
        """Token indexes where the statement may end: any word from its first to its sentence's end."""
        table = _table(self.doc)
        stop = max(table.sentence_end[self.last], self.last + 1)
        stop = min(stop, self.bound) if self.bound is not None else stop
        return [k for k in range(self.first, stop) if table.candidate[k]]


def _bucket(d: int) -> str:
    if d == 0:
        return "0"
    size = abs(d)
    step = "1" if size <= 2 else "3" if size <= 5 else "6" if size <= 10 else "11"
    return ("+" if d > 0 else "-") + step


def features(clause: Clause, k: int, t: _Table | None = None) -> list[str]:
    """What the model reads of the candidate end after token ``k`` (``t``: the piece's table, if at hand)."""
    t = t or _table(clause.doc)
    return _around(clause, t, k) + _words(t, k)


def _around(clause: Clause, t: _Table, k: int) -> list[str]:
    """What depends on the statement: how far the end moves, where the next word hangs, quotation marks."""
    step = _bucket(k - clause.last)
    before = t.quotes[clause.first - 1] if clause.first else 0
    over = clause.first < clause.cue < k
    found = [f"dir={clause.direct}", f"dir+d={clause.direct}|{step}", f"d={step}", f"over={over}|{clause.direct}",
             f"hd={t.dep[clause.head]}|{step}", f"len={min(6, (k - clause.first) // 5)}",
             f"q={(t.quotes[k] - before) % 2}"]
    n = k + 1
    if n >= len(t.word) or t.sentence_end[k] == n:
        return found
    head = t.head[n]
    where = "cue" if head == clause.cue else "in" if clause.first <= head <= k else "after" if head > k else "before"
    found += [f"att={where}", f"att+nw={where}+{t.word[n]}", f"att+d={where}+{step}", _branch(clause, t, n),
              f"ish={head == clause.head}", f"clause_next={head > k and t.has_subject[head]}"]
    return found


def _words(t: _Table, k: int) -> list[str]:
    """What depends on the words alone: the last word, the next ones, what follows in the sentence."""
    found = [f"lt={t.tag[k]}", f"ld={t.dep[k]}", f"lw={t.word[k]}"]
    n = k + 1
    if n >= len(t.word) or t.sentence_end[k] == n:
        found.append("n=END")
        return found
    word = t.word[n]
    found += [f"nw={word}", f"nt={t.tag[n]}", f"nd={t.dep[n]}", f"soon={min(3, (t.sentence_end[k] - n) // 5)}",
              f"cue_ahead={any(t.cue_form[n:min(t.sentence_end[k], n + _AHEAD)])}"]
    if n + 1 < len(t.word):
        found.append(f"nw2={word}+{t.word[n + 1]}")
    return found


def _branch(clause: Clause, t: _Table, token: int) -> str:
    """Which branch of the clause's head the token opens: cutting there drops a whole "relcl" or "conj"."""
    node, hops = token, 0
    while t.head[node] != node and t.head[node] != clause.head and hops < 30:
        node, hops = t.head[node], hops + 1
    if t.head[node] == clause.head and node != clause.head:
        return f"br={t.dep[node]}|{'L' if clause.doc[node].left_edge.i == token else 'in'}"
    return "br=HEAD" if token == clause.head else "br=out"


def vectors(doc: Any, options: list[int]) -> np.ndarray:
    """The token vectors of each candidate's last word and of the word after it (zeros past the piece)."""
    tensor = doc.tensor
    width = tensor.shape[1] if tensor.ndim == 2 else 0
    padded = np.vstack([tensor, np.zeros((1, width), dtype=tensor.dtype)]) if width else np.zeros((len(doc) + 1, 0))
    at = np.asarray(options)
    return np.hstack([padded[at], padded[np.minimum(at + 1, len(doc))]])


def best_end(clause: Clause) -> int:
    """The token the statement most likely ends with."""
    scorer = model()
    options = clause.candidates()
    if not options:
        return clause.last
    table = _table(clause.doc)
    words, dense = _positional(scorer, clause.doc)
    scored = []
    for k in options:
        word = words.get(k)
        if word is None:
            word = words[k] = scorer.weigh(_words(table, k))
        scored.append((scorer.score(_around(clause, table, k)) + word + dense[k], k == clause.last, -k))
    return -max(scored)[2]  # of equal scores, the parse's own end, then the earliest


def _positional(scorer: EndModel, doc: Any) -> tuple[dict[int, float], list[float]]:
    """The part of a candidate's score that depends on its place alone (its words and their vectors), kept
    once a piece: the statements of one sentence share most of their candidates (a third are new on PolNeAR
    dev)."""
    cached = doc.user_data.get("newstrace_end_scores")
    if cached is None or cached[0] is not scorer:
        cached = (scorer, {}, scorer.dense_scores(doc, list(range(len(doc)))).tolist())
        doc.user_data["newstrace_end_scores"] = cached
    return cached[1], cached[2]


def clause_of(attribution: Attribution, docs: list[tuple[int, Any]]) -> tuple[int, Clause] | None:
    """The parsed piece holding a statement, and the statement's clause in it; None for an empty statement
    or one outside the parsed pieces."""
    if attribution.content.end <= attribution.content.start:
        return None
    offsets = [offset for offset, _ in docs]
    at = bisect.bisect_right(offsets, attribution.content.start) - 1
    if at < 0:
        return None
    offset, doc = docs[at]
    content = doc.char_span(attribution.content.start - offset, attribution.content.end - offset,
                            alignment_mode="expand")
    cue = doc.char_span(attribution.cue.start - offset, attribution.cue.end - offset, alignment_mode="expand")
    if content is None or cue is None or not len(content) or not len(cue):
        return None
    after = [span.start for span in (attribution.cue, attribution.source)
             if span is not None and span.start >= attribution.content.end]
    bound = doc.char_span(min(after) - offset, min(after) - offset + 1, alignment_mode="expand") if after else None
    return offset, Clause(doc, content.start, content.end - 1, cue.root.i, content.root.i,
                          bound.start if bound is not None and len(bound) else None, attribution.direct)
