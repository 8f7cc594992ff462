"""Link stage: fingerprint new articles, find candidate pairs, verify them and store links.

Candidates come from three indexes kept in memory and rebuilt from the stored fingerprints, so adding
articles later only costs the new articles' lookups:

- LSH bands over MinHash signatures (near-duplicates; bands from the threshold);
- sampled shingles (containment: a short passage copied into a long article);
- key words, names and numbers (reports of one event, translations).

A batch of new articles is read from the store once; the articles its candidates name are read once more,
together.  Each new article's opening is embedded once, in one encoder call for the batch; sentence vectors
are made only for the articles a cross-language check asks about, again in one call, and stored.  A batch's
fingerprints, vectors, links and checked pairs are committed in one transaction: a killed run leaves whole
batches or none, and a rerun does exactly what the killed one had left to do.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from newstrace.config import TraceConfig
from newstrace.fingerprint import NUM_PERM, VERSION, fingerprints
from newstrace.link import classify
from newstrace.link.classify import Need, View
from newstrace.link.embed import article_text, embed, encodable, pack, reads, sentences, unpack_rows, unpack_vector
from newstrace.link.index import CandidateIndex
from newstrace.link.lsh import bands_for
from newstrace.model import Article, Link
from newstrace.store.base import FingerprintRow, LinkBatch, ProvenanceStore

FINGERPRINT_MARK = "fingerprint_version"  # meta key: the fingerprint VERSION the indexes were built with


class Mates(NamedTuple):
    """What the indexes propose for one new article, with how many entries each candidate shares."""

    near: Counter[str]  # LSH bands
    contained: Counter[str]  # sampled shingles
    related: Counter[str]  # key words, names and numbers
    close: list[str]  # nearest openings by embedding, in a small corpus


@dataclass(slots=True)
class LinkSummary:
    fingerprinted: int = 0
    repaired: int = 0  # stored fingerprints too damaged to read, made again
    pairs_checked: int = 0
    embedded: int = 0  # openings embedded
    sentence_embedded: int = 0  # articles whose sentences were embedded
    links: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class _Known:
    """An article as linking holds it: its view, its opening's vector, its sentences' vectors."""

    view: View
    vector: np.ndarray | None = None  # float16, unit length
    sentences: np.ndarray | None = None  # float16 rows, made when a check asks


@dataclass(slots=True)
class _Pending:
    """What one batch will commit, all at once."""

    vectors: dict[str, bytes] = field(default_factory=dict)
    sentence_vectors: dict[str, bytes] = field(default_factory=dict)
    links: list[Link] = field(default_factory=list)
    checked: list[tuple[str, str]] = field(default_factory=list)


class Linker:
    """Runs the link stage over the articles of a store that have no fingerprint yet."""

    def __init__(self, store: ProvenanceStore, config: TraceConfig | None = None,
                 on_progress: Callable[[str], None] | None = None) -> None:
        self.store = store
        self.config = config or TraceConfig()
        self.on_progress = on_progress
        self._known: OrderedDict[str, _Known] = OrderedDict()
        self._openings: dict[str, np.ndarray] = {}  # every vector, while the corpus is small (close pairs)
        self._small = False  # the corpus is small enough to compare every new opening with every other

    def run(self) -> LinkSummary:
        summary = LinkSummary()
        if self.store.meta(FINGERPRINT_MARK) != VERSION:
            self.store.forget_fingerprints()  # made by another version: their entries would never meet the new ones
            self.store.set_meta(FINGERPRINT_MARK, VERSION)
        pending = self.store.unfingerprinted()
        if not pending:
            return summary
        index, damaged = load_index(self.store, *bands_for(self.config.threshold, NUM_PERM))
        if damaged:
            self.store.forget_fingerprints(damaged)
            pending += damaged
            summary.repaired = len(damaged)
            self._say(f"{len(damaged)} stored fingerprint(s) could not be read (e.g. {damaged[0]}): made again")
        self._small = self.config.embeddings and len(index.ids) + len(pending) <= self.config.close_pairs_up_to
        if self._small:
            self._openings = {i: unpack_vector(v) for i, v in self.store.embeddings().items()}
        for start in range(0, len(pending), self.config.batch):
            self._batch(pending[start:start + self.config.batch], index, summary)
            self._say(f"linked {summary.fingerprinted} of {len(pending)} new articles")
        return summary

    def _say(self, message: str) -> None:
        if self.on_progress:
            self.on_progress(message)

    def _batch(self, ids: list[str], index: CandidateIndex, summary: LinkSummary) -> None:
        articles = self.store.articles_by_id(ids)
        prints = fingerprints([(i, articles[i].clean_text, articles[i].lang) for i in ids if i in articles])
        out = _Pending()
        batch = {fp.article_id: self._remember(articles[fp.article_id], fp.lang, fp.keys, fp.weekday)
                 for fp in prints}
        mates = index.mates(index.add_prints(prints), keys=self.config.embeddings)
        if self.config.embeddings:
            self._embed_openings(list(batch.values()), out, summary)
        close = self._close(list(batch))
        ranked = {fp.article_id: self._ranked(Mates(*mates[fp.article_id], close.get(fp.article_id, [])))
                  for fp in prints}
        self._load({other for others in ranked.values() for other in others}, out, summary)
        done = self.store.checked_pairs(list(batch))
        waiting: list[tuple[str, str]] = []
        for fp in prints:
            identical = 0
            for other in ranked[fp.article_id]:
                pair = (min(fp.article_id, other), max(fp.article_id, other))
                if identical >= self.config.max_identical or pair in done:
                    continue
                done.add(pair)
                out.checked.append(pair)
                found = self._check(other, fp.article_id, None)
                if found is Need.SENTENCES:
                    waiting.append((other, fp.article_id))
                elif found is not None:
                    out.links.append(found)
                    identical += found.detail.identical
        self._finish_waiting(waiting, out, summary)
        summary.fingerprinted += len(prints)
        summary.pairs_checked += len(out.checked)
        summary.links.update(link.kind.value for link in out.links)
        self.store.put_link_batch(LinkBatch(prints, out.vectors, out.sentence_vectors, out.links, out.checked))
        self._trim()

    def _ranked(self, found: Mates) -> list[str]:
        """Candidates, best supported first: a shared LSH band outweighs shared samples, which outweigh
        shared names; at most ``max_candidates``."""
        support: Counter[str] = Counter()
        for other, n in found.near.items():
            support[other] += 1000 + n
        for other, n in found.contained.items():
            if n >= self.config.min_shared_samples:
                support[other] += 100 + n
        for other, n in found.related.items():
            if n >= self.config.min_shared_keys:
                support[other] += n
        for other in found.close:
            support[other] += 1
        ranked = sorted(support.items(), key=lambda kv: (-kv[1], kv[0]))
        return [other for other, _ in ranked[:self.config.max_candidates]]

    def _check(self, a_id: str, b_id: str, matched: classify.SentenceMatch | None) -> Link | Need | None:
        x, y = self._known.get(a_id), self._known.get(b_id)
        if x is None or y is None:
            return None
        link, _ = classify.text_link(x.view, y.view)
        if link is not None:
            return link
        return classify.event_link(x.view, y.view, self.config.embeddings, _cosine(x.vector, y.vector), matched)

    def _finish_waiting(self, waiting: list[tuple[str, str]], out: _Pending, summary: LinkSummary) -> None:
        """Cross-language pairs whose openings read alike: their sentences decide, embedded once per article."""
        if not waiting:
            return
        self._embed_sentences({i for pair in waiting for i in pair}, out, summary)
        for a_id, b_id in waiting:
            xs, ys = self._known[a_id].sentences, self._known[b_id].sentences
            matched = classify.sentence_match(_rows(xs), _rows(ys))
            found = self._check(a_id, b_id, matched)
            if isinstance(found, Link):
                out.links.append(found)

    def _remember(self, article: Article, lang: str | None, keys: Iterable[str], weekday: int | None,
                  vector: np.ndarray | None = None) -> _Known:
        known = _Known(classify.view(article, lang, list(keys), weekday), vector)
        self._known[article.id] = known
        self._known.move_to_end(article.id)
        return known

    def _trim(self) -> None:
        """Between batches, keep the most recently used articles only (within a batch every one is needed)."""
        while len(self._known) > self.config.view_cache:
            self._known.popitem(last=False)

    def _load(self, ids: set[str], out: _Pending, summary: LinkSummary) -> None:
        """Candidates not held in memory: their texts and fingerprints in two reads, then any opening
        that has no vector yet (stored by an earlier run without embeddings) embedded in one call."""
        for article_id in ids & self._known.keys():
            self._known.move_to_end(article_id)
        missing = sorted(ids - self._known.keys())
        if not missing:
            return
        articles = self.store.articles_by_id(missing)
        rows = self.store.fingerprint_rows(missing)
        loaded = [self._remember(articles[i], rows[i].lang, rows[i].keys, rows[i].weekday, _vector(rows[i]))
                  for i in missing if i in articles and i in rows]
        if self.config.embeddings:
            self._embed_openings([k for k in loaded if k.vector is None], out, summary)

    def _embed_openings(self, items: list[_Known], out: _Pending, summary: LinkSummary) -> None:
        todo = [k for k in items if reads(k.view.lang) and encodable(_opening(k.view.article))]
        vectors = embed([_opening(k.view.article) for k in todo]).astype(np.float16)
        for known, vector in zip(todo, vectors, strict=True):
            known.vector = vector
            out.vectors[known.view.id] = pack(vector)
            if self._small:
                self._openings[known.view.id] = vector
        summary.embedded += len(todo)

    def _embed_sentences(self, ids: set[str], out: _Pending, summary: LinkSummary) -> None:
        need = sorted(i for i in ids if self._known[i].sentences is None)
        stored = self.store.sentence_vectors(need)
        texts: dict[str, list[str]] = {}
        for article_id in need:
            if article_id in stored:
                self._known[article_id].sentences = unpack_rows(stored[article_id])
            else:
                texts[article_id] = sentences(self._known[article_id].view.article.clean_text)
        flat = embed([s for found in texts.values() for s in found]).astype(np.float16)
        at = 0
        for article_id, found in texts.items():
            rows = flat[at:at + len(found)]
            at += len(found)
            self._known[article_id].sentences = rows
            out.sentence_vectors[article_id] = pack(rows)
        summary.sentence_embedded += len(texts)

    def _close(self, ids: list[str]) -> dict[str, list[str]]:
        """In a corpus small enough to compare every pair, the articles whose openings read closest to each
        new one: a translation shares no shingles and often too few names to be found otherwise."""
        if not 1 < len(self._openings) <= self.config.close_pairs_up_to:
            if len(self._openings) > self.config.close_pairs_up_to:
                self._small = False  # grown past the limit: only the indexes propose candidates from now on
                self._openings.clear()
            return {}
        others = sorted(self._openings)
        matrix = np.stack([self._openings[i] for i in others]).astype(np.float32)
        close = {}
        for article_id in ids:
            if article_id not in self._openings:
                continue
            sims = matrix @ self._openings[article_id].astype(np.float32)
            ranked = np.argsort(-sims)[:self.config.close_candidates + 1]
            close[article_id] = [others[k] for k in ranked
                                 if others[k] != article_id and sims[k] >= classify.EVENT_SIMILARITY]
        return close


def _opening(article: Article) -> str:
    return article_text(article.title, article.clean_text)


def _vector(row: FingerprintRow) -> np.ndarray | None:
    return unpack_vector(row.embedding) if row.embedding else None


def _rows(vectors: np.ndarray | None) -> np.ndarray:
    return vectors if vectors is not None else np.zeros((0, 1), dtype=np.float16)


def _cosine(x: np.ndarray | None, y: np.ndarray | None) -> float | None:
    if x is None or y is None:
        return None
    return float(x.astype(np.float32) @ y.astype(np.float32))


def load_index(store: ProvenanceStore, bands: int, rows: int) -> tuple[CandidateIndex, list[str]]:
    """The candidate index over every article fingerprinted so far, read back from the store, and the ids
    of fingerprint rows too damaged to read (a signature of the wrong length, a blob cut mid-value)."""
    index = CandidateIndex(bands, rows)
    damaged: list[str] = []
    for part in store.index_rows():
        good = [row for row in part if _readable(row)]
        damaged += [row[0] for row in part if not _readable(row)]
        if good:
            index.add([row[0] for row in good], [row[1] for row in good], [row[2] or b"" for row in good],
                      [row[3] or b"" for row in good])
    return index, damaged


def _readable(row: tuple[str, bytes, bytes, bytes]) -> bool:
    _, signature, samples, keys = row
    return isinstance(signature, bytes) and len(signature) == NUM_PERM * 4 and \
        all(isinstance(blob, bytes | None) and len(blob or b"") % 4 == 0 for blob in (samples, keys))


__all__ = ["FINGERPRINT_MARK", "LinkSummary", "Linker", "Mates", "load_index"]
