"""What the workers do, as plain functions over records (Ray runs them as tasks; tests call them directly).

- ``fingerprint_batch``: a batch's fingerprints, its openings' vectors (one encoder call for the batch, as
  the local engine makes them) and its index entries cut into partitions;
- ``partition.step``: a partition of the candidate index, batch after batch;
- ``judge``: pairs of articles aligned and judged, cross-language pairs settled with their sentences.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from newstrace.config import TraceConfig
from newstrace.engine.partition import Entries, entries, split
from newstrace.fingerprint import Fingerprint, fingerprints
from newstrace.link import Linker, classify
from newstrace.link.classify import Need
from newstrace.link.embed import embed_openings, pack, unpack_vector
from newstrace.link.index import CandidateIndex
from newstrace.model import Article, Link, LinkDetail


@dataclass(slots=True)
class Printed:
    """A fingerprinted batch: its fingerprints and the packed vectors of the openings the encoder reads."""

    prints: list[Fingerprint]
    vectors: dict[str, bytes]


def fingerprint_batch(articles: list[Article], first: int, bands: int, rows: int, parts: int,
                      embeddings: bool) -> tuple[Printed, list[Entries]]:
    prints = fingerprints([(a.id, a.clean_text, a.lang) for a in articles])
    vectors: dict[str, bytes] = {}
    if embeddings:
        by_id = {a.id: a for a in articles}
        made = embed_openings((fp.article_id, fp.lang, by_id[fp.article_id]) for fp in prints)
        vectors = {article_id: pack(vector) for article_id, vector in made}
    found = entries(first, [fp.signature for fp in prints], [fp.samples for fp in prints],
                    [fp.key_hashes for fp in prints], bands, rows)
    return Printed(prints, vectors), split(found, parts)


@dataclass(slots=True)
class Item:
    """What judging needs of one article."""

    article: Article
    lang: str | None
    keys: list[str]
    weekday: int | None
    vector: bytes | None  # packed float16 opening vector


@dataclass(slots=True)
class Judged:
    """Verdicts on pairs (in the order given) and the vectors made on the way, to store."""

    links: list[Link | None]
    vectors: dict[str, bytes] = field(default_factory=dict)  # openings of stored articles that had none
    sentence_vectors: dict[str, bytes] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)  # articles a restarted actor no longer held: not judged
    seconds: float = 0.0  # CPU time an actor spent on the call


@dataclass(slots=True)
class Encoded(LinkDetail):
    """A link's detail as the store writes it (JSON), made where the link was judged, and whether the texts
    are identical (what the driver's walk reads).  A judging actor's verdicts reach the driver so, one string
    each instead of their passages and edits: unpickling those and encoding them again to store cost the
    driver 76 ms of CPU for 2,000 links against 8 ms, and the actor encodes them in less than it took to
    pickle them (55 ms against 84 ms)."""

    encoded: str = ""

    def as_dict(self) -> dict[str, Any]:
        return dict(json.loads(self.encoded))

    def as_json(self) -> str:
        return self.encoded


def encoded(link: Link | None) -> Link | None:
    """The link with its detail encoded for the store (``Encoded``)."""
    if link is None:
        return None
    detail = link.detail
    return replace(link, detail=Encoded(identical=detail.identical,
                                        encoded=detail.as_json()))


def judge(config: TraceConfig, items: dict[str, Item], pairs: list[tuple[str, str]]) -> Judged:
    """Each (a, b) pair judged as the local engine judges it: on shared text, else as reports of one event;
    a cross-language pair whose openings read alike is settled with its sentences' vectors."""
    linker = _worker_linker(config)
    known = {i: _held(linker, i, it) for i, it in sorted(items.items())}
    judged = judge_held(linker, list(known.values()), pairs)
    linker._trim(set(known))  # what this task used stays, and the view_cache most recent others
    return judged


def judge_held(linker: Linker, made: list[Any], pairs: list[tuple[str, str]]) -> Judged:
    """``judge`` by a Linker holding every article the pairs name; ``made``: those just given to it, whose
    openings are embedded now when they have no vector (stored by an earlier run without embeddings)."""
    out = _Out()
    if linker.config.embeddings:
        linker._embed_openings([k for k in made if k.vector is None], out)  # type: ignore[arg-type]
    judged = Judged([])
    for a, b in pairs:
        found, al = linker._check(a, b)
        if found is Need.SENTENCES:
            x, y = linker._known[a], linker._known[b]
            linker._embed_sentences([k.view.id for k in (x, y) if k.sentences is None], {}, out)  # type: ignore[arg-type]
            found = linker._event(x, y, al, classify.sentence_match(_rows(x.sentences), _rows(y.sentences)))
        judged.links.append(found if isinstance(found, Link) else None)
    judged.vectors, judged.sentence_vectors = out.vectors, out.sentence_vectors
    return judged


# A worker process keeps one Linker between tasks, as the local engine keeps its own between batches: the
# articles it judged lately stay held with their tokens (view_cache of them), which a next pair often needs.
# Per pair, remaking them cost four times the local engine's time per pair (benchmarks/ray_scale.py).
_LINKERS: dict[TraceConfig, Linker] = {}
_HELD: dict[str, tuple[Article, str | None, tuple[str, ...], int | None]] = {}


def _worker_linker(config: TraceConfig) -> Linker:
    if config not in _LINKERS:
        _LINKERS.clear()
        _HELD.clear()
        _LINKERS[config] = Linker(CandidateIndex(1, 1), config)
    return _LINKERS[config]


def _held(linker: Linker, article_id: str, item: Item) -> Any:
    """The article as the worker's Linker holds it: kept from an earlier task when it is the same."""
    same = (item.article, item.lang, tuple(item.keys), item.weekday)
    known = linker._known.get(article_id)
    if known is not None and _HELD.get(article_id) == same:
        linker._known.move_to_end(article_id)
        if known.vector is None and item.vector:
            known.vector = unpack_vector(item.vector)
        return known
    _HELD[article_id] = same
    if len(_HELD) > 4 * linker.config.view_cache + len(linker._known):  # forget what the Linker let go
        for gone in [i for i in _HELD if i not in linker._known and i != article_id]:
            del _HELD[gone]
    return linker._remember(item.article, item.lang, item.keys, item.weekday,
                            unpack_vector(item.vector) if item.vector else None)


@dataclass(slots=True)
class _Out:
    """Where the Linker's embedding steps put what they made (the fields of its pending batch)."""

    vectors: dict[str, bytes] = field(default_factory=dict)
    sentence_vectors: dict[str, bytes] = field(default_factory=dict)


def _rows(vectors: np.ndarray | None) -> np.ndarray:
    return vectors if vectors is not None else np.zeros((0, 1), dtype=np.float16)
