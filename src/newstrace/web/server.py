"""Starting the server: the store and its token first, then uvicorn on the chosen address."""

from __future__ import annotations

from dataclasses import dataclass

import uvicorn

from newstrace.store import open_store
from newstrace.web.app import MAX_UPLOAD_BYTES, Settings, create_app
from newstrace.web.security import ensure_token, is_loopback


@dataclass(slots=True, frozen=True)
class Prepared:
    settings: Settings
    new_token: str | None  # printed once, then only its digest is kept


def prepare(db: str, host: str, new_token: bool = False, max_upload: int = MAX_UPLOAD_BYTES) -> Prepared:
    """Open (or create) the store and make the write token if it has none (or ``new_token``)."""
    with open_store(db) as store:
        token = ensure_token(store, renew=new_token)
    return Prepared(Settings(db, open_reads=is_loopback(host), max_upload=max_upload), token)


def serve(prepared: Prepared, host: str, port: int) -> None:
    app = create_app(prepared.settings)
    uvicorn.run(app, host=host, port=port, log_level="warning", server_header=False, proxy_headers=False)
