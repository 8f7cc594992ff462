"""Claims stage: who said what, hedges and quantities per article, and how they drift across a story.

Every span carries ``text``, ``start`` and ``end``: character offsets into the article's clean text.
Attributions need the English parser; quantities and hedges work in any language.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newstrace.claims.attributions import Attribution, find_attributions, parse
from newstrace.claims.hedges import find_hedges
from newstrace.claims.quantities import Quantity, find_quantities
from newstrace.fingerprint import detect_language
from newstrace.model import Article

if TYPE_CHECKING:
    from newstrace.store.base import ProvenanceStore

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


def extract(article: Article) -> ArticleClaims:
    """Attributions, quantities and hedges of one article's clean text."""
    text = article.clean_text
    lang = article.lang or detect_language(text)
    claims = ArticleClaims(article.id, lang)
    if not text.strip():
        return claims
    docs = parse(text) if lang in (None, "en") else None
    if docs is not None:
        claims.attributions = find_attributions(text, docs)
    claims.quantities = find_quantities(text, decimal_comma=lang in DECIMAL_COMMA_LANGUAGES, docs=docs,
                                        english=lang in (None, "en"))
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


def article_claims(store: ProvenanceStore, article: Article) -> dict[str, Any]:
    """The claims of a stored article as exported, computed once per version of its text and cached."""
    cached = store.cached_claims(article.id, article.content_hash)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    data = extract(article).as_dict()
    store.put_claims(article.id, article.content_hash, data)
    return data


def story_claims(store: ProvenanceStore, story_id: str) -> dict[str, Any]:
    """Claim slots of a story, with variants and the copies that changed them."""
    from newstrace.claims.compare import compare

    placements = {p.article_id: p for p in store.placements(story_id)}
    articles = {i: store.get(i) for i in placements}
    claims = {i: _rebuild(i, article_claims(store, a)) for i, a in articles.items() if a is not None}
    links = store.story_links(story_id, with_detail=True)
    return compare(claims, {i: a for i, a in articles.items() if a is not None}, placements, links)


def _rebuild(article_id: str, data: dict[str, Any]) -> ArticleClaims:
    """ArticleClaims from their stored form, as much as comparison needs."""
    from newstrace.claims.attributions import Span

    quantities = [Quantity(**{k: v for k, v in q.items()}) for q in data["quantities"]]
    attributions = [Attribution(source=Span(**a["source"]) if a["source"] else None, cue=Span(**a["cue"]),
                                content=Span(**a["content"]), direct=a["direct"], resolved=a["resolved_source"])
                    for a in data["attributions"]]
    return ArticleClaims(article_id, data.get("lang"), attributions, quantities, data["hedges"])
