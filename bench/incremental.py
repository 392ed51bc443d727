"""Incremental runs (issue 5): a warm ``workplans check --cache`` and a one-file ``serve`` rebuild.

usage: python bench/incremental.py CORPUS_DIR [--repeat N]

CORPUS_DIR is a tree from gen_corpus.py with an ``mkdocs.yml`` that enables both plugins
(``bench/run.py`` writes one as ``mkdocs-plugins-mkdocs.yml``; any will do). The first part
times whole ``workplans check`` processes, cold and warm; the second times, in one process,
what ``mkdocs serve`` does after one file is saved: the gate's analysis with the documents
kept in memory since the previous build.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def timed(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=False, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--config", default="mkdocs.yml")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    corpus: Path = args.corpus.resolve()
    check = [sys.executable, "-m", "mkdocs_workplans", "check", "-f", args.config, "--format", "json"]

    cold, warm = [], []
    for _ in range(args.repeat):
        with tempfile.TemporaryDirectory() as cache:
            cold.append(timed([*check, "--cache", cache], corpus))
            warm.append(timed([*check, "--cache", cache], corpus))

    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    from mkdocs_workplans.analysis import analyse, parse_options
    from mkdocs_workplans.loading import DocumentCache
    from mkdocs_workplans.options.settings import settings_from_mkdocs
    from mkdocs_workplans.sources import sources

    config = load_config(str(corpus / args.config))
    settings = settings_from_mkdocs(config)
    found = sources(get_files(config), settings, config)[0]
    options = parse_options(config, settings)
    first, rebuild = [], []
    victim = next(source.path for source in found if "/workplans/" in source.rel)
    original = victim.read_text(encoding="utf-8")
    try:
        for round_ in range(args.repeat):
            from mkdocs_workplans import loading

            loading._MEMORY.clear()
            started = time.perf_counter()
            analyse(found, options, settings, cache=DocumentCache(options))
            first.append(time.perf_counter() - started)
            victim.write_text(original + f"\nEdited in round {round_}.\n", encoding="utf-8")
            started = time.perf_counter()
            analyse(found, options, settings, cache=DocumentCache(options))
            rebuild.append(time.perf_counter() - started)
    finally:
        victim.write_text(original, encoding="utf-8")

    def row(name: str, samples: list[float]) -> str:
        return f"| {name} | {statistics.median(samples):.2f} | {min(samples):.2f}–{max(samples):.2f} |"

    print(f"Corpus: {corpus} ({len(found)} pages), {args.repeat} rounds\n")
    print("| What | Median (s) | Min–max (s) |\n|---|--:|--:|")
    print(row("`workplans check --cache DIR`, cold (process)", cold))
    print(row("`workplans check --cache DIR`, warm (process)", warm))
    print(row("gate analysis, first build (in process, one core)", first))
    print(row("gate analysis after one file changed (serve rebuild)", rebuild))


if __name__ == "__main__":
    main()
