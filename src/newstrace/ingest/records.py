"""Turning what a reader found into an ``Article``: ids, outlets, dates, HTML text."""

from __future__ import annotations

import hashlib
import re
from datetime import date, datetime
from functools import lru_cache
from html.parser import HTMLParser
from typing import Any

import tldextract
import trafilatura
from dateutil import parser as dateparser

from newstrace.errors import InputError, Reason
from newstrace.model import Article, RawKind
from newstrace.outlets import OutletTable, default_table

# Fewer words than this from a page is navigation left over, not an article.
MIN_HTML_WORDS = 5
# libxml2 (under trafilatura) stops building a page's tree past this depth, and the page comes out empty.
LIBXML_MAX_DEPTH = 255


@lru_cache(maxsize=1)
def _extractor() -> tldextract.TLDExtract:
    # The suffix list bundled with tldextract; never fetched, never cached on disk.
    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def registered_domain(url: str) -> str | None:
    """``www.thesun.co.uk/news`` -> ``thesun.co.uk``; ``None`` for URLs with no public suffix."""
    parts = _extractor()(url)
    return parts.top_domain_under_public_suffix or None


def outlet_for(url: str | None, given: str | None, table: OutletTable) -> str | None:
    """The outlet from metadata (normalised through the alias table), else from the URL's domain."""
    if given and given.strip():
        match = table.resolve(given)
        return match.outlet if match and not match.fuzzy else given.strip()
    if url:
        domain = registered_domain(url)
        if domain:
            return table.from_domain(domain) or domain
    return None


def article_id(given: Any, url: str | None, raw: str) -> str:
    """The given id, else one derived from the URL, else from the content."""
    if given not in (None, ""):
        return str(given)
    basis = f"url:{url}" if url else f"text:{raw}"
    return hashlib.sha1(basis.encode("utf-8", "surrogatepass")).hexdigest()[:16]


_ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?")


def normalise_date(value: Any, item: str) -> str | None:
    """ISO 8601 from ISO or common date strings; a date-only input stays date-only."""
    if value in (None, ""):
        return None
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value).strip()
    if re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", text):
        return text
    if _ISO_TIME.fullmatch(text):  # the usual feed shape: dateutil's general parser costs 8% of an ingest
        try:
            return datetime.fromisoformat(text.replace("Z", "+00:00")).isoformat()
        except ValueError:
            pass  # e.g. hour 24 or day 31 of a short month: the general parser decides
    try:
        parsed = dateparser.parse(text)
    except (ValueError, OverflowError) as exc:
        raise InputError(item, Reason.BAD_RECORD, detail=f"'published' is not a date: {text!r}") from exc
    has_time = bool(re.search(r"\d{1,2}:\d{2}", text))
    return parsed.isoformat() if has_time else parsed.date().isoformat()


_URL_DATE = re.compile(r"(?<!\d)(?P<y>(?:19[9]\d|20[0-3]\d))(?P<sep>[/\-_]?)(?P<m>0[1-9]|1[0-2])"
                       r"(?:(?P=sep)(?P<d>0[1-9]|[12]\d|3[01]))?(?!\d)")


def url_date(url: str | None) -> str | None:
    """A date written in a URL's path (/2023/02/06/, /2023-02-06-, dmf20230206), or its year and month."""
    if not url:
        return None
    path = url.split("://", 1)[-1].split("/", 1)[-1].split("?", 1)[0]
    for m in _URL_DATE.finditer(path):
        if not m.group("sep") and not m.group("d"):
            continue  # six bare digits are more often an id than a month
        day = m.group("d")
        return f"{m.group('y')}-{m.group('m')}" + (f"-{day}" if day else "")
    return None


def build(item: str, raw: str, text: str, *, raw_kind: RawKind, table: OutletTable | None = None,
          given_id: Any = None, url: str | None = None, title: str | None = None, published: str | None = None,
          published_from: str | None = None, lang: str | None = None, outlet: str | None = None) -> Article:
    """A new, not yet cleaned article; rejects items with no text."""
    if not text.strip():
        raise InputError(item, Reason.EMPTY)
    table = table or default_table()
    url = url.strip() if url else None
    if not published and url_date(url):
        published, published_from = url_date(url), "url"
    return Article(id=article_id(given_id, url, raw), raw=raw, raw_kind=raw_kind, url=url,
                   outlet=outlet_for(url, outlet, table), title=title.strip() if title else None,
                   published=published, published_from=published_from if published else None,
                   lang=lang or None, source=item, text=text)


def from_html(item: str, html: str, *, url: str | None = None, table: OutletTable | None = None,
              **meta: Any) -> Article:
    """Article text from a page with trafilatura; the publication date with htmldate."""
    if not html.strip():
        raise InputError(item, Reason.EMPTY)
    try:
        doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                          include_tables=False, date_extraction_params={"original_date": True,
                                                                                        "extensive_search": True})
    except Exception as exc:  # trafilatura raises many kinds on malformed markup
        raise InputError(item, Reason.UNREADABLE, detail=f"HTML parse failed: {exc}") from exc
    text = getattr(doc, "text", None) if doc is not None else None
    if not text or len(text.split()) < MIN_HTML_WORDS:
        text = deep_page_text(html)
    if not text or len(text.split()) < MIN_HTML_WORDS:
        raise InputError(item, Reason.NO_ARTICLE)
    published = meta.pop("published", None)
    published_from = meta.pop("published_from", None)
    found_date = getattr(doc, "date", None)
    if not published and found_date:
        published, published_from = found_date, "htmldate"
    return build(item, html, text, raw_kind="html", table=table, url=url or getattr(doc, "url", None),
                 title=meta.pop("title", None) or getattr(doc, "title", None), published=published,
                 published_from=published_from, lang=meta.pop("lang", None) or getattr(doc, "language", None),
                 **meta)


def deep_page_text(html: str) -> str | None:
    """The text of a page nested deeper than libxml2 reads, from a flat walk over its tags; ``None`` for a
    page of ordinary depth, where finding no article with trafilatura means there is none."""
    walker = _FlatText()
    walker.feed(html)
    walker.close()
    if walker.max_depth <= LIBXML_MAX_DEPTH:
        return None
    lines = (" ".join(line.split()) for line in "".join(walker.parts).splitlines())
    return "\n".join(line for line in lines if line)


class _FlatText(HTMLParser):
    """Text outside scripts, styles and page chrome, a line per block; tags are a flat stream, so no depth
    limit applies.  Depth is counted from start and end tags, which is enough to tell a page too deep."""

    _SKIP = frozenset({"script", "style", "noscript", "template", "head", "title", "svg", "nav", "header",
                       "footer", "aside", "form", "button", "iframe", "select"})
    _BLOCK = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section",
                        "blockquote", "pre", "ul", "ol", "table", "main"})
    _VOID = frozenset({"br", "img", "hr", "meta", "link", "input", "area", "base", "col", "embed", "source",
                       "track", "wbr", "param"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.depth = 0
        self.max_depth = 0
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in self._VOID:
            self.depth += 1
            self.max_depth = max(self.max_depth, self.depth)
        if tag in self._SKIP and tag not in self._VOID:
            self._skipping += 1
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self._VOID:
            return
        self.depth = max(0, self.depth - 1)
        if tag in self._SKIP:
            self._skipping = max(0, self._skipping - 1)
        if tag in self._BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)
