"""The claims stage: each article's claims, extracted once per version of its text, failures recorded.

``extract_all`` is the stage over records: articles in, one ``ClaimsResult`` out for each, holding the
claims or the error that stopped them; one article's failure never stops the others.  ``run_claims`` is
its edge to a store: it reads the articles that need claims in batches, runs the stage and writes each
batch's results in one transaction.  The rest read what is stored: ``stored_claims`` never parses, so an
export holds the claims extracted so far and says which articles have none.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from newstrace.claims.article import ArticleClaims, extract, rebuild
from newstrace.claims.compare import compare
from newstrace.errors import ClaimsError, ModelError
from newstrace.model import Article
from newstrace.store.base import ClaimsResult, ProvenanceStore

Extractor = Callable[[Article], ArticleClaims]
BATCH_SIZE = 50  # articles extracted between writes: a killed run keeps all but the batch it was in


def extract_all(articles: Iterable[Article], extractor: Extractor | None = None) -> Iterator[ClaimsResult]:
    """The claims of each article, or the error (exception type and message) its extraction failed with.

    A missing or damaged model file (``ModelError``) is no fault of one article and would fail them all:
    it is raised.  ``extractor`` stands in for ``extract`` (tests give one that fails on purpose).
    """
    for article in articles:
        try:
            data = (extractor or extract)(article).as_dict()
        except ModelError:
            raise
        except Exception as exc:  # any fault in one article's text is recorded, not raised
            yield ClaimsResult(article.id, article.content_hash, error=f"{type(exc).__name__}: {exc}")
        else:
            yield ClaimsResult(article.id, article.content_hash, data=data)


@dataclass(slots=True)
class ClaimsSummary:
    """What ``run_claims`` did: articles extracted now, already extracted before, and left failed."""

    extracted: int = 0
    cached: int = 0
    failed: int = 0  # failed for their current text, in this run or an earlier one
    failed_now: int = 0
    todo: int = 0  # articles this run set out to extract

    def line(self) -> str:
        earlier = self.failed - self.failed_now
        before = f" ({earlier} in an earlier run; --retry tries them again)" if earlier else ""
        return f"claims: extracted {self.extracted}, cached {self.cached}, failed {self.failed}{before}"


def run_claims(store: ProvenanceStore, retry_failed: bool = False, batch_size: int = BATCH_SIZE,
               on_batch: Callable[[ClaimsSummary], None] | None = None,
               extractor: Extractor | None = None) -> ClaimsSummary:
    """Extract the claims of every stored article that has none for its current text, batch by batch."""
    todo = store.needing_claims(retry_failed)
    earlier = 0 if retry_failed else len(store.claims_failures())
    summary = ClaimsSummary(cached=store.count() - len(todo) - earlier, failed=earlier, todo=len(todo))
    for start in range(0, len(todo), batch_size):
        ids = todo[start:start + batch_size]
        found = store.articles_by_id(ids)
        results = list(extract_all((found[i] for i in ids if i in found), extractor))
        store.put_claims_results(results)
        failed = sum(r.error is not None for r in results)
        summary.extracted += len(results) - failed
        summary.failed += failed
        summary.failed_now += failed
        if on_batch is not None:
            on_batch(summary)
    return summary


def stored_claims(store: ProvenanceStore, article: Article) -> dict[str, Any] | None:
    """The article's stored claims for its current text, or None (not extracted yet, or failed); never parses."""
    return store.cached_claims(article.id, article.content_hash)


def article_claims(store: ProvenanceStore, article: Article) -> dict[str, Any]:
    """The claims of a stored article as exported: stored ones, else extracted now and stored.  A failure is
    stored too and raised as ``ClaimsError``."""
    result = store.claims_result(article.id)
    if result is None or result.content_hash != article.content_hash:
        [result] = extract_all([article])
        store.put_claims_results([result])
    if result.data is None:
        raise ClaimsError(f"{article.id}: claim extraction failed ({result.error}); "
                          "the article's text is stored, its claims are not")
    return result.data


def story_claims(store: ProvenanceStore, story_id: str, extract_missing: bool = True) -> dict[str, Any]:
    """Claim slots of a story, with variants and the copies that changed them.

    With ``extract_missing`` an article with no stored claims is extracted now (and stored); without, only
    stored claims are compared.  An article whose extraction failed is left out either way.
    """
    placements = {p.article_id: p for p in store.placements(story_id)}
    found = store.articles_by_id(list(placements))
    articles = {i: found[i] for i in placements if i in found}
    if extract_missing:
        missing = [a for a in articles.values() if store.claims_result(a.id) is None]
        store.put_claims_results(extract_all(missing))
    claims = {}
    for article_id, article in articles.items():
        data = stored_claims(store, article)
        if data is not None:
            claims[article_id] = rebuild(article_id, data)
    links = store.story_links(story_id, with_detail=True)
    return compare(claims, articles, placements, links)
