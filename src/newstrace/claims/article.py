"""The claims of one article: attributions, quantities and hedges of its clean text."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from newstrace.claims.attributions import find_attributions
from newstrace.claims.hedges import find_hedges
from newstrace.claims.parse import parse
from newstrace.claims.quantities import Quantity, find_quantities
from newstrace.claims.spans import Attribution, Span
from newstrace.fingerprint import detect_language
from newstrace.model import Article

MAX_STATEMENT = 2_000  # characters: no attributed statement is longer, so a hedge looks back no further
DECIMAL_COMMA_LANGUAGES = frozenset("de fr es it nl pt sv da no fi pl cs ro tr ru id".split())


@dataclass(slots=True)
class ArticleClaims:
    article_id: str
    lang: str | None
    attributions: list[Attribution] = field(default_factory=list)
    quantities: list[Quantity] = field(default_factory=list)
    hedges: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"lang": self.lang, "attributions": [a.as_dict() for a in self.attributions],
                "quantities": [q.as_dict() for q in self.quantities], "hedges": self.hedges}


def language(article: Article) -> str | None:
    """The article's language as given, else as detected from its clean text."""
    return article.lang or detect_language(article.clean_text)


def reads_english(lang: str | None) -> bool:
    """Attributions are read, and sentences parsed, in English only (or where the language is unknown)."""
    return lang in (None, "en")


def extract(article: Article, docs: list[tuple[int, Any]] | None = None) -> ArticleClaims:
    """Attributions, quantities and hedges of one article's clean text.  ``docs`` are its sentences parsed
    already (``parse_many`` parses those of several articles together); without them they are parsed here."""
    text = article.clean_text
    lang = language(article)
    claims = ArticleClaims(article.id, lang)
    if not text.strip():
        return claims
    english = reads_english(lang)
    if english and docs is None:
        docs = parse(text)
    if english and docs is not None:
        claims.attributions = find_attributions(text, docs)
    claims.quantities = find_quantities(text, decimal_comma=lang in DECIMAL_COMMA_LANGUAGES,
                                        docs=docs if english else None, english=english, lang=lang)
    reach = sorted(((_first(a), _last(a), a) for a in claims.attributions), key=lambda r: r[0])
    starts = [r[0] for r in reach]
    for hedge in find_hedges(text):
        holders: list[Attribution] = []
        k = bisect.bisect_right(starts, hedge.start) - 1
        while k >= 0 and len(holders) < 3 and hedge.start - starts[k] < MAX_STATEMENT:
            if hedge.start < reach[k][1]:
                holders.append(reach[k][2])
            k -= 1
        for a in holders:
            a.hedges.append(hedge)
        claims.hedges.append({**hedge.as_dict(), "attributed": any(a.source is not None for a in holders)})
    return claims


def _first(a: Attribution) -> int:
    return min(s.start for s in (a.source, a.cue, a.content) if s is not None)


def _last(a: Attribution) -> int:
    return max(s.end for s in (a.source, a.cue, a.content) if s is not None)


def rebuild(article_id: str, data: dict[str, Any]) -> ArticleClaims:
    """ArticleClaims from their stored form (``as_dict``), as much as comparison needs."""
    quantities = [Quantity(**{k: v for k, v in q.items()}) for q in data["quantities"]]
    attributions = [Attribution(source=Span(**a["source"]) if a["source"] else None, cue=Span(**a["cue"]),
                                content=Span(**a["content"]), direct=a["direct"], resolved=a["resolved_source"])
                    for a in data["attributions"]]
    return ArticleClaims(article_id, data.get("lang"), attributions, quantities, data["hedges"])
