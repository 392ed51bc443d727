"""Issue 10, the network half: what servers, inventories and caches hand the gate stays data.

Every server here is a real one on 127.0.0.1; the misbehaving ones are raw sockets, so
they can send what no HTTP library would (a second answer after ``HEAD``, LF-only
header lines, a status line of garbage, one byte a second).
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from conftest import MakeSite, run_cli
from mkdocs_workplans.external.check import check_urls
from mkdocs_workplans.options.settings import default_external
from mkdocs_workplans.references.siblings import from_inventory
from mkdocs_workplans.settings import External, Repo

INVENTORY = json.dumps({"version": 1, "pages": [{"path": "docs/index.md", "url": "", "anchors": []}]}).encode()
PASSWORD = "pa55-w0rd-9d2e"
TOKEN = "tok/en+with=specials-41c7"

Script = Callable[[str, str, int, socket.socket], None]
"""Answers one request: method, path, how many requests that path has had, the connection."""


class RawServer:
    """A keep-alive server on 127.0.0.1 (or another loopback address) that sends exactly what its script says."""

    def __init__(self, script: Script, host: str = "127.0.0.1") -> None:
        self.script = script
        self.host = host
        self.seen: list[str] = []
        self.counts: dict[str, int] = {}
        self.lock = threading.Lock()
        self.listener = socket.create_server((host, 0))
        self.port = self.listener.getsockname()[1]
        threading.Thread(target=self.accept, daemon=True).start()

    def url(self, path: str) -> str:
        return f"http://{self.host}:{self.port}{path}"

    def accept(self) -> None:
        while True:
            try:
                connection, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self.serve, args=(connection,), daemon=True).start()

    def serve(self, connection: socket.socket) -> None:
        buffer = b""
        with connection:
            while True:
                while b"\r\n\r\n" not in buffer:
                    try:
                        chunk = connection.recv(65536)
                    except OSError:
                        return
                    if not chunk:
                        return
                    buffer += chunk
                head, buffer = buffer.split(b"\r\n\r\n", 1)
                method, target, _ = head.split(b"\r\n", 1)[0].decode("latin-1").split(" ", 2)
                with self.lock:
                    self.seen.append(f"{method} {target}")
                    count = self.counts[target] = self.counts.get(target, 0) + 1
                try:
                    self.script(method, target, count, connection)
                except OSError:
                    return

    def stop(self) -> None:
        self.listener.close()


@pytest.fixture
def raw() -> Iterator[Callable[..., RawServer]]:
    servers: list[RawServer] = []

    def start(script: Script, host: str = "127.0.0.1") -> RawServer:
        servers.append(RawServer(script, host))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


@pytest.fixture(autouse=True)
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "no_proxy", "NO_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    return tmp_path / "user-cache" / "mkdocs-workplans"


def answer(status: str, *headers: str, body: bytes = b"", eol: bytes = b"\r\n") -> bytes:
    lines = [f"HTTP/1.1 {status}".encode(), *(h.encode() for h in headers), f"Content-Length: {len(body)}".encode()]
    return eol.join(lines) + eol + eol + body


def fast(**overrides: Any) -> External:
    return replace(replace(default_external(), timeout=2, retries=1, backoff=0.01, allow_private=True), **overrides)


def site_config(**external: object) -> str:
    options = {"enabled": True, "timeout": 2, "retries": 0, "allow_private": True, **external}
    return "site_name: Test\nplugins:\n  - refcheck:\n      external: " + json.dumps(options) + "\n"


# Class 9: the HTTP transport ------------------------------------------------------------


def test_an_answer_appended_after_head_is_not_taken_for_the_next_one(raw: Callable[..., RawServer]) -> None:
    """The issue's example: a second answer sent with the answer to ``HEAD`` (one write)."""

    def script(method: str, path: str, count: int, connection: socket.socket) -> None:
        if path == "/ok":
            connection.sendall(answer("200 OK") + answer("200 OK"))
        else:
            connection.sendall(answer("404 Not Found"))

    server = raw(script)
    ok, missing = server.url("/ok"), server.url("/missing")
    results = check_urls([ok, missing], fast(concurrency=1, per_host=1, retries=0))
    assert results[ok].code is None
    assert (results[missing].code, results[missing].status) == ("EX001", 404)


def test_an_answer_sent_to_an_idle_connection_is_not_taken_for_the_next_one(raw: Callable[..., RawServer]) -> None:
    """Variant: the stray answer comes later, while the connection waits in the pool for a retry."""

    def script(method: str, path: str, count: int, connection: socket.socket) -> None:
        if count == 1:
            connection.sendall(answer("429 Too Many Requests", "Retry-After: 1"))
            time.sleep(0.1)
            connection.sendall(answer("200 OK"))
        else:
            connection.sendall(answer("404 Not Found"))

    server = raw(script)
    url = server.url("/flaky")
    result = check_urls([url], fast(concurrency=1, per_host=1, retries=1))[url]
    assert (result.code, result.status) == ("EX001", 404)


def test_header_lines_ending_in_lf_only_are_read(raw: Callable[..., RawServer]) -> None:
    """The issue's example (curl and urllib read these), and a variant with a 404 and more headers."""

    def script(method: str, path: str, count: int, connection: socket.socket) -> None:
        if path == "/ok":
            connection.sendall(answer("200 OK", eol=b"\n"))
        else:
            connection.sendall(answer("404 Not Found", "Server: lf", "X-Extra: 1", eol=b"\n"))

    server = raw(script)
    ok, missing = server.url("/ok"), server.url("/missing")
    results = check_urls([ok, missing], fast())
    assert results[ok].code is None, results[ok].message
    assert (results[missing].code, results[missing].status) == ("EX001", 404)


def test_proxies_from_the_environment_are_used_and_no_proxy_honoured(
    raw: Callable[..., RawServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    def script(method: str, path: str, count: int, connection: socket.socket) -> None:
        connection.sendall(answer("200 OK"))

    proxy = raw(script)
    monkeypatch.setenv("HTTP_PROXY", proxy.url(""))
    monkeypatch.setenv("NO_PROXY", "exempt.invalid")
    through, exempt = "http://docs.example.invalid/page", "http://exempt.invalid/page"
    private = "http://10.1.2.3/admin"
    results = check_urls([through, exempt, private], fast(allow_private=False))
    assert results[through].code is None, results[through].message
    assert results[exempt].code == "EX002"
    assert "does not resolve" in results[exempt].message
    assert results[private].code == "EX002"
    assert "refused: 10.1.2.3 is a private address" in results[private].message
    assert proxy.seen == [f"HEAD {through}"], "the proxy sees only the URL it may carry"


# Class 6: inventories over HTTP -----------------------------------------------------------


def inventory_problem(url: str, timeout: float = 2) -> str | None:
    return from_inventory(Repo("platform", inventory=url, site_url="https://docs.example/platform/"), timeout).problem


def test_inventory_redirects_go_through_the_fetch_policy(raw: Callable[..., RawServer]) -> None:
    """The issue's examples: a redirect to another private address, or to ``ftp://``, is not followed."""
    inner = raw(lambda m, p, c, conn: conn.sendall(answer("200 OK", body=INVENTORY)), host="127.0.0.2")

    def script(method: str, path: str, count: int, connection: socket.socket) -> None:
        targets = {"/private": inner.url("/inv.json"), "/ftp": "ftp://127.0.0.1/inv.json", "/same": "/inv.json"}
        if path in targets:
            connection.sendall(answer("302 Found", f"Location: {targets[path]}"))
        else:
            connection.sendall(answer("200 OK", body=INVENTORY))

    server = raw(script)
    private = inventory_problem(server.url("/private"))
    assert private is not None
    assert "refused: 127.0.0.2 is a loopback address" in private
    assert inner.seen == []
    ftp = inventory_problem(server.url("/ftp"))
    assert ftp is not None
    assert "unsupported scheme 'ftp:'" in ftp
    assert inventory_problem(server.url("/same")) is None, "a redirect within the configured host is followed"


def trickle(method: str, path: str, count: int, connection: socket.socket) -> None:
    """Half a second per byte: no single read waits long, and the whole takes minutes."""
    body = INVENTORY + b" " * 400
    connection.sendall(answer("200 OK", body=body)[: -len(body)])
    for byte in body:
        connection.sendall(bytes([byte]))
        time.sleep(0.5)


@pytest.mark.parametrize(
    ("name", "payload", "expected"),
    [
        ("1,000 headers", answer("200 OK", *(f"X-{n}: {n}" for n in range(1000)), body=INVENTORY), "not valid HTTP"),
        ("a 200 KB header line", answer("200 OK", "X-Big: " + "a" * 200_000, body=INVENTORY), "not valid HTTP"),
        ("a garbage status line", b"HTTX/9 lol\r\n\r\n", "not valid HTTP"),
        ("100,000-deep JSON", answer("200 OK", body=b"[" * 100_000 + b"]" * 100_000), "is not a workplans inventory"),
        ("more than 64 MiB", b"HTTP/1.1 200 OK\r\nContent-Length: 70000000\r\n\r\n", "larger than"),
    ],
)
def test_inventory_protocol_errors_are_problems_not_tracebacks(
    raw: Callable[..., RawServer], name: str, payload: bytes, expected: str
) -> None:
    server = raw(lambda m, p, c, conn: conn.sendall(payload))
    problem = inventory_problem(server.url("/inv.json"))
    assert problem is not None, name
    assert expected in problem, problem


def test_a_slow_inventory_cannot_stretch_the_deadline(make_site: MakeSite, raw: Callable[..., RawServer]) -> None:
    """One byte a second: each read is quick, the whole never ends; the deadline is for the whole."""
    server = raw(trickle)
    config = (
        "site_name: Test\nplugins:\n  - refcheck:\n      external: {timeout: 1}\n      repos:\n"
        f"        platform:\n          inventory: {server.url('/inv.json')}\n"
        "          site_url: https://docs.example/platform/\n"
    )
    root = make_site({"docs/index.md": "# Home\n\nSee [it](platform:docs/index.md).\n"}, config)
    started = time.monotonic()
    run = run_cli(root)
    assert time.monotonic() - started < 60
    assert run.located == [("XR004", "docs/index.md", 3, 5)]
    assert "timed out" in run.findings[0]
    assert "Traceback" not in run.stderr


# Class 3: secrets never printed -----------------------------------------------------------

FORMATS = ("text", "json", "github", "junit", "sarif")


def test_header_values_in_redirects_are_never_shown(
    make_site: MakeSite, raw: Callable[..., RawServer], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The issue's example (a redirect to a URL holding the token) and a variant (percent-encoded)."""

    def script(method: str, path: str, count: int, connection: socket.socket) -> None:
        if path == "/moved":
            connection.sendall(answer("301 Moved Permanently", f"Location: /new?token={TOKEN}"))
        elif path == "/encoded":
            connection.sendall(answer("308 Permanent Redirect", f"Location: /new?token={quote(TOKEN, safe='')}"))
        elif path == "/gone":
            connection.sendall(answer("302 Found", f"Location: /missing?t={quote(TOKEN, safe='')}"))
        elif path.startswith("/new"):
            connection.sendall(answer("200 OK"))
        else:
            connection.sendall(answer("404 Not Found"))

    server = raw(script)
    monkeypatch.setenv("WP_TEST_TOKEN", TOKEN)
    config = site_config().replace(
        '"allow_private": true',
        f'"allow_private": true, "headers": {{"{server.url("/")}": {{"X-Token": !ENV WP_TEST_TOKEN}}}}',
    )
    text = f"[a]({server.url('/moved')})\n[b]({server.url('/encoded')})\n[c]({server.url('/gone')})\n"
    root = make_site({"docs/index.md": text}, config)
    for output in FORMATS:
        run = run_cli(root, "--format", output, "--strict")
        assert run.code == 1, run.stderr
        shown = run.stdout + run.stderr
        assert "EX001" in shown, output
        assert "EX003" in shown or output == "junit", output  # JUnit lists only what fails
        for form in (TOKEN, quote(TOKEN, safe=""), quote(TOKEN)):
            assert form not in shown, (output, form)


def test_credentials_in_urls_are_redacted_in_every_format(make_site: MakeSite, raw: Callable[..., RawServer]) -> None:
    """The issue's example (``user:pass@`` in an EX finding) and a variant: an inventory URL in an XR finding."""
    server = raw(lambda m, p, c, conn: conn.sendall(answer("404 Not Found")))
    link = server.url("/missing").replace("http://", f"http://reader:{PASSWORD}@")
    inventory = f"http://ci-bot:{PASSWORD}@127.0.0.1:1/workplans-inventory.json"
    config = site_config() + (
        f"      repos:\n        platform:\n          inventory: {inventory}\n"
        "          site_url: https://docs.example/platform/\n"
    )
    text = f"# Home\n\n[a]({link})\n[b](platform:docs/index.md)\n"
    root = make_site({"docs/index.md": text}, config)
    for output in FORMATS:
        run = run_cli(root, "--format", output)
        assert run.code == 1, run.stderr
        shown = run.stdout + run.stderr
        assert "EX001" in shown and "XR004" in shown, output
        assert PASSWORD not in shown, output
        assert "***@" in shown, output
    assert (
        run_cli(root).findings[0]
        == f"docs/index.md:3:1 EX001 {server.url('/missing').replace('://', '://***@')} answers 404 Not Found"
    )


# Class 1, network part: the external-link cache --------------------------------------------


def planted(url: str, status: Any) -> str:
    """A cache as the old format wrote it, claiming ``url`` answered ``status`` just now."""
    return json.dumps({"version": 1, "urls": {url: {"status": status, "checked": time.time(), "moved_to": None}}})


def test_a_cache_committed_to_the_repository_is_not_trusted(make_site: MakeSite, raw: Callable[..., RawServer]) -> None:
    """The issue's example: ``{"status": 200}`` at the old default place inside the repository."""
    server = raw(lambda m, p, c, conn: conn.sendall(answer("404 Not Found")))
    url = server.url("/missing")
    files = {"docs/index.md": f"[a]({url})\n", ".cache/workplans/external.json": planted(url, 200)}
    root = make_site(files, site_config())
    run = run_cli(root)
    assert run.codes == [("EX001", "docs/index.md", 1)]


def test_a_configured_cache_with_forged_or_malformed_entries_is_ignored(
    make_site: MakeSite, raw: Callable[..., RawServer]
) -> None:
    """Variant: a cache the configuration puts in the repository, planted with wrong types or forged entries."""
    server = raw(lambda m, p, c, conn: conn.sendall(answer("404 Not Found")))
    url = server.url("/missing")
    root = make_site({"docs/index.md": f"[a]({url})\n"}, site_config(cache=".cache/links.json"))
    cache = root / ".cache" / "links.json"
    cache.parent.mkdir()
    run_cli(root)  # writes nothing for a failure, but makes the user's key
    forged = {
        "version": 2,
        "entries": {
            "x": {"url": url, "status": 200, "checked": time.time(), "moved_to": None, "signature": "0" * 64},
            "y": {"url": 5, "status": "200", "checked": [], "moved_to": {}, "signature": None},
            "z": [1, 2],
        },
    }
    for content in (planted(url, 1e999), planted(url, "200"), json.dumps(forged), "[" * 100_000, '{"version": 2}'):
        cache.write_text(content, encoding="utf-8")
        run = run_cli(root)
        assert run.codes == [("EX001", "docs/index.md", 1)], content[:80]
        assert "Traceback" not in run.stderr
