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
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Protocol

import numpy as np

from newstrace.dates import MAX_DAYS_APART, MAX_MONTHS_APART, When, conflict, different_days, months_apart
from newstrace.link.classify import REUSE_KINDS, reuses_text
from newstrace.link.eventmodel import Attach, StoryCut
from newstrace.model import Link, LinkKind

# Text reuse joins two articles' stories at once (strongest first).  Weaker evidence, the same event
# told in other words or another language, proposes a join that the stories' average similarity decides.
WEAK = (LinkKind.REWRITE, LinkKind.TRANSLATION, LinkKind.INDEPENDENT)
# Average cosine over all cross pairs of the two stories' opening embeddings (the dot product of their
# mean vectors): a page about another event by the same people is close to a few members, not to most.
MIN_AVERAGE_SIMILARITY = 0.53
# An undated report is dated by its probable links when this share of their probability agrees on a day.
# Cross-validated over both dev sets, 0.5, 2/3 and 0.8 gave story F1 0.969, 0.976 and 0.966 with 9, 6 and 11
# hard negatives merged (none: 0.950 and 13); on devpages alone 0.5 was ahead (0.923 against 0.916).
DATED_BY_LINKS = 2 / 3
# The key of a story an undated page is left alone in (not an article id, so never another story's)
ALONE = "\0"
# An undated page is read against a story of at least this many other pages only: the attach model learned
# stories from the dev sets' (10 to 21 pages), and in a story of a few pages reads any page as a stranger.
STAY_OTHERS = 4
# Up to this many embedded articles, every close pair proposes a join (one matrix product); above it
# only weak links do, so the work stays linear in the links.
ALL_PAIRS_UP_TO = 5000

@dataclass(slots=True)
class Member:
    """What clustering needs of an article: its ingest order, its dates and its language."""

    order: int
    when: When = field(default_factory=When)
    lang: str | None = None


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
    earliest dates (late republications do not count) with the weekdays its members' openings name; ``own``:
    the same without the dates undated reports took from their links."""

    order: int
    when: When
    own: When


# Given the ids of the articles whose vectors are wanted (``None``: every article's), their opening vectors.
VectorReader = Callable[[set[str] | None], dict[str, np.ndarray]]


def stories(members: dict[str, Member], links: list[Link],
            vectors: dict[str, np.ndarray] | VectorReader | None = None,
            apart: list[KeptApart] | None = None, cut: float | None = None) -> dict[str, str]:
    """Story id for every article: ``story-<first article id>``.

    With ``cut`` (the event model's, newstrace.link.eventmodel) and every link not of text reuse carrying
    its ``same_event`` probability, stories join while the average probability over the links between them
    reaches ``cut``, most probable first, dates allowing; an undated report first takes the date its probable
    links agree on (``_dated_by_links``); a page left alone then joins a story when the event model's attach
    model, reading its links to that story as a whole, says so (``_attach_alone``).  Otherwise the rules
    decide: ``vectors`` are unit embeddings of articles' openings, where computed, or a reader of them (then
    only the vectors of stories that weak links touch are read, or all in a corpus small enough to compare
    every pair); weak links join stories only through them.  ``apart``, when given, receives the pairs of
    stories that read alike (or were probably one event) but were kept apart by their dates, with the reason.
    """
    known = [lk for lk in links if lk.a in members and lk.b in members]
    probable = cut is not None and all(lk.same_event is not None for lk in known if not reuses_text(lk))
    given = members
    if probable:
        members = _dated_by_links(members, known, cut or 0.0)
    parent = {article_id: article_id for article_id in members}
    groups = {article_id: _Group(m.order, m.when, given[article_id].when) for article_id, m in members.items()}
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
        groups[keep] = _Group(groups[keep].order, groups[keep].when.joined(dropped.when),
                              groups[keep].own.joined(dropped.own))
        size[keep] += size.pop(drop)
        return keep

    rank = {kind: i for i, kind in enumerate((*REUSE_KINDS, LinkKind.REWRITE))}
    # Shared text is the same story whatever the dates say: scrapers republish months later.
    for link in sorted((lk for lk in known if reuses_text(lk)), key=lambda lk: (rank[lk.kind], -lk.score, lk.a, lk.b)):
        ra, rb = find(link.a), find(link.b)
        if ra != rb:
            merge(ra, rb)
    if probable and cut is not None:
        reused = {article_id: find(article_id) for article_id in members}
        refused = _merge_probable(known, find, merge, groups, cut)
        joined = {article_id: find(article_id) for article_id in members}
        final = _move_parts(reused, joined, members, {root: group.when for root, group in groups.items()},
                            [(a, b) for a, b, _, _ in refused], _Probabilities(known, reused), cut)
        if isinstance(cut, StoryCut) and cut.attach is not None:
            final = _attach_alone(final, members, known, cut.attach)
            if cut.attach.stay is not None:
                final = _undated_stay(final, given, reused, known, cut.attach)
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
    final = _move_parts(reused, joined, members, {root: group.when for root, group in groups.items()},
                        [(a, b) for a, b, _, _ in refused], _Openings(vectors or {}), MIN_AVERAGE_SIMILARITY)
    names = _names(final, members)
    if apart is not None:
        ended = _ended(joined, final, names)
        apart += _kept_apart(refused, lambda root: ended[find(root)])
    return {article_id: names[final[article_id]] for article_id in members}


def _dated_by_links(members: dict[str, Member], links: list[Link], cut: float) -> dict[str, Member]:
    """Undated reports dated by their probable links: joining most probable first pairs an undated report
    with whatever reads closest, often a later event's page, whose date then keeps the pair from the story
    the report belongs to.  An undated report whose links at ``cut`` or above reach dated pages takes the
    date that most of their probability agrees on (within MAX_DAYS_APART), when it holds DATED_BY_LINKS of
    it and is not months from the month the report's own URL gives; the date vetoes then treat it as dated.
    Its own month and weekdays are kept."""
    votes: dict[str, list[tuple[date, float]]] = {}
    for link in links:
        p = link.same_event
        if p is None or p < cut:
            continue
        for undated, dated in ((link.a, link.b), (link.b, link.a)):
            day = members[dated].when.day
            if members[undated].when.day is None and day is not None:
                votes.setdefault(undated, []).append((day, p))
    out = dict(members)
    for article_id, found in votes.items():
        day, share = _agreed_day(found)
        member = members[article_id]
        month = member.when.month or (day.year, day.month)
        if share >= DATED_BY_LINKS and months_apart(month, (day.year, day.month)) <= MAX_MONTHS_APART:
            out[article_id] = Member(member.order, replace(member.when, day=day, month=month))
    return out


def _attach_alone(story: dict[str, str], members: dict[str, Member], links: list[Link],
                  attach: Attach) -> dict[str, str]:
    """Pages left alone, in ingest order, each joined to the story its links make most probable by
    ``attach`` (at its cut or above), when that story is larger and its dates allow.  Only pages with a date
    (their own or one taken from their links): cross-validated on devpages, the one undated page it attached
    was a hard negative (the 2020 Labour leadership report joined the 2024 election)."""
    size = Counter(story.values())
    touching: dict[str, list[Link]] = {}
    for link in links:
        if link.same_event is not None:
            for end in (link.a, link.b):
                if size[story[end]] == 1:
                    touching.setdefault(end, []).append(link)
    if not touching:
        return story
    out = dict(story)
    whens: dict[str, When] = {}
    for article_id, root in story.items():
        whens[root] = whens[root].joined(members[article_id].when) if root in whens else members[article_id].when
    for article_id in sorted(touching, key=lambda i: members[i].order):
        if members[article_id].when.day is None and members[article_id].when.month is None:
            continue  # no date of its own or from its links: nothing but its wording backs a late join
        probabilities: dict[str, list[float]] = {}
        for link in touching[article_id]:
            probabilities.setdefault(out[link.other(article_id)], []).append(link.same_event or 0.0)
        best: tuple[float, str] | None = None
        for target, found in sorted(probabilities.items()):
            if target == out[article_id] or size[target] < 2 or conflict(_as_attached(members[article_id].when,
                                                                                       whens[target]), whens[target]):
                continue
            p = attach.probability(found, size[target])
            if p >= attach.cut and (best is None or p > best[0]):
                best = (p, target)
        if best is not None:
            home, target = out[article_id], best[1]
            out[article_id] = target
            size[home] -= 1
            size[target] += 1
            whens[target] = whens[target].joined(members[article_id].when)
    return out


def _as_attached(when: When, story: When) -> When:
    """A page's dates as the attach step compares them with a story's: a month alone, later than the story's,
    does not count (a report comes after its event, and a later month stamped on a page is as often the month
    it was crawled or updated: of the 45 dev pages dated by a month stamp in their text, 43 name their event's
    month and both others a month a year or more later)."""
    if when.day is None and when.month and story.month and when.month > story.month:
        return replace(when, month=None)
    return when


def _undated_stay(story: dict[str, str], given: dict[str, Member], reused: dict[str, str], links: list[Link],
                  attach: Attach) -> dict[str, str]:
    """Undated pages in their story's main language, held in it by no shared text, each read against the
    rest of its story by ``attach``: below ``attach.stay`` the page leaves it and stands alone.  Such a page
    joined on its links, and a report of the same kind of event at another time (an earlier election, an
    aftershock) reads, link by link, like the story: its links to the story as a whole are fewer and weaker
    than a member's.  A page in another language is not read so: its links are weaker whatever its event
    (cross-validated over both dev sets at 0.7, reading those as well split two more stories by language).  All are
    read against the stories as they were, so the order of pages does not matter."""
    size = Counter(story.values())
    held = Counter((reused[i], story[i]) for i in story)
    languages: dict[str, Counter[str | None]] = {}
    for article_id, root in story.items():
        languages.setdefault(root, Counter())[given[article_id].lang] += 1
    main = {root: _most(found) for root, found in languages.items()}
    undated = {i for i, m in given.items() if m.when.day is None and m.when.month is None and m.lang is not None
               and m.lang == main[story[i]] and size[story[i]] > STAY_OTHERS and held[(reused[i], story[i])] == 1}
    probabilities: dict[str, list[float]] = {}
    for link in links:
        if link.same_event is not None and story[link.a] == story[link.b]:
            for end in {link.a, link.b} & undated:
                probabilities.setdefault(end, []).append(link.same_event)
    named: dict[str, list[int]] = {}
    for article_id, root in story.items():
        named.setdefault(root, []).extend(given[article_id].when.weekdays)
    out = dict(story)
    for article_id in sorted(undated):
        own = given[article_id].when.weekdays
        others = list(named[story[article_id]])
        for day in own:
            others.remove(day)
        if own and others and not different_days(own, others):
            continue  # its opening names the day the story's reports name
        found = probabilities.get(article_id)
        if found and attach.probability(found, size[story[article_id]] - 1) < (attach.stay or 0.0):
            out[article_id] = ALONE + article_id  # a story of its own, whichever page names the one it left
    return out


def _most(counts: Counter[str | None]) -> str | None:
    """The value counted most, if one is counted more than every other."""
    (top, n), *rest = counts.most_common(2)
    return top if not rest or rest[0][1] < n else None


def _agreed_day(votes: list[tuple[date, float]]) -> tuple[date, float]:
    """The earliest day of the window of MAX_DAYS_APART days holding the most probability, and its share."""
    def mass(around: date) -> float:
        return sum(p for day, p in votes if abs((day - around).days) <= MAX_DAYS_APART)

    centre = max(sorted({day for day, _ in votes}), key=mass)  # the earliest of equals
    day = min(d for d, _ in votes if abs((d - centre).days) <= MAX_DAYS_APART)
    return day, mass(centre) / sum(p for _, p in votes)


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


def _move_parts(reused: dict[str, str], joined: dict[str, str], members: dict[str, Member],
                whens: dict[str, When], refused: list[tuple[str, str]], closeness: Closeness,
                floor: float) -> dict[str, str]:
    """Joining closest first pairs a page with whatever is closest at the time: an undated report with a
    later event's page, say, whose date then keeps both from the story the report belongs to.  Once all
    joins are made, each part that text reuse holds together, in a story whose join with another was
    refused by dates, moves to that other story when its own dates allow, that story is the larger, and the
    part is closer to it on average (at least ``floor``) than to the rest of its own."""
    partners: dict[str, set[str]] = {}
    for a, b in refused:
        x, y = joined[a], joined[b]
        if x != y:
            partners.setdefault(x, set()).add(y)
            partners.setdefault(y, set()).add(x)
    parts: dict[str, list[str]] = {}  # only those of stories a refused join names: the rest cannot move
    for article_id, part in reused.items():
        if joined[article_id] in partners:
            parts.setdefault(part, []).append(article_id)
    story, whens, size = dict(joined), dict(whens), Counter(joined.values())
    closeness.start(parts, story)
    for part in sorted(parts, key=lambda p: min(members[i].order for i in parts[p])):
        ids, home = parts[part], story[part]
        stay = closeness.towards(part, home)
        if stay is None:
            continue  # nothing else in its story to compare with
        when_part = _when_of(ids, members)
        best: tuple[float, str] | None = None
        for target in sorted(partners[joined[part]] - {home}):
            if size[target] <= size[home] - len(ids) or conflict(when_part, whens[target]) is not None:
                continue  # towards the larger story only: a few pages' average is no match for many's
            average = closeness.towards(part, target)
            if average is not None and average >= floor and average > stay and (best is None or average > best[0]):
                best = (average, target)
        if best is not None:
            target = best[1]
            closeness.move(part, home, target)
            for article_id in ids:
                story[article_id] = target
            whens[target] = whens[target].joined(when_part)
            size[target] += len(ids)
            size[home] -= len(ids)
    return story


class Closeness(Protocol):
    """How close a part of a story (a text-reuse component, named by its root) is to a story."""

    def start(self, parts: dict[str, list[str]], story: dict[str, str]) -> None:
        """``story``: each article's story, which the mover keeps current."""

    def towards(self, part: str, target: str) -> float | None:
        """Average closeness of the part to the members of ``target`` outside it; ``None``: none to compare."""

    def move(self, part: str, home: str, target: str) -> None: ...


class _Openings:
    """Closeness as the average cosine of opening vectors (the rules): each story's vector sum is kept."""

    def __init__(self, vectors: dict[str, np.ndarray]) -> None:
        self.vectors = vectors
        self.part_sum: dict[str, tuple[np.ndarray, int]] = {}
        self.story_sum: dict[str, tuple[np.ndarray, int]] = {}
        self.home: dict[str, str] = {}

    def start(self, parts: dict[str, list[str]], story: dict[str, str]) -> None:
        self.part_sum = {part: _sum(ids, self.vectors) for part, ids in parts.items()}
        self.home = {part: story[part] for part in parts}
        for part, (vector, n) in self.part_sum.items():
            if n:
                total, count = self.story_sum.get(story[part], (np.zeros_like(vector), 0))
                self.story_sum[story[part]] = (total + vector, count + n)

    def towards(self, part: str, target: str) -> float | None:
        vector, n = self.part_sum[part]
        if not n or target not in self.story_sum:
            return None
        total, count = self.story_sum[target]
        if self.home[part] == target:
            total, count = total - vector, count - n
        return float(vector @ total) / (n * count) if count else None

    def move(self, part: str, home: str, target: str) -> None:
        vector, n = self.part_sum[part]
        total, count = self.story_sum[home]
        self.story_sum[home] = (total - vector, count - n)
        total, count = self.story_sum[target]
        self.story_sum[target] = (total + vector, count + n)
        self.home[part] = target


class _Probabilities:
    """Closeness as the average ``same_event`` probability of the links between (the event model)."""

    def __init__(self, links: list[Link], reused: dict[str, str]) -> None:
        self.links, self.reused = links, reused
        self.touching: dict[str, list[Link]] = {}
        self.story: dict[str, str] = {}

    def start(self, parts: dict[str, list[str]], story: dict[str, str]) -> None:
        self.story = story
        for link in self.links:
            if link.same_event is not None:
                for end in {self.reused[link.a], self.reused[link.b]} & parts.keys():
                    self.touching.setdefault(end, []).append(link)

    def towards(self, part: str, target: str) -> float | None:
        found = [lk.same_event or 0.0 for lk in self.touching.get(part, [])
                 if self.reused[lk.a] != self.reused[lk.b] and self.story[lk.other(self._end(lk, part))] == target]
        return sum(found) / len(found) if found else None

    def move(self, part: str, home: str, target: str) -> None:
        pass  # the mover updates ``story``, which towards reads

    def _end(self, link: Link, part: str) -> str:
        return link.a if self.reused[link.a] == part else link.b


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
        if reason and conflict(groups[ra].own, groups[rb].own) is None:
            reason += " (an undated report's date taken from its links)"
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
