"""The Ray engine: the index cut into partitions finds what the whole index finds, and a Ray trace stores
the local engine's links and stories, also when a worker dies mid-task or the run is killed partway."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newstrace import synth
from newstrace.config import TraceConfig
from newstrace.engine.partition import entries, merged, split, step
from newstrace.fingerprint import NUM_PERM, fingerprints
from newstrace.link.index import CandidateIndex
from newstrace.link.lsh import bands_for
from newstrace.pipeline import ingest, trace
from newstrace.store import open_store
from newstrace.store.base import ProvenanceStore
from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from _raywatch import ours  # (a process of this test's own Ray instance: another run's is left alone)

BANDS, ROWS = bands_for(0.5, NUM_PERM)


def _records(n: int, seed: int = 3) -> list[dict[str, object]]:
    return list(synth.story_records(n, seed=seed, words=150))


def _prints(n: int) -> list:  # type: ignore[type-arg]
    return fingerprints([(str(r["id"]), str(r["text"]), "en") for r in _records(n)])


@pytest.mark.parametrize("parts", [1, 3, 8])
def test_the_index_cut_into_partitions_finds_the_whole_index_pairs(parts: int) -> None:
    prints = _prints(300)
    old, batches = prints[:100], [prints[100:180], prints[180:300]]
    whole = CandidateIndex(BANDS, ROWS)
    whole.add_prints(old)
    expected = [whole.mates(whole.add_prints(batch), keys=True) for batch in batches]

    def cut(first: int, some: list) -> list:  # type: ignore[type-arg]
        return split(entries(first, [p.signature for p in some], [p.samples for p in some],
                             [p.key_hashes for p in some], BANDS, ROWS), parts)

    ids = [p.article_id for p in prints]
    olds, news = cut(0, old), [cut(100, batches[0]), cut(180, batches[1])]
    results = [step(None, [olds[p]], [news[0][p], news[1][p]], keys=True)[1] for p in range(parts)]
    for k, (batch, first) in enumerate(zip(batches, (100, 180), strict=True)):
        found = merged([results[p][k] for p in range(parts)], ids)
        for n, fp in enumerate(batch):
            mine = found.get(first + n, [{}, {}, {}])
            assert tuple(dict(c) for c in mine) == tuple(dict(c) for c in expected[k][fp.article_id]), fp.article_id
    assert any(expected[1][fp.article_id][0] for fp in batches[1])  # copies were there to find


# traces on Ray against the local engine

ray = pytest.importorskip("ray", reason="Ray is not installed (pip install -e '.[dev]')")


@pytest.fixture(scope="module")
def local_ray() -> Iterator[None]:
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


def _corpus(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in _records(n)), encoding="utf-8")
    return path


Traced = tuple[list[tuple[str, str, str, float, str]], list[tuple[tuple[str, ...], str | None]]]


def _traced(store: ProvenanceStore) -> Traced:
    """Links with their stored detail (passages, edits, similarities rounded), and stories."""
    links = [(lk.a, lk.b, lk.kind.value, round(lk.score, 9), _detail(lk.detail.as_dict()))
             for lk in store.links(with_detail=True)]
    return links, sorted((tuple(s.article_ids), s.origin) for s in store.stories())


def _detail(data: dict[str, object]) -> str:
    return json.dumps({k: round(v, 6) if isinstance(v, float) else v for k, v in data.items()}, sort_keys=True)


def _local(corpus: Path, path: Path, config: TraceConfig) -> tuple:  # type: ignore[type-arg]
    with open_store(path) as store:
        ingest([str(corpus)], store)
        trace(store, config)
        return _traced(store)


def _on_ray(corpus: Path, path: Path, config: TraceConfig, **engine: int) -> tuple:  # type: ignore[type-arg]
    from newstrace.engine.raylink import RayEngine

    with open_store(path) as store:
        ingest([str(corpus)], store)
        trace(store, config, linker=RayEngine(**engine).link)
        return _traced(store)


@pytest.mark.slow
def test_a_ray_trace_stores_the_local_links_and_stories_with_embeddings(local_ray: None, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, 360)
    config = TraceConfig(batch=60)
    expected = _local(corpus, tmp_path / "local.db", config)
    assert len(expected[0]) > 300 and len(expected[1]) > 30  # something to get wrong
    assert _on_ray(corpus, tmp_path / "ray.db", config, window=3, parts=3) == expected


def _kill_once(title: str, stop: threading.Event, killed: list[int]) -> None:
    """Kill the first worker process of this test's Ray seen running a task named ``title`` (Ray names the
    process after it)."""
    while not stop.is_set() and not killed:
        for pid in os.listdir("/proc"):
            if not pid.isdigit():
                continue
            try:
                command = Path(f"/proc/{pid}/cmdline").read_bytes()
            except OSError:
                continue
            if command.startswith(f"ray::{title}".encode()) and ours(int(pid)):
                os.kill(int(pid), signal.SIGKILL)
                killed.append(int(pid))
                return
        time.sleep(0.002)


@pytest.mark.slow
@pytest.mark.parametrize("task", ["_fingerprint_task", "Judge.judge"])  # a task; a judging actor's call
def test_a_worker_killed_mid_task_is_retried_and_the_result_is_the_same(local_ray: None, tmp_path: Path,
                                                                         task: str) -> None:
    corpus = _corpus(tmp_path, 1500)
    config = TraceConfig(batch=250, embeddings=False)
    expected = _local(corpus, tmp_path / "local.db", config)
    stop, killed = threading.Event(), []  # type: ignore[var-annotated]
    killer = threading.Thread(target=_kill_once, args=(task, stop, killed))
    killer.start()
    try:
        got = _on_ray(corpus, tmp_path / "ray.db", config, window=2, chunk=60)  # windows overlap
    finally:
        stop.set()
        killer.join()
    assert killed, f"no {task} task was seen running to kill"
    assert got == expected


_KILLABLE = """
import sys
from newstrace.config import TraceConfig
from newstrace.engine.raylink import RayEngine
from newstrace.pipeline import trace
from newstrace.store import open_store
with open_store(sys.argv[1]) as store:
    trace(store, TraceConfig(batch=100, embeddings=False), linker=RayEngine(workers=2, window=1).link,
          on_progress=lambda message: print(message, flush=True))
"""


@pytest.mark.slow
def test_a_ray_trace_killed_partway_resumes_from_its_last_batch(local_ray: None, tmp_path: Path) -> None:
    corpus = _corpus(tmp_path, 1200)
    config = TraceConfig(batch=100, embeddings=False)
    expected = _local(corpus, tmp_path / "local.db", config)
    path = tmp_path / "ray.db"
    with open_store(path) as store:
        ingest([str(corpus)], store)
    run = subprocess.Popen([sys.executable, "-c", _KILLABLE, str(path)], stdout=subprocess.PIPE, text=True,
                           start_new_session=True)
    assert run.stdout is not None
    lines = []
    for line in run.stdout:  # killed, with its Ray processes, once three batches are committed
        lines.append(line)
        if line.startswith("linked 300 "):
            os.killpg(run.pid, signal.SIGKILL)
            break
    run.wait(60)
    assert lines and lines[-1].startswith("linked 300 "), lines
    with open_store(path) as store:
        done = len(store.article_facts()) - len(store.unfingerprinted())
        assert 300 <= done < 1200  # whole batches
        from newstrace.engine.raylink import RayEngine

        summary = trace(store, config, linker=RayEngine(window=2).link)
        assert summary.linked.fingerprinted == 1200 - done
        assert _traced(store) == expected


def test_trace_engine_ray_on_the_command_line_links_as_the_local_engine(local_ray: None, tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newstrace.cli import main

    corpus = _corpus(tmp_path, 200)
    runner = CliRunner()
    for name in ("local", "ray"):
        db = str(tmp_path / f"{name}.db")
        assert runner.invoke(main, ["ingest", str(corpus), "--db", db]).exit_code == 0
        done = runner.invoke(main, ["trace", "--engine", name, "--no-embeddings", "--quiet", "--db", db])
        assert done.exit_code == 0, done.output
    with open_store(tmp_path / "local.db") as local, open_store(tmp_path / "ray.db") as on_ray:
        assert _traced(on_ray) == _traced(local) and local.links()


_NICENESS = """
import os, ray
from newstrace.engine.raylink import RayEngine
RayEngine(workers=1).start()
print(os.nice(0), ray.get(ray.remote(lambda: os.nice(0)).remote()))
"""


@pytest.mark.slow
def test_a_local_ray_runs_its_workers_at_the_drivers_priority() -> None:
    env = {k: v for k, v in os.environ.items() if k != "RAY_worker_niceness"}
    done = subprocess.run(["nice", "-n", "2", sys.executable, "-c", _NICENESS], capture_output=True, text=True,
                          env=env, check=True, timeout=300)
    driver, worker = done.stdout.split()[-2:]
    assert worker == driver, done.stdout


def test_an_address_without_the_ray_engine_is_refused(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from newstrace.cli import main

    done = CliRunner().invoke(main, ["trace", "--address", "ray://head:10001", "--db", str(tmp_path / "x.db")])
    assert done.exit_code != 0 and "--engine ray" in done.output
