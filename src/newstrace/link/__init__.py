"""Link stage: fingerprint new articles, find candidate pairs, verify them and store links.

Candidates come from three indexes kept in memory and rebuilt from the stored fingerprints, so adding
articles later only costs the new articles' lookups:

- LSH bands over MinHash signatures (near-duplicates; bands from the threshold);
- sampled shingles (containment: a short passage copied into a long article);
- key words, names and numbers (reports of one event, translations).

The stage opens no store: ``Linker`` takes records and gives records, and the driver
(``newstrace.pipeline.link``) reads what each step asks for and writes each batch once:

1. ``propose``: the batch's new articles in; their fingerprints, opening vectors (one encoder call) and
   ranked candidates out;
2. for each part of the batch, ``unknown`` names the part's candidates not held in memory; ``verify`` takes
   their articles and fingerprint rows and the pairs checked before, aligns and judges each pair, and keeps
   cross-language pairs whose openings read alike waiting for their sentences; ``settle`` takes the stored
   sentence vectors of the waiting pairs' articles, embeds the rest in one call and judges those pairs;
3. ``finish``: the whole batch (fingerprints, vectors, links, checked pairs) out, for the driver to commit in
   one transaction.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from newstrace.config import TraceConfig
from newstrace.fingerprint import NUM_PERM, VERSION, Fingerprint, fingerprints
from newstrace.link import classify
from newstrace.link.align import Alignment
from newstrace.link.classify import Need, View
from newstrace.link.embed import embed, embed_openings, pack, sentences, unpack_rows, unpack_vector
from newstrace.link.eventmodel import EventModel, in_use
from newstrace.link.features import pair_features
from newstrace.link.index import CandidateIndex
from newstrace.model import Article, Link, LinkDetail
from newstrace.store.base import FingerprintRow, IndexRow, LinkBatch, ProvenanceStore

# Given every judged pair (a, b), the verdict and the pair's features: how the pair model's data is gathered.
PairRecorder = Callable[[str, str, "Link | None", np.ndarray], None]
FINGERPRINT_MARK = "fingerprint_version"  # meta key: the fingerprint VERSION the indexes were built with


def unfingerprinted(store: ProvenanceStore) -> list[str]:
    """The articles to fingerprint and link.  Fingerprints of another VERSION are dropped first: their index
    entries would never meet the new ones."""
    if store.meta(FINGERPRINT_MARK) != VERSION:
        store.forget_fingerprints()
        store.set_meta(FINGERPRINT_MARK, VERSION)
    return store.unfingerprinted()


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


@dataclass(slots=True)
class Proposal:
    """Step 1 of a batch: what the indexes and openings propose for its new articles."""

    prints: list[Fingerprint]
    ranked: dict[str, list[str]]  # new article -> candidates, best supported first
    out: _Pending
    done: set[tuple[str, str]] | None = None  # pairs compared before or in this batch, once verifying starts

    def parts(self, size: int) -> list[list[Fingerprint]]:
        """The new articles in parts, verified one after another so that only one part's candidates are held."""
        return [self.prints[at:at + size] for at in range(0, len(self.prints), size)]


@dataclass(slots=True)
class Verified:
    """Step 2, for one part: pairs judged, and the cross-language pairs waiting for their sentences."""

    proposal: Proposal
    waiting: list[tuple[str, str, Alignment | None]]  # with the alignment already made of the pair
    need_sentences: list[str]  # articles of waiting pairs without sentence vectors in memory


class Linker:
    """The link stage over records: holds the candidate index and recently used articles between batches.

    Per batch: ``propose`` once; then for each of its parts ``unknown`` (the candidates to read), ``verify``
    and ``settle``; then ``finish`` gives the batch to commit.
    """

    def __init__(self, index: CandidateIndex, config: TraceConfig | None = None,
                 openings: dict[str, np.ndarray] | None = None, event_model: EventModel | None = None) -> None:
        """``openings``: every stored opening vector, when the corpus is small enough that each new opening
        is compared with all (``close_pairs_up_to``); ``None`` otherwise.  ``event_model`` replaces the
        shipped same-event model (used with embeddings on and ``config.event_model``)."""
        self.index = index
        self.config = config or TraceConfig()
        self._known: OrderedDict[str, _Known] = OrderedDict()
        self._small = self.config.embeddings and openings is not None
        self._openings: dict[str, np.ndarray] = dict(openings or {})
        self.summary = LinkSummary()
        self.event_model = in_use(self.config, event_model)
        # called with every judged pair, its verdict and its features (newstrace.link.features): for training
        self.recorder: PairRecorder | None = None

    def propose(self, articles: list[Article]) -> Proposal:
        prints = fingerprints([(a.id, a.clean_text, a.lang) for a in articles])
        by_id = {a.id: a for a in articles}
        out = _Pending()
        batch = [self._remember(by_id[fp.article_id], fp.lang, fp.keys, fp.weekday) for fp in prints]
        mates = self.index.mates(self.index.add_prints(prints), keys=self.config.embeddings)
        if self.config.embeddings:
            self._embed_openings(batch, out)
        close = self._close([fp.article_id for fp in prints])
        ranked = {fp.article_id: self._ranked(Mates(*mates[fp.article_id], close.get(fp.article_id, [])))
                  for fp in prints}
        return Proposal(prints, ranked, out)

    def unknown(self, proposal: Proposal, part: list[Fingerprint]) -> list[str]:
        """The candidates of ``part`` not held in memory: the driver reads their articles and fingerprint rows."""
        wanted = {other for fp in part for other in proposal.ranked[fp.article_id]}
        for article_id in wanted & self._known.keys():
            self._known.move_to_end(article_id)
        return sorted(wanted - self._known.keys())

    def verify(self, proposal: Proposal, part: list[Fingerprint], articles: dict[str, Article],
               rows: dict[str, FingerprintRow], checked: set[tuple[str, str]]) -> Verified:
        """``articles`` and ``rows``: the part's unknown candidates; ``checked``: pairs compared before."""
        loaded = [self._remember(article, rows[i].lang, rows[i].keys, rows[i].weekday, _vector(rows[i]))
                  for i, article in sorted(articles.items()) if i in rows and i not in self._known]
        if self.config.embeddings:  # openings stored by an earlier run without embeddings
            self._embed_openings([k for k in loaded if k.vector is None], proposal.out)
        if proposal.done is None:
            proposal.done = set(checked)
        done = proposal.done
        waiting: list[tuple[str, str, Alignment | None]] = []
        for fp in part:
            identical = 0
            for other in proposal.ranked[fp.article_id]:
                pair = (min(fp.article_id, other), max(fp.article_id, other))
                if identical >= self.config.max_identical or pair in done:
                    continue
                done.add(pair)
                proposal.out.checked.append(pair)
                found, al = self._check(other, fp.article_id)
                if found is Need.SENTENCES:
                    waiting.append((other, fp.article_id, al))
                elif found is not None:
                    proposal.out.links.append(found)
                    identical += found.detail.identical
        need = sorted({i for a, b, _ in waiting for i in (a, b) if self._known[i].sentences is None})
        return Verified(proposal, waiting, need)

    def settle(self, verified: Verified, stored_sentences: dict[str, bytes]) -> None:
        """Judge the part's waiting pairs (``stored_sentences``: what the store holds for ``need_sentences``),
        then let go of candidates beyond the cache; the batch's own articles stay held until it is finished."""
        out = verified.proposal.out
        self._embed_sentences(verified.need_sentences, stored_sentences, out)
        for a_id, b_id, al in verified.waiting:
            x, y = self._known[a_id], self._known[b_id]
            found = self._event(x, y, al, classify.sentence_match(_rows(x.sentences), _rows(y.sentences)))
            if isinstance(found, Link):
                out.links.append(found)
        self._trim({fp.article_id for fp in verified.proposal.prints})

    def finish(self, proposal: Proposal) -> LinkBatch:
        """The batch to commit in one transaction."""
        out = proposal.out
        self.summary.fingerprinted += len(proposal.prints)
        self.summary.pairs_checked += len(out.checked)
        self.summary.links.update(link.kind.value for link in out.links)
        self._trim(set())
        return LinkBatch(proposal.prints, out.vectors, out.sentence_vectors, out.links, out.checked)

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

    def _check(self, a_id: str, b_id: str) -> tuple[Link | Need | None, Alignment | None]:
        """A pair judged on its shared text, or else as two reports of one event; and its alignment."""
        x, y = self._known.get(a_id), self._known.get(b_id)
        if x is None or y is None:
            return None, None
        link, al = classify.text_link(x.view, y.view)
        if link is None:
            return self._event(x, y, al, None), al
        return self._judged(x, y, link, al, None), al

    def _event(self, x: _Known, y: _Known, al: Alignment | None,
               matched: classify.SentenceMatch | None) -> Link | Need | None:
        found = classify.event_link(x.view, y.view, self.config.embeddings, _cosine(x.vector, y.vector), matched)
        if found is Need.SENTENCES:
            return found
        return self._judged(x, y, found, al, matched)

    def _judged(self, x: _Known, y: _Known, found: Link | None, al: Alignment | None,
                matched: classify.SentenceMatch | None) -> Link | None:
        """The rules' verdict with the event model's probability on it; a pair the rules left unlinked is
        linked as another report of the event when the model is sure enough (its ``floor``)."""
        if self.recorder is None and self.event_model is None:
            return found
        cosine = _cosine(x.vector, y.vector)
        features = pair_features(x.view, y.view, al, cosine, matched)
        if self.recorder is not None:
            self.recorder(x.view.id, y.view.id, found, features)
        if self.event_model is None:
            return found
        p = round(self.event_model.probability(features), 4)
        link = self.event_model.judged(x.view.id, y.view.id, found, p)
        if found is None and link is not None:
            link.detail = LinkDetail(shared_keys=len(x.view.keys & y.view.keys),
                                     shared_numbers=len(x.view.numbers & y.view.numbers),
                                     similarity=round(cosine, 4) if cosine is not None else None)
        return link

    def _remember(self, article: Article, lang: str | None, keys: Iterable[str], weekday: int | None,
                  vector: np.ndarray | None = None) -> _Known:
        known = _Known(classify.view(article, lang, list(keys), weekday), vector)
        self._known[article.id] = known
        self._known.move_to_end(article.id)
        return known

    def _trim(self, keep: set[str]) -> None:
        """Hold at most ``view_cache`` articles besides ``keep``, the least recently used let go first."""
        excess = len(self._known) - len(keep) - self.config.view_cache
        for article_id in list(self._known):
            if excess <= 0:
                break
            if article_id not in keep:
                del self._known[article_id]
                excess -= 1

    def _embed_openings(self, items: list[_Known], out: _Pending) -> None:
        made = embed_openings((k, k.view.lang, k.view.article) for k in items)
        for known, vector in made:
            known.vector = vector
            out.vectors[known.view.id] = pack(vector)
            if self._small:
                self._openings[known.view.id] = vector
        self.summary.embedded += len(made)

    def _embed_sentences(self, need: list[str], stored: dict[str, bytes], out: _Pending) -> None:
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
        self.summary.sentence_embedded += len(texts)

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
        new = [i for i in ids if i in self._openings]
        if not new:
            return {}
        # one matrix product for the batch; each row ranked as before
        table = np.stack([self._openings[i] for i in new]).astype(np.float32) @ matrix.T
        close = {}
        for article_id, sims in zip(new, table, strict=True):
            ranked = np.argsort(-sims)[:self.config.close_candidates + 1]
            close[article_id] = [others[k] for k in ranked
                                 if others[k] != article_id and sims[k] >= classify.EVENT_SIMILARITY]
        return close


def _vector(row: FingerprintRow) -> np.ndarray | None:
    return unpack_vector(row.embedding) if row.embedding else None


def _rows(vectors: np.ndarray | None) -> np.ndarray:
    return vectors if vectors is not None else np.zeros((0, 1), dtype=np.float16)


def _cosine(x: np.ndarray | None, y: np.ndarray | None) -> float | None:
    if x is None or y is None:
        return None
    return float(x.astype(np.float32) @ y.astype(np.float32))


def build_index(parts: Iterable[list[IndexRow]], bands: int, rows: int) -> tuple[CandidateIndex, list[str]]:
    """The candidate index over stored fingerprint rows (id, signature, samples, key hashes), given a chunk
    at a time, and the ids of rows too damaged to read (a signature of the wrong length, a blob cut mid-value)."""
    index = CandidateIndex(bands, rows)
    damaged: list[str] = []
    for part in parts:
        good = [row for row in part if _readable(row)]
        damaged += [row.article_id for row in part if not _readable(row)]
        if good:
            index.add([row.article_id for row in good], [row.signature for row in good],
                      [row.samples or b"" for row in good], [row.key_hashes or b"" for row in good])
    return index, damaged


def _readable(row: IndexRow) -> bool:
    _, signature, samples, keys = row
    return isinstance(signature, bytes) and len(signature) == NUM_PERM * 4 and \
        all(isinstance(blob, bytes | None) and len(blob or b"") % 4 == 0 for blob in (samples, keys))


__all__ = ["FINGERPRINT_MARK", "LinkSummary", "Linker", "Mates", "PairRecorder", "Proposal", "Verified", "build_index",
           "unfingerprinted"]
