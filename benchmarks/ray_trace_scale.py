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
import itertools, os, resource, sys, tempfile, time
from newstrace.pipeline import ingest
from newstrace.store import open_store
with open_store(sys.argv[1]) as store:
    started = time.perf_counter()
    skip = store.count()  # a resumed ingest: the corpus's first lines are stored (commits keep its order)
    source = sys.argv[2]
    if skip:
        with open(source) as whole, tempfile.NamedTemporaryFile("w", dir=os.path.dirname(source),
                                                                suffix=".jsonl", delete=False) as rest:
            rest.writelines(itertools.islice(whole, skip, None))
        source = rest.name
    try:
        ingest([source], store)
    finally:
        if skip:
            os.unlink(source)
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
    t = engine.timing  # the driver's stages and what the actors did so far: where a slice's time went
    print("PROGRESS " + json.dumps(dict(at=time.perf_counter() - started, done=int(words[1]),
                                        pairs=int(words[6]), stages=t.stages, judging=t.judging,
                                        sent=t.articles_sent, on_driver=t.pairs_on_driver, **peaks())), flush=True)
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
        if sys.argv[3] == "link":  # the link stage alone: a run resumed later traces the whole store
            linked = engine.link(store, TraceConfig(embeddings=False), progress)
            found = dict(pairs=linked.pairs_checked, links=sum(linked.links.values()), link_only=True)
        else:
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


def traced(location: str, deadline: float, row: dict[str, Any], keep: Path, results: dict[str, Any],
           link_only: bool = False, nice: int = 10) -> None:
    """Trace one store in a child (``link_only``: its link stage), keeping its progress after every committed
    window in ``row``."""
    code = f"import sys; sys.path.insert(0, {str(HERE)!r})\n{_TRACE}"  # for _raywatch
    run = subprocess.Popen(["nice", "-n", str(nice), sys.executable, "-c", code, location, str(deadline),
                            "link" if link_only else "trace"], stdout=subprocess.PIPE, text=True)
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


def stored(location: str) -> int:
    """Articles in the store (a kept store may hold part of its corpus while an ingest writes)."""
    query = "SELECT count(*) FROM articles"
    if location.startswith("postgresql://"):
        with psycopg.connect(location) as db:
            row = db.execute(query).fetchone()
    else:
        with sqlite3.connect(f"file:{location}?mode=ro", uri=True) as lite:
            row = lite.execute(query).fetchone()
    return int(row[0]) if row else 0


def pg_database(name: str, fresh: bool) -> str:
    """The URL of database ``name``, created if missing (emptied first when ``fresh``)."""
    with psycopg.connect(ADMIN, autocommit=True) as db:
        if fresh:
            db.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if not db.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            db.execute(f"CREATE DATABASE {name}")
    return ADMIN.rsplit("/", 1)[0] + "/" + name


def pg_drop(name: str) -> None:
    with psycopg.connect(ADMIN, autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def one_size(n: int, folder: Path, stores: list[str], results: dict[str, Any], keep: Path,
             deadlines: list[float], stages: list[str], kept: bool, link_only: bool = False, nice: int = 10) -> None:
    """Ingest (stage ``ingest``) and trace (stage ``trace``) ``n`` articles in each store.  With ``kept`` the
    corpus and stores stay in ``folder`` (and the PostgreSQL database in the server), and a rerun resumes:
    an ingest from the articles stored, a trace from its last committed window."""
    corpus = folder / f"corpus-{n}.jsonl"
    locations = {"sqlite": str(folder / f"scale-{n}.db")}
    if "postgres" in stores:  # a SQLite run needs no server
        locations["postgres"] = pg_database(f"newstrace_scale_{n}", fresh=not kept)
    if "ingest" in stages:
        if not corpus.exists():
            with corpus.open("w") as out:
                for record in synth.story_records(n, seed=17, words=600):
                    out.write(json.dumps(record) + "\n")
        ingests = {kind: subprocess.Popen(["nice", "-n", str(nice), sys.executable, "-c", _INGEST, locations[kind],
                                           str(corpus)], stdout=subprocess.PIPE, text=True) for kind in stores}
        for kind, run in ingests.items():
            out, _ = run.communicate()
            if run.returncode != 0:
                raise SystemExit(f"ingest into {kind} failed")
            seconds, cpu = map(float, out.split()[-2:])
            row = results.setdefault(f"{kind} {n}", {"n": n, "store": kind, "ingest": 0.0, "ingest_cpu": 0.0})
            row["ingest"] += seconds  # summed over resumed ingests
            row["ingest_cpu"] += cpu
            row["ingest_bytes"] = store_bytes(locations[kind]) / n
            keep.write_text(json.dumps(results, indent=1))
        if not kept:
            corpus.unlink()
    if "trace" in stages:
        for kind, deadline in zip(stores, deadlines, strict=True):
            row = results.setdefault(f"{kind} {n}", {"n": n, "store": kind})
            if "progress" in row:  # a resumed trace: keep the earlier run's record beside the new one
                row.setdefault("earlier", []).append({k: row.pop(k) for k in list(row) if k not in _KEPT})
            traced(locations[kind], deadline, row, keep, results, link_only, nice)
            row["stored"] = stored(locations[kind])
            row["bytes"] = store_bytes(locations[kind]) / max(row["stored"], 1)
            keep.write_text(json.dumps(results, indent=1))
            print(kind, n, row, flush=True)
    if not kept:
        Path(locations["sqlite"]).unlink(missing_ok=True)
        if "postgres" in stores:
            pg_drop(f"newstrace_scale_{n}")


_KEPT = ("n", "store", "ingest", "ingest_cpu", "ingest_bytes", "earlier")


def report(results: dict[str, Any], note: list[str] | None = None) -> str:
    rows = sorted(results.values(), key=lambda r: (r["store"], r["n"]))
    lines = [
        "Generated 600-word articles in stories, ingested into SQLite or PostgreSQL, then traced without "
        "embeddings through `trace --engine ray` with 2 local workers, at `nice 10` unless a note below says "
        f"otherwise. Python {platform.python_version()}, {os.cpu_count()} cores, shared machine.",
        "",
        "| store | articles | ingest s (CPU s) | trace s (link s) | ms an article | pairs checked | "
        "driver peak / CPU s | "
        "largest Ray workers (peak memory) | judging actors' CPU s | store bytes an article (after ingest) |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        ingest = f"{r['ingest']:.0f}" + (f" ({r['ingest_cpu']:.0f})" if "ingest_cpu" in r else "") \
            if "ingest" in r else "(another run)"
        runs = [run for run in _runs(r) if "seconds" in run]
        if not runs:
            lines.append(f"| {r['store']} | {r['n']:,} | {ingest} | not finished | | | | | | |")
            continue
        done, pairs = _done(r)
        seconds = sum(run["seconds"] for run in runs)
        workers = ", ".join(f"{w['peak'] / 1e6:,.0f} MB" for w in sorted(
            (w for run in runs for w in run["workers"]), key=lambda w: -w["peak"])[:4])
        judging = " + ".join(", ".join(f"{c:.0f}" for c in run["judging"].values()) for run in runs
                             if run["judging"])  # (a run that only built stories judged nothing)
        stories = [run["stories"] for run in runs if "stories" in run]
        whole = len(runs) == 1 and done == r["n"] and not r.get("link_only")
        traced = f"{seconds:.0f} ({r['link']:.0f})" if whole else \
            f"{len(runs)} run(s), {done:,} articles linked: {seconds:.0f}" + \
            (f"; {stories[-1]:,} stories" if stories else "")
        after = f" ({r['ingest_bytes']:,.0f})" if "ingest_bytes" in r else ""
        lines.append(f"| {r['store']} | {r['n']:,} | {ingest} | {traced} | "
                     f"{seconds / max(done, 1) * 1e3:.2f} | {pairs:,} | "
                     f"{max(run['driver_peak'] for run in runs) / 1e6:,.0f} MB / "
                     f"{sum(run['driver_cpu'] for run in runs):.0f} | {workers} | {judging} | "
                     f"{r.get('bytes', 0):,.0f}{after} |")
    lines.append("")
    for store in sorted({r["store"] for r in rows}):
        done = sorted((r for r in rows if r["store"] == store and "seconds" in r and len(_runs(r)) == 1
                       and _done(r)[0] == r["n"]), key=lambda r: r["n"])
        if len(done) >= 2:
            small, large = done[0], done[-1]
            growth = (large["seconds"] / large["n"]) / (small["seconds"] / small["n"])
            verdict = "met" if growth <= TARGET else "missed"
            lines.append(f"{store}: time per article grows {growth:.2f}x from {small['n']:,} to {large['n']:,} "
                         f"articles (target within {TARGET}x from 100k to 1M: {verdict} over this range).")
    for r in rows:
        lines += _slices(r)
    return "\n".join(lines + (["", *note] if note else []))


def _runs(row: dict[str, Any]) -> list[dict[str, Any]]:
    """The Ray runs of a store's trace, first first: a resumed trace adds one each time."""
    return [*row.get("earlier", []), *([row] if "progress" in row or "seconds" in row else [])]


def _done(row: dict[str, Any]) -> tuple[int, int]:
    """Articles linked and pairs checked over all runs, up to the last window each committed."""
    done = pairs = 0
    for run in _runs(row):
        if "progress" not in run:  # recorded before runs reported their progress: a whole run
            done, pairs = done + run["n"], pairs + int(run["pairs"])
        elif run["progress"]:
            done, pairs = done + int(run["progress"][-1]["done"]), pairs + int(run["progress"][-1]["pairs"])
    return done, pairs


def _cpu(mark: dict[str, Any]) -> float:
    """CPU seconds of the driver and of the Ray workers, up to a progress mark (the same Ray run)."""
    return float(mark["driver_cpu"]) + sum(w["cpu"] for w in mark["workers"])


DRIVER = (("candidates", "candidates"), ("plan, read, send", "pair checks: plan, read, send"),
          ("wait", "pair checks: wait"), ("walk, commit", "walk and commit"))


def _marks(row: dict[str, Any]) -> list[dict[str, Any]]:
    """Every run's progress marks as those of one run: each run's counts, seconds and CPU added to the
    runs' before it."""
    marks: list[dict[str, Any]] = []
    base: dict[str, Any] = {"at": 0.0, "done": 0, "pairs": 0, "cpu": 0.0, "driver_cpu": 0.0, "judging": 0.0,
                            "sent": 0, "stages": {}}
    for run in _runs(row):
        for p in run.get("progress", []):
            if not p["done"]:
                continue
            stages = p.get("stages", {})
            judging = sum(p.get("judging", {}).values())
            marks.append({"at": base["at"] + p["at"], "done": base["done"] + p["done"],
                          "pairs": base["pairs"] + p["pairs"], "cpu": base["cpu"] + _cpu(p),
                          "driver_cpu": base["driver_cpu"] + p["driver_cpu"], "judging": base["judging"] + judging,
                          "sent": base["sent"] + p.get("sent", 0), "driver_peak": p["driver_peak"],
                          "worker": max((w["peak"] for w in p["workers"]), default=0),
                          "stages": {k: base["stages"].get(k, 0.0) + stages.get(k, 0.0)
                                     for k in {*base["stages"], *stages}}})
        if marks:
            base = marks[-1]
    return marks


def _slices(row: dict[str, Any], step: int = 100_000) -> list[str]:
    """Over the runs of a store's trace: seconds, CPU, pairs checked and articles sent to the judging actors an
    article, and the driver's own steps, for each ``step`` articles linked, so that growth with the corpus
    shows even in a trace stopped partway."""
    marks = _marks(row)
    if len(marks) < 2 or marks[-1]["done"] < 2 * step:
        return []
    lines = ["", f"{row['store']} {row['n']:,}, over the trace's {len(_runs(row))} run(s) (each row: the windows "
             "committed from the previous row's count to this one; the driver's steps in wall time):", "",
             "| linked by then | time an article | CPU an article (driver + Ray workers) | of it: driver / judging "
             "actors / other tasks | pairs checked an article | articles sent to actors an article | "
             "driver ms an article: " + " / ".join(n for n, _ in DRIVER) + " | driver peak | largest worker |",
             "|---|---|---|---|---|---|---|---|---|"]
    last: dict[str, Any] = {"at": 0.0, "done": 0, "pairs": 0, "cpu": 0.0, "driver_cpu": 0.0, "judging": 0.0,
                            "sent": 0, "stages": {}}
    for mark in marks:
        if mark["done"] - last["done"] >= step or (mark is marks[-1] and mark["done"] - last["done"] >= step // 4):
            added = mark["done"] - last["done"]  # (a last few windows alone would be noise: a run's end)
            driver = " / ".join(f"{(mark['stages'].get(k, 0) - last['stages'].get(k, 0)) / added * 1e3:.2f}"
                                for _, k in DRIVER) if mark["stages"] else "n/a"
            cpu = {k: (mark[k] - last[k]) / added * 1e3 for k in ("cpu", "driver_cpu", "judging")}
            lines.append(f"| {mark['done']:,} | {(mark['at'] - last['at']) / added * 1e3:.2f} ms | "
                         f"{cpu['cpu']:.2f} ms | {cpu['driver_cpu']:.2f} / {cpu['judging']:.2f} / "
                         f"{cpu['cpu'] - cpu['driver_cpu'] - cpu['judging']:.2f} | "
                         f"{(mark['pairs'] - last['pairs']) / added:.2f} | "
                         f"{(mark['sent'] - last['sent']) / added:.2f} | {driver} | "
                         f"{mark['driver_peak'] / 1e6:,.0f} MB | {mark['worker'] / 1e6:,.0f} MB |")
            last = mark
    cpu = [float(line.split(" | ")[2].split()[0]) for line in lines[5:]]
    if len(cpu) >= 2:
        lines += ["", f"CPU an article, last slice over first: {cpu[-1] / cpu[0]:.2f}x (the highest slice over "
                      f"the first: {max(cpu) / cpu[0]:.2f}x; target within {TARGET}x from 100k to 1M)."]
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
    stops = [datetime.combine(today, datetime.strptime(t, "%H:%M").time(), UTC).timestamp() for t in times]
    return [stop + 86_400 if stop < time.time() else stop for stop in stops]  # a time past midnight: tomorrow


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--stores", nargs="+", choices=["sqlite", "postgres"], default=["sqlite", "postgres"])
    parser.add_argument("--folder", type=Path, default=None, help="where stores and results.json go")
    parser.add_argument("--report-only", action="store_true")
    parser.add_argument("--also", type=Path, nargs="+", default=[],
                        help="with --report-only: add the stores recorded in these folders' results.json")
    parser.add_argument("--candidates", help="a store (SQLite path or postgresql://) of the generated corpus: "
                                             "candidate counts")
    parser.add_argument("--upto", type=int, default=1_000_000)
    parser.add_argument("--step", type=int, default=100_000)
    parser.add_argument("--follow", action="store_true", help="with --candidates: wait for an ingest's rows")
    parser.add_argument("--stop-at", nargs="+", default=[], metavar="HH:MM",
                        help="UTC times, one per store in --stores order: its trace stops after the first window "
                             "committed past it (the run resumes from there), and what was done is recorded")
    parser.add_argument("--note", action="append", help="a sentence on the run's conditions, added to the report")
    parser.add_argument("--stages", nargs="+", choices=["ingest", "trace"], default=["ingest", "trace"],
                        help="run only these stages (a trace alone needs stores a kept run ingested)")
    parser.add_argument("--keep", action="store_true",
                        help="keep the corpus and stores in --folder (PostgreSQL: database newstrace_scale_N) and "
                             "resume from them: an ingest from the articles stored, a trace from its last window")
    parser.add_argument("--link-only", action="store_true",
                        help="the trace stage links only (no stories): for a run resumed while an ingest writes")
    parser.add_argument("--nice", type=int, default=10,
                        help="niceness added to the ingest and trace children (0: a run with the cores to itself)")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    if args.keep and args.folder is None:
        raise SystemExit("--keep needs --folder")
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
    for other in args.also:  # another run's stores (a SQLite run kept apart from a PostgreSQL one)
        results.update(json.loads((other / "results.json").read_text()))
    if not args.report_only:
        for n in args.sizes:
            started = time.perf_counter()
            one_size(n, folder, args.stores, results, keep, deadlines(args.stop_at, len(args.stores)), args.stages,
                     args.keep, args.link_only, args.nice)
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
