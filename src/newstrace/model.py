"""The core records that flow through the pipeline stages.

Offsets: every ``start``/``end`` in ``Removed`` and ``Credit`` indexes into
``Article.text``, the article text before cleaning (the plain text as read,
or what trafilatura extracted from HTML).  ``clean_text`` is ``text`` with the
removed spans cut out, so every removal can be audited against ``text``.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

RawKind = Literal["text", "html"]


@dataclass(slots=True, frozen=True)
class Removed:
    """A span of page chrome cut from the article text, and why."""

    start: int
    end: int
    text: str
    reason: str


@dataclass(slots=True, frozen=True)
class Credit:
    """A credit line or cited outlet found in the article text.

    ``kind`` is one of ``republication``, ``wire``, ``source``, ``via``,
    ``link_back`` (a "Source link" with no outlet named), ``dateline`` (a
    place in capitals opening the story, "PARIS —", which names no outlet) or ``cited``.
    ``name`` is the outlet as written; ``outlet`` the canonical name it
    resolved to, or ``None`` when the credit names no outlet.
    """

    outlet: str | None
    kind: str
    text: str
    start: int
    end: int
    name: str | None = None
    fuzzy: bool = False
    score: float = 100.0


@dataclass(slots=True)
class Article:
    """One news article, from raw input to clean text and credits."""

    id: str
    raw: str
    raw_kind: RawKind = "text"
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    published_from: str | None = None
    lang: str | None = None
    source: str | None = None
    text: str = ""
    clean_text: str = ""
    removed: list[Removed] = field(default_factory=list)
    credits: list[Credit] = field(default_factory=list)

    @property
    def content_hash(self) -> str:
        return content_hash(self.raw)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["content_hash"] = self.content_hash
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["removed"] = [Removed(**r) for r in data.get("removed", [])]
        known["credits"] = [Credit(**c) for c in data.get("credits", [])]
        return cls(**known)


@dataclass(slots=True, frozen=True)
class Reject:
    """An input item that could not become an article, and why."""

    item: str
    reason: str
    message: str


def content_hash(raw: str) -> str:
    """Stable hash of an item's raw content, used for idempotent ingest."""
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(slots=True)
class Link:
    """Two articles and how their texts relate.  ``a`` is the earlier-known side when known.

    ``kind`` is one of ``verbatim_copy``, ``partial_copy``, ``rewrite``, ``translation``,
    ``shared_source`` or ``independent``.  ``detail`` holds the evidence: matched passages
    with their character spans in both clean texts, and the edits inside them.
    """

    a: str
    b: str
    kind: str
    score: float
    a_coverage: float
    b_coverage: float
    detail: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Placement:
    """Where one article sits in its story: its likely parent, its relation to it, and why."""

    article_id: str
    story: str
    relation: str
    confidence: float
    parent: str | None = None
    parent_outlet: str | None = None
    evidence: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Story:
    """Articles about one news event, and where the story began."""

    id: str
    article_ids: list[str]
    confidence: float
    origin: str | None = None
    origin_outlet: str | None = None
    evidence: list[str] = field(default_factory=list)
    # stories that read alike but whose dates say another event: {"story", "similarity", "reason"}
    kept_apart: list[dict[str, Any]] = field(default_factory=list)
