"""newstrace: where a news story came from, who copied it, and what changed along the way."""

from newstrace.clean import clean_article
from newstrace.errors import InputError, NewstraceError, StoreError, UsageError
from newstrace.ingest import Limits, read_paths
from newstrace.model import Article, Credit, Reject, Removed
from newstrace.pipeline import Summary, ingest
from newstrace.store import open_store

__version__ = "0.1.0"

__all__ = [
    "Article", "Credit", "InputError", "Limits", "NewstraceError", "Reject", "Removed", "StoreError", "Summary",
    "UsageError", "clean_article", "ingest", "open_store", "read_paths",
]
