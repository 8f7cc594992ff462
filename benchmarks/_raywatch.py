"""The peak resident size and CPU time of each Ray worker process this process started (read from /proc).

Used inside the Ray benchmarks' child runs (``ray_scale.py``, ``ray_trace_scale.py``), which put this folder
on their path: another Ray instance on the same machine (a test suite, a second run) is left out.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path


def ours(pid: int) -> bool:
    """A descendant of this process: a worker of the Ray instance it started."""
    while pid > 1:
        try:
            pid = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            return False
        if pid == os.getpid():
            return True
    return False


class RayWatch:
    """Polls every ``every`` seconds from ``start()`` to ``stop()``: ``peaks`` and ``cpu`` by process id."""

    def __init__(self, every: float) -> None:
        self.every = every
        self.peaks: dict[str, int] = {}
        self.cpu: dict[str, float] = {}
        self._stop = threading.Event()

    def start(self) -> None:
        threading.Thread(target=self._watch, daemon=True).start()

    def stop(self) -> None:
        self._stop.set()

    def _watch(self) -> None:
        tick, page = os.sysconf("SC_CLK_TCK"), os.sysconf("SC_PAGE_SIZE")
        while not self._stop.is_set():
            for pid in os.listdir("/proc"):
                try:
                    if pid.isdigit() and Path(f"/proc/{pid}/cmdline").read_bytes().startswith(b"ray::") \
                            and ours(int(pid)):
                        rss = int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
                        self.peaks[pid] = max(self.peaks.get(pid, 0), rss)
                        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                        self.cpu[pid] = (int(fields[11]) + int(fields[12])) / tick
                except (OSError, IndexError, ValueError):
                    pass
            time.sleep(self.every)


def tree_cpu() -> dict[str, float]:
    """CPU seconds of every live process this one started, by command name summed (Ray's own daemons, the
    raylet and the GCS server among them, beside its workers): what a Ray run costs besides its tasks."""
    tick = os.sysconf("SC_CLK_TCK")
    found: dict[str, float] = {}
    for pid in os.listdir("/proc"):
        try:
            if pid.isdigit() and ours(int(pid)):
                name, rest = Path(f"/proc/{pid}/stat").read_text().split(" (", 1)[1].rsplit(")", 1)
                fields = rest.split()
                found[name] = found.get(name, 0.0) + (int(fields[11]) + int(fields[12])) / tick
        except (OSError, IndexError, ValueError):
            pass
    return found
