"""The core records that flow through the pipeline stages.

Offsets: every ``start``/``end`` in ``Removed`` and ``Credit`` indexes into
``Article.text``, the article text before cleaning (the plain text as read,
or what trafilatura extracted from HTML).  ``clean_text`` is ``text`` with the
removed spans cut out, so every removal can be audited against ``text``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Literal

RawKind = Literal["text", "html"]


@dataclass(slots=True, frozen=True)
class Removed:
    """A span of page chrome cut from the article text, and why."""

    start: int
    end: int
    text: str
    reason: str


# Credit kinds that name the source an article was taken from, strongest first: a republication notice, a
# source line, a "via", a wire tag.
SOURCE_CREDIT_KINDS = ("republication", "source", "via", "wire")


@dataclass(slots=True, frozen=True)
class Credit:
    """A credit line or cited outlet found in the article text.

    ``kind`` is one of ``republication``, ``wire``, ``source``, ``via``,
    ``link_back`` (a "Source link" with no outlet named), ``dateline`` (a
    place in capitals opening the story, "PARIS —", which names no outlet), ``cited`` (an outlet a
    sentence of the opening cites) or ``attributed`` (an outlet later in the text that reported a fact:
    the source of the fact, not of the text).
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
    # Keys of the lines that may be outlet boilerplate (``newstrace.clean.boilerplate_keys``), sorted; set by
    # the clean stage, counted per outlet by the store.  ``None`` only for an article read back from a store
    # written before the store kept the keys; the pipeline fills those in (``pipeline.fill_line_keys``).
    line_keys: tuple[str, ...] | None = ()

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
        if (keys := data.get("line_keys", ())) is not None:
            known["line_keys"] = tuple(keys)
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


class LinkKind(StrEnum):
    """How two articles' texts relate; decided in ``newstrace.link.classify`` alone."""

    VERBATIM_COPY = "verbatim_copy"
    PARTIAL_COPY = "partial_copy"
    REWRITE = "rewrite"  # reused but edited throughout, or the same event retold by a page crediting the other
    TRANSLATION = "translation"
    SHARED_SOURCE = "shared_source"  # both credit an outlet that published neither
    INDEPENDENT = "independent"  # the same event, no reuse


# Kinds that say one text came from another (or both from a third).
COPY_KINDS = frozenset({LinkKind.VERBATIM_COPY, LinkKind.PARTIAL_COPY, LinkKind.REWRITE, LinkKind.TRANSLATION,
                        LinkKind.SHARED_SOURCE})


class Relation(StrEnum):
    """An article's place in its story, relative to its parent (or to an unseen source)."""

    ORIGIN = "origin"
    VERBATIM_COPY = "verbatim_copy"
    PARTIAL_COPY = "partial_copy"
    REWRITE = "rewrite"
    TRANSLATION = "translation"
    INDEPENDENT = "independent"


@dataclass(slots=True, frozen=True)
class Edit:
    """Words changed inside a shared passage, with their spans in each clean text."""

    a: str
    b: str
    a_span: tuple[int, int]
    b_span: tuple[int, int]


@dataclass(slots=True, frozen=True)
class Passage:
    """A passage two clean texts share: its span in each, its length in tokens, and the edits inside it."""

    a: tuple[int, int]
    b: tuple[int, int]
    tokens: int
    edits: tuple[Edit, ...] = ()


@dataclass(slots=True)
class LinkDetail:
    """The evidence of a link.  Text reuse fills the passages; a same-event or translation link the
    similarities and shared names; fields that do not apply stay ``None``."""

    shared_tokens: int | None = None
    passages: list[Passage] = field(default_factory=list)
    identical: bool = False
    shared_source: str | None = None  # the outlet both credit
    credits: str | None = None  # the outlet of one that the other credits
    word_overlap: float | None = None
    shared_keys: int | None = None
    shared_numbers: int | None = None
    similarity: float | None = None  # cosine of the two openings
    sentences_matched: float | None = None
    sentence_similarity: float | None = None
    unread_language: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """The stored and exported form: only the fields that apply."""
        data: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if name == "passages":
                if value or self.shared_tokens is not None:
                    data[name] = [_passage_dict(p) for p in value]
            elif value is not None and value is not False:
                data[name] = value
        return data

    def as_json(self) -> str:
        """The stored form, as the store writes it."""
        return json.dumps(self.as_dict(), ensure_ascii=False)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> LinkDetail:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__ and k != "passages"}
        passages = [Passage(tuple(p["a"]), tuple(p["b"]), p["tokens"],  # type: ignore[arg-type]
                            tuple(Edit(e["a"], e["b"], tuple(e["a_span"]), tuple(e["b_span"]))  # type: ignore[arg-type]
                                  for e in p.get("edits", [])))
                    for p in data.get("passages", [])]
        return cls(**known, passages=passages)


def _passage_dict(p: Passage) -> dict[str, Any]:
    return {"a": list(p.a), "b": list(p.b), "tokens": p.tokens,
            "edits": [{"a": e.a, "b": e.b, "a_span": list(e.a_span), "b_span": list(e.b_span)} for e in p.edits]}


@dataclass(slots=True)
class Link:
    """Two articles and how their texts relate.  ``a`` is the earlier-known side when known.

    ``detail`` holds the evidence: matched passages with their character spans in both clean texts, and
    the edits inside them, or the similarities that made a same-event or translation link.
    """

    a: str
    b: str
    kind: LinkKind
    score: float
    a_coverage: float
    b_coverage: float
    detail: LinkDetail = field(default_factory=LinkDetail)
    # the pair model's probability that the two report one event (newstrace.link.eventmodel); None when
    # the link stage ran without it (no embeddings)
    same_event: float | None = None

    def coverage(self, article_id: str) -> float:
        """The share of this article's text inside the shared passages."""
        return self.a_coverage if self.a == article_id else self.b_coverage

    def other(self, article_id: str) -> str:
        return self.b if self.a == article_id else self.a


@dataclass(slots=True)
class Placement:
    """Where one article sits in its story: its likely parent, its relation to it, and why."""

    article_id: str
    story: str
    relation: Relation
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


@dataclass(slots=True, frozen=True)
class ClaimsResult:
    """The claims stage's outcome for one version of an article (``content_hash``): its claims as exported
    (``newstrace.claims.ArticleClaims.as_dict``), or, when extraction failed, the error that stopped it
    ("IndexError: [E035] ..."): exactly one of ``data`` and ``error`` is set."""

    article_id: str
    content_hash: str
    data: dict[str, Any] | None = None
    error: str | None = None
