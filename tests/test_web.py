"""The HTTP API and pages, through the app in process (no browser): what they show, and the security rules."""

from __future__ import annotations

import gzip
import json
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from newstrace.store import open_store
from newstrace.web import Settings, create_app
from newstrace.web.security import cross_site, is_loopback
from tests.web_support import EDITED, HOSTILE, ORIGIN, SCRIPT_TITLE, WebStore, build_store


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> WebStore:
    return build_store(tmp_path_factory.mktemp("web"))


@pytest.fixture(scope="module")
def client(web: WebStore) -> Iterator[TestClient]:
    with TestClient(create_app(Settings(str(web.db), max_upload=4096))) as test_client:
        yield test_client


def auth(web: WebStore) -> dict[str, str]:
    return {"Authorization": f"Bearer {web.token}"}


def wait(client: TestClient, job: dict[str, Any]) -> dict[str, Any]:
    deadline = time.monotonic() + 120
    while job["state"] in ("queued", "running"):
        assert time.monotonic() < deadline, job
        time.sleep(0.2)
        job = client.get(f"/api/jobs/{job['id']}").json()
    return job


# --- reads ------------------------------------------------------------------------------------------------


def test_story_list_is_paged_and_filtered_by_text_outlet_language_and_dates(client: TestClient, web: WebStore
                                                                            ) -> None:
    everything = client.get("/api/stories").json()
    assert everything["stories"][0]["id"] == web.story  # largest first
    assert everything["stories"][0]["size"] == 5
    assert client.get("/api/stories", params={"limit": 1, "offset": 1}).json()["stories"][0]["id"] \
        == everything["stories"][1]["id"]
    by_text = client.get("/api/stories", params={"q": "marigold"}).json()
    assert [s["id"] for s in by_text["stories"]] == [web.story]
    assert client.get("/api/stories", params={"outlet": "Harbour Wire"}).json()["total"] == 1
    assert client.get("/api/stories", params={"lang": "xx"}).json()["total"] == 0
    assert client.get("/api/stories", params={"since": "2026-03-20"}).json()["total"] < everything["total"]
    assert client.get("/api/stories", params={"until": "2026-01-01"}).json()["total"] == 0
    assert client.get("/api/stories", params={"since": "last week"}).status_code == 422


def test_story_has_origin_tree_with_evidence_and_links(client: TestClient, web: WebStore) -> None:
    story = client.get(f"/api/stories/{web.story}").json()
    assert story["origin"]["article"] == ORIGIN
    assert story["origin"]["confidence"] > 0.5 and story["origin"]["evidence"]
    members = {m["id"]: m for m in story["articles"]}
    assert members[EDITED]["parent"] == ORIGIN
    assert members[EDITED]["relation"] == "verbatim_copy" and members[EDITED]["evidence"]
    assert "kept_apart" in story and story["links"]


def test_article_has_clean_text_removed_spans_credits_and_claims(client: TestClient) -> None:
    article = client.get("/api/articles/dnf24-ferry").json()
    assert "[ad_1]" not in article["clean_text"]
    assert {"ad_shortcode", "link_back"} <= {r["reason"] for r in article["removed"]}
    for span in article["removed"]:
        assert article["text"][span["start"]:span["end"]] == span["text"]
    assert any(c["outlet"] == "The Karrow Courier" for c in article["credits"])
    assert any("212" in q["text"] for q in article["claims"]["quantities"])


def test_link_has_passages_with_spans_on_both_sides_and_the_edit(client: TestClient) -> None:
    link = client.get(f"/api/links/{EDITED}/{ORIGIN}").json()
    left = client.get(f"/api/articles/{EDITED}").json()["clean_text"]
    right = client.get(f"/api/articles/{ORIGIN}").json()["clean_text"]
    assert link["a"] == EDITED and link["kind"] == "verbatim_copy"
    [edit] = [e for p in link["detail"]["passages"] for e in p["edits"]]
    assert (edit["a"], edit["b"]) == ("290", "212")
    assert left[slice(*edit["a_span"])] == "290" and right[slice(*edit["b_span"])] == "212"
    swapped = client.get(f"/api/links/{ORIGIN}/{EDITED}").json()
    assert swapped["a"] == ORIGIN and swapped["detail"]["passages"][0]["edits"][0]["a"] == "212"


def test_story_claims_name_the_copy_that_changed_a_figure(client: TestClient, web: WebStore) -> None:
    claims = client.get(f"/api/stories/{web.story}/claims").json()
    changes = [c for slot in claims["slots"] for c in slot["changes"]]
    assert {"article": EDITED, "parent": ORIGIN, "from": "212 passengers", "to": "290 passengers"} in changes
    assert claims["not_extracted"] == []


def test_unknown_ids_are_404_with_the_id(client: TestClient) -> None:
    response = client.get("/api/articles/no-such-thing")
    assert response.status_code == 404 and "no-such-thing" in response.json()["detail"]
    assert client.get("/stories/no-such-story").status_code == 404
    assert client.get(f"/api/links/{ORIGIN}/no-such-thing").status_code == 404


def test_openapi_documents_every_api_route_and_docs_load_only_local_assets(client: TestClient) -> None:
    paths = client.get("/openapi.json").json()["paths"]
    assert {"/api/stories", "/api/stories/{story_id}", "/api/stories/{story_id}/claims",
            "/api/articles/{article_id}", "/api/links/{a}/{b}", "/api/ingest", "/api/trace",
            "/api/jobs/{job_id}"} <= set(paths)
    docs = client.get("/docs").text
    assert "/swagger/swagger-ui-bundle.js" in docs and "http" not in docs.replace('href="/', "")
    assert client.get("/swagger/swagger-ui-bundle.js").status_code == 200


def test_pages_render_the_demo(client: TestClient, web: WebStore) -> None:
    assert "Ferry Marigold" in client.get("/").text
    story = client.get(f"/stories/{web.story}").text
    assert story.count('class="node rel-') == 5
    compare = client.get(f"/compare/{EDITED}/{ORIGIN}").text
    assert '<mark class="edit"' in compare and "290" in compare
    claims = client.get(f"/stories/{web.story}/claims").text
    assert 'class="changed' in claims and "changed here from" in claims


# --- security ---------------------------------------------------------------------------------------------


def test_every_response_carries_the_policy_headers(client: TestClient) -> None:
    for path in ("/", "/api/stories", "/static/app.css", "/docs", "/articles/none"):
        headers = client.get(path).headers
        policy = headers["content-security-policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"


def test_pages_have_no_inline_script_and_escape_stored_text(client: TestClient) -> None:
    article = client.get(f"/articles/{HOSTILE}").text
    assert "<script>window" not in article and "<img src=x" not in article
    assert "&lt;script&gt;window.__pwned = 1&lt;/script&gt;" in article
    assert 'href="javascript:' not in article  # the URL is shown as text, not linked
    assert "\x1b" not in article and "\\x1b" in article
    assert "<b onmouseover" not in article
    for path in ("/", f"/articles/{HOSTILE}", f"/stories/{HOSTILE}", "/upload"):
        text = client.get(path).text
        assert "<script>" not in text.replace('<script src="/static/app.js" defer></script>', "")
    listing = client.get("/", params={"q": "</textarea><script>"}).text
    assert "</textarea><script>" not in listing


def test_api_returns_stored_text_as_data(client: TestClient) -> None:
    article = client.get(f"/api/articles/{HOSTILE}")
    assert article.headers["content-type"] == "application/json"
    assert article.json()["title"] == SCRIPT_TITLE


def test_writes_refuse_a_missing_or_wrong_token(client: TestClient) -> None:
    assert client.post("/api/trace").status_code == 401
    assert client.post("/api/trace", headers={"Authorization": "Bearer wrong"}).status_code == 401
    assert client.post("/api/ingest", params={"filename": "a.txt"}, content=b"text").status_code == 401
    assert client.post("/upload", files={"file": ("a.txt", b"hello")}, data={"token": "nope"}).status_code == 401


def test_writes_refuse_cross_site_posts_even_with_the_token(client: TestClient, web: WebStore) -> None:
    evil = {"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"}
    response = client.post("/trace", data={"token": web.token}, headers=evil, follow_redirects=False)
    assert response.status_code == 403
    assert client.post("/api/trace", headers={**auth(web), "Origin": "http://evil.example"}).status_code == 403
    assert cross_site({"origin": "http://127.0.0.1:8000", "host": "127.0.0.1:8000"}) is False
    assert cross_site({"origin": "null", "host": "127.0.0.1:8000"}) is True


def test_uploads_over_the_limit_are_refused_before_ingest(client: TestClient, web: WebStore) -> None:
    big = b"x" * 5000
    response = client.post("/api/ingest", params={"filename": "big.txt"}, content=big, headers=auth(web))
    assert response.status_code == 413
    form = client.post("/upload", files={"file": ("big.txt", big)}, data={"token": web.token})
    assert form.status_code == 413


def test_a_body_declared_too_large_or_without_a_length_is_refused_before_reading(client: TestClient,
                                                                                 web: WebStore) -> None:
    huge = client.post("/api/ingest", params={"filename": "big.txt"}, content=b"x" * 200_000, headers=auth(web))
    assert huge.status_code == 413 and "over the limit" in huge.json()["detail"]
    chunked = client.post("/api/ingest", params={"filename": "c.txt"}, content=iter([b"abc", b"def"]),
                          headers=auth(web))
    assert chunked.status_code == 411
    assert huge.headers["x-content-type-options"] == "nosniff"


def test_upload_is_read_by_the_same_readers_with_the_same_rejects(client: TestClient, web: WebStore) -> None:
    lines = [json.dumps({"id": "uploaded-1", "title": "Upload", "text": "The harbour board met on Monday " * 5}),
             "{not json"]
    body = gzip.compress(("\n".join(lines) + "\n").encode())
    response = client.post("/api/ingest", params={"filename": "../../etc/feed.jsonl.gz"}, content=body,
                           headers=auth(web))
    assert response.status_code == 202
    job = wait(client, response.json())
    assert job["state"] == "done", job
    assert job["result"].startswith("stored 1,") and "bad_json 1" in job["result"]
    assert job["rejects"][0]["item"] == "feed.jsonl.gz:2" and job["rejects"][0]["reason"] == "bad_json"
    assert client.get("/api/articles/uploaded-1").json()["title"] == "Upload"


def test_form_upload_answers_with_a_job_page(client: TestClient, web: WebStore) -> None:
    response = client.post("/upload", files={"file": ("note.txt", b"Short title\nA body line about ferries. " * 3)},
                           data={"token": web.token}, follow_redirects=False)
    assert response.status_code == 303 and response.headers["location"].startswith("/jobs/")
    job_id = response.headers["location"].rsplit("/", 1)[1]
    assert wait(client, client.get(f"/api/jobs/{job_id}").json())["state"] == "done"
    assert "Ingest job" in client.get(f"/jobs/{job_id}").text


def test_trace_job_runs_the_stages_and_refreshes_the_story_list(client: TestClient, web: WebStore) -> None:
    response = client.post("/api/trace", params={"embeddings": "false"}, headers=auth(web))
    assert response.status_code == 202
    job = wait(client, response.json())
    assert job["state"] == "done" and "stories" in job["result"]
    ids = {s["id"] for s in client.get("/api/stories", params={"limit": 500}).json()["stories"]}
    with open_store(web.db, create=False) as store:
        assert ids == {s.id for s in store.stories()}


def test_off_loopback_reads_need_the_token_and_login_sets_it(web: WebStore) -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and not is_loopback("0.0.0.0")
    with TestClient(create_app(Settings(str(web.db), open_reads=False))) as exposed:
        assert exposed.get("/api/stories").status_code == 401
        assert exposed.get("/api/stories", headers=auth(web)).status_code == 200
        assert exposed.post("/login", data={"token": "wrong"}).status_code == 401
        exposed.post("/login", data={"token": web.token})
        assert exposed.get("/").status_code == 200


def test_token_is_made_once_and_only_its_digest_is_stored(tmp_path: Path) -> None:
    from newstrace.web import prepare
    first = prepare(str(tmp_path / "t.db"), "127.0.0.1")
    again = prepare(str(tmp_path / "t.db"), "127.0.0.1")
    assert first.new_token and again.new_token is None
    with open_store(tmp_path / "t.db") as store:
        digest = store.meta("web_token_sha256")
    assert digest and first.new_token not in digest
    assert prepare(str(tmp_path / "t.db"), "127.0.0.1", new_token=True).new_token not in (None, first.new_token)


def test_story_summaries_are_saved_and_reused_until_the_stories_change(web: WebStore, tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from newstrace.web import index as index_module
    copy = tmp_path / "copy.db"
    shutil.copy(web.db, copy)
    with open_store(copy, create=False) as store:
        first = index_module.StoryIndex()
        first.start(store)
        listed = [s.id for s in first.stories()]

        def refuse(*_args: object) -> None:
            raise AssertionError("summaries made again although the stories did not change")

        monkeypatch.setattr(index_module, "summarise", refuse)
        again = index_module.StoryIndex()
        again.start(store)
        assert [s.id for s in again.stories()] == listed
        monkeypatch.undo()
        stories = store.stories()
        store.put_stories([(s, store.placements(s.id)) for s in stories[1:]])  # one story fewer
        changed = index_module.StoryIndex()
        changed.start(store)
        assert {s.id for s in changed.stories()} == set(listed) - {stories[0].id}


def test_serve_command_prints_the_token_once_and_binds_loopback_by_default(tmp_path: Path,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    from click.testing import CliRunner

    import newstrace.web
    from newstrace.cli import main
    calls: list[tuple[str, int, bool]] = []
    monkeypatch.setattr(newstrace.web, "serve",
                        lambda prepared, host, port: calls.append((host, port, prepared.settings.open_reads)))
    db = str(tmp_path / "s.db")
    first = CliRunner().invoke(main, ["serve", "--db", db])
    second = CliRunner().invoke(main, ["serve", "--db", db, "--host", "0.0.0.0", "--port", "8123"])
    assert first.exit_code == second.exit_code == 0
    token = first.output.split("makes another):")[1].split()[0]
    assert len(token) >= 40 and token not in second.output
    assert "not loopback" in second.output
    assert calls == [("127.0.0.1", 8000, True), ("0.0.0.0", 8123, False)]
