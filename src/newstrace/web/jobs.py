"""Ingest and trace jobs, run one at a time in a worker thread, each with its own store connection.

One at a time because both write the store, and the pipeline's stages assume they are its only writer.
"""

from __future__ import annotations

import shutil
import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from newstrace.errors import NewstraceError
from newstrace.pipeline import Summary, ingest, run_claims, trace
from newstrace.store import open_store
from newstrace.store.base import ProvenanceStore


@dataclass(slots=True)
class Job:
    id: str
    kind: str  # "ingest" or "trace"
    state: str = "queued"  # queued, running, done, failed
    progress: str = ""
    result: str = ""
    error: str | None = None
    rejects: list[dict[str, str]] = field(default_factory=list)
    created: str = field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "state": self.state, "progress": self.progress,
                "result": self.result, "error": self.error, "rejects": self.rejects, "created": self.created}


Work = Callable[[ProvenanceStore, Job], None]


class JobRunner:
    """Queues jobs; ``after`` runs (in the worker) when a job that changed the store has finished."""

    def __init__(self, db: str, after: Callable[[ProvenanceStore], None]) -> None:
        self.db = db
        self.after = after
        self.jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newstrace-job")

    def get(self, job_id: str) -> Job | None:
        with self._lock:
            return self.jobs.get(job_id)

    def submit(self, kind: str, work: Work) -> Job:
        job = Job(uuid.uuid4().hex[:16], kind)
        with self._lock:
            self.jobs[job.id] = job
        self._pool.submit(self._run, job, work)
        return job

    def _run(self, job: Job, work: Work) -> None:
        job.state = "running"
        try:
            with open_store(self.db) as store:
                work(store, job)
                self.after(store)
            job.state = "done"
        except NewstraceError as exc:
            job.error, job.state = str(exc), "failed"
        except Exception as exc:  # a job's failure is reported on its page; the server goes on
            job.error, job.state = f"{type(exc).__name__}: {exc}", "failed"

    def shutdown(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


def ingest_work(folder: Path) -> Work:
    """Ingest the uploaded file in ``folder`` with the same readers as ``newstrace ingest``, then delete it.
    Reject items are named after the uploaded file, not its temporary folder."""

    def work(store: ProvenanceStore, job: Job) -> None:
        try:
            def show(summary: Summary, _ids: list[str]) -> None:
                job.progress = summary.line()

            summary = ingest([folder], store, on_batch=show)
            job.result = summary.line()
            prefix = str(folder) + "/"
            job.rejects = [{"item": r.item.replace(prefix, ""), "reason": r.reason, "message": r.message}
                           for r in summary.reject_samples]
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    return work


def trace_work(with_claims: bool, embeddings: bool) -> Work:
    """The trace stages (link, cluster, trace), then, if asked, the claims stage."""

    def work(store: ProvenanceStore, job: Job) -> None:
        def show(message: str) -> None:
            job.progress = message

        summary = trace(store, embeddings=embeddings, on_progress=show)
        job.result = summary.line()
        if with_claims:
            claimed = run_claims(store, on_batch=lambda s: show(f"claims: extracted {s.extracted} of {s.todo}"))
            job.result += "; " + claimed.line()

    return work
