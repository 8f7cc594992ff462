"""Fingerprint stage: normalised word shingles and MinHash signatures.

Tokens are lower-cased NFKC words; in scripts written without spaces (Chinese,
Japanese, Thai) each character is a token, so shingles work there too.
MinHash is rensa's RMinHash, chosen by measurement (see docs/benchmarks.md).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from rensa import RMinHash

from newstrace.dates import event_weekday
from newstrace.errors import UsageError

SHINGLE_SIZE = 5
NUM_PERM = 128
SEED = 20261129
# Bumped whenever signatures, samples or band keys would come out different: a store fingerprinted
# by another version is fingerprinted again, since its index entries would never meet the new ones.
VERSION = "3"

# One token: a run of letters/digits, or a single character of a script written without spaces.
_TOKEN = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\u0e00-\u0e7f]|[^\W_]+(?:[.,'’][^\W_]+)*")
# The same for lower-cased ASCII text, where a narrower class runs a fifth faster.
_ASCII_TOKEN = re.compile(r"[a-z0-9]+(?:[.,'][a-z0-9]+)*")


class Token(NamedTuple):
    """A normalised word and where it stands in the text (a tuple: millions are made)."""

    text: str
    start: int
    end: int


def tokens(text: str) -> list[Token]:
    """Normalised tokens with their character offsets in ``text``.

    NFKC can change lengths, so offsets come from matching on the original text
    and only the token's own text is normalised; ASCII tokens need only lower-casing.  An ASCII text is
    lower-cased whole (lengths stay) and matched with the narrower pattern: twice as fast, same tokens.
    """
    if text.isascii():
        make = tuple.__new__  # what Token(...) does, without its Python-level constructor
        return [make(Token, (m.group(), m.start(), m.end())) for m in _ASCII_TOKEN.finditer(text.lower())]
    return [Token(word.lower() if word.isascii() else _norm(word), m.start(), m.end())
            for m in _TOKEN.finditer(text) for word in (m.group(0),)]


def words(text: str) -> list[str]:
    """The normalised words of ``text`` without offsets: what shingles need, made faster for ASCII text."""
    if text.isascii():
        return _ASCII_TOKEN.findall(text.lower())
    return [t.text for t in tokens(text)]


def _norm(word: str) -> str:
    return unicodedata.normalize("NFKC", word).lower().replace("’", "'").replace("‘", "'")


def shingles(words: list[str], size: int = SHINGLE_SIZE) -> list[str]:
    """Overlapping word n-grams as strings; a text shorter than ``size`` is one shingle of what it has.

    Fingerprints do not build these strings (they hash words and combine the hashes, see
    ``shingle_hashes``); they are here for readers and for peers that need strings.
    """
    if size < 1:
        raise UsageError(f"shingle size {size} must be at least 1")
    if len(words) < size:
        return [" ".join(words)] if words else []
    return [" ".join(words[i:i + size]) for i in range(len(words) - size + 1)]


# A word's hash is a polynomial in _BASE over its code points, the first weighted 1, then mixed.
# Most texts are hashed all at once in numpy (``fast_word_hashes``); the rest word by word in
# Python with the same formula, so a word hashes the same whichever path it took.
_BASE = 0x100000001B3  # odd, so invertible modulo 2**64
_BASE_INVERSE = pow(_BASE, -1, 2**64)
_MASK = 2**64 - 1
MIX = np.uint64(0x9E3779B97F4A7C15)  # odd 64-bit multiplier: mixes in a word's length, combines shingles
_WORD_HASHES: dict[str, int] = {}  # news vocabulary is Zipfian: most words of a new article were seen
_WORD_CACHE_LIMIT = 100_000  # about 15 MB; most words are hashed in numpy and never enter it
_CHUNK_CHARS = 1 << 18  # characters hashed per numpy pass; bounds its temporary arrays to ~12 MB


def word_hashes(word_list: list[str]) -> np.ndarray:
    """A stable 64-bit hash per word (the same in every process), as a uint64 array."""
    cache = _WORD_HASHES
    try:
        return np.fromiter(map(cache.__getitem__, word_list), dtype=np.uint64, count=len(word_list))
    except KeyError:
        if len(cache) > _WORD_CACHE_LIMIT:
            cache.clear()
        return np.fromiter((cache[w] if w in cache else _hash_word(w) for w in word_list), dtype=np.uint64,
                           count=len(word_list))


def _hash_word(word: str) -> int:
    value, power = 0, 1
    for char in word:
        value = (value + ord(char) * power) & _MASK
        power = (power * _BASE) & _MASK
    value = int(_finish(np.array([value], np.uint64), np.array([len(word)], np.uint64))[0])
    _WORD_HASHES[word] = value
    return value


def _finish(raw: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Mix the length in, then spread the bits."""
    with np.errstate(over="ignore"):
        return spread(raw ^ (lengths * MIX))


def spread(values: np.ndarray) -> np.ndarray:
    """splitmix64's finaliser over uint64 values: every input bit reaches every output bit."""
    with np.errstate(over="ignore"):
        out = values ^ (values >> np.uint64(30))
        out *= np.uint64(0xBF58476D1CE4E5B9)
        out ^= out >> np.uint64(27)
        out *= np.uint64(0x94D049BB133111EB)
        out ^= out >> np.uint64(31)
    return out


_WORD, _JOINER, _PYTHON = 1, 2, 4  # flags per code point


def _tables(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Per code point below ``size``: its lower case, and flags: a word character, one that joins two word
    characters ('.', ',', apostrophes), one the numpy path cannot take. The last code point stands for
    every one above it, which the numpy path leaves to Python.

    Word characters are decided by the token pattern itself. A word character whose NFKC form or lower
    case differs from what a table can give (ligatures, 'İ', capital sigma, Hangul jamo) is left to Python.
    """
    lower = np.arange(size, dtype=np.uint32)
    flags = np.zeros(size, dtype=np.uint8)
    for code in range(size - 1):
        char = chr(code)
        if char in ".,'’":
            flags[code] = _JOINER
            lower[code] = ord("'") if char == "’" else code
        elif _TOKEN.fullmatch(char):
            low = unicodedata.normalize("NFKC", char).lower()
            if len(low) != 1 or low != char.lower() or char == "Σ" or 0x1100 <= code <= 0x11FF:
                flags[code] = _WORD | _PYTHON
            else:
                flags[code] = _WORD
                lower[code] = ord(low)
    flags[size - 1] = _PYTHON
    return lower, flags


_TABLE_SIZE = 0x2100  # Latin, Greek, Cyrillic and the other alphabets, punctuation and currency signs
_LOWER, _FLAGS = _tables(_TABLE_SIZE)


def fast_word_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The hashes of the words of many texts, computed in numpy: (flat uint64 hashes, words per text, and
    which texts it could not take: those with characters from other scripts, left to ``words``).

    Words are what ``words`` finds: runs of letters and digits, with a '.', ',' or apostrophe kept
    when it stands between two of them ("2,300", "kim's").
    """
    flats, counts, refused = [], [], []
    for part in _chunks(texts):
        flat, count, bad = _hash_chunk(part)
        flats.append(flat)
        counts.append(count)
        refused.append(bad)
    if not flats:
        return np.zeros(0, np.uint64), np.zeros(0, np.int64), np.zeros(0, bool)
    return np.concatenate(flats), np.concatenate(counts), np.concatenate(refused)


def _chunks(texts: list[str]) -> list[list[str]]:
    parts: list[list[str]] = [[]]
    size = 0
    for text in texts:
        if parts[-1] and size + len(text) > _CHUNK_CHARS:
            parts.append([])
            size = 0
        parts[-1].append(text)
        size += len(text) + 1
    return parts if parts[0] else []


def _hash_chunk(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    hashes, _, _, counts, bad = _spans_chunk(texts)
    return hashes, counts, bad


def _spans_chunk(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Word hashes, word starts and ends (in the texts joined by "\n"), words per text, and refused texts."""
    # a lone surrogate (from a bad decode) is kept as its code point; the table leaves that text to Python
    codes = np.frombuffer(("\n".join(texts) + "\n").encode("utf-32-le", "surrogatepass"), dtype="<u4")
    inside = np.minimum(codes, _TABLE_SIZE - 1)
    flags = _FLAGS[inside]
    sizes = np.fromiter((len(t) + 1 for t in texts), dtype=np.int64, count=len(texts))  # each ends in "\n"
    text_ends = np.cumsum(sizes)
    bad = np.logical_or.reduceat((flags & _PYTHON).astype(bool), text_ends - sizes)
    word = (flags & _WORD).astype(bool)
    in_word = word.copy()
    in_word[1:-1] |= (flags[1:-1] & _JOINER).astype(bool) & word[:-2] & word[2:]
    edges = np.diff(in_word.view(np.int8), prepend=np.int8(0), append=np.int8(0))
    starts, ends = np.flatnonzero(edges == 1), np.flatnonzero(edges == -1)
    with np.errstate(over="ignore"):
        prefix = np.zeros(len(codes) + 1, dtype=np.uint64)
        np.cumsum(_LOWER[inside].astype(np.uint64) * _powers(_BASE, len(codes)), out=prefix[1:])
        raw = (prefix[ends] - prefix[starts]) * _powers(_BASE_INVERSE, len(codes))[starts]
    hashes = _finish(raw, (ends - starts).astype(np.uint64))
    counts = np.diff(np.searchsorted(starts, text_ends), prepend=0)
    return hashes, starts, ends, counts, bad


class TextTokens:
    """One text's words as arrays, for alignment: a hash per word (the same hash in every text) and where
    each word starts and ends.  About 16 bytes a word, against some 150 for a list of ``Token`` tuples."""

    __slots__ = ("ends", "ids", "starts")

    def __init__(self, ids: np.ndarray, starts: np.ndarray, ends: np.ndarray) -> None:
        self.ids = ids  # uint64
        self.starts = starts  # int32 character offsets
        self.ends = ends

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def nbytes(self) -> int:
        return self.ids.nbytes + self.starts.nbytes + self.ends.nbytes


def text_tokens(text: str) -> TextTokens:
    """The words ``tokens`` finds, as arrays: hashed and located in numpy when the text's characters allow,
    otherwise from ``tokens`` with the same word hashes."""
    if text:
        hashes, starts, ends, _, bad = _spans_chunk([text])
        if not bad[0]:
            return TextTokens(hashes, starts.astype(np.int32), ends.astype(np.int32))
    found = tokens(text)
    return TextTokens(word_hashes([t.text for t in found]), np.array([t.start for t in found], np.int32),
                      np.array([t.end for t in found], np.int32))


_POWERS: dict[int, np.ndarray] = {}


def _powers(base: int, n: int) -> np.ndarray:
    """base**0 .. base**(n-1) modulo 2**64, from a kept table that grows to the longest chunk seen."""
    table = _POWERS.get(base)
    if table is None or len(table) < n:
        out = np.full(max(n, _CHUNK_CHARS + 1), base, dtype=np.uint64)
        out[0] = 1
        with np.errstate(over="ignore"):
            table = _POWERS[base] = np.cumprod(out, dtype=np.uint64)
    return table[:n]


class ShingleHashes(NamedTuple):
    """The shingles of many texts: text i owns ``hashes[offsets[i]:offsets[i + 1]]``."""

    hashes: np.ndarray  # uint64, one per shingle
    offsets: np.ndarray  # uint64, one more than there are texts
    first_words: np.ndarray  # uint64, the hash of each shingle's first word


def shingle_hashes(word_lists: list[list[str]], size: int = SHINGLE_SIZE) -> ShingleHashes:
    """Hash the shingles of many texts' words at once, without building their strings."""
    lengths = np.fromiter(map(len, word_lists), dtype=np.int64, count=len(word_lists))
    flat_words = np.concatenate([word_hashes(w) for w in word_lists]) if word_lists else np.zeros(0, np.uint64)
    return fold_shingles(flat_words, lengths, size)


def fold_shingles(flat_words: np.ndarray, lengths: np.ndarray, size: int = SHINGLE_SIZE) -> ShingleHashes:
    """Shingle hashes from word hashes (text i has ``lengths[i]`` words in ``flat_words``).

    A shingle's hash folds its words' hashes in order (h = h * M + w), so equal word runs hash
    equally in every text. A text shorter than ``size`` gets one hash of what it has, like ``shingles``.
    """
    if size < 1:
        raise UsageError(f"shingle size {size} must be at least 1")
    per_text = np.where(lengths >= size, lengths - size + 1, np.minimum(lengths, 1))
    offsets = np.zeros(len(lengths) + 1, dtype=np.uint64)
    np.cumsum(per_text, out=offsets[1:])
    text_starts = np.cumsum(lengths) - lengths
    # where each shingle's first word sits in flat_words
    firsts = np.repeat(text_starts, per_text)
    firsts += np.arange(len(firsts)) - np.repeat(offsets[:-1].astype(np.int64), per_text)
    combined = _fold(flat_words, size)
    full = firsts < len(combined)
    hashes = np.zeros(len(firsts), dtype=np.uint64)
    hashes[full] = combined[firsts[full]]
    for row in np.flatnonzero((lengths < size) & (lengths > 0)):  # rare: texts of one to four words
        start = int(text_starts[row])
        hashes[offsets[row]] = _fold(flat_words[start:start + int(lengths[row])], int(lengths[row]))[0]
    return ShingleHashes(hashes, offsets, flat_words[firsts])


def _fold(flat_words: np.ndarray, size: int) -> np.ndarray:
    """Hash of every run of ``size`` consecutive words (uint64 arithmetic wraps, which is the intent)."""
    count = len(flat_words) - size + 1
    if count <= 0:
        return np.zeros(0, np.uint64)
    out = np.zeros(count, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for j in range(size):
            out *= MIX
            out += flat_words[j:j + count]
    return out


def signatures(shingled: ShingleHashes, num_perm: int = NUM_PERM, seed: int = SEED) -> np.ndarray:
    """MinHash signatures (rensa, from the shingle hashes), one uint32 row of ``num_perm`` per text."""
    if len(shingled.offsets) <= 1:
        return np.zeros((0, num_perm), dtype=np.uint32)
    matrix = RMinHash.digest_matrix_from_flat_token_hashes(shingled.hashes, shingled.offsets, num_perm, seed)
    return np.asarray(matrix.to_rows(), dtype=np.uint32).reshape(-1, num_perm)


def signature(word_list: list[str], num_perm: int = NUM_PERM, seed: int = SEED) -> bytes:
    """MinHash signature of one text's words, as ``num_perm`` little-endian uint32 values."""
    return signatures(shingle_hashes([word_list]), num_perm, seed)[0].astype("<u4").tobytes()


def jaccard(a: bytes, b: bytes) -> float:
    """Jaccard similarity estimated from two signatures."""
    left, right = np.frombuffer(a, dtype="<u4"), np.frombuffer(b, dtype="<u4")
    if len(left) != len(right) or not len(left):
        raise UsageError("signatures differ in length; build both with the same num_perm")
    return float(np.mean(left == right))


# About one shingle in SAMPLE_MOD goes into the containment index: those whose first word hashes
# to 0, so the same passage samples the same shingles in every article that holds it.
SAMPLE_MOD = 8
# Words that name things: capitalised words not opening a sentence, and numbers of two or more digits.
# Each look-behind comes after the first character, and the two patterns run apart, so the engine can
# scan for a first character quickly (one pattern with all of it ran 3x slower).
_CAP = "A-ZÀ-ÖØ-Þ"
_NAME = re.compile(rf"[{_CAP}](?<!\w[{_CAP}])(?<![.!?]\s[{_CAP}])(?<!^[{_CAP}])[\w\-]{{2,}}", re.MULTILINE)
_NUMBER = re.compile(r"[0-9](?<!\w[0-9])[\d.,]*\d(?!\w)")
_NOT_KEYS = frozenset(
    "the there this that these those then than it its in on at a an he she they we his her their but and "
    "or for with from after before when while as if so not no yes mr mrs ms dr monday tuesday wednesday "
    "thursday friday saturday sunday le la les el los las der die das ein eine und il un une des del".split()
)


@dataclass(slots=True)
class Fingerprint:
    """What the link stage needs of one article, computed once and stored."""

    article_id: str
    lang: str | None
    tokens: int
    signature: bytes
    samples: bytes  # uint32 (little-endian): the top 32 bits of the sampled shingles' hashes, sorted
    keys: list[str]
    key_hashes: bytes  # uint32 (little-endian): hashes of the keys, for the index
    weekday: int | None = None  # the day the opening names (0 is Monday): see newstrace.dates


def fingerprints(items: list[tuple[str, str, str | None]]) -> list[Fingerprint]:
    """Fingerprints of many (id, clean text, lang) items at once: hashing runs over all their words together."""
    flat_words, lengths = text_word_hashes([text for _, text, _ in items])
    shingled = fold_shingles(flat_words, lengths)
    sigs = signatures(shingled).astype("<u4")
    rows = np.repeat(np.arange(len(items), dtype=np.uint64), np.diff(shingled.offsets).astype(np.int64))
    sampled = shingled.first_words % SAMPLE_MOD == 0
    # one sort for the whole batch: (row, top 32 bits of the hash), distinct
    pairs = np.sort(rows[sampled] << np.uint64(32) | shingled.hashes[sampled] >> np.uint64(32))
    pairs = pairs[np.concatenate(([True], pairs[1:] != pairs[:-1]))] if len(pairs) else pairs
    samples = _split((pairs & np.uint64(0xFFFFFFFF)).astype("<u4"), (pairs >> np.uint64(32)).astype(np.int64),
                     len(items))
    found = [_keys(text) for _, text, _ in items]
    all_keys = [key for keys in found for key in keys]
    hashed = _split(key_hashes(all_keys).astype("<u4"), np.repeat(np.arange(len(items)), [len(k) for k in found]),
                    len(items))
    langs = [lang or detect_language(text) for _, text, lang in items]
    return [Fingerprint(article_id, langs[row], int(lengths[row]), sigs[row].tobytes(), samples[row],
                        found[row], hashed[row], event_weekday(text, langs[row]))
            for row, (article_id, text, _) in enumerate(items)]


def _split(values: np.ndarray, rows: np.ndarray, count: int) -> list[bytes]:
    """The bytes of ``values`` belonging to each of ``count`` rows (``rows`` sorted)."""
    ends = np.searchsorted(rows, np.arange(1, count + 1)).tolist()
    data = values.tobytes()
    size = values.itemsize
    return [data[size * lo:size * hi] for lo, hi in zip([0, *ends[:-1]], ends, strict=True)]


def text_word_hashes(texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Word hashes of many texts: (flat uint64, words per text); numpy where it can, word by word elsewhere."""
    flat, counts, refused = fast_word_hashes(texts)
    if not refused.any():
        return flat, counts
    parts = np.split(flat, np.cumsum(counts)[:-1])
    for row in np.flatnonzero(refused):
        parts[row] = word_hashes(words(texts[row]))
    lengths = np.fromiter(map(len, parts), dtype=np.int64, count=len(parts))
    return np.concatenate(parts), lengths


def key_hashes(keys: list[str]) -> np.ndarray:
    """32-bit hashes of key words (the index keeps 4 bytes per entry; a collision only proposes a pair)."""
    return (word_hashes(keys) & np.uint64(0xFFFFFFFF)).astype(np.uint32)


def fingerprint(article_id: str, text: str, lang: str | None = None) -> Fingerprint:
    """Signature, containment samples, key words, weekday and language of an article's clean text."""
    return fingerprints([(article_id, text, lang)])[0]


def _keys(text: str) -> list[str]:
    """Names lower-cased and numbers as bare digits (so 7.8 and 7,8 or 2,300 and 2.300 meet)."""
    numbers = set(_NUMBER.findall(text))
    keys = {w.lower() if w.isascii() else _norm(w) for w in set(_NAME.findall(text))}
    keys.update("#" + w.replace(",", "").replace(".", "") for w in numbers)
    return sorted(keys - _NOT_KEYS)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code from py3langid, whose model ships in the package; ``None`` for too little text."""
    if len(text.strip()) < 20:
        return None
    import py3langid

    return str(py3langid.classify(text[:2000])[0])
