"""Run one command and measure it: wall time, CPU time, peak memory, exit status.

Peak memory comes from the kernel, not from sampling: ``os.wait4`` returns the
child's ``rusage``, whose ``ru_maxrss`` is the peak resident set of the child or of
the largest of its (waited-for) descendants. That is exact for a single process but
is a maximum, not a sum, when a command fans out to worker processes, so a light
sampler also sums the proportional set sizes (PSS: pages shared by forked workers
count once) of the whole process tree every ``SAMPLE_INTERVAL`` seconds; the
reported peak is the larger of the two.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

SAMPLE_INTERVAL = 0.1
_PAGE_KB = os.sysconf("SC_PAGE_SIZE") // 1024


@dataclass
class Sample:
    wall: float
    """Seconds from spawn to reaping."""
    cpu: float
    """User plus system CPU seconds of the command and its descendants."""
    maxrss_kb: int
    """``ru_maxrss`` from ``os.wait4``: the largest single process of the tree."""
    tree_kb: int
    """The largest sampled sum of proportional set sizes (PSS) over the process tree."""
    rc: int | None
    timed_out: bool
    load: float
    """The 1-minute load average when the command started (other work on the machine)."""

    @property
    def peak_kb(self) -> int:
        return max(self.maxrss_kb, self.tree_kb)

    def as_dict(self) -> dict[str, object]:
        return asdict(self) | {"peak_kb": self.peak_kb}


def _tree_rss_kb(root: int) -> int:
    """The summed memory of ``root`` and its descendants, from ``/proc``."""
    parents: dict[int, int] = {}
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            with open(f"/proc/{name}/stat", "rb") as handle:
                stat = handle.read()
        except OSError:
            continue
        # The command name may hold spaces and parentheses; fields resume after the last ')'.
        fields = stat[stat.rfind(b")") + 2 :].split()
        parents[int(name)] = int(fields[1])
    tree = {root}
    grew = True
    while grew:
        grew = False
        for pid, ppid in parents.items():
            if ppid in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(_memory_kb(pid) for pid in tree)


def _memory_kb(pid: int) -> int:
    """The proportional set size of ``pid``: shared pages (forked workers) count once overall.

    Falls back to the resident set where ``smaps_rollup`` is missing (Linux < 4.14).
    """
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as handle:
            for line in handle:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as handle:
            return int(handle.read().split()[1]) * _PAGE_KB
    except (OSError, ValueError, IndexError):
        return 0


class _TreeSampler(threading.Thread):
    def __init__(self, root: int) -> None:
        super().__init__(daemon=True)
        self.root = root
        self.peak_kb = 0
        self._done = threading.Event()

    def run(self) -> None:
        while not self._done.wait(SAMPLE_INTERVAL):
            with contextlib.suppress(Exception):  # a sampler must never break a measurement
                self.peak_kb = max(self.peak_kb, _tree_rss_kb(self.root))

    def finish(self) -> int:
        self._done.set()
        self.join()
        return self.peak_kb


def run(argv: list[str], cwd: Path, log: Path, timeout: float, env: dict[str, str] | None = None) -> Sample:
    """Run ``argv`` in ``cwd`` with output to ``log``; kill its process group after ``timeout`` s."""
    timed_out = threading.Event()
    load = os.getloadavg()[0]
    with log.open("wb") as out:
        start = time.perf_counter()
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=subprocess.STDOUT,
            env=env,
            start_new_session=True,
        )

        def kill() -> None:
            timed_out.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(timeout, kill)
        timer.start()
        sampler = _TreeSampler(proc.pid)
        sampler.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            wall = time.perf_counter() - start
            timer.cancel()
            tree_kb = sampler.finish()
    rc = os.waitstatus_to_exitcode(status)
    proc.returncode = rc  # reaped by wait4; tell Popen so that it never waits again
    return Sample(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        maxrss_kb=usage.ru_maxrss,
        tree_kb=tree_kb,
        rc=None if timed_out.is_set() else rc,
        timed_out=timed_out.is_set(),
        load=load,
    )
