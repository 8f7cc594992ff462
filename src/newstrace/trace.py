"""Trace stage: each story's origin, each article's likely parent, with evidence a person can check.

Evidence for "X came from Y": Y was published first; X's text lies inside Y's
(a partial copy keeps part of its source); X credits Y's outlet; X carries a
wire tag.  A parent published after its copy is flagged, not hidden.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from newstrace.cluster import KeptApart
from newstrace.config import TraceConfig
from newstrace.link.classify import relation_to_outside, relation_to_parent
from newstrace.model import COPY_KINDS, SOURCE_CREDIT_KINDS, Credit, Link, LinkKind, Placement, Relation, Story
from newstrace.outlets import default_table
from newstrace.relations import Page, RelationModel, relabel

CREDITED = 0.6  # confidence of a placement under an outlet the article itself credits
UNSEEN_SOURCE = 0.4  # ... under an unseen source that siblings share, or beside translations
INDEPENDENT = 0.5  # ... of a report that reuses nobody's text
KEPT_APART_SHOWN = 3  # alike stories kept apart by their dates, listed per story
# A rewrite link shows derivation by date only when most of both texts is shared (one article reworded) or the
# later page credits the earlier's outlet: two pages sharing a few edited sentences are two versions of a wire
# text, whichever came out first.
REWORDED_WHOLE = 0.5


@dataclass(slots=True)
class Facts:
    """What tracing needs of an article: ingest order, outlet, date and the outlets it credits."""

    id: str
    order: int
    outlet: str | None
    published: str | None
    credits: list[tuple[str, str]]  # (kind, outlet)
    lang: str | None = None
    credit_kinds: frozenset[str] = frozenset()  # every credit's kind, with an outlet named or not

    @classmethod
    def of(cls, article_id: str, order: int, outlet: str | None, published: str | None,
           credits: list[Credit], lang: str | None = None) -> Facts:
        return cls(article_id, order, outlet, published, [(c.kind, c.outlet) for c in credits if c.outlet], lang,
                   frozenset(c.kind for c in credits))


def trace_stories(story_of: dict[str, str], facts: dict[str, Facts], links: list[Link],
                  apart: list[KeptApart], config: TraceConfig,
                  relation_model: RelationModel | None = None) -> Iterator[tuple[Story, list[Placement]]]:
    """Each story with its origin, and each of its articles' placement, one story at a time.  With
    ``relation_model``, each placed article's relation is the model's (newstrace.relations)."""
    kept_apart = _kept_apart_by_story(apart)
    by_story = _by_story(story_of)
    links_by_article = _links_by_article(story_of, links)
    for story_id, ids in sorted(by_story.items()):
        ordered = sorted(ids, key=lambda i: facts[i].order)
        found, placed = _trace_story(story_id, ordered, facts, links_by_article, config)
        if relation_model is not None:
            relabel(model_pages(placed, facts, links_by_article), relation_model)
        found.kept_apart = kept_apart.get(story_id, [])
        yield found, placed


def _by_story(story_of: dict[str, str]) -> dict[str, list[str]]:
    by_story: dict[str, list[str]] = defaultdict(list)
    for article_id, story in story_of.items():
        by_story[story].append(article_id)
    return by_story


def _links_by_article(story_of: dict[str, str], links: list[Link]) -> dict[str, list[Link]]:
    """Each article's links within its story."""
    found: dict[str, list[Link]] = defaultdict(list)
    for link in links:
        if story_of.get(link.a) == story_of.get(link.b):
            found[link.a].append(link)
            found[link.b].append(link)
    return found


def model_pages(placed: list[Placement], facts: dict[str, Facts],
                links_by_article: dict[str, list[Link]]) -> list[Page]:
    """What the relation model reads of one story's placed articles."""
    children = Counter(p.parent for p in placed if p.parent)
    return [Page(p, links_by_article.get(p.article_id, []), facts[p.article_id].credit_kinds,
                 children[p.article_id]) for p in placed]


def stored_model_pages(placements: list[Placement], facts: dict[str, Facts], links: list[Link]) -> list[Page]:
    """The relation model's pages of a traced store, story by story (to train the model on labelled pages)."""
    story_of = {p.article_id: p.story for p in placements}
    links_by_article = _links_by_article(story_of, links)
    by_story: dict[str, list[Placement]] = defaultdict(list)
    for placement in placements:
        by_story[placement.story].append(placement)
    return [page for _, placed in sorted(by_story.items()) for page in model_pages(placed, facts, links_by_article)]


def _kept_apart_by_story(apart: list[KeptApart]) -> dict[str, list[dict[str, object]]]:
    """For each story, the most alike stories its dates kept apart (a few: a person checks them by eye)."""
    found: dict[str, list[dict[str, object]]] = defaultdict(list)
    for pair in sorted(apart, key=lambda k: (-k.similarity, k.a, k.b)):
        for mine, other in ((pair.a, pair.b), (pair.b, pair.a)):
            if len(found[mine]) < KEPT_APART_SHOWN:
                found[mine].append({"story": other, "similarity": pair.similarity, "reason": pair.reason})
    return found


def _trace_story(story_id: str, ids: list[str], facts: dict[str, Facts], links_by_article: dict[str, list[Link]],
                 config: TraceConfig) -> tuple[Story, list[Placement]]:
    partners = {i: _copy_partners(i, links_by_article) for i in ids}  # once a story: a giant one stays linear
    placements = {i: _place(i, story_id, facts, links_by_article[i], partners, config) for i in ids}
    _break_cycles(placements)
    children = Counter(p.parent for p in placements.values() if p.parent)
    for article_id, placement in placements.items():
        if placement.parent is None and children[article_id]:
            derived = f"{children[article_id]} article(s) in the story derive from it"
            if placement.parent_outlet and placement.confidence >= CREDITED:
                placement.evidence.append(derived)  # the first copy in the corpus of a text it credits
                continue
            placement.relation = Relation.ORIGIN
            placement.parent_outlet = None
            placement.evidence = [derived]
    story = _story(story_id, ids, placements, facts, children)
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


def _sort_key(meta: Facts) -> tuple[int, str, int]:
    return (0 if meta.published else 1, meta.published or "", meta.order)


def _place(article_id: str, story_id: str, facts: dict[str, Facts], links: list[Link],
           partners: dict[str, set[str]], config: TraceConfig) -> Placement:
    me = facts[article_id]
    best: tuple[float, Link, str, list[str]] | None = None
    for link in links:
        other = link.other(article_id)
        if link.kind not in COPY_KINDS or link.kind == LinkKind.SHARED_SOURCE:
            continue
        rival = _shared_priority(me, facts[other], facts, partners)
        weight, evidence = _parent_evidence(me, facts[other], link, config, rival)
        if weight > 0 and (best is None or (weight, other) > (best[0], best[2])):
            best = (weight, link, other, evidence)
    if best is not None:
        weight, link, parent, evidence = best
        confidence = round(min(1.0, weight / config.weight_per_confidence), 2)
        return Placement(article_id, story_id, relation_to_parent(link, article_id), confidence, parent=parent,
                         evidence=evidence)
    # a rewrite link still means passages shared word for word: two pages sharing them, neither shown to be
    # the source, were both cut from a text outside the corpus (two versions of a wire story, say)
    reuse = [lk for lk in links if lk.kind in COPY_KINDS - {LinkKind.TRANSLATION}]
    external = credited_outlet(me)
    if reuse or external:
        # A copy of a text that is not in the corpus: the credited outlet if any, else an unseen upstream.
        outlet = external[1] if external else _shared_outlet(reuse)
        evidence = [f"credits {outlet} ({external[0]}), which is not in the corpus"] if external else []
        if reuse:
            evidence.append(f"shares its text with {len(reuse)} other article(s), none shown to be the source")
        return Placement(article_id, story_id, relation_to_outside(article_id, reuse),
                         CREDITED if external else UNSEEN_SOURCE, parent_outlet=outlet, evidence=evidence)
    translations = [lk for lk in links if lk.kind == LinkKind.TRANSLATION]
    if translations:
        return Placement(article_id, story_id, Relation.TRANSLATION, UNSEEN_SOURCE,
                         evidence=[f"its sentences match {len(translations)} article(s) in another language"])
    others = [lk for lk in links if lk.kind in {LinkKind.INDEPENDENT, LinkKind.REWRITE}]
    evidence = [f"reports the same event as {len(others)} article(s) without reusing their text"] if others else []
    return Placement(article_id, story_id, Relation.INDEPENDENT, INDEPENDENT, evidence=evidence)


def _shared_outlet(links: list[Link]) -> str | None:
    for link in links:
        if link.detail.shared_source:
            return link.detail.shared_source
    return None


def _parent_evidence(me: Facts, other: Facts, link: Link, config: TraceConfig,
                     rival: str | None = None) -> tuple[float, list[str]]:
    """How strongly ``other`` looks like ``me``'s source, and the reasons a person can check.

    Without a date, containment or credit pointing one way, two copies are siblings, not parent and child.
    ``rival``: a third page holding the same text and published no later than ``other``, whose date then
    shows no priority of ``other`` (``_shared_priority``).
    """
    weight, evidence = 0.0, []
    mine, theirs = link.coverage(me.id), link.coverage(other.id)
    mine_day, their_day = _when(me.published, other.published), _when(other.published, me.published)
    ordered = False
    credited = bool(other.outlet and any(outlet == other.outlet for kind, outlet in me.credits
                                         if kind in (*SOURCE_CREDIT_KINDS, "cited")))
    versions = link.kind == LinkKind.REWRITE and min(mine, theirs) < REWORDED_WHOLE and not credited
    if rival is None and not versions and mine_day is not None and their_day is not None and their_day != mine_day:
        ordered = True
        weight += config.weight_dated_first if their_day < mine_day else -config.weight_dated_first
        if their_day < mine_day:
            evidence.append(f"published {their_day}, before this copy ({mine_day})")
    if mine - theirs >= config.contained_margin:
        weight += config.weight_contained
        evidence.append(f"this text lies within it ({mine:.0%} of this article is shared, {theirs:.0%} of it)")
    elif theirs - mine >= config.contained_margin:
        weight -= config.weight_contained
    if credited:
        weight += config.weight_credited
        evidence.append(f"credits {other.outlet}, its outlet")
    if me.outlet and any(outlet == me.outlet for _, outlet in other.credits):
        weight -= config.weight_credited
    # a "Source link" footer says the page was copied from the page it links to; one with no sign of copying
    # is the likelier of the two to be that page
    marked = _copy_marked(me) and not _copy_marked(other) and not other.credits
    if marked:
        weight += config.weight_credited
        evidence.append("this page ends in a link back to its source (\"Source link\"); it shows no sign of "
                        "copying")
    elif _copy_marked(other) and not _copy_marked(me) and not me.credits:
        weight -= config.weight_credited
    credits_other = any(outlet == other.outlet for _, outlet in me.credits)
    if not credits_other and (credited_outlet(other) is not None or credited_outlet(me) is not None):
        # one of the two names an outside source the other is not: more likely siblings than parent and child
        return 0.0, []
    if not ordered and not credited and not marked:
        # containment alone fits "cut from it" and "cut, like it, from a third text" equally: siblings
        return 0.0, []
    if weight > 0 and mine_day and their_day and their_day > mine_day:
        evidence.append(f"date contradicts the derivation: the source is dated {their_day}, after its copy "
                        f"({mine_day})")
    evidence.insert(0, f"{link.kind.replace('_', ' ')} (score {link.score:.2f})")
    return weight, evidence


def _shared_priority(me: Facts, other: Facts, facts: dict[str, Facts], partners: dict[str, set[str]]) -> str | None:
    """A third page that copies word for word the text ``me`` and ``other`` share (a verbatim or partial
    copy link to each), does not credit ``other``'s outlet, and was published no later than ``other`` (at
    the precision both dates have: the time, the day, or the month), if any.  Then ``other`` was not the
    first to carry that text, and being earlier than ``me`` does not make it ``me``'s source: the text was
    already going round (a wire story that several outlets ran the same day).  An undated third page shows
    nothing either way."""
    if not other.published or not me.published or other.published[:10] >= me.published[:10]:
        return None  # only an earlier other claims priority
    mine, theirs = partners.get(me.id, set()), partners.get(other.id, set())
    for third in sorted((mine & theirs) - {me.id, other.id}):
        page = facts.get(third)
        if page is None or not page.published or (other.outlet and any(o == other.outlet for _, o in page.credits)):
            continue
        width = 19 if len(page.published) > 10 and len(other.published) > 10 else min(len(page.published),
                                                                                          len(other.published), 10)
        if page.published[:width] <= other.published[:width]:
            return third
    return None


def _copy_partners(article_id: str, links_by_article: dict[str, list[Link]]) -> set[str]:
    return {lk.other(article_id) for lk in links_by_article.get(article_id, [])
            if lk.kind in (LinkKind.VERBATIM_COPY, LinkKind.PARTIAL_COPY)}


def _copy_marked(me: Facts) -> bool:
    """The page links back to an unnamed source, as scraped copies do."""
    return "link_back" in me.credit_kinds


def _when(mine: str | None, theirs: str | None) -> str | None:
    """A date to compare with the other's: the full timestamp when both have one, else the day."""
    if not mine or not theirs or len(mine) < 10 or len(theirs) < 10:
        return None
    both_timed = len(mine) > 10 and len(theirs) > 10
    return mine[:19] if both_timed else mine[:10]


def credited_outlet(me: Facts) -> tuple[str, str] | None:
    """The outside source an article names: a notice, a source line, a wire tag, or a wire agency it cites."""
    for wanted in SOURCE_CREDIT_KINDS:
        for kind, outlet in me.credits:
            if kind == wanted and outlet != me.outlet:
                return kind, outlet
    agencies = set(default_table().wires.values())
    for kind, outlet in me.credits:
        if kind == "cited" and outlet in agencies and outlet != me.outlet:
            return "cited wire agency", outlet
    return None


def _story(story_id: str, ids: list[str], placements: dict[str, Placement], facts: dict[str, Facts],
           children: Counter[str]) -> Story:
    roots = [i for i in ids if placements[i].relation == Relation.ORIGIN]
    outside = Counter(p.parent_outlet for p in placements.values() if p.parent_outlet)
    if roots:
        # most copied first; between equals, the earliest dated (an undated page proves no priority)
        root = min(roots, key=lambda i: (-children[i], *_sort_key(facts[i])))
        share = (children[root] + 1) / len(ids)
        evidence = [f"{facts[root].outlet or root}: {children[root]} article(s) derive from it"]
        evidence += placements[root].evidence[1:]
        return Story(story_id, ids, round(min(0.95, 0.5 + share / 2), 2), origin=root, evidence=evidence)
    if outside:
        outlet, n = outside.most_common(1)[0]
        return Story(story_id, ids, round(min(0.9, 0.4 + n / len(ids) / 2), 2), origin_outlet=outlet,
                     evidence=[f"{n} of {len(ids)} article(s) credit {outlet}, which is not in the corpus"])
    first = min(ids, key=lambda i: _sort_key(facts[i]))
    return Story(story_id, ids, 0.3 if len(ids) > 1 else 0.2, origin=first,
                 evidence=["no copies or credits; the earliest report is taken as the origin"])
