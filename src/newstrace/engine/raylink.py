"""The link stage on Ray: fingerprinting, embedding, candidate generation and pair checks run as tasks.

The driver reads the store and writes it; workers get records and give records, so a remote cluster needs
no access to the store.  Per window of batches (``window`` batches of ``config.batch`` articles):

1. one task per batch fingerprints it and embeds its openings (one encoder call a batch, as locally), and
   cuts its index entries by value into ``parts`` partitions;
2. one task per partition adds each batch's entries to its part of the index and looks them up, in batch
   order (``newstrace.engine.partition``): no worker holds the whole index, and the part is handed from
   window to window as a Ray object;
3. the driver sums the partitions' pairs, ranks each article's candidates as the local engine does, and
   lists the pairs to check; long-lived actors, one per worker, judge them in chunks, each holding the
   articles it judged lately (``newstrace.engine.judges``): a chunk goes to the actor holding most of its
   articles, and only those it lacks are read from the store and sent;
4. the driver walks each batch as the local engine does (pairs checked before, at most
   ``max_identical`` exact copies an article) with the verdicts, judges the rare pair the walk needs and no
   task judged, and commits the batch in one transaction.

The next window's fingerprinting and candidate tasks are handed to Ray before this window's pairs are
judged, and a window's pairs are handed to the actors before the window before it is walked and
committed, so workers are not idle while the driver ranks, walks and commits.

So the links are those of the local engine, and a run killed partway resumes from its last committed batch
(the store's unfingerprinted articles, in the same batches).  Tasks are pure: Ray retries one whose worker
died (``max_retries``) and gets the same result; a judging actor that died is restarted empty, says which
articles it lacks, and is sent the chunk again with all of them.  Clustering and tracing then run on the driver
(``newstrace.pipeline.trace``), which holds the links in memory: about 150 bytes a link, so some 300 MB at
a million articles with ~2 links each; beyond what a driver can hold a distributed connected-components
step would be needed, and is not built.

Sentence vectors (for cross-language pairs) are embedded per chunk of pairs, not per part as locally; the
encoder's float16 output can differ in its last bit with what is embedded beside it, so such a pair near a
threshold could be judged differently in principle.  Opening vectors are made in the local engine's batches.
"""

from __future__ import annotations

import os
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from newstrace.config import TraceConfig
from newstrace.engine.judges import Chunk, Judge, Router
from newstrace.engine.partition import Entries, PartState, entries, merged, split, step
from newstrace.engine.work import Item, Printed, fingerprint_batch, judge
from newstrace.errors import UsageError
from newstrace.fingerprint import NUM_PERM, Fingerprint
from newstrace.link import Linker, LinkSummary, Mates, unfingerprinted
from newstrace.link.embed import unpack_vector
from newstrace.link.index import CandidateIndex
from newstrace.link.lsh import bands_for
from newstrace.model import Article, Link
from newstrace.store.base import IndexRow, LinkBatch, ProvenanceStore

RETRIES = 3  # a task whose worker dies is run again this many times


@dataclass(slots=True)
class Timing:
    """Where a Ray link run spent its time (seconds) and what it moved."""

    startup: float = 0.0  # ray.init
    stages: dict[str, float] = field(default_factory=dict)
    shuffle_bytes: int = 0  # index entries sent to partitions
    pairs_sent: int = 0  # pairs judged by tasks
    pairs_on_driver: int = 0  # pairs the walk needed that no task judged
    articles_sent: int = 0  # articles sent to judging actors (the rest they held already)
    sent_again: int = 0  # chunks sent again to an actor that was restarted
    judging: dict[int, float] = field(default_factory=dict)  # CPU seconds each judging actor spent judging

    def add(self, stage: str, seconds: float) -> None:
        self.stages[stage] = self.stages.get(stage, 0.0) + seconds


class RayEngine:
    """``trace --engine ray``: the link stage as Ray tasks.  Without ``address`` Ray starts locally with
    ``workers`` CPUs (the machine's cores by default)."""

    def __init__(self, address: str | None = None, workers: int | None = None, parts: int | None = None,
                 window: int = 8, chunk: int = 400, held: int = 20_000) -> None:
        self.address = address
        self.workers = workers
        self.parts = parts
        self.window = window
        self.chunk = chunk  # pairs a judging call takes at most
        self.held = held  # articles a judging actor holds between calls
        self.timing = Timing()
        self.judges: list[Any] = []

    def start(self) -> Any:
        try:
            import ray
        except ImportError as exc:
            raise UsageError("--engine ray needs Ray: pip install 'newstrace[ray]'") from exc
        if not ray.is_initialized():
            started = time.perf_counter()
            try:
                if self.address:
                    ray.init(address=self.address, log_to_driver=False)
                else:
                    # Ray starts its workers 15 steps nicer than the driver: on a shared machine they then get
                    # little CPU beside other work, though they do most of a trace's (unless the user set it)
                    os.environ.setdefault("RAY_worker_niceness", "0")
                    ray.init(num_cpus=self.workers or os.cpu_count() or 1, include_dashboard=False,
                             log_to_driver=False)
            except (ConnectionError, RuntimeError, ValueError) as exc:
                raise UsageError(f"--engine ray: cannot start or reach Ray at {self.address or 'this machine'} "
                                 f"({exc})") from exc
            self.timing.startup = time.perf_counter() - started
        return ray

    def warm(self, ray: Any, embeddings: bool) -> None:
        """Start every worker and a judging actor per CPU, and load what they import (and the encoder, with
        embeddings), as part of the start-up: otherwise the first window pays it."""
        started = time.perf_counter()
        cpus = int(ray.cluster_resources().get("CPU", 1))
        # no CPU reserved: an actor idles while its pairs are being found, and tasks use the CPUs then
        actor = ray.remote(num_cpus=0, max_restarts=RETRIES, max_task_retries=RETRIES)(Judge)
        self.judges = [actor.remote() for _ in range(cpus)]
        ray.get([ray.remote(_warm).remote(embeddings) for _ in range(cpus)]
                + [judge.ready.remote() for judge in self.judges])
        self.timing.startup += time.perf_counter() - started

    def link(self, store: ProvenanceStore, config: TraceConfig | None = None,
             on_progress: Callable[[str], None] | None = None) -> LinkSummary:
        ray = self.start()
        config = config or TraceConfig()
        if not self.judges:
            self.warm(ray, config.embeddings)
        return _Run(ray, self, store, config, on_progress or (lambda _m: None)).go()


@dataclass(slots=True)
class _Window:
    """A window of batches handed to Ray: its articles, and the refs of what the tasks will give."""

    articles: list[list[Article]]
    firsts: list[int] = field(default_factory=list)  # each batch's first article number
    printed: list[Any] = field(default_factory=list)
    states: list[Any] = field(default_factory=list)  # the index partitions after this window
    found: list[Any] = field(default_factory=list)  # each partition's pairs, per batch


@dataclass(slots=True)
class _Judging:
    """A window whose pairs are with the judging actors: what its walk needs once their verdicts are in."""

    printed_all: list[Printed]
    ranked: list[dict[str, list[str]]]  # per batch, each new article's candidates
    items: dict[str, Item]  # the window's articles and those read for the actors
    chunks: list[Chunk] = field(default_factory=list)
    refs: list[Any] = field(default_factory=list)
    verdicts: dict[tuple[str, str], Link | None] = field(default_factory=dict)
    made: dict[str, bytes] = field(default_factory=dict)  # opening vectors the actors made
    sentences: dict[str, bytes] = field(default_factory=dict)  # sentence vectors the actors made


class _Run:
    def __init__(self, ray: Any, engine: RayEngine, store: ProvenanceStore, config: TraceConfig,
                 say: Callable[[str], None]) -> None:
        self.ray, self.engine, self.store, self.config, self.say = ray, engine, store, config, say
        cpus = int(ray.cluster_resources().get("CPU", 1))
        self.parts = engine.parts or max(2, 2 * cpus)
        self.cpus = cpus
        self.bands, self.rows = bands_for(config.threshold, NUM_PERM)
        self.ids: list[str] = []  # article numbers, as the local index numbers them
        self.timing = engine.timing
        self.fingerprint = ray.remote(max_retries=RETRIES)(_fingerprint_task)
        self.step = ray.remote(num_returns=2, max_retries=RETRIES)(_step_task)
        self.router = Router(len(engine.judges), engine.held)
        self.config_ref = ray.put(config)
        self.fresh = set(range(len(engine.judges)))  # actors not yet called in this run: they drop what they held
        self.uncommitted: dict[str, Item] = {}  # the new articles of the window handed out last

    def go(self) -> LinkSummary:
        store, config = self.store, self.config
        pending = unfingerprinted(store)
        if not pending:
            return LinkSummary()
        old, damaged = self._old_entries()
        if damaged:
            store.forget_fingerprints(damaged)
            pending += damaged
            self.say(f"{len(damaged)} stored fingerprint(s) could not be read (e.g. {damaged[0]}): made again")
        small = config.embeddings and len(self.ids) + len(pending) <= config.close_pairs_up_to
        openings = {i: unpack_vector(v) for i, v in store.embeddings().items()} if small else None
        # ranks candidates and finds close openings exactly as the local engine (it holds no index)
        self.ranker = Linker(CandidateIndex(self.bands, self.rows), config, openings)
        self.summary = self.ranker.summary
        self.summary.repaired = len(damaged)
        batches = [pending[at:at + config.batch] for at in range(0, len(pending), config.batch)]
        windows = [batches[at:at + self.engine.window] for at in range(0, len(batches), self.engine.window)]
        # the next window is fingerprinted and indexed while this one's pairs are judged and committed
        # and a window's pairs are handed to the actors before the window before it is walked and committed
        ahead = self._submit(windows[0], [None] * self.parts, old)
        waiting: _Judging | None = None
        for k in range(len(windows)):
            current = ahead
            if k + 1 < len(windows):
                ahead = self._submit(windows[k + 1], current.states, None)
            judging = self._propose(current)
            if waiting is not None:
                self._settle(waiting, len(pending))
            waiting = judging
        if waiting is not None:
            self._settle(waiting, len(pending))
        return self.summary

    def _old_entries(self) -> tuple[list[list[Any]], list[str]]:
        """The stored fingerprints' entries, cut into partitions and put in the object store a chunk at a time."""
        old: list[list[Any]] = [[] for _ in range(self.parts)]
        damaged: list[str] = []
        for part in self.store.index_rows():
            good = [row for row in part if _readable(row)]
            damaged += [row.article_id for row in part if not _readable(row)]
            if not good:
                continue
            found = entries(len(self.ids), [r.signature for r in good], [r.samples or b"" for r in good],
                            [r.key_hashes or b"" for r in good], self.bands, self.rows)
            self.ids.extend(r.article_id for r in good)
            for p, cut in enumerate(split(found, self.parts)):
                self.timing.shuffle_bytes += cut.nbytes()
                old[p].append(self.ray.put(cut))
        return old, damaged

    def _submit(self, batches: list[list[str]], states: list[Any], old: list[list[Any]] | None) -> _Window:
        """Read a window's articles and hand its fingerprinting and candidate tasks to Ray (not waited for)."""
        started = time.perf_counter()
        window = _Window([self._articles(ids) for ids in batches])
        cut_refs = []
        for found in window.articles:
            window.firsts.append(len(self.ids))
            refs = self.fingerprint.options(num_returns=1 + self.parts).remote(
                found, len(self.ids), self.bands, self.rows, self.parts, self.config.embeddings)
            self.ids.extend(a.id for a in found)
            window.printed.append(refs[0])
            cut_refs.append(refs[1:])
        stepped = [self.step.remote(states[p], self.config.embeddings, len(old[p]) if old else 0,
                                    *(old[p] if old else []), *(cuts[p] for cuts in cut_refs))
                   for p in range(self.parts)]
        window.states = [state for state, _ in stepped]
        window.found = [found for _, found in stepped]
        self.timing.add("read and submit", time.perf_counter() - started)
        return window

    def _propose(self, window: _Window) -> _Judging:
        """Rank the window's candidates and hand its pairs to the judging actors (not waited for).  The
        pairs a window checks all name one of its own new articles, so none of them is among those the
        window before it commits meanwhile."""
        ray = self.ray
        started = time.perf_counter()
        printed_all: list[Printed] = ray.get(window.printed)
        self.timing.shuffle_bytes += sum(_entry_bytes(fp, self.bands) for p in printed_all for fp in p.prints)
        self.timing.add("fingerprint and embed", time.perf_counter() - started)
        started = time.perf_counter()
        found_parts = ray.get(window.found)
        ranked = [self._ranked(printed, first, [found[k] for found in found_parts])
                  for k, (printed, first) in enumerate(zip(printed_all, window.firsts, strict=True))]
        self.timing.add("candidates", time.perf_counter() - started)
        started = time.perf_counter()
        judging = _Judging(printed_all, ranked, self._items(window.articles, printed_all))
        self._hand_out(judging)
        self.uncommitted = {fp.article_id: judging.items[fp.article_id] for p in printed_all for fp in p.prints}
        self.timing.add("pair checks: plan, read, send", time.perf_counter() - started)
        return judging

    def _settle(self, judging: _Judging, total: int) -> None:
        """Take the window's verdicts, then walk and commit its batches in order."""
        started = time.perf_counter()
        self._gather(judging)
        self.timing.add("pair checks: wait", time.perf_counter() - started)
        started = time.perf_counter()
        for printed, order in zip(judging.printed_all, judging.ranked, strict=True):
            self._commit(printed, order, judging)
        self.timing.add("walk and commit", time.perf_counter() - started)
        self.say(f"linked {self.summary.fingerprinted} of {total} new articles, "
                 f"{self.summary.pairs_checked} pairs checked")

    def _articles(self, ids: list[str]) -> list[Article]:
        found = self.store.articles_by_id(ids)
        return [_lean(found[i]) for i in ids if i in found]

    def _ranked(self, printed: Printed, first: int, parts: list[Any]) -> dict[str, list[str]]:
        """Each new article's candidates, best supported first, as ``Linker.propose`` ranks them."""
        # pairs sharing fewer samples or key words than ranking asks for are never ranked: left out in numpy
        mates = merged(parts, self.ids, (1, self.config.min_shared_samples, self.config.min_shared_keys))
        ranker = self.ranker
        if ranker._small:  # the local engine's all-pairs openings, in a small corpus
            for article_id, data in printed.vectors.items():
                ranker._openings[article_id] = unpack_vector(data)
        batch_ids = [fp.article_id for fp in printed.prints]
        close = ranker._close(batch_ids)
        ranked = {}
        for n, article_id in enumerate(batch_ids):
            near, contained, related = mates.get(first + n, (Counter(), Counter(), Counter()))
            ranked[article_id] = ranker._ranked(Mates(near, contained, related, close.get(article_id, [])))
        return ranked

    def _items(self, articles: list[list[Article]], printed_all: list[Printed]) -> dict[str, Item]:
        """What judging needs of the window's new articles (their candidates are read when an actor lacks them)."""
        items: dict[str, Item] = {}
        for found, printed in zip(articles, printed_all, strict=True):
            by_id = {a.id: a for a in found}
            for fp in printed.prints:
                items[fp.article_id] = Item(by_id[fp.article_id], fp.lang, fp.keys, fp.weekday,
                                            printed.vectors.get(fp.article_id))
        return items

    def _read(self, ids: set[str], items: dict[str, Item]) -> set[str]:
        """Read the stored articles of ``ids`` not in ``items`` into it; returns those no longer stored."""
        wanted = sorted(ids - items.keys())
        gone = set()
        for at in range(0, len(wanted), 2000):
            part = wanted[at:at + 2000]
            stored, rows = self.store.articles_by_id(part), self.store.fingerprint_rows(part)
            for i in part:
                if i in stored and i in rows:
                    row = rows[i]
                    items[i] = Item(_lean(stored[i]), row.lang, row.keys, row.weekday, row.embedding)
                else:
                    gone.add(i)
        return gone

    def _hand_out(self, judging: _Judging) -> None:
        """Every pair the walk will likely check (all candidates not checked before, ignoring the cap on
        exact copies), in chunks to the judging actors."""
        printed_all, items = judging.printed_all, judging.items
        done: set[tuple[str, str]] = self.store.checked_pairs([fp.article_id for p in printed_all for fp in p.prints])
        todo: list[tuple[str, str]] = []
        for printed, order in zip(printed_all, judging.ranked, strict=True):
            for fp in printed.prints:
                for other in order[fp.article_id]:
                    pair = (min(fp.article_id, other), max(fp.article_id, other))
                    if pair not in done:
                        done.add(pair)
                        todo.append((other, fp.article_id))
        size = max(20, min(self.engine.chunk, len(todo) // (4 * self.cpus) + 1))
        judging.chunks = self.router.plan(todo, size)
        for i in {i for chunk in judging.chunks for i in chunk.send} & self.uncommitted.keys():
            items[i] = self.uncommitted[i]  # the window before, not committed yet: not in the store to read
        gone = self._read({i for chunk in judging.chunks for i in chunk.send}, items)
        if gone:  # no longer stored: not judged, as the local engine skips them
            self.router.forget(gone)
            for chunk in judging.chunks:
                judging.verdicts.update((pair, None) for pair in chunk.pairs if gone.intersection(pair))
                chunk.pairs = [pair for pair in chunk.pairs if not gone.intersection(pair)]
                chunk.send = [i for i in chunk.send if i not in gone]
        judging.refs = [self._send(chunk, items, chunk.send) for chunk in judging.chunks]
        self.timing.pairs_sent += len(todo)

    def _gather(self, judging: _Judging) -> None:
        items = judging.items
        for chunk, judged in zip(judging.chunks, self.ray.get(judging.refs), strict=True):
            if judged.missing:  # its actor was restarted and holds nothing: sent again with all it names
                self.timing.sent_again += 1
                self.router.restarted(chunk)
                ids = sorted({i for pair in chunk.pairs for i in pair})
                self._read(set(ids), items)
                judged = self.ray.get(self._send(chunk, items, ids, fresh=True))
            self.timing.judging[chunk.actor] = self.timing.judging.get(chunk.actor, 0.0) + judged.seconds
            judging.verdicts.update(zip(chunk.pairs, judged.links, strict=True))
            judging.made.update(judged.vectors)
            judging.sentences.update(judged.sentence_vectors)

    def _send(self, chunk: Chunk, items: dict[str, Item], ids: list[str], fresh: bool = False) -> Any:
        self.timing.articles_sent += len(ids)
        fresh = fresh or chunk.actor in self.fresh
        self.fresh.discard(chunk.actor)
        return self.engine.judges[chunk.actor].judge.remote(self.config_ref, {i: items[i] for i in ids if i in items},
                                                            chunk.pairs, chunk.drop, fresh)

    def _commit(self, printed: Printed, order: dict[str, list[str]], judging: _Judging) -> None:
        """Walk the batch as ``Linker.verify`` does and commit it in one transaction."""
        items, verdicts = judging.items, judging.verdicts
        ids = [fp.article_id for fp in printed.prints]
        done = self.store.checked_pairs(ids)
        links: list[Link] = []
        checked: list[tuple[str, str]] = []
        for fp in printed.prints:
            identical = 0
            for other in order[fp.article_id]:
                pair = (min(fp.article_id, other), max(fp.article_id, other))
                if identical >= self.config.max_identical or pair in done:
                    continue
                done.add(pair)
                checked.append(pair)
                found = self._verdict((other, fp.article_id), items, verdicts)
                if found is not None:
                    links.append(found)
                    identical += found.detail.identical
        vectors = dict(printed.vectors)
        vectors.update({i: v for i, v in judging.made.items() if i in items})
        judging.made.clear()  # stored with the first batch that commits, as the local engine stores them
        sentence_vectors = {i: v for i, v in judging.sentences.items() if i in _involved(checked)}
        for i in sentence_vectors:
            judging.sentences.pop(i)
        self.store.put_link_batch(LinkBatch(printed.prints, vectors, sentence_vectors, links, checked))
        self.summary.fingerprinted += len(printed.prints)
        self.summary.pairs_checked += len(checked)
        self.summary.embedded += len(printed.vectors)
        self.summary.links.update(link.kind.value for link in links)

    def _verdict(self, pair: tuple[str, str], items: dict[str, Item],
                 verdicts: dict[tuple[str, str], Link | None]) -> Link | None:
        if pair in verdicts:
            return verdicts[pair]
        if self._read(set(pair), items):
            return None  # a candidate no longer stored: the local engine skips it too
        self.timing.pairs_on_driver += 1
        judged = judge(self.config, {i: items[i] for i in pair}, [pair])
        return judged.links[0]


def _warm(embeddings: bool) -> None:
    import newstrace.engine.work  # noqa: F401 - what every task imports
    from newstrace.link.embed import embed

    if embeddings:
        embed(["warm"])
    time.sleep(0.5)  # held a moment, so that each warming task lands on a worker of its own


def _step_task(state: PartState | None, keys: bool, olds: int, *chunks: Entries) -> tuple[Any, ...]:
    """``partition.step`` with its entries given one argument each (Ray resolves only arguments' own refs)."""
    return step(state, list(chunks[:olds]), list(chunks[olds:]), keys)


def _fingerprint_task(articles: list[Article], first: int, bands: int, rows: int, parts: int,
                      embeddings: bool) -> tuple[Any, ...]:
    """``fingerprint_batch`` with each partition's entries as an object of its own (``num_returns``)."""
    printed, cuts = fingerprint_batch(articles, first, bands, rows, parts, embeddings)
    return (printed, *cuts)


def _lean(article: Article) -> Article:
    """The article as tasks need it: linking reads the clean text, never the raw page, its text or its cuts,
    which would triple what is sent to workers."""
    return replace(article, raw="", text="", removed=[], line_keys=None)


def _entry_bytes(fp: Fingerprint, bands: int) -> int:
    """What an article's index entries weigh on their way to the partitions: an 8-byte band key or a 4-byte
    sample or key hash, each with a 4-byte article number."""
    return bands * 12 + 2 * len(fp.samples) + 2 * len(fp.key_hashes)


def _involved(pairs: list[tuple[str, str]]) -> set[str]:
    return {i for pair in pairs for i in pair}


def _readable(row: IndexRow) -> bool:
    _, signature, samples, keys = row
    return isinstance(signature, bytes) and len(signature) == NUM_PERM * 4 and \
        all(isinstance(blob, bytes | None) and len(blob or b"") % 4 == 0 for blob in (samples, keys))
