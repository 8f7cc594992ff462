"""Clean stage: cut page chrome from an article, keep every cut with its reason, parse credits.

``clean_article`` is a pure function of the article, the outlet table and the
set of boilerplate line keys learned from the store (see ``boilerplate``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from htmldate.extractors import regex_parse

from newstrace.clean import rules
from newstrace.credits import find_credits
from newstrace.model import SOURCE_CREDIT_KINDS, Article, Credit, Removed
from newstrace.outlets import OutletTable, default_table

__all__ = ["boilerplate_keys", "clean_article", "clean_text", "find_chrome", "line_key"]

# A teaser must be this long (letters and digits) before it counts as repeating the body.
TEASER_MIN_CHARS = 20
# Lines shorter or longer than these are not counted as boilerplate candidates.
BOILERPLATE_MIN_CHARS = 3
BOILERPLATE_MAX_CHARS = 300
_BLANK_RUNS = re.compile(r"\n{3,}")


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str
    reason: str | None = None


def line_key(line: str) -> str:
    """A stable key for a line, blind to case and spacing, used to learn boilerplate."""
    norm = " ".join(line.lower().split())
    return hashlib.blake2b(norm.encode("utf-8"), digest_size=8).hexdigest()


def boilerplate_keys(article: Article) -> set[str]:
    """Keys of the article's lines that may be outlet boilerplate.

    Lines the rules already cut are left out; lines cut as learned boilerplate
    stay in, so the counts do not change when an article is cleaned again.
    ``clean_article`` stores them, sorted, in ``Article.line_keys`` for the store to count.
    """
    lines = article.clean_text.splitlines()
    lines += [r.text for r in article.removed if r.reason == "outlet_boilerplate"]
    return {line_key(s) for s in (ln.strip() for ln in lines)
            if BOILERPLATE_MIN_CHARS <= len(s) <= BOILERPLATE_MAX_CHARS}


def clean_article(article: Article, boilerplate: frozenset[str] | set[str] = frozenset(),
                  table: OutletTable | None = None) -> Article:
    """Return a copy of ``article`` with ``clean_text``, ``removed``, ``credits``, ``line_keys`` and perhaps
    ``title`` set."""
    table = table or default_table()
    text = article.text
    credits = find_credits(text, table)
    removed = find_chrome(text, boilerplate, credits)
    title = article.title
    removed, title = _take_title(text, removed, title)
    published, published_from = article.published, article.published_from
    stamp = rules.DATE_STAMP.match(text)
    if stamp and not published:
        published, published_from = stamp.group("date"), "text_stamp"
    if not published and (shown := _timestamp_date(removed)):
        published, published_from = shown, "timestamp_line"
    cleaned = dataclasses.replace(article, clean_text=clean_text(text, removed), removed=removed, credits=credits,
                                  title=title, published=published, published_from=published_from)
    cleaned.line_keys = tuple(sorted(boilerplate_keys(cleaned)))
    return cleaned


def _timestamp_date(removed: list[Removed]) -> str | None:
    """The day a page shows as its own, from the first date-and-time line cut as chrome."""
    for span in removed:
        if span.reason == "timestamp" and (found := regex_parse(span.text)):
            return found.date().isoformat()
    return None


def find_chrome(text: str, boilerplate: frozenset[str] | set[str] = frozenset(),
                credits: Iterable[Credit] = ()) -> list[Removed]:
    """Every chrome span of ``text``, in order, each with its reason."""
    inline = _inline_spans(text)
    lines = _lines(text, inline)
    _mark_line_rules(lines, boilerplate)
    _mark_credit_lines(lines, credits)
    _mark_related_blocks(lines)
    _mark_teasers(lines)
    spans = [s for s in inline if not _in_cut_line(s, lines)]
    spans += [Removed(ln.start, ln.end, text[ln.start:ln.end], ln.reason) for ln in lines if ln.reason]
    return sorted(spans, key=lambda r: r.start)


def clean_text(text: str, removed: list[Removed]) -> str:
    """``text`` without the removed spans, with blank runs and stray spaces tidied."""
    parts: list[str] = []
    pos = 0
    for span in sorted(removed, key=lambda r: r.start):
        if span.end > pos:
            parts.append(text[pos:max(pos, span.start)])
            pos = span.end
    parts.append(text[pos:])
    out = "".join(parts)
    lines = [" ".join(ln.split()) for ln in out.splitlines()]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def _inline_spans(text: str) -> list[Removed]:
    spans = _control_spans(text) if rules.HAS_CONTROL_OR_REPLACED.search(text) else []
    spans += [Removed(m.start(), m.end(), m.group(0), "ad_shortcode") for m in rules.AD_SHORTCODE.finditer(text)]
    spans += [Removed(m.start(), m.end(), m.group(0), "image_credit") for m in rules.PHOTO_PAREN.finditer(text)]
    spans += [Removed(m.start("credit"), m.end(), m.group("credit"), "image_credit")
              for m in rules.TRAILING_PICTURE_CREDIT.finditer(text)]
    stamp = rules.DATE_STAMP.match(text)
    if stamp:
        spans.append(Removed(stamp.start(), stamp.end(), stamp.group(0), "date_stamp"))
    return sorted(spans, key=lambda r: r.start)


def _control_spans(text: str) -> list[Removed]:
    """Terminal escapes and control characters (never article text, and unsafe to print), and the U+FFFD
    that stand for undecodable input bytes: the span is the article's record of where its bytes were bad."""
    spans = [Removed(m.start(), m.end(), m.group(0), "control_characters") for m in rules.CONTROL.finditer(text)]
    spans += [Removed(m.start(), m.end(), m.group(0), "undecodable_bytes")
              for m in rules.REPLACED_BYTES.finditer(text)]
    return spans


def _lines(text: str, inline: list[Removed]) -> list[_Line]:
    """Lines with their offsets; the visible text of each has inline spans cut out."""
    out: list[_Line] = []
    pos = 0
    starts = [s.start for s in inline]  # sorted: each line's spans are found by bisection, not a scan
    for raw in text.splitlines(keepends=True):
        start, end = pos, pos + len(raw.rstrip("\r\n"))
        pos += len(raw)
        visible = text[start:end]
        spans = inline[bisect_left(starts, start):bisect_left(starts, end)]
        for span in reversed(spans):
            visible = visible[:span.start - start] + " " + visible[span.end - start:]
        line = _Line(start, end, visible.strip())
        if not line.text and spans:
            line.reason = spans[0].reason  # nothing but markers on it
        out.append(line)
    return out


def _in_cut_line(span: Removed, lines: list[_Line]) -> bool:
    """Whether ``span`` starts in a line cut whole (``lines`` are in order and do not overlap)."""
    k = bisect_right(lines, span.start, key=lambda ln: ln.start) - 1
    return k >= 0 and lines[k].reason is not None and span.start < lines[k].end


def _mark_line_rules(lines: list[_Line], boilerplate: frozenset[str] | set[str]) -> None:
    for line in lines:
        if line.reason or not line.text:
            continue
        if boilerplate and line_key(line.text) in boilerplate:
            line.reason = "outlet_boilerplate"
            continue
        if line.text.count(" ") >= rules.MAX_CHROME_WORDS:
            continue  # prose; checked before the costlier tests below
        trimmed = rules.trim(line.text)
        if not any(ch.isalnum() for ch in trimmed):
            line.reason = "punctuation"
            continue
        if len(trimmed.split()) > rules.MAX_CHROME_WORDS:
            continue
        if rules.is_timestamp(trimmed):
            line.reason = "timestamp"
            continue
        for reason, pattern in rules.LINE_RULES:
            if pattern.fullmatch(trimmed):
                line.reason = reason
                break


def _mark_credit_lines(lines: list[_Line], credits: Iterable[Credit]) -> None:
    """A line that is nothing but a credit ("Source: X", a republication notice) is not article text."""
    for credit in credits:
        if credit.kind not in SOURCE_CREDIT_KINDS:
            continue
        for line in lines:
            if line.reason is None and line.text and line.start <= credit.start < line.end:
                rest = line.text.replace(credit.text.strip(), "", 1)
                if len(rules.trim(rest)) <= 2:
                    line.reason = "credit_line"


def _mark_related_blocks(lines: list[_Line]) -> None:
    """Headline lines under a "Most read in ..." header belong to the header's block."""
    for i, line in enumerate(lines):
        if line.reason not in {"related", "link_back"} or not rules.RELATED_HEADER.fullmatch(rules.trim(line.text)):
            continue
        taken = 0
        for follower in lines[i + 1:]:
            if not follower.text:
                if taken:
                    break
                continue
            if follower.reason or not _is_headline(follower.text) or taken >= rules.RELATED_BLOCK_MAX_LINES:
                break
            follower.reason = "related"
            taken += 1


def _mark_teasers(lines: list[_Line]) -> None:
    """Leading lines that only repeat the start of the body (scraped teasers, cut mid-word)."""
    kept = [ln for ln in lines if ln.text and not ln.reason]
    for k in range(len(kept) - 1):  # an index, not kept[1:] each round: a page of repeated lines is long
        head = _alnum(kept[k].text)
        if len(head) < TEASER_MIN_CHARS or not _body_prefix(kept, k + 1, len(head)).startswith(head):
            return
        kept[k].reason = "teaser"


def _take_title(text: str, removed: list[Removed], title: str | None) -> tuple[list[Removed], str | None]:
    """Move a leading headline line into the title, or drop a line that repeats the known title."""
    visible = _visible_lines(text, removed, limit=2)
    if not visible:
        return removed, title
    start, end, line = visible[0]
    repeats_title = bool(title) and _alnum(line) == _alnum(title or "")
    is_title = (title is None and len(visible) > 1 and _is_headline(line)
                and not re.match(r"(?i)(?:by|por|par|von|di)\s", line))
    if not (repeats_title or is_title):
        return removed, title
    span = Removed(start, end, text[start:end], "title")
    return sorted([*removed, span], key=lambda r: r.start), title or line


def _visible_lines(text: str, removed: list[Removed], limit: int) -> list[tuple[int, int, str]]:
    """The first ``limit`` lines with text left after removal: (start past removed spans, end, visible text)."""
    out: list[tuple[int, int, str]] = []
    pos = 0
    removed = sorted(removed, key=lambda r: r.start)
    starts = [r.start for r in removed]
    # A span reaching into a line starts no earlier than the longest span's length before it, so each line
    # looks at a slice found by bisection, not at every span (many lines cut as teasers made this quadratic).
    longest = max((r.end - r.start for r in removed), default=0)
    for raw in text.splitlines(keepends=True):
        start, end = pos, pos + len(raw.rstrip("\r\n"))
        pos += len(raw)
        near = removed[bisect_left(starts, start - longest):bisect_left(starts, end)]
        inside = [r for r in near if r.start < end and r.end > start]
        local = [Removed(max(r.start, start) - start, min(r.end, end) - start, "", r.reason) for r in inside]
        visible = clean_text(text[start:end], local)
        if not visible:
            continue
        for r in sorted(inside, key=lambda r: r.start):
            if r.start <= start:
                start = max(start, r.end)
        start += len(text[start:end]) - len(text[start:end].lstrip())
        out.append((start, end, visible))
        if len(out) == limit:
            break
    return out


def _is_headline(line: str) -> bool:
    words = line.split()
    return 2 <= len(words) <= rules.HEADLINE_MAX_WORDS and not re.search(r"[.!?:;,]\W*$", line)


def _body_prefix(lines: list[_Line], first: int, size: int) -> str:
    """The first ``size`` letters and digits of the lines from ``first`` on, reading no further than needed."""
    out = ""
    for k in range(first, len(lines)):
        out += _alnum(lines[k].text)
        if len(out) >= size:
            break
    return out


def _alnum(text: str) -> str:
    return "".join(filter(str.isalnum, text.lower()))
