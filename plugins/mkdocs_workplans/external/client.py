"""HTTP requests on aiohttp, connecting only to addresses the SSRF guard vetted.

Why aiohttp, and what is added to it:

- **Vetting on every connection.** aiohttp asks a resolver for the addresses of every
  host it connects to, so :class:`VettingResolver` answers with the addresses
  :mod:`.policy` vetted and refuses a host with any address that is not public. The
  connection then goes to a vetted address (never a second lookup), with the name in
  ``Host`` and in TLS SNI, and every redirect hop (followed by our code, never by
  aiohttp) is a new request through the same resolver.
- **Proxies.** ``HTTP_PROXY``/``HTTPS_PROXY``/``NO_PROXY`` are honoured (many CI
  networks have no other way out). Through a proxy the proxy resolves names, so the
  guard vets what it can here: an address in the URL, and a name that resolves
  locally; a name only the proxy can resolve is the proxy's to judge (see the
  external-links guide). The proxies themselves are the user's configuration and are
  not vetted.
- **One answer per request.** aiohttp queues whatever a kept-alive server sends while
  the connection sits idle in the pool (say, a body after the answer to ``HEAD``) and
  reads it as the answer to the next request on that connection. Bytes that arrive
  while no request is waiting close the connection instead (:class:`_OneAnswerPerRequest`).
- **No ambient credentials.** No cookies are kept and no ``.netrc`` is read: the only
  credentials sent are the configured headers, under their prefixes.
"""

from __future__ import annotations

import asyncio
import functools
import ipaddress
import os
import socket
import ssl
import sys
import urllib.request
from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult
from aiohttp.client_proto import ResponseHandler

from mkdocs_workplans.external.policy import Policy, Refused, Resolver
from mkdocs_workplans.external.urls import Unreachable, Url

T = TypeVar("T")

if sys.version_info >= (3, 11):

    async def within(awaitable: Awaitable[T], seconds: float) -> T:
        """``awaitable`` under a deadline, run in the calling task (``TimeoutError`` when it passes).

        ``asyncio.wait_for`` wraps it in a new task with its own timer on every call;
        ``asyncio.timeout`` (Python 3.11+) only sets a deadline.
        """
        async with asyncio.timeout(seconds):
            return await awaitable

else:  # Python 3.10 has no asyncio.timeout

    async def within(awaitable: Awaitable[T], seconds: float) -> T:
        """``awaitable`` under a deadline (``asyncio.wait_for``: 3.10 has nothing cheaper)."""
        return await asyncio.wait_for(awaitable, seconds)


class NoAnswer(Unreachable):
    """Connected, but no usable answer came; after ``HEAD``, a ``GET`` may still get one."""


class _Refused(OSError):
    """How :class:`VettingResolver` tells aiohttp that a host must not be used."""

    def __init__(self, unreachable: Unreachable) -> None:
        super().__init__(unreachable.reason)
        self.unreachable = unreachable


class VettingResolver(AbstractResolver):
    """aiohttp's resolver, answering only with addresses :class:`.policy.Resolver` vetted."""

    def __init__(self, resolver: Resolver, trusted: frozenset[str]) -> None:
        self.resolver = resolver
        self.trusted = trusted
        """Host names chosen by the user (the proxies): connected to without vetting."""

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET
    ) -> list[ResolveResult]:
        try:
            if host in self.trusted:
                addresses = await self.resolver.lookup(host, port)
            else:
                addresses = (await self.resolver.target(host, port)).addresses
        except Unreachable as error:
            raise _Refused(error) from None
        return [
            ResolveResult(
                hostname=host,
                host=address,
                port=port,
                family=socket.AF_INET6 if ":" in address else socket.AF_INET,
                proto=socket.IPPROTO_TCP,
                flags=socket.AI_NUMERICHOST,
            )
            for address in addresses
        ]

    async def close(self) -> None:
        """Nothing to release: lookups run on the event loop's executor."""


class _OneAnswerPerRequest(ResponseHandler):
    """A connection's protocol that closes it when bytes arrive while no request waits.

    A request starts with :meth:`set_response_params` (aiohttp calls it before sending)
    and ends when its answer has been read in full; anything the server sends in
    between two requests is not an answer to either.
    """

    _waiting = False

    def set_response_params(self, **params: Any) -> None:
        self._waiting = True
        super().set_response_params(**params)

    async def read(self) -> tuple[aiohttp.http.RawResponseMessage, aiohttp.StreamReader]:
        message, payload = await super().read()
        if message.code >= 200:  # an interim (1xx) answer is followed by the real one
            if payload.is_eof():
                self._waiting = False
            else:
                payload.on_eof(self._answered)
        return message, payload

    def _answered(self) -> None:
        self._waiting = False

    def data_received(self, data: bytes) -> None:
        if data and not self._waiting:
            self.force_close()
            if self.transport is not None:
                self.transport.close()
            return
        super().data_received(data)


def _protocol(loop: asyncio.AbstractEventLoop) -> ResponseHandler:
    return _OneAnswerPerRequest(loop)


class _Connector(aiohttp.TCPConnector):
    """aiohttp's connector with :class:`_OneAnswerPerRequest` as every connection's protocol.

    ``_factory`` is the connector's (undocumented, long-standing) protocol factory;
    aiohttp offers no public hook for the protocol.
    """

    def __init__(self, **options: Any) -> None:
        super().__init__(**options)
        self._factory = functools.partial(_protocol, loop=self._loop)


class Proxies:
    """The proxies of ``HTTP_PROXY``/``HTTPS_PROXY`` and the hosts ``NO_PROXY`` exempts.

    Read once per run from the environment, as curl and urllib read them; only
    ``http://`` proxies are supported (aiohttp's limit), others are ignored.
    """

    def __init__(self) -> None:
        table = urllib.request.getproxies_environment()
        self.bypassed: dict[str, bool] = {}
        """Per host: whether ``NO_PROXY`` exempts it (asked once per host)."""
        self.table = {
            scheme: proxy
            for scheme, proxy in table.items()
            if scheme in ("http", "https") and proxy.startswith("http://")
        }

    @property
    def hosts(self) -> frozenset[str]:
        """The proxies' host names, which the vetting resolver leaves alone."""
        names = (urlsplit(proxy).hostname for proxy in self.table.values())
        return frozenset(name for name in names if name)

    def for_url(self, url: Url) -> str | None:
        proxy = self.table.get(url.scheme)
        if proxy is None:
            return None
        bypassed = self.bypassed.get(url.host)
        if bypassed is None:
            bypassed = self.bypassed[url.host] = bool(urllib.request.proxy_bypass(url.host))
        return None if bypassed else proxy


def tls_context() -> ssl.SSLContext:
    """The system's trust store (which honours ``SSL_CERT_FILE``), plus certifi's when installed:
    slim CI images often lack the first, corporate CAs are only in the first."""
    context = ssl.create_default_context()
    try:
        import certifi
    except ImportError:
        return context
    context.load_verify_locations(certifi.where())
    return context


@dataclass(frozen=True)
class Head:
    """What a status check reads of an answer."""

    status: int
    reason: str
    headers: dict[str, str]
    """Lower-cased names; a repeated header keeps its last value."""


class Client:
    """One aiohttp session whose connections go only to vetted addresses; ``async with`` it."""

    def __init__(
        self,
        policy: Policy,
        timeout: float,
        headers: Mapping[str, str],
        per_host: int = 0,
        trusted: frozenset[str] = frozenset(),
        proxies: Proxies | None = None,
    ) -> None:
        self.timeout = timeout
        self.proxies = proxies if proxies is not None else Proxies()
        self.resolver = Resolver(policy, timeout)
        self.headers = dict(headers)
        self.per_host = per_host
        self.trusted = trusted
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Client:
        connector = _Connector(
            resolver=VettingResolver(self.resolver, self.trusted | self.proxies.hosts),
            limit=0,
            limit_per_host=self.per_host,
            ssl=tls_context(),
            ttl_dns_cache=None,
        )
        self._session = aiohttp.ClientSession(
            connector=connector,
            cookie_jar=aiohttp.DummyCookieJar(),
            headers=self.headers,
            auto_decompress=False,
            trust_env=False,
            timeout=aiohttp.ClientTimeout(total=None, sock_connect=self.timeout, sock_read=self.timeout),
        )
        return self

    async def __aexit__(self, *_exc: object) -> None:
        if self._session is not None:
            await self._session.close()

    @property
    def session(self) -> aiohttp.ClientSession:
        assert self._session is not None, "use the client as 'async with'"
        return self._session

    async def vet(self, url: Url) -> str | None:
        """Vet ``url``'s host before a request; the proxy to use, if any.

        A name is vetted by the resolver when aiohttp connects, but an address in the
        URL never reaches a resolver, so it is vetted here. Through a proxy the proxy
        resolves the name, so a name is vetted as it resolves locally, and one that
        does not resolve here is left to the proxy.
        """
        proxy = self.proxies.for_url(url)
        if url.host in self.trusted or (proxy is None and not _is_address(url.host)):
            return proxy
        try:
            await self.resolver.target(url.host, url.port)
        except Refused:
            raise
        except Unreachable:
            if proxy is None:
                raise
        return proxy

    def open(self, method: str, url: str, headers: Mapping[str, str], proxy: str | None) -> Any:
        """The request as aiohttp's context manager; redirects are the caller's to follow."""
        return self.session.request(method, url, headers=headers, allow_redirects=False, proxy=proxy)

    async def head(self, method: str, url: Url, text: str, headers: Mapping[str, str]) -> Head:
        """``method`` on ``text`` (parsed as ``url``): the answer's status and headers, body unread."""
        proxy = await self.vet(url)

        async def exchange() -> Head:
            async with self.open(method, text, headers, proxy) as response:
                fields = {name.lower(): value for name, value in response.headers.items()}
                return Head(response.status, response.reason or "", fields)

        return await self.guarded(exchange())

    async def guarded(self, awaitable: Awaitable[T]) -> T:
        """``awaitable`` within the timeout, with aiohttp's errors turned into :class:`Unreachable`."""
        try:
            return await within(awaitable, self.timeout)
        except asyncio.TimeoutError:
            raise NoAnswer(f"no answer within {self.timeout:g} s", retry=True) from None
        except aiohttp.ClientError as error:
            raise unreachable(error) from None


def _is_address(host: str) -> bool:
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


def unreachable(error: aiohttp.ClientError) -> Unreachable:
    """What went wrong, in words that name no URL (a URL may carry credentials)."""
    if isinstance(error, aiohttp.ClientConnectorCertificateError):
        cause = error.certificate_error
        detail = getattr(cause, "verify_message", None)
        reason = getattr(cause, "reason", None) or cause.__class__.__name__
        return Unreachable(f"TLS failed: {reason}" + (f" ({detail})" if detail else ""))
    if isinstance(error, aiohttp.ClientConnectorError):
        cause = error.os_error
        if isinstance(cause, _Refused):
            return cause.unreachable
        if isinstance(cause, ssl.SSLError):
            return Unreachable(f"TLS failed: {cause.reason or cause.__class__.__name__}")
        # asyncio words refusals as "Connect call failed (...)": the errno's own text says more
        detail = os.strerror(cause.errno) if cause.errno else cause.strerror or cause.__class__.__name__
        return Unreachable(f"cannot connect ({detail})", retry=True)
    if isinstance(error, aiohttp.ServerDisconnectedError):
        return NoAnswer("the server closed the connection without an answer", retry=True)
    if isinstance(error, aiohttp.ClientResponseError):
        return NoAnswer(f"the answer is not valid HTTP ({_plain(error.message)})", retry=True)
    if isinstance(error, aiohttp.ClientPayloadError):
        return NoAnswer("the answer's body is broken", retry=True)
    if isinstance(error, aiohttp.ClientOSError):
        return NoAnswer(f"connection lost ({error.strerror or error.__class__.__name__})", retry=True)
    return NoAnswer(f"request failed ({error.__class__.__name__})", retry=True)


def _plain(message: str) -> str:
    """aiohttp's parser messages quote the offending bytes; keep the first line, shortened."""
    first = message.strip().splitlines()[0] if message.strip() else "malformed"
    return first[:120]
