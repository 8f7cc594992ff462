"""Bytes to text: binary detection, charset detection, size limits, input kinds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal

from charset_normalizer import from_bytes

from newstrace.errors import InputError, Reason

Kind = Literal["text", "markdown", "html", "jsonl", "warc", "feed", "arc"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
# Past this many times the limit, an oversized item's size is no longer counted (a decompression bomb could
# take minutes to measure); the reject then says "more than".
COUNT_LIMIT_FACTOR = 64
_CHUNK = 1 << 20
# What a bad byte becomes when a mostly-UTF-8 text is decoded.
REPLACEMENT = "\ufffd"

_MAGIC: dict[bytes, str] = {
    b"%PDF": "PDF document",
    b"\x89PNG": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF8": "GIF image",
    b"PK\x03\x04": "ZIP archive",
    b"\x7fELF": "executable",
    b"\x1f\x8b": "gzip data in a file without a .gz name",
    b"BZh": "bzip2 data",
    b"\xfd7zXZ": "xz data",
    b"SQLite format 3": "SQLite database",
}
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")

_SUFFIX_KINDS: dict[str, Kind] = {
    ".txt": "text", ".text": "text",
    ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".jsonl": "jsonl", ".ndjson": "jsonl", ".json": "jsonl",
    ".warc": "warc", ".arc": "arc",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}


# Kinds whose first bytes cannot be anything else, so they win over a file's name.
_UNMISTAKABLE: frozenset[Kind] = frozenset({"feed", "warc", "arc"})


@dataclass(slots=True, frozen=True)
class Limits:
    """Bounds on what one item may be."""

    max_bytes: int = DEFAULT_MAX_BYTES


def check_size(item: str, size: int, limits: Limits, *, at_least: bool = False) -> None:
    if size > limits.max_bytes:
        written = f"more than {size:,}" if at_least else f"{size:,}"
        raise InputError(item, Reason.TOO_LARGE, size=written, limit=limits.max_bytes)


def read_bounded(item: str, stream: IO[bytes], limits: Limits) -> bytes:
    """All of ``stream``, or a ``too_large`` reject that gives its real size (counted, not kept)."""
    data = stream.read(limits.max_bytes + 1)
    if len(data) > limits.max_bytes:
        size, complete = _count_rest(stream, len(data), limits)
        check_size(item, size, limits, at_least=not complete)
    return data


def _count_rest(stream: IO[bytes], size: int, limits: Limits) -> tuple[int, bool]:
    """``size`` plus the bytes left in ``stream``, read a chunk at a time; whether counting reached the end."""
    stop = limits.max_bytes * COUNT_LIMIT_FACTOR
    while size <= stop:
        chunk = stream.read(_CHUNK)
        if not chunk:
            return size, True
        size += len(chunk)
    return size, False


def binary_kind(data: bytes) -> str | None:
    """What binary format ``data`` looks like, or ``None`` if it may be text."""
    for magic, name in _MAGIC.items():
        if data.startswith(magic):
            return name
    head = data[:8192]
    if head.startswith(_BOMS[1:]):
        return None  # UTF-16 text carries NUL bytes
    if b"\x00" in head:
        return "NUL bytes"
    return None


def decode(data: bytes, item: str) -> str:
    """Text of ``data``: UTF-8 when valid; UTF-8 with its few bad bytes replaced by U+FFFD when it is mostly
    UTF-8; else the charset charset-normalizer finds.

    A stray byte in a UTF-8 text must not make the whole text read in another charset (``café`` ->
    ``cafĂŠ``).  The clean stage records every U+FFFD as a removed span, which is the article's warning of
    where its bytes were bad.
    """
    kind = binary_kind(data)
    if kind:
        raise InputError(item, Reason.BINARY, detail=kind)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    replaced = data.decode("utf-8-sig", "replace")
    bad = replaced.count(REPLACEMENT)
    if _utf8_characters(replaced, bad) >= bad:
        return replaced
    best = from_bytes(data).best()
    if best is not None:
        return str(best)
    if bad <= len(replaced) // 100:
        return replaced  # no charset fits and few bytes are bad: keep the text, marked where it was bad
    raise InputError(item, Reason.UNDECODABLE)


def _utf8_characters(text: str, bad: int) -> int:
    """How many characters of ``text`` came from valid multi-byte UTF-8 sequences."""
    ascii_count = len(text.encode("ascii", "ignore"))
    return len(text) - ascii_count - bad


def kind_of(path: Path, head: bytes) -> Kind:
    """Input kind from the file name, else from the first bytes."""
    sniffed = sniff(head)
    if sniffed in _UNMISTAKABLE:
        return sniffed  # a feed saved as .html or .txt, a WARC or ARC under any name: the content says
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    if suffixes and suffixes[-1] in _SUFFIX_KINDS:
        return _SUFFIX_KINDS[suffixes[-1]]
    return sniffed


def sniff(head: bytes) -> Kind:
    """Input kind from the first bytes of content with no telling name (stdin, odd suffixes)."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith(b"filedesc://"):
        return "arc"  # the Internet Archive's older format opens with its file header record
    if start.startswith(b"{"):
        return "jsonl"
    if re.match(rb"<\?xml[^>]*>\s*<(rss|feed|rdf)", start) or start.startswith((b"<rss", b"<feed")):
        return "feed"
    if start.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<article", b"<div", b"<p")):
        return "html"
    return "text"
