"""What the State Hub checks add to ``workplans check``: the same corpus with and without an export.

usage: statehub.py [OUT] [--workplans 1000] [--runbooks 500] [--rounds 7]
       statehub.py --inproc CONFIG   (in the corpus: the State Hub part alone, timed in process)

The bench corpus (``gen_corpus.py``) and its export (``statehub_export.py``: 6,000 tasks
with the default corpus) are checked with ``plugins: [workplans, refcheck]`` twice per
round — once without and once with ``statehub.export`` — in alternating order, so both
see the same machine. The result is the ratio of the medians of wall time (budget:
at most 1.05, SPEC §10), with the range of the per-round ratios and the CPU-time ratio.
On a shared machine wall time swings with other work, so a fresh interpreter also
times, in CPU seconds, what the export adds inside one check — reading and validating
it, and comparing every workplan — against the whole analysis.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from corpus import generate, write_config
from run import NO_NETWORK, Task, check, interleave, ratio
from statehub_export import export_for

BUDGET = 1.05


def inproc(config: str, repeat: int = 15) -> None:
    """The State Hub part of one check, in CPU seconds, against the analysis it is part of."""
    from mkdocs_workplans import cli
    from mkdocs_workplans.rules.statehub import check_statehub
    from mkdocs_workplans.statehub.source import load_export

    started = time.process_time()
    analysis = cli._analyse(cli._load(config, False), config, None, False, False, None, 1)
    whole = time.process_time() - started
    hub = analysis.settings.statehub
    assert hub is not None
    loads, checks = [], []
    for _ in range(repeat):
        started = time.process_time()
        analysis.statehub = load_export(hub, False)
        loads.append(time.process_time() - started)
        started = time.process_time()
        found = list(check_statehub(analysis))
        checks.append(time.process_time() - started)
    load, compare = statistics.median(loads), statistics.median(checks)
    print(
        f"  in process (--jobs 1): reading the export {load * 1000:.1f} ms, comparing {compare * 1000:.1f} ms "
        f"CPU ({len(found)} findings), medians of {repeat}; the whole analysis {whole:.2f} s CPU: "
        f"State Hub {100 * (load + compare) / whole:.2f} %"
    )


def main() -> None:
    if sys.argv[1:2] == ["--inproc"]:
        inproc(sys.argv[2])
        return
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path, nargs="?", default=Path(__file__).resolve().parent / "out" / "statehub")
    ap.add_argument("--workplans", type=int, default=1000)
    ap.add_argument("--runbooks", type=int, default=500)
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--timeout", type=float, default=600)
    args = ap.parse_args()
    out: Path = args.out.resolve()
    logs = out / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    corpus = generate(out, args.workplans, args.runbooks)
    data = export_for(corpus.root)
    (corpus.root / "statehub-export.json").write_text(json.dumps(data), encoding="utf-8")
    hub = {"workplans": {"statehub": {"export": "statehub-export.json"}}}
    without = write_config(corpus, "check", "mkdocs", ["workplans", "refcheck"])
    with_hub = write_config(corpus, "check-statehub", "mkdocs", [hub, "refcheck"])
    tasks = [
        Task("check", "`workplans check`", corpus, check(without), args.timeout),
        Task("check-statehub", "`workplans check` + State Hub export", corpus, check(with_hub), args.timeout),
    ]
    print(f"bench: {len(data['tasks'])} State Hub tasks, {args.rounds} rounds", file=sys.stderr)
    interleave(tasks, args.rounds, logs, os.environ | NO_NETWORK)
    base, hubbed = tasks
    value, wall = ratio(hubbed, base)
    _, cpu = ratio(hubbed, base, "cpu")
    print(f"workplans check, {corpus.label} corpus, {len(data['tasks'])}-task export, {args.rounds} rounds:")
    print(f"  without export: median {base.median():.3f} s; with export: median {hubbed.median():.3f} s")
    print(
        f"  with / without: {wall} wall, {cpu} CPU; "
        f"budget <= {BUDGET}: {'met' if value is not None and value <= BUDGET else 'NOT met'}"
    )
    subprocess.run([sys.executable, __file__, "--inproc", with_hub.name], cwd=corpus.root, check=True)


if __name__ == "__main__":
    main()
