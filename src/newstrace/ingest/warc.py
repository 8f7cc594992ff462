"""WARC reader: HTML response records, read with fastwarc.

fastwarc stops quietly at a cut in the file, so the stream is wrapped to
notice one: gzip raises at a cut member, and an uncompressed WARC must end
with the blank line that closes its last record.

HTTP bodies are stored as they came over the wire: chunked, and gzip-,
deflate- or brotli-encoded, as Webrecorder, wget and Heritrix write them.
They are decoded here, as warcio's ``content_stream()`` does, after the
record is known to be whole (a decoded body has no length to check a cut
against), with the decoded size held to the limit.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Callable, Iterator
from typing import IO

from fastwarc.stream_io import ChunkedReader
from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from newstrace.errors import InputError, Reason
from newstrace.ingest import records
from newstrace.ingest.decode import COUNT_LIMIT_FACTOR, Limits, check_size, decode
from newstrace.model import Article, Reject
from newstrace.outlets import OutletTable

_HTML_TYPES = ("text/html", "application/xhtml+xml")


class _CutRecord(Exception):
    """A record shorter than its Content-Length: the file was cut inside it."""


class _WatchedStream:
    """A read-only stream that remembers a read error and the last bytes it served."""

    def __init__(self, raw: IO[bytes] | gzip.GzipFile) -> None:
        self._raw = raw
        self.error: Exception | None = None
        self.tail = b""
        self.served = 0

    def tell(self) -> int:
        return self.served

    def seek(self, offset: int, whence: int = 0) -> int:
        raise io.UnsupportedOperation("a watched WARC stream reads forward only")

    def close(self) -> None:
        self._raw.close()

    def read(self, size: int = -1) -> bytes:
        if self.error is not None:
            return b""
        try:
            # read1 hands over what was decompressed before a cut instead of discarding it
            reader = getattr(self._raw, "read1", self._raw.read)
            data = reader(size if size > 0 else 1 << 16)
        except (EOFError, OSError, zlib.error) as exc:
            self.error = exc
            return b""
        if data:
            self.tail = (self.tail + data)[-4:]
            self.served += len(data)
        return data


def read_warc(item: str, stream: IO[bytes], compressed: bool, table: OutletTable,
              limits: Limits) -> Iterator[Article | Reject]:
    """Articles from the HTML response records of a WARC; a cut file ends in a ``Reject``."""
    watched = _WatchedStream(gzip.GzipFile(fileobj=stream) if compressed else stream)
    seen = 0
    for record in _records(item, watched):
        seen += 1
        if record.record_type != WarcRecordType.response:
            continue
        if watched.error is not None and record.content_length == 0:
            break  # headers read just before the cut; the body is gone
        where = f"{item}@{record.stream_pos}"
        try:
            article = _article(where, record, table, limits)
        except _CutRecord:
            break  # reported once for the whole file below
        except InputError as exc:
            yield Reject(exc.item, exc.reason.value, exc.message)
            continue
        if article is not None:
            yield article
    _check_complete(item, watched, seen)


def _records(item: str, watched: _WatchedStream) -> Iterator[WarcRecord]:
    """fastwarc's records; a header it cannot parse ends the file with a reject (the records before it are
    kept), unless the stream was cut there, which ``_check_complete`` reports."""
    records = iter(ArchiveIterator(watched, parse_http=True))  # type: ignore[arg-type]
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except OSError as exc:
            if watched.error is not None:
                return
            raise InputError(item, Reason.BAD_RECORD, detail=f"{exc} at byte {watched.served:,}; the records "
                             "before it were kept") from exc
        yield record


def _article(where: str, record, table: OutletTable, limits: Limits) -> Article | None:  # type: ignore[no-untyped-def]
    content_type = (record.http_content_type or "").lower()
    if content_type and not content_type.startswith(_HTML_TYPES):
        return None  # images, scripts and the like are not articles
    check_size(where, record.content_length, limits)
    body = record.reader.read()
    if len(body) < record.content_length:
        raise _CutRecord(where)
    headers = record.http_headers  # None when the HTTP head did not parse
    transfer = (headers.get("Transfer-Encoding") if headers else None) or ""
    body = _unchunked(body) if "chunked" in transfer.lower() else body
    for coding in reversed(_codings(headers.get("Content-Encoding") if headers else None)):
        body = _decoded(where, body, coding, limits)
    url = record.headers.get("WARC-Target-URI")
    html = _decode_html(where, body, record.http_charset)
    article = records.from_html(f"{where} {url or ''}".strip(), html, url=url, table=table)
    if article.published is None and record.record_date is not None:
        article.published, article.published_from = record.record_date.isoformat(), "crawl_date"
    return article


def _unchunked(body: bytes) -> bytes:
    """The body with chunked transfer coding undone; as it is when a crawler already undid it but kept the
    header (warcio does the same)."""
    try:
        return ChunkedReader(io.BytesIO(body)).read()
    except (OSError, ValueError):
        return body


def _codings(header: str | None) -> list[str]:
    return [c.strip().lower() for c in (header or "").split(",") if c.strip() and c.strip().lower() != "identity"]


# What a compressed body starts with; a body without it was stored decoded under its old header.
_COMPRESSED_STARTS = (b"\x1f\x8b", b"\x78")
_CHUNK = 1 << 20


def _decoded(where: str, body: bytes, coding: str, limits: Limits) -> bytes:
    """``body`` with one content coding undone, its decoded size held to the limit."""
    if coding not in ("gzip", "x-gzip", "deflate", "br"):
        raise InputError(where, Reason.UNSUPPORTED, detail=f"HTTP content encoding {coding!r}")
    try:
        return _unbrotli(where, body, limits) if coding == "br" else _inflate(where, body, coding, limits)
    except InputError:
        raise
    except (ImportError, TypeError):  # no brotli, or one older than 1.2, which cannot bound its output
        raise InputError(where, Reason.UNSUPPORTED,
                         detail="a brotli-encoded HTTP body (it needs the brotli package, 1.2 or newer)") from None
    except Exception as exc:  # zlib.error, or brotli.error (named only once the package is imported)
        if coding != "br" and not body.startswith(_COMPRESSED_STARTS):
            return body
        raise InputError(where, Reason.UNREADABLE, detail=f"the HTTP body is not valid {coding} ({exc})") from exc


def _inflate(where: str, body: bytes, coding: str, limits: Limits) -> bytes:
    # wbits 47 reads a gzip or a zlib header; some servers send raw deflate (wbits -15) as "deflate"
    try:
        inflater = zlib.decompressobj(47)
        out = inflater.decompress(body, limits.max_bytes + 1)
    except zlib.error:
        if coding != "deflate":
            raise
        inflater = zlib.decompressobj(-15)
        out = inflater.decompress(body, limits.max_bytes + 1)
    if len(out) > limits.max_bytes:
        _too_large(where, len(out), lambda: len(inflater.decompress(inflater.unconsumed_tail, _CHUNK)), limits)
    return out


def _unbrotli(where: str, body: bytes, limits: Limits) -> bytes:
    import brotli  # comes with fastwarc; imported here so that without it only br bodies are rejected

    inflater = brotli.Decompressor()
    out: bytes = inflater.process(body, output_buffer_limit=limits.max_bytes + 1)
    if len(out) > limits.max_bytes:
        def more() -> int:
            return 0 if inflater.is_finished() else len(inflater.process(b"", output_buffer_limit=_CHUNK))
        _too_large(where, len(out), more, limits)
    return out


def _too_large(where: str, size: int, more: Callable[[], int], limits: Limits) -> None:
    """Reject a body that decodes past the limit, with its decoded size counted a chunk at a time (bounded
    memory), or "more than" once counting passes what a bomb could make us wait for."""
    stop = limits.max_bytes * COUNT_LIMIT_FACTOR
    while size <= stop and (step := more()):
        size += step
    check_size(where, size, limits, at_least=size > stop)


def _decode_html(where: str, body: bytes, charset: str | None) -> str:
    if charset:
        try:
            return body.decode(charset)
        except (LookupError, UnicodeDecodeError):
            pass
    return decode(body, where)


def _check_complete(item: str, watched: _WatchedStream, seen: int) -> None:
    if watched.error is not None:
        raise InputError(item, Reason.TRUNCATED, detail=f"compressed stream ends early ({watched.error})")
    if watched.served and not watched.tail.endswith(b"\r\n\r\n"):
        raise InputError(item, Reason.TRUNCATED, detail="the last record is cut short")
    if seen == 0:
        raise InputError(item, Reason.BAD_RECORD, detail="no WARC records found")


def write_warc(out: IO[bytes], pages: list[tuple[str, str, str]], compress: bool = True) -> None:
    """Write ``(url, iso_date, html)`` pages as WARC response records, one gzip member each when compressed.

    Used to build the demo corpus and test fixtures.
    """
    for url, when, html in pages:
        body = ("HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html).encode("utf-8")
        record = WarcRecord()
        record.init_headers(record_type=WarcRecordType.response)
        record.headers["WARC-Target-URI"] = url
        record.headers["WARC-Date"] = when
        record.headers["Content-Type"] = "application/http; msgtype=response"
        record.set_bytes_content(body)
        if compress:
            member = io.BytesIO()
            record.write(member)
            out.write(gzip.compress(member.getvalue()))
        else:
            record.write(out)
