"""One meaning of "passes": ``workplans check`` fails exactly when ``mkdocs build`` with the same config fails.

Each situation runs the CLI and the build in the three strict settings (none, ``--strict``,
``strict: true`` in ``mkdocs.yml``); builds also run under ``-q`` and ``-v``, which must not
change the verdict.
"""

from __future__ import annotations

import json

import pytest

from conftest import MakeSite, run_build, run_cli

BOTH = "site_name: Test\nplugins:\n  - workplans{options}\n  - refcheck{refcheck}\n"
RUNBOOK = "---\ntype: runbook\nowner: ops\nlast_reviewed: '2026-11-01'\n---\n\n# Deploy\n"
WORKPLAN = """\
---
id: OPS-WP-0001
type: workplan
title: Rotate
status: active
created: "2026-11-02"
updated: "2026-11-20"
state_hub_workstream_id: "0b6c2f4e-7d1a-4c55-9a3e-2f8e61d0c9b7"
---

# Rotate

## T01 - Issue accounts

```task
id: OPS-WP-0001-T01
status: todo
priority: high
state_hub_task_id: "5d0e3f7a-93b2-4f41-8c7e-1a2b3c4d5e6f"
```
"""

# name: (files, workplans options, refcheck options, fails without strict, fails in strict mode)
SITUATIONS: dict[str, tuple[dict[str, str | bytes], str, str, bool, bool]] = {
    "clean": ({"docs/plan.md": WORKPLAN, "docs/deploy.md": RUNBOOK}, "", "", False, False),
    "unknown plugin option": ({}, ":\n      includes: [SCOPE.md]", "", False, True),
    "RF009 warning": ({"notes.txt": "x\n", "docs/index.md": "# Home\n\n[notes](../notes.txt)\n"}, "", "", False, True),
    "WP005 warning": (
        {"docs/plan.md": WORKPLAN.replace('updated: "2026-11-20"', 'updated: "2026-10-20"')},
        "",
        "",
        False,
        True,
    ),
    "RB003 warning": ({"docs/deploy.md": RUNBOOK.replace("owner: ops\n", "")}, "", "", False, True),
    "WP007 warning": (
        {"docs/plan.md": WORKPLAN.replace("title: Rotate", "title: Rotate\nonwer: ops")},
        "",
        "",
        False,
        True,
    ),
    "RF001 error": ({"docs/index.md": "# Home\n\n[gone](gone.md)\n"}, "", "", True, True),
    "IN004 error": ({"docs/plan.md": WORKPLAN.replace("---\n\n# Rotate", "\n# Rotate")}, "", "", True, True),
    "error made a warning": (
        {"docs/index.md": "# Home\n\n[gone](gone.md)\n"},
        "",
        ":\n      rules: {RF001: warning}",
        False,
        True,
    ),
    "warning ignored": (
        {"docs/deploy.md": RUNBOOK.replace("owner: ops\n", "")},
        ":\n      rules: {RB003: ignore}",
        "",
        False,
        False,
    ),
    "invalid option": ({}, ":\n      rules: {RB002: off}", "", True, True),
}


@pytest.mark.parametrize("name", SITUATIONS)
def test_check_and_build_agree(make_site: MakeSite, name: str) -> None:
    files, options, refcheck, fails, fails_strict = SITUATIONS[name]
    config = BOTH.format(options=options, refcheck=refcheck)
    plain = make_site(files, config, name="plain")
    configured = make_site(files, config + "strict: true\n", name="configured")
    verdicts = {
        "check": run_cli(plain).code != 0,
        "build": run_build(plain).code != 0,
        "check --strict": run_cli(plain, "--strict").code != 0,
        "build --strict -q": run_build(plain, "--strict", "-q").code != 0,
        "build --strict -v": run_build(plain, "--strict", "-v").code != 0,
        "check, strict: true": run_cli(configured).code != 0,
        "build, strict: true": run_build(configured).code != 0,
        "build -q, strict: true": run_build(configured, "-q").code != 0,
    }
    plain_runs = ("check", "build")
    assert verdicts == {run: fails if run in plain_runs else fails_strict for run in verdicts}


UNKNOWN = "site_name: Test\nplugins:\n  - workplans:\n      includes: [SCOPE.md]\n"
WARNING = (
    "Config value 'plugins': Plugin 'workplans' option 'includes': Unrecognised configuration name: includes "
    "(did you mean 'include'?)"
)


def test_configuration_warnings_are_in_every_format(make_site: MakeSite) -> None:
    root = make_site({}, UNKNOWN)
    text = run_cli(root)
    assert (text.code, text.stdout) == (
        0,
        "Found 0 errors, 0 warnings, 0 infos, 1 configuration warning in 1 file, 0 workplans, 0 tasks.\n",
    )
    github = run_cli(root, "--format", "github")
    assert github.stdout == f"::warning file=mkdocs.yml,title=configuration::{WARNING}\n"
    report = json.loads(run_cli(root, "--format", "json").stdout)
    assert report["configuration"] == [{"severity": "warning", "path": "mkdocs.yml", "message": WARNING}]
    junit = run_cli(root, "--format", "junit").stdout
    assert '<testcase classname="workplans" name="mkdocs.yml"><failure type="configuration"' in junit
    assert 'failures="1"' in junit
    sarif = json.loads(run_cli(root, "--format", "sarif").stdout)
    notes = sarif["runs"][0]["invocations"][0]["toolConfigurationNotifications"]
    assert notes == [
        {
            "level": "warning",
            "message": {"text": WARNING},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": "mkdocs.yml"}}}],
        }
    ]


def test_a_configuration_that_fails_is_an_annotation_too(make_site: MakeSite) -> None:
    root = make_site({}, UNKNOWN + "strict: true\n")
    result = run_cli(root, "--format", "github")
    assert result.code == 2
    assert result.stdout == f"::error file=mkdocs.yml,title=configuration::{WARNING}\n"
    assert result.stderr == f"Error: invalid configuration in mkdocs.yml: {WARNING}\n"
