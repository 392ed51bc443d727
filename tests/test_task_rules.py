"""TK001-TK008: the task sections of a workplan, on edits of the real seed workplan."""

from __future__ import annotations

import json
import textwrap

import pytest

from conftest import SEED, MakeSite, edit, line_of, run_build, run_cli

PATH = "docs/workplans/RAILIANCE-WP-0005.md"
SEED_TEXT = SEED.read_text(encoding="utf-8")
T03_HUB = 'state_hub_task_id: "4eab93a9-ad1b-46ca-97ef-18a059f64ab5"'
T01_ID_LINE = SEED_TEXT.splitlines().index("id: RAILIANCE-WP-0005-T01") + 1


# (changes, [(code, needle, needle's section or None, column, message)])
Expected = list[tuple[str, str, str | None, int, str]]
CASES: dict[str, tuple[tuple[tuple[str, str], ...], Expected]] = {
    "TK001-empty": (
        ((T03_HUB, 'state_hub_task_id: ""'),),
        [("TK001", 'state_hub_task_id: ""', None, 1, "task T03 has no State Hub id: 'state_hub_task_id' is empty")],
    ),
    "TK001-null": (
        ((T03_HUB, "state_hub_task_id:"),),
        [("TK001", "state_hub_task_id:", "## T03", 1, "task T03 has no State Hub id: 'state_hub_task_id' is empty")],
    ),
    "TK002-tbd": (
        ((T03_HUB, 'state_hub_task_id: "TBD"'),),
        [("TK002", '"TBD"', None, 20, "'state_hub_task_id' 'TBD' is not a State Hub id")],
    ),
    "TK002-number": (
        ((T03_HUB, "state_hub_task_id: 4711"),),
        [("TK002", "4711", None, 20, "'state_hub_task_id' 4711 is not a State Hub id")],
    ),
    "TK004-missing-id": (
        (("id: RAILIANCE-WP-0005-T02\n", ""),),
        [("TK004", "```task", "## T02", 1, "task T02 has no id; expected 'RAILIANCE-WP-0005-T02'")],
    ),
    "TK004-wrong-workplan": (
        (("id: RAILIANCE-WP-0005-T05", "id: RAILIANCE-WP-0004-T05"),),
        [
            (
                "TK004",
                "id: RAILIANCE-WP-0004-T05",
                None,
                5,
                "task id 'RAILIANCE-WP-0004-T05' does not match its heading; expected 'RAILIANCE-WP-0005-T05'",
            )
        ],
    ),
    "TK004-TK005-copied-block": (
        (("id: RAILIANCE-WP-0005-T02", "id: RAILIANCE-WP-0005-T01"),),
        [
            (
                "TK004",
                "id: RAILIANCE-WP-0005-T01",
                "## T02",
                5,
                "task id 'RAILIANCE-WP-0005-T01' does not match its heading; expected 'RAILIANCE-WP-0005-T02'",
            ),
            (
                "TK005",
                "id: RAILIANCE-WP-0005-T01",
                "## T02",
                5,
                f"task id 'RAILIANCE-WP-0005-T01' is already used at {PATH}:{T01_ID_LINE}",
            ),
        ],
    ),
    "TK006-status-and-priority": (
        (
            (
                "id: RAILIANCE-WP-0005-T04\nstatus: done\npriority: high",
                "id: RAILIANCE-WP-0005-T04\nstatus: finished\npriority: hgh",
            ),
        ),
        [
            (
                "TK006",
                "status: finished",
                "## T04",
                9,
                "task status 'finished' is not one of task_statuses: todo, in_progress, blocked, done, cancelled",
            ),
            (
                "TK006",
                "priority: hgh",
                None,
                11,
                "task priority 'hgh' is not one of priorities: low, medium, high, critical (did you mean 'high'?)",
            ),
        ],
    ),
    "TK006-missing": (
        (("id: RAILIANCE-WP-0005-T06\nstatus: done\npriority: medium\n", "id: RAILIANCE-WP-0005-T06\n"),),
        [
            ("TK006", "```task", "## T06", 1, "task T06 has no priority"),
            ("TK006", "```task", "## T06", 1, "task T06 has no status"),
        ],
    ),
    "TK007-misspelt-state-hub-key": (
        ((T03_HUB, T03_HUB.replace("state_hub_task_id", "state_hub_taskid")),),
        [
            ("TK001", "```task", "## T03", 1, "task T03 has no State Hub id: 'state_hub_task_id' is missing"),
            (
                "TK007",
                "state_hub_taskid:",
                None,
                1,
                "unknown task key 'state_hub_taskid' (did you mean 'state_hub_task_id'?)",
            ),
        ],
    ),
    "TK007-unknown-key": (
        ((T03_HUB, T03_HUB + "\nestimate: 3d"),),
        [("TK007", "estimate: 3d", None, 1, "unknown task key 'estimate'")],
    ),
    # A bare '## T04' pasted again later: a new section of its own, without a block.
    "TK008-bare-heading": (
        (("\n## T06 - Hand off", "\n## T04\n\n---\n\n## T06 - Hand off"),),
        [("TK008", "## T04", "## T05", 1, "task heading 'T04' has no ```task block before the next section")],
    ),
    "TK008-block-after-the-next-section": (
        (
            (
                "## T05 - Make manifest dry-run workflow prerequisites explicit\n\n```task",
                "## T05 - Make manifest dry-run workflow prerequisites explicit\n\n### Notes\n\n## Details\n\n```task",
            ),
        ),
        [
            (
                "TK008",
                "## T05 - Make manifest",
                None,
                1,
                "task heading 'T05' has no ```task block before the next section",
            )
        ],
    ),
}


@pytest.mark.parametrize("case", list(CASES))
def test_task_rule(make_site: MakeSite, case: str) -> None:
    changes, expected = CASES[case]
    text = edit(SEED_TEXT, *changes)
    root = make_site({PATH: text})
    result = run_cli(root)
    want = [
        (code, PATH, line_of(text, needle, after), column, message) for code, needle, after, column, message in expected
    ]
    assert result.details == want
    assert result.code == (1 if any(code != "TK007" for code, *_ in expected) else 0)


def test_tk005_two_sections_with_the_same_number(make_site: MakeSite) -> None:
    """A section pasted twice with its heading: both ids match their headings, the second is TK005."""
    again = textwrap.dedent(
        """
        ## T06 - Hand off Gitea package registry storage (follow-up)

        ```task
        id: RAILIANCE-WP-0005-T06
        status: done
        priority: low
        state_hub_task_id: "c1a7e2f0-5d1b-4a8e-9c3f-7b2d4e6f8a90"
        ```
        """
    )
    text = SEED_TEXT + again
    root = make_site({PATH: text})
    result = run_cli(root)
    assert result.code == 1
    first = line_of(text, "id: RAILIANCE-WP-0005-T06")
    assert result.details == [
        (
            "TK005",
            PATH,
            line_of(text, "id: RAILIANCE-WP-0005-T06", "(follow-up)"),
            5,
            f"task id 'RAILIANCE-WP-0005-T06' is already used at {PATH}:{first}",
        )
    ]


SIBLING = textwrap.dedent(
    """
    ---
    id: RAILIANCE-WP-0006
    type: workplan
    title: "S5 follow-ups"
    status: active
    owner: codex
    created: "2026-06-06"
    updated: "2026-11-20"
    state_hub_workstream_id: "1d2c3b4a-0000-4e5f-8a9b-aabbccddeeff"
    ---

    # S5 follow-ups

    ## T01 - Publish the onboarding checklist

    ```task
    id: RAILIANCE-WP-0006-T01
    status: in_progress
    priority: medium
    state_hub_task_id: "4eab93a9-ad1b-46ca-97ef-18a059f64ab5"
    ```

    ## T02 - Reuse the workstream id by mistake

    ```task
    id: RAILIANCE-WP-0006-T02
    status: todo
    priority: low
    state_hub_task_id: "685f1c18-33c0-400d-a2b1-e1dae0f27c3e"
    ```
    """
).lstrip("\n")


def test_tk003_state_hub_id_shared_across_workplans(make_site: MakeSite) -> None:
    """One State Hub row mirrored by two tasks, and a task id that is really a workstream id."""
    other = "docs/workplans/RAILIANCE-WP-0006.md"
    root = make_site({PATH: SEED_TEXT, other: SIBLING})
    t03 = line_of(SEED_TEXT, "4eab93a9")
    expected = [
        (
            "TK003",
            other,
            line_of(SIBLING, "4eab93a9"),
            20,
            "State Hub id '4eab93a9-ad1b-46ca-97ef-18a059f64ab5' is already used by "
            f"task RAILIANCE-WP-0005-T03 ({PATH}:{t03})",
        ),
        (
            "TK003",
            other,
            line_of(SIBLING, "685f1c18"),
            20,
            "State Hub id '685f1c18-33c0-400d-a2b1-e1dae0f27c3e' is already used by "
            f"workstream of RAILIANCE-WP-0005 ({PATH}:13)",
        ),
    ]
    for result in (run_cli(root), run_build(root)):
        assert result.code == 1
        assert result.details == expected


HEADINGS = textwrap.dedent(
    """
    ---
    id: OPS-WP-0012
    type: workplan
    title: Separators
    status: active
    created: "2026-06-04"
    updated: "2026-11-20"
    state_hub_workstream_id: "0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9"
    ---

    # Separators

    ## T01 – En dash

    ```task
    id: OPS-WP-0012-T01
    status: todo
    priority: low
    state_hub_task_id: "11111111-2222-4333-8444-555555555555"
    ```

    ## T02 — Em dash

    ```task
    id: OPS-WP-0012-T02
    status: todo
    priority: low
    state_hub_task_id: "11111111-2222-4333-8444-555555555556"
    ```

    ## T03: Colon

    ```task
    id: OPS-WP-0012-T03
    status: todo
    priority: low
    state_hub_task_id: "11111111-2222-4333-8444-555555555557"
    ```

    ## T04 - Write `INTENT.md` **first**

    ```task
    id: OPS-WP-0012-T04
    status: todo
    priority: low
    state_hub_task_id: "11111111-2222-4333-8444-555555555558"
    ```

    ## T05 – No block (en dash)

    ## T06 — No block (em dash)

    ## T07: No block (colon)

    ## T08

    ### T09 - Level 3 is not a task

    ## Timeline - not a task
    """
).lstrip("\n")


def test_task_heading_separators(make_site: MakeSite) -> None:
    path = "docs/OPS-WP-0012.md"
    root = make_site({path: HEADINGS})
    result = run_cli(root, "--format", "json")
    report = json.loads(result.stdout)
    assert report["summary"]["tasks"] == 8
    assert [(f["code"], f["line"], f["column"], f["message"]) for f in report["findings"]] == [
        (
            "TK008",
            line_of(HEADINGS, f"## T0{n}"),
            1,
            f"task heading 'T0{n}' has no ```task block before the next section",
        )
        for n in (5, 6, 7, 8)
    ]
