"""Decide how two articles relate: copy, rewrite, translation, shared source, same event, or nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from newstrace.eventday import days_apart
from newstrace.fingerprint import Token, tokens
from newstrace.link.align import Alignment, Grams, align
from newstrace.model import Article, Link

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
MAX_DAYS_APART = 4  # reports of one event, both dated to the day
MAX_PASSAGES_KEPT = 20

_CONTENT_WORD = re.compile(r"[^\W\d_]{4,}")


@dataclass(slots=True)
class View:
    """One article as the link stage sees it."""

    article: Article
    lang: str | None
    keys: set[str]
    day: date | None
    month: tuple[int, int] | None
    credited: set[str]
    weekday: int | None = None  # the day its opening names
    _tokens: list[Token] | None = None
    _grams: Grams | None = None

    @property
    def id(self) -> str:
        return self.article.id

    @property
    def tokens(self) -> list[Token]:
        if self._tokens is None:
            self._tokens = tokens(self.article.clean_text)
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
    day, month = _dates(article.published)
    credited = {c.outlet for c in article.credits if c.outlet and c.kind != "link_back"}
    return View(article, lang, set(keys), day, month, credited, weekday)


def _dates(published: str | None) -> tuple[date | None, tuple[int, int] | None]:
    if not published:
        return None, None
    m = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", published)
    if not m:
        return None, None
    year, month = int(m.group(1)), int(m.group(2))
    day = date(year, month, int(m.group(3))) if m.group(3) else None
    return day, (year, month)


def dates_conflict(x: View, y: View) -> bool:
    """True when the two cannot report one event: dated days or months too far apart, or openings that
    name days of the week two or more apart.  Years named in a text are no date: they are as often history
    ("last won in 1986") or plans ("on sale early next year, 2024") as the year of the event."""
    if x.day and y.day:
        return abs((x.day - y.day).days) > MAX_DAYS_APART
    if x.weekday is not None and y.weekday is not None and days_apart(x.weekday, y.weekday) >= 2:
        return True
    if x.month and y.month:
        return months_apart(x.month, y.month) > 1
    return False


def months_apart(a: tuple[int, int], b: tuple[int, int]) -> int:
    """Calendar months between two (year, month) pairs."""
    return abs((a[0] * 12 + a[1]) - (b[0] * 12 + b[1]))


def text_link(x: View, y: View) -> tuple[Link | None, Alignment | None]:
    """A copy link when the texts share passages; ``None`` when they share too little."""
    if x.article.clean_text == y.article.clean_text and x.article.clean_text:
        return _identical(x, y), None
    al = align(x.article.clean_text, x.tokens, y.article.clean_text, y.tokens, x.grams, y.grams)
    low, high = sorted((al.a_coverage, al.b_coverage))
    little = al.shared_tokens < MIN_SHARED_TOKENS or (high < MIN_COPY_COVERAGE and al.shared_tokens < QUOTE_TOKENS)
    if little and not _shared_lede(x, y, al):
        return None, al
    if len(al.edits) >= 3 and len(al.edits) / al.shared_tokens >= REWRITE_EDIT_RATE:
        kind = "rewrite"  # reused, but edited throughout
    elif low >= VERBATIM_COVERAGE:
        kind = "verbatim_copy"
    elif high >= PARTIAL_COVERAGE or al.shared_tokens >= PARTIAL_SHARED_TOKENS:
        kind = "partial_copy"
    else:
        kind = "rewrite"
    shared_source = _shared_source(x, y)
    if shared_source:
        kind = "shared_source"
    detail = _detail(al, shared_source)
    score = round((al.a_coverage + al.b_coverage) / 2, 4)
    return Link(x.id, y.id, kind, score, round(al.a_coverage, 4), round(al.b_coverage, 4), detail), al


def _shared_lede(x: View, y: View, al: Alignment) -> bool:
    """One long sentence shared word for word outside quotation marks, or a shorter run in both openings:
    the agency lede both pages run (later versions of a wire story keep a phrase of it)."""
    text = x.article.clean_text
    # an outlet's own header lines open all its pages alike
    other_outlets = x.article.outlet != y.article.outlet or not x.article.outlet
    for p in al.passages:
        if min(p.a_tokens, p.b_tokens) >= LEDE_TOKENS or (other_outlets and max(p.a_first, p.b_first) < OPENING_TOKENS):
            before = text[max(0, p.a_start - 300):p.a_start]
            inside = text[p.a_start:p.a_end]
            if before.count("\"") % 2 == 0 and before.count("“") <= before.count("”") and "“" not in inside:
                return True
    return False


def _identical(x: View, y: View) -> Link:
    """Syndication's commonest case: the same clean text.  No alignment needed; one passage, no edits."""
    end = len(x.article.clean_text)
    shared_source = _shared_source(x, y)
    detail: dict[str, object] = {"shared_tokens": len(x.tokens), "identical": True,
                                 "passages": [{"a": [0, end], "b": [0, end], "tokens": len(x.tokens), "edits": []}]}
    if shared_source:
        detail["shared_source"] = shared_source
    return Link(x.id, y.id, "shared_source" if shared_source else "verbatim_copy", 1.0, 1.0, 1.0, detail)


def _shared_source(x: View, y: View) -> str | None:
    """An outlet both credit that published neither: their shared text likely came from it."""
    common = (x.credited & y.credited) - {x.article.outlet, y.article.outlet}
    return sorted(common)[0] if common else None


_SENTENCE_SPLIT = re.compile(r"(?<=[.!?。])\s+|\n+")
MAX_SENTENCES = 12


def sentences(text: str) -> list[str]:
    """The opening sentences worth comparing across languages."""
    return [s.strip() for s in _SENTENCE_SPLIT.split(text) if len(s.strip()) > 25][:MAX_SENTENCES]


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


def _detail(al: Alignment, shared_source: str | None) -> dict[str, object]:
    passages = [
        {"a": [p.a_start, p.a_end], "b": [p.b_start, p.b_end], "tokens": min(p.a_tokens, p.b_tokens),
         "edits": [{"a": e.a_text, "b": e.b_text, "a_span": [e.a_start, e.a_end], "b_span": [e.b_start, e.b_end]}
                   for e in p.edits]}
        for p in sorted(al.passages, key=lambda p: -min(p.a_tokens, p.b_tokens))[:MAX_PASSAGES_KEPT]
    ]
    detail: dict[str, object] = {"shared_tokens": al.shared_tokens, "passages": passages}
    if shared_source:
        detail["shared_source"] = shared_source
    return detail
