"""Whole traces on Ray at growing sizes, into SQLite and into PostgreSQL: time, memory per worker, growth.

For each size, generated 600-word articles in stories are ingested into a SQLite file and a PostgreSQL
database (the two ingests side by side, each in its own process), then each store is traced without
embeddings in a fresh process with ``trace --engine ray`` on this machine (2 workers).  Recorded per run:
ingest and trace seconds (the link stage apart), peak resident memory of the driver and of each Ray worker
process, the store's bytes an article, and how the time per article grows from the smallest size to the
largest (target: within 1.3x from 100k to 1M).  Results are kept in ``FOLDER/results.json`` after every
step, so a run stopped partway still reports the sizes it finished.

    python benchmarks/ray_trace_scale.py --sizes 100000 1000000 [--folder DIR] [--stores sqlite postgres]
    python benchmarks/ray_trace_scale.py --report-only --folder DIR   # the section from what finished
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import psycopg

from _report import write_section
from newstrace import synth

ADMIN = os.environ.get("NEWSTRACE_TEST_PG", "postgresql://newstrace:newstrace@localhost:5432/postgres")
TARGET = 1.3
HERE = Path(__file__).resolve().parent

_INGEST = """
import sys, time
from newstrace.pipeline import ingest
from newstrace.store import open_store
with open_store(sys.argv[1]) as store:
    started = time.perf_counter()
    ingest([sys.argv[2]], store)
    print("SECONDS", time.perf_counter() - started)
"""

_TRACE = """
import json, os, resource, sys, time
from newstrace.config import TraceConfig
from newstrace.engine.raylink import RayEngine
from newstrace.pipeline import trace
from newstrace.store import open_store
from _raywatch import RayWatch
watch = RayWatch(0.5)
engine = RayEngine(workers=2)
engine.start()
watch.start()
with open_store(sys.argv[1]) as store:
    started = time.perf_counter()
    summary = trace(store, TraceConfig(embeddings=False), linker=engine.link)
    seconds = time.perf_counter() - started
watch.stop()
t = engine.timing
usage = resource.getrusage(resource.RUSAGE_SELF)
busy = sorted(((watch.peaks[p], watch.cpu.get(p, 0.0)) for p in watch.peaks), reverse=True)
print("RESULT " + json.dumps(dict(
    seconds=seconds, link=sum(t.stages.values()), startup=t.startup, stages=t.stages,
    driver_peak=usage.ru_maxrss * 1024, driver_cpu=usage.ru_utime + usage.ru_stime,
    workers=[{"peak": p, "cpu": c} for p, c in busy if c > 1.0], judging=t.judging, sent=t.articles_sent,
    pairs=summary.linked.pairs_checked, links=sum(summary.linked.links.values()), stories=summary.stories)))
"""


def child(code: str, *args: str) -> str:
    code = f"import sys; sys.path.insert(0, {str(HERE)!r})\n{code}"  # for _raywatch
    done = subprocess.run(["nice", "-n", "10", sys.executable, "-c", code, *args], capture_output=True,
                          text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"failed ({args}):\n{done.stderr[-3000:]}")
    return done.stdout


def store_bytes(location: str) -> int:
    if location.startswith("postgresql://"):
        with psycopg.connect(location) as db:
            row = db.execute("SELECT pg_database_size(current_database())").fetchone()
            return int(row[0]) if row else 0
    path = Path(location)
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def pg_fresh(name: str) -> str:
    with psycopg.connect(ADMIN, autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        db.execute(f"CREATE DATABASE {name}")
    return ADMIN.rsplit("/", 1)[0] + "/" + name


def pg_drop(name: str) -> None:
    with psycopg.connect(ADMIN, autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def one_size(n: int, folder: Path, stores: list[str], results: dict[str, Any], keep: Path) -> None:
    corpus = folder / f"corpus-{n}.jsonl"
    with corpus.open("w") as out:
        for record in synth.story_records(n, seed=17, words=600):
            out.write(json.dumps(record) + "\n")
    locations = {"sqlite": str(folder / f"scale-{n}.db"), "postgres": pg_fresh(f"newstrace_scale_{n}")}
    ingests = {kind: subprocess.Popen(["nice", "-n", "10", sys.executable, "-c", _INGEST, locations[kind], str(corpus)],
                                      stdout=subprocess.PIPE, text=True) for kind in stores}
    for kind, run in ingests.items():
        out, _ = run.communicate()
        if run.returncode != 0:
            raise SystemExit(f"ingest into {kind} failed")
        results[f"{kind} {n}"] = {"n": n, "store": kind, "ingest": float(out.split()[-1])}
        keep.write_text(json.dumps(results, indent=1))
    corpus.unlink()
    for kind in stores:
        lines = [line for line in child(_TRACE, locations[kind]).splitlines() if line.startswith("RESULT ")]
        row = results[f"{kind} {n}"]
        row.update(json.loads(lines[-1][len("RESULT "):]))
        row["bytes"] = store_bytes(locations[kind]) / n
        keep.write_text(json.dumps(results, indent=1))
        print(kind, n, row, flush=True)
    Path(locations["sqlite"]).unlink(missing_ok=True)
    pg_drop(f"newstrace_scale_{n}")


def report(results: dict[str, Any], note: list[str] | None = None) -> str:
    rows = sorted(results.values(), key=lambda r: (r["store"], r["n"]))
    lines = [
        "Generated 600-word articles in stories, ingested (SQLite and PostgreSQL side by side), then traced "
        f"without embeddings through `trace --engine ray` with 2 local workers, at `nice 10`. Python "
        f"{platform.python_version()}, {os.cpu_count()} cores, shared machine.",
        "",
        "| store | articles | ingest s | trace s (link s) | ms an article | pairs checked | driver peak / CPU s | "
        "largest Ray workers (peak memory) | judging actors' CPU s | store bytes an article |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        if "seconds" not in r:
            lines.append(f"| {r['store']} | {r['n']:,} | {r['ingest']:.0f} | not finished | | | | | | |")
            continue
        workers = ", ".join(f"{w['peak'] / 1e6:,.0f} MB" for w in sorted(r["workers"], key=lambda w: -w["peak"])[:4])
        judging = ", ".join(f"{c:.0f}" for c in r["judging"].values())
        lines.append(f"| {r['store']} | {r['n']:,} | {r['ingest']:.0f} | {r['seconds']:.0f} ({r['link']:.0f}) | "
                     f"{r['seconds'] / r['n'] * 1e3:.2f} | {r['pairs']:,} | {r['driver_peak'] / 1e6:,.0f} MB / "
                     f"{r['driver_cpu']:.0f} | {workers} | {judging} | {r['bytes']:,.0f} |")
    lines.append("")
    for store in sorted({r["store"] for r in rows}):
        done = sorted((r for r in rows if r["store"] == store and "seconds" in r), key=lambda r: r["n"])
        if len(done) >= 2:
            small, large = done[0], done[-1]
            growth = (large["seconds"] / large["n"]) / (small["seconds"] / small["n"])
            verdict = "met" if growth <= TARGET else "missed"
            lines.append(f"{store}: time per article grows {growth:.2f}x from {small['n']:,} to {large['n']:,} "
                         f"articles (target within {TARGET}x from 100k to 1M: {verdict} over this range).")
    if len({r["n"] for r in rows}) < 2:
        lines.append("One size only: no growth figure.")
    return "\n".join(lines + (["", *note] if note else []))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--stores", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    parser.add_argument("--folder", type=Path, default=None, help="where stores and results.json go")
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument("--note", action="append", help="a sentence on the run's conditions, added to the report")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    folder = args.folder or Path(tempfile.mkdtemp(prefix="ray_trace_scale_"))
    folder.mkdir(parents=True, exist_ok=True)
    keep = folder / "results.json"
    results: dict[str, Any] = json.loads(keep.read_text()) if keep.exists() else {}
    if not args.report_only:
        for n in args.sizes:
            started = time.perf_counter()
            one_size(n, folder, args.stores, results, keep)
            print(f"{n:,} done in {time.perf_counter() - started:.0f} s", flush=True)
        if args.folder is None:
            shutil.rmtree(folder)
    text = report(results, args.note)
    print(text)
    if not args.no_write:
        write_section("ray_trace_scale", "Whole traces on Ray into SQLite and PostgreSQL, by size",
                      "python benchmarks/ray_trace_scale.py --sizes " + " ".join(map(str, sorted(
                          {r["n"] for r in results.values()}))), text)


if __name__ == "__main__":
    main()
