"""What the pages and the API show, read through the store interface and the library.

Each function returns plain data (dicts, lists, small records); the API serialises it as JSON and the
templates render it.  Nothing here decides anything the pipeline has not already stored.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from newstrace.export import article_record, link_record, shorten, story_record
from newstrace.model import Article, Edit, Link, Passage, Placement
from newstrace.pipeline import stored_claims, story_claims
from newstrace.store.base import ProvenanceStore


class NotFound(LookupError):
    """No article, story or link with that id."""


def story_data(store: ProvenanceStore, story_id: str) -> dict[str, Any]:
    """A story: origin with confidence and evidence, each article's place (parent, relation, evidence), the
    stories kept apart, and the links between its articles (without passages; ``link_data`` has them)."""
    story = store.story(story_id)
    if story is None:
        raise NotFound(f"no story {story_id!r}")
    placements = {p.article_id: p for p in store.placements(story.id)}
    articles = store.articles_by_id(story.article_ids)
    data = story_record(story)
    data["articles"] = [_member(articles[i], placements.get(i)) for i in story.article_ids if i in articles]
    data["links"] = [link_record(lk) for lk in store.story_links(story.id)]
    return data


def _member(article: Article, placement: Placement | None) -> dict[str, Any]:
    record: dict[str, Any] = {"id": article.id, "url": article.url, "outlet": article.outlet,
                              "title": article.title, "published": article.published, "lang": article.lang}
    if placement is not None:
        record.update(parent=placement.parent, parent_outlet=placement.parent_outlet,
                      relation=placement.relation.value, confidence=placement.confidence,
                      evidence=placement.evidence)
    return record


def article_data(store: ProvenanceStore, article_id: str) -> dict[str, Any]:
    """An article as exported (clean text, removed spans with reasons, credits, its place in its story), with
    its stored claims: ``claims`` is None when the claims stage has not run on its current text."""
    article = store.get(article_id)
    if article is None:
        raise NotFound(f"no article {article_id!r}")
    record = article_record(article, store.placement(article_id))
    record["text"] = article.text
    result = store.claims_result(article_id)
    record["claims"] = stored_claims(store, article)
    record["claims_error"] = result.error if result is not None and result.content_hash == article.content_hash \
        else None
    return record


def find_link(store: ProvenanceStore, a: str, b: str) -> Link:
    for link in store.links(a, with_detail=True):
        if link.other(a) == b:
            return link
    raise NotFound(f"no link between {a!r} and {b!r}")


def link_data(store: ProvenanceStore, a: str, b: str) -> dict[str, Any]:
    """The link between two articles, with ``a`` as asked first: passages with spans on both sides, edits."""
    link = find_link(store, a, b)
    return link_record(_facing(link, a), detail=True)


def _facing(link: Link, a: str) -> Link:
    """The link with ``a`` on its ``a`` side (spans and coverages swapped if needed)."""
    if link.a == a:
        return link
    detail = replace(link.detail, passages=[_swapped(p) for p in link.detail.passages])
    return Link(link.b, link.a, link.kind, link.score, link.b_coverage, link.a_coverage, detail)


def _swapped(passage: Passage) -> Passage:
    edits = tuple(Edit(e.b, e.a, e.b_span, e.a_span) for e in passage.edits)
    return Passage(passage.b, passage.a, passage.tokens, edits)


def claims_data(store: ProvenanceStore, story_id: str) -> dict[str, Any]:
    """A story's claim slots from the stored claims (nothing is extracted on a read), and which articles have
    no claims yet."""
    story = store.story(story_id)
    if story is None:
        raise NotFound(f"no story {story_id!r}")
    data = story_claims(store, story_id, extract_missing=False)
    articles = store.articles_by_id(story.article_ids)
    data["not_extracted"] = [i for i, a in articles.items() if stored_claims(store, a) is None]
    data["articles"] = [_member(articles[i], None) for i in story.article_ids if i in articles]
    return data


# --- text segments: a text cut at span edges, each piece with what covers it ---------------------------------


@dataclass(slots=True, frozen=True)
class Segment:
    text: str
    kind: str  # "plain", or what covers it: "removed", "shared", "edit"
    note: str = ""  # the reason or the edit, shown on hover
    group: int = -1  # the passage it belongs to, to pair it with the other side


def removed_segments(article: dict[str, Any]) -> list[Segment]:
    """The article text before cleaning, with each cut span as a ``removed`` segment carrying its reason."""
    text: str = article["text"]
    pieces: list[Segment] = []
    at = 0
    for span in sorted(article["removed"], key=lambda r: (r["start"], r["end"])):
        start, end = max(span["start"], at), span["end"]
        if end <= start:
            continue
        if start > at:
            pieces.append(Segment(text[at:start], "plain"))
        pieces.append(Segment(text[start:end], "removed", span["reason"]))
        at = end
    if at < len(text):
        pieces.append(Segment(text[at:], "plain"))
    return pieces


def passage_segments(text: str, passages: list[dict[str, Any]], side: str) -> list[Segment]:
    """``text`` cut at the passages' and edits' edges on one side (``a`` or ``b``) of a link."""
    other = "b" if side == "a" else "a"
    marks: list[tuple[int, int, str, str, int]] = []
    for n, passage in enumerate(passages):
        start, end = passage[side]
        edits = sorted(passage["edits"], key=lambda e: e[f"{side}_span"][0])
        at = start
        for edit in edits:
            e_start, e_end = edit[f"{side}_span"]
            if e_start > at:
                marks.append((at, e_start, "shared", "", n))
            marks.append((e_start, max(e_end, e_start), "edit", f'"{edit[other]}" -> "{edit[side]}"', n))
            at = max(at, e_end)
        if at < end:
            marks.append((at, end, "shared", "", n))
    pieces: list[Segment] = []
    at = 0
    for start, end, kind, note, group in sorted(marks):
        if start < at:
            continue
        if start > at:
            pieces.append(Segment(text[at:start], "plain"))
        pieces.append(Segment(text[start:end] or "\u2205", kind, note, group))  # an empty side of an edit
        at = end
    if at < len(text):
        pieces.append(Segment(text[at:], "plain"))
    return pieces


# --- the derivation tree, laid out for an inline SVG --------------------------------------------------------


@dataclass(slots=True)
class Node:
    id: str
    label: str
    sub: str
    relation: str
    x: float = 0.0
    y: float = 0.0
    article: bool = True


@dataclass(slots=True, frozen=True)
class Edge:
    parent: str
    child: str
    label: str


@dataclass(slots=True)
class TreeLayout:
    nodes: list[Node]
    edges: list[Edge]
    width: float
    height: float
    node_w: float = 150.0
    node_h: float = 44.0

    def node(self, node_id: str) -> Node:
        return next(n for n in self.nodes if n.id == node_id)


SLOT_W = 180.0
LEVEL_H = 110.0
MARGIN = 20.0


def tree_layout(story: dict[str, Any]) -> TreeLayout:
    """Origin at the top, children below their parent, leaves side by side; an outlet outside the corpus that
    articles derive from gets a node of its own."""
    members = {m["id"]: m for m in story["articles"]}
    parent_of: dict[str, str | None] = {}
    nodes: dict[str, Node] = {}
    for m in story["articles"]:
        date = (m.get("published") or "undated")[:10]
        nodes[m["id"]] = Node(m["id"], shorten(m.get("outlet") or m["id"], 22), date, m.get("relation") or "")
        parent = m.get("parent")
        if parent in members:
            parent_of[m["id"]] = parent
        elif m.get("parent_outlet"):
            key = "outlet:" + m["parent_outlet"]
            nodes.setdefault(key, Node(key, shorten(m["parent_outlet"], 22), "not in the corpus", "outside",
                                       article=False))
            parent_of.setdefault(key, None)
            parent_of[m["id"]] = key
        else:
            parent_of[m["id"]] = None
    children: dict[str | None, list[str]] = {}
    for node_id in sorted(nodes, key=lambda i: ((members.get(i) or {}).get("published") or "", i)):
        children.setdefault(parent_of.get(node_id), []).append(node_id)
    next_slot = [0.0]

    def place(node_id: str, depth: int, seen: frozenset[str]) -> None:
        kids = [k for k in children.get(node_id, []) if k not in seen]
        for kid in kids:
            place(kid, depth + 1, seen | {kid})
        node = nodes[node_id]
        node.y = MARGIN + depth * LEVEL_H
        if kids:
            node.x = (nodes[kids[0]].x + nodes[kids[-1]].x) / 2
        else:
            node.x = MARGIN + next_slot[0] * SLOT_W
            next_slot[0] += 1

    for root in children.get(None, []):
        place(root, 0, frozenset({root}))
    edges = [Edge(parent, child, _edge_label(members.get(child))) for child, parent in parent_of.items()
             if parent is not None]
    depth = max((n.y for n in nodes.values()), default=0.0)
    width = max(next_slot[0], 1) * SLOT_W + MARGIN
    return TreeLayout(list(nodes.values()), edges, width, depth + LEVEL_H)


def _edge_label(member: dict[str, Any] | None) -> str:
    """The first line of the child's evidence: its relation and score, or the reason it was placed there."""
    if not member or not member.get("evidence"):
        return ""
    return shorten(member["evidence"][0], 30)


def timeline(story: dict[str, Any]) -> list[dict[str, Any]]:
    """Who published when, earliest first; undated articles last."""
    return sorted(story["articles"], key=lambda m: (m.get("published") is None, m.get("published") or "", m["id"]))


@dataclass(slots=True, frozen=True)
class ClaimCell:
    text: str  # the value as this article wrote it, or "" if it states none
    variant: int  # which of the slot's variants (0 is the first listed)
    changed_from: str | None = None  # the parent's value, when this copy changed it


def claim_rows(data: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per claim slot with one cell per article of the story (in ``data["articles"]`` order)."""
    rows = []
    for slot in data["slots"]:
        written: dict[str, tuple[str, int]] = {}
        for n, variant in enumerate(slot["variants"]):
            for span in variant["spans"]:
                written.setdefault(span["article"], (span["text"], n))
        changed = {c["article"]: c for c in slot["changes"]}
        cells = []
        for member in data["articles"]:
            text, variant_n = written.get(member["id"], ("", -1))
            change = changed.get(member["id"])
            cells.append(ClaimCell(text, variant_n, change["from"] if change else None))
        rows.append({"name": f"{slot['of'] or 'quantity'} ({slot['dimension']})", "cells": cells,
                     "variants": len(slot["variants"]), "changes": slot["changes"]})
    return rows
