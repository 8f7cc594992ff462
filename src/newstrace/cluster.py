"""Cluster stage: group articles into stories from their links.

Deterministic: links are merged strongest first, ties broken by ids, and a
story is named after its earliest-ingested article, so adding articles keeps
existing story ids (a merge keeps the older story's id).  A merge that would
put reports dated days apart, or in different years, into one story is
refused: the 2019 summit and the 2023 summit in one city stay apart.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

import numpy as np

from newstrace.eventday import DAY_NAMES, different_days, usual
from newstrace.link.classify import MAX_DAYS_APART, months_apart
from newstrace.model import Link

# Text reuse joins two articles' stories at once (strongest first).  Weaker evidence, the same event
# told in other words or another language, proposes a join that the stories' average similarity decides.
STRONG = ("verbatim_copy", "partial_copy", "shared_source")
WEAK = ("rewrite", "translation", "independent")
# Average cosine over all cross pairs of the two stories' opening embeddings (the dot product of their
# mean vectors): a page about another event by the same people is close to a few members, not to most.
MIN_AVERAGE_SIMILARITY = 0.53
# Up to this many embedded articles, every close pair proposes a join (one matrix product); above it
# only weak links do, so the work stays linear in the links.
ALL_PAIRS_UP_TO = 5000

@dataclass(slots=True)
class Member:
    """What clustering needs of an article: its ingest order and its dates."""

    order: int
    day: date | None = None
    month: tuple[int, int] | None = None
    year: int | None = None
    weekday: int | None = None  # the day its opening names (newstrace.eventday)


@dataclass(slots=True, frozen=True)
class KeptApart:
    """Two stories whose openings read alike but whose dates or weekdays say they are two events."""

    a: str  # story ids
    b: str
    similarity: float
    reason: str


@dataclass(slots=True)
class _Group:
    """A story being built: its first article, its earliest dates (late republications do not count) and
    the weekdays its members' openings name."""

    first: str
    order: int
    day: date | None = None
    month: tuple[int, int] | None = None
    year: int | None = None
    weekdays: tuple[int, ...] = ()


def stories(members: dict[str, Member], links: list[Link], vectors: dict[str, np.ndarray] | None = None,
            apart: list[KeptApart] | None = None) -> dict[str, str]:
    """Story id for every article: ``story-<first article id>``.

    ``vectors`` are unit embeddings of articles' openings, where computed; weak links join stories
    only through them.  ``apart``, when given, receives the pairs of stories that read alike but were
    kept apart by their dates, with the reason.
    """
    parent = {article_id: article_id for article_id in members}
    groups = {article_id: _group(article_id, m) for article_id, m in members.items()}
    size = dict.fromkeys(members, 1)

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def merge(ra: str, rb: str) -> str:
        keep, drop = (ra, rb) if groups[ra].order <= groups[rb].order else (rb, ra)
        parent[drop] = keep
        groups[keep] = _joined(groups[keep], groups.pop(drop))
        size[keep] += size.pop(drop)
        return keep

    known = [lk for lk in links if lk.a in parent and lk.b in parent]
    rank = {kind: i for i, kind in enumerate((*STRONG, "rewrite"))}
    # Shared text is the same story whatever the dates say: scrapers republish months later.
    for link in sorted((lk for lk in known if _strong(lk)), key=lambda lk: (rank[lk.kind], -lk.score, lk.a, lk.b)):
        ra, rb = find(link.a), find(link.b)
        if ra != rb:
            merge(ra, rb)
    refused = _merge_similar(known, find, merge, groups, vectors or {})
    _join_unread(known, find, merge, groups, vectors or {})
    def story_id(article_id: str) -> str:
        return f"story-{groups[find(article_id)].first}"

    if apart is not None:
        apart += _kept_apart(refused, story_id)
    return {article_id: story_id(article_id) for article_id in members}


def _kept_apart(refused: list[tuple[str, str, float, str]], story_id: Callable[[str], str]) -> list[KeptApart]:
    """The refused joins between stories that stayed apart, the most similar once per pair."""
    best: dict[tuple[str, str], KeptApart] = {}
    for a, b, similarity, reason in sorted(refused, key=lambda r: -r[2]):
        x, y = sorted((story_id(a), story_id(b)))
        if x != y:
            best.setdefault((x, y), KeptApart(x, y, round(similarity, 4), reason))
    return sorted(best.values(), key=lambda k: (k.a, k.b))


def _strong(link: Link) -> bool:
    """Text reuse: a copy, or a rewrite whose shared passages were found (not one told apart in new words)."""
    return link.kind in STRONG or (link.kind == "rewrite" and max(link.a_coverage, link.b_coverage) > 0)


def _merge_similar(links: list[Link], find, merge, groups: dict[str, _Group],  # type: ignore[no-untyped-def]
                   vectors: dict[str, np.ndarray]) -> list[tuple[str, str, float, str]]:
    """Join stories proposed by weak links, most similar first, while their average similarity is high.
    Returns the joins refused by dates: (root, root, similarity, reason)."""
    sums: dict[str, np.ndarray] = {}
    counts: dict[str, int] = {}
    for article_id, vector in vectors.items():
        root = find(article_id)
        sums[root] = sums.get(root, 0) + vector
        counts[root] = counts.get(root, 0) + 1
    weak = [(lk.a, lk.b) for lk in links if lk.kind in WEAK and not _strong(lk)]
    if 0 < len(vectors) <= ALL_PAIRS_UP_TO:
        weak += _close_pairs(vectors)
    blocked: set[tuple[str, str]] = set()
    refused: list[tuple[str, str, float, str]] = []
    while True:
        proposals = {tuple(sorted((find(a), find(b)))) for a, b in weak}
        ranked = sorted(((_average(sums, counts, ra, rb), (ra, rb)) for ra, rb in proposals
                         if ra != rb and (ra, rb) not in blocked), key=lambda item: (-item[0], item[1]))
        for similarity, (ra, rb) in ranked:
            if similarity < MIN_AVERAGE_SIMILARITY:
                return refused
            conflict = _conflict(groups[ra], groups[rb])
            if conflict:
                blocked.add((ra, rb))
                refused.append((ra, rb, similarity, conflict))
                continue
            keep = merge(ra, rb)
            drop = rb if keep == ra else ra
            if drop in sums:
                sums[keep] = sums.get(keep, 0) + sums.pop(drop)
                counts[keep] = counts.get(keep, 0) + counts.pop(drop)
            break
        else:
            return refused


def _join_unread(links: list[Link], find, merge, groups: dict[str, _Group],  # type: ignore[no-untyped-def]
                 vectors: dict[str, np.ndarray]) -> None:
    """Articles in a language the encoder does not read have no vector to average: a story of such
    articles joins the story its same-event links (shared names and numbers) point to most, dates allowing."""
    if not vectors:
        return  # a run without embeddings: weak links join nothing
    weak: dict[str, list[str]] = {}
    for link in links:
        if link.kind in WEAK and not _strong(link):
            weak.setdefault(link.a, []).append(link.b)
            weak.setdefault(link.b, []).append(link.a)
    read = {find(article_id) for article_id in vectors}
    for article_id in sorted(weak):
        root = find(article_id)
        if article_id in vectors or root in read:
            continue
        votes = Counter(find(other) for other in weak[article_id] if find(other) != root)
        for target, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
            if _compatible(groups[root], groups[target]):
                read.discard(target)
                read.add(merge(root, target))
                break


def _close_pairs(vectors: dict[str, np.ndarray]) -> list[tuple[str, str]]:
    """In a small corpus every pair of close openings may propose a join, links or not."""
    ids = sorted(vectors)
    matrix = np.stack([vectors[i] for i in ids])
    sims = matrix @ matrix.T
    rows, cols = np.nonzero(np.triu(sims >= MIN_AVERAGE_SIMILARITY, k=1))
    return [(ids[r], ids[c]) for r, c in zip(rows.tolist(), cols.tolist(), strict=True)]


def _average(sums: dict[str, np.ndarray], counts: dict[str, int], ra: str, rb: str) -> float:
    if ra not in sums or rb not in sums:
        return 0.0
    return float(sums[ra] @ sums[rb]) / (counts[ra] * counts[rb])


def _group(article_id: str, m: Member) -> _Group:
    return _Group(article_id, m.order, m.day, m.month, m.year, () if m.weekday is None else (m.weekday,))


def _compatible(x: _Group, y: _Group) -> bool:
    return _conflict(x, y) is None


def _conflict(x: _Group, y: _Group) -> str | None:
    """Why the two cannot be one event, or ``None``: their earliest dates, compared at the finest grain
    both have, or the weekdays their openings name."""
    if x.day and y.day:
        gap = abs((x.day - y.day).days)
        return f"dated {min(x.day, y.day)} and {max(x.day, y.day)}, {gap} days apart" if gap > MAX_DAYS_APART else None
    if different_days(x.weekdays, y.weekdays):
        named = [" or ".join(DAY_NAMES[d] for d in sorted(usual(g.weekdays))) for g in (x, y)]
        return f"their reports name {named[0]} and {named[1]}"
    if x.month and y.month:
        if months_apart(x.month, y.month) <= 1:
            return None
        return "dated {}-{:02d} and {}-{:02d}".format(*min(x.month, y.month), *max(x.month, y.month))
    if x.year is None or y.year is None or abs(x.year - y.year) <= (1 if x.month or y.month else 0):
        return None
    return f"dated {min(x.year, y.year)} and {max(x.year, y.year)}"


def _joined(x: _Group, y: _Group) -> _Group:
    return _Group(x.first, x.order, _earliest(x.day, y.day), _earliest(x.month, y.month), _earliest(x.year, y.year),
                  x.weekdays + y.weekdays)


def _earliest(a, b):  # type: ignore[no-untyped-def]
    return b if a is None else a if b is None else min(a, b)
