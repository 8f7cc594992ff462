"""What the workers do, as plain functions over records (Ray runs them as tasks; tests call them directly).

- ``fingerprint_batch``: a batch's fingerprints, its openings' vectors (one encoder call for the batch, as
  the local engine makes them) and its index entries cut into partitions;
- ``partition.step``: a partition of the candidate index, batch after batch;
- ``judge``: pairs of articles aligned and judged, cross-language pairs settled with their sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from newstrace.config import TraceConfig
from newstrace.engine.partition import Entries, entries, split
from newstrace.fingerprint import Fingerprint, fingerprints
from newstrace.link import Linker, classify
from newstrace.link.classify import Need
from newstrace.link.embed import article_text, embed, encodable, pack, reads, unpack_vector
from newstrace.link.index import CandidateIndex
from newstrace.model import Article, Link


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
        todo = [(fp.article_id, text) for fp in prints
                if reads(fp.lang) and encodable(text := _opening(by_id[fp.article_id]))]
        made = embed([text for _, text in todo]).astype(np.float16)
        vectors = {article_id: pack(vector) for (article_id, _), vector in zip(todo, made, strict=True)}
    found = entries(first, [fp.signature for fp in prints], [fp.samples for fp in prints],
                    [fp.key_hashes for fp in prints], bands, rows)
    return Printed(prints, vectors), split(found, parts)


def _opening(article: Article) -> str:
    return article_text(article.title, article.clean_text)


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


def judge(config: TraceConfig, items: dict[str, Item], pairs: list[tuple[str, str]]) -> Judged:
    """Each (a, b) pair judged as the local engine judges it: on shared text, else as reports of one event;
    a cross-language pair whose openings read alike is settled with its sentences' vectors."""
    linker = Linker(CandidateIndex(1, 1), config)
    known = {i: linker._remember(it.article, it.lang, it.keys, it.weekday,
                                 unpack_vector(it.vector) if it.vector else None)
             for i, it in sorted(items.items())}
    judged = Judged([])
    out = _Out()
    if config.embeddings:  # stored by an earlier run without embeddings: embedded now, as the local engine does
        linker._embed_openings([k for k in known.values() if k.vector is None], out)  # type: ignore[arg-type]
    for a, b in pairs:
        found, al = linker._check(a, b)
        if found is Need.SENTENCES:
            need = [i for i in (a, b) if known[i].sentences is None]
            linker._embed_sentences(need, {}, out)  # type: ignore[arg-type]
            x, y = known[a], known[b]
            found = linker._event(x, y, al, classify.sentence_match(_rows(x.sentences), _rows(y.sentences)))
        judged.links.append(found if isinstance(found, Link) else None)
    judged.vectors, judged.sentence_vectors = out.vectors, out.sentence_vectors
    return judged


@dataclass(slots=True)
class _Out:
    """Where the Linker's embedding steps put what they made (the fields of its pending batch)."""

    vectors: dict[str, bytes] = field(default_factory=dict)
    sentence_vectors: dict[str, bytes] = field(default_factory=dict)


def _rows(vectors: np.ndarray | None) -> np.ndarray:
    return vectors if vectors is not None else np.zeros((0, 1), dtype=np.float16)
