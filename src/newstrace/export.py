"""Export the store as JSON or JSON Lines, streamed article by article."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import IO, Any, Literal

from newstrace.model import Article, Link, Placement, Story
from newstrace.pipeline import story_claims
from newstrace.store.base import ProvenanceStore

Format = Literal["json", "jsonl"]


def article_record(article: Article, placement: Placement | None = None) -> dict[str, Any]:
    """The exported view of an article: metadata, clean text, removed chrome, credits, and its story."""
    record: dict[str, Any] = {
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
    if placement is not None:
        record.update(story=placement.story, parent=placement.parent, parent_outlet=placement.parent_outlet,
                      relation=placement.relation, relation_confidence=placement.confidence,
                      evidence=placement.evidence)
    return record


def story_record(story: Story) -> dict[str, Any]:
    return {
        "id": story.id,
        "article_ids": story.article_ids,
        "origin": {"article": story.origin, "outlet": story.origin_outlet, "confidence": story.confidence,
                   "evidence": story.evidence},
        "kept_apart": story.kept_apart,
    }


def link_record(link: Link, detail: bool = False) -> dict[str, Any]:
    record: dict[str, Any] = {"a": link.a, "b": link.b, "kind": link.kind, "score": link.score,
                              "a_coverage": link.a_coverage, "b_coverage": link.b_coverage}
    if detail:
        record["detail"] = link.detail.as_dict()
    return record


def export(store: ProvenanceStore, out: IO[str], fmt: Format = "json", with_claims: bool = False) -> int:
    """Write every article to ``out``; returns how many.

    JSON is one object with the keys ``articles``, ``stories``, ``links`` and ``rejects``, and ``claims``
    with ``with_claims`` (the stored claims only: see ``_write_claims``); JSON Lines is one article a line.
    """
    placements = {p.article_id: p for p in store.placements()}
    count = 0
    if fmt == "jsonl":
        for article in store.articles():
            out.write(json.dumps(article_record(article, placements.get(article.id)), ensure_ascii=False) + "\n")
            count += 1
        return count
    out.write('{"articles": [')
    for article in store.articles():
        record = article_record(article, placements.get(article.id))
        out.write(("," if count else "") + "\n" + json.dumps(record, ensure_ascii=False))
        count += 1
    out.write('\n], "stories": [')
    for n, story in enumerate(store.stories()):
        out.write(("," if n else "") + "\n" + json.dumps(story_record(story), ensure_ascii=False))
    out.write('\n], "links": [')
    for n, link in enumerate(store.links()):
        out.write(("," if n else "") + "\n" + json.dumps(link_record(link), ensure_ascii=False))
    out.write("\n]")
    if with_claims:
        _write_claims(store, out)
    rejects = [asdict(r) for r in store.rejects()]
    out.write(', "rejects": ' + json.dumps(rejects, ensure_ascii=False) + "}\n")
    return count


def _write_claims(store: ProvenanceStore, out: IO[str]) -> None:
    """The "claims" key, read from what the claims stage stored (``newstrace claims --all``); nothing is
    extracted here.  ``articles``: per article with claims for its current text, its attributions, quantities
    and hedges; ``stories``: per story of two or more articles, the claim slots of those articles that have
    claims; ``failed``: per article whose extraction failed, the error; ``not_extracted``: the ids of the
    articles whose claims have not been extracted (or were extracted from an earlier version of the text)."""
    out.write(', "claims": {"articles": {')
    failed: dict[str, str | None] = {}
    written = 0
    for result in store.claims_results():
        if result.data is None:
            failed[result.article_id] = result.error
            continue
        data = json.dumps(result.data, ensure_ascii=False)
        out.write(("," if written else "") + "\n" + json.dumps(result.article_id) + ": " + data)
        written += 1
    out.write('\n}, "stories": {')
    stories = [s for s in store.stories() if len(s.article_ids) > 1]
    for n, story in enumerate(stories):
        data = json.dumps(story_claims(store, story.id, extract_missing=False), ensure_ascii=False)
        out.write(("," if n else "") + "\n" + json.dumps(story.id) + ": " + data)
    out.write('\n}, "failed": ' + json.dumps(failed, ensure_ascii=False)
              + ', "not_extracted": ' + json.dumps(store.needing_claims(), ensure_ascii=False) + "}")
