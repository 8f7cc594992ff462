"""Property tests (issue 15) over every reader, the cleaner, credit parsing, fingerprinting, alignment and
claims, with arbitrary Unicode, control characters, mixed scripts, huge and empty inputs.

The checks are plain functions (``check_*``) so that ``benchmarks/fuzz_properties.py`` can run them for
10,000 examples each and count what escaped; here they run under the "ci" Hypothesis profile, which keeps
them to a few seconds.  ``HYPOTHESIS_PROFILE=long`` runs the benchmark's size under pytest.
"""

from __future__ import annotations

import gzip
import io
import json
import os
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from fastwarc.warc import WarcRecord, WarcRecordType
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstrace.claims.stage import extract_all
from newstrace.clean import clean_article
from newstrace.credits import find_credits
from newstrace.errors import InputError
from newstrace.fingerprint import detect_language, fingerprint, text_tokens
from newstrace.ingest import _read_file, read_paths
from newstrace.ingest.decode import Limits
from newstrace.link.align import align
from newstrace.model import Article, Reject
from newstrace.outlets import default_table

_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example]
# CI draws the same examples every run (derandomize), so a known defect cannot make it flaky; the benchmark
# draws 10,000 new ones a property.
settings.register_profile("ci", max_examples=30, deadline=None, database=None, suppress_health_check=_QUIET,
                          derandomize=True)
settings.register_profile("long", max_examples=10_000, deadline=None, database=None, suppress_health_check=_QUIET)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))
# Claims parse with spaCy, some 50 ms an example: a fifth of the others' examples.
CLAIMS_SETTINGS = settings(max_examples=max(5, settings.default.max_examples // 5))

# --- strategies ------------------------------------------------------------------------------------------------

NEWS_WORDS = ("The harbour board approved a new breakwater on Monday after a two-year study of winter storms . "
              "Reuters AP AFP said according to officials 480 metres 12 million pounds « » “ ” café Genève "
              "Москва 北京 القاهرة मुंबई 東京 İstanbul").split()
CHROME = ["[ad_1]", "[adsense]", "Source link", "Read more", "Advertisement", "COMMENTS", "(Reuters) -", "— AFP",
          "Photo: AP", "Share this article", "Source: The Sun", "via BBC", "Reading Time: 3 minutes",
          "This story appeared in The Sun and is reproduced with permission.", "By Jane Doe, Reuters"]
CONTROLS = ["\x1b[31m", "\x1b]0;title\x07", "\x1b[2J", "\x9b1m", "\x00", "\x07", "\x08", "\x7f", "\x85", "\ufeff",
            "\ufffd", "\u200b", "\u202e", "\x0b", "\x0c", "\x1c", "\u2028"]
SPACES = [" ", "  ", "\n", "\n\n", "\n\n\n", "\t", "\r\n", "\r"]

pieces = st.one_of(
    st.sampled_from(NEWS_WORDS), st.sampled_from(NEWS_WORDS), st.sampled_from(CHROME), st.sampled_from(CONTROLS),
    st.sampled_from(SPACES), st.sampled_from(SPACES), st.text(max_size=12),
)
# Text as news arrives broken: words of many scripts, chrome, control characters, odd spacing; sometimes
# one piece repeated into a large input.
texts = st.one_of(
    st.lists(pieces, max_size=120).map("".join),
    st.tuples(st.lists(pieces, min_size=1, max_size=20).map("".join), st.integers(1, 3000)).map(
        lambda t: t[0] * t[1]),
    st.text(),
)


def _mutate(text: str, edits: list[tuple[int, str]]) -> str:
    words = text.split(" ")
    for where, word in edits:
        if words:
            words[where % len(words)] = word
    return " ".join(words)


# A text and a copy of it with some words changed, so that alignments have passages and edits.
text_pairs = st.tuples(texts, st.lists(st.tuples(st.integers(0, 10_000), st.text(max_size=8)), max_size=6),
                       texts).map(lambda t: (t[0], t[2] + " " + _mutate(t[0], t[1])))


def _warc(body: bytes, headers: list[str], cut: int | None) -> bytes:
    record = WarcRecord()
    record.init_headers(record_type=WarcRecordType.response)
    record.headers["WARC-Target-URI"] = "https://a.example.com/x"
    record.headers["Content-Type"] = "application/http; msgtype=response"
    head = "".join(f"{h}\r\n" for h in ["Content-Type: text/html", *headers])
    record.set_bytes_content(f"HTTP/1.1 200 OK\r\n{head}\r\n".encode("utf-8", "replace") + body)
    out = io.BytesIO()
    record.write(out)
    data = out.getvalue()
    return data[:cut] if cut is not None else data


def _html(text: str) -> str:
    return f"<html><head><title>{text[:40]}</title></head><body><article><p>{text}</p></article></body></html>"


def _rss(text: str) -> str:
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>{text[:30]}</title>'
            f"<link>https://a.example.com/{len(text)}</link><description>{text}</description></item></channel></rss>")


encodings = st.sampled_from(["utf-8", "utf-16", "cp1252", "latin-1", "shift_jis"])
json_values: st.SearchStrategy[Any] = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | texts,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3), max_leaves=6)
records = st.fixed_dictionaries({}, optional={
    "id": st.one_of(st.text(max_size=10), st.integers()), "url": st.one_of(st.text(max_size=30), st.just(
        "https://a.example.com/2026/03/14/x")), "text": texts, "html": texts.map(_html), "title": json_values,
    "published": st.one_of(st.text(max_size=20), st.just("2026-03-14"), st.integers()), "lang": json_values,
    "outlet": json_values})


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, "replace")


# (suffix, bytes) of an input file of every kind, well formed or broken.
inputs = st.one_of(
    st.tuples(st.sampled_from([".txt", ".md", ".html", ".jsonl", ".json", ".rss", ".atom", ".warc", ".warc.gz",
                               ".txt.gz", ".jsonl.gz", ".arc", ".xml", ""]), st.binary(max_size=2000)),
    st.tuples(st.sampled_from([".txt", ".md", ""]), st.builds(_encode, texts, encodings)),
    st.tuples(st.just(".html"), st.builds(_encode, texts.map(_html), encodings)),
    st.tuples(st.sampled_from([".rss", ".xml", ".html"]), st.builds(_encode, texts.map(_rss), encodings)),
    st.tuples(st.sampled_from([".jsonl", ".json"]), st.lists(records, max_size=4).map(
        lambda rows: "\n".join(json.dumps(r, ensure_ascii=False) for r in rows).encode("utf-8", "surrogatepass"))),
    st.tuples(st.sampled_from([".jsonl"]), st.tuples(st.lists(records, max_size=3), st.binary(max_size=30)).map(
        lambda t: b"\n".join([json.dumps(r).encode() for r in t[0]] + [t[1]]))),
    st.tuples(st.sampled_from([".warc", ".warc.gz"]), st.builds(
        _warc, st.one_of(st.binary(max_size=500), texts.map(lambda t: gzip.compress(_html(t).encode("utf-8",
                                                                                                       "replace")))),
        st.lists(st.sampled_from(["Content-Encoding: gzip", "Content-Encoding: br", "Content-Encoding: deflate",
                                  "Transfer-Encoding: chunked", "Content-Encoding: zstd"]), max_size=2),
        st.one_of(st.none(), st.integers(0, 400)))),
)


# --- properties ------------------------------------------------------------------------------------------------

# What the reader's last-resort guard maps on purpose (read_paths' _guarded); anything else escaped a reader.
EXPECTED = (InputError, EOFError, zlib.error, gzip.BadGzipFile)


def check_reader(suffix: str, data: bytes) -> None:
    """A reader turns any file into articles and rejects, raising only the errors it maps on purpose; with a
    good file on each side, the run goes on past it; every article it gives cleans without losing text."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"fuzzed{suffix}"
        path.write_bytes(gzip.compress(data) if suffix.endswith(".gz") else data)
        try:
            found = list(_read_file(path, default_table(), Limits(max_bytes=50_000)))
        except EXPECTED:
            found = []
        for record in found:
            assert isinstance(record, Article | Reject)
            if isinstance(record, Article):
                check_clean(record.text)
        before, after = Path(tmp) / "a.txt", Path(tmp) / "z.txt"
        before.write_text("First good article, about the harbour board and its new breakwater.")
        after.write_text("Last good article, about the ferry that ran aground off the island.")
        records = list(read_paths([before, path, after], limits=Limits(max_bytes=50_000)))
    assert isinstance(records[0], Article) and records[0].text.startswith("First good article")
    assert isinstance(records[-1], Article) and records[-1].text.startswith("Last good article")


def removed_union(article: Article) -> Iterator[tuple[int, int]]:
    """The removed spans merged where they overlap (a title line may hold an inline cut)."""
    start = end = -1
    for span in sorted(article.removed, key=lambda r: r.start):
        if span.start > end:
            if end > start:
                yield start, end
            start, end = span.start, span.end
        else:
            end = max(end, span.end)
    if end > start:
        yield start, end


def check_clean(text: str) -> Article:
    """Cleaning loses nothing: each removed span is the text at its offsets, and the text outside them is
    the clean text (which tidies only whitespace), so the two rebuild the text exactly.  No control
    character or terminal escape is left in the clean text."""
    article = clean_article(Article(id="p", raw=text, text=text))
    for span in article.removed:
        assert 0 <= span.start <= span.end <= len(text)
        assert text[span.start:span.end] == span.text
    kept, pos = [], 0
    for start, end in removed_union(article):
        kept.append(text[pos:start])
        pos = end
    kept.append(text[pos:])
    assert "".join("".join(kept).split()) == "".join(article.clean_text.split())
    rebuilt, pos = "", 0
    for start, end in removed_union(article):
        rebuilt += text[pos:start] + text[start:end]
        pos = end
    assert rebuilt + text[pos:] == text
    assert not any(ch in article.clean_text for ch in "\x1b\x00\x07\x08\x7f\x9b\x9d\ufffd\ufeff")
    return article


def check_credits(text: str) -> None:
    """Credit parsing takes any text, and each credit's span holds its text (give or take the whitespace
    around it: "Reuters " spans its trailing space)."""
    for credit in find_credits(text, default_table()):
        assert 0 <= credit.start <= credit.end <= len(text)
        assert text[credit.start:credit.end].strip() == credit.text.strip()


def check_fingerprint(text: str) -> None:
    fp = fingerprint("p", text)
    assert fp.article_id == "p"
    detect_language(text)
    toks = text_tokens(text)
    assert all(0 <= s <= e <= len(text) for s, e in zip(toks.starts.tolist(), toks.ends.tolist(), strict=True))


def check_alignment(a_text: str, b_text: str) -> None:
    """Alignment spans always index the texts they claim to: passages within their texts, and each edit's
    text is what its offsets hold."""
    found = align(a_text, text_tokens(a_text), b_text, text_tokens(b_text))
    assert 0.0 <= found.a_coverage <= 1.0 and 0.0 <= found.b_coverage <= 1.0
    for p in found.passages:
        assert 0 <= p.a_start <= p.a_end <= len(a_text) and 0 <= p.b_start <= p.b_end <= len(b_text)
        for edit in p.edits:
            assert a_text[edit.a_start:edit.a_end] == edit.a_text
            assert b_text[edit.b_start:edit.b_end] == edit.b_text
            assert p.a_start <= edit.a_start <= edit.a_end <= p.a_end
            assert p.b_start <= edit.b_start <= edit.b_end <= p.b_end


def _spans(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, dict):
        if {"text", "start", "end"} <= set(value) and isinstance(value["start"], int):
            yield value
        for inner in value.values():
            yield from _spans(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from _spans(inner)


def check_claims(text: str) -> bool:
    """The claims stage gives one result an article, its claims or a recorded error, and never raises; every
    span in the claims is the clean text at its offsets.  Returns whether extraction failed (recorded)."""
    article = clean_article(Article(id="p", raw=text, text=text))
    [result] = list(extract_all([article]))
    assert (result.data is None) != (result.error is None)
    for span in _spans(result.data or {}):
        assert article.clean_text[span["start"]:span["end"]] == span["text"]
    return result.error is not None


# --- under pytest ----------------------------------------------------------------------------------------------

@given(inputs)
def test_readers_turn_any_input_into_articles_or_rejects_and_the_run_goes_on(case: tuple[str, bytes]) -> None:
    check_reader(*case)


@given(texts)
def test_cleaning_loses_nothing_and_leaves_no_control_characters(text: str) -> None:
    check_clean(text)


@given(texts)
def test_credits_index_the_text_they_were_found_in(text: str) -> None:
    check_credits(text)


@given(texts)
def test_fingerprinting_takes_any_text(text: str) -> None:
    check_fingerprint(text)


@given(text_pairs)
def test_alignment_spans_index_the_texts_they_claim_to(pair: tuple[str, str]) -> None:
    check_alignment(*pair)


@CLAIMS_SETTINGS
@given(texts)
def test_claims_stage_never_raises_and_its_spans_index_the_clean_text(text: str) -> None:
    check_claims(text)


def test_credit_spans_after_a_control_character_index_the_text() -> None:
    # found by benchmarks/fuzz_properties.py: a name was looked for with its words joined by single spaces
    check_credits("se]\r\nvia BBC\t\x1b")


def test_huge_and_empty_inputs() -> None:
    huge = ("Ferry \x1b[31mruns\x1b[0m aground off Karrow Island, the coastguard said. [ad_1]\n" * 5_000)
    for text in ("", " ", "\n\n", huge):
        check_clean(text)
        check_credits(text)
        check_fingerprint(text)
    check_alignment(huge, huge.replace("coastguard", "harbour master"))
    check_alignment("", huge[:1000])
