"""Fingerprint stage: normalised word shingles and MinHash signatures.

Tokens are lower-cased NFKC words; in scripts written without spaces (Chinese,
Japanese, Thai) each character is a token, so shingles work there too.
MinHash is rensa's RMinHash, chosen by measurement (see docs/benchmarks.md).
"""

from __future__ import annotations

import re
import unicodedata
import zlib
from array import array
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rensa import RMinHash

from newstrace.errors import UsageError

SHINGLE_SIZE = 5
NUM_PERM = 128
SEED = 20261129

# One token: a run of letters/digits, or a single character of a script written without spaces.
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u0e00-\u0e7f]|[^\W_]+(?:[.,'’][^\W_]+)*")


class Token(NamedTuple):
    """A normalised word and where it stands in the text (a tuple: millions are made)."""

    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """Normalised tokens with their character offsets in ``text``.

    NFKC can change lengths, so offsets come from matching on the original text
    and only the token's own text is normalised; ASCII tokens need only lower-casing.
    """
    return [Token(word.lower() if word.isascii() else _norm(word), m.start(), m.end())
            for m in _TOKEN.finditer(text) for word in (m.group(0),)]


def words(text: str) -> list[str]:
    """The normalised words of ``text`` without offsets: what shingles need, made faster for ASCII text."""
    if text.isascii():
        return _TOKEN.findall(text.lower())
    return [t.text for t in tokens(text)]


def _norm(word: str) -> str:
    return unicodedata.normalize("NFKC", word).lower().replace("’", "'").replace("‘", "'")


def shingles(words: list[str], size: int = SHINGLE_SIZE) -> list[str]:
    """Overlapping word n-grams; a text shorter than ``size`` is one shingle of what it has."""
    if size < 1:
        raise UsageError(f"shingle size {size} must be at least 1")
    if len(words) < size:
        return [" ".join(words)] if words else []
    return [" ".join(words[i:i + size]) for i in range(len(words) - size + 1)]


def signature(shingle_list: list[str], num_perm: int = NUM_PERM, seed: int = SEED) -> bytes:
    """MinHash signature of a set of shingles, as ``num_perm`` little-endian uint32 values."""
    minhash = RMinHash(num_perm=num_perm, seed=seed)
    if shingle_list:
        minhash.update(shingle_list)
    return array("I", minhash.digest()).tobytes()


def jaccard(a: bytes, b: bytes) -> float:
    """Jaccard similarity estimated from two signatures."""
    left, right = array("I"), array("I")
    left.frombytes(a)
    right.frombytes(b)
    if len(left) != len(right) or not left:
        raise UsageError("signatures differ in length; build both with the same num_perm")
    return sum(x == y for x, y in zip(left, right, strict=True)) / len(left)


# About one shingle in SAMPLE_MOD goes into the containment index: those whose first word hashes
# to 0, so the same passage samples the same shingles in every article that holds it.  Choosing by
# the first word lets a word's verdict be cached, instead of hashing every shingle.
SAMPLE_MOD = 8
# Words that name things: capitalised words not opening a sentence, and numbers of two or more digits.
_KEY = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-ZÀ-ÖØ-Þ][\w\-]{2,}|\b\d[\d.,]*\d\b", re.MULTILINE)
_NOT_KEYS = frozenset(
    "the there this that these those then than it its in on at a an he she they we his her their but and "
    "or for with from after before when while as if so not no yes mr mrs ms dr monday tuesday wednesday "
    "thursday friday saturday sunday le la les el los las der die das ein eine und il un une des del".split()
)
_YEAR = re.compile(r"\b(?:19[5-9]\d|20[0-4]\d)\b")


@dataclass(slots=True)
class Fingerprint:
    """What the link stage needs of one article, computed once and stored."""

    article_id: str
    lang: str | None
    tokens: int
    signature: bytes
    samples: list[int]
    keys: list[str]
    years: list[int]


def stable_hash(text: str) -> int:
    """A 32-bit hash that is the same in every process (Python's own hash is salted).

    It only proposes candidates, which alignment then checks, so a rare collision costs one check.
    """
    return zlib.crc32(text.encode("utf-8"))


def fingerprint(article_id: str, text: str, lang: str | None = None) -> Fingerprint:
    """Signature, containment samples, key words, years and language of an article's clean text."""
    word_list = words(text)
    grams = shingles(word_list)
    samples = sorted({stable_hash(g) for g, first in zip(grams, word_list, strict=False) if _sampled(first)})
    keys = sorted({_key(k) for k in _KEY.findall(text)} - _NOT_KEYS)
    years = sorted({int(y) for y in _YEAR.findall(text)})
    return Fingerprint(article_id, lang or detect_language(text), len(word_list), signature(grams), samples, keys,
                       years)


@lru_cache(maxsize=200_000)
def _sampled(word: str) -> bool:
    return zlib.crc32(word.encode("utf-8")) % SAMPLE_MOD == 0


def _key(word: str) -> str:
    """Names lower-cased; numbers as bare digits, so 7.8 and 7,8 or 2,300 and 2.300 meet."""
    if word[0].isdigit():
        return "#" + re.sub(r"\D", "", word)
    return _norm(word)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code from py3langid, whose model ships in the package; ``None`` for too little text."""
    if len(text.strip()) < 20:
        return None
    import py3langid

    return str(py3langid.classify(text[:2000])[0])
