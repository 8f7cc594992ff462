"""Candidate indexes held in memory as sorted numpy arrays, rebuilt from the store at the start of a run.

Three kinds of entry point from a new article to older ones: LSH band keys (near-duplicates),
sampled shingles (a passage copied into a longer text) and key words (reports of one event).
Each kind is a `Postings`: (value, article number) pairs sorted by value, so a batch of lookups is
two ``searchsorted`` calls instead of one SQL query per article. That is what makes the candidate
stage fast (docs/benchmarks.md): SQLite spent about a microsecond per index row written and read.

The store keeps each article's signature, samples and key hashes in its fingerprint row; loading
them back costs one read of that table. A sample or key is 4 bytes plus a 4-byte article number,
a band key 8 plus 4: about 1 KB per 600-word article.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from newstrace.fingerprint import Fingerprint
from newstrace.link.lsh import band_key_matrix

# Entries shared by more articles than this are too common to point at copies; skipping them
# keeps a story of 10,000 copies from turning into 50 million candidate pairs.
MAX_POSTINGS = 200
_MERGE_SHARE = 4  # a tier is merged into the one before it when it passes 1/_MERGE_SHARE of its size ...
MAX_TIER = 1 << 21  # ... unless the two would hold more entries than this, which bounds what a merge copies


class Batch(NamedTuple):
    """The entries a batch of new articles added, kept to look them up."""

    numbers: np.ndarray  # int32, the articles' numbers in the index
    bands: np.ndarray  # int64 (n, bands)
    samples: tuple[np.ndarray, np.ndarray]  # uint32 values, int32 article numbers
    keys: tuple[np.ndarray, np.ndarray]


@dataclass(slots=True)
class Postings:
    """(value, article number) pairs in tiers, each sorted by value, oldest first.

    A batch is sorted into a tier of its own and merged into the tier before it while it is more than a
    quarter of that one's size (as in a log-structured merge), up to MAX_TIER entries: keeping everything
    sorted costs O(n log n) over a run, and a merge never copies more than MAX_TIER entries.
    """

    dtype: type
    keep_order: bool = False  # equal values stay in the order articles came (for "first holders")
    _tiers: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)

    def add(self, values: np.ndarray, members: np.ndarray) -> None:
        values = values.astype(self.dtype, copy=False)
        order = np.argsort(values, kind="stable" if self.keep_order else None)
        self._tiers.append((values[order], members[order].astype(np.int32, copy=False)))
        while len(self._tiers) >= 2:
            older, newer = self._tiers[-2], self._tiers[-1]
            if len(newer[0]) * _MERGE_SHARE <= len(older[0]) or len(older[0]) + len(newer[0]) > MAX_TIER:
                break
            # insert the newer tier into the older one: one new array each (sorting the two together held
            # three or four copies at once, and made the peak memory of a large trace)
            at = np.searchsorted(older[0], newer[0], side="right")  # after equal values: arrival order
            self._tiers[-2:] = [(np.insert(older[0], at, newer[0]), np.insert(older[1], at, newer[1]))]

    def __len__(self) -> int:
        return sum(len(values) for values, _ in self._tiers)

    def nbytes(self) -> int:
        return sum(values.nbytes + members.nbytes for values, members in self._tiers)

    def lookup(self, values: np.ndarray, first_only: bool) -> tuple[np.ndarray, np.ndarray]:
        """(probe position, article number) for every article holding each value.

        A value held by more than MAX_POSTINGS articles is crowded: with ``first_only`` it yields its
        first MAX_POSTINGS holders (an LSH bucket of near-duplicates), otherwise nothing.
        """
        order = np.argsort(values)  # sorted probes search 4x faster (the tiers stay in cache)
        values = values.astype(self.dtype, copy=False)[order]
        ranges = [(tier, np.searchsorted(tier[0], values, "left"), np.searchsorted(tier[0], values, "right"))
                  for tier in self._tiers]
        total = sum((hi - lo for _, lo, hi in ranges), np.zeros(len(values), np.int64))
        room = np.full(len(values), MAX_POSTINGS, np.int64) if first_only else \
            np.where(total > MAX_POSTINGS, 0, MAX_POSTINGS)
        probes, members = [], []
        for (_, tier_members), lo, hi in ranges:
            take = np.minimum(hi - lo, room)
            room -= take
            probe, position = _expand(lo, take)
            probes.append(order[probe])
            members.append(tier_members[position])
        if not probes:
            return np.zeros(0, np.int64), np.zeros(0, np.int32)
        return np.concatenate(probes), np.concatenate(members)


def _expand(starts: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For ranges [start, start + count): each position, and which range it came from."""
    which = np.repeat(np.arange(len(counts)), counts)
    offsets = np.cumsum(counts) - counts
    return which, np.arange(int(counts.sum())) - offsets[which] + starts[which]


@dataclass(slots=True)
class CandidateIndex:
    """The three kinds of postings over every fingerprinted article, numbered in the order they came."""

    bands: int
    rows: int
    ids: list[str] = field(default_factory=list)
    near: Postings = field(default_factory=lambda: Postings(np.int64, keep_order=True))
    contained: Postings = field(default_factory=lambda: Postings(np.uint32))
    related: Postings = field(default_factory=lambda: Postings(np.uint32))

    def add(self, ids: list[str], signatures: list[bytes], samples: list[bytes], key_hashes: list[bytes]) -> Batch:
        """Index a batch of articles from their fingerprints as stored (signature, samples and key hashes,
        each uint32 little-endian bytes); returns the batch for lookups."""
        numbers = np.arange(len(self.ids), len(self.ids) + len(ids), dtype=np.int32)
        self.ids.extend(ids)
        matrix = np.frombuffer(b"".join(signatures), dtype="<u4").reshape(len(ids), -1)
        band_keys = band_key_matrix(matrix, self.bands, self.rows)
        self.near.add(band_keys.ravel(), np.repeat(numbers, self.bands))
        batch = Batch(numbers, band_keys, _flatten(numbers, samples), _flatten(numbers, key_hashes))
        self.contained.add(*batch.samples)
        self.related.add(*batch.keys)
        return batch

    def add_prints(self, prints: list[Fingerprint]) -> Batch:
        return self.add([fp.article_id for fp in prints], [fp.signature for fp in prints],
                        [fp.samples for fp in prints], [fp.key_hashes for fp in prints])

    def mates(self, batch: Batch, keys: bool = True) -> dict[str, tuple[Counter[str], Counter[str], Counter[str]]]:
        """Per article of the batch: the others sharing band keys, samples and (if asked) key words with it,
        each with how many entries they share."""
        numbers = batch.numbers
        near = self._count(*self.near.lookup(batch.bands.ravel(), first_only=True), np.repeat(numbers, self.bands))
        contained = self._count(*self.contained.lookup(batch.samples[0], first_only=False), batch.samples[1])
        related = self._count(*self.related.lookup(batch.keys[0], first_only=False), batch.keys[1]) if keys else {}
        none: Counter[str] = Counter()  # shared, read-only: most articles miss in one kind or another
        return {self.ids[n]: (near.get(n, none), contained.get(n, none), related.get(n, none))
                for n in numbers.tolist()}

    def _count(self, probe: np.ndarray, member: np.ndarray, owner: np.ndarray) -> dict[int, Counter[str]]:
        """Count the (article, other) pairs the lookups found, leaving out each article meeting itself."""
        article = owner[probe].astype(np.int64)
        keep = article != member
        pairs, counts = np.unique(article[keep] << 32 | member[keep].astype(np.int64), return_counts=True)
        found: dict[int, Counter[str]] = {}
        for pair, count in zip(pairs.tolist(), counts.tolist(), strict=True):
            article_number = pair >> 32
            if article_number not in found:
                found[article_number] = Counter()
            found[article_number][self.ids[pair & 0xFFFFFFFF]] = count
        return found

    def nbytes(self) -> int:
        """Bytes held by the postings (the id list is counted by the caller, who made it)."""
        return self.near.nbytes() + self.contained.nbytes() + self.related.nbytes()


def _flatten(numbers: np.ndarray, parts: list[bytes]) -> tuple[np.ndarray, np.ndarray]:
    lengths = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts)) // 4
    return np.frombuffer(b"".join(parts), dtype="<u4"), np.repeat(numbers, lengths)
