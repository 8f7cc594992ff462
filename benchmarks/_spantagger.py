"""A CRF span tagger over the words around each cue the attribution rules find, tried against the rules (issue 17,
item 2) by ``polnear_spans_cv.py``.  Not part of the claims stage: on PolNeAR train's held-out folds it moved a few
speakers and statements to the annotated place (+0.001 exact F1) at about a quarter more of the claims stage's time
(``docs/benchmarks.md``, "Learned attribution spans").

For a cue found in a parsed piece, a linear-chain CRF (CRFsuite, through ``python-crfsuite``) tags each word of the
cue's sentence, the sentences on each side and those the rules' spans reach as the speaker's (S), the cue's (Q), the
statement's (C) or none (O), reading each word's form, tag, dependency label, the word it hangs from, where it lies
from the cue (words away, sentence, and the dependency by which it hangs under the cue's verb), whether a quotation
is open, whether it is a cue-lexicon word, and the rules' own tags for this statement (stacking: the tagger learns
where the rules are wrong).  A role's span then replaces the rules' when the tagger is sure enough of the change.
"""

from __future__ import annotations

import bisect
from functools import lru_cache
from pathlib import Path
from typing import Any

from newstrace.claims.contentmodel import _bucket, _Table, _table
from newstrace.claims.spans import Attribution, Span, doc_text
from newstrace.claims.train import trimmed
from newstrace.errors import ModelError

MODEL = Path("span_model.crfsuite")  # where ``fit_spans`` last wrote a model (the benchmark sets it)
ROLE_TAGS = {"source": "S", "cue": "Q", "content": "C"}
ROLES: tuple[str, ...] = ("source", "content")  # the roles whose spans the tagger sets (the others keep the rules')
WINDOW = 1  # sentences read on each side of the cue's own
C1, C2 = 0.0, 5.0  # the CRF's L1 and L2 penalties (chosen on PolNeAR train's first 300 texts, see docs)
ITERATIONS = 150  # L-BFGS steps in training
SURE = 0.7  # the least chance the tagger gives a change it makes to the rules' span
MAX_REACH = 400  # tokens a window may span before its side sentences


@lru_cache(maxsize=1)
def tagger() -> Any:
    import pycrfsuite

    found = pycrfsuite.Tagger()
    try:
        found.open(str(MODEL))
    except (OSError, ValueError) as exc:
        raise ModelError(f"{MODEL}: the span model is missing or damaged ({exc}); train one with "
                         "fit_spans") from exc
    return found


def placed(attribution: Attribution, docs: list[tuple[int, Any]]) -> tuple[int, Any, int, int] | None:
    """The parsed piece holding a cue: its offset, the doc, the cue's first and last token; None if not parsed."""
    offsets = [offset for offset, _ in docs]
    at = bisect.bisect_right(offsets, attribution.cue.start) - 1
    if at < 0:
        return None
    offset, doc = docs[at]
    if attribution.cue.end - offset > len(doc_text(doc)):
        return None
    cue = doc.char_span(attribution.cue.start - offset, attribution.cue.end - offset, alignment_mode="expand")
    if cue is None or not len(cue):
        return None
    return offset, doc, cue.start, cue.end - 1


def window(t: _Table, first: int, last: int) -> tuple[int, int]:
    """The token range read for tokens ``first`` to ``last``: their sentences and WINDOW sentences on each
    side, within the piece."""
    ends = sorted(set(t.sentence_end))
    k = bisect.bisect_right(ends, first)  # the first token's sentence ends at ends[k]
    start = ends[k - WINDOW - 1] if k - WINDOW - 1 >= 0 else 0
    stop = ends[min(len(ends) - 1, bisect.bisect_right(ends, last) + WINDOW)]
    return start, stop


def _reach(doc: Any, offset: int, attribution: Attribution | None, first: int, last: int) -> tuple[int, int]:
    """The tokens from the first to the last of the cue and the rules' spans for it that lie in the piece
    (a quotation of several sentences keeps its whole length in the window), at most MAX_REACH tokens."""
    if attribution is None:
        return first, last
    size = len(doc_text(doc))
    for span in (attribution.source, attribution.content):
        if span is None:
            continue
        a, b = max(0, span.start - offset), min(size, span.end - offset)
        tokens = doc.char_span(a, b, alignment_mode="expand") if a < b else None
        if tokens is not None and len(tokens):
            first, last = min(first, tokens.start), max(last, tokens.end - 1)
    return max(first, last - MAX_REACH), last


def rule_tags(doc: Any, offset: int, start: int, stop: int, attribution: Attribution | None) -> list[str]:
    """The rules' role for each token of a window: S, Q, C, or O (a token in no span of the statement)."""
    tags = ["O"] * (stop - start)
    if attribution is None:
        return tags
    for role in ("content", "source", "cue"):  # later roles win where spans overlap
        span: Span | None = getattr(attribution, role)
        if span is None:
            continue
        tag = ROLE_TAGS[role]
        for i in range(start, stop):
            a = doc[i].idx + offset
            if a < span.end and span.start < a + len(doc[i].text):
                tags[i - start] = tag
    return tags


def features(t: _Table, start: int, stop: int, first: int, last: int, rules: list[str]) -> list[list[str]]:
    """What the tagger reads of each token of a window around the cue from ``first`` to ``last``."""
    verb = _verb(t, first, last)
    cue_word = t.lower[verb]
    cue_sentence_end = t.sentence_end[first]
    quotes_before = t.quotes[start - 1] if start else 0
    rows = []
    for i in range(start, stop):
        d = 0 if first <= i <= last else i - first if i < first else i - last
        where = _via(t, i, verb)
        sentence = "0" if t.sentence_end[i] == cue_sentence_end else "-" if i < first else "+"
        k = i - start
        row = [f"w={t.lower[i]}", f"t={t.tag[i]}", f"dp={t.dep[i]}", f"hw={t.lower[t.head[i]]}",
               f"ht={t.tag[t.head[i]]}", f"d={_bucket(d)}", f"s={sentence}", f"via={where}",
               f"via+cue={where}|{cue_word}", f"via+d={where}|{_bucket(d)}", f"q={(t.quotes[i] - quotes_before) % 2}",
               f"lex={t.cue_form[i]}", f"r={rules[k]}", f"r+via={rules[k]}|{where}", f"r+w={rules[k]}|{t.word[i]}",
               f"sub={t.has_subject[i]}"]
        for step in (-2, -1, 1, 2):
            j = i + step
            if start <= j < stop:
                row += [f"{step}w={t.word[j]}", f"{step}r={rules[j - start]}"]
            else:
                row.append(f"{step}w=EDGE")
        if i == t.sentence_end[i] - 1:
            row.append("sent_last")
        rows.append(row)
    return rows


def _verb(t: _Table, first: int, last: int) -> int:
    """The cue's head: its token whose head lies outside it (the first such one)."""
    for i in range(first, last + 1):
        if not first <= t.head[i] <= last or t.head[i] == i:
            return i
    return first


def _via(t: _Table, i: int, verb: int) -> str:
    """How token ``i`` hangs from the cue's verb: the dependency of the verb's child it lies under, 'cue' for the
    verb itself, '^' + the verb's own dependency when the token is above it, or '-' when neither."""
    if i == verb:
        return "cue"
    child = i
    for _ in range(40):
        up = t.head[child]
        if up == verb:
            return t.dep[child]
        if up == child:
            break
        child = up
    j = verb
    for _ in range(40):
        up = t.head[j]
        if up == i:
            return "^" + t.dep[verb]
        if up == j:
            break
        j = up
    return "-"


def sequence(attribution: Attribution | None, docs_at: tuple[int, Any, int, int]) -> tuple[int, int, list[list[str]]]:
    """The window of a cue placed in a piece and its tokens' features."""
    offset, doc, first, last = docs_at
    t = _table(doc)
    start, stop = window(t, *_reach(doc, offset, attribution, first, last))
    return start, stop, features(t, start, stop, first, last, rule_tags(doc, offset, start, stop, attribution))


def spans_of(tags: list[str], doc: Any, start: int, rules: list[str]) -> dict[str, tuple[int, int]]:
    """A run of each role in a window's tags, as indexes into the window: the longest of those that share a token
    with the rules' span of the role, else the longest.  A statement's runs join across its own speaker and cue
    and the punctuation around them ("The deal, he said, is dead")."""
    t = _table(doc)
    joined = list(tags)
    last_c = -1
    for k, tag in enumerate(tags):
        if tag != "C":
            continue
        if last_c >= 0 and k - last_c > 1 and all(
                tags[j] in "SQ" or not t.candidate[start + j] for j in range(last_c + 1, k)):
            joined[last_c + 1:k] = ["C"] * (k - last_c - 1)
        last_c = k
    runs: dict[str, tuple[int, int]] = {}
    ranks: dict[str, tuple[bool, int]] = {}
    for role_tags, roles in ((tags, "SQ"), (joined, "C")):
        k = 0
        while k < len(role_tags):
            tag = role_tags[k]
            j = k + 1
            while j < len(role_tags) and role_tags[j] == tag:
                j += 1
            if tag in roles:
                rank = (tag in rules[k:j], j - k)
                if tag not in runs or rank > ranks[tag]:
                    runs[tag], ranks[tag] = (k, j), rank
            k = j
    return {role: runs[tag] for role, tag in ROLE_TAGS.items() if tag in runs}


def tag_spans(text: str, attribution: Attribution, docs: list[tuple[int, Any]],
              ) -> dict[str, tuple[Span, float]] | None:
    """The span the tagger finds for each role of a statement, with how sure it is of the change: the lowest
    chance it gives its own tag over the words where its span and the rules' differ (1.0 where they agree).
    None for a cue outside the parsed pieces."""
    where = placed(attribution, docs)
    if where is None:
        return None
    offset, doc = where[0], where[1]
    start, stop, rows = sequence(attribution, where)
    rules = rule_tags(doc, offset, start, stop, attribution)
    crf = tagger()
    tags = crf.tag(rows)
    found = {}
    for role, (a, b) in spans_of(tags, doc, start, rules).items():
        tag = ROLE_TAGS[role]
        changed = [k for k in range(len(tags)) if (a <= k < b) != (rules[k] == tag)]
        sure = min((crf.marginal(tag if a <= k < b else tags[k], k) for k in changed), default=1.0)
        begin = doc[start + a].idx + offset
        end = doc[start + b - 1].idx + len(doc[start + b - 1].text) + offset
        found[role] = (Span(text[begin:end], begin, end), sure)
    return found


def retag(text: str, found: list[Attribution], docs: list[tuple[int, Any]], roles: tuple[str, ...] = ROLES,
          sure: float = SURE) -> None:
    """Set the spans of ``roles`` of each statement found in the parse where the tagger puts them, when it is at
    least ``sure`` of the change.  A role the tagger finds no words for keeps the rules' span; so does a speaker the
    rules did not find, and a cue the tagger moves off the rules' cue."""
    for attribution in found:
        tagged = tag_spans(text, attribution, docs)
        if not tagged:
            continue
        for role in roles:
            if role not in tagged or (role == "source" and attribution.source is None):
                continue
            span, certainty = tagged[role]
            if certainty < sure:
                continue
            if role == "cue" and not (span.start < attribution.cue.end and attribution.cue.start < span.end):
                continue
            setattr(attribution, role, span)


# --- training ------------------------------------------------------------------------------------------

Roles = dict[str, tuple[int, int]]
Sequence = tuple[list[list[str]], list[str]]


def span_events(ann: Path) -> list[Roles]:
    """The source, cue and content spans of each attribution event with a cue in a brat file (a span from its
    first offset to its last)."""
    from newstrace.claims.train import brat_spans

    spans = brat_spans(ann)
    found = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].startswith("E"):
            ids = dict(p.split(":", 1) for p in parts[1].split() if ":" in p)
            event = {role: spans[ids[key]][1:] for role, key in (("source", "Source"), ("cue", "Cue"),
                     ("content", "Content")) if ids.get(key) in spans}
            if "cue" in event:
                found.append(event)
    return found


def matched(found: list[Attribution], gold: list[Roles]) -> dict[int, int]:
    """Found statement -> annotated one: each annotated statement takes the first found one not yet taken whose
    cue overlaps its cue (as ``polnear_eval.match`` pairs them)."""
    pairs: dict[int, int] = {}
    for g, event in enumerate(gold):
        cue = event["cue"]
        k = next((k for k, a in enumerate(found) if k not in pairs
                  and a.cue.start < cue[1] and cue[0] < a.cue.end), None)
        if k is not None:
            pairs[k] = g
    return pairs


def gold_tags(doc: Any, offset: int, start: int, stop: int, text: str, event: Roles) -> list[str]:
    """The annotated role of each token of a window, from the spans as the exact match compares them."""
    tags = ["O"] * (stop - start)
    for role in ("content", "source", "cue"):  # later roles win where spans overlap, as in the rules' tags
        if role not in event:
            continue
        a, b = trimmed(text, *event[role])
        for i in range(start, stop):
            first = doc[i].idx + offset
            if first < b and a < first + len(doc[i].text):
                tags[i - start] = ROLE_TAGS[role]
    return tags


def span_sequences(text: str, docs: list[Any], found: list[Attribution], golds: list[list[Roles]]) -> list[Sequence]:
    """The tagger's training sequences of a text: each statement the rules found that an annotator made too,
    tagged as that annotator tagged it, once per annotator's file.  The tagger moves spans; it keeps or drops no
    statement, so statements no annotator made teach it nothing."""
    rows = []
    for gold in golds:
        for k, g in matched(found, gold).items():
            where = placed(found[k], docs)
            if where is None:
                continue
            start, stop, features = sequence(found[k], where)
            rows.append((features, gold_tags(where[1], where[0], start, stop, text, gold[g])))
    return rows


def fit_spans(sequences: list[Sequence], path: Path) -> None:
    """Train the CRF on ``sequences`` and write it to ``path``."""
    import pycrfsuite

    trainer = pycrfsuite.Trainer(verbose=False)
    for features, tags in sequences:
        trainer.append(features, tags)
    trainer.set_params({"c1": C1, "c2": C2, "max_iterations": ITERATIONS, "feature.possible_transitions": True})
    trainer.train(str(path))
