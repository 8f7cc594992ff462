from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from newstrace.fingerprint import fingerprints
from newstrace.link import build_index
from newstrace.link import index as index_module
from newstrace.link.index import MAX_POSTINGS, CandidateIndex, Postings
from newstrace.store import open_store
from tests.conftest import ARTICLE


def postings(*batches: list[tuple[int, int]]) -> Postings:
    found = Postings(np.uint32)
    for batch in batches:
        found.add(np.array([v for v, _ in batch]), np.array([m for _, m in batch]))
    return found


def test_lookup_finds_every_holder_across_tiers() -> None:
    index = postings([(5, 0), (7, 1)], [(5, 2)], [(9, 3), (5, 4)])
    probe, member = index.lookup(np.array([5, 8, 9]), first_only=False)
    assert sorted(zip(probe.tolist(), member.tolist(), strict=True)) == [(0, 0), (0, 2), (0, 4), (2, 3)]


def test_a_crowded_sample_points_nowhere_but_a_crowded_bucket_gives_its_first_holders() -> None:
    crowd = [(1, n) for n in range(MAX_POSTINGS + 5)]
    index = postings(crowd[:100], crowd[100:150], crowd[150:])
    assert len(index.lookup(np.array([1]), first_only=False)[0]) == 0
    _, member = index.lookup(np.array([1]), first_only=True)
    assert sorted(member.tolist()) == list(range(MAX_POSTINGS))


def test_merging_tiers_finds_the_same_holders_as_a_plain_scan() -> None:
    rng = np.random.default_rng(3)
    batches = [rng.integers(0, 400, size) for size in (1000, 10, 0, 300, 5, 2000)]
    index = Postings(np.uint32)
    holders: dict[int, set[int]] = {}
    added = 0
    for values in batches:
        index.add(values, np.arange(added, added + len(values)))
        for offset, value in enumerate(values.tolist()):
            holders.setdefault(value, set()).add(added + offset)
        added += len(values)
    probe, member = index.lookup(np.arange(400), first_only=False)
    found: dict[int, set[int]] = {}
    for value, holder in zip(probe.tolist(), member.tolist(), strict=True):
        found.setdefault(value, set()).add(holder)
    assert len(index) == added and found == holders


def test_mates_count_shared_entries_and_leave_out_the_article_itself() -> None:
    prints = fingerprints([("a", ARTICLE, "en"), ("b", ARTICLE, "en"), ("c", "A choir won a prize in spring.", "en")])
    index = CandidateIndex(25, 5)
    mates = index.mates(index.add_prints(prints))
    near, contained, related = mates["a"]
    assert near == {"b": 25} and "a" not in contained and contained["b"] == len(prints[0].samples) // 4
    assert related["b"] == len(prints[0].keys) and mates["c"][0] == {}


def test_index_read_back_from_the_store_finds_what_the_first_run_indexed(tmp_path: Path) -> None:
    prints = fingerprints([("a", ARTICLE, "en"), ("c", "A choir won a prize in spring.", "en")])
    with open_store(tmp_path / "s.db") as store:
        store.put_fingerprints(prints)
        index, damaged = build_index(store.index_rows(), 25, 5)
        later = index.add_prints(fingerprints([("b", ARTICLE + " One more line.", "en")]))
        near, contained, _ = index.mates(later)["b"]
    assert index.ids == ["a", "c", "b"] and set(near) == {"a"} and set(contained) == {"a"} and damaged == []


def test_tiers_stop_merging_at_the_cap_and_still_give_the_first_holders(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(index_module, "MAX_TIER", 300)
    index = Postings(np.int64, keep_order=True)
    for start in range(0, 1000, 100):
        index.add(np.full(100, 7), np.arange(start, start + 100))
    assert len(index._tiers) > 1 and max(len(values) for values, _ in index._tiers) <= 300
    _, member = index.lookup(np.array([7]), first_only=True)
    assert member.tolist() == list(range(MAX_POSTINGS))
