"""One fetch policy for every document read over the network (inventories, later State Hub).

``fetch(url, policy=...)`` gives the body, or a :class:`FetchError` that says why not
in words fit for a finding; it never raises for what a server does. Like the link
checker it connects only to vetted addresses on every hop, and it adds what reading a
body needs: a size cap, and one deadline for the whole request — connecting, every
redirect and every byte of the body — so a server that sends one byte a second
cannot hold the run.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import aiohttp

from mkdocs_workplans import __version__
from mkdocs_workplans.external import urls
from mkdocs_workplans.external.client import Client, unreachable, within
from mkdocs_workplans.external.policy import Policy, public_only
from mkdocs_workplans.external.urls import Unreachable

REDIRECTS = frozenset({301, 302, 303, 307, 308})
CHUNK = 64 * 1024


@dataclass(frozen=True)
class FetchPolicy:
    timeout: float = 10
    """Seconds for the whole request, redirects and body included."""
    max_bytes: int = 64 * 1024 * 1024
    max_redirects: int = 10
    allow_private: bool = False
    """Whether hosts other than the configured URL's may have non-public addresses."""
    headers: Mapping[str, str] = field(default_factory=dict)
    """Sent to the configured URL's origin only, never to another host a redirect names."""
    accept: str = "application/json"


@dataclass(frozen=True)
class FetchError:
    """Why a fetch gave no body; ``reason`` names no URL, so it is safe to print."""

    reason: str


def fetch(url: str, *, policy: FetchPolicy, address_policy: Policy | None = None) -> bytes | FetchError:
    """:func:`fetch_async` from synchronous code, whether or not an event loop is running here."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(fetch_async(url, policy=policy, address_policy=address_policy))
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, fetch_async(url, policy=policy, address_policy=address_policy)).result()


async def fetch_async(url: str, *, policy: FetchPolicy, address_policy: Policy | None = None) -> bytes | FetchError:
    """GET ``url`` under ``policy``.

    The configured URL's own host is the user's choice and is not vetted (an
    inventory on an intranet is normal); every other host a redirect leads to is.
    """
    origin = urlsplit(url)
    trusted = frozenset({(origin.hostname or "").lower()})
    headers = {"User-Agent": f"mkdocs-workplans/{__version__}", "Accept": policy.accept, "Accept-Encoding": "identity"}
    client = Client(address_policy or public_only(policy.allow_private), policy.timeout, headers, trusted=trusted)
    try:
        async with client:
            return await within(_follow(client, url, policy), policy.timeout)
    except asyncio.TimeoutError:
        return FetchError(f"timed out: no complete answer within {policy.timeout:g} s")
    except Unreachable as error:
        return FetchError(error.reason)
    except aiohttp.ClientError as error:
        return FetchError(unreachable(error).reason)


async def _follow(client: Client, url: str, policy: FetchPolicy) -> bytes | FetchError:
    current = url
    origin = urlsplit(url)[:2]
    for _hop in range(policy.max_redirects + 1):
        try:
            body = await _get(client, current, origin, policy)
        except (Unreachable, aiohttp.ClientError) as error:
            if current == url:
                raise
            reason = error.reason if isinstance(error, Unreachable) else unreachable(error).reason
            return FetchError(f"redirected, then: {reason}")
        if not isinstance(body, _Redirect):
            return body
        current = urls.follow(current, body.location)
    return FetchError(f"more than {policy.max_redirects} redirects")


@dataclass(frozen=True)
class _Redirect:
    location: str


async def _get(
    client: Client, current: str, origin: tuple[str, str], policy: FetchPolicy
) -> bytes | FetchError | _Redirect:
    parsed = urls.parse(current)
    proxy = await client.vet(parsed)
    headers = dict(policy.headers) if urlsplit(current)[:2] == origin else {}
    async with client.open("GET", current, headers, proxy) as response:
        location = response.headers.get("Location")
        if response.status in REDIRECTS and location:
            return _Redirect(location)
        if response.status >= 400:
            return FetchError(f"answers {response.status} {response.reason or ''}".strip())
        if (response.content_length or 0) > policy.max_bytes:
            return FetchError(f"is larger than {policy.max_bytes} bytes")
        body = bytearray()
        async for chunk in response.content.iter_chunked(CHUNK):
            body += chunk
            if len(body) > policy.max_bytes:
                return FetchError(f"is larger than {policy.max_bytes} bytes")
        return bytes(body)
