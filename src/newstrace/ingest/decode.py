"""Bytes to text: binary detection, charset detection, size limits, input kinds."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from charset_normalizer import from_bytes

from newstrace.errors import InputError, Reason

Kind = Literal["text", "markdown", "html", "jsonl", "warc", "feed"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

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
    ".warc": "warc",
    ".rss": "feed", ".atom": "feed", ".xml": "feed",
}


@dataclass(slots=True, frozen=True)
class Limits:
    """Bounds on what one item may be."""

    max_bytes: int = DEFAULT_MAX_BYTES


def check_size(item: str, size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise InputError(item, Reason.TOO_LARGE, size=size, limit=limits.max_bytes)


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
    """Text of ``data``: UTF-8 when valid, else the charset charset-normalizer finds."""
    kind = binary_kind(data)
    if kind:
        raise InputError(item, Reason.BINARY, detail=kind)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    best = from_bytes(data).best()
    if best is None:
        raise InputError(item, Reason.UNDECODABLE)
    return str(best)


def kind_of(path: Path, head: bytes) -> Kind:
    """Input kind from the file name, else from the first bytes."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    if suffixes and suffixes[-1] in _SUFFIX_KINDS:
        return _SUFFIX_KINDS[suffixes[-1]]
    return sniff(head)


def sniff(head: bytes) -> Kind:
    """Input kind from the first bytes of content with no telling name (stdin, odd suffixes)."""
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")[:512].lower()
    if start.startswith(b"warc/"):
        return "warc"
    if start.startswith(b"{"):
        return "jsonl"
    if re.match(rb"<\?xml[^>]*>\s*<(rss|feed|rdf)", start) or start.startswith((b"<rss", b"<feed")):
        return "feed"
    if start.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<article", b"<div", b"<p")):
        return "html"
    return "text"
