"""Adoption (issue 11): the messages a new user meets first, each exact."""

from __future__ import annotations

import pytest

from conftest import MakeSite, run_build, run_cli

BOTH = "site_name: Test\nplugins:\n  - workplans\n  - refcheck\n"
RUNBOOK = "---\ntype: runbook\nowner: ops\n---\n\n# Deploy\n\n## Procedure\n\n## Rollback\n\n## Verification\n"


def test_file_hint_is_written_as_the_link_was(make_site: MakeSite) -> None:
    root = make_site({"SCOPE.md": "# Scope\n", "docs/index.md": "# Home\n\n[scope](../NOPE.md)\n"}, BOTH)
    expected = [
        ("RF001", "docs/index.md", 3, 1, "link target '../NOPE.md' does not exist (did you mean '../SCOPE.md'?)")
    ]
    assert run_cli(root).details == expected
    assert run_build(root).details == expected


def test_the_verdict_names_the_plugin_whose_rules_found_it(make_site: MakeSite) -> None:
    root = make_site({"docs/index.md": "# Home\n\n[gone](gone.md)\n"}, BOTH)
    build = run_build(root)
    assert build.code == 1
    assert "ERROR   -  refcheck: 1 error found; see the log above" in build.stderr
    (root / "docs/plan.md").write_text("---\ntype: workplan\n---\n# Plan\n", encoding="utf-8")
    build = run_build(root)
    assert "ERROR   -  workplans: 6 errors; refcheck: 1 error found; see the log above" in build.stderr


@pytest.mark.parametrize(
    ("config", "args"),
    [(BOTH, ("-q", "--strict")), (BOTH + "strict: true\n", ("-q",)), (BOTH + "strict: true\n", ("--quiet",))],
)
def test_quiet_does_not_switch_strict_mode_off(make_site: MakeSite, config: str, args: tuple[str, ...]) -> None:
    """MkDocs drops warnings under ``-q`` before strict mode counts them: the gate counts its own."""
    root = make_site({"docs/runbook.md": RUNBOOK.replace("owner: ops\n", "")}, config)
    build = run_build(root, *args)
    assert build.code == 1
    assert build.details == [
        ("RB003", "docs/runbook.md", 1, 1, "runbook has no 'last_reviewed'"),
        ("RB003", "docs/runbook.md", 1, 1, "runbook has no 'owner'"),
    ]
    assert "ERROR   -  docs/runbook.md:1:1 RB003 runbook has no 'owner'" in build.stderr
    assert "ERROR   -  workplans: 2 warnings found in strict mode; see the log above" in build.stderr
    assert run_cli(root, *[a for a in args if a == "--strict"]).code == 1
    assert run_build(root, "-q").code == (1 if "strict: true" in config else 0)


WORKPLAN = """\
---
id: OPS-WP-0001
type: workplan
title: "Rotate the registry credentials"
status: active
created: "2026-11-02"
updated: "2026-11-20"
state_hub_workstream_id: "0b6c2f4e-7d1a-4c55-9a3e-2f8e61d0c9b7"
---

# Rotate the registry credentials

## T01 - Issue new robot accounts

```task
id: OPS-WP-0001-T01
status: todo
priority: high
```

Before OPS-WP-0001-T01 is done, nothing else.
"""
MENTIONS = "# Home\n\nSee OPS-WP-0001 and OPS-WP-0001-T01.\n"


def test_a_quote_left_open_is_reported_where_it_was_opened_without_knock_on_findings(make_site: MakeSite) -> None:
    broken = WORKPLAN.replace('title: "Rotate the registry credentials"', 'title: "Rotate the registry credentials')
    root = make_site({"docs/plan.md": broken, "docs/index.md": MENTIONS}, BOTH)
    expected = [
        (
            "IN002",
            "docs/plan.md",
            4,
            8,
            "front matter is not a YAML mapping: invalid YAML: quote not closed on its line "
            "(YAML read on to line 6: did not find expected key)",
        )
    ]
    assert run_cli(root).details == expected
    assert run_build(root).details == expected


def test_unclosed_front_matter_is_in004_and_the_workplan_is_still_checked(make_site: MakeSite) -> None:
    unclosed = WORKPLAN.replace("---\n\n# Rotate", "\n# Rotate")
    root = make_site({"docs/plan.md": unclosed, "docs/index.md": MENTIONS, "docs/rule.md": "---\n\nA rule.\n"}, BOTH)
    expected = [
        ("IN004", "docs/plan.md", 1, 1, "front matter opened with '---' is never closed (add '---' after line 8)"),
        ("TK001", "docs/plan.md", 14, 1, "task T01 has no State Hub id: 'state_hub_task_id' is missing"),
    ]
    assert run_cli(root).details == expected
    assert run_build(root).details == expected


@pytest.mark.parametrize(
    ("options", "warning"),
    [
        (
            "workplans:\n      statehub:\n        task-url: https://statehub.example/tasks/{id}",
            "Plugin 'workplans' option 'statehub': Sub-option 'task-url': Unrecognised configuration name: task-url "
            "(did you mean 'task_url'?)",
        ),
        (
            "workplans:\n      state_hub:\n        task_url: https://statehub.example/tasks/{id}",
            "Plugin 'workplans' option 'state_hub': Unrecognised configuration name: state_hub "
            "(did you mean 'statehub'?)",
        ),
        (
            "workplans:\n      includes: [SCOPE.md]",
            "Plugin 'workplans' option 'includes': Unrecognised configuration name: includes (did you mean 'include'?)",
        ),
        (
            "refcheck:\n      extrenal:\n        enabled: true",
            "Plugin 'refcheck' option 'extrenal': Unrecognised configuration name: extrenal (did you mean 'external'?)",
        ),
    ],
)
def test_unknown_options_get_a_did_you_mean(make_site: MakeSite, options: str, warning: str) -> None:
    root = make_site({}, f"site_name: Test\nplugins:\n  - {options}\n")
    check = run_cli(root)
    assert check.code == 0
    assert check.stderr == f"WARNING: Config value 'plugins': {warning}\n"
    build = run_build(root)
    assert f"WARNING -  Config value 'plugins': {warning}\n" in build.stderr


@pytest.mark.parametrize(
    ("rules", "error"),
    [
        ("RB02: warning", "unknown rule code 'RB02' (did you mean 'RB002'?)"),
        ("rb002: warning", "unknown rule code 'rb002' (did you mean 'RB002'?)"),
        (
            "RB002: off",
            "RB002: false is a YAML boolean, not a severity: use 'ignore', not off/false/no, to turn a rule off",
        ),
        (
            "RB002: no",
            "RB002: false is a YAML boolean, not a severity: use 'ignore', not off/false/no, to turn a rule off",
        ),
        ("RB002: on", "RB002: true is a YAML boolean, not a severity: use one of error, warning, info, ignore"),
        (
            "RB002: warn",
            "RB002: unknown severity 'warn' (did you mean 'warning'?); use one of error, warning, info, ignore",
        ),
        ("RB002:", "RB002: no severity given; use one of error, warning, info, ignore"),
    ],
)
def test_rule_mistakes_say_what_to_write(make_site: MakeSite, rules: str, error: str) -> None:
    root = make_site({}, f"site_name: Test\nplugins:\n  - refcheck:\n      rules:\n        {rules}\n")
    check = run_cli(root)
    assert check.code == 2
    assert check.stderr == (
        "Error: invalid configuration in mkdocs.yml: "
        f"Config value 'plugins': Plugin 'refcheck' option 'rules': {error}\n"
    )
    build = run_build(root)
    assert build.code == 1
    assert f"ERROR   -  Config value 'plugins': Plugin 'refcheck' option 'rules': {error}\n" in build.stderr
