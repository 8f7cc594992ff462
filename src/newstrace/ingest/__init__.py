"""Ingest stage: paths in, a stream of ``Article`` and ``Reject`` records out.

Readers stream, so memory stays flat as inputs grow.  A bad item becomes a
``Reject`` naming the file, line or record and the reason; the stream goes on.
"""

from __future__ import annotations

import gzip
import io
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from newstrace.errors import InputError, Reason
from newstrace.ingest.decode import Kind, Limits, binary_kind, decode, kind_of, read_bounded, sniff
from newstrace.ingest.feed import read_feed
from newstrace.ingest.files import read_html, read_markdown, read_text
from newstrace.ingest.jsonl import read_jsonl
from newstrace.ingest.warc import read_warc
from newstrace.model import Article, Reject
from newstrace.outlets import OutletTable, default_table

__all__ = ["Limits", "read_paths", "read_stream", "walk"]

STDIN = "-"


def read_paths(paths: Iterable[str | Path], table: OutletTable | None = None,
               limits: Limits | None = None) -> Iterator[Article | Reject]:
    """Every article (or reject) in the given files, directories and ``-`` for stdin."""
    table = table or default_table()
    limits = limits or Limits()
    for path in paths:
        if str(path) == STDIN:
            yield from _guarded(STDIN, lambda: read_stream(STDIN, sys.stdin.buffer, table, limits))
            continue
        path = Path(path)
        if not path.exists():
            yield _reject(InputError(str(path), Reason.MISSING_PATH))
            continue
        for file in walk(path):
            yield from _guarded(str(file), lambda f=file: _read_file(f, table, limits))  # type: ignore[misc]


def walk(path: Path) -> Iterator[Path]:
    """``path`` itself, or the files under it in a stable order, hidden ones skipped."""
    if path.is_file():
        yield path
        return
    for child in sorted(path.rglob("*")):
        if child.is_file() and not any(part.startswith(".") for part in child.relative_to(path).parts):
            yield child


def read_stream(item: str, stream: IO[bytes], table: OutletTable | None = None,
                limits: Limits | None = None) -> Iterator[Article | Reject]:
    """Articles from an unnamed byte stream (stdin); the kind is sniffed from its first bytes."""
    table = table or default_table()
    limits = limits or Limits()
    buffered = stream if hasattr(stream, "peek") else io.BufferedReader(stream)  # type: ignore[arg-type,type-var]
    head = buffered.peek(4096)[:4096]  # type: ignore[union-attr]
    if head.startswith(b"\x1f\x8b"):
        buffered = io.BufferedReader(gzip.GzipFile(fileobj=buffered))  # type: ignore[arg-type]
        head = buffered.peek(4096)[:4096]
    yield from _read_kind(item, sniff(head), buffered, table, limits)


def _read_file(path: Path, table: OutletTable, limits: Limits) -> Iterator[Article | Reject]:
    item = str(path)
    with path.open("rb") as raw:
        if path.suffix.lower() != ".gz":
            head = raw.read(4096)
            raw.seek(0)
            kind = kind_of(path, head)
            binary = binary_kind(head) if kind != "warc" else None  # a WARC's HTTP bodies may be binary
            if binary:
                raise InputError(item, Reason.BINARY, detail=binary)
            yield from _read_kind(item, kind, raw, table, limits)
            return
        kind = kind_of(path, _gunzipped_head(raw))
        if kind == "warc":
            yield from read_warc(item, raw, True, table, limits)
            return
        with gzip.GzipFile(fileobj=raw) as unzipped:
            yield from _read_kind(item, kind, io.BufferedReader(unzipped), table, limits)  # type: ignore[arg-type]


def _gunzipped_head(raw: IO[bytes]) -> bytes:
    """The first decompressed bytes, or as many as there are before a cut (the reader reports the cut)."""
    head = b""
    try:
        with gzip.GzipFile(fileobj=raw) as unzipped:
            head = unzipped.read1(4096)
    except (EOFError, zlib.error):
        pass
    raw.seek(0)
    return head


def _read_kind(item: str, kind: Kind, stream: IO[bytes], table: OutletTable,
               limits: Limits) -> Iterator[Article | Reject]:
    if kind == "arc":
        # fastwarc reads WARC only; an ARC file read as text would store its header record as an article
        raise InputError(item, Reason.UNSUPPORTED, detail="an ARC file (the older Internet Archive format)")
    if kind == "jsonl":
        yield from read_jsonl(item, stream, table, limits)
    elif kind == "warc":
        yield from read_warc(item, stream, False, table, limits)
    else:
        data = read_bounded(item, stream, limits)
        if kind == "feed":
            yield from read_feed(item, data, table)
            return
        text = decode(data, item)
        reader = {"html": read_html, "markdown": read_markdown}.get(kind, read_text)
        yield from reader(item, text, table)


def _guarded(item: str, produce) -> Iterator[Article | Reject]:  # type: ignore[no-untyped-def]
    """Run one file's reader; whatever goes wrong becomes a reject for that file, after what it yielded."""
    try:
        yield from produce()
    except InputError as exc:
        yield _reject(exc)
    except (EOFError, zlib.error) as exc:
        yield _reject(InputError(item, Reason.TRUNCATED, detail=f"compressed data ends early ({exc})"))
    except gzip.BadGzipFile as exc:
        yield _reject(InputError(item, Reason.UNREADABLE, detail=f"not valid gzip ({exc})"))
    except (KeyboardInterrupt, SystemExit, GeneratorExit):
        raise
    except BaseException as exc:
        yield _reject(InputError(item, Reason.UNREADABLE, detail=f"{type(exc).__name__}: {exc}"))


def _reject(exc: InputError) -> Reject:
    return Reject(exc.item, exc.reason.value, exc.message)
