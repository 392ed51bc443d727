"""Cache and parallel parsing change nothing but time (issue 5)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from mkdocs.config import load_config
from mkdocs.structure.files import get_files

from conftest import ROOT, run_cli
from mkdocs_workplans.analysis import analyse, parse_options
from mkdocs_workplans.loading import PARALLEL_MIN, DocumentCache
from mkdocs_workplans.options.settings import settings_from_mkdocs
from mkdocs_workplans.sources import sources

GENERATOR = ROOT.parent / "shared" / "bench" / "gen_corpus.py"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if not GENERATOR.is_file():
        pytest.skip(f"{GENERATOR} is not there")
    root = tmp_path_factory.mktemp("corpus")
    subprocess.run(
        [sys.executable, str(GENERATOR), str(root), "--workplans", "160", "--runbooks", "80"],
        check=True,
        capture_output=True,
    )
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
