"""The property tests of tests/test_properties.py at length: 10,000 Hypothesis examples per property.

Each example's check runs inside a counter, so a failure does not stop the run: it counts the cases that
ran, the exceptions that escaped a stage (anything but the errors a stage maps on purpose), the properties
violated (an assertion failed), and, for claims, the extraction errors the stage recorded as designed.
Prints the figures and records them in docs/benchmarks.md.

    python benchmarks/fuzz_properties.py [--examples 10000] [--only readers,clean] [--seed 15]
"""

from __future__ import annotations

import argparse
import logging
import sys
import time
import traceback
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the checks and strategies live in the tests package

from hypothesis import HealthCheck, Phase, given, seed, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402
from tests import test_properties as props  # noqa: E402

from _report import write_section  # noqa: E402

PROPERTIES: dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], object]]] = {
    "readers": (props.inputs, lambda case: props.check_reader(*case)),
    "clean": (props.texts, props.check_clean),
    "credits": (props.texts, props.check_credits),
    "fingerprint": (props.texts, props.check_fingerprint),
    "alignment": (props.text_pairs, lambda pair: props.check_alignment(*pair)),
    "claims": (props.texts, props.check_claims),
}


def run(name: str, examples: int, chosen_seed: int) -> tuple[Counter[str], dict[str, str], float]:
    strategy, check = PROPERTIES[name]
    counts: Counter[str] = Counter()
    first: dict[str, str] = {}

    # Generation only: a failing example is counted, not shrunk, so the run goes on to the end.
    @seed(chosen_seed)
    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate],
              suppress_health_check=list(HealthCheck))
    @given(strategy)
    def prop(value: Any) -> None:
        counts["cases"] += 1
        try:
            outcome = check(value)
        except AssertionError:
            counts["violated"] += 1
            first.setdefault("violated", f"{value!r:.300}\n{traceback.format_exc(limit=3)}")
        except Exception as exc:  # what escaped the stage: counted, kept as an example
            counts["escaped"] += 1
            first.setdefault(type(exc).__name__, f"{value!r:.300}\n{traceback.format_exc(limit=3)}")
        else:
            if outcome is True:
                counts["recorded"] += 1

    start = time.perf_counter()
    prop()
    return counts, first, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--examples", type=int, default=10_000, help="Hypothesis examples per property")
    parser.add_argument("--only", default=",".join(PROPERTIES), help="comma-separated properties to run")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--no-write", action="store_true", help="print only; leave docs/benchmarks.md alone")
    args = parser.parse_args()
    logging.disable(logging.WARNING)  # trafilatura logs each page it discards
    names = [n for n in args.only.split(",") if n]
    rows = ["| property | examples asked | cases run | exceptions escaped | properties violated | "
            "errors recorded by the stage | seconds |", "|---|---|---|---|---|---|---|"]
    found: list[str] = []
    for name in names:
        counts, first, seconds = run(name, args.examples, args.seed)
        rows.append(f"| {name} | {args.examples:,} | {counts['cases']:,} | {counts['escaped']:,} | "
                    f"{counts['violated']:,} | {counts['recorded']:,} | {seconds:.0f} |")
        print(rows[-1], flush=True)
        found += [f"{name}, first {kind}:\n```\n{text.strip()}\n```" for kind, text in first.items()]
    escaped = sum(int(r.split("|")[4].replace(",", "")) for r in rows[2:])
    lines = [f"Hypothesis, seed {args.seed}, generation only (a failing case is counted, not shrunk). "
             "Escaped: an exception other than those a stage maps on purpose (a reader's InputError and the "
             "truncation errors its guard reports). Recorded: claims extraction errors the stage stored, as "
             "designed.", "", *rows, "", f"Exceptions escaped in total: {escaped}."]
    if found:
        lines += ["", *found]
    report = "\n".join(lines)
    print(report)
    if not args.no_write:
        write_section("fuzz_properties", "Property tests at length (hostile input)",
                      f"python benchmarks/fuzz_properties.py --examples {args.examples}", report)


if __name__ == "__main__":
    main()
