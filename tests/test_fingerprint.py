from __future__ import annotations

import numpy as np
import pytest

from newstrace.errors import UsageError
from newstrace.fingerprint import (
    fast_word_hashes,
    fingerprint,
    fingerprints,
    jaccard,
    shingle_hashes,
    shingles,
    signature,
    text_word_hashes,
    tokens,
    word_hashes,
    words,
)
from newstrace.link.lsh import band_key_matrix, band_keys, bands_for
from tests.conftest import ARTICLE


def test_tokens_keep_offsets_into_the_original_text() -> None:
    text = "Kim’s TRAIN left at 05:40, with 2,300 people."
    for token in tokens(text):
        assert text[token.start:token.end].lower().replace("’", "'") == token.text
    assert [t.text for t in tokens(text)][:2] == ["kim's", "train"]


def test_fast_ascii_words_equal_the_slow_path() -> None:
    assert words(ARTICLE) == [t.text for t in tokens(ARTICLE)]


def test_japanese_is_tokenised_by_character() -> None:
    assert [t.text for t in tokens("安倍元総理")] == ["安", "倍", "元", "総", "理"]


def test_shingles_of_short_text_is_one_shingle() -> None:
    assert shingles(["a", "b"]) == ["a b"]
    assert shingles([]) == []
    assert len(shingles(list("abcdefg"), 5)) == 3
    with pytest.raises(UsageError):
        shingles(["a"], 0)


def test_shingle_hashes_match_equal_word_runs_across_texts() -> None:
    first, second = "a b c d e f".split(), "x a b c d e".split()
    shingled = shingle_hashes([first, second, ["a", "b"], []])
    assert shingled.offsets.tolist() == [0, 2, 4, 5, 5]
    assert shingled.hashes[0] == shingled.hashes[3]  # "a b c d e" in both
    assert len(set(shingled.hashes[:2].tolist()) | set(shingled.hashes[2:4].tolist())) == 3
    assert shingled.hashes[4] != shingled.hashes[0]  # a two-word text is one shingle of its own


def test_batch_fingerprints_equal_one_at_a_time() -> None:
    items = [("a", ARTICLE, "en"), ("b", "Storm", "en"), ("c", "", None), ("d", ARTICLE[:300], "en")]
    assert fingerprints(items) == [fingerprint(*item) for item in items]


def test_signature_similarity_tracks_text_similarity() -> None:
    base = words(ARTICLE)
    same = signature(base)
    assert jaccard(same, signature(base)) == 1.0
    edited = words(ARTICLE.replace("480 metres", "520 metres"))
    unrelated = words("A completely different story about a school choir winning a prize in spring.")
    assert 0.5 < jaccard(same, signature(edited)) < 1.0
    assert jaccard(same, signature(unrelated)) < 0.1


def test_fingerprint_of_empty_and_one_word_articles() -> None:
    empty = fingerprint("e", "")
    one = fingerprint("o", "Storm")
    assert empty.tokens == 0 and empty.samples == b"" and empty.lang is None
    assert one.tokens == 1 and len(one.signature) == 128 * 4


def test_fingerprint_collects_names_numbers_and_language() -> None:
    fp = fingerprint("x", "The board met in Port Ellery on Monday. It approved 2,300 homes and 7.8 km of road.")
    assert {"port", "ellery", "#2300", "#78"} <= set(fp.keys)
    assert "monday" not in fp.keys and fp.lang == "en"


@pytest.mark.parametrize(("threshold", "expected"), [(0.5, (25, 5)), (0.3, (37, 3)), (0.9, (5, 25))])
def test_lsh_bands_come_from_the_threshold(threshold: float, expected: tuple[int, int]) -> None:
    assert bands_for(threshold, 128) == expected


def test_bad_threshold_says_how_to_fix_it() -> None:
    with pytest.raises(UsageError, match="between 0 and 1"):
        bands_for(1.5, 128)


def test_band_keys_agree_only_where_bands_agree() -> None:
    a = signature(words(ARTICLE))
    b = signature(words(ARTICLE + " One more sentence here."))
    keys_a, keys_b = band_keys(a, 25, 5), band_keys(b, 25, 5)
    assert len(keys_a) == 25 and keys_a == band_keys(a, 25, 5)
    assert 0 < sum(x == y for x, y in zip(keys_a, keys_b, strict=True)) < 25
    assert all(0 <= k < 2**63 for k in keys_a)


def test_band_keys_differ_between_bands_holding_the_same_values() -> None:
    row = np.zeros((1, 10), dtype=np.uint32)
    assert len(set(band_key_matrix(row, 5, 2)[0].tolist())) == 5


def test_too_many_bands_for_the_signature_is_refused() -> None:
    with pytest.raises(UsageError, match="need 130 values"):
        band_key_matrix(np.zeros((1, 128), dtype=np.uint32), 26, 5)


def test_numpy_word_hashes_equal_hashing_each_word() -> None:
    texts = [ARTICLE, "Kim’s café in Zürich sold 2,300 cups.", "Ελλάδα και Κύπρος", "", "'tis a..b"]
    flat, counts, refused = fast_word_hashes(texts)
    assert not refused.any()
    assert counts.tolist() == [len(words(t)) for t in texts]
    assert flat.tolist() == np.concatenate([word_hashes(words(t)) for t in texts]).tolist()


@pytest.mark.parametrize("text", ["安倍元総理が来た", "ΟΔΟΣ", "İstanbul", "ﬁne print", "a lone \ud800 surrogate"])
def test_texts_the_tables_cannot_lower_or_split_are_left_to_python(text: str) -> None:
    assert fast_word_hashes([text])[2].tolist() == [True]
    flat, lengths = text_word_hashes(["plain words here", text])
    assert lengths.tolist() == [3, len(words(text))]
    assert flat[3:].tolist() == word_hashes(words(text)).tolist()


def test_ascii_texts_take_the_fast_path_to_the_same_tokens() -> None:
    text = "The U.S. sold 12,000.50 e.g. units; it's x_y __init__ FOO-bar 'quoted' a.b.c end."
    fast = tokens(text)
    slow = tokens(text + " é")[:-1]  # one non-ASCII letter sends the text down the general path
    assert fast == slow and all(type(t) is type(slow[0]) for t in fast)
    assert [t.text for t in fast[:4]] == ["the", "u.s", "sold", "12,000.50"]
    assert text[fast[1].start:fast[1].end] == "U.S"
