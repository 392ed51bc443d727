"""The guard against server-side request forgery.

A docs gate runs in CI next to metadata services and internal dashboards, and
the URLs it requests are written by anyone who can open a pull request. So before
any connection the host is resolved here and the request is refused when *any* of
its addresses is not public: a name that answers with one public and one private
address could otherwise be steered to the private one. The checker then connects
to an address vetted here (never re-resolving), so a name that changes its answer
between the check and the connection (DNS rebinding) gains nothing, and every
redirect hop goes through the same guard.
"""

from __future__ import annotations

import asyncio
import ipaddress
import socket
from collections.abc import Callable
from dataclasses import dataclass

from mkdocs_workplans.external.urls import Unreachable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
Policy = Callable[[IPAddress], "str | None"]

TRANSIENT_DNS_ERRORS = frozenset({socket.EAI_AGAIN})


class Refused(Unreachable):
    """The host resolves, but to an address the policy refuses."""


def non_public(address: IPAddress) -> str | None:
    """Why ``address`` must not be requested, or ``None`` when it is public.

    An IPv6 address that embeds an IPv4 one (``::ffff:127.0.0.1``) is judged by the
    IPv4 address it reaches.
    """
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    for kind in ("unspecified", "loopback", "link_local", "multicast", "private", "reserved"):
        if getattr(address, f"is_{kind}"):
            return kind.replace("_", "-")
    return None if address.is_global else "non-global"


def public_only(allow_private: bool) -> Policy:
    return (lambda _address: None) if allow_private else non_public


@dataclass(frozen=True)
class Target:
    """Where to connect for one host: its vetted addresses, in resolver order."""

    host: str
    addresses: tuple[str, ...]


class Resolver:
    """Resolves each host once per run (in a worker thread, bounded by ``timeout``) and vets it."""

    def __init__(self, policy: Policy, timeout: float) -> None:
        self.policy = policy
        self.timeout = timeout
        self._pending: dict[tuple[str, int], asyncio.Task[Target]] = {}
        self._vetted: dict[tuple[str, int], Target] = {}

    def vetted(self, host: str, port: int) -> Target | None:
        """The addresses of a host vetted already: callers skip the coroutine and the shield."""
        return self._vetted.get((host, port))

    async def target(self, host: str, port: int) -> Target:
        """The vetted addresses of ``host``; raise :class:`Unreachable` when there are none."""
        key = (host, port)
        vetted = self.vetted(host, port)
        if vetted is not None:
            return vetted
        lookup = self._pending.get(key)
        if lookup is None:
            lookup = self._pending[key] = asyncio.ensure_future(self._vet(host, port))
        try:
            vetted = self._vetted[key] = await asyncio.shield(lookup)
        except Unreachable as error:
            if error.retry and self._pending.get(key) is lookup:
                del self._pending[key]  # a later attempt asks the resolver again
            raise
        return vetted

    async def _vet(self, host: str, port: int) -> Target:
        addresses = await self.lookup(host, port)
        refused = [(address, why) for address in addresses if (why := self.policy(ipaddress.ip_address(address)))]
        if refused:
            address, why = refused[0]
            what = f"is a {why} address" if address == host else f"resolves to {why} address {address}"
            raise Refused(f"refused: {host} {what} (allow_private is false)")
        return Target(host, addresses)

    async def lookup(self, host: str, port: int) -> tuple[str, ...]:
        """The addresses of ``host``, unvetted (for :meth:`target`, and for proxies the user chose)."""
        try:
            return (str(ipaddress.ip_address(host)),)
        except ValueError:
            pass
        loop = asyncio.get_running_loop()
        try:
            infos = await asyncio.wait_for(
                loop.getaddrinfo(host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP), self.timeout
            )
        except asyncio.TimeoutError:
            raise Unreachable(f"resolving {host} timed out after {self.timeout:g} s", retry=True) from None
        except socket.gaierror as error:
            raise Unreachable(
                f"host {host} does not resolve ({error.strerror})", retry=error.errno in TRANSIENT_DNS_ERRORS
            ) from None
        except UnicodeError:
            raise Unreachable(f"{host!r} is not a valid host name") from None
        ordered = dict.fromkeys(str(info[4][0]).split("%", 1)[0] for info in infos)
        if not ordered:
            raise Unreachable(f"host {host} has no address")
        return tuple(ordered)
