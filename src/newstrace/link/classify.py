"""Decide how two articles relate: copy, rewrite, translation, shared source, same event, or nothing.

Every decision about a link's kind, and about an article's relation to its parent, lives here, as pure
functions of what was measured (alignments, coverages, similarities, shared names, dates).  The link stage
measures and stores; the story and trace stages read the kinds decided here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

import numpy as np

from newstrace.dates import NamedDate, When, conflict, named_dates, when
from newstrace.fingerprint import TextTokens, text_tokens
from newstrace.link.align import Alignment, Grams, align
from newstrace.link.embed import reads
from newstrace.model import Article, Edit, Link, LinkDetail, LinkKind, Passage, Relation

# Thresholds, tuned on devpages (benchmarks/devpages_eval.py) and kept round.
MIN_SHARED_TOKENS = 12  # below this, a shared run is a phrase, not reuse
# Shared passages covering less than this of both texts are quotes everyone carries, not copying,
# unless they are long (QUOTE_TOKENS).
MIN_COPY_COVERAGE = 0.2
QUOTE_TOKENS = 80
LEDE_TOKENS = 20  # ... or one sentence this long shared outside quotation marks (an agency lede)
OPENING_TOKENS = 40  # ... or any shared passage starting this near the top of both texts: the wire's first lines
VERBATIM_COVERAGE = 0.8  # both sides this much inside shared passages
PARTIAL_COVERAGE = 0.5  # one side this much inside shared passages
PARTIAL_SHARED_TOKENS = 40  # or this many tokens shared
REWRITE_EDIT_RATE = 0.04  # edits per shared token above which reuse is a rewrite (house style stays below)
REWRITE_WORD_OVERLAP = 0.7  # share of content words of the shorter text found in the longer one
TRANSLATION_SENTENCES = 0.25  # share of the shorter text's sentences with a close match in the other
SENTENCE_MATCH = 0.7  # cosine for two sentences to count as one translated
TRANSLATION_MEAN = 0.55  # mean best-match cosine over the shorter text's sentences
EVENT_SIMILARITY = 0.5  # cosine of the two openings for two reports of the same event
EVENT_SIMILARITY_WITHOUT_NUMBERS = 0.7  # when they share no number
EVENT_MIN_KEYS = 2  # names or numbers they must share
UNREAD_MIN_KEYS = 4  # ... when one is in a language the encoder does not read, so only they can tell
MAX_PASSAGES_KEPT = 20
# Shared passages this much inside quotation marks (on either side), covering under PARTIAL_COVERAGE of
# both texts, are a statement every report quotes, not one copying the other (see docs/benchmarks.md).
QUOTED_SHARE = 0.5
# An article's relation to its parent or to an unseen source (trace stage)
SOURCE_KEPT = 0.6  # share of the source a copy keeps, besides VERBATIM_COVERAGE of itself, to be verbatim
OUTSIDE_VERBATIM = 0.5  # a copy of an unseen source is verbatim when this much of it is shared with a sibling ...
SIBLING_KEPT = 0.4  # ... and it holds this much of that sibling

_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")


@dataclass(slots=True)
class View:
    """One article as the link stage sees it."""

    article: Article
    lang: str | None
    keys: set[str]
    when: When
    credited: set[str]
    _tokens: TextTokens | None = None
    _grams: Grams | None = None
    _named: tuple[NamedDate, ...] | None = None

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def named_dates(self) -> tuple[NamedDate, ...]:
        """The calendar days its opening names."""
        if self._named is None:
            self._named = named_dates(self.article.clean_text, self.lang)
        return self._named

    @property
    def tokens(self) -> TextTokens:
        if self._tokens is None:
            self._tokens = text_tokens(self.article.clean_text)
        return self._tokens

    @property
    def grams(self) -> Grams:
        if self._grams is None:
            self._grams = Grams(self.tokens)
        return self._grams

    @property
    def numbers(self) -> set[str]:
        return {k for k in self.keys if k.startswith("#")}


def view(article: Article, lang: str | None, keys: list[str], weekday: int | None = None) -> View:
    credited = {c.outlet for c in article.credits if c.outlet and c.kind != "link_back"}
    return View(article, lang, set(keys), when(article.published, weekday), credited)


def dates_conflict(x: View, y: View) -> bool:
    """True when the two cannot report one event (newstrace.dates.conflict says why)."""
    return conflict(x.when, y.when) is not None


def text_link(x: View, y: View) -> tuple[Link | None, Alignment | None]:
    """A copy link when the texts share passages; ``None`` when they share too little."""
    if x.article.clean_text == y.article.clean_text and x.article.clean_text:
        return _identical(x, y), None
    al = align(x.article.clean_text, x.tokens, y.article.clean_text, y.tokens, x.grams, y.grams)
    low, high = sorted((al.a_coverage, al.b_coverage))
    little = al.shared_tokens < MIN_SHARED_TOKENS or (high < MIN_COPY_COVERAGE and al.shared_tokens < QUOTE_TOKENS)
    if little and not shared_lede(x, y, al):
        return None, al
    if high < PARTIAL_COVERAGE and quoted_share(x.article.clean_text, y.article.clean_text, al) >= QUOTED_SHARE:
        return None, al
    if len(al.edits) >= 3 and len(al.edits) / al.shared_tokens >= REWRITE_EDIT_RATE:
        kind = LinkKind.REWRITE  # reused, but edited throughout
    elif low >= VERBATIM_COVERAGE:
        kind = LinkKind.VERBATIM_COPY
    elif high >= PARTIAL_COVERAGE or al.shared_tokens >= PARTIAL_SHARED_TOKENS:
        kind = LinkKind.PARTIAL_COPY
    else:
        kind = LinkKind.REWRITE
    common = shared_source(x, y)
    if common:
        kind = LinkKind.SHARED_SOURCE
    detail = _detail(al, common)
    score = round((al.a_coverage + al.b_coverage) / 2, 4)
    return Link(x.id, y.id, kind, score, round(al.a_coverage, 4), round(al.b_coverage, 4), detail), al


# A quotation within one paragraph: English, straight, French/Spanish guillemets, German low-high, Japanese.
_QUOTATION = re.compile(r'“[^”\n]*”|"[^"\n]*"|«[^»\n]*»|„[^“”\n]*[“”]|「[^」\n]*」|『[^』\n]*』')


def quoted_share(a_text: str, b_text: str, al: Alignment) -> float:
    """The larger share, of either side's shared characters, that lies inside quotation marks."""
    shares = []
    for text, spans in ((a_text, [(p.a_start, p.a_end) for p in al.passages]),
                        (b_text, [(p.b_start, p.b_end) for p in al.passages])):
        total = sum(end - start for start, end in spans)
        if not total:
            return 0.0
        quotes = [m.span() for m in _QUOTATION.finditer(text)]
        inside = sum(max(0, min(end, q_end) - max(start, q_start))
                     for start, end in spans for q_start, q_end in quotes)
        shares.append(inside / total)
    return max(shares)


def shared_lede(x: View, y: View, al: Alignment) -> bool:
    """One long sentence shared word for word outside quotation marks, or a shorter run in both openings:
    the agency lede both pages run (later versions of a wire story keep a phrase of it)."""
    # an outlet's own header lines open all its pages alike
    other_outlets = x.article.outlet != y.article.outlet or not x.article.outlet
    for p in al.passages:
        lede = min(p.a_tokens, p.b_tokens) >= LEDE_TOKENS or \
            (other_outlets and max(p.a_first, p.b_first) < OPENING_TOKENS)
        # outside quotation marks on both sides, so that the verdict does not depend on the pair's order
        if lede and _unquoted(x.article.clean_text, p.a_start, p.a_end) and \
                _unquoted(y.article.clean_text, p.b_start, p.b_end):
            return True
    return False


def _unquoted(text: str, start: int, end: int) -> bool:
    """No quotation left open before the span (within 300 characters) and none opened inside it."""
    before = text[max(0, start - 300):start]
    return before.count("\"") % 2 == 0 and before.count("“") <= before.count("”") and "“" not in text[start:end]


def _identical(x: View, y: View) -> Link:
    """Syndication's commonest case: the same clean text.  No alignment needed; one passage, no edits."""
    end = len(x.article.clean_text)
    common = shared_source(x, y)
    detail = LinkDetail(shared_tokens=len(x.tokens), identical=True, shared_source=common,
                        passages=[Passage((0, end), (0, end), len(x.tokens))])
    kind = LinkKind.SHARED_SOURCE if common else LinkKind.VERBATIM_COPY
    return Link(x.id, y.id, kind, 1.0, 1.0, 1.0, detail)


def shared_source(x: View, y: View) -> str | None:
    """An outlet both credit that published neither: their shared text likely came from it."""
    common = (x.credited & y.credited) - {x.article.outlet, y.article.outlet}
    return sorted(common)[0] if common else None


def credits_each_other(x: View, y: View) -> str | None:
    """The outlet of one that the other credits or cites ("according to the Karrow Courier")."""
    if y.article.outlet and y.article.outlet in x.credited:
        return y.article.outlet
    if x.article.outlet and x.article.outlet in y.credited:
        return x.article.outlet
    return None


def word_overlap(x: View, y: View) -> float:
    """Share of the shorter text's content words that the longer one also uses (a paraphrase signal)."""
    xs = set(_CONTENT_WORD.findall(x.article.clean_text.lower()))
    ys = set(_CONTENT_WORD.findall(y.article.clean_text.lower()))
    if not xs or not ys:
        return 0.0
    return len(xs & ys) / min(len(xs), len(ys))


def _detail(al: Alignment, shared_source: str | None) -> LinkDetail:
    passages = [
        Passage((p.a_start, p.a_end), (p.b_start, p.b_end), min(p.a_tokens, p.b_tokens),
                tuple(Edit(e.a_text, e.b_text, (e.a_start, e.a_end), (e.b_start, e.b_end)) for e in p.edits))
        for p in sorted(al.passages, key=lambda p: -min(p.a_tokens, p.b_tokens))[:MAX_PASSAGES_KEPT]
    ]
    return LinkDetail(shared_tokens=al.shared_tokens, passages=passages, shared_source=shared_source)


class Need(Enum):
    """What an event decision still lacks: it is asked again once the link stage has measured it."""

    SENTENCES = "sentences"


@dataclass(slots=True, frozen=True)
class SentenceMatch:
    """Share of the shorter text's sentences with a close match in the other, and the mean best match."""

    matched: float
    mean: float


def event_link(x: View, y: View, embeddings: bool, similarity: float | None,
               sentences: SentenceMatch | None = None) -> Link | Need | None:
    """Two articles that share no text: a rewrite, a translation, another report of the same event, or
    nothing.  ``similarity`` is the cosine of their openings (``None`` without vectors); a cross-language
    pair returns ``Need.SENTENCES`` until its sentences have been matched."""
    shared_keys = len(x.keys & y.keys)
    same_language = x.lang == y.lang
    few_keys = shared_keys < EVENT_MIN_KEYS
    # names are spelt differently across languages, so a translation may share none; its sentences decide
    if (few_keys and (same_language or not embeddings)) or dates_conflict(x, y):
        return None
    if embeddings and not (reads(x.lang) and reads(y.lang)):
        return _unread_link(x, y, shared_keys)
    overlap = word_overlap(x, y) if same_language else 0.0
    if same_language and overlap >= REWRITE_WORD_OVERLAP:
        return Link(x.id, y.id, LinkKind.REWRITE, round(overlap, 4), 0.0, 0.0,
                    LinkDetail(word_overlap=round(overlap, 4), shared_keys=shared_keys))
    if not embeddings or similarity is None or similarity < EVENT_SIMILARITY:
        return None
    numbers = len(x.numbers & y.numbers)
    detail = LinkDetail(similarity=round(similarity, 4), shared_keys=shared_keys, shared_numbers=numbers)
    if not same_language:
        if sentences is None:
            return Need.SENTENCES
        detail.sentences_matched = round(sentences.matched, 3)
        detail.sentence_similarity = round(sentences.mean, 4)
        if sentences.matched >= TRANSLATION_SENTENCES and sentences.mean >= TRANSLATION_MEAN:
            return Link(x.id, y.id, LinkKind.TRANSLATION, round(sentences.mean, 4), round(sentences.matched, 4),
                        round(sentences.matched, 4), detail)
        if few_keys:
            return None
    credited = credits_each_other(x, y)
    if same_language and credited:
        # the same event, told in other words by a page that names the other's outlet
        detail.credits = credited
        return Link(x.id, y.id, LinkKind.REWRITE, round(similarity, 4), 0.0, 0.0, detail)
    if numbers or similarity >= EVENT_SIMILARITY_WITHOUT_NUMBERS:
        return Link(x.id, y.id, LinkKind.INDEPENDENT, round(similarity, 4), 0.0, 0.0, detail)
    return None


def sentence_match(xs: np.ndarray, ys: np.ndarray) -> SentenceMatch:
    """Match two articles' sentence vectors (rows of unit vectors): the shorter side's best matches."""
    if len(xs) == 0 or len(ys) == 0:
        return SentenceMatch(0.0, 0.0)
    sims = xs.astype(np.float32) @ ys.astype(np.float32).T
    best = sims.max(axis=1) if len(xs) <= len(ys) else sims.max(axis=0)
    return SentenceMatch(float((best >= SENTENCE_MATCH).mean()), float(best.mean()))


def _unread_link(x: View, y: View, shared_keys: int) -> Link | None:
    """Two reports one of which is in a language the encoder does not read: only the names and numbers
    they share (written alike in most scripts) can say they tell one event."""
    if shared_keys < UNREAD_MIN_KEYS:
        return None
    unread = sorted({lang for lang in (x.lang, y.lang) if lang and not reads(lang)})
    score = shared_keys / max(1, min(len(x.keys), len(y.keys)))
    return Link(x.id, y.id, LinkKind.INDEPENDENT, round(score, 4), 0.0, 0.0,
                LinkDetail(shared_keys=shared_keys, unread_language=unread[0]))


# Kinds that always mean passages shared word for word (a rewrite may or may not: see reuses_text).
REUSE_KINDS = (LinkKind.VERBATIM_COPY, LinkKind.PARTIAL_COPY, LinkKind.SHARED_SOURCE)


def reuses_text(link: Link) -> bool:
    """Passages were found shared word for word: a copy, or a rewrite whose shared passages were found (not
    one told apart in new words).  Text reuse joins stories whatever their dates."""
    return link.kind in REUSE_KINDS or \
        (link.kind == LinkKind.REWRITE and max(link.a_coverage, link.b_coverage) > 0)


def relation_to_parent(link: Link, article_id: str) -> Relation:
    """A copy that keeps only part of its source (a truncated or abridged text) is partial, however much
    of the copy lies inside the source."""
    if link.kind in (LinkKind.REWRITE, LinkKind.TRANSLATION, LinkKind.VERBATIM_COPY):
        return Relation(link.kind.value)
    whole = link.coverage(article_id) >= VERBATIM_COVERAGE and link.coverage(link.other(article_id)) >= SOURCE_KEPT
    return Relation.VERBATIM_COPY if whole else Relation.PARTIAL_COPY


def relation_to_outside(article_id: str, links: list[Link]) -> Relation:
    """Copy of a text outside the corpus: verbatim when another copy covers much of it and it covers much
    of that copy; a copy that holds only part of a sibling's text was cut from the source."""
    if not links:
        return Relation.VERBATIM_COPY
    best = max(links, key=lambda lk: lk.coverage(article_id))
    other = best.other(article_id)
    holds_sibling = best.coverage(other) >= VERBATIM_COVERAGE  # the fuller of two cuts of one text
    whole = best.coverage(article_id) >= OUTSIDE_VERBATIM and best.coverage(other) >= SIBLING_KEPT
    return Relation.VERBATIM_COPY if whole or holds_sibling else Relation.PARTIAL_COPY
