"""The pages in a real headless Chromium (Debian's package, driven by Playwright): they load without console
errors, show the tree, the changed figure and the claims, and run nothing that stored text smuggles in.

Each page is screenshot to $TMPDIR, for a person to look at when a test fails.  Without Chromium the module is
skipped, except under CI, where .ci/run installs it and its absence is a failure.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from newstrace.web import Settings
from tests.web_support import EDITED, HOSTILE, ORIGIN, WebStore, build_store, running

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]

if not Path(CHROMIUM).exists():
    if os.environ.get("CI") == "true":
        pytest.fail(f"Chromium is missing at {CHROMIUM}; .ci/run installs Debian's chromium", pytrace=False)
    pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install chromium)", allow_module_level=True)

sync_api = pytest.importorskip("playwright.sync_api")
pytestmark = pytest.mark.slow
SHOTS = Path(os.environ.get("TMPDIR", tempfile.gettempdir())) / "newstrace-screenshots"


@pytest.fixture(scope="module")
def web(tmp_path_factory: pytest.TempPathFactory) -> WebStore:
    return build_store(tmp_path_factory.mktemp("browser"))


@pytest.fixture(scope="module")
def base(web: WebStore) -> Iterator[str]:
    with running(Settings(str(web.db))) as url:
        yield url


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One Chromium for the module; Playwright starts it with a fresh temporary --user-data-dir."""
    with sync_api.sync_playwright() as pw:
        launched = pw.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield launched
        launched.close()


class Visit:
    """A page with its console errors, uncaught exceptions and dialogs collected."""

    def __init__(self, browser: object) -> None:
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        self.page.set_default_timeout(10_000)
        self.problems: list[str] = []
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        self.page.on("dialog", lambda d: (self.problems.append(f"dialog: {d.message}"), d.dismiss()))

    def open(self, url: str, shot: str) -> object:
        response = self.page.goto(url)
        self.page.wait_for_load_state("networkidle")
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
        return response

    def close(self) -> None:
        self.page.close()


@pytest.fixture
def visit(browser: object) -> Iterator[Visit]:
    opened = Visit(browser)
    yield opened
    opened.close()


def test_every_page_loads_without_console_errors(visit: Visit, base: str, web: WebStore) -> None:
    pages = {"stories": "/", "story": f"/stories/{web.story}", "claims": f"/stories/{web.story}/claims",
             "article": "/articles/dnf24-ferry", "compare": f"/compare/{EDITED}/{ORIGIN}", "upload": "/upload",
             "docs": "/docs"}
    for name, path in pages.items():
        response = visit.open(base + path, name)
        assert response.status == 200, path  # type: ignore[attr-defined]
    assert visit.problems == []
    assert visit.page.locator(".opblock").count() >= 8  # Swagger UI drew the API's operations from local files


def test_story_tree_shows_origin_and_copies_and_a_node_opens_its_article(visit: Visit, base: str, web: WebStore
                                                                         ) -> None:
    visit.open(f"{base}/stories/{web.story}", "story-tree")
    nodes = visit.page.locator("svg.tree a.node")
    assert nodes.count() == 5  # the origin and its four copies
    assert visit.page.locator("svg.tree a.node.rel-origin").count() == 1
    assert visit.page.locator("svg.tree a.node.rel-verbatim_copy").count() == 2
    assert visit.page.locator("svg.tree text.edge-label").count() == 4
    visit.page.locator(f'svg.tree a.node[data-article="{EDITED}"]').click()
    visit.page.wait_for_url(f"**/articles/{EDITED}")
    assert visit.page.locator("h1").inner_text().startswith("Ferry Marigold")
    assert visit.problems == []


def test_tree_node_opens_by_keyboard(visit: Visit, base: str, web: WebStore) -> None:
    visit.open(f"{base}/stories/{web.story}", "story-keyboard")
    visit.page.locator(f'svg.tree a.node[data-article="{ORIGIN}"]').focus()
    visit.page.keyboard.press("Enter")
    visit.page.wait_for_url(f"**/articles/{ORIGIN}")


def test_compare_page_marks_the_changed_number_and_coverage(visit: Visit, base: str) -> None:
    visit.open(f"{base}/compare/{EDITED}/{ORIGIN}", "compare-edit")
    sides = visit.page.locator(".compare .side")
    assert sides.nth(0).locator("mark.edit").inner_text() == "290"
    assert sides.nth(1).locator("mark.edit").inner_text() == "212"
    assert visit.page.locator("ul.edits").inner_text().replace("\u201c", '"').replace("\u201d", '"') \
        == '"212" → "290"'
    assert "% shared" in sides.nth(0).locator(".coverage").inner_text()
    shared = sides.nth(0).locator("mark.shared").first
    shared.hover()
    assert "lit" in (sides.nth(1).locator("mark.shared").first.get_attribute("class") or "")


def test_claims_page_highlights_the_changed_figure_and_names_the_copy(visit: Visit, base: str, web: WebStore
                                                                     ) -> None:
    visit.open(f"{base}/stories/{web.story}/claims", "claims-change")
    cells = visit.page.locator("table.claims td.changed")
    assert cells.count() == 2  # this copy's edit, and the demo rewrite's ("nine" fishing boats become "eleven")
    changed = cells.filter(has_text="290 passengers")
    assert changed.count() == 1 and "212 passengers" in changed.inner_text()
    column = changed.evaluate("td => td.cellIndex")
    header = visit.page.locator("table.claims thead th").nth(column).inner_text()
    assert header.startswith("Harbour Wire")


def test_article_page_strikes_the_cut_chrome_with_its_reason(visit: Visit, base: str) -> None:
    visit.open(f"{base}/articles/dnf24-ferry", "article-chrome")
    removed = visit.page.locator("del.removed")
    assert removed.count() >= 3
    assert "ad_shortcode" in {removed.nth(i).get_attribute("title").removeprefix("cut: ")  # type: ignore[union-attr]
                              for i in range(removed.count())}
    decoration = removed.first.evaluate("e => getComputedStyle(e).textDecorationLine")
    assert "line-through" in decoration
    assert visit.page.locator("table").inner_text().count("The Karrow Courier") >= 1


def test_hostile_text_runs_nothing_and_shows_as_text(visit: Visit, base: str) -> None:
    for path, shot in (("/?q=script", "hostile-list"), (f"/articles/{HOSTILE}", "hostile-article")):
        visit.open(base + path, shot)
        assert visit.page.evaluate("() => window.__pwned === undefined")
        assert visit.page.locator("main script, main img, main textarea").count() == 0
    visit.page.locator(".text").hover()  # an onmouseover or onerror in the text would fire now
    visit.page.get_by_text("javascript:window.__pwned = 5").click()  # shown, not linked: clicking runs nothing
    assert visit.page.evaluate("() => window.__pwned === undefined")
    assert "<script>window.__pwned = 1</script>" in visit.page.locator("h1").inner_text()
    assert visit.problems == []


def test_pages_fit_a_phone_and_work_without_javascript(browser: object, base: str, web: WebStore) -> None:
    page = browser.new_page(viewport={"width": 375, "height": 740}, java_script_enabled=False)  # type: ignore[attr-defined]
    try:
        for path, shot in (("/", "phone-stories"), (f"/stories/{web.story}", "phone-story"),
                           (f"/compare/{EDITED}/{ORIGIN}", "phone-compare")):
            page.goto(base + path)
            page.screenshot(path=str(SHOTS / f"{shot}.png"), full_page=True)
            overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
            assert overflow <= 0, path  # wide parts scroll in their own box, the page does not
        page.goto(base + f"/stories/{web.story}")
        assert page.locator("svg.tree a.node").count() == 5
    finally:
        page.close()
