"""Readers for single-article files: plain text, Markdown and HTML."""

from __future__ import annotations

from collections.abc import Iterator

from markdown_it import MarkdownIt

from newstrace.ingest import records
from newstrace.model import Article
from newstrace.outlets import OutletTable


def read_text(item: str, raw: str, table: OutletTable) -> Iterator[Article]:
    """A plain-text article.  The title is left to the clean stage, which tells titles from teasers."""
    yield records.build(item, raw, raw, raw_kind="text", table=table)


def read_markdown(item: str, raw: str, table: OutletTable) -> Iterator[Article]:
    """A Markdown article: its first level-one heading is the title; markup is dropped from the text."""
    title, text = markdown_to_text(raw)
    yield records.build(item, raw, text, raw_kind="text", table=table, title=title)


def read_html(item: str, raw: str, table: OutletTable) -> Iterator[Article]:
    yield records.from_html(item, raw, table=table)


_MD = MarkdownIt("commonmark")
_BLOCK_ENDS = {"paragraph_close", "heading_close", "list_item_close", "blockquote_close", "fence", "code_block"}


def markdown_to_text(source: str) -> tuple[str | None, str]:
    """Plain text of a Markdown document, one block a line, and its first ``#`` heading."""
    title: str | None = None
    lines: list[str] = []
    current: list[str] = []
    in_h1 = False
    for token in _MD.parse(source):
        if token.type == "heading_open":
            in_h1 = token.tag == "h1" and title is None
        elif token.type == "inline":
            text = "".join(_inline_text(token.children or []))
            current.append(text)
            if in_h1:
                title = text
        elif token.type in {"fence", "code_block"}:
            current.append(token.content.rstrip("\n"))
        if token.type in _BLOCK_ENDS:
            lines.append(" ".join(current).strip())
            current = []
            in_h1 = False
    return title, "\n".join(line for line in lines if line)


def _inline_text(children: list) -> Iterator[str]:  # type: ignore[type-arg]
    for child in children:
        if child.type in {"text", "code_inline"}:
            yield child.content
        elif child.type in {"softbreak", "hardbreak"}:
            yield " "
