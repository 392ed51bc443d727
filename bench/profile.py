"""Profile ``workplans check`` in-process on the benchmark corpus: where does the time go?

usage: python bench/profile.py [--workplans 1000] [--runbooks 500] [--engine auto|pyinstrument|cprofile|none]
                               [--target check|build] [--theme mkdocs] [--jobs 1]
                               [--lines 45] [--out bench/out] [--save FILE]

Reuses OUT/corpus-W-R when ``bench/run.py`` left one there, otherwise generates it.
The profiled region is the whole command, lazy imports included (as in a fresh
``workplans check`` process), minus interpreter start-up. pyinstrument (the ``bench``
extra) samples every millisecond and prints a call tree then the functions with the
most self time; without it, cProfile prints the top functions by own and cumulative time.

``--target build`` profiles ``mkdocs build`` with both plugins instead, and also times
every plugin event handler (exactly, by wrapping the handlers MkDocs registered), to
tell the plugins' own share of a build from the work their generated pages add.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

from corpus import REPO_ROOT, Corpus, generate, write_config

# This file is bench/profile.py; with bench/ first on sys.path, the standard library's
# cProfile would import it in place of the stdlib ``profile`` module it is built on.
_HERE = Path(__file__).resolve().parent
sys.path[:] = [entry for entry in sys.path if Path(entry or ".").resolve() != _HERE]


def check_argv(config: Path, jobs: int) -> list[str]:
    """``check -f CONFIG``, with ``--jobs`` when this version of the CLI has it."""
    from mkdocs_workplans.cli import cli

    argv = ["check", "-f", config.name]
    command = getattr(cli, "commands", {}).get("check")
    if jobs and command is not None and any("--jobs" in param.opts for param in command.params):
        argv += ["--jobs", str(jobs)]
    return argv


def run_check(argv: list[str]) -> int:
    from mkdocs_workplans.cli import cli

    with contextlib.redirect_stdout(io.StringIO()):
        try:
            cli.main(argv, prog_name="workplans", standalone_mode=False)
        except SystemExit as done:
            return int(done.code or 0)
    return 0


def timed_build(config: Path, timings: dict[str, float]) -> Callable[[], int]:
    """A callable that builds with ``config``, adding each plugin handler's seconds to ``timings``."""

    def build() -> int:
        from mkdocs.commands.build import build as mkdocs_build
        from mkdocs.config import load_config

        loaded = load_config(config_file=config.name)
        plugins = loaded.plugins
        origins = getattr(plugins, "_event_origins", {})
        for event, methods in plugins.events.items():
            for index, method in enumerate(methods):
                owner = origins.get(method, getattr(method, "__qualname__", "?"))
                methods[index] = _timer(method, f"{owner}.on_{event}", timings)
                origins[methods[index]] = owner
        start = time.perf_counter()
        mkdocs_build(loaded)
        timings["(whole build)"] = time.perf_counter() - start
        return 0

    return build


def _timer(method: Callable[..., object], key: str, timings: dict[str, float]) -> Callable[..., object]:
    def wrapper(*args: object, **kwargs: object) -> object:
        start = time.perf_counter()
        try:
            return method(*args, **kwargs)
        finally:
            timings[key] = timings.get(key, 0.0) + time.perf_counter() - start

    return wrapper


def print_timings(timings: dict[str, float]) -> None:
    whole = timings.pop("(whole build)", 0.0)
    ours = sum(seconds for seconds in timings.values())
    print(f"\n--- plugin event handlers (wall seconds; whole build {whole:.2f} s) ---")
    for key, seconds in sorted(timings.items(), key=lambda item: -item[1]):
        if seconds >= 0.005:
            print(f"{seconds:8.3f} s {seconds / whole * 100 if whole else 0:5.1f} %  {key}")
    print(f"{ours:8.3f} s {ours / whole * 100 if whole else 0:5.1f} %  all plugin handlers")


def without_profiler(call: Callable[[], int], lines: int, save: Path | None) -> None:
    start = time.perf_counter()
    code = call()
    print(f"exit code {code}; {time.perf_counter() - start:.2f} s")


def with_pyinstrument(call: Callable[[], int], lines: int, save: Path | None) -> None:
    from pyinstrument import Profiler

    profiler = Profiler(interval=0.001)
    profiler.start()
    code = call()
    profiler.stop()
    print(f"workplans check exit code {code}\n")
    tree = profiler.output_text(unicode=True, color=False)
    flat = profiler.output_text(unicode=True, color=False, flat=True, time="percent_of_total")
    print("\n".join(tree.splitlines()[:lines]))
    print(f"\n--- top {lines} functions by self time (share of total) ---")
    print("\n".join(flat.splitlines()[:lines]))
    if save:
        save.write_text(profiler.output_html(), encoding="utf-8")
        print(f"\nfull profile: {save}")


def with_cprofile(call: Callable[[], int], lines: int, save: Path | None) -> None:
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    start = time.perf_counter()
    code = profiler.runcall(call)
    print(f"workplans check exit code {code}; {time.perf_counter() - start:.2f} s under cProfile\n")
    stats = pstats.Stats(profiler).strip_dirs()
    stats.sort_stats("tottime").print_stats(lines)
    stats.sort_stats("cumulative").print_stats(lines)
    if save:
        stats.dump_stats(save)
        print(f"full profile: {save}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workplans", type=int, default=1000)
    ap.add_argument("--runbooks", type=int, default=500)
    ap.add_argument("--engine", choices=["auto", "pyinstrument", "cprofile", "none"], default="auto")
    ap.add_argument("--target", choices=["check", "build"], default="check")
    ap.add_argument("--theme", default="mkdocs", help="theme of the --target build")
    ap.add_argument("--lines", type=int, default=45, help="lines of each listing")
    ap.add_argument("--out", type=Path, default=REPO_ROOT / "bench" / "out")
    ap.add_argument("--save", type=Path, help="write the full profile here (HTML or pstats)")
    ap.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="parsing processes (default 1: a profiler sees only its own process; 0: the command's default)",
    )
    args = ap.parse_args()

    root = args.out.resolve() / f"corpus-{args.workplans}-{args.runbooks}"
    if (root / "docs").is_dir():
        corpus = Corpus(root, args.workplans, args.runbooks)
    else:
        corpus = generate(args.out.resolve(), args.workplans, args.runbooks)
    config = write_config(corpus, "check", "mkdocs", ["workplans", "refcheck"])
    os.chdir(corpus.root)

    engine = args.engine
    if engine == "auto":
        engine = "pyinstrument" if importlib.util.find_spec("pyinstrument") else "cprofile"
    profile = {"pyinstrument": with_pyinstrument, "cprofile": with_cprofile, "none": without_profiler}[engine]
    if args.target == "build":
        build_config = write_config(corpus, f"plugins-{args.theme}", args.theme, ["workplans", "refcheck"])
        print(f"profiling `mkdocs build -f {build_config.name}` in {corpus.root} with {engine}\n")
        timings: dict[str, float] = {}
        with contextlib.redirect_stderr(io.StringIO()):
            profile(timed_build(build_config, timings), args.lines, args.save)
        print_timings(timings)
        return
    argv = check_argv(config, args.jobs)
    print(f"profiling `workplans {' '.join(argv)}` in {corpus.root} with {engine}\n")
    profile(lambda: run_check(argv), args.lines, args.save)


if __name__ == "__main__":
    main()
