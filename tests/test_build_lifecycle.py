"""A build lets go of what it no longer needs as it goes; what it reports and renders stays the same.

Documents drop what only the checks read once they ran, and what only rendering read once
their page is rendered; generated indexes, made from the whole analysis, are read last and
written first. The memory this saves is measured in ``bench/`` (README, "Benchmarks"); these
tests hold what must not change with it.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path

import pytest
from mkdocs.commands.build import build
from mkdocs.config import load_config

from conftest import FIXTURES, MakeSite, run_build

PLAN = (FIXTURES / "render/docs/workplans/DEMO-WP-0002.md").read_text(encoding="utf-8")
RUNBOOK = (FIXTURES / "render/docs/runbooks/deploy.md").read_text(encoding="utf-8")
# The task's State Hub id goes (TK001), an anchor is missing (RF002, judged on the rendered page) and
# the runbook names workplans this site lacks (RF004): errors made warnings so that the build completes.
DEFECTIVE = re.sub(r'state_hub_task_id: "[^"]*"\n', "", PLAN, count=1)
CONFIG = (
    "site_name: T\ntheme: {name: mkdocs}\nplugins:\n  - workplans:\n"
    "      rules: {TK001: warning, RF002: warning, RF004: warning}\n  - refcheck\n"
)


def _site(make_site: MakeSite) -> Path:
    return make_site(
        {
            "docs/about.md": "# About\n\nSee [the plan](workplans/DEMO-WP-0002.md#missing-anchor).\n",
            "docs/workplans/DEMO-WP-0002.md": DEFECTIVE,
            "docs/runbooks/deploy.md": RUNBOOK,
        },
        CONFIG,
    )


def _build_here(root: Path, caplog: pytest.LogCaptureFixture) -> tuple[list[str], dict[str, str]]:
    """Build in this process, as ``mkdocs build`` does: the findings logged, and every page written."""
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="mkdocs.plugins.workplans"):
        build(load_config(str(root / "mkdocs.yml")))
    findings = [r.getMessage() for r in caplog.records if r.name == "mkdocs.plugins.workplans" and r.levelno >= 30]
    site = root / "site"
    pages = {str(path.relative_to(site)): path.read_text(encoding="utf-8") for path in sorted(site.rglob("*.html"))}
    pages["workplans-inventory.json"] = (site / "workplans-inventory.json").read_text(encoding="utf-8")
    return findings, pages


def test_a_second_build_in_the_same_process_finds_and_renders_the_same(
    make_site: MakeSite, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Documents a build has let go of are never handed to the next build of the process."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1796000000")  # the pages' build date, the gate's today
    root = _site(make_site)
    first = _build_here(root, caplog)
    second = _build_here(root, caplog)
    assert first == second
    findings, pages = first
    assert any(" TK001 " in finding for finding in findings)
    assert any("docs/about.md:3:5 RF002 " in finding for finding in findings)
    # Cards, their ids and the inventory's task anchors survive the documents' release.
    assert 'id="demo-wp-0002-t01"' in pages["workplans/DEMO-WP-0002/index.html"]
    assert '"demo-wp-0002-t01"' in pages["workplans-inventory.json"]


def test_generated_indexes_are_read_last_written_first_and_the_navigation_keeps_its_order(make_site: MakeSite) -> None:
    root = _site(make_site)
    assert run_build(root).code == 0
    home = (root / "site/index.html").read_text(encoding="utf-8")
    navigation = re.findall(r'href="([^"]*)" class="(?:dropdown-item|nav-link)', home[home.index("navbar-nav") :])
    assert navigation[:10] == [
        ".",
        "about/",
        "#",
        "runbooks/",
        "runbooks/deploy/",
        "#",
        "tasks/",
        "#",
        "workplans/",
        "workplans/DEMO-WP-0002/",
    ]
    # Every page is written, the indexes whole (their HTML is let go only once written).
    for page in ("tasks", "workplans", "runbooks"):
        assert 'class="wp-index' in (root / "site" / page / "index.html").read_text(encoding="utf-8")
