"""Attribution on PolNeAR dev (../shared/data/polnear/dev): exact and overlap F1 for source, cue and content.

Each gold attribution (brat event ``Attribution`` with ``Source``, ``Cue`` and ``Content`` spans) is
matched to at most one found attribution, the one whose cue overlaps it.  For each role, exact means the
same character offsets (after trimming spaces, quotation marks and closing punctuation on both); overlap means the spans
share at least one character.  Precision counts found spans, recall gold spans.

Protocol (issue 17): rules are written by reading train (840 documents); the cue, content and cue end models
are fitted on train, so its figure is a fitted one.  Dev is a score only: this script prints dev's totals
and never its individual errors (``--errors`` prints train's).  The report puts train and dev side by side.

    python benchmarks/polnear_eval.py [--limit N] [--errors]
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from _report import publish, scores
from newstrace.claims.attributions import find_attributions
from newstrace.claims.spans import Attribution, Span

ROOT = Path(__file__).resolve().parent.parent
POLNEAR = ROOT.parent / "shared" / "data" / "polnear"
DEV = POLNEAR / "dev"
ROLES = ("source", "cue", "content")


def read_gold(ann: Path) -> list[dict[str, tuple[int, int]]]:
    spans: dict[str, tuple[str, int, int]] = {}
    events = []
    for line in ann.read_text(encoding="utf-8").splitlines():
        if line.count("\t") < 2 and not line.startswith("E"):
            continue  # the rest of a span text that holds a line break
        if line.startswith("T"):
            ident, info, _ = line.split("\t", 2)
            kind, rest = info.split(" ", 1)
            first = rest.split(";")[0].split()
            spans[ident] = (kind, int(first[0]), int(rest.split()[-1]))
        elif line.startswith("E"):
            parts = dict(p.split(":") for p in line.split("\t")[1].split())
            event = {}
            for role in ROLES:
                key = role.capitalize()
                if key in parts and parts[key] in spans:
                    event[role] = spans[parts[key]][1:]
            if "cue" in event:
                events.append(event)
    return events


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """A span without the spaces and quotation marks at its edges (a mark of either direction: pages print
    ” to open a quotation too), nor the stop, comma or colon it may end with."""
    while end > start and (text[end - 1].isspace() or text[end - 1] in _EDGE_MARKS + ".,;:"):
        end -= 1
    while start < end and (text[start].isspace() or text[start] in _EDGE_MARKS):
        start += 1
    return start, end


_EDGE_MARKS = "\"“”‘’'"


def count(limit: int | None = None, split: str = "dev", errors: bool = False,
          learned_spans: bool = True) -> tuple[dict[str, dict[str, int]], int, int]:
    """Exact and overlap matches, found and gold spans per role, over one split's documents; and documents,
    words.  ``errors`` prints the spans found wrong, on train only (dev is a score only); ``learned_spans``
    False leaves cue ends where the rules put them."""
    folder = POLNEAR / split
    errors = errors and split == "train"
    files = sorted((folder / "attributions").glob("*.ann"))[:limit]
    counts = {role: {"exact": 0, "overlap": 0, "found": 0, "gold": 0} for role in ROLES}
    words = 0
    for ann in files:
        stem = ann.name.rsplit("_", 1)[0]
        text = (folder / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        words += len(text.split())
        found = find_attributions(text, learned_spans=learned_spans)
        match(text, read_gold(ann), found, counts, stem if errors else None)
    return counts, len(files), words


def match(text: str, gold: list[dict[str, tuple[int, int]]], found: list[Attribution],
          counts: dict[str, dict[str, int]], errors: str | None = None) -> None:
    """Add one annotation file's exact and overlap matches, found and gold spans to ``counts``: each gold
    statement is matched to the first found one not yet matched whose cue overlaps its cue.  ``errors`` names
    the text when the spans found wrong are to be printed."""
    used: set[int] = set()
    for role in ROLES:
        counts[role]["gold"] += sum(role in g for g in gold)
        counts[role]["found"] += sum(getattr(a, role) is not None for a in found)
    for g in gold:
        cue = g["cue"]
        k = next((k for k, a in enumerate(found) if k not in used
                  and a.cue.start < cue[1] and cue[0] < a.cue.end), None)
        if k is None:
            continue
        used.add(k)
        for role in ROLES:
            span: Span | None = getattr(found[k], role)
            if role not in g or span is None:
                continue
            mine, theirs = trim(text, span.start, span.end), trim(text, *g[role])
            counts[role]["exact"] += mine == theirs
            if errors and mine != theirs:
                print(f"{errors} {role}: found {text[slice(*mine)]!r} | gold {text[slice(*theirs)]!r}")
            counts[role]["overlap"] += mine[0] < theirs[1] and theirs[0] < mine[1]


def measure() -> dict[str, float]:
    """Exact F1 per role: the figures the quality gate holds."""
    counts, _, _ = count()
    return {f"{role}_exact_f1": scores(c["exact"], c["found"], c["gold"])[2] for role, c in counts.items()}


def _rows(counts: dict[str, dict[str, int]]) -> list[str]:
    rows = []
    for role in ROLES:
        c = counts[role]
        cells = []
        for kind in ("exact", "overlap"):
            p, r, f1 = scores(c[kind], c["found"], c["gold"])
            cells.append(f"{p:.3f} / {r:.3f} / {f1:.3f}")
        rows.append(f"{role} | {c['gold']} | {c['found']} | {cells[0]} | {cells[1]} |")
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, help="only the first N documents of each split")
    parser.add_argument("--errors", action="store_true", help="print the spans found wrong in train")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    lines = []
    for split in ("train", "dev"):
        started = time.perf_counter()
        counts, documents, words = count(args.limit, split, args.errors)
        seconds = time.perf_counter() - started
        lines.append(f"{split}: {documents} annotation files ({words:,} words) in {seconds:.1f}s.")
        lines.extend(f"| {split} | {row}" for row in _rows(counts))
    header = [line for line in lines if not line.startswith("|")]
    table = [line for line in lines if line.startswith("|")]
    report = "\n".join([
        *header, "",
        "| split | role | gold | found | exact P / R / F1 | overlap P / R / F1 |", "|---|---|---|---|---|---|",
        *table, "",
        "Train is where rules are read and the cue, content and cue end models are fitted (a fitted figure); "
        "dev is a score only, its errors unread.", "",
        "Targets (dev): exact F1 >= 0.76 source, >= 0.73 cue, >= 0.64 content (CofeNet, trained on PolNeAR: "
        "0.832 / 0.753 / 0.729)."])
    publish("polnear_eval", "Attribution on PolNeAR dev", report, write=not args.no_write)


if __name__ == "__main__":
    main()
