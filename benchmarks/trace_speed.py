"""The default trace (embeddings on) over devpages and devpages2 together, against an earlier commit, in one run.

Each side runs in its own fresh process (the encoder's loading counts, as it does for a user): ingest is not
timed, trace is.  The earlier commit's source is taken with ``git archive`` into a temporary folder and put
first on PYTHONPATH, so both sides use the same installed dependencies.  Rounds alternate the two sides.

    python benchmarks/trace_speed.py [--baseline 163c3ae] [--rounds 2] [--no-write]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
from pathlib import Path

from _report import publish

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data"
SETS = (DATA / "devpages" / "pages.jsonl", DATA / "devpages2" / "pages.jsonl")
BASELINE = "163c3ae"  # the last commit before the link stage embedded each article once

CHILD = """
import json, sys, tempfile, time
from pathlib import Path
from newstrace.pipeline import ingest
try:
    from newstrace.pipeline import trace
except ImportError:  # commits before the re-layering kept the driver in newstrace.trace
    from newstrace.trace import trace
from newstrace.store import open_store
with tempfile.TemporaryDirectory() as tmp, open_store(Path(tmp) / "pages.db") as store:
    ingest(sys.argv[1:], store)
    start = time.perf_counter()
    summary = trace(store)
    seconds = time.perf_counter() - start
    stories = {}
    for p in store.placements():
        stories.setdefault(p.story, []).append(p.article_id)
    print(json.dumps({"seconds": seconds, "links": dict(summary.linked.links), "pairs": summary.linked.pairs_checked,
                      "stories": sorted(sorted(m) for m in stories.values()),
                      "relations": {p.article_id: str(p.relation) for p in store.placements()}}))
"""


def run(source: Path, pages: Path) -> dict:  # type: ignore[type-arg]
    env = {**os.environ, "PYTHONPATH": str(source)}
    child = subprocess.run([sys.executable, "-c", CHILD, str(pages)], env=env, capture_output=True, text=True,
                           check=True)
    return json.loads(child.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _rounds(results: list[dict]) -> str:  # type: ignore[type-arg]
    return " / ".join(f"{r['seconds']:.1f}" for r in results)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", default=BASELINE, help="git revision to compare with")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        pages = folder / "pages.jsonl"
        pages.write_text("".join(path.read_text(encoding="utf-8") for path in SETS), encoding="utf-8")
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", args.baseline, "src"], capture_output=True,
                                 check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
        sides = {"baseline": folder / "src", "current": ROOT / "src"}
        results: dict[str, list[dict]] = {name: [] for name in sides}  # type: ignore[type-arg]
        for _ in range(args.rounds):
            for name, source in sides.items():
                results[name].append(run(source, pages))
    n = sum(1 for path in SETS for line in path.read_text(encoding="utf-8").splitlines() if line.strip())
    base, now = results["baseline"], results["current"]
    best_base, best_now = min(r["seconds"] for r in base), min(r["seconds"] for r in now)
    same_links = base[0]["links"] == now[0]["links"]
    same_stories = base[0]["stories"] == now[0]["stories"]
    same_relations = base[0]["relations"] == now[0]["relations"]
    kinds = ", ".join(f"{k} {v}" for k, v in sorted(now[0]["links"].items()))
    lines = [
        f"Default `trace` (embeddings on) over devpages and devpages2 together ({n} pages), each side in a fresh "
        f"process, {args.rounds} alternating rounds; {platform.python_implementation()} {platform.python_version()} "
        f"on {platform.machine()}, one core. Baseline: commit `{args.baseline}`.", "",
        "| side | seconds per round | best | pairs checked |", "|---|---|---|---|",
        f"| baseline | {_rounds(base)} | {best_base:.1f} | {base[0]['pairs']} |",
        f"| current | {_rounds(now)} | {best_now:.1f} | {now[0]['pairs']} |",
        "", f"The current trace is {best_base / best_now:.1f}x faster (target 5x). Links found: {kinds}; "
        f"same link counts as the baseline: {'yes' if same_links else 'no'}; same stories: "
        f"{'yes' if same_stories else 'no'}; same relations: {'yes' if same_relations else 'no'}.",
    ]
    publish("trace_speed", "Default trace speed on the real pages", "\n".join(lines), write=not args.no_write)


if __name__ == "__main__":
    main()
