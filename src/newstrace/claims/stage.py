"""The claims stage over records: articles in, one ``ClaimsResult`` out for each, holding the claims or the
error that stopped them; one article's failure never stops the others.

The driver (``newstrace.pipeline.run_claims``) reads the articles that need claims in batches, runs this
stage and writes each batch's results in one transaction; export and show only read what is stored.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable, Iterator
from functools import partial
from typing import Any

from newstrace.claims.article import ArticleClaims, extract, language, reads_english
from newstrace.claims.parse import BATCH_CHARS, parse_many
from newstrace.errors import ModelError
from newstrace.model import Article, ClaimsResult

Extractor = Callable[[Article], ArticleClaims]


def extract_all(articles: Iterable[Article], extractor: Extractor | None = None) -> Iterator[ClaimsResult]:
    """The claims of each article, or the error (exception type and message) its extraction failed with.

    A missing or damaged model file (``ModelError``) is no fault of one article and would fail them all:
    it is raised.  ``extractor`` stands in for ``extract`` (tests give one that fails on purpose).  Without
    one, the English articles of a group of about BATCH_CHARS characters are parsed together.
    """
    if extractor is not None:
        for article in articles:
            yield _result(article, extractor)
        return
    for group in _groups(articles):
        group = [_with_language(a) for a in group]
        for article, docs in zip(group, _parsed(group), strict=True):
            yield _result(article, partial(extract, docs=docs))


def _result(article: Article, extractor: Extractor) -> ClaimsResult:
    try:
        data = extractor(article).as_dict()
    except ModelError:
        raise
    except Exception as exc:  # any fault in one article's text is recorded, not raised
        return ClaimsResult(article.id, article.content_hash, error=f"{type(exc).__name__}: {exc}")
    return ClaimsResult(article.id, article.content_hash, data=data)


def _with_language(article: Article) -> Article:
    """The article with its language detected once, for both the grouping and the extraction."""
    try:
        return article if article.lang else dataclasses.replace(article, lang=language(article))
    except Exception:  # its own extraction meets the fault again and records it
        return article


def _groups(articles: Iterable[Article]) -> Iterator[list[Article]]:
    group: list[Article] = []
    size = 0
    for article in articles:
        group.append(article)
        size += len(article.clean_text)
        if size >= BATCH_CHARS:
            yield group
            group, size = [], 0
    if group:
        yield group


def _parsed(group: list[Article]) -> list[list[tuple[int, Any]] | None]:
    """Each English article's parsed sentences, parsed together; None where an article is not parsed here (not
    English), and for all if the group's parse fails: each article is then parsed alone, so only the one at
    fault fails."""
    english = [k for k, a in enumerate(group) if reads_english(a.lang) and a.clean_text.strip()]
    found: list[list[tuple[int, Any]] | None] = [None] * len(group)
    try:
        for k, docs in zip(english, parse_many([group[k].clean_text for k in english]), strict=True):
            found[k] = docs
    except ModelError:
        raise
    except Exception:  # the article at fault is found when each is parsed alone
        return [None] * len(group)
    return found
