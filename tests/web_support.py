"""What the web and browser tests share: the demo store with an edited copy and hostile pages, and a real
server on a free loopback port."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import uvicorn
from click.testing import CliRunner

from newstrace.cli import main
from newstrace.pipeline import ingest, run_claims, trace
from newstrace.store import open_store
from newstrace.web import Settings, create_app
from newstrace.web.security import ensure_token

ORIGIN = "4812a5a327ff39dc"  # the Karrow Courier's page in the demo corpus
EDITED = "harbourwire-copy"  # planted here: the origin's text with one figure changed
HOSTILE = "hostile-page"
SCRIPT_TITLE = "<script>window.__pwned = 1</script>Ferry title"
HOSTILE_TEXT = ("Breaking: <img src=x onerror=\"window.__pwned = 2\"> the harbour board met on Monday.\n"
                "</textarea><script>window.__pwned = 3</script> and the \x1b]0;owned\x07 terminal line.\n"
                "<a href=\"javascript:window.__pwned = 4\">click me</a> said the harbour master.")


@dataclass(slots=True, frozen=True)
class WebStore:
    db: Path
    token: str
    story: str


def build_store(folder: Path) -> WebStore:
    """The demo, plus a copy of its origin with "212" changed to "290" and a page of hostile markup, traced,
    with claims extracted, and a write token."""
    db = folder / "web.db"
    result = CliRunner().invoke(main, ["demo", "--db", str(db)])
    assert result.exit_code == 0, result.output
    with open_store(db) as store:
        origin = store.get(ORIGIN)
        assert origin is not None
        records = [
            {"id": EDITED, "url": "https://harbourwire.example/ferry", "outlet": "Harbour Wire",
             "title": origin.title, "published": "2026-03-15T09:00:00",
             "text": origin.clean_text.replace("212 passengers", "290 passengers")},
            {"id": HOSTILE, "url": "javascript:window.__pwned = 5", "outlet": "<b onmouseover=alert(1)>Evil</b>",
             "title": SCRIPT_TITLE, "published": "2026-04-01T10:00:00", "text": HOSTILE_TEXT},
        ]
        path = folder / "extra.jsonl"
        path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
        ingest([path], store)
        trace(store)
        run_claims(store)
        token = ensure_token(store)
        story = next(s.id for s in store.stories() if ORIGIN in s.article_ids)
    assert token is not None
    return WebStore(db, token, story)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def running(settings: Settings) -> Iterator[str]:
    """A real uvicorn server in a thread on a free loopback port; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)
