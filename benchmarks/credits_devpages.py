"""Credit parsing and chrome removal on the real pages of ../shared/data/devpages.

Credits: precision and recall of the outlets found against the labelled ``credited_source``
(outlets the page itself credits).  Chrome: lines the test-suite's independent counter sees
before and after cleaning, and how many labelled claim values survive cleaning.

    python benchmarks/credits_devpages.py
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from _report import publish
from newstrace.clean import clean_article
from newstrace.ingest import read_paths
from newstrace.model import Article
from newstrace.outlets import default_table

ROOT = Path(__file__).resolve().parent.parent
DEVPAGES = ROOT.parent / "shared" / "data" / "devpages"
sys.path.insert(0, str(ROOT))
from tests.test_devpages import CLAIM_FILES, _claim_values, chrome_lines  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()
    table = default_table()
    labels = {row["id"]: row for row in map(json.loads, (DEVPAGES / "pages.jsonl").read_text().splitlines())}
    articles = {a.id: clean_article(a) for a in read_paths([DEVPAGES / "pages.jsonl"]) if isinstance(a, Article)}

    tp = fp = fn = 0
    for page_id, article in articles.items():
        gold = set()
        for name in filter(None, (labels[page_id]["credited_source"] or "").split("; ")):
            match = table.resolve(name)
            gold.add(match.outlet if match else name)
        found = {c.outlet for c in article.credits if c.outlet}
        tp, fp, fn = tp + len(gold & found), fp + len(found - gold), fn + len(gold - found)
    precision, recall = tp / (tp + fp), tp / (tp + fn)

    raw = sum(len(chrome_lines(a.text)) for a in articles.values())
    left = sum(len(chrome_lines(a.clean_text)) for a in articles.values())
    kept = total = 0
    for name in CLAIM_FILES:
        for page in json.loads((DEVPAGES / name).read_text()):
            article = articles[page["id"]]
            body = f"{article.title or ''}\n{article.clean_text}"
            for value in _claim_values(page):
                total += 1
                kept += value in body
    removed = sum(len(a.removed) for a in articles.values())
    report = "\n".join([
        f"{len(articles)} pages; {removed} spans of chrome removed in all.", "",
        "| measure | value |", "|---|---|",
        f"| credited outlets: precision | {precision:.3f} ({tp} of {tp + fp}) |",
        f"| credited outlets: recall | {recall:.3f} ({tp} of {tp + fn}) |",
        f"| chrome lines seen by the test counter, before cleaning | {raw} |",
        f"| chrome lines seen by the test counter, after cleaning | {left} |",
        f"| labelled claim values still in title or clean text | {kept} of {total} |",
    ])
    publish("credits_devpages", "Credits and chrome on devpages", report, write=not args.no_write)


if __name__ == "__main__":
    main()
