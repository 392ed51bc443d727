"""RB001-RB003: runbooks have their required sections, an owner and a recent review.

Today is 2026-11-27 (SOURCE_DATE_EPOCH, set by conftest).
"""

from __future__ import annotations

import textwrap

import pytest

from conftest import MakeSite, run_build, run_cli


def runbook(front: str, body: str = "") -> str:
    body = (
        body
        or """
        # vergabe-teilnahme operations

        ## Deploy

        Run `make deploy APP=vergabe-teilnahme`.

        ## Smoke Test

        Check the health endpoint with the right Host header.

        ## Rollback

        Roll back with `helm rollback vergabe-teilnahme`.
        """
    )
    return (
        "---\ntype: runbook\ntitle: vergabe-teilnahme operations\n"
        + textwrap.dedent(front).lstrip("\n")
        + "---\n\n"
        + textwrap.dedent(body).lstrip("\n")
    )


SECTIONS_YML = """\
site_name: Test
plugins:
  - workplans:
      runbooks:
        required_sections: [Rollback, "Smoke test", Contacts]
"""

COMPLETE = runbook('owner: ops\nlast_reviewed: "2026-11-01"\n')


def test_rb001_required_sections(make_site: MakeSite) -> None:
    body = "# Restart Gitea\n\n## Contacts\n\nThe forge on-call rota.\n\n## Smoke `test`\n\nOpen the login page.\n"
    root = make_site(
        {
            "docs/runbooks/vergabe.md": COMPLETE,  # Smoke Test/Rollback present, Contacts missing
            "docs/runbooks/gitea.md": runbook('owner: forge\nlast_reviewed: "2026-11-01"\n', body),
            "docs/notes.md": "# Notes\n\nNot a runbook: no sections required.\n",
        },
        SECTIONS_YML,
    )
    expected = [
        ("RB001", "docs/runbooks/gitea.md", 1, 1, "runbook has no 'Rollback' section"),
        ("RB001", "docs/runbooks/vergabe.md", 1, 1, "runbook has no 'Contacts' section"),
    ]
    for result in (run_cli(root), run_build(root)):
        assert result.code == 1
        assert result.details == expected


def test_rb001_without_required_sections_configured(make_site: MakeSite) -> None:
    root = make_site({"docs/runbooks/vergabe.md": runbook('owner: ops\nlast_reviewed: "2026-11-01"\n', "# Bare\n")})
    result = run_cli(root)
    assert result.code == 0
    assert result.findings == []


@pytest.mark.parametrize(
    ("last_reviewed", "config", "expected"),
    [
        ('"2026-05-31"', "", None),  # exactly 180 days: due today, not overdue
        ('"2026-05-30"', "", "runbook review overdue: last reviewed 181 days ago (review_max_age_days: 180)"),
        ("2025-01-15", "", "runbook review overdue: last reviewed 681 days ago (review_max_age_days: 180)"),
        ('"2026-10-28"', "review_max_age_days: 30", None),
        (
            '"2026-10-27"',
            "review_max_age_days: 30",
            "runbook review overdue: last reviewed 31 days ago (review_max_age_days: 30)",
        ),
    ],
)
def test_rb002_review_overdue(make_site: MakeSite, last_reviewed: str, config: str, expected: str | None) -> None:
    yml = "site_name: Test\nplugins:\n  - workplans"
    yml += f":\n      runbooks:\n        {config}\n" if config else "\n"
    text = runbook(f"owner: ops\nlast_reviewed: {last_reviewed}\n")
    root = make_site({"docs/runbooks/vergabe.md": text}, yml)
    result = run_cli(root)
    assert result.code == 0  # a warning
    if expected is None:
        assert result.findings == []
    else:
        assert result.details == [("RB002", "docs/runbooks/vergabe.md", 5, 16, expected)]
        assert run_cli(root, "--strict").code == 1


def test_rb003_owner_and_last_reviewed(make_site: MakeSite) -> None:
    root = make_site(
        {
            "docs/runbooks/a-no-owner.md": runbook('last_reviewed: "2026-11-01"\n'),
            "docs/runbooks/b-empty-owner.md": runbook('owner: ""\nlast_reviewed: "2026-11-01"\n'),
            "docs/runbooks/c-never-reviewed.md": runbook("owner: ops\n"),
            "docs/runbooks/d-bad-date.md": runbook("owner: ops\nlast_reviewed: 01.11.2026\n"),
            "docs/runbooks/e-nothing.md": runbook(""),
            "docs/runbooks/f-no-such-day.md": runbook("owner: ops\nlast_reviewed: 2026-11-31\n"),
        }
    )
    expected = [
        ("RB003", "docs/runbooks/a-no-owner.md", 1, 1, "runbook has no 'owner'"),
        ("RB003", "docs/runbooks/b-empty-owner.md", 4, 1, "runbook has no 'owner'"),
        ("RB003", "docs/runbooks/c-never-reviewed.md", 1, 1, "runbook has no 'last_reviewed'"),
        ("RB003", "docs/runbooks/d-bad-date.md", 5, 16, "last_reviewed '01.11.2026' is not a YYYY-MM-DD date"),
        ("RB003", "docs/runbooks/e-nothing.md", 1, 1, "runbook has no 'last_reviewed'"),
        ("RB003", "docs/runbooks/e-nothing.md", 1, 1, "runbook has no 'owner'"),
        ("RB003", "docs/runbooks/f-no-such-day.md", 5, 16, "last_reviewed '2026-11-31' is not a calendar date"),
    ]
    for result in (run_cli(root), run_build(root)):
        assert result.code == 0  # warnings only
        assert result.details == expected
    assert run_cli(root, "--strict").code == 1
    assert run_build(root, "--strict").code == 1
