"""Quality gate on the real pages in ../shared/data/devpages.  Floors live in quality_floors.json.

A change may raise a floor (fewer chrome lines left, more claims kept); lowering one needs a reason
in the commit that does it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from newstrace.ingest import read_paths
from newstrace.model import Article
from newstrace.pipeline import ingest
from newstrace.store import SQLiteStore
from tests.conftest import DEVPAGES, ROOT, needs

FLOORS = json.loads((ROOT / "tests" / "quality_floors.json").read_text())["devpages"]
CLAIM_FILES = ("turkeyquake_claims.json", "ukelection_claims.json", "musktwitter_claims.json")

# Written apart from the cleaner's own rules, as a reader would spot chrome: short lines built around
# these words.  A line counts only if it is short, so article sentences that use the words do not.
CHROME_WORDS = re.compile(
    r"\[ad_?\d*\]|\bsource link\b|^source$|\bread more\b|\bcontinue reading\b|^comments?\b"
    r"|\bleave a (?:comment|reply)\b"
    r"|^share\b|\bsubscribe\b|\bsign up\b|\bnewsletter|\badvertisement\b|\bcookies?\b|^(?:photo|image|picture|foto)\s*:"
    r"|getty images|©|\bmost read\b|^related\b|\bfollow us\b|^loading|\bclick here\b|\bphoto\s*/|\bpartager\b"
    r"|\bmehr folgen\b|\breading time\b|^latest$|^\W+$",
    re.IGNORECASE,
)
SHORT = 10


def chrome_lines(text: str) -> list[str]:
    return [line for line in (ln.strip() for ln in text.splitlines())
            if line and len(line.split()) <= SHORT and CHROME_WORDS.search(line)]


@pytest.fixture(scope="module")
def stored(tmp_path_factory: pytest.TempPathFactory) -> SQLiteStore:
    store = SQLiteStore(tmp_path_factory.mktemp("devpages") / "dev.db")
    summary = ingest([DEVPAGES], store)
    assert summary.total_rejected == 0, summary.reject_samples
    return store


@needs(DEVPAGES)
def test_every_devpage_ingests_without_reject(stored: SQLiteStore) -> None:
    assert stored.count() == 150
    assert stored.rejects() == []


@needs(DEVPAGES)
def test_chrome_lines_left_in_devpages_stay_under_the_floor(stored: SQLiteStore) -> None:
    raw = sum(len(chrome_lines(a.text)) for a in stored.articles())
    left = {a.id: chrome_lines(a.clean_text) for a in stored.articles()}
    total_left = sum(len(lines) for lines in left.values())
    assert raw >= FLOORS["chrome_lines_in_raw_at_least"], "the counter no longer sees the chrome it should"
    assert total_left <= FLOORS["chrome_lines_left_at_most"], {k: v for k, v in left.items() if v}


@needs(DEVPAGES)
def test_claim_strings_survive_cleaning(stored: SQLiteStore) -> None:
    folder = Path(DEVPAGES).parent
    kept = missing = 0
    lost: list[tuple[str, str]] = []
    for name in CLAIM_FILES:
        for page in json.loads((folder / name).read_text()):
            article = stored.get(page["id"])
            assert article is not None
            body = f"{article.title or ''}\n{article.clean_text}"
            for value in _claim_values(page):
                if value in body:
                    kept += 1
                else:
                    missing += 1
                    lost.append((page["id"], value))
    assert missing <= FLOORS["claim_values_lost_at_most"], lost
    assert kept > 0


@needs(DEVPAGES)
def test_no_long_sentence_is_cut_as_chrome(stored: SQLiteStore) -> None:
    # learned boilerplate, teasers and titles aside, the rules only ever cut short lines
    for article in stored.articles():
        for span in article.removed:
            if span.reason not in {"teaser", "title", "outlet_boilerplate", "credit_line"}:
                assert len(span.text.split()) <= 40, (article.id, span)


def _claim_values(page: dict) -> list[str]:  # type: ignore[type-arg]
    values: list[str] = []
    for key, value in page.items():
        if key in {"id", "url", "lang", "notes"} or value is None:
            continue
        values.extend(value if isinstance(value, list) else [value])
    return [v for v in values if isinstance(v, str)]


@needs(DEVPAGES)
def test_devpages_read_the_same_without_the_store() -> None:
    articles = [r for r in read_paths([DEVPAGES]) if isinstance(r, Article)]
    assert len(articles) == 150 and len({a.id for a in articles}) == 150
