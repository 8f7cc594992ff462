"""Run the stages over inputs: ingest -> clean -> store, then learn outlet boilerplate.

Later stages (fingerprint, link, cluster, trace, claims) plug in after the store.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from newstrace.clean import clean_article
from newstrace.errors import InputError, Reason
from newstrace.ingest import Limits, read_paths
from newstrace.model import Article, Reject
from newstrace.outlets import OutletTable, default_table
from newstrace.store.base import Outcome, Store

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
