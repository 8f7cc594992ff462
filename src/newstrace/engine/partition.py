"""The candidate index cut by key into partitions, so that no worker holds the whole of it.

Each article's index entries (its LSH band keys, sampled shingles and key hashes, as
``newstrace.link.index.CandidateIndex`` makes them) go to the partition their value falls in.  A partition
holds ``Postings`` of its values alone and, batch after batch, adds a batch's entries and looks them up, as
the local index does: every lookup of one value meets exactly the entries the whole index would give it
(the crowding limits, MAX_POSTINGS, count per value), so the pairs a partition finds, summed over
partitions, are the pairs the local engine finds, with the same counts.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from newstrace.link.index import Postings, _flatten
from newstrace.link.lsh import band_key_matrix

KINDS = ("near", "contained", "related")  # LSH bands, sampled shingles, key words: as CandidateIndex


@dataclass(slots=True)
class Entries:
    """Index entries of some articles: (values, article numbers) for each kind."""

    near: tuple[np.ndarray, np.ndarray]
    contained: tuple[np.ndarray, np.ndarray]
    related: tuple[np.ndarray, np.ndarray]

    def nbytes(self) -> int:
        return sum(values.nbytes + numbers.nbytes for values, numbers in (self.near, self.contained, self.related))


def entries(first: int, signatures: list[bytes], samples: list[bytes], key_hashes: list[bytes], bands: int,
            rows: int) -> Entries:
    """The entries of articles numbered from ``first`` on, from their stored fingerprint blobs."""
    numbers = np.arange(first, first + len(signatures), dtype=np.int32)
    matrix = np.frombuffer(b"".join(signatures), dtype="<u4").reshape(len(signatures), -1)
    band_keys = band_key_matrix(matrix, bands, rows)
    return Entries((band_keys.ravel(), np.repeat(numbers, bands)), _flatten(numbers, samples),
                   _flatten(numbers, key_hashes))


def split(found: Entries, parts: int) -> list[Entries]:
    """The entries of each partition (by value), each in the order given: equal values keep arrival order."""
    cut = []
    for kind in KINDS:
        values, numbers = getattr(found, kind)
        where = (values % parts).astype(np.int64)
        cut.append([(values[where == p], numbers[where == p]) for p in range(parts)])
    return [Entries(*(cut[k][p] for k in range(len(KINDS)))) for p in range(parts)]


@dataclass(slots=True)
class PartState:
    """One partition of the index."""

    near: Postings = field(default_factory=lambda: Postings(np.int64, keep_order=True))
    contained: Postings = field(default_factory=lambda: Postings(np.uint32))
    related: Postings = field(default_factory=lambda: Postings(np.uint32))

    def nbytes(self) -> int:
        return self.near.nbytes() + self.contained.nbytes() + self.related.nbytes()


# (article number << 32 | other's number) keys, and how many entries the two share
Pairs = tuple[np.ndarray, np.ndarray]


def step(state: PartState | None, old: list[Entries], batches: list[Entries], keys: bool) -> tuple[PartState,
                                                                                                   list[list[Pairs]]]:
    """Add ``old`` entries (stored articles: no lookups), then each batch's entries and look them up, in order;
    returns the partition and, per batch, the pairs found of each kind (no key words unless ``keys``)."""
    state = state or PartState()
    for chunk in old:
        _add(state, chunk)
    found = []
    for batch in batches:
        _add(state, batch)
        found.append([
            _pairs(*state.near.lookup(batch.near[0], first_only=True), batch.near[1]),
            _pairs(*state.contained.lookup(batch.contained[0], first_only=False), batch.contained[1]),
            _pairs(*state.related.lookup(batch.related[0], first_only=False), batch.related[1]) if keys
            else _none(),
        ])
    return state, found


def _add(state: PartState, chunk: Entries) -> None:
    state.near.add(*chunk.near)
    state.contained.add(*chunk.contained)
    state.related.add(*chunk.related)


def _pairs(probe: np.ndarray, member: np.ndarray, owner: np.ndarray) -> Pairs:
    """Each (article, other) pair the lookups met, leaving out each article meeting itself, with its count."""
    article = owner[probe].astype(np.int64)
    keep = article != member
    keys, counts = np.unique(article[keep] << 32 | member[keep].astype(np.int64), return_counts=True)
    return keys, counts


def _none() -> Pairs:
    return np.zeros(0, np.int64), np.zeros(0, np.int64)


def merged(parts: list[list[Pairs]], ids: list[str],
           least: tuple[int, int, int] = (1, 1, 1)) -> dict[int, list[Counter[str]]]:
    """The pairs of one batch from every partition, summed: per article number, a Counter of the others
    (by id) for each kind, as ``CandidateIndex.mates`` gives them; those sharing fewer than ``least`` entries
    of a kind are left out (the many chance pairs that share one sample are never ranked)."""
    found: dict[int, list[Counter[str]]] = {}
    for k in range(len(KINDS)):
        keys = np.concatenate([part[k][0] for part in parts])
        counts = np.concatenate([part[k][1] for part in parts])
        unique, inverse = np.unique(keys, return_inverse=True)
        totals = np.bincount(inverse, weights=counts, minlength=len(unique)).astype(np.int64)
        if least[k] > 1:
            unique, totals = unique[totals >= least[k]], totals[totals >= least[k]]
        for key, total in zip(unique.tolist(), totals.tolist(), strict=True):
            article = key >> 32
            if article not in found:
                found[article] = [Counter(), Counter(), Counter()]
            found[article][k][ids[key & 0xFFFFFFFF]] = total
    return found
