"""Cluster stage: group articles into stories from their links.

Deterministic: links are merged strongest first, ties broken by ids, and a
story is named after its earliest-ingested article, so adding articles keeps
existing story ids (a merge keeps the older story's id).  A merge that would
put reports dated days apart, or in different years, into one story is
refused: the 2019 summit and the 2023 summit in one city stay apart.
"""

from __future__ import annotations

import heapq
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from newstrace.dates import When, conflict
from newstrace.link.classify import REUSE_KINDS, reuses_text
from newstrace.model import Link, LinkKind

# Text reuse joins two articles' stories at once (strongest first).  Weaker evidence, the same event
# told in other words or another language, proposes a join that the stories' average similarity decides.
WEAK = (LinkKind.REWRITE, LinkKind.TRANSLATION, LinkKind.INDEPENDENT)
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
    when: When = field(default_factory=When)


@dataclass(slots=True, frozen=True)
class KeptApart:
    """Two stories that read alike but whose dates or weekdays say they are two events."""

    a: str  # story ids
    b: str
    similarity: float  # the event model's average probability between them (without it: opening cosine)
    reason: str


@dataclass(slots=True)
class _Group:
    """A story being built, kept under its first-ingested article: that article's order, and the story's
    earliest dates (late republications do not count) with the weekdays its members' openings name."""

    order: int
    when: When


# Given the ids of the articles whose vectors are wanted (``None``: every article's), their opening vectors.
VectorReader = Callable[[set[str] | None], dict[str, np.ndarray]]


def stories(members: dict[str, Member], links: list[Link],
            vectors: dict[str, np.ndarray] | VectorReader | None = None,
            apart: list[KeptApart] | None = None, cut: float | None = None) -> dict[str, str]:
    """Story id for every article: ``story-<first article id>``.

    With ``cut`` (the event model's, newstrace.link.eventmodel) and every link not of text reuse carrying
    its ``same_event`` probability, stories join while the average probability over the links between them
    reaches ``cut``, most probable first, dates allowing.  Otherwise the rules decide: ``vectors`` are unit
    embeddings of articles' openings, where computed, or a reader of them (then only the vectors of stories
    that weak links touch are read, or all in a corpus small enough to compare every pair); weak links join
    stories only through them.  ``apart``, when given, receives the pairs of stories that read alike (or
    were probably one event) but were kept apart by their dates, with the reason.
    """
    parent = {article_id: article_id for article_id in members}
    groups = {article_id: _Group(m.order, m.when) for article_id, m in members.items()}
    size = dict.fromkeys(members, 1)

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def merge(ra: str, rb: str) -> str:
        keep, drop = (ra, rb) if groups[ra].order <= groups[rb].order else (rb, ra)
        parent[drop] = keep
        dropped = groups.pop(drop)
        groups[keep] = _Group(groups[keep].order, groups[keep].when.joined(dropped.when))
        size[keep] += size.pop(drop)
        return keep

    known = [lk for lk in links if lk.a in parent and lk.b in parent]
    rank = {kind: i for i, kind in enumerate((*REUSE_KINDS, LinkKind.REWRITE))}
    # Shared text is the same story whatever the dates say: scrapers republish months later.
    for link in sorted((lk for lk in known if reuses_text(lk)), key=lambda lk: (rank[lk.kind], -lk.score, lk.a, lk.b)):
        ra, rb = find(link.a), find(link.b)
        if ra != rb:
            merge(ra, rb)
    if cut is not None and all(lk.same_event is not None for lk in known if not reuses_text(lk)):
        reused = {article_id: find(article_id) for article_id in members}
        refused = _merge_probable(known, find, merge, groups, cut)
        joined = {article_id: find(article_id) for article_id in members}
        final = _move_probable(reused, joined, members, known, [(a, b) for a, b, _, _ in refused], cut)
        names = _names(final, members)
        if apart is not None:
            ended = _ended(joined, final, names)
            apart += _kept_apart(refused, lambda root: ended[joined[root]])
        return {article_id: names[root] for article_id, root in final.items()}
    if callable(vectors):
        every = len(members) <= ALL_PAIRS_UP_TO
        weak = {find(i) for lk in known if lk.kind in WEAK and not reuses_text(lk) for i in (lk.a, lk.b)}
        vectors = vectors(None if every else {i for i in members if find(i) in weak})
    else:
        every = 0 < len(vectors or {}) <= ALL_PAIRS_UP_TO
    reused = {article_id: find(article_id) for article_id in members}  # the text-reuse components
    refused = _merge_similar(known, find, merge, groups, vectors or {}, every)
    _join_unread(known, find, merge, groups, vectors or {})
    joined = {article_id: find(article_id) for article_id in members}
    final = _move_strays(reused, joined, members, {root: group.when for root, group in groups.items()},
                         vectors or {}, [(a, b) for a, b, _, _ in refused])
    names = _names(final, members)
    if apart is not None:
        ended = _ended(joined, final, names)
        apart += _kept_apart(refused, lambda root: ended[find(root)])
    return {article_id: names[final[article_id]] for article_id in members}


def _ended(joined: dict[str, str], final: dict[str, str], names: dict[str, str]) -> dict[str, str]:
    """The story most of each joined group's articles ended in: a refused join was between those."""
    counts: dict[str, Counter[str]] = {}
    for article_id, root in joined.items():
        counts.setdefault(root, Counter())[names[final[article_id]]] += 1
    return {root: count.most_common(1)[0][0] for root, count in counts.items()}


def _names(final: dict[str, str], members: dict[str, Member]) -> dict[str, str]:
    """Each story's id: ``story-`` and its earliest-ingested article."""
    first: dict[str, str] = {}
    for article_id, root in final.items():
        if root not in first or members[article_id].order < members[first[root]].order:
            first[root] = article_id
    return {root: f"story-{article_id}" for root, article_id in first.items()}


def _move_strays(reused: dict[str, str], final: dict[str, str], members: dict[str, Member],
                 whens: dict[str, When], vectors: dict[str, np.ndarray],
                 refused: list[tuple[str, str]]) -> dict[str, str]:
    """Joining most similar first pairs a page with whatever is closest at the time: an undated report
    with a later event's page, say, whose date then keeps both from the story the report belongs to.  Once
    all joins are made, each part that text reuse holds together, in a story whose join with another was
    refused by dates, moves to that other story when its own dates allow, that story is the larger, and
    the part is closer on average to it than to the rest of its own."""
    proposed: dict[str, set[str]] = {}
    for a, b in refused:
        x, y = final[a], final[b]
        if x != y:
            proposed.setdefault(x, set()).add(y)
            proposed.setdefault(y, set()).add(x)
    parts: dict[str, list[str]] = {}  # only those of stories a refused join names: the rest cannot move
    for article_id, part in reused.items():
        if final[part] in proposed:
            parts.setdefault(part, []).append(article_id)
    part_sum = {part: _sum(ids, vectors) for part, ids in parts.items()}
    part_when = {part: _when_of(ids, members) for part, ids in parts.items()}
    story_sum: dict[str, tuple[np.ndarray, int]] = {}
    for part, (vector, n) in part_sum.items():
        root = final[part]
        if n:
            total, count = story_sum.get(root, (np.zeros_like(vector), 0))
            story_sum[root] = (total + vector, count + n)
    home = {part: final[part] for part in parts}
    whens = dict(whens)
    for part in sorted(parts, key=lambda p: min(members[i].order for i in parts[p])):
        vector, n = part_sum[part]
        own = home[part]
        if not n:
            continue
        total, count = story_sum[own]
        if count == n:
            continue  # nothing else with a vector in its story to compare with
        stay = float(vector @ (total - vector)) / (n * (count - n))
        best: tuple[float, str] | None = None
        for target in sorted(proposed.get(final[part], set()) - {own}):
            if target not in story_sum or conflict(part_when[part], whens[target]) is not None:
                continue
            other_total, other_count = story_sum[target]
            if other_count <= count - n:
                continue  # towards the larger story only: a few pages' average is no match for many's
            similarity = float(vector @ other_total) / (n * other_count)
            if similarity >= MIN_AVERAGE_SIMILARITY and similarity > stay and (best is None or similarity > best[0]):
                best = (similarity, target)
        if best is None:
            continue
        target = best[1]
        story_sum[own] = (total - vector, count - n)
        other_total, other_count = story_sum[target]
        story_sum[target] = (other_total + vector, other_count + n)
        whens[target] = whens[target].joined(part_when[part])
        home[part] = target
    return {article_id: home.get(part, final[part]) for article_id, part in reused.items()}


def _sum(ids: list[str], vectors: dict[str, np.ndarray]) -> tuple[np.ndarray, int]:
    found = [vectors[i].astype(np.float32) for i in ids if i in vectors]
    if not found:
        return np.zeros(0, dtype=np.float32), 0
    return np.sum(found, axis=0), len(found)


def _when_of(ids: list[str], members: dict[str, Member]) -> When:
    when = members[ids[0]].when
    for article_id in ids[1:]:
        when = when.joined(members[article_id].when)
    return when


def _kept_apart(refused: list[tuple[str, str, float, str]], story_id: Callable[[str], str]) -> list[KeptApart]:
    """The refused joins between stories that stayed apart, the most similar once per pair."""
    best: dict[tuple[str, str], KeptApart] = {}
    for a, b, similarity, reason in sorted(refused, key=lambda r: -r[2]):
        x, y = sorted((story_id(a), story_id(b)))
        if x != y:
            best.setdefault((x, y), KeptApart(x, y, round(similarity, 4), reason))
    return sorted(best.values(), key=lambda k: (k.a, k.b))


def _merge_similar(links: list[Link], find, merge, groups: dict[str, _Group],  # type: ignore[no-untyped-def]
                   vectors: dict[str, np.ndarray], every: bool) -> list[tuple[str, str, float, str]]:
    """Join stories proposed by weak links, most similar first, while their average similarity is high.
    Returns the joins refused by dates: (root, root, similarity, reason)."""
    sums: dict[str, np.ndarray] = {}
    counts: dict[str, int] = {}
    for article_id, vector in vectors.items():
        root = find(article_id)
        sums[root] = sums.get(root, 0) + vector.astype(np.float32)  # vectors come as float16
        counts[root] = counts.get(root, 0) + 1
    weak = [(lk.a, lk.b) for lk in links if lk.kind in WEAK and not reuses_text(lk)]
    if every and vectors:  # a corpus small enough to compare every pair of openings
        weak += _close_pairs(vectors)
    refused: list[tuple[str, str, float, str]] = []
    partners: dict[str, set[str]] = {}
    for a, b in weak:
        ra, rb = find(a), find(b)
        if ra != rb:
            partners.setdefault(ra, set()).add(rb)
            partners.setdefault(rb, set()).add(ra)
    # A heap of proposed joins, most similar first (ties by ids), each stamped with the versions of its two
    # stories; a merge makes a new version of the kept story and proposes it afresh to every partner of the
    # two, so each popped entry whose stamps are current holds the pair's current average.  That picks the
    # same joins, in the same order, as recomputing every proposal after every merge, without the quadratic
    # cost (thousands of weak links at scale).
    version: dict[str, int] = {}
    heap: list[tuple[float, str, str, int, int]] = []

    def propose(ra: str, rb: str) -> None:
        x, y = sorted((ra, rb))
        heapq.heappush(heap, (-_average(sums, counts, x, y), x, y, version.get(x, 0), version.get(y, 0)))

    for ra, others in partners.items():
        for rb in others:
            if ra < rb:
                propose(ra, rb)
    while heap:
        negative, ra, rb, va, vb = heapq.heappop(heap)
        if find(ra) != ra or find(rb) != rb or version.get(ra, 0) != va or version.get(rb, 0) != vb:
            continue  # a story merged since: its current pairs were proposed again
        similarity = -negative
        if similarity < MIN_AVERAGE_SIMILARITY:
            break
        reason = conflict(groups[ra].when, groups[rb].when)
        if reason:
            refused.append((ra, rb, similarity, reason))
            continue
        keep = merge(ra, rb)
        drop = rb if keep == ra else ra
        if drop in sums:
            sums[keep] = sums.get(keep, 0) + sums.pop(drop)
            counts[keep] = counts.get(keep, 0) + counts.pop(drop)
        version[keep] = version.get(keep, 0) + 1
        joined = (partners.pop(ra, set()) | partners.pop(rb, set())) - {ra, rb}
        partners[keep] = joined
        for other in joined:
            partners[other] -= {ra, rb}
            partners[other].add(keep)
            propose(keep, other)
    return refused


def _merge_probable(links: list[Link], find, merge, groups: dict[str, _Group],  # type: ignore[no-untyped-def]
                    cut: float) -> list[tuple[str, str, float, str]]:
    """Join stories, most probable first, while the average ``same_event`` over the links between them
    reaches ``cut``; a join the two stories' dates contradict is refused.  Returns the refusals:
    (root, root, average probability, reason)."""
    # between[x][y]: [sum of probabilities, links] over the links between stories x and y (both ways)
    between: dict[str, dict[str, list[float]]] = {}
    for link in links:
        ra, rb = find(link.a), find(link.b)
        if ra != rb and link.same_event is not None:
            for x, y in ((ra, rb), (rb, ra)):
                total = between.setdefault(x, {}).setdefault(y, [0.0, 0])
                total[0] += link.same_event
                total[1] += 1
    version: dict[str, int] = {}
    heap: list[tuple[float, str, str, int, int]] = []

    def propose(x: str, y: str) -> None:
        x, y = sorted((x, y))
        total, n = between[x][y]
        heapq.heappush(heap, (-total / n, x, y, version.get(x, 0), version.get(y, 0)))

    for x, others in between.items():
        for y in others:
            if x < y:
                propose(x, y)
    refused: list[tuple[str, str, float, str]] = []
    while heap:
        negative, ra, rb, va, vb = heapq.heappop(heap)
        if find(ra) != ra or find(rb) != rb or version.get(ra, 0) != va or version.get(rb, 0) != vb:
            continue  # a story merged since: its current pairs were proposed again
        if -negative < cut:
            break
        reason = conflict(groups[ra].when, groups[rb].when)
        if reason:
            refused.append((ra, rb, -negative, reason))
            continue
        keep = merge(ra, rb)
        drop = rb if keep == ra else ra
        version[keep] = version.get(keep, 0) + 1
        merged = between.pop(keep, {})
        for other, (p_sum, n) in between.pop(drop, {}).items():
            into = merged.setdefault(other, [0.0, 0])
            into[0] += p_sum
            into[1] += n
        merged.pop(keep, None)
        merged.pop(drop, None)
        between[keep] = merged
        for other, sums in merged.items():
            edges = between[other]
            edges.pop(ra, None)
            edges.pop(rb, None)
            edges[keep] = sums
            propose(keep, other)
    return refused


def _move_probable(reused: dict[str, str], joined: dict[str, str], members: dict[str, Member], links: list[Link],
                   refused: list[tuple[str, str]], cut: float) -> dict[str, str]:
    """Joining most probable first can pair an undated report with another event's pages, whose dates then
    keep it from its own story.  Once all joins are made, each part that text reuse holds together, in a
    story whose join with another was refused by dates, moves to that other story when its own dates allow,
    that story is the larger, and its links there are more probable on average (and at least ``cut``) than
    those to the rest of its own."""
    story = dict(joined)
    partners: dict[str, set[str]] = {}
    for a, b in refused:
        x, y = joined[a], joined[b]
        if x != y:
            partners.setdefault(x, set()).add(y)
            partners.setdefault(y, set()).add(x)
    parts: dict[str, list[str]] = {}
    for article_id, part in reused.items():
        if joined[article_id] in partners:
            parts.setdefault(part, []).append(article_id)
    touching: dict[str, list[Link]] = {}
    for link in links:
        for end in {reused[link.a], reused[link.b]} & parts.keys():
            touching.setdefault(end, []).append(link)
    whens: dict[str, When] = {}
    for article_id, root in joined.items():
        whens[root] = whens[root].joined(members[article_id].when) if root in whens else members[article_id].when
    size = Counter(joined.values())
    for part in sorted(parts, key=lambda p: min(members[i].order for i in parts[p])):
        ids = set(parts[part])
        home = story[part]
        totals: dict[str, list[float]] = {}
        for link in touching.get(part, []):
            other = link.b if link.a in ids else link.a
            if other not in ids and link.same_event is not None:
                total = totals.setdefault(story[other], [0.0, 0])
                total[0] += link.same_event
                total[1] += 1
        stay = totals[home][0] / totals[home][1] if home in totals else 0.0
        when_part = _when_of(parts[part], members)
        best: tuple[float, str] | None = None
        for target in sorted(partners.get(joined[part], set())):
            if target not in totals or conflict(when_part, whens[target]) is not None:
                continue
            if size[target] <= size[home] - len(ids):
                continue  # towards the larger story only: a few pages' average is no match for many's
            average = totals[target][0] / totals[target][1]
            if average >= cut and average > stay and (best is None or average > best[0]):
                best = (average, target)
        if best is not None:
            for article_id in ids:
                story[article_id] = best[1]
            whens[best[1]] = whens[best[1]].joined(when_part)
            size[best[1]] += len(ids)
            size[home] -= len(ids)
    return story


def _join_unread(links: list[Link], find, merge, groups: dict[str, _Group],  # type: ignore[no-untyped-def]
                 vectors: dict[str, np.ndarray]) -> None:
    """Articles in a language the encoder does not read have no vector to average: a story of such
    articles joins the story its same-event links (shared names and numbers) point to most, dates allowing."""
    if not vectors:
        return  # a run without embeddings: weak links join nothing
    weak: dict[str, list[str]] = {}
    for link in links:
        if link.kind in WEAK and not reuses_text(link):
            weak.setdefault(link.a, []).append(link.b)
            weak.setdefault(link.b, []).append(link.a)
    read = {find(article_id) for article_id in vectors}
    for article_id in sorted(weak):
        root = find(article_id)
        if article_id in vectors or root in read:
            continue
        votes = Counter(find(other) for other in weak[article_id] if find(other) != root)
        for target, _ in sorted(votes.items(), key=lambda kv: (-kv[1], kv[0])):
            if conflict(groups[root].when, groups[target].when) is None:
                read.discard(target)
                read.add(merge(root, target))
                break


def _close_pairs(vectors: dict[str, np.ndarray]) -> list[tuple[str, str]]:
    """In a small corpus every pair of close openings may propose a join, links or not."""
    ids = sorted(vectors)
    matrix = np.stack([vectors[i] for i in ids]).astype(np.float32)
    sims = matrix @ matrix.T
    rows, cols = np.nonzero(np.triu(sims >= MIN_AVERAGE_SIMILARITY, k=1))
    return [(ids[r], ids[c]) for r, c in zip(rows.tolist(), cols.tolist(), strict=True)]


def _average(sums: dict[str, np.ndarray], counts: dict[str, int], ra: str, rb: str) -> float:
    if ra not in sums or rb not in sums:
        return 0.0
    return float(sums[ra] @ sums[rb]) / (counts[ra] * counts[rb])
