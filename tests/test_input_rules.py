"""IN001-IN003: input that cannot be read or parsed yields a finding, never a traceback.

Each case also shows that the run goes on: the other files of the same tree are still
checked and keep their own findings.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

from conftest import SEED, MakeSite, Run, line_of, run_build, run_cli

WP = "docs/workplans/RAILIANCE-WP-0005.md"
SEED_TEXT = SEED.read_text(encoding="utf-8")
T03_HUB = 'state_hub_task_id: "4eab93a9-ad1b-46ca-97ef-18a059f64ab5"\n'
#: The seed with T03's State Hub id removed: a TK001 that must survive broken files next to it.
SEED_TK001 = SEED_TEXT.replace(T03_HUB, "")
SEED_TK001_LINE = SEED_TK001.splitlines().index("## T03 - Create a reusable S5 app onboarding checklist") + 3


def message(result: Run, code: str, path: str) -> str:
    return next(line for line in result.findings if line.split(" ", 2)[1] == code and line.startswith(path + ":"))


def md(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def assert_no_traceback(result: Run) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert "Traceback" not in result.stdout, result.stdout


# --- IN001 -------------------------------------------------------------------------------

RUNBOOK_LATIN1 = md(
    """
    ---
    type: runbook
    title: "Wartungsfenster für Gitea"
    owner: ops
    last_reviewed: "2026-10-01"
    ---

    # Wartungsfenster
    """
).encode("latin-1")

#: Mostly UTF-8 (ü, ö are fine) with one Latin-1 byte pasted in on line 9.
RUNBOOK_MIXED = md(
    """
        ---
        type: runbook
        title: Restore drill
        owner: ops
        last_reviewed: "2026-10-01"
        ---

        # Restore drill

        Für die Prüfung: Caf\udce9 im Größe-Check.
        """
).encode("utf-8", "surrogateescape")


def test_non_utf8_is_in001_at_the_bad_byte_and_the_run_goes_on(make_site: MakeSite) -> None:
    root = make_site(
        {
            "docs/runbooks/latin1.md": RUNBOOK_LATIN1,
            "docs/runbooks/mixed.md": RUNBOOK_MIXED,
            WP: SEED_TK001,
        }
    )
    result = run_cli(root)
    assert result.code == 1
    assert result.located == [
        # 'title: "Wartungsfenster f' is 25 characters: the ü is byte 0xfc at column 26.
        ("IN001", "docs/runbooks/latin1.md", 3, 26),
        # Columns count characters, not bytes: 'Für die Prüfung: Caf' is 20 characters.
        ("IN001", "docs/runbooks/mixed.md", 10, 21),
        ("TK001", WP, SEED_TK001_LINE, 1),
    ]
    assert message(result, "IN001", "docs/runbooks/latin1.md").endswith("IN001 not UTF-8: byte 0xfc cannot be decoded")
    assert message(result, "IN001", "docs/runbooks/mixed.md").endswith("IN001 not UTF-8: byte 0xe9 cannot be decoded")
    assert_no_traceback(result)


def test_bom_and_crlf_are_not_input_errors(make_site: MakeSite) -> None:
    """Windows editors write a BOM and CRLF; line numbers are those the author sees."""
    crlf = SEED_TK001.replace("\n", "\r\n").encode("utf-8")
    root = make_site({WP: b"\xef\xbb\xbf" + crlf})
    result = run_cli(root)
    assert result.code == 1
    assert result.located == [("TK001", WP, SEED_TK001_LINE, 1)]


def test_unreadable_file_is_in001_and_the_run_goes_on(make_site: MakeSite) -> None:
    """A page that is a dangling symlink (a sibling checkout that is not there) cannot be read."""
    root = make_site({WP: SEED_TK001})
    (root / "docs/shared.md").symlink_to(root.parent / "no-such-checkout" / "shared.md")
    result = run_cli(root)
    assert result.code == 1
    assert result.located == [("IN001", "docs/shared.md", 1, 1), ("TK001", WP, SEED_TK001_LINE, 1)]
    assert message(result, "IN001", "docs/shared.md").endswith("IN001 cannot read file: No such file or directory")
    assert_no_traceback(result)


def test_file_over_the_size_limit_is_in001(make_site: MakeSite) -> None:
    root = make_site({"docs/huge.md": "# Huge\n\n" + "x" * 80 + "\n", WP: SEED_TK001})
    with (root / "docs/huge.md").open("a", encoding="utf-8") as handle:
        handle.write(("word " * 20 + "\n") * 110_000)  # ~11 MB
    result = run_cli(root)
    assert result.code == 1
    assert result.located == [("IN001", "docs/huge.md", 1, 1), ("TK001", WP, SEED_TK001_LINE, 1)]
    assert "larger than 10 MiB" in message(result, "IN001", "docs/huge.md")


INCLUDE_YML = "site_name: Test\nplugins:\n  - workplans:\n      include: [SCOPE.md, 'workplans/*.md']\n"


def test_include_symlink_out_of_the_repo_is_in001_and_not_published(make_site: MakeSite, tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere" / "secret.md"
    secret.parent.mkdir()
    secret.write_text("# Secret\n\nnot for the site\n", encoding="utf-8")
    root = make_site({"SCOPE.md": "# Scope\n", "workplans/RAILIANCE-WP-0005.md": SEED_TK001}, INCLUDE_YML)
    (root / "workplans/leak.md").symlink_to(secret)
    expected = [("TK001", "workplans/RAILIANCE-WP-0005.md", SEED_TK001_LINE, 1), ("IN001", "workplans/leak.md", 1, 1)]

    cli = run_cli(root)
    assert cli.code == 1
    assert cli.located == expected
    assert message(cli, "IN001", "workplans/leak.md").endswith(
        "IN001 symlink points outside the repository; not included"
    )
    assert_no_traceback(cli)

    build = run_build(root)
    assert build.code == 1
    assert build.located == expected
    assert_no_traceback(build)
    assert (root / "site/workplans/RAILIANCE-WP-0005/index.html").is_file()
    assert not (root / "site/workplans/leak").exists()
    assert not any("not for the site" in page.read_text(encoding="utf-8") for page in (root / "site").rglob("*.html"))


def test_build_survives_non_utf8_page(make_site: MakeSite) -> None:
    root = make_site({"docs/runbooks/latin1.md": RUNBOOK_LATIN1, WP: SEED_TK001})
    build = run_build(root)
    assert_no_traceback(build)
    assert build.codes == [("IN001", "docs/runbooks/latin1.md", 3), ("TK001", WP, SEED_TK001_LINE)]


# --- IN002 -------------------------------------------------------------------------------

WORKPLAN_BODY = """
# Broken

## T01 - Something

No task block here: would be TK008, but broken front matter stops workplan checks.
"""

BOMB = "\n".join(
    [
        "type: workplan",
        'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
        *(f"{n}: &{n} [{', '.join([f'*{p}'] * 9)}]" for p, n in zip("abcdef", "bcdefg", strict=True)),
    ]
)

IN002_CASES = {
    # name: (front matter, line, column, message)
    # The text ends inside the quote: the finding points where it opened.
    "unclosed-quote": (
        'id: RAILIANCE-WP-0007\ntype: workplan\ntags: [ops, "s5\nstatus: active',
        4,
        13,
        "invalid YAML: found unexpected end of stream while scanning a quoted scalar",
    ),
    "unclosed-list": (
        "id: RAILIANCE-WP-0007\ntype: workplan\ntags: [ops, s5\n",
        4,
        7,
        "while parsing a flow sequence",
    ),
    "bad-indent": (
        "id: RAILIANCE-WP-0007\ntype: workplan\n  title: Indented by mistake\nstatus: active",
        4,
        8,
        "invalid YAML: mapping values are not allowed",  # "here" or "in this context": libyaml or not
    ),
    "list": (
        "- id: RAILIANCE-WP-0007\n- type: workplan",
        2,
        1,
        "expected a YAML mapping, found a list",
    ),
    "scalar": ("RAILIANCE-WP-0007 workplan", 2, 1, "expected a YAML mapping, found a scalar"),
    "duplicate-key": (
        'id: RAILIANCE-WP-0007\ntype: workplan\nstatus: active\ntitle: "Rotate keys"\nstatus: finished',
        6,
        1,
        "duplicate key 'status' (first on line 4)",
    ),
    "alias-bomb": (BOMB, 2, 1, "YAML expands to more than 5000 nodes (alias bomb?)"),
}


def test_broken_front_matter_is_in002_and_nothing_more(make_site: MakeSite) -> None:
    files: dict[str, str | bytes] = {
        f"docs/broken/{name}.md": f"---\n{front}\n---\n{md(WORKPLAN_BODY)}"
        for name, (front, *_rest) in IN002_CASES.items()
    }
    root = make_site({**files, WP: SEED_TK001})
    broken = [("IN002", f"docs/broken/{name}.md", line, column) for name, (_f, line, column, _m) in IN002_CASES.items()]
    expected = [*sorted(broken), ("TK001", WP, SEED_TK001_LINE, 1)]
    for result in (run_cli(root), run_build(root)):
        assert result.code == 1
        assert result.located == expected
        for name, (_front, _line, _column, text) in IN002_CASES.items():
            found = message(result, "IN002", f"docs/broken/{name}.md")
            assert " IN002 front matter is not a YAML mapping: " in found
            assert text in found
        assert_no_traceback(result)


def test_in002_summary_counts_no_workplan(make_site: MakeSite) -> None:
    root = make_site({"docs/broken/list.md": f"---\n{IN002_CASES['list'][0]}\n---\n{md(WORKPLAN_BODY)}"})
    result = run_cli(root, "--format", "json")
    assert '"workplans": 0' in result.stdout
    assert '"tasks": 0' in result.stdout


# --- IN003 -------------------------------------------------------------------------------

TASKS = md(
    """
    ---
    id: OPS-WP-0001
    type: workplan
    title: Rotate registry credentials
    status: active
    created: "2026-06-04"
    updated: "2026-11-20"
    state_hub_workstream_id: "9a0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d"
    ---

    # Rotate registry credentials

    ## T01 - Unclosed flow list

    ```task
    id: [OPS-WP-0001-T01
    status: todo
    ```

    ## T02 - Alias bomb

    ```task
    a: &a ["x", "x", "x", "x", "x", "x", "x", "x", "x"]
    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
    d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
    e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
    ```

    ## T03 - Duplicate key

    ```task
    id: OPS-WP-0001-T03
    status: todo
    priority: high
    status: done
    ```

    ## T04 - A list instead of a mapping

    ```task
    - id: OPS-WP-0001-T04
    - status: todo
    ```

    ## T05 - Unclosed quote

    ```task
    id: OPS-WP-0001-T05
    status: "todo
    ```

    ## T06 - Still checked

    ```task
    id: OPS-WP-0001-T06
    status: todo
    priority: low
    ```
    """
)


def test_broken_task_blocks_are_in003_and_the_other_tasks_are_checked(make_site: MakeSite) -> None:
    path = "docs/workplans/OPS-WP-0001.md"
    root = make_site({path: TASKS, WP: SEED_TK001})
    expected = [
        ("IN003", path, line_of(TASKS, "status: todo"), 7),  # where libyaml gives up on the flow list
        ("IN003", path, line_of(TASKS, "a: &a"), 1),
        ("IN003", path, line_of(TASKS, "status: done"), 1),
        ("IN003", path, line_of(TASKS, "- id: OPS-WP-0001-T04"), 1),
        # An unterminated string runs to the end of the block: the finding points where it opened.
        ("IN003", path, line_of(TASKS, 'status: "todo'), 9),
        ("TK001", path, line_of(TASKS, "## T06") + 2, 1),
        ("TK001", WP, SEED_TK001_LINE, 1),  # the other file is checked as usual
    ]
    messages = {
        line_of(TASKS, "a: &a"): "YAML expands to more than 5000 nodes (alias bomb?)",
        line_of(
            TASKS, "status: done"
        ): f"duplicate key 'status' (first on line {line_of(TASKS, 'id: OPS-WP-0001-T03') + 1})",
        line_of(TASKS, "- id: OPS-WP-0001-T04"): "expected a YAML mapping, found a list",
        line_of(TASKS, 'status: "todo'): "invalid YAML: found unexpected end of stream while scanning a quoted scalar",
    }
    for result in (run_cli(root), run_build(root)):
        assert result.code == 1
        assert result.located == expected
        for line in result.findings:
            number = int(line.split(":")[1])
            if line.startswith(path) and number in messages:
                assert line.endswith(f"IN003 task block is not a YAML mapping: {messages[number]}")
        assert_no_traceback(result)


def test_bad_input_through_worker_processes_and_the_cache(make_site: MakeSite) -> None:
    """With enough files parsing runs in worker processes; findings travel back intact, and
    a second run from ``--cache`` gives the same bytes."""
    files: dict[str, str | bytes] = {f"docs/notes/page-{n:03}.md": f"# Note {n}\n" for n in range(240)}
    files.update(
        {
            "docs/runbooks/latin1.md": RUNBOOK_LATIN1,
            "docs/broken/list.md": f"---\n{IN002_CASES['list'][0]}\n---\n{md(WORKPLAN_BODY)}",
            "docs/workplans/OPS-WP-0001.md": TASKS,
        }
    )
    root = make_site(files)
    small = make_site({name: text for name, text in files.items() if "/notes/" not in name}, name="small")
    expected = run_cli(small, "-j", "1").findings
    assert len(expected) == 8
    runs = [run_cli(root, "-j", "2"), run_cli(root, "-j", "2", "--cache", ".cache"), run_cli(root, "--cache", ".cache")]
    for result in runs:
        assert result.code == 1
        assert result.findings == expected
        assert_no_traceback(result)
    assert runs[1].stdout == runs[2].stdout


def test_page_symlinked_out_of_the_repository_is_not_published(make_site: MakeSite, tmp_path: Path) -> None:
    secret = tmp_path / "elsewhere.md"
    secret.write_text("# not for the site\n", encoding="utf-8")
    root = make_site({})
    (root / "docs/leak.md").symlink_to(secret)
    expected = [("IN001", "docs/leak.md", 1)]
    assert run_cli(root).codes == expected
    build = run_build(root)
    assert build.codes == expected
    assert not (root / "site/leak").exists()
