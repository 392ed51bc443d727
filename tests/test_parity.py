"""``workplans check`` and ``mkdocs build`` report the same findings; suppressions, code and
comments, and ``include`` behave the same in both."""

from __future__ import annotations

import textwrap

import pytest

from conftest import SEED, MakeSite, edit, line_of, run_build, run_cli

SEED_TEXT = SEED.read_text(encoding="utf-8")
WP5 = "docs/workplans/RAILIANCE-WP-0005.md"
WP6 = "docs/workplans/RAILIANCE-WP-0006.md"


def md(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


T03_HUB = 'state_hub_task_id: "4eab93a9-ad1b-46ca-97ef-18a059f64ab5"\n'
T05_HUB = 'state_hub_task_id: "6cf0e662-d7e2-48b1-b1f2-c7636240dd81"'

MANY_WP5 = edit(
    SEED_TEXT,
    (T03_HUB, ""),  # TK001
    ("owner: codex", "onwer: codex"),  # WP007
    (
        'status: done\npriority: high\nstate_hub_task_id: "299d9623',
        'status: todo\npriority: high\nstate_hub_task_id: "299d9623',
    ),  # WP006
    (T05_HUB, T05_HUB.replace("state_hub_task_id", "state_hub_taskid")),  # TK007 + TK001
    ("\n## T06 - Hand off", "\n## T04\n\n## T06 - Hand off"),  # TK008
)
MANY_WP6 = md(
    """
    ---
    id: RAILIANCE-WP-0006
    type: workplan
    title: "S5 follow-ups"
    status: actve
    owner: codex
    created: "2026-06-06"
    updated: "2026-12-24"
    state_hub_workstream_id: "TBD"
    ---

    # S5 follow-ups

    ## T01 - Publish the onboarding checklist

    ```task
    id: RAILIANCE-WP-0006-T01
    status: in_progress
    priority: medium
    state_hub_task_id: "af15d202-c013-48b1-8522-671477e31381"
    ```

    ## T02 – Retire the old build context

    ```task
    id: RAILIANCE-WP-0006-T02
    status: todo
    priority: [high
    ```

    ## T03: Reuse a task id

    ```task
    id: RAILIANCE-WP-0005-T03
    status: blocked
    priority: low
    state_hub_task_id: "0c4e2f1a-9b8d-4c7e-a6f5-3d2c1b0a9f8e"
    ```
    """
)
MANY = {
    WP5: MANY_WP5,
    WP6: MANY_WP6,
    "docs/workplans/draft.md": "---\ntype: workplan\n- id: RAILIANCE-WP-0007\n---\n\n# Draft\n",
    "docs/runbooks/gitea.md": md(
        """
        ---
        type: runbook
        title: Gitea package storage
        last_reviewed: "2026-03-02"
        ---

        # Gitea package storage
        """
    ),
}


def test_check_and_build_report_the_same_findings(make_site: MakeSite) -> None:
    root = make_site(MANY)
    cli = run_cli(root)
    build = run_build(root)
    assert cli.code == build.code == 1
    assert cli.findings == build.findings
    codes = {code for code, _path, _line in cli.codes}
    assert codes == {
        "IN002", "IN003", "WP002", "WP005", "WP006", "WP007", "WP008",
        "TK001", "TK003", "TK004", "TK005", "TK007", "TK008", "RB002", "RB003",
    }  # fmt: skip
    assert cli.codes == [
        ("RB003", "docs/runbooks/gitea.md", 1),
        ("RB002", "docs/runbooks/gitea.md", 4),
        ("WP007", WP5, line_of(MANY_WP5, "onwer:")),
        ("TK001", WP5, line_of(MANY_WP5, "```task", "## T03")),
        ("WP006", WP5, line_of(MANY_WP5, "status: todo")),
        ("TK001", WP5, line_of(MANY_WP5, "```task", "## T05")),
        ("TK007", WP5, line_of(MANY_WP5, "state_hub_taskid")),
        ("TK008", WP5, line_of(MANY_WP5, "## T04", "## T05")),
        ("WP002", WP6, 5),
        ("WP005", WP6, 8),
        ("WP008", WP6, 9),
        ("TK003", WP6, line_of(MANY_WP6, "af15d202")),
        ("IN003", WP6, line_of(MANY_WP6, "priority: [high")),
        ("TK004", WP6, line_of(MANY_WP6, "id: RAILIANCE-WP-0005-T03")),
        ("TK005", WP6, line_of(MANY_WP6, "id: RAILIANCE-WP-0005-T03")),
        ("IN002", "docs/workplans/draft.md", 3),
    ]
    # The build logs every finding, then aborts once all pages were written.
    assert (root / "site/workplans/RAILIANCE-WP-0005/index.html").is_file()
    assert "Traceback" not in build.stderr
    assert "workplans: 10 errors found; see the log above" in build.stderr


def test_verbose_and_strict_builds_change_nothing(make_site: MakeSite) -> None:
    root = make_site(MANY)
    plain = run_build(root)
    for args in (("-v",), ("--strict",), ("-v", "--strict")):
        other = run_build(root, *args)
        assert other.code == 1
        assert other.findings == plain.findings


WARNINGS_ONLY = {
    WP5: edit(SEED_TEXT, ("owner: codex", "onwer: codex")),
    "docs/runbooks/gitea.md": md(
        """
        ---
        type: runbook
        title: Gitea package storage
        owner: forge
        last_reviewed: "2026-03-02"
        ---

        # Gitea package storage
        """
    ),
}


def test_warnings_pass_without_strict_and_fail_with_it(make_site: MakeSite) -> None:
    root = make_site(WARNINGS_ONLY)
    expected = [("RB002", "docs/runbooks/gitea.md", 5), ("WP007", WP5, 8)]
    build = run_build(root)
    assert (build.code, build.codes) == (0, expected)
    assert all(
        line.startswith("WARNING") for line in build.stderr.splitlines() if " RB002 " in line or " WP007 " in line
    )
    strict = run_build(root, "--strict")
    assert (strict.code, strict.codes) == (1, expected)
    assert run_cli(root).code == 0
    assert run_cli(root, "--strict").code == 1
    assert run_cli(root).findings == build.findings == strict.findings


def test_errors_abort_even_without_strict_and_clean_passes(make_site: MakeSite) -> None:
    root = make_site({WP5: edit(SEED_TEXT, (T03_HUB, ""))})
    assert run_build(root).code == 1
    (root / WP5).write_text(SEED_TEXT, encoding="utf-8")
    for result in (run_build(root), run_build(root, "--strict"), run_cli(root, "--strict")):
        assert (result.code, result.findings) == (0, [])


# --- suppression ---------------------------------------------------------------------------

SUPPRESSED = md(
    """
    ---
    id: OPS-WP-0001
    type: workplan
    title: Rotate registry credentials
    status: active
    onwer: ops
    created: "2026-06-04"
    updated: "2026-11-20"
    state_hub_workstream_id: "685f1c18-33c0-400d-a2b1-e1dae0f27c3e"
    ---

    # Rotate registry credentials

    <!-- workplans: ignore-file WP007 -->

    ## T01 - Misspelt key, silenced for the whole block

    <!-- workplans: ignore TK007 -->

    ```task
    id: OPS-WP-0001-T01
    status: todo
    priority: high
    state_hub_taskid: "11111111-2222-4333-8444-555555555555"
    ```

    ## T02 - Two codes at once

    <!-- workplans: ignore TK006, TK007 -->
    ```task
    id: OPS-WP-0001-T02
    status: todo
    priority: urgent
    state_hub_task_id: "11111111-2222-4333-8444-555555555556"
    estimate: 3d
    ```

    <!-- workplans: ignore TK008 -->
    ## T03 - Not written yet

    <!-- workplans: ignore TK008 -->

    ## T04 - Blank line between comment and heading

    <!-- workplans: ignore TK001 -->
    ## T05 - The wrong code is not a blanket

    <!-- workplans: ignore TK008 -->

    A paragraph in between: the comment covered this line, not the heading.

    ## T06 - Too far away

    ## T07 - Without a comment

    ```task
    id: OPS-WP-0001-T07
    status: todo
    priority: low
    state_hub_taskid: "11111111-2222-4333-8444-555555555557"
    ```

    ## T08 - A broken block, known and accepted for now

    <!-- workplans: ignore IN003 -->
    ```task
    id: OPS-WP-0001-T08
    status: [todo
    ```
    """
)


def test_suppression_comments(make_site: MakeSite) -> None:
    path = "docs/workplans/OPS-WP-0001.md"
    root = make_site({path: SUPPRESSED})
    expected = [
        ("TK001", path, line_of(SUPPRESSED, "```task", "## T01")),  # only TK007 was silenced
        ("TK008", path, line_of(SUPPRESSED, "## T05")),
        ("TK008", path, line_of(SUPPRESSED, "## T06")),
        ("TK001", path, line_of(SUPPRESSED, "```task", "## T07")),
        ("TK007", path, line_of(SUPPRESSED, "state_hub_taskid", "## T07")),
    ]
    for result in (run_cli(root), run_build(root)):
        assert result.code == 1
        assert result.codes == expected


# --- code and comments never yield findings ---------------------------------------------------

QUIET = md(
    """
    ---
    id: OPS-WP-0002
    type: workplan
    title: Document the task format
    status: active
    created: "2026-06-04"
    updated: "2026-11-20"
    state_hub_workstream_id: "685f1c18-33c0-400d-a2b1-e1dae0f27c3e"
    ---

    # Document the task format

    A task looks like this:

    ````markdown
    ## T09 - Example task

    ```task
    id: EXAMPLE-T09
    status: someday
    state_hub_task_id: "TBD"
    ```
    ````

    ~~~yaml
    state_hub_taskid: [broken
    ~~~

        ## T10 - Indented code, not a heading

    <!--
    ## T11 - Commented out until planned

    ```task
    id: OPS-WP-0002-T99
    ```
    -->

    Silence a finding with `<!-- workplans: ignore-file TK001 -->`; this sentence only shows how.

    ```markdown
    <!-- workplans: ignore-file TK001 -->
    ```

    ## T01 - The only real task

    ```task
    id: OPS-WP-0002-T01
    status: todo
    priority: low
    ```
    """
)


def test_fenced_code_and_html_comments_never_yield_findings(make_site: MakeSite) -> None:
    path = "docs/workplans/OPS-WP-0002.md"
    root = make_site({path: QUIET})
    expected = [("TK001", path, line_of(QUIET, "```task", "## T01 - The only real task"))]
    for result in (run_cli(root), run_build(root)):
        assert result.code == 1
        assert result.codes == expected
    assert run_cli(root).stdout.endswith("in 2 files, 1 workplan, 1 task.\n")


# --- include --------------------------------------------------------------------------------

INCLUDE_YML = md(
    """
    site_name: Test
    plugins:
      - workplans:
          include: [SCOPE.md, INTENT.md, "workplans/*.md"]
    """
)


@pytest.mark.parametrize("broken", [True, False])
def test_include_checks_files_outside_docs_dir(make_site: MakeSite, broken: bool) -> None:
    workplan = edit(SEED_TEXT, (T03_HUB, "")) if broken else SEED_TEXT
    root = make_site(
        {
            "SCOPE.md": "# Scope\n\nWhat `railiance-apps` owns.\n",
            "workplans/RAILIANCE-WP-0005.md": workplan,
            "workplans/notes.txt": "not Markdown",
            "docs/SCOPE-summary.md": "# Summary\n",
        },
        INCLUDE_YML,
    )
    expected = [("TK001", "workplans/RAILIANCE-WP-0005.md", line_of(workplan, "```task", "## T03"))] if broken else []
    cli = run_cli(root)
    build = run_build(root)
    assert cli.codes == build.codes == expected
    assert cli.code == build.code == (1 if broken else 0)
    assert cli.stdout.endswith(" 4 files, 1 workplan, 6 tasks.\n")
    assert (root / "site/SCOPE/index.html").is_file()
    page = root / "site/workplans/RAILIANCE-WP-0005/index.html"
    assert page.is_file()
    assert "S5 app release readiness and scope alignment" in page.read_text(encoding="utf-8")
    assert not (root / "site/workplans/notes.txt").exists()
