"""Cache and parallel parsing change nothing but time (issue 5)."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from conftest import ROOT, run_cli
from mkdocs_workplans.analysis import analyse, parse_options
from mkdocs_workplans.loading import PARALLEL_MIN, DocumentCache
from mkdocs_workplans.options.settings import settings_from_mkdocs
from mkdocs_workplans.sources import sources

GENERATOR = ROOT / "bench" / "gen_corpus.py"


def generate(root: Path, workplans: int, runbooks: int) -> None:
    """The bench's corpus, through the generator's command line as ``bench/run.py`` documents it."""
    subprocess.run(
        [sys.executable, str(GENERATOR), str(root), "--workplans", str(workplans), "--runbooks", str(runbooks)],
        check=True,
        capture_output=True,
    )


def tree(root: Path) -> dict[str, bytes]:
    return {path.relative_to(root).as_posix(): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("corpus")
    generate(root, 160, 80)
    (root / "mkdocs.yml").write_text("site_name: Big apps\nplugins:\n  - workplans\n  - refcheck\n", encoding="utf-8")
    assert len(list((root / "docs").rglob("*.md"))) >= PARALLEL_MIN
    return root


def test_parallel_and_cached_runs_are_byte_identical(corpus: Path, tmp_path: Path) -> None:
    cold = run_cli(corpus, "--format", "json", "--jobs", "1")
    assert '"code": "WP006"' in cold.stdout  # the corpus has findings, so the comparison means something
    parallel = run_cli(corpus, "--format", "json", "--jobs", "2")
    cache = str(tmp_path / "cache")
    first = run_cli(corpus, "--format", "json", "--cache", cache)
    warm = run_cli(corpus, "--format", "json", "--cache", cache)
    assert list((tmp_path / "cache").iterdir())
    assert cold.stdout == parallel.stdout == first.stdout == warm.stdout
    assert cold.code == parallel.code == first.code == warm.code


def test_a_changed_file_is_the_only_one_parsed_again(corpus: Path) -> None:
    """What ``mkdocs serve`` does on save: unchanged documents come back from memory."""
    config = load_config(str(corpus / "mkdocs.yml"))
    settings = settings_from_mkdocs(config)
    found = sources(get_files(config), settings, config)[0]
    options = parse_options(config, settings)
    before = analyse(found, options, settings, cache=DocumentCache(options))
    changed = corpus / "docs/workplans/BIG-WP-0007.md"
    original = changed.read_text(encoding="utf-8")
    try:
        changed.write_text(original.replace("status: ", "status:  ", 1), encoding="utf-8")
        after = analyse(found, options, settings, cache=DocumentCache(options))
    finally:
        changed.write_text(original, encoding="utf-8")
    reparsed = [new.path for old, new in zip(before.documents, after.documents, strict=True) if old is not new]
    assert reparsed == ["docs/workplans/BIG-WP-0007.md"]


def test_the_bench_generator_writes_the_same_tree_every_time(tmp_path: Path) -> None:
    """Bench runs compare timings across commits, so the corpus must not change between them."""
    generate(tmp_path / "first", 30, 15)
    generate(tmp_path / "second", 30, 15)
    first = tree(tmp_path / "first")
    assert len(first) == 30 + 15 + 1 + 1 + 1 + 20  # pages, index, mkdocs.yml, Makefile, tools
    assert first == tree(tmp_path / "second")


def test_every_reference_in_the_bench_corpus_resolves(corpus: Path) -> None:
    """Findings come only from drawn values: finished workplans with open tasks, reviews overdue,
    open workplans not updated for 60 days."""
    result = run_cli(corpus)
    assert result.code == 0
    assert Counter(code for code, _, _ in result.codes) == {"WP006": 133, "RB002": 42, "WP011": 130}
