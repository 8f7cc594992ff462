"""Claim comparison on the labelled devpages figures (../shared/data/devpages/*_claims.json).

Three stories carry hand-labelled figures per page: Turkey-Syria quake (tolls, injured, magnitude), UK
election (seats, majority) and Musk-Twitter (deal value, price per share, premium, net worth).  The whole
pipeline runs on the 150 pages (ingest, trace, story claims), then:

- value recall: labelled figures that the quantity reader finds (a found span overlaps the labelled text);
- slot pairs: for two found figures on different pages of one story, whether they share a labelled slot
  (both "deal_value") and whether newstrace put them in one claim slot; precision, recall and F1 over
  such pairs.

    python benchmarks/claims_devpages.py
"""

from __future__ import annotations

import argparse
import itertools
import json
import tempfile
from pathlib import Path

from _report import publish, scores
from newstrace.pipeline import article_claims, ingest, story_claims, trace
from newstrace.store import open_store

DEVPAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "data" / "devpages"
FILES = ("turkeyquake_claims.json", "ukelection_claims.json", "musktwitter_claims.json")
META = {"id", "url", "lang", "notes"}


def labelled(store) -> list[tuple[str, str, str, int, int]]:  # type: ignore[no-untyped-def]
    """(page, slot, text, start, end) of each labelled figure, located in the page's clean text."""
    out = []
    for name in FILES:
        for page in json.loads((DEVPAGES / name).read_text(encoding="utf-8")):
            article = store.get(page["id"])
            if article is None:
                continue
            for slot, value in page.items():
                for text in ([] if slot in META or value is None else value if isinstance(value, list) else [value]):
                    start = article.clean_text.find(text)
                    if start >= 0:
                        out.append((page["id"], slot, text, start, start + len(text)))
    return out


def count() -> tuple[list, list, dict, set, set]:  # type: ignore[type-arg]
    """Labelled figures, those found, the claim slot of each found one, and the labelled and found same-slot pairs."""
    with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "claims.db") as store:
        ingest([DEVPAGES / "pages.jsonl"], store)
        trace(store)
        figures = labelled(store)
        story_of = {p.article_id: p.story for p in store.placements()}
        spans = {}  # (page, start, end) of each figure in a claim slot -> (story, slot number)
        for story in sorted({story_of[page] for page, *_ in figures}):
            for number, slot in enumerate(story_claims(store, story)["slots"]):
                for variant in slot["variants"]:
                    for span in variant["spans"]:
                        spans[(span["article"], span["start"], span["end"])] = (story, number)
        found_spans = {page: [(q["start"], q["end"]) for q in article_claims(store, store.get(page))["quantities"]]
                       for page in {f[0] for f in figures}}
    found = [f for f in figures if any(a < f[4] and f[3] < b for a, b in found_spans[f[0]])]
    slot_of = {}
    for page, label, _text, start, end in found:
        where = next((v for (p, a, b), v in spans.items() if p == page and a < end and start < b), None)
        slot_of[(page, label, start)] = where
    truth, ours = set(), set()
    for x, y in itertools.combinations(sorted(slot_of), 2):
        if x[0] == y[0] or story_of[x[0]] != story_of[y[0]]:
            continue
        if x[1] == y[1]:
            truth.add((x, y))
        if slot_of[x] is not None and slot_of[x] == slot_of[y]:
            ours.add((x, y))
    return figures, found, slot_of, truth, ours


def measure() -> dict[str, float]:
    """Share of labelled figures found and same-slot pair F1: the figures the quality gate holds."""
    figures, found, _, truth, ours = count()
    return {"figures_found": len(found) / len(figures), "slot_pair_f1": scores(len(truth & ours), len(ours),
                                                                                len(truth))[2]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-write", action="store_true")
    parser.add_argument("--verbose", action="store_true", help="list figures not found and wrong pairs")
    args = parser.parse_args()
    figures, found, slot_of, truth, ours = count()
    tp = len(truth & ours)
    precision, recall, f1 = scores(tp, len(ours), len(truth))
    slotted = sum(v is not None for v in slot_of.values())
    report = "\n".join([
        f"{len(figures)} labelled figures on {len({f[0] for f in figures})} pages of three stories.", "",
        "| measure | value |", "|---|---|",
        f"| figures found by the quantity reader | {len(found) / len(figures):.3f} ({len(found)} of {len(figures)}) |",
        f"| found figures placed in a claim slot shared with another page | {slotted} of {len(found)} |",
        f"| same-slot pairs across pages: precision / recall / F1 | {precision:.3f} / {recall:.3f} / {f1:.3f} |",
        "", f"Pairs: {len(truth)} labelled as one slot, {len(ours)} put in one slot, {tp} both."])
    if args.verbose:
        for f in figures:
            if f not in found:
                print("not found", f)
        for x, y in sorted(ours - truth):
            print("wrong pair", x, y)
    publish("claims_devpages", "Claim comparison on devpages", report, write=not args.no_write)


if __name__ == "__main__":
    main()
