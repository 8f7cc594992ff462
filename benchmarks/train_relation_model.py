"""Rebuild the shipped relation model (src/newstrace/data/relation_model.json) from both labelled dev sets.

Both sets are traced together with the rules alone; every page whose relation the page or the set shows and
that the model judges (not an origin, not placed under a page in the corpus) gives one row of features and its
label; a multinomial logistic regression is fitted on all of them.  How well such a model does on stories it
was not fitted on is what ``devpages_eval.py`` reports (its default fitter refits the model on the training
folds only).

    python benchmarks/train_relation_model.py [--c 0.1] [--check]
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from pathlib import Path

from _devsets import SETS, available, load, relation_rows
from newstrace.config import TraceConfig
from newstrace.relations import RELATION_C, train

TARGET = Path(__file__).resolve().parent.parent / "src" / "newstrace" / "data" / "relation_model.json"


def build(c: float) -> dict[str, object]:
    pages = [p for name in SETS for p in load(name)]
    rows, labels = relation_rows(pages, TraceConfig())
    counts = ", ".join(f"{label} {n}" for label, n in sorted(Counter(labels).items()))
    model = train(rows, labels, c, note=f"fitted on {len(rows)} pages of devpages and devpages2 ({counts}), C={c}")
    return model.as_dict()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--c", type=float, default=RELATION_C, help="inverse regularisation strength")
    parser.add_argument("--check", action="store_true", help="rebuild and compare with the shipped file, write nothing")
    args = parser.parse_args()
    if not available():
        raise SystemExit("the dev sets are not in ../shared/data")
    data = build(args.c)
    text = json.dumps(data, indent=1) + "\n"
    if args.check:
        same = TARGET.exists() and TARGET.read_text() == text
        print("the shipped model is " + ("the one these pages give" if same else "NOT the one these pages give"))
        raise SystemExit(0 if same else 1)
    TARGET.write_text(text)
    print(f"wrote {TARGET}: {data['note']}")


if __name__ == "__main__":
    main()
