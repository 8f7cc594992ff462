"""WARC reader: HTML response records, read with fastwarc.

fastwarc stops quietly at a cut in the file, so the stream is wrapped to
notice one: gzip raises at a cut member, and an uncompressed WARC must end
with the blank line that closes its last record.
"""

from __future__ import annotations

import gzip
import io
import zlib
from collections.abc import Iterator
from typing import IO

from fastwarc.warc import ArchiveIterator, WarcRecord, WarcRecordType

from newstrace.errors import InputError, Reason
from newstrace.ingest import records
from newstrace.ingest.decode import Limits, check_size, decode
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
    for record in ArchiveIterator(watched, parse_http=True):  # type: ignore[arg-type]
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


def _article(where: str, record, table: OutletTable, limits: Limits) -> Article | None:  # type: ignore[no-untyped-def]
    content_type = (record.http_content_type or "").lower()
    if content_type and not content_type.startswith(_HTML_TYPES):
        return None  # images, scripts and the like are not articles
    check_size(where, record.content_length, limits)
    body = record.reader.read()
    if len(body) < record.content_length:
        raise _CutRecord(where)
    url = record.headers.get("WARC-Target-URI")
    html = _decode_html(where, body, record.http_charset)
    article = records.from_html(f"{where} {url or ''}".strip(), html, url=url, table=table)
    if article.published is None and record.record_date is not None:
        article.published, article.published_from = record.record_date.isoformat(), "crawl_date"
    return article


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
