"""Shared fixtures.  Data in ../shared is read in place, never copied into the repository."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from newstrace.store import SQLiteStore, open_store

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEED = SHARED / "seeds" / "000_5d567fbcbb27ae81.txt"
DEVPAGES = SHARED / "data" / "devpages" / "pages.jsonl"


def needs(path: Path) -> pytest.MarkDecorator:
    return pytest.mark.skipif(not path.exists(), reason=f"{path} is not here (it lives in ../shared)")


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    with open_store(tmp_path / "test.db") as opened:
        yield opened


def devpages() -> list[dict[str, Any]]:
    return [json.loads(line) for line in DEVPAGES.read_text(encoding="utf-8").splitlines() if line.strip()]


ARTICLE = (
    "The harbour board approved a new breakwater on Monday after a two-year study of winter storms.\n"
    "The structure will be 480 metres long and cost 12 million pounds, the board said in a statement.\n"
    "Fishing crews welcomed the plan but asked for work to stop during the herring season.\n"
    "Construction is expected to begin in the autumn and take about three years."
)
