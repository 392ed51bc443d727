"""The refcheck plugin on a three-repository workspace: apps (this site), forge (a
checkout next to it) and platform (known only through its published inventory)."""

from __future__ import annotations

import http.server
import re
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import FIXTURES, run_build, run_cli, write_tree

APPS = "railiance-apps"

#: Every defect planted in tests/fixtures/defects, as (code, path, line, column).
PLANTED = [
    ("RF006", "docs/runbooks/image-promotion.md", 13, 14),
    ("RF007", "docs/runbooks/image-promotion.md", 14, 1),
    ("RF003", "docs/runbooks/image-promotion.md", 17, 7),
    ("RF005", "docs/runbooks/image-promotion.md", 17, 43),
    ("RF001", "docs/stale.md", 3, 11),
    ("RF002", "docs/stale.md", 4, 3),
    ("RF002", "docs/stale.md", 5, 3),
    ("XR001", "docs/stale.md", 6, 3),
    ("XR002", "docs/stale.md", 7, 3),
    ("XR002", "docs/stale.md", 8, 3),
    ("XR003", "docs/stale.md", 9, 3),
    ("XR003", "docs/stale.md", 10, 3),
    ("XR005", "docs/stale.md", 11, 3),
    ("RF005", "docs/stale.md", 12, 3),
    ("RF009", "docs/stale.md", 13, 3),
    ("RF001", "docs/stale.md", 14, 3),
    ("RF004", "docs/stale.md", 15, 10),
    ("RF004", "docs/stale.md", 15, 32),
    ("RF008", "docs/stale.md", 15, 68),
    ("RF007", "docs/stale.md", 16, 7),
    ("RF003", "docs/stale.md", 16, 28),
    ("XR002", "docs/stale.md", 16, 58),
    ("WP002", "workplans/APPS-WP-0002.md", 5, 9),
    ("TK001", "workplans/APPS-WP-0002.md", 16, 1),
    ("RF003", "workplans/APPS-WP-0002.md", 22, 23),
]
#: History kept in a finished workplan: reported, but as info (history: relaxed).
HISTORICAL = [
    ("RF003", "workplans/APPS-WP-0000.md", 23, 22),
    ("RF005", "workplans/APPS-WP-0000.md", 23, 46),
]


def sort(items: list[tuple[str, str, int, int]]) -> list[tuple[str, str, int, int]]:
    return sorted(items, key=lambda item: (item[1], item[2], item[3], item[0]))


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """A fresh copy of the clean workspace; returns the apps repository."""
    shutil.copytree(FIXTURES / "workspace", tmp_path, dirs_exist_ok=True)
    return tmp_path / APPS


@pytest.fixture
def defects(workspace: Path) -> Path:
    shutil.copytree(FIXTURES / "defects", workspace.parent, dirs_exist_ok=True)
    return workspace


def test_clean_workspace_draws_nothing(workspace: Path) -> None:
    cli = run_cli(workspace, "--strict")
    assert (cli.code, cli.findings) == (0, []), cli.stdout + cli.stderr
    build = run_build(workspace, "--strict")
    assert build.code == 0, build.stderr
    assert "WARNING" not in build.stderr


def test_links_are_rewritten_for_readers(workspace: Path) -> None:
    assert run_build(workspace).code == 0
    index = (workspace / "site/index.html").read_text(encoding="utf-8")
    for href in (
        "https://docs.example/forge/initial-operating-contracts/#retention",
        "https://docs.example/forge/initial-operating-contracts/#storage",
        "https://docs.example/platform/backup/#restore-drill",
        'href="SCOPE/"',
    ):
        assert href in index
    scope = (workspace / "site/SCOPE/index.html").read_text(encoding="utf-8")
    assert 'href="../runbooks/vergabe-teilnahme/#rollback"' in scope
    assert 'href="../onboarding/"' in scope


def test_every_planted_defect_is_found_with_its_place(defects: Path) -> None:
    cli = run_cli(defects)
    assert cli.code == 1
    assert cli.located == sort(PLANTED + HISTORICAL)
    summary = cli.stdout.strip().splitlines()[-1]
    assert summary.startswith("Found 23 errors, 2 warnings, 2 infos")


def test_build_reports_what_the_cli_reports(defects: Path) -> None:
    cli, build = run_cli(defects), run_build(defects)
    assert build.code == 1
    assert build.findings == cli.findings[: len(build.findings)] == cli.findings
    assert "INFO    -  workplans/APPS-WP-0000.md:23:22 RF003" in build.stderr


def test_mkdocs_core_alone_finds_a_fraction_and_raises_false_alarms(defects: Path) -> None:
    """The baseline this plugin beats: MkDocs' own validation, every option at warn."""
    config = (defects / "mkdocs.yml").read_text(encoding="utf-8").split("plugins:")[0]
    (defects / "core.yml").write_text(config, encoding="utf-8")
    core = run_build(defects, "--strict", "-f", "core.yml")
    warnings = [line for line in core.stderr.splitlines() if line.startswith("WARNING")]
    false_alarms = [w for w in warnings if "'../SCOPE.md'" in w or "initial-operating-contracts.md#storage" in w]
    assert len(false_alarms) == 2
    assert len(warnings) - len(false_alarms) == 7 < len(PLANTED)


def test_strict_history_keeps_errors_in_finished_workplans(defects: Path) -> None:
    config = defects / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - refcheck:\n", "  - refcheck:\n      history: strict\n")
    )
    cli = run_cli(defects, "--format", "json")
    assert '"code": "RF005",\n      "severity": "error",\n      "path": "workplans/APPS-WP-0000.md"' in cli.stdout


def test_suppression_comments_silence_reference_codes(workspace: Path) -> None:
    write_tree(
        workspace,
        {
            "docs/notes.md": """
            <!-- workplans: ignore-file RF004 -->
            # Notes

            <!-- workplans: ignore RF003 -->
            Old path `tools/removed.sh` and OLD-WP-0001.

            Still wrong: `tools/also-removed.sh`.
            """,
        },
    )
    assert run_cli(workspace).located == [("RF003", "docs/notes.md", 7, 14)]


def test_refcheck_alone_checks_links_but_not_ids(workspace: Path) -> None:
    config = workspace / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"  - workplans:\n      include: \[.*\]\n", "", text), encoding="utf-8")
    write_tree(workspace, {"docs/extra.md": "# Extra\n\nSee UNKNOWN-WP-0001 and [gone](gone.md).\n"})
    cli = run_cli(workspace)
    assert ("RF001", "docs/extra.md", 3, 25) in cli.located
    assert not [f for f in cli.located if f[0] == "RF004"]


def test_inventory_that_never_answers_times_out(workspace: Path) -> None:
    """A server that accepts the connection and then says nothing: XR004 after the timeout."""
    import socket
    import time

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    config = workspace / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace("  - refcheck:\n", "  - refcheck:\n      external: {timeout: 1}\n"),
        encoding="utf-8",
    )
    url = f"http://127.0.0.1:{listener.getsockname()[1]}/workplans-inventory.json"
    try:
        started = time.monotonic()
        result = run_cli(workspace, env={"PLATFORM_INVENTORY": url})
        elapsed = time.monotonic() - started
    finally:
        listener.close()
    assert [f[0] for f in result.located] == ["XR004", "XR004"]
    assert "timed out" in result.stdout
    assert elapsed < 20


class _Inventory(http.server.BaseHTTPRequestHandler):
    body = b""

    def do_GET(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def inventory_server(workspace: Path) -> Iterator[tuple[str, http.server.ThreadingHTTPServer]]:
    _Inventory.body = (workspace / "platform-inventory.json").read_bytes()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Inventory)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_address[1]}/platform/workplans-inventory.json"
    yield url, server
    server.shutdown()
    server.server_close()


def test_inventory_over_http_resolves_links_and_ids(
    workspace: Path, inventory_server: tuple[str, http.server.ThreadingHTTPServer]
) -> None:
    url, _server = inventory_server
    (workspace / "platform-inventory.json").unlink()
    assert run_cli(workspace, env={"PLATFORM_INVENTORY": url}).code == 0


def test_stopped_inventory_is_xr004_error_or_offline_warning(
    workspace: Path, inventory_server: tuple[str, http.server.ThreadingHTTPServer]
) -> None:
    url, server = inventory_server
    server.shutdown()
    server.server_close()
    expected = [("XR004", "docs/index.md", 12, 21), ("XR004", "docs/index.md", 13, 14)]
    online = run_cli(workspace, env={"PLATFORM_INVENTORY": url})
    assert online.code == 1
    assert online.located == expected
    assert "Traceback" not in online.stderr
    offline = run_cli(workspace, "--offline", "--format", "json", env={"PLATFORM_INVENTORY": url})
    assert offline.code == 0
    assert offline.stdout.count('"severity": "warning"') == 2
    assert run_cli(workspace, "--offline", "--strict", env={"PLATFORM_INVENTORY": url}).code == 1
