"""Passage alignment: which runs of text two articles share, and what changed inside them.

Anchors are shared word n-grams; anchors on one diagonal chain into blocks,
and blocks close in both texts merge into passages.  The gaps inside a
passage are its edits ("21 carriages" -> "90 carriages").  The work is linear
in the texts' lengths plus the number of anchors, bounded by ``MAX_ANCHORS``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from newstrace.fingerprint import MIX, TextTokens, spread

ANCHOR_SIZE = 4
MAX_GAP = 12  # tokens of change allowed inside one passage, on either side
EDGE = 3  # tokens looked at beyond a passage's ends for a change at its edge
MIN_PASSAGE = 8  # tokens; shorter shared runs are coincidence or boilerplate phrasing
MAX_ANCHORS = 200_000  # shared anchors kept per pair: bounds the work on megabyte articles
MERGE_LOOKBACK = 4  # passages a block may continue: the last and the few stray ones made after it


@dataclass(slots=True, frozen=True)
class Edit:
    """A change inside a matched passage: what A says and what B says there."""

    a_text: str
    b_text: str
    a_start: int
    a_end: int
    b_start: int
    b_end: int


@dataclass(slots=True)
class Passage:
    """A run of text shared by A and B (token and character spans), with its edits."""

    a_first: int
    a_last: int
    b_first: int
    b_last: int
    blocks: list[tuple[int, int, int]] = field(default_factory=list)
    a_start: int = 0
    a_end: int = 0
    b_start: int = 0
    b_end: int = 0
    edits: list[Edit] = field(default_factory=list)

    @property
    def a_tokens(self) -> int:
        return self.a_last - self.a_first + 1

    @property
    def b_tokens(self) -> int:
        return self.b_last - self.b_first + 1


@dataclass(slots=True)
class Alignment:
    passages: list[Passage]
    a_coverage: float
    b_coverage: float
    a_tokens: int
    b_tokens: int

    @property
    def shared_tokens(self) -> int:
        return sum(min(p.a_tokens, p.b_tokens) for p in self.passages)

    @property
    def edits(self) -> list[Edit]:
        return [e for p in self.passages for e in p.edits]


class Grams:
    """The anchor n-grams of one text, hashed and sorted once and reused for every pair the text is in."""

    __slots__ = ("_where", "ids")

    def __init__(self, toks: TextTokens) -> None:
        words, n = toks.ids, ANCHOR_SIZE
        count = max(len(words) - n + 1, 0)
        ids = np.zeros(count, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for k in range(n):  # the n words folded in order, so equal runs hash equally in every text
                ids *= MIX
                ids += words[k:k + count]
        self.ids = spread(ids)
        self._where: tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray] | None = None

    def where(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """The distinct n-grams sorted, where each one's positions begin in ``order`` and how many there
        are, and ``order``: the positions of all n-grams in the text, grouped by n-gram."""
        if self._where is None:
            order = np.argsort(self.ids, kind="stable")
            distinct, first, count = np.unique(self.ids[order], return_index=True, return_counts=True)
            self._where = (distinct, first, count, order.astype(np.int32))
        return self._where


def align(a_text: str, a: TextTokens, b_text: str, b: TextTokens, a_grams: Grams | None = None,
          b_grams: Grams | None = None) -> Alignment:
    """The passages ``a`` and ``b`` share, their coverage of each text and the edits inside them."""
    blocks = _blocks(a_grams or Grams(a), b_grams or Grams(b))
    passages = _merge(blocks)
    _extend_edges(passages, a, b)
    passages = [p for p in passages if min(p.a_tokens, p.b_tokens) >= MIN_PASSAGE]
    for passage in passages:
        _fill(passage, a_text, a, b_text, b)
    a_cov = _coverage([(p.a_first, p.a_last) for p in passages], len(a))
    b_cov = _coverage([(p.b_first, p.b_last) for p in passages], len(b))
    return Alignment(passages, a_cov, b_cov, len(a), len(b))


def _blocks(a: Grams, b: Grams) -> list[tuple[int, int, int]]:
    """Diagonal runs of shared anchors as (a_first, b_first, length in tokens)."""
    n = ANCHOR_SIZE
    distinct, first, count, order = a.where()
    if not len(distinct) or not len(b.ids):
        return []
    at = np.minimum(np.searchsorted(distinct, b.ids), len(distinct) - 1)
    low = first[at]
    counts = np.where((distinct[at] == b.ids) & (count[at] <= 8), count[at], 0)  # one repeated often anchors nothing
    total = np.cumsum(counts)
    if total[-1] > MAX_ANCHORS:  # stop after the n-gram of B that passes the bound
        stop = int(np.searchsorted(total, MAX_ANCHORS, "right")) + 1
        counts, low, total = counts[:stop], low[:stop], total[:stop]
    hits = int(total[-1])
    if not hits:
        return []
    # every (i, j) with A's n-gram i equal to B's n-gram j
    j = np.repeat(np.arange(len(counts), dtype=np.int64), counts)
    i = order[np.repeat(low, counts) + np.arange(hits) - np.repeat(total - counts, counts)].astype(np.int64)
    diagonal = i - j
    ranked = np.lexsort((i, diagonal))
    i, j, diagonal = i[ranked], j[ranked], diagonal[ranked]
    # a hit starts a block unless it continues the previous one on its diagonal
    new = np.ones(hits, dtype=bool)
    new[1:] = (diagonal[1:] != diagonal[:-1]) | (i[1:] > i[:-1] + n)
    firsts = np.flatnonzero(new)
    lasts = np.append(firsts[1:] - 1, hits - 1)
    sizes = i[lasts] - i[firsts] + n
    return _one_to_one(i[firsts], j[firsts], sizes)


def _one_to_one(i: np.ndarray, j: np.ndarray, size: np.ndarray) -> list[tuple[int, int, int]]:
    """Keep the longest blocks (starting at ``i`` in A and ``j`` in B) that do not overlap in either text
    (repeated paragraphs map once)."""
    # blocks that overlap no other are kept whatever the order; only the rest are chosen one by one
    clash = np.flatnonzero(_overlapping(i, size) | _overlapping(j, size))
    keep = np.ones(len(i), dtype=bool)
    if len(clash):
        keep[clash] = False
        longest_first = clash[np.lexsort((j[clash], i[clash], -size[clash]))]
        keep[_greedy(i, j, size, longest_first)] = True
    order = np.lexsort((size, j, i))
    order = order[keep[order]]
    return list(zip(i[order].tolist(), j[order].tolist(), size[order].tolist(), strict=True))


def _overlapping(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Which of the spans (start, start + size) overlap another of them."""
    order = np.argsort(starts, kind="stable")
    first, last = starts[order], starts[order] + sizes[order]
    clash = np.zeros(len(order), dtype=bool)
    clash[1:] = first[1:] < np.maximum.accumulate(last)[:-1]  # begins before an earlier one ends
    clash[:-1] |= last[:-1] > first[1:]  # ends after the next one begins
    out = np.zeros(len(order), dtype=bool)
    out[order] = clash
    return out


def _greedy(i: np.ndarray, j: np.ndarray, size: np.ndarray, ranked: np.ndarray) -> list[int]:
    """Of the blocks ``ranked`` (longest first), those that overlap none taken before them."""
    # one byte per token of each text, set where a taken block lies: a lookup costs the same however many
    used_a = bytearray(int((i[ranked] + size[ranked]).max()))
    used_b = bytearray(int((j[ranked] + size[ranked]).max()))
    taken = []
    for k, a, b, n in zip(ranked.tolist(), i[ranked].tolist(), j[ranked].tolist(), size[ranked].tolist(),
                          strict=True):
        if used_a.find(1, a, a + n) < 0 and used_b.find(1, b, b + n) < 0:
            taken.append(k)
            used_a[a:a + n] = b"\x01" * n
            used_b[b:b + n] = b"\x01" * n
    return taken


def _merge(blocks: list[tuple[int, int, int]]) -> list[Passage]:
    """Blocks in order in both texts with small gaps between them become one passage.

    A block joins the latest passage it continues, not only the last one made: a stray short block lying
    between two parts of one passage in A but elsewhere in B would otherwise cut the passage in two when A is
    read first and not when B is, so a pair's verdict would depend on which page came first.
    """
    passages: list[Passage] = []
    for i, j, size in sorted(blocks, key=lambda blk: (blk[0], blk[1])):
        for earlier in reversed(passages[-MERGE_LOOKBACK:]):
            gap_a, gap_b = i - earlier.a_last - 1, j - earlier.b_last - 1
            if 0 <= gap_a <= MAX_GAP and 0 <= gap_b <= MAX_GAP:
                earlier.a_last, earlier.b_last = i + size - 1, j + size - 1
                earlier.blocks.append((i, j, size))
                break
        else:
            passages.append(Passage(i, i + size - 1, j, j + size - 1, [(i, j, size)]))
    return passages


def _extend_edges(passages: list[Passage], a: TextTokens, b: TextTokens) -> None:
    """Pull a changed word at a passage's edge into it ("With 21 carriages" / "With 90 carriages").

    Anchors span several words, so a change within the first or last few words of a passage
    leaves those words outside it; a matching word just beyond, or the start or end of both
    texts at the same distance, brings them in as an edit.
    """
    for k, p in enumerate(passages):
        a_low = passages[k - 1].a_last + 1 if k else 0
        b_low = passages[k - 1].b_last + 1 if k else 0
        a_high = passages[k + 1].a_first - 1 if k + 1 < len(passages) else len(a) - 1
        b_high = passages[k + 1].b_first - 1 if k + 1 < len(passages) else len(b) - 1
        for back in range(1, EDGE + 1):
            i, j = p.a_first - back, p.b_first - back
            if i < a_low or j < b_low:
                break
            if a.ids[i] == b.ids[j] or (i == a_low == 0 and j == b_low == 0):
                # a matching word is a one-word block; the start of both texts an empty one
                p.blocks.insert(0, (i, j, 1 if a.ids[i] == b.ids[j] else 0))
                p.a_first, p.b_first = i, j
                break
        for ahead in range(1, EDGE + 1):
            i, j = p.a_last + ahead, p.b_last + ahead
            if i > a_high or j > b_high:
                break
            if a.ids[i] == b.ids[j] or (i == a_high == len(a) - 1 and j == b_high == len(b) - 1):
                p.blocks.append((i, j, 1) if a.ids[i] == b.ids[j] else (i + 1, j + 1, 0))
                p.a_last, p.b_last = i, j
                break


def _fill(p: Passage, a_text: str, a: TextTokens, b_text: str, b: TextTokens) -> None:
    """Character spans of the passage, and an edit for each gap between its blocks."""
    p.a_start, p.a_end = int(a.starts[p.a_first]), int(a.ends[p.a_last])
    p.b_start, p.b_end = int(b.starts[p.b_first]), int(b.ends[p.b_last])
    for (i1, j1, size1), (i2, j2, _) in zip(p.blocks, p.blocks[1:], strict=False):
        a_from, b_from = i1 + size1, j1 + size1  # first token after the earlier block
        if a_from >= i2 and b_from >= j2:
            continue
        a_span = _span(a, a_from, i2, int(a.ends[a_from - 1] if a_from else a.starts[0]))
        b_span = _span(b, b_from, j2, int(b.ends[b_from - 1] if b_from else b.starts[0]))
        p.edits.append(Edit(a_text[a_span[0]:a_span[1]], b_text[b_span[0]:b_span[1]], *a_span, *b_span))


def _span(tokens: TextTokens, first: int, stop: int, empty_at: int) -> tuple[int, int]:
    if stop <= first:
        return empty_at, empty_at
    return int(tokens.starts[first]), int(tokens.ends[stop - 1])


def _coverage(spans: list[tuple[int, int]], total: int) -> float:
    if total == 0:
        return 0.0
    covered = sum(last - first + 1 for first, last in spans)
    return min(1.0, covered / total)
