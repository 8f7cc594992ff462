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
    python benchmarks/ray_trace_scale.py --candidates STORE --upto 1000000 [--follow]

``--candidates`` counts, for the articles of a store in the order they were stored, the candidates the
link stage proposes without embeddings (LSH bands and shared samples, ranked and capped as it ranks them), by
kind and whether they come from another story (the generated ids name the story), per slice: why the pairs
checked an article change with the corpus.  It judges nothing, so it costs a fraction of a trace; with
``--follow`` it waits for rows an ingest is still writing.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psycopg

from _report import write_section
from newstrace import synth
from newstrace.config import TraceConfig
from newstrace.fingerprint import NUM_PERM, fingerprints
from newstrace.link import Linker, Mates
from newstrace.link.index import CandidateIndex
from newstrace.link.lsh import bands_for

ADMIN = os.environ.get("NEWSTRACE_TEST_PG", "postgresql://newstrace:newstrace@localhost:5432/postgres")
TARGET = 1.3
HERE = Path(__file__).resolve().parent

_INGEST = """
import resource, sys, time
from newstrace.pipeline import ingest
from newstrace.store import open_store
with open_store(sys.argv[1]) as store:
    started = time.perf_counter()
    ingest([sys.argv[2]], store)
    seconds = time.perf_counter() - started
usage = resource.getrusage(resource.RUSAGE_SELF)
print("SECONDS", seconds, usage.ru_utime + usage.ru_stime)
"""

_TRACE = """
import json, os, resource, sys, time
from newstrace.config import TraceConfig
from newstrace.engine.raylink import RayEngine
from newstrace.pipeline import trace
from newstrace.store import open_store
from _raywatch import RayWatch

class Stop(Exception):
    pass

def peaks():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    busy = sorted(((watch.peaks[p], watch.cpu.get(p, 0.0)) for p in watch.peaks), reverse=True)
    return dict(driver_peak=usage.ru_maxrss * 1024, driver_cpu=usage.ru_utime + usage.ru_stime,
                workers=[{"peak": p, "cpu": c} for p, c in busy if c > 1.0])

def progress(message):
    # "linked X of Y new articles, P pairs checked", after each window is committed
    words = message.replace(",", "").split()
    print("PROGRESS " + json.dumps(dict(at=time.perf_counter() - started, done=int(words[1]),
                                        pairs=int(words[6]), **peaks())), flush=True)
    if deadline and time.time() > deadline:
        raise Stop()

deadline = float(sys.argv[2])
watch = RayWatch(0.5)
engine = RayEngine(workers=2)
engine.start()
watch.start()
with open_store(sys.argv[1]) as store:
    started = time.perf_counter()
    try:
        summary = trace(store, TraceConfig(embeddings=False), linker=engine.link, on_progress=progress)
        found = dict(pairs=summary.linked.pairs_checked, links=sum(summary.linked.links.values()),
                     stories=summary.stories)
    except Stop:
        found = dict(stopped=True)
    seconds = time.perf_counter() - started
watch.stop()
t = engine.timing
print("RESULT " + json.dumps(dict(
    seconds=seconds, link=sum(t.stages.values()), startup=t.startup, stages=t.stages, judging=t.judging,
    sent=t.articles_sent, **peaks(), **found)))
"""


def traced(location: str, deadline: float, row: dict[str, Any], keep: Path, results: dict[str, Any]) -> None:
    """Trace one store in a child, keeping its progress after every committed window in ``row``."""
    code = f"import sys; sys.path.insert(0, {str(HERE)!r})\n{_TRACE}"  # for _raywatch
    run = subprocess.Popen(["nice", "-n", "10", sys.executable, "-c", code, location, str(deadline)],
                           stdout=subprocess.PIPE, text=True)
    assert run.stdout is not None
    row["progress"] = []
    for line in run.stdout:
        if line.startswith("PROGRESS "):
            row["progress"].append(json.loads(line[len("PROGRESS "):]))
        elif line.startswith("RESULT "):
            row.update(json.loads(line[len("RESULT "):]))
        keep.write_text(json.dumps(results, indent=1))
    if run.wait() != 0:
        raise SystemExit(f"trace of {location} failed")


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


def one_size(n: int, folder: Path, stores: list[str], results: dict[str, Any], keep: Path,
             deadlines: list[float]) -> None:
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
        seconds, cpu = map(float, out.split()[-2:])
        results[f"{kind} {n}"] = {"n": n, "store": kind, "ingest": seconds, "ingest_cpu": cpu}
        keep.write_text(json.dumps(results, indent=1))
    corpus.unlink()
    for kind, deadline in zip(stores, deadlines, strict=True):
        row = results[f"{kind} {n}"]
        row["ingest_bytes"] = store_bytes(locations[kind]) / n
        traced(locations[kind], deadline, row, keep, results)
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
        "| store | articles | ingest s (CPU s) | trace s (link s) | ms an article | pairs checked | "
        "driver peak / CPU s | "
        "largest Ray workers (peak memory) | judging actors' CPU s | store bytes an article (after ingest) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ingest = f"{r['ingest']:.0f}" + (f" ({r['ingest_cpu']:.0f})" if "ingest_cpu" in r else "")
        if "seconds" not in r:
            lines.append(f"| {r['store']} | {r['n']:,} | {ingest} | not finished | | | | | | |")
            continue
        workers = ", ".join(f"{w['peak'] / 1e6:,.0f} MB" for w in sorted(r["workers"], key=lambda w: -w["peak"])[:4])
        judging = ", ".join(f"{c:.0f}" for c in r["judging"].values())
        done, pairs = _done(r)
        traced = f"{r['seconds']:.0f} ({r['link']:.0f})" if done == r["n"] else \
            f"stopped after {done:,} articles: {r['seconds']:.0f}"
        after = f" ({r['ingest_bytes']:,.0f})" if "ingest_bytes" in r else ""
        lines.append(f"| {r['store']} | {r['n']:,} | {ingest} | {traced} | "
                     f"{r['seconds'] / max(done, 1) * 1e3:.2f} | {pairs:,} | {r['driver_peak'] / 1e6:,.0f} MB / "
                     f"{r['driver_cpu']:.0f} | {workers} | {judging} | {r['bytes']:,.0f}{after} |")
    lines.append("")
    for store in sorted({r["store"] for r in rows}):
        done = sorted((r for r in rows if r["store"] == store and "seconds" in r and _done(r)[0] == r["n"]),
                      key=lambda r: r["n"])
        if len(done) >= 2:
            small, large = done[0], done[-1]
            growth = (large["seconds"] / large["n"]) / (small["seconds"] / small["n"])
            verdict = "met" if growth <= TARGET else "missed"
            lines.append(f"{store}: time per article grows {growth:.2f}x from {small['n']:,} to {large['n']:,} "
                         f"articles (target within {TARGET}x from 100k to 1M: {verdict} over this range).")
    for r in rows:
        lines += _slices(r)
    return "\n".join(lines + (["", *note] if note else []))


def _done(row: dict[str, Any]) -> tuple[int, int]:
    """Articles linked and pairs checked, up to the last window committed (all of them in a whole run)."""
    if not row.get("progress"):
        return row["n"], row["pairs"]
    last = row["progress"][-1]
    return int(last["done"]), int(last["pairs"])


def _cpu(mark: dict[str, Any]) -> float:
    """CPU seconds of the driver and of the Ray workers, up to a progress mark (the same Ray run)."""
    return float(mark["driver_cpu"]) + sum(w["cpu"] for w in mark["workers"])


def _slices(row: dict[str, Any], step: int = 100_000) -> list[str]:
    """Within one run: seconds and pairs checked an article for each ``step`` articles linked, so that
    growth with the corpus shows even in a run stopped partway."""
    marks = [p for p in row.get("progress", []) if p["done"]]
    if len(marks) < 2 or marks[-1]["done"] < 2 * step:
        return []
    lines = ["", f"{row['store']} {row['n']:,}, within the run (each row: the windows committed from the "
             "previous row's count to this one):", "",
             "| linked by then | time an article | CPU an article (driver + Ray workers) | pairs checked an article "
             "| driver peak | largest worker |",
             "|---|---|---|---|---|---|"]
    last: dict[str, Any] = {"at": 0.0, "done": 0, "pairs": 0, "driver_cpu": 0.0, "workers": []}
    for mark in marks:
        if mark["done"] - last["done"] >= step or mark is marks[-1]:
            added = mark["done"] - last["done"]
            worker = max((w["peak"] for w in mark["workers"]), default=0)
            cpu = _cpu(mark) - _cpu(last)
            lines.append(f"| {mark['done']:,} | {(mark['at'] - last['at']) / added * 1e3:.2f} ms | "
                         f"{cpu / added * 1e3:.2f} ms | {(mark['pairs'] - last['pairs']) / added:.2f} | "
                         f"{mark['driver_peak'] / 1e6:,.0f} MB | {worker / 1e6:,.0f} MB |")
            last = mark
    return lines


KINDS = ("near", "near, other story", "samples", "samples, other story", "ranked", "ranked, other story")


def candidate_growth(db: str, upto: int, step: int, follow: bool) -> list[dict[str, float]]:
    """Per ``step`` articles of the store, in stored order: the mean candidates of each kind an article meets
    among those before it, and the share whose ranked candidates exceed the cap."""
    config = TraceConfig(embeddings=False)
    index = CandidateIndex(*bands_for(config.threshold, NUM_PERM))
    ranker = Linker(CandidateIndex(index.bands, index.rows), config)  # ranks and caps as the link stage does
    query = "SELECT rowid, id, clean_text, lang FROM articles WHERE rowid > ? ORDER BY rowid LIMIT ?"
    if db.startswith("postgresql://"):
        lite: Any = psycopg.connect(db, autocommit=True)
        query = query.replace("?", "%s")
    else:
        lite = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    rows: list[dict[str, float]] = []
    tally: Counter[str] = Counter()
    last, done = 0, 0
    while done < upto:
        batch = lite.execute(query, (last, min(500, upto - done))).fetchall()
        if not batch:
            if not follow:
                break
            time.sleep(20)
            continue
        last, done = batch[-1][0], done + len(batch)
        prints = fingerprints([(i, text, lang) for _, i, text, lang in batch])
        mates = index.mates(index.add_prints(prints), keys=False)
        for fp in prints:
            near, samples, _ = mates[fp.article_id]
            _tally(tally, fp.article_id, near, samples, ranker)
        if done % step == 0 or done == upto:
            rows.append({"by": done, **{k: tally[k] / tally["n"] for k in (*KINDS, "capped")}})
            print(rows[-1], flush=True)
            tally.clear()
    return rows


def _tally(tally: Counter[str], article: str, near: Counter[str], samples: Counter[str], ranker: Linker) -> None:
    story = article.split("-")[1]  # generated ids: s{seed}-{story}-{copy}
    shared = [o for o, n in samples.items() if n >= ranker.config.min_shared_samples]
    ranked = ranker._ranked(Mates(near, samples, Counter(), []))
    for kind, found in (("near", list(near)), ("samples", shared), ("ranked", ranked)):
        tally[kind] += len(found)
        tally[f"{kind}, other story"] += sum(o.split("-")[1] != story for o in found)
    tally["capped"] += len(set(near) | set(shared)) > ranker.config.max_candidates
    tally["n"] += 1


def candidate_report(rows: list[dict[str, float]], note: list[str] | None) -> str:
    lines = ["Candidates the link stage proposes without embeddings, an article at a time against all articles "
             "stored before it, for the generated corpus of the 1M run (in stored order; no pair judged). "
             "`near`: sharing an LSH band; `samples`: sharing at least 2 sampled shingles; `ranked`: both, "
             "capped at 60 as the link stage ranks them; `other story`: of those, from another generated story. "
             "A sample held by more than 200 articles proposes nothing (MAX_POSTINGS).", "",
             "| articles by then | " + " | ".join(KINDS) + " | share over the cap |",
             "|---|" + "---|" * (len(KINDS) + 1)]
    for row in rows:
        lines.append(f"| {int(row['by']):,} | " + " | ".join(f"{row[k]:.2f}" for k in KINDS) +
                     f" | {row['capped']:.3f} |")
    return "\n".join(lines + (["", *note] if note else []))


def deadlines(times: list[str], stores: int) -> list[float]:
    """Each store's stop time as a Unix time today (UTC); 0 for none."""
    if not times:
        return [0.0] * stores
    if len(times) != stores:
        raise SystemExit("--stop-at takes one time per store")
    today = datetime.now(UTC).date()
    return [datetime.combine(today, datetime.strptime(t, "%H:%M").time(), UTC).timestamp() for t in times]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--stores", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    parser.add_argument("--folder", type=Path, default=None, help="where stores and results.json go")
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument("--candidates", help="a store (SQLite path or postgresql://) of the generated corpus: "
                                             "candidate counts")
    parser.add_argument("--upto", type=int, default=1_000_000)
    parser.add_argument("--step", type=int, default=100_000)
    parser.add_argument("--follow", action="store_true", help="with --candidates: wait for an ingest's rows")
    parser.add_argument("--stop-at", nargs="+", default=[], metavar="HH:MM",
                        help="UTC times, one per store in --stores order: its trace stops after the first window "
                             "committed past it (the run resumes from there), and what was done is recorded")
    parser.add_argument("--note", action="append", help="a sentence on the run's conditions, added to the report")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if args.candidates:
        text = candidate_report(candidate_growth(args.candidates, args.upto, args.step, args.follow), args.note)
        print(text)
        if not args.no_write:
            write_section("candidate_growth", "Candidates an article meets as the generated corpus grows",
                          f"python benchmarks/ray_trace_scale.py --candidates STORE --upto {args.upto}", text)
        return
    folder = args.folder or Path(tempfile.mkdtemp(prefix="ray_trace_scale_"))
    folder.mkdir(parents=True, exist_ok=True)
    keep = folder / "results.json"
    results: dict[str, Any] = json.loads(keep.read_text()) if keep.exists() else {}
    if not args.report_only:
        for n in args.sizes:
            started = time.perf_counter()
            one_size(n, folder, args.stores, results, keep, deadlines(args.stop_at, len(args.stores)))
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
