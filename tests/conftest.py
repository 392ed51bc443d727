"""Shared helpers: tiny repositories in temp dirs, the real CLI and a real ``mkdocs build``."""

from __future__ import annotations

import datetime as dt
import importlib.util
import os
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED = FIXTURES / "seed" / "RAILIANCE-WP-0005.md"
TODAY = dt.date(2026, 11, 27)
FINDING_RE = re.compile(r"(?:^|\s-\s+)(\S+:\d+:\d+ [A-Z]{2}\d{3} .*)$")


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def findings(self) -> list[str]:
        """``path:line:col CODE message`` lines, whether from the CLI or a build log."""
        found = []
        for line in (self.stdout + "\n" + self.stderr).splitlines():
            match = FINDING_RE.search(line)
            if match:
                found.append(match.group(1))
        return found

    @property
    def details(self) -> list[tuple[str, str, int, int, str]]:
        """``(code, path, line, column, message with hint)`` of each finding."""
        found = []
        for line in self.findings:
            location, code, text = line.split(" ", 2)
            path, number, column = location.rsplit(":", 2)
            found.append((code, path, int(number), int(column), text))
        return found

    @property
    def located(self) -> list[tuple[str, str, int, int]]:
        """``(code, path, line, column)`` of each finding."""
        return [detail[:4] for detail in self.details]

    @property
    def codes(self) -> list[tuple[str, str, int]]:
        """``(code, path, line)`` of each finding."""
        result = []
        for line in self.findings:
            location, code = line.split(" ", 2)[:2]
            path, number, _column = location.rsplit(":", 2)
            result.append((code, path, int(number)))
        return result


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["SOURCE_DATE_EPOCH"] = str(int(dt.datetime(2026, 11, 27, tzinfo=dt.timezone.utc).timestamp()))
    env.pop("PYTHONWARNINGS", None)
    return env


def run(root: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    done = subprocess.run(
        args, cwd=root, env={**environment(), **(env or {})}, capture_output=True, text=True, timeout=300
    )
    return Run(done.returncode, done.stdout, done.stderr)


def run_cli(root: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    """The real ``workplans check`` (through ``python -m``)."""
    return run(root, sys.executable, "-m", "mkdocs_workplans", "check", *args, env=env)


def run_build(root: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    """A real ``mkdocs build`` in ``root``."""
    return run(root, sys.executable, "-m", "mkdocs", "build", *args, env=env)


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write ``files`` (path -> text, dedented; or bytes as they are) under ``root``."""
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


def edit(text: str, *changes: tuple[str, str]) -> str:
    """``text`` with each ``(old, new)`` replaced; ``old`` must be there, or the test is wrong."""
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    return text


def line_of(text: str, needle: str, after: str | None = None) -> int:
    """1-based line of the first line containing ``needle`` (after the line containing ``after``)."""
    lines = text.splitlines()
    start = 0 if after is None else next(i for i, line in enumerate(lines) if after in line)
    return next(number for number, line in enumerate(lines[start:], start=start + 1) if needle in line)


MakeSite = Callable[..., Path]


@pytest.fixture
def make_site(tmp_path: Path) -> MakeSite:
    """A site with ``- workplans`` (or the given ``mkdocs.yml``) and the given files."""

    def make(files: dict[str, str | bytes], mkdocs_yml: str | None = None, name: str = "site") -> Path:
        root = tmp_path / name
        config = mkdocs_yml or "site_name: Test\nplugins:\n  - workplans\n"
        write_tree(root, {"mkdocs.yml": config, "docs/index.md": "# Home\n", **files})
        return root

    return make


@pytest.fixture(scope="session")
def engine_site(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], tuple[Path, Run]]:
    """The render fixture built by an engine (see ``render_helpers.ENGINES``), once per test session."""
    from render_helpers import build_engine

    built: dict[str, tuple[Path, Run]] = {}

    def build(engine: str) -> tuple[Path, Run]:
        if engine == "zensical" and importlib.util.find_spec("zensical") is None:
            pytest.skip("zensical is not installed (0.0.73 is the newest release that installs from the registry here)")
        if engine == "properdocs" and importlib.util.find_spec("properdocs") is None:
            pytest.skip("properdocs is not installed")
        if engine not in built:
            built[engine] = build_engine(tmp_path_factory.mktemp("engines") / engine, engine)
        return built[engine]

    return build
