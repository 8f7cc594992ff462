"""newstrace serve: the web framework chosen by measurement, and the API and page latency targets.

1. FastAPI against Starlette, side by side in one run: the same story JSON endpoint (``newstrace.web.views``
   over the same store) and the same static file, each app on uvicorn in its own process, loaded by 8
   concurrent keep-alive clients; requests per second, p50 and p95, and each framework's import time.
2. The real app (``newstrace serve``) on a large traced store: how long it takes to answer its first request
   and its first story list, then the story-list API, the story API and the story page at p50/p95 with 8
   concurrent clients for --seconds each, with a static file served by the same server as the peer.

Everything is on loopback and bounded in count and time.  The client runs in this process (threads), so it
shares the 2 cores with the server: throughput is read as a ratio to the static-file peer.

    python benchmarks/web_framework.py --db STORE      # a traced store (e.g. trace_scale.py's 100k)
    python benchmarks/web_framework.py --size 20000    # generate, ingest and trace (no embeddings) a store
    python benchmarks/web_framework.py --quick --no-write
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from _report import publish
from newstrace import synth
from newstrace.pipeline import ingest, trace
from newstrace.store import open_store

CLIENTS = 8
TARGETS = {"story list API": 50.0, "story API": 50.0, "story page": 150.0}  # p95, ms
START_TARGET = 2.0  # seconds

# The peers for part 1: one module, two apps, the same handler body.
PEER_APP = '''
import sys
from newstrace.store import open_store
from newstrace.web import views
from newstrace.web.app import Stores

stores = Stores(sys.argv[2])
STATIC = sys.argv[3]

if sys.argv[1].startswith("fastapi"):
    from fastapi import FastAPI
    from fastapi.responses import JSONResponse
    from fastapi.staticfiles import StaticFiles
    app = FastAPI()

    if sys.argv[1] == "fastapi":  # a dict, which FastAPI encodes and validates
        @app.get("/api/stories/{story_id}")
        def story(story_id: str) -> dict:
            return views.story_data(stores.get(), story_id)
    else:  # a response made by the handler, as newstrace.web does
        @app.get("/api/stories/{story_id}")
        def story(story_id: str) -> JSONResponse:
            return JSONResponse(views.story_data(stores.get(), story_id))

    app.mount("/static", StaticFiles(directory=STATIC))
else:
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Mount, Route
    from starlette.staticfiles import StaticFiles

    def story(request):
        return JSONResponse(views.story_data(stores.get(), request.path_params["story_id"]))

    app = Starlette(routes=[Route("/api/stories/{story_id}", story),
                            Mount("/static", StaticFiles(directory=STATIC))])

import uvicorn
uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[4]), log_level="warning")
'''


@dataclass(slots=True)
class Load:
    name: str
    seconds: float
    latencies: list[float] = field(default_factory=list)
    errors: int = 0

    @property
    def rps(self) -> float:
        return len(self.latencies) / self.seconds

    def pct(self, q: float) -> float:
        if not self.latencies:
            return float("nan")
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000

    def line(self, peer: Load | None = None) -> str:
        ratio = f" | {self.rps / peer.rps:.2f}x" if peer else " | 1.00x"
        return (f"| {self.name} | {len(self.latencies):,} | {self.rps:,.0f}{ratio} | {self.pct(0.5):.1f} | "
                f"{self.pct(0.95):.1f} | {self.errors} |")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(port: int, path: str, limit: float = 120.0) -> float:
    """Seconds until ``path`` answers 200."""
    start = time.perf_counter()
    while time.perf_counter() - start < limit:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return time.perf_counter() - start
        except OSError:
            time.sleep(0.02)
    raise RuntimeError(f"no answer on {path} after {limit} s")


def load(name: str, port: int, paths: list[str], seconds: float, clients: int = CLIENTS) -> Load:
    """``clients`` threads, each on its own keep-alive connection, asking for random ``paths`` for ``seconds``."""
    result = Load(name, seconds)
    lock = threading.Lock()
    stop = time.perf_counter() + seconds

    def client(seed: int) -> None:
        pick = random.Random(seed)
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        mine: list[float] = []
        errors = 0
        while time.perf_counter() < stop:
            began = time.perf_counter()
            try:
                conn.request("GET", pick.choice(paths))
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                ok = False
            if ok:
                mine.append(time.perf_counter() - began)
            else:
                errors += 1
        with lock:
            result.latencies.extend(mine)
            result.errors += errors

    threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return result


def import_seconds(module: str, rounds: int = 5) -> float:
    """The fastest of a few fresh interpreters importing ``module`` (minus a bare interpreter's start)."""
    def run(code: str) -> float:
        best = float("inf")
        for _ in range(rounds):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            best = min(best, time.perf_counter() - start)
        return best
    return run(f"import {module}") - run("pass")


def story_paths(db: str, count: int = 300) -> tuple[list[str], int, int]:
    """Ids of stories of two or more articles, a random sample, with the store's article and story counts."""
    with open_store(db, create=False) as store:
        stories = store.stories()
        articles = store.count()
    multi = [s.id for s in stories if len(s.article_ids) > 1] or [s.id for s in stories]
    return random.Random(7).sample(multi, min(count, len(multi))), articles, len(stories)


def static_folder() -> str:
    from importlib import resources
    return str(resources.files("newstrace.web").joinpath("static"))


FRAMEWORKS = ("starlette", "fastapi", "fastapi-response")


def compare_frameworks(db: str, ids: list[str], seconds: float, rounds: int = 3) -> list[str]:
    """All three peers up at once, loaded in turn for ``rounds`` rounds of ``seconds / rounds`` each, so a
    change in the machine's load falls on all of them alike."""
    ports = {name: free_port() for name in FRAMEWORKS}
    servers = [subprocess.Popen([sys.executable, "-c", PEER_APP, name, db, static_folder(), str(port)])
               for name, port in ports.items()]
    runs: dict[tuple[str, str], Load] = {}
    try:
        for port in ports.values():
            wait_for(port, "/static/app.css")
            load("warm-up", port, [f"/api/stories/{i}" for i in ids[:20]], 1.0)
        for _ in range(rounds):
            for name, port in ports.items():
                for kind, paths in (("static file", ["/static/app.css"]),
                                    ("story JSON", [f"/api/stories/{i}" for i in ids])):
                    part = load(kind, port, paths, seconds / rounds)
                    total = runs.setdefault((name, kind), Load(kind, 0.0))
                    total.latencies.extend(part.latencies)
                    total.errors += part.errors
                    total.seconds += part.seconds
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=30)
    lines = ["| framework | endpoint | requests | req/s | against its static peer | p50 ms | p95 ms | errors |",
             "|---|---|---|---|---|---|---|---|"]
    for name in FRAMEWORKS:
        static = runs[(name, "static file")]
        for kind in ("static file", "story JSON"):
            run = runs[(name, kind)]
            lines.append(f"| {name} | {kind} | {len(run.latencies):,} | {run.rps:,.0f} | "
                         f"{run.rps / static.rps:.2f}x | {run.pct(0.5):.1f} | {run.pct(0.95):.1f} | {run.errors} |")
    base = runs[("starlette", "story JSON")].rps
    ratio = runs[("fastapi", "story JSON")].rps / base
    direct = runs[("fastapi-response", "story JSON")].rps / base
    lines.append("")
    lines.append(f"Story JSON against Starlette: FastAPI returning a dict {ratio:.2f}x the requests per second, "
                 f"FastAPI returning its own JSONResponse (as newstrace.web does) {direct:.2f}x; import time "
                 f"fastapi {import_seconds('fastapi'):.2f} s, starlette.applications "
                 f"{import_seconds('starlette.applications'):.2f} s (fastest of 5 fresh interpreters).")
    return lines


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far (Linux /proc), which other processes' load does not
    inflate as it does wall time."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_server(db: str, port: int, cpu: dict[str, float]) -> tuple[subprocess.Popen[bytes], float, float]:
    """``newstrace serve`` in a new process: seconds to its first answer, and to its first story list; the
    process's CPU seconds at each go into ``cpu``."""
    command = str(Path(sys.executable).parent / "newstrace")
    started = time.perf_counter()
    server = subprocess.Popen([command, "serve", "--db", db, "--port", str(port)], stderr=subprocess.DEVNULL)
    try:
        wait_for(port, "/static/app.css")
        first = time.perf_counter() - started
        cpu["answer"] = cpu_seconds(server.pid)
        wait_for(port, "/api/stories?limit=1")
        cpu["list"] = cpu_seconds(server.pid)
    except BaseException:
        server.terminate()
        raise
    return server, first, time.perf_counter() - started


def serve_targets(db: str, ids: list[str], seconds: float) -> tuple[list[str], dict[str, float]]:
    """Two starts (the first makes and saves the story summaries unless the store has them; the second reads
    them back), then the loads on the second server."""
    figures: dict[str, float] = {}
    port = free_port()
    cold: dict[str, float] = {}
    warm: dict[str, float] = {}
    server, figures["cold answer"], figures["cold list"] = start_server(db, port, cold)
    server.terminate()
    server.wait(timeout=30)
    server, figures["first answer"], figures["first story list"] = start_server(db, port, warm)
    figures.update({"cpu answer": warm["answer"], "cpu list": warm["list"], "cold cpu list": cold["list"]})
    try:
        pages = random.Random(3)
        offsets = [pages.randrange(0, 2000) for _ in range(50)]
        queries = ["/api/stories?limit=50&offset=" + str(o) for o in offsets]
        runs = [load("static file (peer)", port, ["/static/app.css"], seconds),
                load("story list API", port, queries, seconds),
                load("story API", port, [f"/api/stories/{i}" for i in ids], seconds),
                load("story page", port, [f"/stories/{i}" for i in ids], seconds)]
    finally:
        server.terminate()
        server.wait(timeout=30)
    lines = ["| request | requests | req/s | against the static file | p50 ms | p95 ms | errors |",
             "|---|---|---|---|---|---|---|"]
    peer = runs[0]
    for run in runs:
        lines.append(run.line(None if run is peer else peer))
        figures[run.name] = run.pct(0.95)
    return lines, figures


def generated_store(size: int, folder: Path) -> str:
    path = folder / "c.jsonl"
    with path.open("w") as out:
        for record in synth.story_records(size, seed=11, words=300):
            out.write(json.dumps(record) + "\n")
    db = folder / "web.db"
    with open_store(db) as store:
        ingest([path], store)
        trace(store, embeddings=False)
    path.unlink()
    return str(db)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", help="A traced store to serve (serve stores its token's digest there).")
    parser.add_argument("--size", type=int, default=20_000, help="Without --db: articles to generate and trace.")
    parser.add_argument("--seconds", type=float, default=30.0, help="Load time per request kind.")
    parser.add_argument("--compare-seconds", type=float, default=10.0, help="Load time per framework endpoint.")
    parser.add_argument("--quick", action="store_true", help="2,000 generated articles, 3 s loads.")
    parser.add_argument("--no-write", action="store_true", help="Print only; do not update docs/benchmarks.md.")
    args = parser.parse_args()
    if args.quick:
        args.size, args.seconds, args.compare_seconds = 2_000, 3.0, 3.0
    with tempfile.TemporaryDirectory(prefix="newstrace-web-") as tmp:
        db = args.db or generated_store(args.size, Path(tmp))
        ids, articles, stories = story_paths(db)
        load_before = os.getloadavg()[1]
        compared = compare_frameworks(db, ids, args.compare_seconds)
        served, figures = serve_targets(db, ids, args.seconds)
        load_after = os.getloadavg()[1]
    met = [f"{name} p95 {figures[name]:.1f} ms (target {limit:.0f} ms): "
           f"{'met' if figures[name] <= limit else 'missed'}" for name, limit in TARGETS.items()]
    start = figures["first story list"]
    verdict = "met" if start <= START_TARGET else "missed"
    report = "\n".join([
        f"Store: {articles:,} articles in {stories:,} stories ({'given' if args.db else 'generated'}); "
        f"{CLIENTS} concurrent keep-alive clients in the benchmark's process; {platform.python_version()}, "
        f"{os.cpu_count()} cores, shared (5-minute load average {load_before:.1f} before the run, "
        f"{load_after:.1f} after: other work was running).",
        "",
        "**FastAPI against Starlette** (the same handler over the same store, uvicorn, one process each, "
        f"{args.compare_seconds:.0f} s per endpoint in 3 alternating rounds):",
        "",
        *compared,
        "",
        f"**newstrace serve** ({args.seconds:.0f} s per request kind; story ids drawn from the stories of two "
        "or more articles; the story list at random offsets, 50 a page):",
        "",
        *served,
        "",
        f"Start: first answer after {figures['first answer']:.2f} s, first story list after {start:.2f} s "
        f"(target {START_TARGET:.0f} s: {verdict}), with the story summaries saved in the store by an earlier "
        f"start; the first start on this store (summaries made from the stories, unless saved before): "
        f"{figures['cold answer']:.2f} s and {figures['cold list']:.2f} s. CPU time of the server process (which "
        f"the machine's other load does not inflate): {figures['cpu answer']:.2f} s to its first answer, "
        f"{figures['cpu list']:.2f} s to its first story list ({figures['cold cpu list']:.2f} s on the first start).",
        "",
        *[f"- {line}" for line in met],
    ])
    publish("web_framework", "Web app: framework and latency (newstrace serve)", report, write=not args.no_write)


if __name__ == "__main__":
    main()
