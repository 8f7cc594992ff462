"""Export the store as JSON or JSON Lines, streamed article by article."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import IO, Any, Literal

from newstrace.model import Article
from newstrace.store.base import Store

Format = Literal["json", "jsonl"]


def article_record(article: Article) -> dict[str, Any]:
    """The exported view of an article: its metadata, clean text, removed chrome and credits."""
    return {
        "id": article.id,
        "url": article.url,
        "outlet": article.outlet,
        "title": article.title,
        "published": article.published,
        "published_from": article.published_from,
        "lang": article.lang,
        "source": article.source,
        "clean_text": article.clean_text,
        "removed": [asdict(r) for r in article.removed],
        "credits": [asdict(c) for c in article.credits],
    }


def export(store: Store, out: IO[str], fmt: Format = "json") -> int:
    """Write every article to ``out``; returns how many.  JSON also lists the rejects."""
    count = 0
    if fmt == "jsonl":
        for article in store.articles():
            out.write(json.dumps(article_record(article), ensure_ascii=False) + "\n")
            count += 1
        return count
    out.write('{"articles": [')
    for article in store.articles():
        out.write(("," if count else "") + "\n" + json.dumps(article_record(article), ensure_ascii=False))
        count += 1
    rejects = [asdict(r) for r in store.rejects()]
    out.write('\n], "rejects": ' + json.dumps(rejects, ensure_ascii=False) + "}\n")
    return count
