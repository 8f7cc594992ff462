"""Trace stage: each story's origin, each article's likely parent, with evidence a person can check.

Evidence for "X came from Y": Y was published first; X's text lies inside Y's
(a partial copy keeps part of its source); X credits Y's outlet; X carries a
wire tag.  A parent published after its copy is flagged, not hidden.
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from newstrace.cluster import KeptApart, Member, stories
from newstrace.link import Linker, LinkSummary
from newstrace.link.classify import _dates
from newstrace.model import Link, Placement, Story
from newstrace.outlets import default_table
from newstrace.store.base import ProvenanceStore

COPY_KINDS = {"verbatim_copy", "partial_copy", "rewrite", "translation", "shared_source"}
CREDIT_KINDS = {"republication", "source", "via", "wire"}
# A copy of an unseen upstream is called verbatim when this much of it is shared with another copy.
OUTSIDE_VERBATIM = 0.5
SIBLING_KEPT = 0.4  # ... and holds this much of that copy
CREDITED = 0.6  # confidence of a placement under an outlet the article itself credits
VERBATIM_SHARE = 0.8  # of a copy inside its source, to be called verbatim ...
SOURCE_KEPT = 0.6  # ... when it also keeps this much of the source
KEPT_APART_SHOWN = 3  # alike stories kept apart by their dates, listed per story


@dataclass(slots=True)
class TraceSummary:
    linked: LinkSummary
    stories: int = 0
    multi_article_stories: int = 0
    relations: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def line(self) -> str:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.linked.links.items())) or "none"
        repaired = f" ({self.linked.repaired} damaged, made again)" if self.linked.repaired else ""
        return (f"fingerprinted {self.linked.fingerprinted}{repaired}, pairs checked {self.linked.pairs_checked}, "
                f"new links: {kinds}; {self.stories} stories ({self.multi_article_stories} with 2+ articles) "
                f"in {self.seconds:.1f}s")


@dataclass(slots=True)
class _Meta:
    id: str
    order: int
    outlet: str | None
    published: str | None
    credits: list[tuple[str, str]]  # (kind, outlet)


def trace(store: ProvenanceStore, *, threshold: float = 0.5, embeddings: bool = True,
          on_progress: Callable[[str], None] | None = None) -> TraceSummary:
    """Run link, cluster and trace over the store; only new articles are fingerprinted and linked."""
    started = time.perf_counter()
    linked = Linker(store, threshold=threshold, embeddings=embeddings, on_progress=on_progress).run()
    metas = _metas(store)
    links = store.links()
    weekdays = store.weekdays()
    members = {m.id: _member(m, weekdays.get(m.id)) for m in metas.values()}
    vectors = {i: np.frombuffer(v, dtype=np.float32) for i, v in store.embeddings().items()}
    apart: list[KeptApart] = []
    story_of = stories(members, links, vectors, apart)
    kept_apart = _kept_apart_by_story(apart)
    by_story: dict[str, list[str]] = defaultdict(list)
    for article_id, story in story_of.items():
        by_story[story].append(article_id)
    links_by_article: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        if story_of.get(link.a) == story_of.get(link.b):
            links_by_article[link.a].append(link)
            links_by_article[link.b].append(link)
    del story_of, links, members, vectors, weekdays, apart  # what placing needs is in metas and links_by_article
    summary = TraceSummary(linked)

    def traced() -> Iterator[tuple[Story, list[Placement]]]:
        for story_id, ids in sorted(by_story.items()):
            found, placed = _trace_story(story_id, sorted(ids, key=lambda i: metas[i].order), metas,
                                         links_by_article)
            found.kept_apart = kept_apart.get(story_id, [])
            summary.stories += 1
            summary.multi_article_stories += len(ids) > 1
            summary.relations.update(p.relation for p in placed)
            yield found, placed

    store.put_stories(traced())
    summary.seconds = time.perf_counter() - started
    return summary


def _kept_apart_by_story(apart: list[KeptApart]) -> dict[str, list[dict[str, object]]]:
    """For each story, the most alike stories its dates kept apart (a few: a person checks them by eye)."""
    found: dict[str, list[dict[str, object]]] = defaultdict(list)
    for pair in sorted(apart, key=lambda k: (-k.similarity, k.a, k.b)):
        for mine, other in ((pair.a, pair.b), (pair.b, pair.a)):
            if len(found[mine]) < KEPT_APART_SHOWN:
                found[mine].append({"story": other, "similarity": pair.similarity, "reason": pair.reason})
    return found


def _metas(store: ProvenanceStore) -> dict[str, _Meta]:
    out = {}
    for facts in store.article_facts():
        pairs = [(c["kind"], c["outlet"]) for c in facts.credits if c.get("outlet")]
        out[facts.id] = _Meta(facts.id, facts.order, facts.outlet, facts.published, pairs)
    return out


def _member(meta: _Meta, weekday: int | None) -> Member:
    # Only real dates count: years mentioned in a text are often history ("last won in 1986").
    day, month = _dates(meta.published)
    return Member(meta.order, day, month, month[0] if month else None, weekday)


def _trace_story(story_id: str, ids: list[str], metas: dict[str, _Meta],
                 links_by_article: dict[str, list[Link]]) -> tuple[Story, list[Placement]]:
    placements = {i: _place(i, story_id, metas, links_by_article[i]) for i in ids}
    _break_cycles(placements)
    children = Counter(p.parent for p in placements.values() if p.parent)
    for article_id, placement in placements.items():
        if placement.parent is None and children[article_id]:
            derived = f"{children[article_id]} article(s) in the story derive from it"
            if placement.parent_outlet and placement.confidence >= CREDITED:
                placement.evidence.append(derived)  # the first copy in the corpus of a text it credits
                continue
            placement.relation = "origin"
            placement.parent_outlet = None
            placement.evidence = [derived]
    story = _story(story_id, ids, placements, metas, children)
    return story, [placements[i] for i in ids]


def _break_cycles(placements: dict[str, Placement]) -> None:
    """Conflicting evidence can make two articles each other's source; the weaker claim goes."""
    for start in placements:
        seen: list[str] = []
        node: str | None = start
        while node is not None and node not in seen and node in placements:
            seen.append(node)
            node = placements[node].parent
        if node is not None and node in seen:
            cycle = seen[seen.index(node):]
            weakest = min(cycle, key=lambda i: (placements[i].confidence, i))
            placements[weakest].parent = None
            placements[weakest].evidence.append("its source claim was dropped: the evidence ran in a circle")


def _sort_key(meta: _Meta) -> tuple[int, str, int]:
    return (0 if meta.published else 1, meta.published or "", meta.order)


def _place(article_id: str, story_id: str, metas: dict[str, _Meta], links: list[Link]) -> Placement:
    me = metas[article_id]
    best: tuple[float, Link, str, list[str]] | None = None
    for link in links:
        other = _other(link, article_id)
        if link.kind not in COPY_KINDS or link.kind == "shared_source":
            continue
        weight, evidence = _parent_evidence(me, metas[other], link)
        if weight > 0 and (best is None or (weight, other) > (best[0], best[2])):
            best = (weight, link, other, evidence)
    if best is not None:
        weight, link, parent, evidence = best
        return Placement(article_id, story_id, _relation_to_parent(link, article_id), round(min(1.0, weight / 4), 2),
                         parent=parent, evidence=evidence)
    # a rewrite link still means passages shared word for word: two pages sharing them, neither shown to be
    # the source, were both cut from a text outside the corpus (two versions of a wire story, say)
    reuse = [lk for lk in links if lk.kind in COPY_KINDS - {"translation"}]
    external = _credited_outlet(me)
    if reuse or external:
        # A copy of a text that is not in the corpus: the credited outlet if any, else an unseen upstream.
        outlet = external[1] if external else _shared_outlet(reuse)
        evidence = [f"credits {outlet} ({external[0]}), which is not in the corpus"] if external else []
        if reuse:
            evidence.append(f"shares its text with {len(reuse)} other article(s), none shown to be the source")
        return Placement(article_id, story_id, _relation_to_outside(article_id, reuse), CREDITED if external else 0.4,
                         parent_outlet=outlet, evidence=evidence)
    translations = [lk for lk in links if lk.kind == "translation"]
    if translations:
        return Placement(article_id, story_id, "translation", 0.4,
                         evidence=[f"its sentences match {len(translations)} article(s) in another language"])
    others = [lk for lk in links if lk.kind in {"independent", "rewrite"}]
    evidence = [f"reports the same event as {len(others)} article(s) without reusing their text"] if others else []
    return Placement(article_id, story_id, "independent", 0.5, evidence=evidence)


def _shared_outlet(links: list[Link]) -> str | None:
    for link in links:
        if link.detail.get("shared_source"):
            return str(link.detail["shared_source"])
    return None


def _parent_evidence(me: _Meta, other: _Meta, link: Link) -> tuple[float, list[str]]:
    """How strongly ``other`` looks like ``me``'s source, and the reasons a person can check.

    Without a date, containment or credit pointing one way, two copies are siblings, not parent and child.
    """
    weight, evidence = 0.0, []
    mine, theirs = _coverage(link, me.id), _coverage(link, other.id)
    mine_day, their_day = _when(me.published, other.published), _when(other.published, me.published)
    ordered = False
    if mine_day is not None and their_day is not None and their_day != mine_day:
        ordered = True
        weight += 2 if their_day < mine_day else -2
        if their_day < mine_day:
            evidence.append(f"published {their_day}, before this copy ({mine_day})")
    if mine - theirs >= 0.2:
        weight += 1.5
        evidence.append(f"this text lies within it ({mine:.0%} of this article is shared, {theirs:.0%} of it)")
    elif theirs - mine >= 0.2:
        weight -= 1.5
    credited = bool(other.outlet and any(outlet == other.outlet for kind, outlet in me.credits
                                         if kind in CREDIT_KINDS | {"cited"}))
    if credited:
        weight += 2
        evidence.append(f"credits {other.outlet}, its outlet")
    if me.outlet and any(outlet == me.outlet for _, outlet in other.credits):
        weight -= 2
    credits_other = any(outlet == other.outlet for _, outlet in me.credits)
    if not credits_other and _credited_outlet(other) is not None:
        # the other is itself a copy of an outside source: more likely a sibling than a parent
        return 0.0, []
    if not ordered and not credited:
        # containment alone fits "cut from it" and "cut, like it, from a third text" equally: siblings
        return 0.0, []
    if weight > 0 and mine_day and their_day and their_day > mine_day:
        evidence.append(f"date contradicts the derivation: the source is dated {their_day}, after its copy "
                        f"({mine_day})")
    evidence.insert(0, f"{link.kind.replace('_', ' ')} (score {link.score:.2f})")
    return weight, evidence


def _when(mine: str | None, theirs: str | None) -> str | None:
    """A date to compare with the other's: the full timestamp when both have one, else the day."""
    if not mine or not theirs or len(mine) < 10 or len(theirs) < 10:
        return None
    both_timed = len(mine) > 10 and len(theirs) > 10
    return mine[:19] if both_timed else mine[:10]


def _other(link: Link, article_id: str) -> str:
    return link.b if link.a == article_id else link.a


def _coverage(link: Link, article_id: str) -> float:
    return link.a_coverage if link.a == article_id else link.b_coverage


def _relation_to_parent(link: Link, article_id: str) -> str:
    """A copy that keeps only part of its source (a truncated or abridged text) is partial, however much
    of the copy lies inside the source."""
    if link.kind in {"rewrite", "translation", "verbatim_copy"}:
        return link.kind
    other = _other(link, article_id)
    whole = _coverage(link, article_id) >= VERBATIM_SHARE and _coverage(link, other) >= SOURCE_KEPT
    return "verbatim_copy" if whole else "partial_copy"


def _relation_to_outside(article_id: str, links: list[Link]) -> str:
    """Copy of a text outside the corpus: verbatim when another copy covers much of it and it covers much
    of that copy; a copy that holds only part of a sibling's text was cut from the source."""
    shared = [lk for lk in links if lk.kind in COPY_KINDS]
    if not shared:
        return "verbatim_copy"
    best = max(shared, key=lambda lk: _coverage(lk, article_id))
    other = _other(best, article_id)
    holds_sibling = _coverage(best, other) >= VERBATIM_SHARE  # the fuller of two cuts of one text
    whole = _coverage(best, article_id) >= OUTSIDE_VERBATIM and _coverage(best, other) >= SIBLING_KEPT
    return "verbatim_copy" if whole or holds_sibling else "partial_copy"


def _credited_outlet(me: _Meta) -> tuple[str, str] | None:
    """The outside source an article names: a notice, a source line, a wire tag, or a wire agency it cites."""
    for wanted in ("republication", "source", "via", "wire"):
        for kind, outlet in me.credits:
            if kind == wanted and outlet != me.outlet:
                return kind, outlet
    agencies = set(default_table().wires.values())
    for kind, outlet in me.credits:
        if kind == "cited" and outlet in agencies and outlet != me.outlet:
            return "cited wire agency", outlet
    return None


def _story(story_id: str, ids: list[str], placements: dict[str, Placement], metas: dict[str, _Meta],
           children: Counter[str]) -> Story:
    roots = [i for i in ids if placements[i].relation == "origin"]
    outside = Counter(p.parent_outlet for p in placements.values() if p.parent_outlet)
    if roots:
        # most copied first; between equals, the earliest dated (an undated page proves no priority)
        root = min(roots, key=lambda i: (-children[i], *_sort_key(metas[i])))
        share = (children[root] + 1) / len(ids)
        evidence = [f"{metas[root].outlet or root}: {children[root]} article(s) derive from it"]
        evidence += placements[root].evidence[1:]
        return Story(story_id, ids, round(min(0.95, 0.5 + share / 2), 2), origin=root, evidence=evidence)
    if outside:
        outlet, n = outside.most_common(1)[0]
        return Story(story_id, ids, round(min(0.9, 0.4 + n / len(ids) / 2), 2), origin_outlet=outlet,
                     evidence=[f"{n} of {len(ids)} article(s) credit {outlet}, which is not in the corpus"])
    first = min(ids, key=lambda i: _sort_key(metas[i]))
    return Story(story_id, ids, 0.3 if len(ids) > 1 else 0.2, origin=first,
                 evidence=["no copies or credits; the earliest report is taken as the origin"])
