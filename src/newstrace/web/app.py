"""The web app: JSON API under /api, server-rendered pages, OpenAPI docs at /docs, assets from the package.

Reads go through the store interface and the library (``newstrace.web.views``), the same code the CLI uses;
writes (ingest, trace) are jobs run by ``newstrace.web.jobs``.
"""

from __future__ import annotations

import re
import shutil
import tempfile
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import swagger_ui_bundle  # type: ignore[import-untyped]
from fastapi import Depends, FastAPI, Form, HTTPException, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import UploadFile as StarletteUpload

from newstrace.errors import NewstraceError
from newstrace.store import open_store
from newstrace.store.base import ProvenanceStore
from newstrace.web import views
from newstrace.web.index import StoryFilter, StoryIndex
from newstrace.web.jobs import Job, JobRunner, ingest_work, trace_work
from newstrace.web.security import (
    TOKEN_COOKIE,
    TOKEN_META,
    SecurityHeaders,
    TokenCheck,
    WriteGate,
    bearer,
    cross_site,
)

MAX_UPLOAD_BYTES = 64 * 1024 * 1024
UPLOAD_CHUNK = 1024 * 1024
MULTIPART_SLACK = 64 * 1024  # a form upload's body holds the file and the form's other fields and boundaries
PAGE_SIZE = 50
ACCEPTED = (".jsonl", ".ndjson", ".json", ".html", ".htm", ".xhtml", ".warc", ".rss", ".atom", ".xml", ".txt",
            ".text", ".md", ".markdown", ".gz")

# What a terminal or a reader would take for something else: C0 controls but tab and newline, DEL and C1.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(slots=True)
class Settings:
    db: str
    open_reads: bool = True  # reads need no token (the server listens on loopback)
    max_upload: int = MAX_UPLOAD_BYTES


class Stores:
    """One store connection per server thread, opened on first use."""

    def __init__(self, db: str) -> None:
        self.db = db
        self._local = threading.local()

    def get(self) -> ProvenanceStore:
        store = getattr(self._local, "store", None)
        if store is None:
            store = self._local.store = open_store(self.db, create=False)
        return store


def _visible(value: Any) -> Any:
    """Control characters in stored text shown as escapes (``\\x1b``) instead of reaching the page."""
    if isinstance(value, str):
        return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    return value


def _templates() -> Jinja2Templates:
    folder = Path(str(resources.files("newstrace.web").joinpath("templates")))
    templates = Jinja2Templates(directory=folder)
    env = templates.env
    env.autoescape = True
    env.finalize = _visible
    env.filters["safe_url"] = safe_url
    env.globals["page_size"] = PAGE_SIZE
    return templates


def safe_url(url: str | None) -> str | None:
    """An article's URL as a link only if it is http(s); anything else (``javascript:``) is shown as text."""
    if url and re.match(r"^https?://[^\s\"'<>]+$", url, re.IGNORECASE) and not _CONTROL.search(url):
        return url
    return None


def create_app(settings: Settings) -> FastAPI:
    stores = Stores(settings.db)
    index = StoryIndex()
    with open_store(settings.db, create=False) as store:
        check = TokenCheck(store.meta(TOKEN_META))
    runner = JobRunner(settings.db, index.rebuild)
    templates = _templates()

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        thread = threading.Thread(target=lambda: index.start(stores.get()), daemon=True, name="newstrace-index")
        thread.start()
        yield
        runner.shutdown()

    app = FastAPI(title="newstrace", version="1", docs_url=None, redoc_url=None, lifespan=lifespan,
                  description="Where a news story came from, who copied it, and what changed. Reads are open on "
                              "loopback; writes need the token printed at the server's first start, as "
                              "`Authorization: Bearer TOKEN`.")
    app.add_middleware(WriteGate, limit=settings.max_upload + MULTIPART_SLACK)  # type: ignore[arg-type]
    app.add_middleware(SecurityHeaders)  # type: ignore[arg-type]
    static = Path(str(resources.files("newstrace.web").joinpath("static")))
    app.mount("/static", StaticFiles(directory=static), name="static")
    app.mount("/swagger", StaticFiles(directory=swagger_ui_bundle.swagger_ui_path), name="swagger")
    app.state.index = index
    app.state.stores = stores
    app.state.runner = runner

    def reader(request: Request) -> None:
        """Reads are open on loopback; on any other address they need the token (header or login cookie)."""
        if settings.open_reads:
            return
        token = bearer(request.headers.get("authorization")) or request.cookies.get(TOKEN_COOKIE)
        if not check.valid(token):
            raise HTTPException(401, "this server is not on loopback: log in at /login or send the token",
                                headers={"WWW-Authenticate": "Bearer"})

    def writer(request: Request, token: str | None = None) -> None:
        if cross_site({k.lower(): v for k, v in request.headers.items()}):
            raise HTTPException(403, "cross-site write refused")
        if not check.valid(bearer(request.headers.get("authorization")) or token):
            raise HTTPException(401, "a write needs the token printed at the server's first start",
                                headers={"WWW-Authenticate": "Bearer"})

    read = [Depends(reader)]

    @app.exception_handler(views.NotFound)
    async def not_found(request: Request, exc: views.NotFound) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": str(exc)}, status_code=404)
        return templates.TemplateResponse(request, "error.html", {"message": str(exc)}, status_code=404)

    @app.exception_handler(NewstraceError)
    async def failed(request: Request, exc: NewstraceError) -> Response:
        return JSONResponse({"detail": str(exc)}, status_code=500)

    # --- API: handlers make their JSONResponse (FastAPI's own encoding of a returned dict halved the story
    # endpoint's throughput; benchmarks/web_framework.py) -----------------------------------------------------

    @app.get("/api/stories", dependencies=read, tags=["stories"])
    def api_stories(where: Filter, offset: Offset = 0, limit: Limit = PAGE_SIZE) -> JSONResponse:
        """Stories, largest first: paged, filtered by text (title, outlet or id), outlet, language and dates
        (a story matches when its articles' publication dates meet the range); ``timeline`` counts the matching
        stories by the day they began, or by month or year when there would be more than 120 days."""
        page = index.page(where, offset, limit)
        return JSONResponse({"total": page.total, "offset": offset, "limit": limit,
                             "stories": [s.as_dict() for s in page.stories], "timeline": page.timeline})

    @app.get("/api/stories/{story_id}", dependencies=read, tags=["stories"])
    def api_story(story_id: str, db: Store) -> JSONResponse:
        """A story: origin with confidence and evidence, each article's parent with relation and evidence,
        the links between its articles, and the stories kept apart from it and why."""
        return JSONResponse(views.story_data(db, story_id))

    @app.get("/api/stories/{story_id}/claims", dependencies=read, tags=["stories"])
    def api_story_claims(story_id: str, db: Store) -> JSONResponse:
        """Claim slots: variants, the articles stating each, the earliest, and the copies that changed it
        (from the stored claims; ``not_extracted`` lists articles the claims stage has not read)."""
        return JSONResponse(views.claims_data(db, story_id))

    @app.get("/api/articles/{article_id}", dependencies=read, tags=["articles"])
    def api_article(article_id: str, db: Store) -> JSONResponse:
        """An article: clean text, removed spans with reasons, credits, place in its story, stored claims."""
        return JSONResponse(views.article_data(db, article_id))

    @app.get("/api/links/{a}/{b}", dependencies=read, tags=["links"])
    def api_link(a: str, b: str, db: Store) -> JSONResponse:
        """The link between two articles: kind, score, coverage of each side, aligned passages with their
        spans in both clean texts (``a`` as asked first), and the edits inside them."""
        return JSONResponse(views.link_data(db, a, b))

    @app.post("/api/ingest", status_code=202, tags=["jobs"], responses={401: {}, 403: {}, 411: {}, 413: {}})
    async def api_ingest(request: Request, filename: Annotated[str, Query(min_length=1, max_length=200)]
                         ) -> dict[str, Any]:
        """Upload one file (JSONL, HTML, WARC, a feed, text; gzip too) as the request body; it is read by the
        same readers as ``newstrace ingest``.  Answers with a job; follow it at ``/api/jobs/{id}``."""
        writer(request)
        folder = await _receive(request, filename, settings.max_upload)
        return runner.submit("ingest", ingest_work(folder)).as_dict()

    @app.post("/api/trace", status_code=202, tags=["jobs"], responses={401: {}, 403: {}})
    def api_trace(request: Request, claims: bool = False, embeddings: bool = True) -> dict[str, Any]:
        """Link, group and trace what is stored (and with ``claims``, extract claims); answers with a job."""
        writer(request)
        return runner.submit("trace", trace_work(claims, embeddings)).as_dict()

    @app.get("/api/jobs/{job_id}", dependencies=read, tags=["jobs"])
    def api_job(job_id: str) -> dict[str, Any]:
        return _job(runner, job_id).as_dict()

    # --- pages -----------------------------------------------------------------------------------------------

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=status)

    @app.get("/", response_class=HTMLResponse, dependencies=read, include_in_schema=False)
    def stories_page(request: Request, where: Filter, offset: Offset = 0) -> HTMLResponse:
        outlets, languages = index.facets()
        listed = index.page(where, offset, PAGE_SIZE)
        return page(request, "stories.html", listed=listed, where=where, outlets=outlets, languages=languages,
                    bars=_bars(listed.timeline))

    @app.get("/stories/{story_id}", response_class=HTMLResponse, dependencies=read, include_in_schema=False)
    def story_page(request: Request, story_id: str, db: Store) -> HTMLResponse:
        data = views.story_data(db, story_id)
        return page(request, "story.html", story=data, tree=views.tree_layout(data), timeline=views.timeline(data),
                    members={m["id"]: m for m in data["articles"]})

    @app.get("/stories/{story_id}/claims", response_class=HTMLResponse, dependencies=read,
             include_in_schema=False)
    def claims_page(request: Request, story_id: str, db: Store) -> HTMLResponse:
        data = views.claims_data(db, story_id)
        return page(request, "claims.html", story_id=story_id, data=data, rows=views.claim_rows(data))

    @app.get("/articles/{article_id}", response_class=HTMLResponse, dependencies=read, include_in_schema=False)
    def article_page(request: Request, article_id: str, db: Store) -> HTMLResponse:
        data = views.article_data(db, article_id)
        return page(request, "article.html", article=data, segments=views.removed_segments(data))

    @app.get("/compare/{a}/{b}", response_class=HTMLResponse, dependencies=read, include_in_schema=False)
    def compare_page(request: Request, a: str, b: str, db: Store) -> HTMLResponse:
        link = views.link_data(db, a, b)
        left, right = views.article_data(db, a), views.article_data(db, b)
        passages = link["detail"].get("passages", [])
        return page(request, "compare.html", link=link, left=left, right=right,
                    left_segments=views.passage_segments(left["clean_text"], passages, "a"),
                    right_segments=views.passage_segments(right["clean_text"], passages, "b"),
                    edits=[e for p in passages for e in p["edits"]])

    @app.get("/upload", response_class=HTMLResponse, dependencies=read, include_in_schema=False)
    def upload_page(request: Request) -> HTMLResponse:
        return page(request, "upload.html", max_mb=settings.max_upload // (1024 * 1024), accepted=ACCEPTED)

    @app.post("/upload", include_in_schema=False)
    async def upload_form(request: Request, file: UploadFile, token: Annotated[str, Form()] = "") -> Response:
        writer(request, token)
        folder = await _save(file, settings.max_upload)
        job = runner.submit("ingest", ingest_work(folder))
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.post("/trace", include_in_schema=False)
    def trace_form(request: Request, token: Annotated[str, Form()] = "",
                   claims: Annotated[bool, Form()] = False) -> Response:
        writer(request, token)
        job = runner.submit("trace", trace_work(claims, embeddings=True))
        return RedirectResponse(f"/jobs/{job.id}", status_code=303)

    @app.get("/jobs/{job_id}", response_class=HTMLResponse, dependencies=read, include_in_schema=False)
    def job_page(request: Request, job_id: str) -> HTMLResponse:
        return page(request, "job.html", job=_job(runner, job_id))

    @app.get("/login", response_class=HTMLResponse, include_in_schema=False)
    def login_page(request: Request) -> HTMLResponse:
        return page(request, "login.html")

    @app.post("/login", include_in_schema=False)
    def login(request: Request, token: Annotated[str, Form()] = "") -> Response:
        if cross_site({k.lower(): v for k, v in request.headers.items()}):
            raise HTTPException(403, "cross-site login refused")
        if not check.valid(token):
            return page(request, "login.html", status=401, failed=True)
        response = RedirectResponse("/", status_code=303)
        response.set_cookie(TOKEN_COOKIE, token, httponly=True, samesite="strict")
        return response

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        return page(request, "docs.html")

    return app


def _store(request: Request) -> ProvenanceStore:
    return request.app.state.stores.get()  # type: ignore[no-any-return]


_DATE = r"^\d{4}-\d{2}-\d{2}$"


def _story_filter(q: str | None = None, outlet: str | None = None, lang: str | None = None,
                  since: Annotated[str | None, Query(pattern=_DATE)] = None,
                  until: Annotated[str | None, Query(pattern=_DATE)] = None,
                  min_size: Annotated[int, Query(ge=1)] = 1) -> StoryFilter:
    return StoryFilter(q or None, outlet or None, lang or None, since, until, min_size)


Store = Annotated[ProvenanceStore, Depends(_store)]
Filter = Annotated[StoryFilter, Depends(_story_filter)]
Offset = Annotated[int, Query(ge=0)]
Limit = Annotated[int, Query(ge=1, le=500)]


def _job(runner: JobRunner, job_id: str) -> Job:
    job = runner.get(job_id)
    if job is None:
        raise views.NotFound(f"no job {job_id!r}")
    return job


def _upload_folder(filename: str) -> tuple[Path, Path]:
    name = _SAFE_NAME.sub("_", Path(filename).name).lstrip(".") or "upload"
    folder = Path(tempfile.mkdtemp(prefix="newstrace-upload-"))
    return folder, folder / name


async def _receive(request: Request, filename: str, limit: int) -> Path:
    """Stream the request body into a fresh folder (``WriteGate`` has already refused a body declared too
    large or without a length)."""
    return await _write_within(filename, request.stream(), limit)


async def _save(upload: StarletteUpload, limit: int) -> Path:
    """A form's uploaded file into a fresh folder."""

    async def chunks() -> AsyncIterator[bytes]:
        while chunk := await upload.read(UPLOAD_CHUNK):
            yield chunk

    return await _write_within(upload.filename or "upload", chunks(), limit)


async def _write_within(filename: str, chunks: AsyncIterator[bytes], limit: int) -> Path:
    """Write ``chunks`` to a fresh folder, counting: over ``limit`` bytes is refused (413) and nothing kept."""
    folder, target = _upload_folder(filename)
    size = 0
    with target.open("wb") as out:
        async for chunk in chunks:
            size += len(chunk)
            if size > limit:
                _discard(folder)
                raise HTTPException(413, f"upload is over the limit of {limit:,} bytes")
            out.write(chunk)
    return folder


def _discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def _bars(timeline: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """The story-list timeline (already binned by day, month or year) as bars of a 100 x 100 box."""
    peak = max((n for _, n in timeline), default=1)
    width = 100 / max(len(timeline), 1)
    return [{"label": label, "n": n, "x": i * width, "w": width * 0.8, "h": 100 * n / peak}
            for i, (label, n) in enumerate(timeline)]
