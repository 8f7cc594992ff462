"""Errors and reject reasons, in one place.

Exception hierarchy::

    NewstraceError                 base of everything newstrace raises on purpose
    ├── InputError                 one input item is unusable; becomes a Reject, the run goes on
    ├── StoreError                 the store cannot be opened, migrated or written
    ├── ModelError                 a model or data file shipped with newstrace is missing or damaged
    ├── ClaimsError                one article's claims could not be extracted (the failure is stored)
    └── UsageError                 a caller passed a bad argument; the message says how to fix it

Every ``InputError`` carries a ``Reason``: a short stable code (stored with the
reject, counted in summaries) and a message template.  Errors raised by
dependencies are mapped to these at the edge with ``raise ... from exc``.
"""

from __future__ import annotations

from enum import StrEnum


class Reason(StrEnum):
    """Why an input item was rejected.  The value is the stored code."""

    MISSING_PATH = "missing_path"
    BINARY = "binary"
    UNDECODABLE = "undecodable"
    EMPTY = "empty"
    BAD_JSON = "bad_json"
    BAD_RECORD = "bad_record"
    NO_ARTICLE = "no_article"
    TRUNCATED = "truncated"
    TOO_LARGE = "too_large"
    BAD_FEED = "bad_feed"
    UNREADABLE = "unreadable"
    CLEAN_FAILED = "clean_failed"
    UNSUPPORTED = "unsupported"


MESSAGES: dict[Reason, str] = {
    Reason.MISSING_PATH: "E001 path does not exist",
    Reason.BINARY: "E002 binary content ({detail}); expected text, HTML, JSONL, WARC or a feed",
    Reason.UNDECODABLE: "E003 cannot decode the text in any known charset",
    Reason.EMPTY: "E004 empty item: no text after stripping whitespace",
    Reason.BAD_JSON: "E005 line is not valid JSON ({detail})",
    Reason.BAD_RECORD: "E006 record is unusable: {detail}",
    Reason.NO_ARTICLE: "E007 no article text found in the HTML",
    Reason.TRUNCATED: "E008 truncated input: {detail}; items read before the cut were kept",
    # size is given written out: "52,428,800", or "more than 1,342,177,280" when counting was stopped
    Reason.TOO_LARGE: "E009 item is {size} bytes, over the limit of {limit:,}; raise it with --max-bytes",
    Reason.BAD_FEED: "E010 not a readable RSS or Atom feed ({detail})",
    Reason.UNREADABLE: "E011 cannot read the item ({detail})",
    Reason.CLEAN_FAILED: "E012 cleaning failed ({detail}); please report this as a bug",
    Reason.UNSUPPORTED: "E013 {detail}: not supported; convert it first (an ARC file to WARC, for example)",
}


def describe(reason: Reason, **detail: object) -> str:
    """Fill the message template of ``reason``."""
    return MESSAGES[reason].format(**detail)


class NewstraceError(Exception):
    """Base class of all errors newstrace raises on purpose."""


class InputError(NewstraceError):
    """An input item is unusable.  Readers turn it into a ``Reject``."""

    def __init__(self, item: str, reason: Reason, **detail: object) -> None:
        self.item = item
        self.reason = reason
        self.message = describe(reason, **detail)
        super().__init__(f"{item}: {self.message}")


class StoreError(NewstraceError):
    """The store cannot be opened, migrated or written."""


class ModelError(NewstraceError):
    """A model or data file that ships with newstrace is missing or damaged; the message says how to mend it."""


class ClaimsError(NewstraceError):
    """Extracting one article's claims failed; the claims stage stores the error and goes on with the others."""


class UsageError(NewstraceError):
    """A bad argument; the message says how to fix it."""
