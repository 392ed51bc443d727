"""WP001-WP008: the front matter of a workplan, on edits of the real seed workplan."""

from __future__ import annotations

import json

import pytest

from conftest import SEED, MakeSite, edit, line_of, run_build, run_cli

PATH = "docs/workplans/RAILIANCE-WP-0005.md"
SEED_TEXT = SEED.read_text(encoding="utf-8")
WORKSTREAM = 'state_hub_workstream_id: "685f1c18-33c0-400d-a2b1-e1dae0f27c3e"'


# (changes to the seed, [(code, needle of the line or None for the opening ---, column, message)])
Expected = list[tuple[str, str | None, int, str]]
CASES: dict[str, tuple[tuple[tuple[str, str], ...], Expected]] = {
    "WP001-title-missing": (
        (('title: "S5 app release readiness and scope alignment"\n', ""),),
        [("WP001", None, 1, "workplan field 'title' is missing")],
    ),
    "WP001-status-empty": (
        (("status: finished", "status:"),),
        [("WP001", "status:", 1, "workplan field 'status' is empty")],
    ),
    "WP001-dates-missing": (
        (('created: "2026-06-04"\n', ""), ('updated: "2026-06-05"\n', "")),
        [
            ("WP001", None, 1, "workplan field 'created' is missing"),
            ("WP001", None, 1, "workplan field 'updated' is missing"),
        ],
    ),
    "WP002-id-pattern": (
        (("RAILIANCE-WP-0005", "RAILIANCE-WP-5"),),
        [
            (
                "WP002",
                "id: RAILIANCE-WP-5",
                5,
                r"workplan id 'RAILIANCE-WP-5' does not match id_pattern '^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-WP-\d{4}$'",
            )
        ],
    ),
    "WP002-status-typo": (
        (("status: finished", "status: finshed"),),
        [
            (
                "WP002",
                "status: finshed",
                9,
                "status 'finshed' is not one of statuses: proposed, planned, active, blocked, finished, "
                "cancelled, superseded (did you mean 'finished'?)",
            )
        ],
    ),
    "WP002-priority-typo": (
        (("planning_priority: medium", "planning_priority: meduim"),),
        [
            (
                "WP002",
                "planning_priority:",
                20,
                "planning_priority 'meduim' is not one of priorities: low, medium, high, critical "
                "(did you mean 'medium'?)",
            )
        ],
    ),
    "WP002-dates": (
        (('created: "2026-06-04"', 'created: "2026-06-31"'), ('updated: "2026-06-05"', "updated: 05.06.2026")),
        [
            ("WP002", "created:", 10, "created '2026-06-31' is not a YYYY-MM-DD date"),
            ("WP002", "updated:", 10, "updated '05.06.2026' is not a YYYY-MM-DD date"),
        ],
    ),
    "unquoted-dates-are-fine": (
        (('created: "2026-06-04"', "created: 2026-06-04"), ('updated: "2026-06-05"', "updated: 2026-06-05")),
        [],
    ),
    "WP003-missing": (
        ((WORKSTREAM + "\n", ""),),
        [("WP003", None, 1, "workplan has no State Hub workstream: 'state_hub_workstream_id' is missing")],
    ),
    "WP003-empty": (
        ((WORKSTREAM, 'state_hub_workstream_id: ""'),),
        [
            (
                "WP003",
                "state_hub_workstream_id",
                1,
                "workplan has no State Hub workstream: 'state_hub_workstream_id' is empty",
            )
        ],
    ),
    "WP005-updated-before-created": (
        (('updated: "2026-06-05"', 'updated: "2026-06-03"'),),
        [("WP005", "updated:", 10, "updated 2026-06-03 is before created 2026-06-04")],
    ),
    "WP006-open-task-in-finished-workplan": (
        (
            (
                'status: done\npriority: high\nstate_hub_task_id: "299d9623',
                'status: in_progress\npriority: high\nstate_hub_task_id: "299d9623',
            ),
        ),
        [("WP006", "status: in_progress", 9, "task T04 is 'in_progress' but the workplan is 'finished'")],
    ),
    "WP006-cancelled-task-is-terminal": (
        (
            (
                'status: done\npriority: high\nstate_hub_task_id: "299d9623',
                'status: cancelled\npriority: high\nstate_hub_task_id: "299d9623',
            ),
        ),
        [],
    ),
    "WP007-typo-with-hint": (
        (("owner: codex", "onwer: codex"),),
        [("WP007", "onwer:", 1, "unknown front-matter key 'onwer' (did you mean 'owner'?)")],
    ),
    "WP007-unknown-without-hint": (
        (("topic_slug: railiance", "topic_slug: railiance\nreviewers: [ops]"),),
        [("WP007", "reviewers:", 1, "unknown front-matter key 'reviewers'")],
    ),
    "WP007-misspelt-workstream-is-also-WP003": (
        ((WORKSTREAM, 'state_hub_workstream: "685f1c18-33c0-400d-a2b1-e1dae0f27c3e"'),),
        [
            ("WP003", None, 1, "workplan has no State Hub workstream: 'state_hub_workstream_id' is missing"),
            (
                "WP007",
                "state_hub_workstream:",
                1,
                "unknown front-matter key 'state_hub_workstream' (did you mean 'state_hub_workstream_id'?)",
            ),
        ],
    ),
    "WP008-tbd": (
        ((WORKSTREAM, 'state_hub_workstream_id: "TBD"'),),
        [("WP008", "state_hub_workstream_id", 26, "'state_hub_workstream_id' 'TBD' is not a State Hub id")],
    ),
    "WP008-truncated-uuid": (
        ((WORKSTREAM, "state_hub_workstream_id: 685f1c18-33c0-400d-a2b1"),),
        [
            (
                "WP008",
                "state_hub_workstream_id",
                26,
                "'state_hub_workstream_id' '685f1c18-33c0-400d-a2b1' is not a State Hub id",
            )
        ],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_front_matter_rule(make_site: MakeSite, case: str) -> None:
    changes, expected = CASES[case]
    text = edit(SEED_TEXT, *changes)
    root = make_site({PATH: text})
    result = run_cli(root)
    want = [
        (code, PATH, 1 if needle is None else line_of(text, needle), column, message)
        for code, needle, column, message in expected
    ]
    assert result.details == want
    errors = any(code not in ("WP005", "WP006", "WP007") for code, *_ in expected)
    assert result.code == (1 if errors else 0)
    assert "Traceback" not in result.stderr


def test_wp004_across_two_files_reports_the_later_copy(make_site: MakeSite) -> None:
    """A new workplan started from a copy of the seed's front matter keeps the old id."""
    draft = edit(
        SEED_TEXT.split("# S5 app release readiness")[0],
        ('title: "S5 app release readiness and scope alignment"', 'title: "S6 observability baseline"'),
        ("status: finished", "status: proposed"),
        ('updated: "2026-06-05"', 'updated: "2026-11-20"'),  # a fresh draft, not a stale one (WP011)
        (WORKSTREAM, 'state_hub_workstream_id: "0b8e0a43-3f8e-4f57-9d52-0d6f1b0c2a11"'),
    )
    draft += "# S6 observability baseline\n\n## Context\n\nDraft.\n"
    root = make_site({PATH: SEED_TEXT, "docs/workplans/s6-observability.md": draft})
    result = run_cli(root)
    assert result.code == 1
    assert result.details == [
        (
            "WP004",
            "docs/workplans/s6-observability.md",
            2,
            5,
            f"workplan id 'RAILIANCE-WP-0005' is already used at {PATH}:2",
        )
    ]


def test_wp005_future_dates_against_source_date_epoch(make_site: MakeSite) -> None:
    """conftest fixes today at 2026-11-27 through SOURCE_DATE_EPOCH: today is fine, tomorrow is not."""
    text = edit(SEED_TEXT, ('updated: "2026-06-05"', 'updated: "2026-11-27"'))
    root = make_site({PATH: text})
    assert run_cli(root).findings == []

    text = edit(SEED_TEXT, ('updated: "2026-06-05"', 'updated: "2026-11-28"'))
    (root / PATH).write_text(text, encoding="utf-8")
    result = run_cli(root)
    assert result.code == 0  # a warning
    assert result.details == [("WP005", PATH, 12, 10, "updated 2026-11-28 is in the future (today is 2026-11-27)")]
    assert run_cli(root, "--strict").code == 1


def test_wp005_future_dates_with_today_option(make_site: MakeSite) -> None:
    root = make_site({PATH: SEED_TEXT})
    result = run_cli(root, "--today", "2026-06-04", "--format", "json")
    assert result.code == 0
    assert [
        (f["code"], f["severity"], f["line"], f["column"], f["message"]) for f in json.loads(result.stdout)["findings"]
    ] == [("WP005", "warning", 12, 10, "updated 2026-06-05 is in the future (today is 2026-06-04)")]
    result = run_cli(root, "--today", "2026-06-03")
    assert result.details == [
        ("WP005", PATH, 11, 10, "created 2026-06-04 is in the future (today is 2026-06-03)"),
        ("WP005", PATH, 12, 10, "updated 2026-06-05 is in the future (today is 2026-06-03)"),
    ]


def test_pages_without_type_workplan_are_not_checked(make_site: MakeSite) -> None:
    """The same front matter without ``type: workplan`` is an ordinary page."""
    text = edit(SEED_TEXT, ("type: workplan\n", ""), ('created: "2026-06-04"\n', ""), ("owner: codex", "onwer: codex"))
    root = make_site(
        {PATH: text, "docs/runbook-like.md": "---\ntype: notes\nstatus: whatever\n---\n\n## T01 - Not a task\n"}
    )
    result = run_cli(root)
    assert result.code == 0
    assert result.findings == []
    assert result.stdout.strip() == "All checks passed: 3 files, 0 workplans, 0 tasks."


def test_wp011_open_workplan_not_updated_for_stale_after_days(make_site: MakeSite) -> None:
    """Today is 2026-11-27 (conftest); the seed was last updated 2026-06-05, 175 days before."""
    root = make_site({PATH: SEED_TEXT})
    assert run_cli(root).findings == []  # finished: a closed workplan is never stale
    reopened = edit(SEED_TEXT, ("status: finished", "status: active"))
    (root / PATH).write_text(reopened, encoding="utf-8")
    message = "workplan is stale: not updated for 175 days (stale_after_days: 60)"
    for result in (run_cli(root), run_build(root)):
        assert result.code == 0  # a warning
        assert result.details == [("WP011", PATH, 12, 10, message)]
    assert run_cli(root, "--strict").code == 1
    assert run_cli(root, "--today", "2026-08-04").findings == []  # 60 days: not yet
    assert run_cli(root, "--today", "2026-08-05").details == [
        ("WP011", PATH, 12, 10, "workplan is stale: not updated for 61 days (stale_after_days: 60)")
    ]


def test_wp011_follows_the_option_and_skips_what_other_rules_report(make_site: MakeSite) -> None:
    reopened = edit(SEED_TEXT, ("status: finished", "status: blocked"))
    config = "site_name: Test\nplugins:\n  - workplans:\n      stale_after_days: 175\n"
    root = make_site({PATH: reopened}, config)
    assert run_cli(root).findings == []
    assert [f[0] for f in run_cli(root, "--today", "2026-11-28").details] == ["WP011"]
    (root / PATH).write_text(edit(reopened, ('updated: "2026-06-05"', "updated: someday")), encoding="utf-8")
    assert [f[0] for f in run_cli(root, "--today", "2027-06-01").details] == ["WP002"]
