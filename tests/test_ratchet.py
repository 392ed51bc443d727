"""Adopting the gate on a legacy site: the baseline (ratchet) and pull-request scope."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, MakeSite, run, run_build, run_cli, write_tree

PLUGINS = "plugins:\n  - workplans\n  - refcheck\n"
FIXED_RUNBOOK = "docs/runbooks/runbook-0003.md"
FIXED_WORKPLAN = "docs/workplans/BIG-WP-0029.md"


def _corpus(root: Path) -> Path:
    """The bench corpus, small: 69 warnings (WP006, RB002, WP011) in 46 files."""
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "gen_corpus.py"), str(root), "--workplans", "30", "--runbooks", "15"],
        check=True,
        capture_output=True,
    )
    with (root / "mkdocs.yml").open("a", encoding="utf-8") as config:
        config.write(PLUGINS)
    return root


def _replace_line(path: Path, number: int, old: str, new: str) -> None:
    lines = path.read_text(encoding="utf-8").split("\n")
    assert lines[number - 1] == old, lines[number - 1]
    lines[number - 1] = new
    path.write_text("\n".join(lines), encoding="utf-8")


def test_baseline_on_the_bench_corpus_fails_only_on_new_findings(tmp_path: Path) -> None:
    root = _corpus(tmp_path / "corpus")
    before = run_cli(root, "--strict")
    assert before.code == 1
    assert len(before.findings) == 69
    taken = run_cli(root, "--strict", "--baseline", "baseline.json", "--update-baseline")
    assert taken.code == 0, taken.stdout + taken.stderr
    assert taken.stderr == "Wrote 69 findings to baseline.json.\n"
    saved = json.loads((root / "baseline.json").read_text(encoding="utf-8"))
    assert saved["version"] == 1
    assert len(saved["findings"]) == 69
    assert saved["findings"] == sorted(
        saved["findings"], key=lambda e: (e["path"], e["code"], e["fingerprint"], e["occurrence"])
    )
    assert set(saved["findings"][0]) == {"path", "code", "fingerprint", "occurrence", "message"}
    again = run_cli(root, "--strict", "--baseline", "baseline.json")
    assert again.code == 0
    assert again.stdout == "All checks passed: 46 files, 30 workplans, 180 tasks (69 findings of the baseline).\n"

    # Lines inserted above every old finding: a comment at the top of each front matter.
    for page in (root / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        if text.startswith("---\n"):
            page.write_text("---\n# reviewed in the adoption sprint\n# (tracker)\n" + text[4:], encoding="utf-8")
    # Two old findings fixed.
    _replace_line(root / FIXED_RUNBOOK, 7, 'last_reviewed: "2026-02-13"', 'last_reviewed: "2026-11-20"')
    _replace_line(root / FIXED_WORKPLAN, 103, "status: todo", "status: done")
    # Three new defects.
    with (root / "docs/index.md").open("a", encoding="utf-8") as index:
        index.write("\nSee [the plan](plan.md).\n")
    with (root / "docs/workplans/BIG-WP-0001.md").open("a", encoding="utf-8") as page:
        page.write("\nFollows BIG-WP-9999.\n")
    runbook = root / "docs/runbooks/runbook-0001.md"
    runbook.write_text(runbook.read_text(encoding="utf-8").replace("owner: ops\n", ""), encoding="utf-8")

    after = run_cli(root, "--strict", "--baseline", "baseline.json")
    assert after.code == 1
    assert after.codes == [
        ("RF001", "docs/index.md", after.codes[0][2]),
        ("RB003", "docs/runbooks/runbook-0001.md", 1),
        ("RF004", "docs/workplans/BIG-WP-0001.md", after.codes[2][2]),
    ]
    assert after.stdout.splitlines()[3:] == [
        "2 findings of the baseline are fixed (remove them with --update-baseline):",
        "  docs/runbooks/runbook-0003.md RB002 runbook review overdue: last reviewed 287 days ago "
        "(review_max_age_days: 180)",
        "  docs/workplans/BIG-WP-0029.md WP006 task T05 is 'todo' but the workplan is 'finished'",
        "Found 2 errors, 1 warning, 0 infos in 46 files, 30 workplans, 180 tasks "
        "(67 findings of the baseline; strict mode: warnings fail).",
    ]
    # The same baseline, set as a plugin option, works for the build.
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - refcheck\n", "  - refcheck:\n      baseline: baseline.json\n"),
        encoding="utf-8",
    )
    build = run_build(root, "--strict")
    assert build.code == 1
    assert build.codes == after.codes
    assert "INFO    -  workplans: 2 findings of the baseline are fixed (remove them with --update-baseline)" in (
        build.stderr
    )
    assert run_cli(root, "--strict").codes == after.codes


def test_a_bad_baseline_is_refused_with_the_reason(make_site: MakeSite) -> None:
    root = make_site({"baseline.json": '{"version": 1, "findings": [{"path": "x.md"}]}'})
    missing = run_cli(root, "--baseline", "none.json")
    assert (missing.code, missing.stderr) == (
        2,
        "Error: no baseline at none.json: create it with 'workplans check --baseline none.json --update-baseline'\n",
    )
    bad = run_cli(root, "--baseline", "baseline.json")
    assert (bad.code, bad.stderr) == (
        2,
        "Error: entry 1 of the baseline baseline.json is not a finding "
        "(path, code, fingerprint, occurrence and message expected)\n",
    )


def _git(root: Path, *args: str) -> None:
    done = run(root, "git", "-c", "user.name=Test", "-c", "user.email=test@example.invalid", *args)
    assert done.code == 0, done.stderr


GUIDE = "# Guide\n\n## Setup\n\nInstall it.\n"


def test_changed_since_reports_the_changed_files_and_what_their_change_broke(make_site: MakeSite) -> None:
    root = make_site(
        {
            "docs/index.md": "# Home\n\nStart with [the setup](guide.md#setup).\n",
            "docs/guide.md": GUIDE,
            "docs/howto/deploy.md": "# Deploy\n\nAfter [setting up](../guide.md#setup).\n",
            "docs/old.md": "# Old\n\nA [broken link](gone.md) from long ago.\n",
        },
        "site_name: Test\n" + PLUGINS,
    )
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "site")
    write_tree(root, {"docs/guide.md": "# Guide\n\n## Installation\n\nInstall it, see [notes](notes.md).\n"})
    write_tree(root, {"docs/new.md": "# New\n\n[home](index.md#nowhere)\n"})  # untracked
    full = run_cli(root)
    assert ("RF001", "docs/old.md", 3) in full.codes
    scoped = run_cli(root, "--changed-since", "HEAD")
    assert scoped.code == 1
    assert scoped.codes == [
        ("RF001", "docs/guide.md", 5),
        ("RF002", "docs/howto/deploy.md", 3),
        ("RF002", "docs/index.md", 3),
        ("RF002", "docs/new.md", 3),
    ]
    assert scoped.stdout.endswith(
        "Found 4 errors, 0 warnings, 0 infos in 5 files, 0 workplans, 0 tasks "
        "(findings in the 2 files changed since HEAD and caused by them).\n"
    )


def test_changed_since_needs_git(make_site: MakeSite) -> None:
    root = make_site({})
    result = run_cli(root, "--changed-since", "main")
    assert (result.code, result.stderr) == (
        2,
        f"Error: --changed-since needs a git repository, and {root} is not in one\n",
    )
    _git(root, "init", "-q", "-b", "main")
    result = run_cli(root, "--changed-since", "main")
    assert (result.code, result.stderr) == (2, "Error: --changed-since: 'main' is not a commit of this repository\n")
