"""Labelled relation against found relation, over both dev sets cross-validated by story, with each wrong page
put down to a cause.

Both sets are cross-validated as ``devpages_eval.py`` does (5 folds of stories, each with its hard negatives;
the fitter sees the other folds only).  Over the pages with evidence in the page or the set (the pages
``devpages_eval.py``'s relation accuracy counts), a table of labelled relation (rows) by found relation
(columns), and every wrong page put down to the first cause that holds:
- a copy found independent: no copy link at all, though a page of its source group or its labelled parent is
  in the set; or only a credit shows it (no partner in the set);
- an origin called for a copy: its labelled parent is in the set (direction reversed), or not (the page is the
  first copy in the set of a source outside it);
- a copy of one kind found as another (verbatim and partial taken for each other, a copy or translation
  confused, rewrite and copy);
- a labelled origin missed; an independent report found a copy (a copy link to another source group, or a
  credit read as its source).

    python benchmarks/relation_confusion.py [--fitter default|rules|relations] [--no-write]
"""

from __future__ import annotations

import argparse
from collections import Counter
from collections.abc import Callable, Sequence

from _devsets import (
    SETS,
    EventFitter,
    Fitter,
    Found,
    Page,
    RelationFitter,
    cross_validate,
    labelled_parent,
    load,
    without_evidence,
)
from _report import write_section
from newstrace.config import TraceConfig

K = 5
ORDER = ("origin", "verbatim_copy", "partial_copy", "rewrite", "translation", "independent")
COPIES = frozenset({"verbatim_copy", "partial_copy", "rewrite", "translation"})
FITTERS: dict[str, Callable[[], Fitter]] = {
    "default": EventFitter, "relations": RelationFitter,
    "rules": lambda: EventFitter(TraceConfig(relation_model=False), "the event model and its cut, fitted on the "
                                 "training pages; relations by the rules alone")}


def _partners(page: Page, pages: Sequence[Page], ids: set[str]) -> bool:
    """Whether the set holds the page's labelled parent or another page of its source group."""
    return labelled_parent(page, ids) is not None or any(
        q.id != page.id and page.source_group and q.source_group == page.source_group for q in pages)


def cause(page: Page, found: Found, pages: Sequence[Page], ids: set[str]) -> str:
    """Why the found relation of ``page`` is not its label: the first reason that holds."""
    label, got = page.relation, found.relation[page.id]
    linked = any(page.id in pair for pair in found.copies)
    if label == "origin":
        return "origin missed: found a copy" if got in COPIES else "origin missed: found independent"
    if got == "origin":
        if labelled_parent(page, ids) is not None:
            return "copy called origin: its parent is in the set (direction reversed)"
        return "copy called origin: its source is not in the set (the set's first copy of it)"
    if label in COPIES and got == "independent":
        if linked:
            return "copy found independent: its copy links lie outside its found story"
        if _partners(page, pages, ids):
            return "copy found independent: no copy link, though its parent or a group partner is in the set"
        return "copy found independent: only a credit shows it (no partner in the set)"
    if label == "independent":
        return ("independent found a copy: a copy link to another page" if linked else
                "independent found a copy: a credit read as its source")
    kinds = {label, got}
    if kinds == {"verbatim_copy", "partial_copy"}:
        return "wrong kind: verbatim and partial taken for each other"
    if "translation" in kinds:
        return "wrong kind: translation and copy confused"
    return "wrong kind: rewrite and copy confused"


def report(pages: Sequence[Page], found: Found, fitter: Fitter) -> str:
    ids = {p.id for p in pages}
    unseen = without_evidence(pages)
    evident = [p for p in pages if p.relation != "unknown" and p.id not in unseen]
    table = Counter((p.relation, found.relation[p.id]) for p in evident)
    right = sum(n for (a, b), n in table.items() if a == b)
    labels = [r for r in ORDER if any(a == r for a, _ in table)]
    columns = [r for r in ORDER if any(b == r for _, b in table)]
    per_set = ", ".join(f"{name} {sum(found.relation[p.id] == p.relation for p in part) / len(part):.3f}"
                        for name in SETS if (part := [p for p in evident if p.dataset == name]))
    lines = [f"Both sets, {len(evident)} pages with evidence in the page or the set; CV by story ({K} folds), "
             f"fitter: {fitter.name}.  Relation accuracy {right / len(evident):.3f} ({right} of {len(evident)}; "
             f"{per_set}).",
             "", "| labelled \\ found | " + " | ".join(columns) + " | pages | right |",
             "|---|" + "---|" * (len(columns) + 2)]
    for label in labels:
        total = sum(table[label, c] for c in columns)
        lines.append(f"| {label} | " + " | ".join(str(table[label, c]) for c in columns)
                     + f" | {total} | {table[label, label] / total:.2f} |")
    causes: Counter[str] = Counter()
    by_set: Counter[tuple[str, str]] = Counter()
    for page in evident:
        if found.relation[page.id] != page.relation:
            why = cause(page, found, pages, ids)
            causes[why] += 1
            by_set[why, page.dataset] += 1
    lines += ["", f"Wrong pages by cause ({sum(causes.values())}):", "",
              "| cause | " + " | ".join(SETS) + " | both |", "|---|" + "---|" * (len(SETS) + 1)]
    for why, n in causes.most_common():
        lines.append(f"| {why} | " + " | ".join(str(by_set[why, s]) for s in SETS) + f" | {n} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--fitter", choices=sorted(FITTERS), default="default")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    pages = [p for name in SETS for p in load(name)]
    fitter = FITTERS[args.fitter]()
    found = cross_validate(pages, fitter, K).found
    text = report(pages, found, fitter)
    print(text)
    if not args.no_write:
        suffix = "" if args.fitter == "default" else f"_{args.fitter}"
        write_section(f"relation_confusion{suffix}", "Relations: labelled against found, by cause (issue 14)",
                      f"python benchmarks/relation_confusion.py --fitter {args.fitter}", text)


if __name__ == "__main__":
    main()
