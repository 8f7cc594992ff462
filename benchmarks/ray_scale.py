"""The link stage on Ray against the local engine, in the same run, on generated stories.

The corpus is ingested once into SQLite; each engine then fingerprints and links a copy of that store in a
fresh process: the local engine held to one core (``sched_setaffinity``), Ray started on this machine with
two workers (its start-up timed apart).  Both stores' links are compared.  Printed: seconds, articles a
second, Ray's speed-up over the local engine (target 1.7x with 2 workers), peak memory of the driver and of
the largest worker, the volume of index entries sent to the partitions (the candidate stage's shuffle), and
where Ray's wall time went.  Then, on one core, the cost of each stage per article (for docs/scale.md).

    python benchmarks/ray_scale.py [--articles 100000] [--words 600] [--embeddings] [--base STORE]

``--base`` takes a SQLite store already ingested from ``synth.story_records(N, seed=17)`` and not linked
(copied, never changed), instead of generating and ingesting the corpus again.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _report import write_section
from newstrace import synth
from newstrace.config import TraceConfig
from newstrace.pipeline import ingest
from newstrace.store import open_store

TARGET = 1.7
HERE = Path(__file__).resolve().parent

_RUN = """
import json, os, resource, sys, time
from newstrace.config import TraceConfig
from newstrace.pipeline import link
from newstrace.store import open_store
engine, path, embeddings = sys.argv[1], sys.argv[2], sys.argv[3] == "1"
config = TraceConfig(embeddings=embeddings)
out = {}
if engine == "local":
    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    with open_store(path) as store:
        started = time.perf_counter()
        summary = link(store, config)
        out["seconds"] = time.perf_counter() - started
else:
    from newstrace.engine.raylink import RayEngine
    from _raywatch import RayWatch, tree_cpu
    watch = RayWatch(0.25)
    eng = RayEngine(workers=2)
    eng.warm(eng.start(), embeddings)  # workers and actors started and loaded: start-up, timed apart
    watch.start()
    with open_store(path) as store:
        started = time.perf_counter()
        summary = eng.link(store, config)
        out["seconds"] = time.perf_counter() - started
    watch.stop()
    out["tree"] = tree_cpu()  # workers and Ray's own daemons, still alive
    t = eng.timing
    out.update(startup=t.startup, stages=t.stages, shuffle=t.shuffle_bytes, pairs_sent=t.pairs_sent,
               on_driver=t.pairs_on_driver, worker_peak=max(watch.peaks.values(), default=0),
               sent=getattr(t, "articles_sent", 0), judging=getattr(t, "judging", {}),
               sent_again=getattr(t, "sent_again", 0),
               workers_cpu=sorted((c for c in watch.cpu.values() if c > 1.0), reverse=True))
out["peak"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
usage = resource.getrusage(resource.RUSAGE_SELF)
out["cpu"] = usage.ru_utime + usage.ru_stime  # the driver's (or the local engine's) CPU seconds
out["pairs"] = summary.pairs_checked
out["links"] = sum(summary.links.values())
print("RESULT " + json.dumps(out))
"""


def run(engine: str, path: Path, embeddings: bool) -> dict[str, Any]:
    code = f"import sys; sys.path.insert(0, {str(HERE)!r})\n{_RUN}"  # for _raywatch
    done = subprocess.run([sys.executable, "-c", code, engine, str(path), "1" if embeddings else "0"],
                          capture_output=True, text=True, check=False)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"{engine} run failed:\n{done.stderr[-3000:]}")
    return json.loads(lines[-1][len("RESULT "):])  # type: ignore[no-any-return]


SPIN = "sum(i * i for i in range({n}))"


def two_core_gain(n: int = 12_000_000) -> float:
    """How much more plain Python work two processes get done than one, at this moment on this machine (2.0 on
    two free cores): one spin loop alone, then two at once, by wall time.  A Ray run with two workers against
    the local engine on one core can gain at most about this much."""
    def spin(copies: int) -> float:
        started = time.perf_counter()
        runs = [subprocess.Popen([sys.executable, "-c", SPIN.format(n=n)]) for _ in range(copies)]
        for one in runs:
            one.wait()
        return time.perf_counter() - started
    return 2 * spin(1) / spin(2)


def ray_cpu(ray: dict[str, Any]) -> float:
    """A Ray run's CPU seconds: its driver, its workers and Ray's own daemons."""
    return float(ray["cpu"]) + sum(ray.get("tree", {}).values())


def daemons_cpu(ray: dict[str, Any]) -> float:
    return sum(c for name, c in ray.get("tree", {}).items() if not name.startswith("ray::"))


def links_of(path: Path) -> list[tuple[str, str, str]]:
    with open_store(path) as store:
        return [(lk.a, lk.b, lk.kind.value) for lk in store.links()]


def stage_costs(n: int, words: int) -> dict[str, float]:
    """Seconds per article on one core of each worker step, on ``n`` articles (embedding on a fifth)."""
    from newstrace.engine.partition import step
    from newstrace.engine.work import Item, fingerprint_batch, judge
    from newstrace.fingerprint import NUM_PERM
    from newstrace.link.lsh import bands_for
    from newstrace.model import Article

    os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    bands, rows = bands_for(TraceConfig().threshold, NUM_PERM)
    records = list(synth.story_records(n, seed=23, words=words))
    articles = [Article(id=str(r["id"]), raw=str(r["text"]), text=str(r["text"]), clean_text=str(r["text"]),
                        title=str(r.get("title") or ""), lang="en") for r in records]
    batches = [articles[at:at + 500] for at in range(0, n, 500)]
    started = time.perf_counter()
    made = [fingerprint_batch(batch, at * 500, bands, rows, 1, False) for at, batch in enumerate(batches)]
    costs = {"fingerprint": (time.perf_counter() - started) / n}
    sample = batches[: max(1, len(batches) // 5)]
    started = time.perf_counter()
    for batch in sample:
        fingerprint_batch(batch, 0, bands, rows, 1, True)
    costs["fingerprint and embed opening"] = (time.perf_counter() - started) / sum(map(len, sample))
    started = time.perf_counter()
    step(None, [], [cuts[0] for _, cuts in made], True)
    costs["candidates (index partition)"] = (time.perf_counter() - started) / n
    by_id = {a.id: a for a in articles}
    items = {fp.article_id: Item(by_id[fp.article_id], fp.lang, fp.keys, fp.weekday, None)
             for printed, _ in made for fp in printed.prints}
    truth = [(str(r["truth_parent"]), str(r["id"])) for r in records if r["truth_parent"]]
    started = time.perf_counter()
    judge(TraceConfig(embeddings=False), items, truth)
    costs[f"pair check (per pair; {len(truth) / n:.2f} true pairs an article here)"] = \
        (time.perf_counter() - started) / max(1, len(truth))
    return costs


def repeat(k: int, base: Path, tmp: Path, embeddings: bool) -> dict[str, Any]:
    """Both engines once on fresh copies of ``base``, the local engine first in even repeats, with the load
    and the machine's two-core gain measured just before."""
    found: dict[str, Any] = {"order": ("local", "ray") if k % 2 == 0 else ("ray", "local"),
                             "load": os.getloadavg()[0], "gain": two_core_gain()}
    for engine in found["order"]:
        path = tmp / f"{engine}.db"
        shutil.copy(base, path)
        found[engine] = run(engine, path, embeddings)
        print(k, engine, found[engine], flush=True)
    found["load_after"] = os.getloadavg()[0]
    found["same"] = links_of(tmp / "local.db") == links_of(tmp / "ray.db")
    found["speedup"] = found["local"]["seconds"] / found["ray"]["seconds"]
    return found


def repeats_table(runs: list[dict[str, Any]]) -> list[str]:
    """Every repeat's figures, and the speed-up's median and spread."""
    lines = ["| repeat | first | load before / after | two-process gain | local s (CPU s) | Ray s (CPU s: driver, "
             "workers, Ray's daemons) | Ray CPU over local | speed-up | same links |",
             "|---|---|---|---|---|---|---|---|---|"]
    for k, r in enumerate(runs):
        local, ray = r["local"], r["ray"]
        workers = sum(c for name, c in ray.get("tree", {}).items() if name.startswith("ray::"))
        lines.append(f"| {k + 1} | {r['order'][0]} | {r['load']:.1f} / {r['load_after']:.1f} | {r['gain']:.2f}x | "
                     f"{local['seconds']:.1f} ({local['cpu']:.0f}) | {ray['seconds']:.1f} ({ray_cpu(ray):.0f}: "
                     f"{ray['cpu']:.0f}, {workers:.0f}, {daemons_cpu(ray):.0f}) | "
                     f"{ray_cpu(ray) / local['cpu']:.2f}x | {r['speedup']:.2f}x | {r['same']} |")
    ups = sorted(r["speedup"] for r in runs)
    lines += ["", f"Speed-up over {len(runs)} repeats: median {statistics.median(ups):.2f}x, from {ups[0]:.2f}x to "
              f"{ups[-1]:.2f}x. Two-process gain: a plain Python loop's throughput in two processes at once over "
              "one alone, measured just before each repeat (2.00x on two free cores): the most a run on two "
              "cores can gain over one on one core then."]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--words", type=int, default=600)
    parser.add_argument("--embeddings", action="store_true", help="embed openings too (much slower)")
    parser.add_argument("--stage-sample", type=int, default=5000)
    parser.add_argument("--base", type=Path, help="an ingested, unlinked SQLite store of the same corpus")
    parser.add_argument("--repeats", type=int, default=1,
                        help="run both engines this many times, alternating which goes first, each on a fresh "
                             "copy; the table shows the run of median speed-up, and every run is listed")
    parser.add_argument("--no-write", action="store_true")
    args = parser.parse_args()
    n = args.articles
    with tempfile.TemporaryDirectory() as tmp:
        corpus, base = Path(tmp) / "corpus.jsonl", Path(tmp) / "base.db"
        started = time.perf_counter()
        if args.base:
            shutil.copy(args.base, base)
        else:
            with corpus.open("w") as out:
                for record in synth.story_records(n, seed=17, words=args.words):
                    out.write(json.dumps(record) + "\n")
            with open_store(base) as store:
                ingest([str(corpus)], store)
        ingested = time.perf_counter() - started
        with open_store(base) as store:
            if store.count() != n or len(store.unfingerprinted()) != n:
                raise SystemExit(f"{base}: expected {n:,} stored articles, none linked")
        print(f"ingested {n:,} in {ingested:.0f} s", flush=True)
        runs = [repeat(k, base, Path(tmp), args.embeddings) for k in range(args.repeats)]
        store_bytes = sum(p.stat().st_size for p in Path(tmp).glob("ray.db*")) / n
    costs = stage_costs(args.stage_sample, args.words) if args.stage_sample else {}
    chosen = sorted(runs, key=lambda r: r["speedup"])[(len(runs) - 1) // 2]
    local, ray, same = chosen["local"], chosen["ray"], all(r["same"] for r in runs)
    speedup = chosen["speedup"]
    verdict = "met" if speedup >= TARGET else "missed"
    mode = "with embeddings" if args.embeddings else "without embeddings"
    lines = [
        f"{n:,} generated {args.words}-word articles in stories, fingerprinted and linked {mode} (link stage "
        f"only; {'ingested once in ' + format(ingested, '.0f') + ' s' if not args.base else 'ingested beforehand'}). "
        f"Python {platform.python_version()}, {os.cpu_count()} cores, shared machine (load average "
        f"{os.getloadavg()[0]:.1f} at the end).",
        "",
        "| engine | link seconds | articles/s | peak memory (driver) | largest worker | pairs checked | links |",
        "|---|---|---|---|---|---|---|",
        f"| local, one core | {local['seconds']:.1f} | {n / local['seconds']:,.0f} | {local['peak'] / 1e6:,.0f} MB "
        f"| - | {local['pairs']:,} | {local['links']:,} |",
        f"| Ray, 2 workers | {ray['seconds']:.1f} | {n / ray['seconds']:,.0f} | {ray['peak'] / 1e6:,.0f} MB | "
        f"{ray['worker_peak'] / 1e6:,.0f} MB | {ray['pairs']:,} | {ray['links']:,} |",
        "",
        f"Ray against the local engine: {speedup:.2f}x (target {TARGET}x: {verdict}); Ray's start-up, apart: "
        f"{ray['startup']:.1f} s. Same links in both stores: {same}.",
        f"CPU seconds: the local engine {local['cpu']:.0f}; on Ray the driver {ray['cpu']:.0f} and its worker "
        "processes " + ", ".join(f"{c:.0f}" for c in ray["workers_cpu"]) + " (judging actors' own count of "
        "their calls: " + ", ".join(f"{c:.0f}" for c in ray["judging"].values()) + f"; "
        f"{sum(ray['judging'].values()) / max(1, ray['pairs_sent']) * 1e3:.2f} ms a pair). "
        f"Articles sent to the actors: {ray['sent']:,} for {ray['pairs_sent']:,} pairs; chunks sent again "
        f"after a restart: {ray['sent_again']}.",
        "Ray's wall time by step: " + ", ".join(f"{k} {v:.1f} s" for k, v in ray["stages"].items()) + ".",
        f"Candidate stage shuffle: {ray['shuffle'] / 1e6:,.1f} MB of index entries, {ray['shuffle'] / n:,.0f} "
        f"bytes an article; {ray['pairs_sent']:,} pairs sent to judging actors, {ray['on_driver']:,} judged on "
        "the driver (needed by the walk once a copy cap was reached). SQLite store after linking: "
        f"{store_bytes:,.0f} bytes an article.",
    ]
    if costs:
        lines += ["", f"Cost per article on one core ({args.stage_sample:,} articles): "
                  + ", ".join(f"{k} {v * 1e3:.2f} ms" for k, v in costs.items()) + "."]
    if len(runs) > 1:
        lines += ["", *repeats_table(runs)]
    report = "\n".join(lines)
    print(report)
    if not args.no_write:
        command = "python benchmarks/ray_scale.py" + (" --embeddings" if args.embeddings else "")
        if n != 100_000:
            command += f" --articles {n}"
        write_section("ray_scale" + ("_embeddings" if args.embeddings else ""),
                      f"Ray engine against the local engine ({mode})", command, report)


if __name__ == "__main__":
    main()
