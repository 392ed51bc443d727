"""The plugins under ProperDocs 1.6, which aliases the ``mkdocs`` modules to its own."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, run

pytestmark = pytest.mark.skipif(importlib.util.find_spec("properdocs") is None, reason="properdocs is not installed")


def properdocs_build(root: Path, *args: str) -> tuple[int, str]:
    done = run(root, sys.executable, "-m", "properdocs", "build", *args)
    return done.code, done.stderr


def test_clean_workspace_builds_strict(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "workspace", tmp_path, dirs_exist_ok=True)
    code, log = properdocs_build(tmp_path / "railiance-apps", "--strict")
    assert code == 0, log
    assert (tmp_path / "railiance-apps/site/workplans/APPS-WP-0001/index.html").is_file()


def test_findings_abort_the_build_with_the_same_lines(tmp_path: Path) -> None:
    shutil.copytree(FIXTURES / "workspace", tmp_path, dirs_exist_ok=True)
    shutil.copytree(FIXTURES / "defects", tmp_path, dirs_exist_ok=True)
    code, log = properdocs_build(tmp_path / "railiance-apps")
    assert code == 1
    assert "ERROR   -  docs/stale.md:3:11 RF001 link target 'runbooks/deploy.md' does not exist" in log
    assert "INFO    -  workplans/APPS-WP-0000.md:23:22 RF003" in log
