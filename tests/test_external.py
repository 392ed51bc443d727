"""The external link checker against real HTTP servers on 127.0.0.1 (no outside network).

Sites go through the real ``workplans check --external``; the engine's own guarantees
(concurrency caps, the address guard on redirects, running inside an event loop) are
tested through :func:`check_urls`, the entry point benchmarks use too.
"""

from __future__ import annotations

import asyncio
import ipaddress
import json
import shutil
import ssl
import subprocess
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest

from conftest import MakeSite, run_build, run_cli
from mkdocs_workplans.external.check import check_urls
from mkdocs_workplans.external.headers import HeaderRule, Prefix, Secret, headers_for
from mkdocs_workplans.external.policy import IPAddress, non_public
from mkdocs_workplans.external.urls import Unreachable, follow, parse
from mkdocs_workplans.options.settings import default_external
from mkdocs_workplans.settings import External

SLOW = 2.0
"""Seconds the slow endpoint waits, well beyond the tests' timeout."""
TOKEN = "s3cr3t-token-value-7f1c"


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]


@dataclass
class Server:
    """A loopback HTTP server whose routes answer the statuses the checker must tell apart."""

    host: str = "127.0.0.1"
    tls: ssl.SSLContext | None = None
    requests: list[Seen] = field(default_factory=list)
    active: int = 0
    most_active: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)
    httpd: ThreadingHTTPServer | None = None

    @property
    def port(self) -> int:
        assert self.httpd is not None
        return self.httpd.server_address[1]

    def url(self, path: str) -> str:
        return f"{'https' if self.tls else 'http'}://{self.host}:{self.port}{path}"

    def paths(self) -> list[str]:
        with self.lock:
            return [seen.path for seen in self.requests]

    def start(self) -> Server:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:
                """Quiet: pytest shows stderr of failing tests only, and this is noise."""

            def do_HEAD(self) -> None:
                self.answer()

            def do_GET(self) -> None:
                self.answer()

            def reply(self, status: int, **headers: str) -> None:
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name.replace("_", "-"), value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def answer(self) -> None:
                with server.lock:
                    server.requests.append(Seen(self.command, self.path, dict(self.headers.items())))
                    count = sum(1 for seen in server.requests if seen.path == self.path)
                    server.active += 1
                    server.most_active = max(server.most_active, server.active)
                try:
                    self.route(count)
                finally:
                    with server.lock:
                        server.active -= 1

            def route(self, count: int) -> None:
                path = self.path.split("?", 1)[0]
                if path in ("/ok", "/moved-here", "/sleepy"):
                    if path == "/sleepy":
                        time.sleep(0.2)
                    self.reply(200)
                elif path == "/missing":
                    self.reply(404)
                elif path == "/error":
                    self.reply(500)
                elif path == "/old":
                    self.reply(301, Location="/moved-here")
                elif path == "/old-then-temp":
                    self.reply(308, Location="/temp")
                elif path == "/temp":
                    self.reply(302, Location="/ok")
                elif path == "/busy":
                    self.reply(429)
                elif path == "/throttled":
                    self.reply(429, Retry_After="0") if count == 1 else self.reply(200)
                elif path == "/slow":
                    time.sleep(SLOW)
                    self.reply(200)
                elif path == "/nohead":
                    self.reply(405 if self.command == "HEAD" else 200)
                elif path == "/drop":
                    self.reply(200)
                    self.close_connection = True  # without saying so: the client's pooled connection goes stale
                elif path == "/private":
                    self.reply(401)
                elif path == "/redirect":
                    self.reply(302, Location=parse_qs(urlsplit(self.path).query)["to"][0])
                else:
                    self.reply(404)

        self.httpd = ThreadingHTTPServer((self.host, 0), Handler)
        self.httpd.daemon_threads = True
        if self.tls is not None:
            self.httpd.socket = self.tls.wrap_socket(self.httpd.socket, server_side=True)
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        assert self.httpd is not None
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(autouse=True)
def user_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test its own user cache directory (where the external-link cache lives by default)."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))
    return tmp_path / "user-cache" / "mkdocs-workplans"


@pytest.fixture
def server() -> Iterator[Server]:
    running = Server().start()
    yield running
    running.stop()


def site_config(**external: object) -> str:
    options = {"enabled": True, "timeout": 0.3, "retries": 1, "backoff": 0.01, "allow_private": True, **external}
    return "site_name: Test\nplugins:\n  - refcheck:\n      external: " + json.dumps(options) + "\n"


def fast(**overrides: Any) -> External:
    return replace(replace(default_external(), timeout=0.3, retries=1, backoff=0.01, allow_private=True), **overrides)


def page(server: Server) -> str:
    """One link per line, so line N holds the N-th link."""
    return "\n".join(
        [
            f"[ok]({server.url('/ok')})",
            f"[missing]({server.url('/missing')})",
            f"[error]({server.url('/error')})",
            f"[old]({server.url('/old')})",
            f"[temp]({server.url('/temp')})",
            f"[busy]({server.url('/busy')})",
            f"[throttled]({server.url('/throttled')})",
            f"[slow]({server.url('/slow')})",
            f"[nohead]({server.url('/nohead')})",
            f"Again, with an anchor: [missing]({server.url('/missing')}#part)",
            f"![image]({server.url('/missing')})",
            f"<{server.url('/old')}>",
            "",
        ]
    )


EXPECTED = [
    ("EX001", "docs/index.md", 2),
    ("EX001", "docs/index.md", 3),
    ("EX003", "docs/index.md", 4),
    ("EX004", "docs/index.md", 6),
    ("EX002", "docs/index.md", 8),
    ("EX001", "docs/index.md", 10),
    ("EX001", "docs/index.md", 11),
    ("EX003", "docs/index.md", 12),
]


def test_every_outcome_through_the_cli(make_site: MakeSite, server: Server) -> None:
    root = make_site({"docs/index.md": page(server)}, site_config())
    started = time.monotonic()
    run = run_cli(root, "--format", "json")
    assert time.monotonic() - started < 15
    assert run.code == 1, run.stderr
    findings = json.loads(run.stdout)["findings"]
    assert [(f["code"], f["path"], f["line"]) for f in findings] == EXPECTED
    by_line = {f["line"]: f for f in findings}
    assert by_line[4]["severity"] == "info"
    assert by_line[4]["hint"] == server.url("/moved-here")
    assert by_line[10]["column"] == 24
    assert "404" in by_line[2]["message"]
    assert "500" in by_line[3]["message"]
    assert "429" in by_line[6]["message"]
    assert "no answer within 0.3 s" in by_line[8]["message"]
    assert by_line[6]["severity"] == by_line[8]["severity"] == "warning"
    paths = server.paths()
    assert paths.count("/missing") <= 2, "one URL is requested once (HEAD, then GET), however often it is used"
    assert ("GET", "/nohead") in [(seen.method, seen.path) for seen in server.requests]


def test_text_output_names_file_line_and_code(make_site: MakeSite, server: Server) -> None:
    root = make_site({"docs/index.md": f"# Home\n\nSee [gone]({server.url('/missing')}).\n"}, site_config())
    run = run_cli(root)
    assert run.code == 1
    assert run.findings == [f"docs/index.md:3:5 EX001 {server.url('/missing')} answers 404 Not Found"]


def test_no_request_unless_external_is_enabled(make_site: MakeSite, server: Server) -> None:
    root = make_site({"docs/index.md": page(server)}, site_config(enabled=False))
    assert run_cli(root).code == 0
    assert server.requests == []
    assert not (root / ".cache").exists()


def test_loopback_is_refused_without_allow_private(make_site: MakeSite, server: Server) -> None:
    localhost = server.url("/ok").replace("127.0.0.1", "localhost")
    text = f"[a]({server.url('/ok')})\n[b]({localhost})\n[c](http://[::ffff:127.0.0.1]:{server.port}/ok)\n"
    root = make_site({"docs/index.md": text}, site_config(allow_private=False))
    run = run_cli(root)
    assert run.codes == [("EX002", "docs/index.md", 1), ("EX002", "docs/index.md", 2), ("EX002", "docs/index.md", 3)]
    for finding in run.findings:
        assert "refused" in finding
        assert "loopback address" in finding
        assert "allow_private is false" in finding
    assert run.code == 0, "EX002 is a warning"
    assert run_cli(root, "--strict").code == 1
    assert server.requests == []


def test_redirect_into_private_space_is_not_followed(server: Server) -> None:
    inner = Server(host="127.0.0.2").start()
    try:

        def policy(address: IPAddress) -> str | None:
            """Treat 127.0.0.2 as the private network and 127.0.0.1 as the internet."""
            return "private" if address == ipaddress.ip_address("127.0.0.2") else None

        hop = server.url("/redirect?" + urlencode({"to": inner.url("/ok")}))
        direct = server.url("/redirect?to=/ok")
        results = check_urls([hop, direct], fast(allow_private=False), policy)
        assert inner.requests == []
    finally:
        inner.stop()
    assert results[hop].code == "EX002"
    assert f"(redirected to {inner.url('/ok')})" in results[hop].message
    assert "refused: 127.0.0.2 is a private address (allow_private is false)" in results[hop].message
    assert results[direct].code is None


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl to make a certificate")
def test_tls_is_verified_against_the_name_while_connecting_to_the_vetted_address(
    server: Server, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    request = "req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 -subj /CN=localhost"
    subprocess.run(
        ["openssl", *request.split(), "-addext", "subjectAltName=DNS:localhost", "-keyout", key, "-out", cert],
        check=True,
        capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    secure = Server(tls=context).start()
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    try:
        by_name = secure.url("/ok").replace("127.0.0.1", "localhost")
        by_address = secure.url("/ok")
        plain = server.url("/ok").replace("http:", "https:")
        results = check_urls([by_name, by_address, plain], fast(timeout=2))
    finally:
        secure.stop()
    assert results[by_name].code is None, results[by_name].message
    assert [seen.headers["Host"] for seen in secure.requests] == [f"localhost:{secure.port}"]
    assert results[by_address].code == "EX002"
    assert "TLS failed: CERTIFICATE_VERIFY_FAILED" in results[by_address].message
    assert results[plain].code == "EX002"
    assert "TLS failed" in results[plain].message
    assert server.requests == []


def test_unknown_host_is_unreachable_quickly(make_site: MakeSite) -> None:
    root = make_site({"docs/index.md": "[x](https://no-such-host.invalid/page)\n"}, site_config(allow_private=False))
    started = time.monotonic()
    run = run_cli(root)
    assert time.monotonic() - started < 10
    assert run.codes == [("EX002", "docs/index.md", 1)]
    assert "host no-such-host.invalid does not resolve" in run.findings[0]


def test_cache_spares_the_second_run(make_site: MakeSite, server: Server, user_cache: Path) -> None:
    root = make_site({"docs/index.md": page(server)}, site_config(timeout=0.3))
    first = run_cli(root)
    cache = json.loads((user_cache / "external.json").read_text(encoding="utf-8"))
    by_url = {entry["url"]: entry for entry in cache["entries"].values()}
    assert sorted(by_url) == sorted(server.url(p) for p in ("/ok", "/old", "/temp", "/throttled", "/nohead"))
    assert by_url[server.url("/old")]["moved_to"] == server.url("/moved-here")
    assert not (root / ".cache").exists(), "the default cache is outside the repository"
    before = len(server.requests)
    second = run_cli(root)
    assert second.findings == first.findings
    again = {seen.path for seen in server.requests[before:]}
    assert again == {"/missing", "/error", "/busy", "/slow"}, "only failures are checked again"


def test_cache_entries_expire(make_site: MakeSite, server: Server, user_cache: Path) -> None:
    root = make_site({"docs/index.md": f"[ok]({server.url('/ok')})\n"}, site_config(cache_ttl_days=0))
    run_cli(root)
    run_cli(root)
    assert server.paths() == ["/ok", "/ok"]
    assert not user_cache.exists(), "a zero lifetime keeps no cache at all"


def test_default_cache_is_not_written_through_a_symlink_out_of_the_repo(
    make_site: MakeSite, server: Server, tmp_path: Path
) -> None:
    root = make_site({"docs/index.md": f"[ok]({server.url('/ok')})\n"}, site_config())
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (root / ".cache").symlink_to(outside)
    assert run_cli(root).code == 0
    assert list(outside.iterdir()) == []


def test_per_host_limit_holds(server: Server) -> None:
    urls = [server.url(f"/sleepy?n={n}") for n in range(12)]
    results = check_urls(urls, fast(per_host=3, timeout=5))
    assert all(result.code is None for result in results.values())
    assert server.most_active == 3


def test_global_limit_holds(server: Server) -> None:
    urls = [server.url(f"/sleepy?n={n}") for n in range(8)]
    check_urls(urls, fast(concurrency=2, per_host=8, timeout=5))
    assert server.most_active == 2


def test_a_connection_the_server_dropped_is_replaced(server: Server) -> None:
    urls = [server.url(f"/drop?n={n}") for n in range(6)]
    results = check_urls(urls, fast(concurrency=1, per_host=1, retries=0))
    assert [result.code for result in results.values()] == [None] * 6
    assert len(server.requests) == 6


def test_the_suggested_url_ends_where_the_permanent_redirects_end(server: Server) -> None:
    """``/old-then-temp`` moved for good to ``/temp``, which redirects for now: link ``/temp``."""
    url = server.url("/old-then-temp")
    result = check_urls([url], fast())[url]
    assert (result.code, result.moved_to) == ("EX003", server.url("/temp"))


def test_runs_inside_a_running_event_loop(server: Server) -> None:
    async def from_a_coroutine() -> str | None:
        return check_urls([server.url("/missing")], fast())[server.url("/missing")].code

    assert asyncio.run(from_a_coroutine()) == "EX001"


def test_header_values_are_sent_only_under_their_prefix_and_never_shown(
    make_site: MakeSite, server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WP_TEST_TOKEN", TOKEN)
    other = server.url("/private").replace("127.0.0.1", "localhost")
    refused = "http://127.0.0.1:1/"
    rules = "{X-Token: !ENV WP_TEST_TOKEN, X-Unset: !ENV WP_TEST_UNSET}"
    config = site_config(headers={}).replace(
        '"headers": {}', f'"headers": {{"{server.url("/")}": {rules}, "{refused}": {rules}}}'
    )
    text = f"[a]({server.url('/private')})\n[b]({other})\n[c]({refused}x)\n[d]({server.url('/busy')})\n"
    root = make_site({"docs/index.md": text}, config)
    runs = [run_cli(root), run_cli(root, "--format", "json"), run_cli(root, "--format", "sarif"), run_build(root, "-v")]
    for run in runs:
        assert run.code == 1
        for code in ("EX001", "EX002", "EX004"):
            assert code in run.stdout + run.stderr
        assert TOKEN not in run.stdout + run.stderr
    sent = {(seen.headers.get("Host", "").split(":")[0], seen.headers.get("X-Token")) for seen in server.requests}
    assert ("127.0.0.1", TOKEN) in sent
    assert ("localhost", None) in sent
    assert ("localhost", TOKEN) not in sent
    assert not any("X-Unset" in seen.headers for seen in server.requests)


@pytest.mark.parametrize(
    ("external", "message"),
    [
        ({"concurrency": 0}, "concurrency"),
        ({"timeout": "soon"}, "timeout"),
        ({"ignore": ["("]}, "not a valid regular expression"),
        ({"headers": {"ftp://x/": {"A": "b"}}}, "must be an http:// or https:// URL"),
        ({"headers": {"https://x/": {"Bad Name": "b"}}}, "'Bad Name' is not a valid header name"),
        ({"headers": {"https://x/": {"Host": "b"}}}, "header 'Host' is set by the checker itself"),
        ({"headers": {"https://x/": {"A": "line\nbreak-" + TOKEN}}}, "must be a string of printable ASCII"),
    ],
)
def test_bad_options_are_named_and_values_not_echoed(
    make_site: MakeSite, external: dict[str, object], message: str
) -> None:
    root = make_site({}, site_config(**external))
    run = run_cli(root)
    assert run.code == 2
    assert message in run.stderr
    assert "external" in run.stderr
    assert TOKEN not in run.stderr


def test_ignored_and_sibling_urls_are_not_requested(make_site: MakeSite, server: Server) -> None:
    config = site_config(ignore=["/missing$"]) + (
        f"      repos:\n        forge:\n          site_url: {server.url('/forge/')}\n"
    )
    text = f"[a]({server.url('/missing')})\n[b]({server.url('/error')})\n[c]({server.url('/forge/x/')})\n"
    root = make_site({"docs/index.md": text}, config)
    run = run_cli(root)
    assert ("EX001", "docs/index.md", 2) in run.codes
    assert not any(code.startswith("EX") and line != 2 for code, _path, line in run.codes)
    assert set(server.paths()) == {"/error"}


def test_addresses_that_are_not_public() -> None:
    refused = {
        "127.0.0.1": "loopback",
        "10.1.2.3": "private",
        "169.254.169.254": "link-local",
        "224.0.0.1": "multicast",
        "0.0.0.0": "unspecified",
        "100.64.0.1": "non-global",
        "::1": "loopback",
        "fe80::1": "link-local",
        "fd00::1": "private",
        "::ffff:10.0.0.1": "private",
    }
    for address, why in refused.items():
        assert non_public(ipaddress.ip_address(address)) == why, address
    assert non_public(ipaddress.ip_address("93.184.216.34")) is None
    assert non_public(ipaddress.ip_address("2606:2800:220:1::1")) is None


def test_header_prefixes_match_by_url_parts() -> None:
    rule = HeaderRule(Prefix.parse("https://git.example/org"), (("X-Token", Secret(TOKEN)),))
    assert headers_for("https://git.example/org/repo", (rule,)) == {"X-Token": TOKEN}
    assert headers_for("https://git.example/org", (rule,)) == {"X-Token": TOKEN}
    for url in ("https://git.example/organisation", "http://git.example/org/x", "https://git.example.evil/org/x"):
        assert headers_for(url, (rule,)) == {}, url
    assert headers_for("https://git.example:8443/org/x", (rule,)) == {}
    assert TOKEN not in repr(rule) + str(rule.headers[0][1]) + f"{rule}"


def test_urls_are_sent_as_browsers_send_them() -> None:
    url = parse("https://Bücher.example/a b/ü?q=x y#frag")
    assert (url.host, url.port, url.target, url.authority) == (
        "xn--bcher-kva.example",
        443,
        "/a%20b/%C3%BC?q=x%20y",
        "xn--bcher-kva.example",
    )
    ipv6 = parse("http://[::1]:8080")
    assert (ipv6.host, ipv6.target, ipv6.authority) == ("::1", "/", "[::1]:8080")
    assert parse("http://example.org:80/%7Efoo").authority == "example.org"
    assert parse("http://example.org:80/%7Efoo").target == "/%7Efoo"
    for bad, reason in [
        ("ftp://example.org/", "unsupported scheme"),
        ("http://:80/", "no host"),
        ("http://a b/", "not a valid host name"),
        ("http://example.org:70000/", "not a valid URL"),
    ]:
        with pytest.raises(Unreachable, match=reason):
            parse(bad)
    assert follow("http://a.example/x/y", "../z#part") == "http://a.example/z"
    assert follow("https://a.example/", "//b.example/c") == "https://b.example/c"
