"""The driver: runs the stages in order over records read from the store, and writes what they find.

``ingest`` -> ``trace`` (link, cluster, trace) -> ``run_claims``, in that order (``newstrace ingest --trace
--claims`` runs all three).

``ingest``: read -> clean -> store, then learn outlet boilerplate.  ``trace``: fingerprint and link the new
articles (the link stage commits a batch at a time), then read every article's facts, links and vectors
once, group them into stories (``newstrace.cluster``), place each article in its story
(``newstrace.trace``) and write the stories once.  The stages themselves open no store.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np

from newstrace.claims.article import rebuild
from newstrace.claims.compare import compare
from newstrace.claims.stage import Extractor, extract_all
from newstrace.clean import boilerplate_keys, clean_article
from newstrace.cluster import KeptApart, Member, stories
from newstrace.config import TraceConfig
from newstrace.dates import when
from newstrace.errors import ClaimsError, InputError, Reason
from newstrace.fingerprint import NUM_PERM
from newstrace.ingest import Limits, read_paths
from newstrace.link import Linker, LinkSummary, PairRecorder, build_index, unfingerprinted
from newstrace.link.embed import unpack_vector
from newstrace.link.eventmodel import EventModel, in_use
from newstrace.link.lsh import bands_for
from newstrace.model import Article, Placement, Reject, Story
from newstrace.outlets import OutletTable, default_table
from newstrace.relations import Page as RelationPage
from newstrace.relations import RelationModel
from newstrace.relations import shipped as shipped_relations
from newstrace.store.base import Outcome, ProvenanceStore, Store
from newstrace.trace import Facts, stored_model_pages, trace_stories

DEFAULT_BATCH = 500
# A line is outlet boilerplate once it is in this many of an outlet's articles, and in this share of them.
BOILERPLATE_MIN_ARTICLES = 3
BOILERPLATE_MIN_SHARE = 0.5
# How many rejects a summary keeps to show; all of them are in the store.
MAX_REJECT_SAMPLES = 50


@dataclass(slots=True)
class Summary:
    """Counts of one run: what was stored, skipped as already there, or rejected and why."""

    stored: int = 0
    updated: int = 0
    duplicates: int = 0
    rejected: Counter[str] = field(default_factory=Counter)
    recleaned: int = 0
    reject_samples: list[Reject] = field(default_factory=list)

    @property
    def total_rejected(self) -> int:
        return sum(self.rejected.values())

    def line(self) -> str:
        text = f"stored {self.stored}, updated {self.updated}, duplicates {self.duplicates}, " \
               f"rejected {self.total_rejected}"
        if self.rejected:
            text += " (" + ", ".join(f"{reason} {n}" for reason, n in sorted(self.rejected.items())) + ")"
        if self.recleaned:
            text += f"; recleaned {self.recleaned} for outlet boilerplate"
        return text


OnBatch = Callable[[Summary, list[str]], None]


def ingest(paths: Iterable[str | Path], store: Store, *, table: OutletTable | None = None,
           limits: Limits | None = None, batch_size: int = DEFAULT_BATCH, on_batch: OnBatch | None = None,
           learn_boilerplate: bool = True) -> Summary:
    """Read, clean and store everything under ``paths``.

    ``on_batch`` is called after each commit with the ids just committed: only
    then are they reported as stored.
    """
    table = table or default_table()
    summary = Summary()
    fill_line_keys(store)
    known = store.boilerplate(BOILERPLATE_MIN_ARTICLES, BOILERPLATE_MIN_SHARE)
    articles: list[Article] = []
    rejects: list[Reject] = []

    def flush() -> None:
        outcomes = store.put_articles(articles)
        store.put_rejects(rejects)
        for outcome in outcomes:
            _count(summary, outcome)
        summary.rejected.update(r.reason for r in rejects)
        summary.reject_samples.extend(rejects[:MAX_REJECT_SAMPLES - len(summary.reject_samples)])
        if on_batch:
            on_batch(summary, [a.id for a, o in zip(articles, outcomes, strict=True) if o != Outcome.DUPLICATE])
        articles.clear()
        rejects.clear()

    for record in read_paths(paths, table, limits):
        if isinstance(record, Reject):
            rejects.append(record)
        else:
            cleaned = _clean(record, known.get(record.outlet or "", set()), table)
            (rejects if isinstance(cleaned, Reject) else articles).append(cleaned)  # type: ignore[arg-type]
        if len(articles) + len(rejects) >= batch_size:
            flush()
    flush()
    if learn_boilerplate:
        summary.recleaned = relearn_boilerplate(store, table, known)
    return summary


def fill_line_keys(store: Store, batch_size: int = DEFAULT_BATCH) -> int:
    """Give the line keys to articles stored before the store kept them, so that an update can uncount the
    old version's lines.  They are computed from the stored clean text and cuts, as the store then counted
    them; a store with none missing costs one indexed query.  Returns how many were filled."""
    done = 0
    while legacy := store.missing_line_keys(batch_size):
        done += store.replace_cleaning(
            [replace(a, line_keys=tuple(sorted(boilerplate_keys(a)))) for a in legacy])
    return done


def relearn_boilerplate(store: Store, table: OutletTable | None = None,
                        known: dict[str, set[str]] | None = None) -> int:
    """Reclean the articles of every outlet whose learned boilerplate lines changed."""
    table = table or default_table()
    known = known or {}
    learned = store.boilerplate(BOILERPLATE_MIN_ARTICLES, BOILERPLATE_MIN_SHARE)
    done = 0
    for outlet in sorted(set(learned) | set(known)):
        keys = learned.get(outlet, set())
        if keys == known.get(outlet, set()):
            continue
        recleaned = [clean_article(a, keys, table) for a in store.articles(outlet=outlet)]
        done += store.replace_cleaning(recleaned)
    return done


def _clean(article: Article, boilerplate: set[str], table: OutletTable) -> Article | Reject:
    try:
        return clean_article(article, boilerplate, table)
    except Exception as exc:  # a cleaning bug must not stop the run; the item is kept as a reject
        error = InputError(article.source or article.id, Reason.CLEAN_FAILED, detail=f"{type(exc).__name__}: {exc}")
        return Reject(error.item, error.reason.value, error.message)


def _count(summary: Summary, outcome: Outcome) -> None:
    if outcome is Outcome.STORED:
        summary.stored += 1
    elif outcome is Outcome.UPDATED:
        summary.updated += 1
    else:
        summary.duplicates += 1


# --- trace: link -> cluster -> trace, reading the store once and writing each stage's results once ----------


@dataclass(slots=True)
class TraceSummary:
    linked: LinkSummary
    stories: int = 0
    multi_article_stories: int = 0
    relations: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def line(self) -> str:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.linked.links.items())) or "none"
        repaired = f" ({self.linked.repaired} damaged, made again)" if self.linked.repaired else ""
        return (f"fingerprinted {self.linked.fingerprinted}{repaired}, pairs checked {self.linked.pairs_checked}, "
                f"new links: {kinds}; {self.stories} stories ({self.multi_article_stories} with 2+ articles) "
                f"in {self.seconds:.1f}s")


def link(store: ProvenanceStore, config: TraceConfig | None = None, on_progress: Callable[[str], None] | None = None,
         recorder: PairRecorder | None = None, event_model: EventModel | None = None) -> LinkSummary:
    """Fingerprint and link the articles not linked yet, a batch at a time: each batch is read once, its
    candidates once, and its fingerprints, vectors and links written in one transaction.  ``recorder`` is
    given every judged pair with its features (to train the pair model); ``event_model`` replaces the
    shipped same-event model."""
    config = config or TraceConfig()
    say = on_progress or (lambda _message: None)
    pending = unfingerprinted(store)
    if not pending:
        return LinkSummary()
    index, damaged = build_index(store.index_rows(), *bands_for(config.threshold, NUM_PERM))
    if damaged:
        store.forget_fingerprints(damaged)
        pending += damaged
        say(f"{len(damaged)} stored fingerprint(s) could not be read (e.g. {damaged[0]}): made again")
    small = config.embeddings and len(index.ids) + len(pending) <= config.close_pairs_up_to
    openings = {i: unpack_vector(v) for i, v in store.embeddings().items()} if small else None
    linker = Linker(index, config, openings, event_model)
    linker.recorder = recorder
    linker.summary.repaired = len(damaged)
    for start in range(0, len(pending), config.batch):
        ids = pending[start:start + config.batch]
        articles = store.articles_by_id(ids)
        proposal = linker.propose([articles[i] for i in ids if i in articles])
        checked = store.checked_pairs(ids)
        for part in proposal.parts(config.verify_part):
            unknown = linker.unknown(proposal, part)
            verified = linker.verify(proposal, part, store.articles_by_id(unknown), store.fingerprint_rows(unknown),
                                     checked)
            linker.settle(verified, store.sentence_vectors(verified.need_sentences))
        store.put_link_batch(linker.finish(proposal))
        say(f"linked {linker.summary.fingerprinted} of {len(pending)} new articles")
    return linker.summary


# runs the link stage over a store: ``link`` here, or another engine's (newstrace.engine)
LinkStage = Callable[[ProvenanceStore, TraceConfig, Callable[[str], None] | None], LinkSummary]


def trace(store: ProvenanceStore, config: TraceConfig | None = None, *, threshold: float | None = None,
          embeddings: bool | None = None, on_progress: Callable[[str], None] | None = None,
          relation_model: RelationModel | None = None, linker: LinkStage | None = None,
          event_model: EventModel | None = None) -> TraceSummary:
    """Link the new articles, regroup all into stories and trace each story's origin.

    ``threshold`` and ``embeddings`` override the fields of ``config`` (``TraceConfig()`` by default);
    ``relation_model`` replaces the shipped one (when ``config.relation_model`` is on); ``linker`` runs the
    link stage instead of ``link`` (``newstrace.engine.raylink.RayEngine.link``: the same links, on Ray);
    ``event_model`` replaces the shipped same-event model (with the local link stage only).
    """
    config = config or TraceConfig()
    if threshold is not None or embeddings is not None:
        config = replace(config, threshold=config.threshold if threshold is None else threshold,
                         embeddings=config.embeddings if embeddings is None else embeddings)
    started = time.perf_counter()
    if linker is None:
        summary = TraceSummary(link(store, config, on_progress, event_model=event_model))
    else:
        summary = TraceSummary(linker(store, config, on_progress))
    chosen = in_use(config, event_model)
    cut = chosen.cut if chosen is not None else None
    facts = _facts(store)
    members = _members(facts, store.weekdays())
    links = store.links()
    apart: list[KeptApart] = []

    def vectors(ids: set[str] | None) -> dict[str, np.ndarray]:  # read only those the story stage asks for
        return {i: unpack_vector(v) for i, v in store.embeddings(ids).items()}

    story_of = stories(members, links, vectors, apart, cut)
    del members

    def counted() -> Iterator[tuple[Story, list[Placement]]]:
        model = (relation_model or shipped_relations()) if config.relation_model else None
        for story, placed in trace_stories(story_of, facts, links, apart, config, model):
            summary.stories += 1
            summary.multi_article_stories += len(placed) > 1
            summary.relations.update(p.relation.value for p in placed)
            yield story, placed

    store.put_stories(counted())
    summary.seconds = time.perf_counter() - started
    return summary


def _facts(store: ProvenanceStore) -> dict[str, Facts]:
    return {f.id: Facts.of(f.id, f.order, f.outlet, f.published, f.credits, f.lang) for f in store.article_facts()}


def _members(facts: dict[str, Facts], weekdays: dict[str, int]) -> dict[str, Member]:
    return {i: Member(f.order, when(f.published, weekdays.get(i)), f.lang) for i, f in facts.items()}


def story_members(store: ProvenanceStore) -> dict[str, Member]:
    """What the story stage knows of every stored article (its order and dates): to refit the event model
    (newstrace.link.eventmodel) on labelled pages and choose its cut."""
    return _members(_facts(store), store.weekdays())


def relation_pages(store: ProvenanceStore) -> list[RelationPage]:
    """What the relation model reads of every placed article of a traced store (to train it on labelled pages;
    trace the store with ``TraceConfig(relation_model=False)`` first, so the relations read are the rules')."""
    return stored_model_pages(store.placements(), _facts(store), store.links())


# --- claims: the claims stage over the store's articles, and reading what it stored --------------------------

CLAIMS_BATCH = 50  # articles extracted between writes: a killed run keeps all but the batch it was in


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


def run_claims(store: ProvenanceStore, retry_failed: bool = False, batch_size: int = CLAIMS_BATCH,
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
