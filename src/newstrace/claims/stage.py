"""The claims stage over stored articles: each article's claims, extracted once per version of its text."""

from __future__ import annotations

from typing import Any

from newstrace.claims.article import extract, rebuild
from newstrace.claims.compare import compare
from newstrace.model import Article
from newstrace.store.base import ProvenanceStore


def article_claims(store: ProvenanceStore, article: Article) -> dict[str, Any]:
    """The claims of a stored article as exported, computed once per version of its text and cached."""
    cached = store.cached_claims(article.id, article.content_hash)
    if cached is not None:
        return cached
    data = extract(article).as_dict()
    store.put_claims(article.id, article.content_hash, data)
    return data


def story_claims(store: ProvenanceStore, story_id: str) -> dict[str, Any]:
    """Claim slots of a story, with variants and the copies that changed them."""
    placements = {p.article_id: p for p in store.placements(story_id)}
    articles = {i: store.get(i) for i in placements}
    claims = {i: rebuild(i, article_claims(store, a)) for i, a in articles.items() if a is not None}
    links = store.story_links(story_id, with_detail=True)
    return compare(claims, {i: a for i, a in articles.items() if a is not None}, placements, links)
