"""Issue 13: workplans and tasks verified against a State Hub export, read from a file or a real server.

The servers are real ones on 127.0.0.1: a well-behaved one that wants a bearer token
(:class:`HubServer`), and raw sockets for the misbehaving ones (down, one byte a second,
garbage, too much), from the network-security tests.
"""

from __future__ import annotations

import json
import socket
import sys
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import ROOT, MakeSite, Run, line_of, run_build, run_cli
from conftest import run as run_process
from mkdocs_workplans.statehub.export import MAX_BYTES, ExportError, parse_export
from test_network_security import RawServer, answer

TOKEN = "sh-t0ken/with+specials=8f3e1d"
TOKEN_ENV = "WP_TEST_STATEHUB_TOKEN"
PATH = "docs/workplans/OPS-WP-0001.md"
STREAM, OTHER = "11111111-1111-4111-8111-111111111111", "22222222-2222-4222-8222-222222222222"
T01, T02, T03, T04 = (f"aaaaaaaa-0000-4000-8000-00000000000{n}" for n in (1, 2, 3, 4))
ONLY_IN_HUB, OTHERS = "aaaaaaaa-0000-4000-8000-000000000009", "bbbbbbbb-0000-4000-8000-000000000001"

WORKPLAN = f"""\
---
id: OPS-WP-0001
type: workplan
title: Rotate keys
status: active
created: "2026-11-04"
updated: "2026-11-20"
state_hub_workstream_id: "{STREAM}"
---

# Rotate keys

## T01 - In step with State Hub

```task
id: OPS-WP-0001-T01
status: done
priority: high
state_hub_task_id: "{T01}"
```

## T02 - Drifted: State Hub says it is in progress

```task
id: OPS-WP-0001-T02
status: todo
priority: high
state_hub_task_id: "{T02}"
```

## T03 - Its State Hub row was deleted

```task
id: OPS-WP-0001-T03
status: todo
priority: high
state_hub_task_id: "{T03}"
```

## T04 - Copied from another workstream's task

```task
id: OPS-WP-0001-T04
status: todo
priority: high
state_hub_task_id: "{OTHERS}"
```
"""


def hub_task(ident: str, status: str, stream: str = STREAM, title: str = "a task") -> dict[str, str]:
    return {"id": ident, "workstream_id": stream, "status": status, "title": title}


def export(*tasks: dict[str, str], streams: tuple[str, ...] = (STREAM, OTHER)) -> dict[str, Any]:
    return {"workstreams": [{"id": s, "title": f"stream {s[:4]}"} for s in streams], "tasks": list(tasks)}


EXPORT = {
    **export(
        hub_task(T01, "done"),
        hub_task(T02, "In Progress", title="Drifted"),
        hub_task(ONLY_IN_HUB, "todo", title="Rotate the CI key\nnow"),
        {**hub_task(OTHERS, "todo", OTHER), "assignee": "keys the format does not name are ignored"},
    ),
    "generated_at": "2026-11-27T10:00:00Z",
}


def line(needle: str, after: str | None = None) -> int:
    return line_of(WORKPLAN, needle, after)


EXPECTED = [
    ("WP010", PATH, line("state_hub_workstream_id"), 26),
    ("TK010", PATH, line("status: todo", "## T02"), 9),
    ("TK009", PATH, line(T03), 20),
    ("TK011", PATH, line(OTHERS), 20),
]
MESSAGES = [
    f"WP010 State Hub has 1 task in workstream '{STREAM}' that no task of this workplan carries: "
    f"'Rotate the CI key now' ('{ONLY_IN_HUB}')",
    "TK010 task OPS-WP-0001-T02 is 'todo' here but 'in_progress' in State Hub",
    f"TK009 task OPS-WP-0001-T03: state_hub_task_id '{T03}' is not a task in State Hub",
    f"TK011 task OPS-WP-0001-T04: State Hub task '{OTHERS}' belongs to workstream '{OTHER}', "
    f"not to the workplan's '{STREAM}'",
]


def config(export_at: str, **options: object) -> str:
    statehub = {"export": export_at, "status_map": {"In Progress": "in_progress"}, **options}
    lines = "".join(f"        {key}: {json.dumps(value)}\n" for key, value in statehub.items())
    return "site_name: Test\nplugins:\n  - workplans:\n      statehub:\n" + lines


EXPORT_LINE = (5, 9)
"""Where ``export:`` is in :func:`config`'s ``mkdocs.yml``."""


@pytest.fixture(autouse=True)
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    monkeypatch.delenv(TOKEN_ENV, raising=False)
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "no_proxy", "NO_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "user-cache"


class HubServer:
    """State Hub's export endpoint on 127.0.0.1: answers ``/export.json`` to the right bearer token only."""

    def __init__(self, body: bytes) -> None:
        self.body = body
        self.requests: list[str | None] = []
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                authorization = self.headers.get("Authorization")
                hub.requests.append(authorization)
                if self.path == "/moved":
                    self.send_response(302)
                    self.send_header("Location", "/export.json")
                    self.end_headers()
                    return
                status = 200 if authorization == f"Bearer {TOKEN}" else 401
                body = hub.body if status == 200 and self.path == "/export.json" else b"{}"
                self.send_response(status if self.path == "/export.json" or status == 401 else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format: str, *args: Any) -> None:
                """Quiet: the test reads ``requests``."""

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, path: str = "/export.json") -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}{path}"


@pytest.fixture
def hub() -> Iterator[Callable[[bytes], HubServer]]:
    servers: list[HubServer] = []

    def start(body: bytes) -> HubServer:
        servers.append(HubServer(body))
        return servers[-1]

    yield start
    for server in servers:
        server.server.shutdown()
        server.server.server_close()


@pytest.fixture
def raw() -> Iterator[Callable[..., RawServer]]:
    servers: list[RawServer] = []

    def start(script: Callable[[str, str, int, socket.socket], None]) -> RawServer:
        servers.append(RawServer(script))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


def file_site(make_site: MakeSite, data: object = EXPORT, **options: object) -> Path:
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    return make_site({PATH: WORKPLAN, "statehub/export.json": body}, config("statehub/export.json", **options))


# Each rule, exactly -----------------------------------------------------------------------------


def test_each_rule_from_a_file_export(make_site: MakeSite) -> None:
    run = run_cli(file_site(make_site))
    assert run.code == 1, run.stdout + run.stderr
    assert run.located == EXPECTED
    assert [finding.split(" ", 1)[1] for finding in run.findings] == MESSAGES


def test_each_rule_from_a_server_that_wants_a_token(
    make_site: MakeSite, hub: Callable[[bytes], HubServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    server = hub(json.dumps(EXPORT).encode())
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    root = make_site({PATH: WORKPLAN}, config(server.url(), token_env=TOKEN_ENV))
    run = run_cli(root)
    assert run.located == EXPECTED
    assert [finding.split(" ", 1)[1] for finding in run.findings] == MESSAGES
    assert server.requests == [f"Bearer {TOKEN}"]


def test_an_unknown_workstream_is_wp009_alone(make_site: MakeSite) -> None:
    """The workplan's workstream is gone: its tasks' workstreams and the missing rows are not judged."""
    data = export(hub_task(T01, "done"), hub_task(T02, "todo"), hub_task(OTHERS, "todo", OTHER), streams=(OTHER,))
    run = run_cli(file_site(make_site, data))
    assert run.located == [
        ("WP009", PATH, line("state_hub_workstream_id"), 26),
        ("TK009", PATH, line(T03), 20),
    ]
    assert run.findings[0].endswith(f"WP009 state_hub_workstream_id '{STREAM}' is not a workstream in State Hub")


def test_in_step_is_clean_and_malformed_ids_are_left_to_tk002(make_site: MakeSite) -> None:
    text = WORKPLAN.replace(f'"{T03}"', '"TBD"').replace(f'"{OTHERS}"', f'"{T04}"')
    data = export(hub_task(T01, "done"), hub_task(T02, "todo"), hub_task(T04, "todo"))
    root = make_site({PATH: text, "hub.json": json.dumps(data)}, config("hub.json"))
    assert run_cli(root).located == [("TK002", PATH, line(T03), 20)]


def test_suppression_and_severity_apply(make_site: MakeSite) -> None:
    text = WORKPLAN.replace(
        "## T02 - Drifted: State Hub says it is in progress\n", "## T02 - Drifted\n\n<!-- workplans: ignore TK010 -->\n"
    )
    root = make_site(
        {PATH: text, "hub.json": json.dumps(EXPORT)},
        config("hub.json") + "      rules: {TK009: info}\n",
    )
    run = run_cli(root, "--format", "json")
    found = [(f["code"], f["severity"]) for f in json.loads(run.stdout)["findings"]]
    assert found == [("WP010", "warning"), ("TK009", "info"), ("TK011", "error")]


# SH001: the checks did not run ------------------------------------------------------------------


def only_sh001(run: Run, reason: str) -> str:
    assert run.located == [("SH001", "mkdocs.yml", *EXPORT_LINE)], run.stdout + run.stderr
    assert reason in run.findings[0], run.findings[0]
    assert "Traceback" not in run.stderr
    return run.findings[0]


def test_offline_is_one_sh001_and_no_request(make_site: MakeSite, hub: Callable[[bytes], HubServer]) -> None:
    server = hub(json.dumps(EXPORT).encode())
    root = make_site({PATH: WORKPLAN}, config(server.url()))
    only_sh001(run_cli(root, "--offline"), f"offline: the export {server.url()} was not fetched")
    offline = config(server.url()) + "  - refcheck:\n      offline: true\n"
    only_sh001(run_cli(make_site({PATH: WORKPLAN}, offline, name="refcheck-offline")), "offline")
    assert server.requests == []


def test_a_file_export_is_read_offline(make_site: MakeSite) -> None:
    assert run_cli(file_site(make_site), "--offline").located == EXPECTED


def test_sh001_is_a_warning_that_fails_strict(make_site: MakeSite) -> None:
    root = make_site({PATH: WORKPLAN}, config("missing.json"))
    run = run_cli(root)
    assert run.code == 0
    assert only_sh001(run, "") == (
        "mkdocs.yml:5:9 SH001 the State Hub checks did not run: "
        "cannot read the export missing.json: No such file or directory"
    )
    assert run_cli(root, "--strict").code == 1
    build = run_build(root, "--strict")
    assert build.code == 1
    assert "SH001" in build.stderr and "Traceback" not in build.stderr


def test_without_the_token_the_finding_names_the_variable(
    make_site: MakeSite, hub: Callable[[bytes], HubServer]
) -> None:
    server = hub(json.dumps(EXPORT).encode())
    root = make_site({PATH: WORKPLAN}, config(server.url(), token_env=TOKEN_ENV))
    finding = only_sh001(run_cli(root), f"the export {server.url()}: answers 401 Unauthorized")
    assert finding.endswith(f"(the environment variable {TOKEN_ENV} is not set)")
    assert server.requests == [None]


def slow(method: str, path: str, count: int, connection: socket.socket) -> None:
    """One byte a second: every read is quick, the whole never ends."""
    body = json.dumps(EXPORT).encode()
    connection.sendall(answer("200 OK", body=body)[: -len(body)])
    for byte in body:
        connection.sendall(bytes([byte]))
        time.sleep(1)


def too_much(method: str, path: str, count: int, connection: socket.socket) -> None:
    """10 MB and a bit more of JSON, sent without a Content-Length to give it away."""
    connection.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n")
    connection.sendall(b'{"workstreams": [], "tasks": [' + b" " * (MAX_BYTES + 1024))


@pytest.mark.parametrize(
    ("name", "script", "reason"),
    [
        ("slow", slow, "timed out: no complete answer within 1 s"),
        ("garbage", lambda m, p, c, conn: conn.sendall(b"HTTX/9 lol\r\n\r\n"), "not valid HTTP"),
        ("not JSON", lambda m, p, c, conn: conn.sendall(answer("200 OK", body=b"<html>")), "is not JSON"),
        ("not an export", lambda m, p, c, conn: conn.sendall(answer("200 OK", body=b"[]")), "is not a JSON object"),
        ("10 MB", too_much, f"is larger than {MAX_BYTES} bytes"),
        ("500", lambda m, p, c, conn: conn.sendall(answer("500 Internal Server Error")), "answers 500"),
    ],
)
def test_a_misbehaving_server_is_one_sh001_in_bounded_time(
    make_site: MakeSite, raw: Callable[..., RawServer], name: str, script: Any, reason: str
) -> None:
    server = raw(script)
    root = make_site({PATH: WORKPLAN}, config(server.url("/export.json"), timeout=1))
    started = time.monotonic()
    run = run_cli(root)
    assert time.monotonic() - started < 60, name
    only_sh001(run, reason)


def test_a_server_that_is_down_is_one_sh001(make_site: MakeSite) -> None:
    with socket.create_server(("127.0.0.1", 0)) as probe:
        port = probe.getsockname()[1]  # closed again: nothing listens there
    root = make_site({PATH: WORKPLAN}, config(f"http://127.0.0.1:{port}/export.json", timeout=2))
    only_sh001(run_cli(root), f"the export http://127.0.0.1:{port}/export.json: ")


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        (
            "a task without workstream",
            export({"id": T01, "status": "done"}),
            "tasks[0].workstream_id: expected a non-empty string",
        ),
        ("a number for an id", export({"id": 4711, "workstream_id": STREAM, "status": "done"}), "tasks[0].id"),
        (
            "a long title",
            export(hub_task(T01, "done", title="x" * 1001)),
            "tasks[0].title: expected a string of at most 1000",
        ),
        (
            "an id twice",
            export(hub_task(T01, "done"), hub_task(T01, "todo")),
            "tasks[1].id: the same id as an earlier task",
        ),
        ("deep", b"[" * 100_000 + b"]" * 100_000, "is nested too deeply"),
        ("Latin-1", b'{"workstreams": [], "tasks": [], "x": "caf\xe9"}', "is not JSON: not UTF-8 text"),
    ],
)
def test_an_invalid_file_export_is_one_sh001(make_site: MakeSite, name: str, data: object, reason: str) -> None:
    only_sh001(run_cli(file_site(make_site, data)), reason)


# The token ---------------------------------------------------------------------------------------

FORMATS = ("text", "json", "github", "junit", "sarif")


def test_the_token_is_never_shown_logged_or_cached(
    make_site: MakeSite,
    hub: Callable[[bytes], HubServer],
    monkeypatch: pytest.MonkeyPatch,
    user_cache: Path,
    tmp_path: Path,
) -> None:
    server = hub(json.dumps(EXPORT).encode())
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    root = make_site({PATH: WORKPLAN}, config(server.url("/moved"), token_env=TOKEN_ENV, max_age="1h"))
    shown = []
    for output in FORMATS:
        report = tmp_path / f"report.{output}"
        run = run_cli(root, "--format", output, "--output", str(report), "--strict")
        assert run.code == 1, run.stderr
        shown += [run.stdout, run.stderr, report.read_text(encoding="utf-8")]
    build = run_build(root, "--verbose", "--site-dir", str(tmp_path / "built"))
    diff = statehub_diff(root, "--format", "json")
    shown += [build.stdout, build.stderr, diff.stdout, diff.stderr]
    assert "TK010" in shown[2] and "TK010" in build.stderr and diff.code == 1
    cached = [path for path in user_cache.rglob("*") if path.is_file()]
    assert any(path.parent.name == "statehub" for path in cached)
    built = [path for path in (tmp_path / "built").rglob("*") if path.is_file()]
    for text in shown + [path.read_bytes().decode("latin-1") for path in cached + built]:
        assert TOKEN not in text
        assert TOKEN.split("/")[0] not in text
    assert server.requests[:2] == [f"Bearer {TOKEN}"] * 2, "the redirect within the origin carries it too"


def test_a_fetched_export_is_reused_for_max_age_only(
    make_site: MakeSite, hub: Callable[[bytes], HubServer], monkeypatch: pytest.MonkeyPatch, user_cache: Path
) -> None:
    server = hub(json.dumps(EXPORT).encode())
    monkeypatch.setenv(TOKEN_ENV, TOKEN)
    root = make_site({PATH: WORKPLAN}, config(server.url(), token_env=TOKEN_ENV, max_age="10m"))
    assert run_cli(root).located == EXPECTED
    assert run_cli(root).located == EXPECTED
    assert len(server.requests) == 1
    # A forged entry (another key) is not trusted: the export is fetched again.
    (entry,) = (user_cache / "mkdocs-workplans" / "statehub").iterdir()
    forged = json.loads(entry.read_text(encoding="utf-8"))
    forged["body"] = json.dumps(export(hub_task(T01, "done"), hub_task(T02, "todo")))
    entry.write_text(json.dumps(forged), encoding="utf-8")
    assert run_cli(root).located == EXPECTED
    assert len(server.requests) == 2
    fresh = make_site({PATH: WORKPLAN}, config(server.url(), token_env=TOKEN_ENV, max_age=0), name="no-cache")
    run_cli(fresh)
    run_cli(fresh)
    assert len(server.requests) == 4


# The export's schema ---------------------------------------------------------------------------

SCHEMA = json.loads((ROOT / "plugins/mkdocs_workplans/schemas/statehub-export.schema.json").read_text("utf-8"))
SAMPLES: list[object] = [
    EXPORT,
    export(),
    {"workstreams": [{"id": STREAM}], "tasks": [{"id": T01, "workstream_id": STREAM, "status": "x", "title": None}]},
    [],
    {"workstreams": []},
    {"workstreams": {}, "tasks": []},
    export({"id": "", "workstream_id": STREAM, "status": "done"}),
    export({"id": "  ", "workstream_id": STREAM, "status": "done"}),
    export({"id": T01, "workstream_id": STREAM, "status": ""}),
    export({"id": T01, "workstream_id": STREAM, "status": "s" * 101}),
    export({"id": "i" * 201, "workstream_id": STREAM, "status": "done"}),
    export({"id": T01, "workstream_id": STREAM, "status": ["done"]}),
    export(hub_task(T01, "done", title="t" * 1000)),
    export(hub_task(T01, "done", title="t" * 1001)),
    {"workstreams": [{"title": "no id"}], "tasks": []},
    {"workstreams": ["x"], "tasks": []},
]


@pytest.mark.parametrize("index", range(len(SAMPLES)))
def test_the_reader_and_the_shipped_schema_agree(index: int) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    sample = SAMPLES[index]
    valid = jsonschema.Draft202012Validator(SCHEMA).is_valid(sample)
    try:
        parse_export(json.dumps(sample).encode())
    except ExportError:
        read = False
    else:
        read = True
    assert read == valid, sample


# `workplans statehub diff` ----------------------------------------------------------------------


def statehub_diff(root: Path, *args: str) -> Run:
    """The real ``workplans statehub diff`` (through ``python -m``)."""
    return run_process(root, sys.executable, "-m", "mkdocs_workplans", "statehub", "diff", *args)


def test_diff_table_and_json(make_site: MakeSite) -> None:
    root = file_site(make_site)
    table = statehub_diff(root)
    assert table.code == 1, table.stderr
    ws = line("state_hub_workstream_id")
    assert table.stdout.splitlines() == [
        f"{PATH} (OPS-WP-0001)",
        "  LINE  WHAT                   TASK             STATE HUB ID                          WORKPLAN"
        "                              STATE HUB",
        f"  {ws}     missing row            -                {ONLY_IN_HUB}  -"
        "                                     todo (Rotate the CI key now)",
        f"  {line('status: todo', '## T02')}    status drift           OPS-WP-0001-T02  {T02}  todo"
        "                                  in_progress",
        f"  {line(T03)}    task not in State Hub  OPS-WP-0001-T03  {T03}  -                                     -",
        f"  {line(OTHERS)}    workstream mismatch    OPS-WP-0001-T04  {OTHERS}  {STREAM}  {OTHER}",
        "",
        "4 differences in 1 of 1 workplans.",
    ]
    document = json.loads(statehub_diff(root, "--format", "json").stdout)
    assert document["summary"] == {"workplans": 1, "differing": 1, "differences": 4}
    (workplan,) = document["workplans"]
    assert (workplan["path"], workplan["id"]) == (PATH, "OPS-WP-0001")
    assert [
        (d["kind"], d["line"], d["task"], d["state_hub_id"], d["workplan"], d["state_hub"])
        for d in workplan["differences"]
    ] == [
        ("missing_row", ws, None, ONLY_IN_HUB, None, "todo"),
        ("status_drift", line("status: todo", "## T02"), "OPS-WP-0001-T02", T02, "todo", "in_progress"),
        ("unknown_task", line(T03), "OPS-WP-0001-T03", T03, None, None),
        ("workstream_mismatch", line(OTHERS), "OPS-WP-0001-T04", OTHERS, STREAM, OTHER),
    ]
    assert workplan["differences"][0]["title"] == "Rotate the CI key\nnow"


def test_diff_exit_codes(make_site: MakeSite) -> None:
    in_step = export(hub_task(T01, "done"), hub_task(T02, "todo"), hub_task(T03, "todo"), hub_task(OTHERS, "todo"))
    clean = statehub_diff(file_site(make_site, in_step))
    assert (clean.code, clean.stdout) == (0, "No differences: 1 workplans in step with State Hub.\n")
    unset = statehub_diff(make_site({PATH: WORKPLAN}, name="unset"))
    assert unset.code == 2 and "configures no State Hub export" in unset.stderr
    missing = statehub_diff(make_site({PATH: WORKPLAN}, config("gone.json"), name="missing"))
    assert missing.code == 2
    assert missing.stderr.strip().endswith(
        "cannot compare with State Hub: cannot read the export gone.json: No such file or directory"
    )


# Options ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"token_env": "STATEHUB TOKEN"}, "'STATEHUB TOKEN' is not the name of an environment variable"),
        ({"max_age": "5 weeks"}, "expected seconds or a duration such as 90s, 5m, 2h or 1d, got '5 weeks'"),
        ({"export": "ftp://hub.example/export.json"}, "a URL must be http:// or https://"),
    ],
)
def test_bad_options_name_the_key(make_site: MakeSite, options: dict[str, object], message: str) -> None:
    statehub = {"export": "hub.json", **options}
    root = make_site({}, "site_name: T\nplugins:\n  - workplans:\n      statehub: " + json.dumps(statehub) + "\n")
    checked = run_cli(root)
    assert checked.code == 2
    assert "statehub" in checked.stderr and message in checked.stderr, checked.stderr


# Readers ------------------------------------------------------------------------------------------


def test_a_drifted_task_card_shows_state_hubs_status(make_site: MakeSite, tmp_path: Path) -> None:
    data = export(hub_task(T01, "done"), hub_task(T02, "In Progress"), hub_task(T03, "todo"), hub_task(OTHERS, "todo"))
    # A suppression comment between heading and block silences TK010 and leaves the card as it is.
    text = WORKPLAN.replace(
        "```task\nid: OPS-WP-0001-T02", "<!-- workplans: ignore TK010 -->\n```task\nid: OPS-WP-0001-T02"
    )
    body = json.dumps(data)
    root = make_site({PATH: text, "hub.json": body}, config("hub.json"))
    build = run_build(root, "--site-dir", str(tmp_path / "built"))
    assert build.code == 0, build.stderr
    page = (tmp_path / "built" / "workplans" / "OPS-WP-0001" / "index.html").read_text(encoding="utf-8")
    cards = page.split('<div class="wp-task"')[1:]
    badge = '<span class="wp-badge wp-badge--hub" data-status="in_progress"'
    assert [badge in card for card in cards] == [False, True, False, False]
    assert "State Hub: in progress</span>" in cards[1]
    assert all('<h2 id="t0' in card for card in cards), "each heading moved into its card"
    assert "TK010" not in build.stderr
    gone = make_site({PATH: WORKPLAN}, config("gone.json"), name="gone")
    assert run_build(gone, "--site-dir", str(tmp_path / "gone-built")).code == 0
    assert "wp-badge--hub" not in (tmp_path / "gone-built" / "workplans" / "OPS-WP-0001" / "index.html").read_text(
        "utf-8"
    )
