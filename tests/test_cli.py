"""``workplans check``: exit codes, options, output formats and configuration errors."""

from __future__ import annotations

import json
import re
import textwrap
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from conftest import SEED, MakeSite, Run, run_build, run_cli

WP = "docs/workplans/RAILIANCE-WP-0005.md"
RB = "docs/runbooks/gitea.md"
SEED_TEXT = SEED.read_text(encoding="utf-8")
T03_HUB = 'state_hub_task_id: "4eab93a9-ad1b-46ca-97ef-18a059f64ab5"'
T03_LINE = SEED_TEXT.splitlines().index(T03_HUB) + 1

#: One error (TK002), two warnings (WP007 with a hint, RB002); characters that need escaping.
WORKPLAN = SEED_TEXT.replace(T03_HUB, 'state_hub_task_id: "<TBD>"').replace("owner: codex", "onwer: codex")
RUNBOOK = textwrap.dedent(
    """
    ---
    type: runbook
    title: Gitea package storage
    owner: forge
    last_reviewed: "2026-03-02"
    ---

    # Gitea package storage
    """
).lstrip("\n")
TREE: dict[str, str | bytes] = {WP: WORKPLAN, RB: RUNBOOK}

TK002 = {
    "code": "TK002",
    "severity": "error",
    "path": WP,
    "line": T03_LINE,
    "column": 20,
    "message": "'state_hub_task_id' '<TBD>' is not a State Hub id",
    "hint": None,
}
RB002 = {
    "code": "RB002",
    "severity": "warning",
    "path": RB,
    "line": 5,
    "column": 16,
    "message": "runbook review overdue: last reviewed 270 days ago (review_max_age_days: 180)",
    "hint": None,
}
WP007 = {
    "code": "WP007",
    "severity": "warning",
    "path": WP,
    "line": 8,
    "column": 1,
    "message": "unknown front-matter key 'onwer'",
    "hint": "did you mean 'owner'?",
}


def yml(options: str = "") -> str:
    """An ``mkdocs.yml`` with the workplans plugin and these (YAML, 6-space indented) options."""
    if not options:
        return "site_name: Test\nplugins:\n  - workplans\n"
    return (
        "site_name: Test\nplugins:\n  - workplans:\n"
        + textwrap.indent(textwrap.dedent(options).strip("\n"), " " * 6)
        + "\n"
    )


def one_line_error(result: Run) -> str:
    """The usage error of a run: exactly one non-empty line on stderr, nothing on stdout."""
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    return lines[0]


# --- exit codes and --strict ----------------------------------------------------------------


def test_exit_codes_and_text_report(make_site: MakeSite) -> None:
    root = make_site({WP: SEED_TEXT})
    clean = run_cli(root)
    assert (clean.code, clean.stdout, clean.stderr) == (0, "All checks passed: 2 files, 1 workplan, 6 tasks.\n", "")

    (root / RB).parent.mkdir(parents=True)
    (root / RB).write_text(RUNBOOK, encoding="utf-8")
    (root / WP).write_text(WORKPLAN, encoding="utf-8")
    failing = run_cli(root)
    assert failing.code == 1
    assert failing.stdout == (
        f"{RB}:5:16 RB002 {RB002['message']}\n"
        f"{WP}:8:1 WP007 unknown front-matter key 'onwer' (did you mean 'owner'?)\n"
        f"{WP}:{T03_LINE}:20 TK002 {TK002['message']}\n"
        "Found 1 error, 2 warnings, 0 infos in 3 files, 1 workplan, 6 tasks.\n"
    )


WARNINGS: dict[str, str | bytes] = {WP: SEED_TEXT.replace("owner: codex", "onwer: codex")}


def test_warnings_fail_only_with_strict(make_site: MakeSite) -> None:
    root = make_site(WARNINGS)
    assert run_cli(root).code == 0
    strict = run_cli(root, "--strict")
    assert strict.code == 1
    assert strict.codes == [("WP007", WP, 8)]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("-f", "nope.yml"), "no such configuration file: nope.yml"),
        (("--today", "2026-02-30"), "'2026-02-30' is not a YYYY-MM-DD date"),
        (("--format", "xml"), "'xml' is not one of"),
        (("--no-such-option",), "No such option '--no-such-option'"),
    ],
)
def test_usage_errors_exit_2(make_site: MakeSite, args: tuple[str, ...], needle: str) -> None:
    result = run_cli(make_site(TREE), *args)
    assert result.code == 2
    assert needle in result.stderr
    assert result.stdout == ""
    assert "Traceback" not in result.stderr


def test_neither_plugin_configured_exit_2(make_site: MakeSite) -> None:
    result = run_cli(make_site(TREE, "site_name: Test\nplugins:\n  - search\n"))
    assert result.code == 2
    assert one_line_error(result) == "Error: mkdocs.yml configures neither the 'workplans' nor the 'refcheck' plugin"


# --- configuration -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "names"),
    [
        ("statuses: active", "Plugin 'workplans' option 'statuses': Expected a list of items"),
        ("id_pattern: '[A-Z'", "Plugin 'workplans' option 'id_pattern': not a valid regular expression"),
        ("runbooks:\n  review_max_age_days: soon", "Sub-option 'review_max_age_days'"),
        ("statehub:\n  task_url: https://statehub.example/tasks/", "Sub-option 'task_url': must contain '{id}'"),
        ("rules: {TK099: ignore}", "Plugin 'workplans' option 'rules': unknown rule code 'TK099'"),
        ("rules: {RB002: quiet}", "Plugin 'workplans' option 'rules'"),
    ],
)
def test_bad_option_is_one_line_naming_the_key(make_site: MakeSite, options: str, names: str) -> None:
    result = run_cli(make_site(TREE, yml(options)))
    assert result.code == 2
    line = one_line_error(result)
    assert line.startswith("Error: invalid configuration in mkdocs.yml: ")
    assert names in line


def test_unknown_option_warns_and_fails_strict(make_site: MakeSite) -> None:
    """A misspelt option is a warning, as in MkDocs; with ``--strict`` it stops the gate."""
    root = make_site({WP: SEED_TEXT}, yml("runbooks:\n  required_section: [Rollback]"))
    plain = run_cli(root)
    assert plain.code == 0
    assert plain.stderr == (
        "WARNING: Config value 'plugins': Plugin 'workplans' option 'runbooks': "
        "Sub-option 'required_section': Unrecognised configuration name: required_section\n"
    )
    strict = run_cli(root, "--strict")
    assert strict.code == 2
    assert one_line_error(strict) == (
        "Error: invalid configuration in mkdocs.yml: Config value 'plugins': Plugin 'workplans' option "
        "'runbooks': Sub-option 'required_section': Unrecognised configuration name: required_section"
    )


def test_broken_mkdocs_yml_is_one_line(make_site: MakeSite) -> None:
    result = run_cli(make_site(TREE, "site_name: Test\nplugins:\n  - workplans:\n      statuses: [active\n"))
    assert result.code == 2
    assert one_line_error(result).startswith("Error: invalid configuration in mkdocs.yml: ")


def test_env_tag_in_mkdocs_yml(make_site: MakeSite, monkeypatch: pytest.MonkeyPatch) -> None:
    """``!ENV`` is resolved by MkDocs' own loader: here a State Hub with its own id format."""
    text = SEED_TEXT.replace(T03_HUB, "state_hub_task_id: SH-4711")
    root = make_site({WP: text}, yml("statehub:\n  id_pattern: !ENV [STATEHUB_ID_PATTERN, uuid]"))
    monkeypatch.delenv("STATEHUB_ID_PATTERN", raising=False)
    assert run_cli(root).codes == [("TK002", WP, T03_LINE)]
    env = {"STATEHUB_ID_PATTERN": r"SH-\d+|[0-9a-f-]{36}"}
    for result in (run_cli(root, env=env), run_build(root, "--strict", env=env)):
        assert (result.code, result.findings) == (0, [])


def test_rules_ignore_silences(make_site: MakeSite) -> None:
    root = make_site(TREE, yml("rules: {RB002: ignore, WP007: ignore}"))
    result = run_cli(root, "--strict")
    assert result.codes == [("TK002", WP, T03_LINE)]
    assert result.stdout.endswith("Found 1 error, 0 warnings, 0 infos in 3 files, 1 workplan, 6 tasks.\n")
    assert run_build(root, "--strict").codes == result.codes


def test_severity_override_to_warning_then_strict(make_site: MakeSite) -> None:
    root = make_site(TREE, yml("rules: {TK002: warning, RB002: info}"))
    result = run_cli(root, "--format", "json")
    assert result.code == 0
    report = json.loads(result.stdout)
    assert [(f["code"], f["severity"]) for f in report["findings"]] == [
        ("RB002", "info"),
        ("WP007", "warning"),
        ("TK002", "warning"),
    ]
    assert report["summary"] == {"files": 3, "workplans": 1, "tasks": 6, "errors": 0, "warnings": 2, "infos": 1}
    assert run_cli(root, "--strict").code == 1


def test_config_file_elsewhere(make_site: MakeSite) -> None:
    """``-f handbook/mkdocs.yml``: paths are relative to that file's directory, not the cwd."""
    root = make_site({"handbook/mkdocs.yml": yml(), "handbook/" + WP: WORKPLAN, "handbook/docs/index.md": "# H\n"})
    result = run_cli(root, "-f", "handbook/mkdocs.yml")
    assert result.code == 1
    assert result.codes == [("WP007", WP, 8), ("TK002", WP, T03_LINE)]
    assert result.stdout.endswith("in 2 files, 1 workplan, 6 tasks.\n")


# --- output formats ----------------------------------------------------------------------


def test_json_exact_schema(make_site: MakeSite) -> None:
    result = run_cli(make_site(TREE), "--format", "json")
    assert result.code == 1
    assert result.stderr == ""
    report = json.loads(result.stdout)
    assert report == {
        "version": 1,
        "tool": {"name": "mkdocs-workplans", "version": "0.1.0"},
        "findings": [RB002, WP007, TK002],
        "summary": {"files": 3, "workplans": 1, "tasks": 6, "errors": 1, "warnings": 2, "infos": 0},
    }
    assert list(report) == ["version", "tool", "findings", "summary"]
    assert [list(f) for f in report["findings"]] == [list(TK002)] * 3
    assert list(report["summary"]) == ["files", "workplans", "tasks", "errors", "warnings", "infos"]


def test_json_is_byte_for_byte_deterministic(make_site: MakeSite, tmp_path: Path) -> None:
    """Same input, same bytes: also from a second copy of the tree written in another order."""
    first = make_site(TREE, name="one")
    second = make_site(dict(reversed(list(TREE.items()))), name="two")
    runs = [run_cli(first, "--format", "json"), run_cli(first, "--format", "json"), run_cli(second, "--format", "json")]
    assert runs[0].stdout.encode() == runs[1].stdout.encode() == runs[2].stdout.encode()
    findings = json.loads(runs[0].stdout)["findings"]
    assert findings == sorted(findings, key=lambda f: (f["path"], f["line"], f["column"], f["code"]))


def test_github_annotations(make_site: MakeSite) -> None:
    result = run_cli(make_site(TREE, yml("rules: {RB002: info}")), "--format", "github")
    assert result.code == 1
    assert result.stdout.splitlines() == [
        f"::notice file={RB},line=5,col=16,title=RB002::{RB002['message']}",
        f"::warning file={WP},line=8,col=1,title=WP007::unknown front-matter key 'onwer' (did you mean 'owner'?)",
        f"::error file={WP},line={T03_LINE},col=20,title=TK002::{TK002['message']}",
    ]
    pattern = re.compile(r"^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,title=[A-Z]{2}\d{3}::[^\n]+$")
    assert all(pattern.match(line) for line in result.stdout.splitlines())


def test_junit_is_well_formed(make_site: MakeSite) -> None:
    result = run_cli(make_site(TREE, yml("rules: {RB002: info}")), "--format", "junit")
    assert result.code == 1
    suites = ET.fromstring(result.stdout)
    assert suites.tag == "testsuites"
    assert (suites.get("tests"), suites.get("failures")) == ("3", "2")
    cases = {case.get("name"): case for case in suites.iter("testcase")}
    assert sorted(cases) == ["docs/index.md", RB, WP]
    assert list(cases["docs/index.md"]) == [] and list(cases[RB]) == []  # infos are not failures
    failures = list(cases[WP])
    assert [(f.tag, f.get("type")) for f in failures] == [("failure", "WP007"), ("failure", "TK002")]
    assert failures[1].get("message") == f"{WP}:{T03_LINE}:20 TK002 {TK002['message']}"
    assert failures[1].text == f"error: {WP}:{T03_LINE}:20 TK002 {TK002['message']}"  # '<TBD>' escaped and back


def test_sarif_is_well_formed(make_site: MakeSite) -> None:
    result = run_cli(make_site(TREE, yml("rules: {RB002: info}")), "--format", "sarif")
    assert result.code == 1
    log = json.loads(result.stdout)
    assert log["version"] == "2.1.0"
    (run,) = log["runs"]
    driver = run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("mkdocs-workplans", "0.1.0")
    rules = [rule["id"] for rule in driver["rules"]]
    assert rules == ["RB002", "TK002", "WP007"]
    assert [rule["defaultConfiguration"]["level"] for rule in driver["rules"]] == ["warning", "error", "warning"]
    got = [
        (
            r["ruleId"],
            rules[r["ruleIndex"]],
            r["level"],
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            r["locations"][0]["physicalLocation"]["region"],
            r["message"]["text"],
        )
        for r in run["results"]
    ]
    assert got == [
        ("RB002", "RB002", "note", RB, {"startLine": 5, "startColumn": 16}, RB002["message"]),
        (
            "WP007",
            "WP007",
            "warning",
            WP,
            {"startLine": 8, "startColumn": 1},
            "unknown front-matter key 'onwer' (did you mean 'owner'?)",
        ),
        ("TK002", "TK002", "error", WP, {"startLine": T03_LINE, "startColumn": 20}, TK002["message"]),
    ]


def test_output_file(make_site: MakeSite) -> None:
    """``--output`` holds exactly what stdout would; stdout keeps the text log (CI shows it)."""
    root = make_site(TREE)
    text = run_cli(root).stdout
    for output_format in ("text", "json", "github", "junit", "sarif"):
        direct = run_cli(root, "--format", output_format)
        target = f"reports/{output_format}/workplans.out"  # directories are created
        to_file = run_cli(root, "--format", output_format, "--output", target)
        assert to_file.code == direct.code == 1
        assert (root / target).read_text(encoding="utf-8") == direct.stdout
        assert to_file.stdout == ("" if output_format == "text" else text)


def test_unwritable_output_is_a_usage_error(make_site: MakeSite) -> None:
    result = run_cli(make_site(TREE), "--format", "json", "--output", "docs/index.md/report.json")
    assert result.code == 2
    assert one_line_error(result).startswith("Error: cannot write docs/index.md/report.json: ")


def test_strict_in_mkdocs_yml_makes_warnings_fail(make_site: MakeSite) -> None:
    """``strict: true`` fails ``mkdocs build`` on warnings; the gate gives the same verdict."""
    root = make_site(WARNINGS, "strict: true\n" + yml())
    cli = run_cli(root)
    build = run_build(root)
    assert cli.code == build.code == 1
    assert cli.codes == build.codes == [("WP007", WP, 8)]
