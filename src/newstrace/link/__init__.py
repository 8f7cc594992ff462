"""Link stage: fingerprint new articles, find candidate pairs, verify them and store links.

Candidates come from three indexes kept in the store, so adding articles later
only costs the new articles' lookups:

- LSH bands over MinHash signatures (near-duplicates; bands from the threshold);
- sampled shingles (containment: a short passage copied into a long article);
- key words, names and numbers (reports of one event, translations).

Each candidate pair is checked once: passages are aligned, and pairs that
share no text are compared by multilingual embeddings.
"""

from __future__ import annotations

from collections import Counter, OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from newstrace.errors import UsageError
from newstrace.fingerprint import NUM_PERM, VERSION, Fingerprint, fingerprints
from newstrace.link import classify
from newstrace.link.classify import View
from newstrace.link.embed import reads
from newstrace.link.index import CandidateIndex
from newstrace.link.lsh import bands_for
from newstrace.model import Link
from newstrace.store.base import ProvenanceStore

DEFAULT_THRESHOLD = 0.5
MIN_SHARED_SAMPLES = 2  # sampled shingles two articles must share to be checked for containment
MIN_SHARED_KEYS = 3  # names or numbers two articles must share to be checked as one event
MAX_CANDIDATES = 60  # per new article, the best-supported ones; bounds work in giant clusters
MAX_IDENTICAL = 3  # exact copies linked per new article: more adds nothing but rows
BATCH = 2000
CLOSE_PAIRS_UP_TO = 5000  # articles; above it only indexes propose candidates, so work stays linear
CLOSE_CANDIDATES = 5  # nearest openings checked per new article
VIEW_CACHE = 1000
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
    links: Counter[str] = field(default_factory=Counter)


@dataclass(slots=True)
class Linker:
    store: ProvenanceStore
    threshold: float = DEFAULT_THRESHOLD
    embeddings: bool = True
    on_progress: Callable[[str], None] | None = None
    _views: OrderedDict[str, View] = field(default_factory=OrderedDict)
    _vectors: dict[str, np.ndarray] = field(default_factory=dict)

    def run(self) -> LinkSummary:
        if not 0 < self.threshold < 1:
            raise UsageError(f"--threshold {self.threshold} must be between 0 and 1, e.g. 0.5")
        summary = LinkSummary()
        if self.store.meta(FINGERPRINT_MARK) != VERSION:
            self.store.forget_fingerprints()  # made by another version: their entries would never meet the new ones
            self.store.set_meta(FINGERPRINT_MARK, VERSION)
        pending = self.store.unfingerprinted()
        if not pending:
            return summary
        index, damaged = load_index(self.store, *bands_for(self.threshold, NUM_PERM))
        if damaged:
            self.store.forget_fingerprints(damaged)
            pending += damaged
            summary.repaired = len(damaged)
            self._say(f"{len(damaged)} stored fingerprint(s) could not be read (e.g. {damaged[0]}): made again")
        for start in range(0, len(pending), BATCH):
            chunk = self.store.clean_texts(pending[start:start + BATCH])
            prints = fingerprints(chunk)
            for fp in prints:
                self._remember(fp)
            self.store.put_fingerprints(prints)
            mates = index.mates(index.add_prints(prints), keys=self.embeddings)
            close: dict[str, list[str]] = {}
            if self.embeddings:  # key words only propose same-event pairs, which need embeddings to be judged
                self._embed_batch([fp.article_id for fp in prints if reads(fp.lang)])
                close = self._close([article_id for article_id, _, _ in chunk])
            summary.fingerprinted += len(prints)
            for fp in prints:
                self._link_one(fp, Mates(*mates[fp.article_id], close.get(fp.article_id, [])), summary)
            self._say(f"linked {summary.fingerprinted} of {len(pending)} new articles")
        return summary

    def _say(self, message: str) -> None:
        if self.on_progress:
            self.on_progress(message)

    def _close(self, ids: list[str]) -> dict[str, list[str]]:
        """In a corpus small enough to compare every pair, the articles whose openings read closest to each
        new one: a translation shares no shingles and often too few names to be found otherwise."""
        stored = self.store.embeddings()
        if not 1 < len(stored) <= CLOSE_PAIRS_UP_TO:
            return {}
        others = sorted(stored)
        matrix = np.stack([np.frombuffer(stored[i], dtype=np.float32) for i in others])
        close = {}
        for article_id in ids:
            if article_id not in stored:
                continue
            sims = matrix @ np.frombuffer(stored[article_id], dtype=np.float32)
            ranked = np.argsort(-sims)[:CLOSE_CANDIDATES + 1]
            close[article_id] = [others[k] for k in ranked
                                 if others[k] != article_id and sims[k] >= classify.EVENT_SIMILARITY]
        return close

    def _link_one(self, fp: Fingerprint, found: Mates, summary: LinkSummary) -> None:
        support: Counter[str] = Counter()
        for other, n in found.near.items():
            support[other] += 1000 + n
        for other, n in found.contained.items():
            if n >= MIN_SHARED_SAMPLES:
                support[other] += 100 + n
        for other, n in found.related.items():
            if n >= MIN_SHARED_KEYS:
                support[other] += n
        for other in found.close:
            support[other] += 1
        candidates = [other for other, _ in sorted(support.items(), key=lambda kv: (-kv[1], kv[0]))]
        links: list[Link] = []
        checked: list[tuple[str, str]] = []
        identical = 0
        for other in candidates[:MAX_CANDIDATES]:
            if identical >= MAX_IDENTICAL or self.store.checked(fp.article_id, other):
                continue
            checked.append((fp.article_id, other))
            link = self._check(other, fp.article_id)
            if link is not None:
                links.append(link)
                summary.links[link.kind] += 1
                identical += bool(link.detail.get("identical"))
        summary.pairs_checked += len(checked)
        self.store.put_links(links, checked)

    def _check(self, a_id: str, b_id: str) -> Link | None:
        x, y = self._view(a_id), self._view(b_id)
        if x is None or y is None:
            return None
        link, _ = classify.text_link(x, y)
        if link is not None:
            return link
        return self._event_link(x, y)

    def _event_link(self, x: View, y: View) -> Link | None:
        """No shared text: a rewrite, a translation, or another report of the same event, or nothing."""
        shared_keys = len(x.keys & y.keys)
        same_language = x.lang == y.lang
        few_keys = shared_keys < classify.EVENT_MIN_KEYS
        # names are spelt differently across languages, so a translation may share none; its sentences decide
        if (few_keys and (same_language or not self.embeddings)) or classify.dates_conflict(x, y):
            return None
        if self.embeddings and not (reads(x.lang) and reads(y.lang)):
            return _unread_link(x, y, shared_keys)
        overlap = classify.word_overlap(x, y) if same_language else 0.0
        if same_language and overlap >= classify.REWRITE_WORD_OVERLAP:
            return Link(x.id, y.id, "rewrite", round(overlap, 4), 0.0, 0.0,
                        {"word_overlap": round(overlap, 4), "shared_keys": shared_keys})
        if not self.embeddings:
            return None
        similarity = float(self._vector(x) @ self._vector(y))
        numbers = len(x.numbers & y.numbers)
        event: dict[str, object] = {"similarity": round(similarity, 4), "shared_keys": shared_keys,
                                    "shared_numbers": numbers}
        if similarity < classify.EVENT_SIMILARITY:
            return None
        if not same_language:
            matched, mean = self._sentence_match(x, y)
            event.update(sentences_matched=round(matched, 3), sentence_similarity=round(mean, 4))
            if matched >= classify.TRANSLATION_SENTENCES and mean >= classify.TRANSLATION_MEAN:
                return Link(x.id, y.id, "translation", round(mean, 4), round(matched, 4), round(matched, 4), event)
            if few_keys:
                return None
        credited = classify.credits_each_other(x, y)
        if same_language and credited:
            # the same event, told in other words by a page that names the other's outlet
            event["credits"] = credited
            return Link(x.id, y.id, "rewrite", round(similarity, 4), 0.0, 0.0, event)
        if numbers or similarity >= classify.EVENT_SIMILARITY_WITHOUT_NUMBERS:
            return Link(x.id, y.id, "independent", round(similarity, 4), 0.0, 0.0, event)
        return None

    def _sentence_match(self, x: View, y: View) -> tuple[float, float]:
        """Share of the shorter text's sentences that have a close match in the other, and the mean match."""
        from newstrace.link.embed import embed

        xs, ys = classify.sentences(x.article.clean_text), classify.sentences(y.article.clean_text)
        if not xs or not ys:
            return 0.0, 0.0
        sims = embed(xs) @ embed(ys).T
        best = sims.max(axis=1) if len(xs) <= len(ys) else sims.max(axis=0)
        return float(np.mean(best >= classify.SENTENCE_MATCH)), float(np.mean(best))

    def _remember(self, fp: Fingerprint) -> None:
        """Keep a new article's view: it is about to be compared with its candidates."""
        article = self.store.get(fp.article_id)
        if article is not None:
            self._cache(classify.view(article, fp.lang, fp.keys, fp.weekday))

    def _cache(self, found: View) -> None:
        self._views[found.id] = found
        self._views.move_to_end(found.id)
        if len(self._views) > VIEW_CACHE:
            self._views.popitem(last=False)

    def _view(self, article_id: str) -> View | None:
        if article_id in self._views:
            self._views.move_to_end(article_id)
            return self._views[article_id]
        article = self.store.get(article_id)
        meta = self.store.fingerprint_row(article_id)
        if article is None or meta is None:
            return None
        found = classify.view(article, meta["lang"], meta["keys"], meta.get("weekday"))
        self._cache(found)
        return found

    def _embed_batch(self, ids: list[str]) -> None:
        """Embed new articles' openings in one call: clustering compares stories by their average."""
        from newstrace.link.embed import article_text, embed

        articles = [a for a in (self.store.get(i) for i in ids) if a is not None]
        vectors = embed([article_text(a.title, a.clean_text) for a in articles])
        for article, vector in zip(articles, vectors, strict=True):
            self.store.put_embedding(article.id, vector.tobytes())

    def _vector(self, v: View) -> np.ndarray:
        cached = self._vectors.get(v.id)
        if cached is not None:
            return cached
        meta = self.store.fingerprint_row(v.id)
        if meta and meta["embedding"]:
            vector = np.frombuffer(meta["embedding"], dtype=np.float32)
        else:
            from newstrace.link.embed import article_text, embed

            vector = embed([article_text(v.article.title, v.article.clean_text)])[0]
            self.store.put_embedding(v.id, vector.tobytes())
        if len(self._vectors) > VIEW_CACHE:
            self._vectors.clear()
        self._vectors[v.id] = vector
        return vector


def _unread_link(x: View, y: View, shared_keys: int) -> Link | None:
    """Two reports one of which is in a language the encoder does not read: only the names and numbers
    they share (written alike in most scripts) can say they tell one event."""
    if shared_keys < classify.UNREAD_MIN_KEYS:
        return None
    unread = sorted({lang for lang in (x.lang, y.lang) if lang and not reads(lang)})
    score = shared_keys / max(1, min(len(x.keys), len(y.keys)))
    return Link(x.id, y.id, "independent", round(score, 4), 0.0, 0.0,
                {"shared_keys": shared_keys, "unread_language": unread[0]})


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
