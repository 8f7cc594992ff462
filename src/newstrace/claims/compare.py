"""Compare claims across a story: claim slots, their variants, and which copy changed a figure.

A slot is one thing the story's articles give a number for: the same dimension (a count of
carriages, a speed, a sum of money) and the same counted noun or measured property.  Values equal
after conversion to base units and rounding to two significant figures are one variant, so 37 mph
and 60 km/h agree while 55 km/h does not.  A copy whose value differs from its parent's in the same
slot is where the figure changed; edits inside a direct quotation are reported the same way.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from newstrace.claims.article import ArticleClaims
from newstrace.claims.quantities import Quantity
from newstrace.model import Article, Link, Passage, Placement

SIGNIFICANT = 2


@dataclass(slots=True)
class Variant:
    base: float
    tolerance: float
    written: str
    normalized: dict[str, Any]
    articles: list[str] = field(default_factory=list)
    earliest: str | None = None
    spans: list[dict[str, Any]] = field(default_factory=list)  # where each article states it

    def as_dict(self) -> dict[str, Any]:
        return {"written": self.written, "normalized": self.normalized, "articles": self.articles,
                "earliest": self.earliest, "spans": self.spans}


@dataclass(slots=True)
class Slot:
    dimension: str
    of: str | None
    variants: list[Variant] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)
    context: set[str] = field(default_factory=set)
    stated: dict[str, float] = field(default_factory=dict)  # article -> its value here
    langs: set[str | None] = field(default_factory=set)  # of the articles that state it

    def as_dict(self) -> dict[str, Any]:
        return {"dimension": self.dimension, "of": self.of, "variants": [v.as_dict() for v in self.variants],
                "changes": self.changes, "articles": len(self.stated)}


def slot_key(q: Quantity) -> tuple[str, str | None]:
    dimension = q.normalized.get("dimension") or {"count": "count", "currency": f"money:{q.unit}",
                                                  "percent": "percent"}.get(q.kind, q.unit or "number")
    return str(dimension), _singular(q.of)


def _singular(words: str | None) -> str | None:
    """The head noun of what a figure counts or measures, singular: "maximum speed" and "top speed" are
    both a speed, "carriages" a carriage."""
    if not words or not words.split():
        return None
    word = words.lower().split()[-1]
    return word[:-1] if word.endswith("s") and not word.endswith("ss") and len(word) > 3 else word


def _tolerance(q: Quantity, base: float) -> float:
    """Half a unit in the last significant digit of the figure as written, in base units: "22 km/h" stands
    for 21.5 to 22.5 km/h, so 12 knots (22.2 km/h) agrees with it and 55 km/h does not agree with 60."""
    digits = re.sub(r"\D", "", re.search(r"[\d.,]+", q.text).group(0)) if re.search(r"\d", q.text) else ""  # type: ignore[union-attr]
    significant = max(SIGNIFICANT, len(digits.strip("0")))
    if q.value == 0 or not math.isfinite(q.value):
        return 0.0
    step = 10 ** (math.floor(math.log10(abs(q.value))) - significant + 1)
    return abs(0.5 * step * base / q.value)


# Two figures of one kind speak of the same thing when their sentences share this much of their words
# ("212 passengers ... brought ashore" and "all 220 people on board were rescued" do; the ship's capacity
# of "350 passengers" does not).
MIN_CONTEXT = 0.2
MIN_SHARED_WORDS = 2
# A count under another noun fills a slot only when its sentence says much the same: "More than 5,000 residents
# were evacuated" and "3,400 people were evacuated" count the same; "two lifeboats" and "nine fishing boats" in
# one sentence do not.
ROLE_CONTEXT = 0.7
_WORD = re.compile(r"[^\W\d_]{4,}")
_SENTENCE_END = re.compile(r"[.!?\n]")


def compare(claims: dict[str, ArticleClaims], articles: dict[str, Article], placements: dict[str, Placement],
            links: list[Link]) -> dict[str, Any]:
    """Claim slots of one story, with variants, who states each first, and where copies changed them."""
    order = sorted(claims, key=lambda i: (articles[i].published or "9999", i))
    figures = {i: [q for q in claims[i].quantities if _comparable_figure(q)] for i in order}
    aligned = _aligned(figures, links)
    placed: dict[tuple[str, int], Slot] = {}
    slots: list[Slot] = []
    for article_id in order:
        text = articles[article_id].clean_text
        for q in figures[article_id]:
            context = _context(text, q)
            base = float(q.normalized.get("value", q.value))
            tolerance = _tolerance(q, base)
            slot = _repeated(slots, article_id, slot_key(q), base, tolerance) \
                or _aligned_slot(aligned.get((article_id, q.start), []), placed, article_id, slot_key(q)) \
                or _slot_for(slot_key(q), context, article_id, slots, base, articles[article_id].lang)
            placed[(article_id, q.start)] = slot
            variant = next((v for v in slot.variants if abs(v.base - base) <= max(v.tolerance, tolerance)), None)
            if variant is None:
                variant = Variant(base, tolerance, q.text, q.normalized, earliest=article_id)
                slot.variants.append(variant)
            if article_id not in variant.articles:
                variant.articles.append(article_id)
            variant.spans.append({"article": article_id, "text": q.text, "start": q.start, "end": q.end})
            slot.stated[article_id] = variant.base
            slot.langs.add(articles[article_id].lang)
            slot.context |= context
    for slot in slots:
        for article_id, value in slot.stated.items():
            parent = placements[article_id].parent if article_id in placements else None
            if parent in slot.stated and slot.stated[parent] != value:
                slot.changes.append({"article": article_id, "parent": parent,
                                     "from": _written(slot, slot.stated[parent]), "to": _written(slot, value)})
    kept = [s for s in slots if len(s.stated) > 1]
    return {"slots": [s.as_dict() for s in sorted(kept, key=lambda s: (-len(s.variants), s.dimension))],
            "quote_changes": _quote_changes(claims, placements, links)}


# Figures further apart than this are different things (a toll can climb tenfold in a day; a sum of money
# that triples is another sum) ...
MAX_RATIO = 10.0
MAX_MONEY_RATIO = 3.0


def _max_ratio(dimension: str) -> float:
    return MAX_MONEY_RATIO if dimension.startswith("money") else MAX_RATIO


def _comparable(a: float, b: float, max_ratio: float = MAX_RATIO) -> bool:
    """... unless they share their digits: "$44 million" for "$44 billion" is a copy's slip, and worth showing."""
    if a == 0 or b == 0:
        return a == b
    if max(abs(a), abs(b)) / min(abs(a), abs(b)) <= max_ratio:
        return True
    return math.isclose(_mantissa(a), _mantissa(b), rel_tol=0.01)


def _mantissa(x: float) -> float:
    return abs(x) / 10 ** math.floor(math.log10(abs(x)))


def _comparable_figure(q: Quantity) -> bool:
    """Dates, spans and bare numbers name nothing to compare."""
    return not (q.kind == "year" or q.bound == "range" or (q.unit is None and q.of is None))


# A figure in a copied passage and the figure at the same place in the other text are one claim,
# whatever their values: this is how "21 carriages" meets the "90 carriages" that replaced it.
ALIGN_SLACK = 3  # characters


def _aligned(figures: dict[str, list[Quantity]], links: list[Link]) -> dict[tuple[str, int], list[tuple[str, int]]]:
    """For each figure (article, start), the figures at the same place in passages copied between articles."""
    pairs: dict[tuple[str, int], list[tuple[str, int]]] = {}
    for link in links:
        if link.a not in figures or link.b not in figures:
            continue
        for passage in link.detail.passages:
            for qa in figures[link.a]:
                qb = _counterpart(qa, passage, figures[link.b])
                if qb is not None and slot_key(qa)[0] == slot_key(qb)[0]:
                    pairs.setdefault((link.a, qa.start), []).append((link.b, qb.start))
                    pairs.setdefault((link.b, qb.start), []).append((link.a, qa.start))
    return pairs


def _counterpart(q: Quantity, passage: Passage, others: list[Quantity]) -> Quantity | None:
    (a_start, a_end), (b_start, _) = passage.a, passage.b
    if not a_start <= q.start < a_end:
        return None
    shift = sum((e.b_span[1] - e.b_span[0]) - (e.a_span[1] - e.a_span[0])
                for e in passage.edits if e.a_span[1] <= q.start)
    expected = b_start + (q.start - a_start) + shift
    return next((o for o in others if abs(o.start - expected) <= ALIGN_SLACK), None)


def _repeated(slots: list[Slot], article_id: str, key: tuple[str, str | None], base: float,
              tolerance: float) -> Slot | None:
    """The slot where this article already gave this figure: a headline and its body repeat "7.8"."""
    for slot in slots:
        stated = slot.stated.get(article_id)
        if stated is not None and slot.dimension == key[0] and (key[1] is None or slot.of in (None, key[1])) \
                and abs(stated - base) <= max(tolerance, *(v.tolerance for v in slot.variants if v.base == stated)):
            return slot
    return None


def _aligned_slot(partners: list[tuple[str, int]], placed: dict[tuple[str, int], Slot], article_id: str,
                  key: tuple[str, str | None]) -> Slot | None:
    for partner in partners:
        slot = placed.get(partner)
        if slot is not None and slot.dimension == key[0] and article_id not in slot.stated:
            return slot
    return None


def _context(text: str, q: Quantity) -> set[str]:
    """Content words of the sentence around a figure, the figure itself left out."""
    starts = [m.end() for m in _SENTENCE_END.finditer(text, 0, q.start)]
    start = starts[-1] if starts else 0
    stop = _SENTENCE_END.search(text, q.end)
    sentence = text[start:q.start] + " " + text[q.end:stop.start() if stop else len(text)]
    return {w.lower() for w in _WORD.findall(sentence)}


def _slot_for(key: tuple[str, str | None], context: set[str], article_id: str, slots: list[Slot],
              base: float, lang: str | None = None) -> Slot:
    """The slot this figure fills: same kind, similar sentence, a comparable size, and not yet filled by this
    article."""
    dimension, of = key
    best, best_overlap = None, MIN_CONTEXT
    same_value: Slot | None = None
    reworded, reworded_overlap = None, ROLE_CONTEXT
    for slot in slots:
        if slot.dimension != dimension or article_id in slot.stated:
            continue
        if not any(_comparable(v.base, base, _max_ratio(dimension)) for v in slot.variants):
            continue  # a $54.20 share price is not a $44 billion deal
        same = any(abs(v.base - base) <= v.tolerance for v in slot.variants)
        shared = len(context & slot.context)
        overlap = shared / max(1, min(len(context), len(slot.context)))
        if of is not None and slot.of is not None and of != slot.of:
            if same and lang not in slot.langs:
                same_value = same_value or slot  # "284 Menschen", "284 doden": nouns of other languages
            elif dimension == "count" and shared >= MIN_SHARED_WORDS and overlap >= reworded_overlap:
                reworded, reworded_overlap = slot, overlap  # "5,000 residents were evacuated" for "3,400 people"
            continue
        if shared >= MIN_SHARED_WORDS and overlap >= best_overlap:
            best, best_overlap = slot, overlap
        elif best is None and same:
            same_value = slot  # the same figure of the same kind, told in other words or another language
    best = best or same_value or reworded
    if best is None:
        best = Slot(dimension, of)
        slots.append(best)
    elif best.of is None:
        best.of = of
    return best


def _written(slot: Slot, value: float) -> str:
    return next((v.written for v in slot.variants if v.base == value), str(value))


def _quote_changes(claims: dict[str, ArticleClaims], placements: dict[str, Placement],
                   links: list[Link]) -> list[dict[str, Any]]:
    """Edits between a copy and its parent that fall inside a direct quotation of the copy."""
    by_pair = {frozenset((lk.a, lk.b)): lk for lk in links}
    changes = []
    for article_id, found in claims.items():
        parent = placements[article_id].parent if article_id in placements else None
        link = by_pair.get(frozenset((article_id, parent))) if parent else None
        if link is None:
            continue
        quotes = [a.content for a in found.attributions if a.direct]
        mine = "a" if link.a == article_id else "b"
        for passage in link.detail.passages:
            for edit in passage.edits:
                start, end = edit.a_span if mine == "a" else edit.b_span
                if any(q.start <= start and end <= q.end for q in quotes):
                    before, after = (edit.b, edit.a) if mine == "a" else (edit.a, edit.b)
                    changes.append({"article": article_id, "parent": parent, "from": before,
                                    "to": after, "start": start, "end": end})
    return changes
