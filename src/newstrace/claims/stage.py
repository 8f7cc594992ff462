"""The claims stage over records: articles in, one ``ClaimsResult`` out for each, holding the claims or the
error that stopped them; one article's failure never stops the others.

The driver (``newstrace.pipeline.run_claims``) reads the articles that need claims in batches, runs this
stage and writes each batch's results in one transaction; export and show only read what is stored.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from newstrace.claims.article import ArticleClaims, extract
from newstrace.errors import ModelError
from newstrace.model import Article, ClaimsResult

Extractor = Callable[[Article], ArticleClaims]


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
