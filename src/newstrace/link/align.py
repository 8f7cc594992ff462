"""Passage alignment: which runs of text two articles share, and what changed inside them.

Anchors are shared word n-grams; anchors on one diagonal chain into blocks,
and blocks close in both texts merge into passages.  The gaps inside a
passage are its edits ("21 carriages" -> "90 carriages").  The work is linear
in the texts' lengths plus the number of anchors, bounded by ``MAX_ANCHORS``.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from newstrace.fingerprint import Token

ANCHOR_SIZE = 4
MAX_GAP = 12  # tokens of change allowed inside one passage, on either side
EDGE = 3  # tokens looked at beyond a passage's ends for a change at its edge
MIN_PASSAGE = 8  # tokens; shorter shared runs are coincidence or boilerplate phrasing
MAX_ANCHORS = 200_000  # shared anchors kept per pair: bounds the work on megabyte articles


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
    """The anchor n-grams of one text, hashed once and reused for every pair the text is in."""

    __slots__ = ("_where", "ids")

    def __init__(self, toks: list[Token]) -> None:
        words = [t.text for t in toks]
        n = ANCHOR_SIZE
        self.ids = [hash(tuple(words[i:i + n])) for i in range(len(words) - n + 1)]
        self._where: dict[int, list[int]] | None = None

    @property
    def where(self) -> dict[int, list[int]]:
        if self._where is None:
            where: dict[int, list[int]] = defaultdict(list)
            for i, gram in enumerate(self.ids):
                where[gram].append(i)
            self._where = dict(where)
        return self._where


def align(a_text: str, a: list[Token], b_text: str, b: list[Token], a_grams: Grams | None = None,
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
    where = a.where
    hits: list[tuple[int, int]] = []
    for j, gram in enumerate(b.ids):
        found = where.get(gram)
        if found and len(found) <= 8:  # an n-gram repeated many times in A anchors nothing
            hits.extend((i, j) for i in found)
            if len(hits) > MAX_ANCHORS:
                break
    hits.sort(key=lambda h: (h[0] - h[1], h[0]))
    blocks: list[tuple[int, int, int]] = []
    for i, j in hits:
        if blocks:
            bi, bj, size = blocks[-1]
            if i - j == bi - bj and bi <= i <= bi + size:
                blocks[-1] = (bi, bj, max(size, i - bi + n))
                continue
        blocks.append((i, j, n))
    return _one_to_one(blocks)


def _one_to_one(blocks: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
    """Keep the longest blocks that do not overlap in either text (repeated paragraphs map once)."""
    kept: list[tuple[int, int, int]] = []
    used_a: list[tuple[int, int]] = []
    used_b: list[tuple[int, int]] = []
    for i, j, size in sorted(blocks, key=lambda blk: (-blk[2], blk[0], blk[1])):
        if any(i < e and s < i + size for s, e in used_a) or any(j < e and s < j + size for s, e in used_b):
            continue
        kept.append((i, j, size))
        used_a.append((i, i + size))
        used_b.append((j, j + size))
    return sorted(kept)


def _merge(blocks: list[tuple[int, int, int]]) -> list[Passage]:
    """Blocks in order in both texts with small gaps between them become one passage."""
    passages: list[Passage] = []
    for i, j, size in sorted(blocks, key=lambda blk: (blk[0], blk[1])):
        if passages:
            last = passages[-1]
            gap_a, gap_b = i - last.a_last - 1, j - last.b_last - 1
            if 0 <= gap_a <= MAX_GAP and 0 <= gap_b <= MAX_GAP:
                last.a_last, last.b_last = i + size - 1, j + size - 1
                last.blocks.append((i, j, size))
                continue
        passages.append(Passage(i, i + size - 1, j, j + size - 1, [(i, j, size)]))
    return passages


def _extend_edges(passages: list[Passage], a: list[Token], b: list[Token]) -> None:
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
            if a[i].text == b[j].text or (i == a_low == 0 and j == b_low == 0):
                # a matching word is a one-word block; the start of both texts an empty one
                p.blocks.insert(0, (i, j, 1 if a[i].text == b[j].text else 0))
                p.a_first, p.b_first = i, j
                break
        for ahead in range(1, EDGE + 1):
            i, j = p.a_last + ahead, p.b_last + ahead
            if i > a_high or j > b_high:
                break
            if a[i].text == b[j].text or (i == a_high == len(a) - 1 and j == b_high == len(b) - 1):
                p.blocks.append((i, j, 1) if a[i].text == b[j].text else (i + 1, j + 1, 0))
                p.a_last, p.b_last = i, j
                break


def _fill(p: Passage, a_text: str, a: list[Token], b_text: str, b: list[Token]) -> None:
    """Character spans of the passage, and an edit for each gap between its blocks."""
    p.a_start, p.a_end = a[p.a_first].start, a[p.a_last].end
    p.b_start, p.b_end = b[p.b_first].start, b[p.b_last].end
    for (i1, j1, size1), (i2, j2, _) in zip(p.blocks, p.blocks[1:], strict=False):
        a_from, b_from = i1 + size1, j1 + size1  # first token after the earlier block
        if a_from >= i2 and b_from >= j2:
            continue
        a_span = _span(a, a_from, i2, a[a_from - 1].end if a_from else a[0].start)
        b_span = _span(b, b_from, j2, b[b_from - 1].end if b_from else b[0].start)
        p.edits.append(Edit(a_text[a_span[0]:a_span[1]], b_text[b_span[0]:b_span[1]], *a_span, *b_span))


def _span(tokens: list[Token], first: int, stop: int, empty_at: int) -> tuple[int, int]:
    if stop <= first:
        return empty_at, empty_at
    return tokens[first].start, tokens[stop - 1].end


def _coverage(spans: list[tuple[int, int]], total: int) -> float:
    if total == 0:
        return 0.0
    covered = sum(last - first + 1 for first, last in spans)
    return min(1.0, covered / total)
