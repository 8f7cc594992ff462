"""Spans of an article's clean text, and the attributed statements made of them.

A span's ``start`` and ``end`` index the article's whole clean text.  The parser reads pieces of it (see
``parse``); a span cut from a piece adds the offset the piece begins at.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Span:
    text: str
    start: int
    end: int

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Attribution:
    source: Span | None
    cue: Span
    content: Span
    direct: bool
    resolved: str | None = None  # the named entity a pronoun source stands for
    hedges: list[Span] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"source": self.source.as_dict() if self.source else None, "cue": self.cue.as_dict(),
                "content": self.content.as_dict(), "direct": self.direct, "resolved_source": self.resolved,
                "hedges": [h.as_dict() for h in self.hedges]}


def doc_text(doc: Any) -> str:
    """The document's text, built once: spaCy rebuilds ``Doc.text`` from its tokens on every access."""
    cached: str | None = doc.user_data.get("newstrace_text")
    if cached is None:
        cached = doc.user_data["newstrace_text"] = doc.text
    return cached


def span_of(doc: Any, start: int, end: int, offset: int) -> Span:
    """The span of the article between ``start`` and ``end``, in a parsed piece that begins at ``offset``."""
    return Span(doc_text(doc)[start - offset:end - offset], start, end)
