"""Write one benchmark's section of docs/benchmarks.md, between markers, leaving the others alone."""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from pathlib import Path

import numpy as np

DOC = Path(__file__).resolve().parent.parent / "docs" / "benchmarks.md"


def scores(matched: int, found: int, gold: int) -> tuple[float, float, float]:
    """Precision, recall and F1 from counts; 0 where a count is 0."""
    p = matched / found if found else 0.0
    r = matched / gold if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def publish(name: str, title: str, report: str, write: bool = True) -> None:
    """Print a benchmark's report and, unless told not to, record it as its section."""
    print(report)
    if write:
        write_section(name, title, f"python benchmarks/{name}.py", report)


def write_section(name: str, title: str, command: str, report: str) -> None:
    begin, end = f"<!-- {name}:begin -->", f"<!-- {name}:end -->"
    text = DOC.read_text() if DOC.exists() else "# Benchmarks\n"
    block = f"{begin}\n{report}\n{end}"
    if begin in text:
        text = text[: text.index(begin)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip() + f"\n\n## {title}\n\n`{command}`\n\n{block}\n"
    DOC.parent.mkdir(exist_ok=True)
    DOC.write_text(text)


def reliability(predicted: np.ndarray, observed: np.ndarray, bins: Sequence[float],
                columns: tuple[str, str, str, str]) -> tuple[list[str], float]:
    """A reliability table (per bin of ``predicted``: how many, the mean prediction, the share ``observed``)
    and the expected calibration error, the rows' mean gap between the two."""
    lines = ["| " + " | ".join(columns) + " |", "|---|---|---|---|"]
    gap = 0.0
    for low, high in itertools.pairwise(bins):
        inside = (predicted >= low) & (predicted < high)
        if inside.any():
            gap += inside.sum() * abs(predicted[inside].mean() - observed[inside].mean())
            lines.append(f"| {low:.1f}-{min(high, 1.0):.1f} | {inside.sum()} | {predicted[inside].mean():.3f} | "
                         f"{observed[inside].mean():.3f} |")
    return lines, gap / max(1, len(predicted))

