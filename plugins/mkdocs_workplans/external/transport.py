"""A small HTTP/1.1 client that connects only to addresses vetted beforehand.

Why not httpx (or another general client): a link check needs a status line and
headers, never a body, and it must connect to the address :mod:`.policy` approved
rather than resolve the name again. httpx's connection pool and its request and
response objects cost more per URL than everything else together, and importing it
takes a tenth of a second, while SPEC §8 wants 2,000 URLs within 1.5× lychee. A
status check needs only this: write the request, read up to the blank line, and keep
the connection for the next request when no body can follow (``HEAD``, or an empty
answer); otherwise close it without reading the body.

Connections are pooled by scheme, name, port *and* address, so a TLS connection made
for one name (SNI and certificate checked against that name) is never reused for
another.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import ssl
import sys
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import TypeVar

from mkdocs_workplans.external.policy import Unreachable
from mkdocs_workplans.external.urls import Url

MAX_HEAD_BYTES = 64 * 1024
"""A longer head is not an answer worth judging; also the stream reader's buffer limit."""

PoolKey = tuple[str, str, int, str]
T = TypeVar("T")

if sys.version_info >= (3, 11):

    async def within(awaitable: Awaitable[T], seconds: float) -> T:
        """``awaitable`` under a deadline, run in the calling task.

        ``asyncio.wait_for`` wraps it in a new task with its own timer on every call,
        which costs a link check more than parsing its answer; ``asyncio.timeout``
        (Python 3.11+) only sets a deadline. Both raise ``TimeoutError`` when it passes.
        """
        async with asyncio.timeout(seconds):
            return await awaitable

else:  # Python 3.10 has no asyncio.timeout

    async def within(awaitable: Awaitable[T], seconds: float) -> T:
        """``awaitable`` under a deadline (``asyncio.wait_for``: 3.10 has nothing cheaper)."""
        return await asyncio.wait_for(awaitable, seconds)


class ConnectFailed(Unreachable):
    """This address took no connection; the host's next address may."""


class NoAnswer(Unreachable):
    """Connected, but no usable answer came; after ``HEAD``, a ``GET`` may still get one."""


class ConnectionLost(NoAnswer):
    """The connection broke; if it was an idle one from the pool, a fresh one may work."""


@dataclass(frozen=True)
class Head:
    """What a status check reads of an answer."""

    status: int
    reason: str
    headers: dict[str, str]
    """Lower-cased names; a repeated header keeps its last value."""


@dataclass
class _Connection:
    reader: asyncio.StreamReader
    writer: asyncio.StreamWriter

    def close(self) -> None:
        self.writer.close()


def tls_context() -> ssl.SSLContext:
    """The system's trust store (which honours ``SSL_CERT_FILE``), plus certifi's when installed:
    slim CI images often lack the first, corporate CAs are only in the first."""
    context = ssl.create_default_context()
    with contextlib.suppress(ImportError):
        import certifi

        context.load_verify_locations(certifi.where())
    return context


class Pool:
    def __init__(self, timeout: float, keep: int, headers: dict[str, str]) -> None:
        self.timeout = timeout
        """For connecting, and again for the answer's head (a server trickling bytes cannot hold it)."""
        self.keep = keep
        """Idle connections kept per pool key (the per-host limit: no more can be busy at once)."""
        self.headers = headers
        """Sent with every request, before the request's own."""
        self.idle: dict[PoolKey, list[_Connection]] = {}
        self._tls: ssl.SSLContext | None = None

    @property
    def tls(self) -> ssl.SSLContext:
        """Made on first use: loading trust stores costs tens of milliseconds."""
        if self._tls is None:
            self._tls = tls_context()
        return self._tls

    async def request(self, method: str, url: Url, address: str, headers: dict[str, str]) -> Head:
        """``method`` on ``url``, connected to ``address``; :class:`Unreachable` on failure."""
        key = (url.scheme, url.host, url.port, address)
        message = _message(method, url, {**self.headers, **headers})
        pooled = self.idle.get(key)
        if pooled:
            with contextlib.suppress(ConnectionLost):  # the server closed the idle connection meanwhile
                return await self._exchange(pooled.pop(), message, method, key)
        return await self._exchange(await self._connect(url, address), message, method, key)

    async def aclose(self) -> None:
        for connections in self.idle.values():
            for connection in connections:
                connection.close()
        self.idle.clear()

    async def _connect(self, url: Url, address: str) -> _Connection:
        tls = url.scheme == "https"
        try:
            reader, writer = await within(
                asyncio.open_connection(
                    address,
                    url.port,
                    ssl=self.tls if tls else None,
                    server_hostname=url.host if tls else None,
                    limit=MAX_HEAD_BYTES,
                ),
                self.timeout,
            )
        except asyncio.TimeoutError:
            raise ConnectFailed(f"connecting timed out after {self.timeout:g} s", retry=True) from None
        except ssl.SSLError as error:
            detail = getattr(error, "verify_message", None)
            reason = error.reason or error.__class__.__name__
            raise Unreachable(f"TLS failed: {reason}" + (f" ({detail})" if detail else "")) from None
        except OSError as error:
            # asyncio words refusals as "Connect call failed (...)": the errno's own text says more
            if error.errno is not None and error.errno > 0:
                detail = os.strerror(error.errno)
            else:
                detail = error.strerror or error.__class__.__name__
            raise ConnectFailed(f"cannot connect ({detail})", retry=True) from None
        return _Connection(reader, writer)

    async def _exchange(self, connection: _Connection, message: bytes, method: str, key: PoolKey) -> Head:
        try:
            connection.writer.write(message)
            head, reusable = await within(self._answer(connection, method), self.timeout)
        except asyncio.TimeoutError:
            connection.close()
            raise NoAnswer(f"no answer within {self.timeout:g} s", retry=True) from None
        except OSError as error:
            connection.close()
            lost = error.strerror or error.__class__.__name__
            raise ConnectionLost(f"connection lost ({lost})", retry=True) from None
        except BaseException:  # no answer, or the whole check cancelled: the connection is spent
            connection.close()
            raise
        pooled = self.idle.setdefault(key, [])
        if reusable and len(pooled) < self.keep:
            pooled.append(connection)
        else:
            connection.close()
        return head

    @staticmethod
    async def _answer(connection: _Connection, method: str) -> tuple[Head, bool]:
        await connection.writer.drain()
        return await _read_head(connection.reader, method)


def _message(method: str, url: Url, headers: dict[str, str]) -> bytes:
    """The request line and headers; ``Host`` names the host whichever address is used."""
    lines = [f"{method} {url.target} HTTP/1.1", f"Host: {url.authority}"]
    lines.extend(f"{name}: {value}" for name, value in headers.items())
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1")


async def _read_head(reader: asyncio.StreamReader, method: str) -> tuple[Head, bool]:
    """The answer's head, and whether the connection can carry another request."""
    while True:
        try:
            raw = await reader.readuntil(b"\r\n\r\n")
        except asyncio.IncompleteReadError:
            raise ConnectionLost("the server closed the connection without an answer", retry=True) from None
        except asyncio.LimitOverrunError:
            raise NoAnswer("the answer's head is too long", retry=True) from None
        status_line, *lines = raw[:-4].decode("latin-1").split("\r\n")
        version, _, rest = status_line.partition(" ")
        code, _, reason = rest.partition(" ")
        if not version.startswith("HTTP/1.") or len(code) != 3 or not code.isdigit():
            raise NoAnswer("the answer is not HTTP/1.x", retry=True)
        status = int(code)
        if not 100 <= status < 200 or status == 101:
            break  # a 1xx answer is interim: the real one follows
    fields: dict[str, str] = {}
    for line in lines:
        name, colon, value = line.partition(":")
        if colon:
            fields[name.strip().lower()] = value.strip()
    connection = fields.get("connection", "").lower()
    persistent = "close" not in connection if version == "HTTP/1.1" else "keep-alive" in connection
    bodiless = (
        method == "HEAD"
        or status in (204, 304)
        or (fields.get("content-length") == "0" and "transfer-encoding" not in fields)
    )
    return Head(status, reason, fields), persistent and bodiless
