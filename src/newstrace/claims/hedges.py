"""Hedges: words that keep a claim at arm's length ("reportedly", "is said to", "sources say")."""

from __future__ import annotations

import re

from newstrace.claims.spans import Span

_HEDGE = re.compile(
    r"\b(?:reportedly|allegedly|apparently|purportedly|supposedly|reputedly|possibly|presumably|"
    r"(?:is|are|was|were) (?:said|believed|thought|understood|reported|alleged|rumou?red) to|"
    r"(?:appears?|seems?|appeared|seemed) to|could|may|might|"
    r"(?:sources?|insiders?|officials?) (?:say|said|says|claim|claimed|suggest|suggested)|"
    r"according to (?:sources|reports|people familiar)|unconfirmed reports?|it is understood|"
    r"angeblich|mutmaßlich|offenbar|supuestamente|presuntamente|al parecer|selon des sources|apparemment)\b",
    re.IGNORECASE,
)


def find_hedges(text: str) -> list[Span]:
    """Every hedge cue in ``text`` with its span."""
    return [Span(m.group(0), m.start(), m.end()) for m in _HEDGE.finditer(text)]
