"""RSS and Atom feeds with feedparser: one article per entry, full content when the feed has it."""

from __future__ import annotations

import io
import re
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import feedparser
import trafilatura

from newstrace.errors import InputError, Reason
from newstrace.ingest import records
from newstrace.model import Article, Reject
from newstrace.outlets import OutletTable

# An entity declaration (a quoted value may hold ">"), in bytes and, for UTF-16 feeds, in text.
_ENTITY_DECLARATION = re.compile(rb"""<!ENTITY(?:[^"'>]|"[^"]*"|'[^']*')*>""")
_ENTITY_DECLARATION_TEXT = re.compile(r"""<!ENTITY(?:[^"'>]|"[^"]*"|'[^']*')*>""")
_UTF16 = ((b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def read_feed(item: str, data: bytes, table: OutletTable) -> Iterator[Article | Reject]:
    # A stream, never the bytes themselves: feedparser opens a bytes or str argument as a path or URL if
    # it can, so a feed whose content is "/etc/passwd" would be read from that file.
    parsed = feedparser.parse(io.BytesIO(without_entities(data)))
    if not parsed.entries:
        detail = str(parsed.get("bozo_exception") or "it has no entries")
        raise InputError(item, Reason.BAD_FEED, detail=detail)
    outlet = parsed.feed.get("title")
    for number, entry in enumerate(parsed.entries, start=1):
        where = f"{item}#entry{number}"
        try:
            yield _article(where, entry, outlet, table)
        except InputError as exc:
            yield Reject(exc.item, exc.reason.value, exc.message)


def without_entities(data: bytes) -> bytes:
    """The feed with its own entity declarations dropped, so none can expand ("billion laughs", or one long
    entity used many times); references to them are left as written."""
    for bom, codec in _UTF16:
        if data.startswith(bom):  # feedparser would read the declarations after converting to UTF-8
            text = data[len(bom):].decode(codec, "replace")
            return bom + _ENTITY_DECLARATION_TEXT.sub("", text).encode(codec) if "<!ENTITY" in text else data
    # Declarations are only valid in the DTD; anywhere else the markup would have been escaped.
    return _ENTITY_DECLARATION.sub(b"", data) if b"<!ENTITY" in data else data


def _article(where: str, entry: Any, feed_title: str | None, table: OutletTable) -> Article:
    html = _body(entry)
    if not html.strip():
        raise InputError(where, Reason.EMPTY)
    text = trafilatura.extract(f"<html><body><article>{html}</article></body></html>", include_comments=False,
                               favor_recall=True) or trafilatura.html2txt(html)
    url = entry.get("link")
    published = _date(entry)
    # Keep the feed's own outlet only when the link gives none.
    outlet = None if url and records.registered_domain(url) else feed_title
    return records.build(where, html, text or "", raw_kind="html", table=table, given_id=entry.get("id") or url,
                         url=url, title=entry.get("title"), published=published,
                         published_from="feed" if published else None, lang=entry.get("language"),
                         outlet=outlet)


def _body(entry: Any) -> str:
    """The fullest text the entry carries: its content, else its summary."""
    contents = [c.get("value", "") for c in entry.get("content", []) if c.get("value")]
    if contents:
        return max(contents, key=len)
    return str(entry.get("summary") or entry.get("description") or "")


def _date(entry: Any) -> str | None:
    parsed: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed is None:
        return None
    return datetime(*parsed[:6], tzinfo=UTC).isoformat()
