"""Quality gate on the evaluation figures: each benchmark's ``measure()`` against the floors pinned in
quality_floors.json.  The data lives in ../shared; without it these tests are skipped."""

from __future__ import annotations

import importlib
import json
import sys

import pytest

from tests.conftest import ROOT, SHARED, needs

FLOORS = json.loads((ROOT / "tests" / "quality_floors.json").read_text())
sys.path.insert(0, str(ROOT / "benchmarks"))


def _figures(script: str) -> dict[str, float]:
    return importlib.import_module(script).measure()  # type: ignore[no-any-return]


@pytest.mark.slow
@needs(SHARED / "data")
@pytest.mark.parametrize("script", sorted(k for k in FLOORS["scores"] if not k.startswith("_")))
def test_evaluation_figures_stay_at_or_above_their_floors(script: str) -> None:
    figures = _figures(script)
    low = {name: round(figures[name], 4) for name, floor in FLOORS["scores"][script].items()
           if figures[name] < floor}
    high = {name: figures[name] for name, ceiling in FLOORS["most"].get(script, {}).items()
            if figures[name] > ceiling}
    assert not low and not high, f"{script}: below floor {low}, above ceiling {high}"
