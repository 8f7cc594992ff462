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
from newstrace.ingest.decode import Limits, check_size, decode
from newstrace.model import Article, Reject
from newstrace.outlets import OutletTable


def read_jsonl(item: str, stream: IO[bytes], table: OutletTable, limits: Limits) -> Iterator[Article | Reject]:
    """Articles from a JSONL stream; each bad line becomes a ``Reject`` naming its line number."""
    first = stream.peek(64)[:64].lstrip() if hasattr(stream, "peek") else b""
    if first.startswith(b"["):
        yield from _read_array(item, stream, table, limits)
        return
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        where = f"{item}:{number}"
        try:
            check_size(where, len(line), limits)
            yield from_record(where, _parse(where, line), table)
        except InputError as exc:
            yield Reject(exc.item, exc.reason.value, exc.message)


def _read_array(item: str, stream: IO[bytes], table: OutletTable, limits: Limits) -> Iterator[Article | Reject]:
    data = stream.read(limits.max_bytes + 1)
    check_size(item, len(data), limits)
    try:
        rows = json.loads(decode(data, item))
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
        value = json.loads(decode(line, where))
    except ValueError as exc:
        raise InputError(where, Reason.BAD_JSON, detail=str(exc)) from exc
    return _as_object(where, value)


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
