"""JSON Lines reader: one article per line, streamed, ``.gz`` accepted.

Fields: ``id``, ``url``, ``text`` or ``html``, ``title``, ``published``, ``lang``,
``outlet``; all optional except one of ``text``/``html``.  A ``.json`` file
holding one JSON array of such objects is read too.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import IO, Any

from newstrace.errors import InputError, Reason
from newstrace.ingest import records
from newstrace.ingest.decode import Limits, check_size, read_bounded
from newstrace.model import Article, Reject
from newstrace.outlets import OutletTable


def read_jsonl(item: str, stream: IO[bytes], table: OutletTable, limits: Limits) -> Iterator[Article | Reject]:
    """Articles from a JSONL stream; each bad line becomes a ``Reject`` naming its line number."""
    first = stream.peek(64)[:64].lstrip() if hasattr(stream, "peek") else b""
    if first.startswith(b"["):
        yield from _read_array(item, stream, table, limits)
        return
    for number, line, size in _lines(stream, limits):
        if not line.strip() and size == len(line):
            continue
        where = f"{item}:{number}"
        try:
            check_size(where, size, limits)
            yield from_record(where, _parse(where, line), table)
        except InputError as exc:
            yield Reject(exc.item, exc.reason.value, exc.message)


def _lines(stream: IO[bytes], limits: Limits) -> Iterator[tuple[int, bytes, int]]:
    """(number, line, size) of each line; a line over the limit is not kept, only its real size counted."""
    number = 0
    while line := stream.readline(limits.max_bytes + 1):
        number += 1
        size = len(line)
        if size > limits.max_bytes:
            while not line.endswith(b"\n") and (line := stream.readline(1 << 20)):
                size += len(line)
            line = b""
        yield number, line, size


def _read_array(item: str, stream: IO[bytes], table: OutletTable, limits: Limits) -> Iterator[Article | Reject]:
    data = read_bounded(item, stream, limits)
    try:
        rows = json.loads(_json_text(data))
    except ValueError as exc:
        raise InputError(item, Reason.BAD_JSON, detail=str(exc)) from exc
    for number, row in enumerate(rows, start=1):
        where = f"{item}[{number}]"
        try:
            yield from_record(where, _as_object(where, row), table)
        except InputError as exc:
            yield Reject(exc.item, exc.reason.value, exc.message)


def _parse(where: str, line: bytes) -> dict[str, Any]:
    try:
        value = json.loads(_json_text(line))
    except ValueError as exc:
        raise InputError(where, Reason.BAD_JSON, detail=str(exc)) from exc
    return _as_object(where, value)


def _json_text(data: bytes) -> str:
    """JSON text is UTF-8 (or UTF-16/32 with its own marks): bad bytes become U+FFFD, which the clean stage
    records where they are; a charset is never guessed per line."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode(json.detect_encoding(data), "replace")


def _as_object(where: str, value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise InputError(where, Reason.BAD_RECORD, detail=f"expected a JSON object, got {type(value).__name__}")
    return value


def from_record(where: str, row: dict[str, Any], table: OutletTable) -> Article:
    """An article from one record's fields."""
    text, html = row.get("text"), row.get("html")
    for name, value in (("text", text), ("html", html)):
        if value is not None and not isinstance(value, str):
            raise InputError(where, Reason.BAD_RECORD, detail=f"'{name}' must be a string")
    published = records.normalise_date(row.get("published"), where)
    meta: dict[str, Any] = {
        "given_id": row.get("id"), "title": _str(row.get("title")), "published": published,
        "published_from": "metadata" if published else None, "lang": _str(row.get("lang")),
        "outlet": _str(row.get("outlet")),
    }
    url = _str(row.get("url"))
    if text and text.strip():
        return records.build(where, text, text, raw_kind="text", table=table, url=url, **meta)
    if html and html.strip():
        return records.from_html(where, html, url=url, table=table, **meta)
    if text is None and html is None:
        raise InputError(where, Reason.BAD_RECORD, detail="it has neither 'text' nor 'html'")
    raise InputError(where, Reason.EMPTY)


def _str(value: Any) -> str | None:
    return None if value is None else str(value)
