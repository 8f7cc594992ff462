"""LSH banding for MinHash signatures, with bands and rows derived from a similarity threshold.

Given a threshold t and a signature of n values, pick b bands of r rows (b*r <= n) that
minimise the weighted chance of missing a pair above t plus the chance of proposing one
below it, the way datasketch does; the user only sets t.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np

from newstrace.errors import UsageError
from newstrace.fingerprint import MIX, spread

_STEPS = 200


def _collision(s: float, bands: int, rows: int) -> float:
    """Chance that two signatures of Jaccard similarity s share at least one band."""
    return 1.0 - (1.0 - s**rows) ** bands


def _integral(lo: float, hi: float, f) -> float:  # type: ignore[no-untyped-def]
    width = (hi - lo) / _STEPS
    return sum(f(lo + (k + 0.5) * width) for k in range(_STEPS)) * width


@lru_cache(maxsize=64)
def bands_for(threshold: float, num_perm: int, miss_weight: float = 0.5) -> tuple[int, int]:
    """(bands, rows) for a similarity ``threshold``; ``miss_weight`` trades recall for precision."""
    if not 0.0 < threshold < 1.0:
        raise UsageError(f"threshold {threshold} must be between 0 and 1, e.g. 0.5")
    if not 0.0 <= miss_weight <= 1.0:
        raise UsageError(f"miss_weight {miss_weight} must be between 0 and 1")
    best: tuple[float, int, int] | None = None
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            false_pos = _integral(0.0, threshold, lambda s, b=bands, r=rows: _collision(s, b, r))
            false_neg = _integral(threshold, 1.0, lambda s, b=bands, r=rows: 1.0 - _collision(s, b, r))
            error = (1 - miss_weight) * false_pos + miss_weight * false_neg
            if best is None or error < best[0]:
                best = (error, bands, rows)
    assert best is not None
    return best[1], best[2]


def band_key_matrix(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """One stable 63-bit key per band of each signature row (uint32, shape (n, num_perm)), as int64 (n, bands).

    Equal keys in the same band mean a candidate pair. A band's values are folded together with its
    number, then mixed (splitmix64's finaliser) so that keys spread evenly over the index.
    """
    if bands * rows > signatures.shape[1]:
        raise UsageError(f"{bands} bands of {rows} rows need {bands * rows} values; signatures have "
                         f"{signatures.shape[1]}")
    chunks = signatures[:, :bands * rows].astype(np.uint64).reshape(len(signatures), bands, rows)
    with np.errstate(over="ignore"):
        keys = np.broadcast_to(np.arange(1, bands + 1, dtype=np.uint64), chunks.shape[:2]).copy()
        for row in range(rows):
            keys = keys * MIX + chunks[:, :, row]
    return (spread(keys) >> np.uint64(1)).astype(np.int64)


def band_keys(signature: bytes, bands: int, rows: int) -> list[int]:
    """The band keys of one signature (``num_perm`` little-endian uint32 values)."""
    row = np.frombuffer(signature, dtype="<u4").reshape(1, -1)
    return [int(k) for k in band_key_matrix(row, bands, rows)[0]]
