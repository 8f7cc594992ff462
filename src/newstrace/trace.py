"""Trace stage: each story's origin, each article's likely parent, with evidence a person can check.

Evidence for "X came from Y": Y was published first; X's text lies inside Y's
(a partial copy keeps part of its source); X credits Y's outlet; X carries a
wire tag.  A parent published after its copy is flagged, not hidden.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from newstrace.cluster import Member, stories
from newstrace.link import Linker, LinkSummary
from newstrace.link.classify import _dates
from newstrace.model import Link, Placement, Story
from newstrace.store.sqlite import SQLiteStore

COPY_KINDS = {"verbatim_copy", "partial_copy", "rewrite", "translation", "shared_source"}
CREDIT_KINDS = {"republication", "source", "via", "wire"}


@dataclass(slots=True)
class TraceSummary:
    linked: LinkSummary
    stories: int = 0
    multi_article_stories: int = 0
    relations: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0

    def line(self) -> str:
        kinds = ", ".join(f"{k} {n}" for k, n in sorted(self.linked.links.items())) or "none"
        return (f"fingerprinted {self.linked.fingerprinted}, pairs checked {self.linked.pairs_checked}, "
                f"new links: {kinds}; {self.stories} stories ({self.multi_article_stories} with 2+ articles) "
                f"in {self.seconds:.1f}s")


@dataclass(slots=True)
class _Meta:
    id: str
    order: int
    outlet: str | None
    published: str | None
    credits: list[tuple[str, str]]  # (kind, outlet)


def trace(store: SQLiteStore, *, threshold: float = 0.5, embeddings: bool = True,
          on_progress: Callable[[str], None] | None = None) -> TraceSummary:
    """Run link, cluster and trace over the store; only new articles are fingerprinted and linked."""
    started = time.perf_counter()
    linked = Linker(store, threshold=threshold, embeddings=embeddings, on_progress=on_progress).run()
    metas = _metas(store)
    links = store.links()
    members = {m.id: _member(m, store) for m in metas.values()}
    vectors = {i: np.frombuffer(v, dtype=np.float32) for i, v in store.embeddings().items()}
    story_of = stories(members, links, vectors)
    by_story: dict[str, list[str]] = defaultdict(list)
    for article_id, story in story_of.items():
        by_story[story].append(article_id)
    links_by_article: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        if story_of.get(link.a) == story_of.get(link.b):
            links_by_article[link.a].append(link)
            links_by_article[link.b].append(link)
    all_stories: list[Story] = []
    placements: list[Placement] = []
    for story_id, ids in sorted(by_story.items()):
        story, placed = _trace_story(story_id, sorted(ids, key=lambda i: metas[i].order), metas, links_by_article)
        all_stories.append(story)
        placements.extend(placed)
    store.put_stories(all_stories, placements)
    summary = TraceSummary(linked, len(all_stories), sum(len(s.article_ids) > 1 for s in all_stories),
                           Counter(p.relation for p in placements), time.perf_counter() - started)
    return summary


def _metas(store: SQLiteStore) -> dict[str, _Meta]:
    rows = store.db.execute("SELECT id, rowid, outlet, published, credits FROM articles ORDER BY rowid")
    out = {}
    for article_id, order, outlet, published, credits in rows:
        pairs = [(c["kind"], c["outlet"]) for c in json.loads(credits) if c.get("outlet")]
        out[article_id] = _Meta(article_id, order, outlet, published, pairs)
    return out


def _member(meta: _Meta, store: SQLiteStore) -> Member:
    day, month = _dates(meta.published)
    year = month[0] if month else None
    if year is None:
        row = store.fingerprint_row(meta.id)
        years = row["years"] if row else []
        year = max(years) if years else None
    return Member(meta.order, day, month, year)


def _trace_story(story_id: str, ids: list[str], metas: dict[str, _Meta],
                 links_by_article: dict[str, list[Link]]) -> tuple[Story, list[Placement]]:
    order = {article_id: rank for rank, article_id in enumerate(sorted(ids, key=lambda i: _sort_key(metas[i])))}
    placements: dict[str, Placement] = {}
    children: Counter[str] = Counter()
    for article_id in ids:
        placement = _place(article_id, story_id, order, metas, links_by_article[article_id])
        placements[article_id] = placement
        if placement.parent:
            children[placement.parent] += 1
    for article_id, placement in placements.items():
        if placement.parent is None and placement.parent_outlet is None:
            if children[article_id]:
                placement.relation = "origin"
                placement.evidence.insert(0, f"{children[article_id]} article(s) in the story derive from it")
            elif placement.relation not in {"independent"}:
                placement.relation = "independent"
    story = _story(story_id, ids, placements, metas, children)
    return story, [placements[i] for i in ids]


def _sort_key(meta: _Meta) -> tuple[int, str, int]:
    return (0 if meta.published else 1, meta.published or "", meta.order)


def _place(article_id: str, story_id: str, order: dict[str, int], metas: dict[str, _Meta],
           links: list[Link]) -> Placement:
    me = metas[article_id]
    best: tuple[float, Link, str, list[str]] | None = None
    for link in links:
        other = link.b if link.a == article_id else link.a
        if link.kind not in COPY_KINDS or link.kind == "shared_source":
            continue
        weight, evidence = _parent_evidence(me, metas[other], link, order)
        if weight > 0 and (best is None or (weight, -order[other]) > (best[0], -order[best[2]])):
            best = (weight, link, other, evidence)
    external = _credited_outlet(me)
    if best is not None:
        weight, link, parent, evidence = best
        relation = _relation_to_parent(link, article_id)
        return Placement(article_id, story_id, relation, round(min(1.0, weight / 4), 2), parent=parent,
                         evidence=evidence)
    if external is not None:
        kind, outlet = external
        relation = _relation_to_outside(article_id, links)
        return Placement(article_id, story_id, relation, 0.6 if kind != "wire" else 0.7, parent_outlet=outlet,
                         evidence=[f"credits {outlet} ({kind}); {outlet} is not in the corpus"])
    shared = [lk for lk in links if lk.kind == "shared_source"]
    if shared:
        source = shared[0].detail.get("shared_source") if shared[0].detail else None
        return Placement(article_id, story_id, _relation_to_outside(article_id, links), 0.5, parent_outlet=source,
                         evidence=["shares its text with other copies of an upstream text not in the corpus"])
    others = [lk for lk in links if lk.kind in {"independent", "translation"}]
    evidence = [f"reports the same event as {len(others)} article(s) without reusing their text"] if others else []
    return Placement(article_id, story_id, "independent", 0.5, evidence=evidence)


def _parent_evidence(me: _Meta, other: _Meta, link: Link, order: dict[str, int]) -> tuple[float, list[str]]:
    """How strongly ``other`` looks like ``me``'s source, and the reasons a person can check."""
    weight, evidence = 0.0, []
    mine, theirs = _coverage(link, me.id), _coverage(link, other.id)
    if me.published and other.published and other.published[:10] < me.published[:10]:
        weight += 2
        evidence.append(f"published {other.published[:10]}, before this copy ({me.published[:10]})")
    elif me.published and other.published and other.published[:10] > me.published[:10]:
        weight -= 2
    if mine - theirs >= 0.2:
        weight += 1.5
        evidence.append(f"this text lies within it ({mine:.0%} of this article is shared, {theirs:.0%} of it)")
    elif theirs - mine >= 0.2:
        weight -= 1.5
    if other.outlet and any(outlet == other.outlet for kind, outlet in me.credits if kind in CREDIT_KINDS | {"cited"}):
        weight += 2
        evidence.append(f"credits {other.outlet}, its outlet")
    if any(outlet == me.outlet for _, outlet in other.credits) and me.outlet:
        weight -= 2
    if weight == 0 and order[other.id] < order[me.id]:
        weight = 0.5
        evidence.append("stored before this copy; no date or containment decides the direction")
    if weight > 0 and me.published and other.published and other.published[:10] > me.published[:10]:
        evidence.append(f"date contradicts the derivation: the source is dated {other.published[:10]}, "
                        f"after its copy ({me.published[:10]})")
    evidence.insert(0, f"{link.kind.replace('_', ' ')} (score {link.score:.2f})")
    return weight, evidence


def _coverage(link: Link, article_id: str) -> float:
    return link.a_coverage if link.a == article_id else link.b_coverage


def _relation_to_parent(link: Link, article_id: str) -> str:
    if link.kind in {"rewrite", "translation", "verbatim_copy"}:
        return link.kind
    return "verbatim_copy" if _coverage(link, article_id) >= 0.8 else "partial_copy"


def _relation_to_outside(article_id: str, links: list[Link]) -> str:
    """Copy of a text outside the corpus: verbatim when other copies cover nearly all of it."""
    best = max((_coverage(lk, article_id) for lk in links if lk.kind in COPY_KINDS), default=None)
    if best is None or best >= 0.5:
        return "verbatim_copy"
    return "partial_copy"


def _credited_outlet(me: _Meta) -> tuple[str, str] | None:
    for wanted in ("republication", "source", "via", "wire"):
        for kind, outlet in me.credits:
            if kind == wanted and outlet != me.outlet:
                return kind, outlet
    return None


def _story(story_id: str, ids: list[str], placements: dict[str, Placement], metas: dict[str, _Meta],
           children: Counter[str]) -> Story:
    roots = [i for i in ids if placements[i].relation == "origin"]
    outside = Counter(p.parent_outlet for p in placements.values() if p.parent_outlet)
    if roots:
        root = max(roots, key=lambda i: (children[i], -ids.index(i)))
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
