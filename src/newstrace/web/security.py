"""The write token, the response headers every page gets, and the checks a write request passes.

The token is made at the first start and printed once; the store keeps only its SHA-256, so a copied
database does not give the token away.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import re
import secrets
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import urlsplit

from newstrace.store.base import Store

TOKEN_META = "web_token_sha256"
TOKEN_HEADER = "authorization"
TOKEN_COOKIE = "newstrace_token"

# No inline script anywhere, no framing, nothing loaded from elsewhere.  The API docs page runs Swagger UI,
# which sets style attributes, so it alone may use inline styles.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
DOCS_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
           (b"x-frame-options", b"DENY"), (b"cross-origin-opener-policy", b"same-origin")]


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def ensure_token(store: Store, renew: bool = False) -> str | None:
    """A new token if the store has none (or ``renew``), else None: the caller prints it, once."""
    if store.meta(TOKEN_META) and not renew:
        return None
    token = secrets.token_urlsafe(32)
    store.set_meta(TOKEN_META, _digest(token))
    return token


class TokenCheck:
    """Compares a presented token with the stored digest in constant time."""

    def __init__(self, digest: str | None) -> None:
        self.digest = digest

    def valid(self, token: str | None) -> bool:
        if not token or not self.digest:
            return False
        return hmac.compare_digest(_digest(token), self.digest)


def bearer(value: str | None) -> str | None:
    """The token of an ``Authorization: Bearer ...`` header."""
    if not value:
        return None
    scheme, _, token = value.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def cross_site(headers: dict[str, str]) -> bool:
    """A request a page of another site made: the browser says so (``Sec-Fetch-Site``), or its ``Origin`` is
    not this server's host.  Requests from scripts send neither and are judged by their token alone."""
    if headers.get("sec-fetch-site") == "cross-site":
        return True
    origin = headers.get("origin")
    if not origin or origin == "null":
        return origin == "null"
    return urlsplit(origin).netloc.lower() != headers.get("host", "").lower()


Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]

_DOCS = re.compile(r"^/docs/?$")


class SecurityHeaders:
    """ASGI middleware: the policy headers on every HTTP response."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        policy = (DOCS_CSP if _DOCS.match(scope["path"]) else CSP).encode()

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"content-security-policy", policy), *HEADERS]
            await send(message)

        await self.app(scope, receive, with_headers)


class WriteGate:
    """ASGI middleware for every POST, before its body is read: a page of another site is refused (403), and
    a body without a declared length (411) or declared over ``limit`` (413) is refused; the server then holds
    the body to its declared length."""

    def __init__(self, app: App, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "POST":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = _refusal(headers, self.limit)
        if refusal is None:
            await self.app(scope, receive, send)
            return
        status, message = refusal
        body = json.dumps({"detail": message}).encode()
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                                (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})


def _refusal(headers: dict[str, str], limit: int) -> tuple[int, str] | None:
    if cross_site(headers):
        return 403, "a write from another site's page is refused"
    declared = headers.get("content-length")
    if declared is None:  # no body at all is fine (POST /api/trace); a chunked one has no size to check
        return (411, "a write with a body needs a Content-Length") if "transfer-encoding" in headers else None
    if not declared.isdigit():
        return 411, "a write needs a numeric Content-Length"
    if int(declared) > limit:
        return 413, f"the body is {int(declared):,} bytes, over the limit of {limit:,}"
    return None
