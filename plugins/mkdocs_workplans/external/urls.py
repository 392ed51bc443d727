"""URLs as the checker sends them: the parts a request needs, validated once.

A Markdown link is whatever an author typed, so parsing is strict about what could
mislead a request (a host that is not a host name, a port out of range) and lenient
about what browsers fix silently (spaces and non-ASCII characters in paths are
percent-encoded, an internationalised host name is IDNA-encoded).
"""

from __future__ import annotations

import functools
import ipaddress
import re
from dataclasses import dataclass
from urllib.parse import SplitResult, quote, urljoin, urlsplit, urlunsplit


class Unreachable(Exception):
    """The host cannot be used; ``retry`` tells whether trying again may help."""

    def __init__(self, reason: str, retry: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry = retry


DEFAULT_PORTS = {"http": 80, "https": 443}
HOST_NAME_RE = re.compile(r"[a-z0-9_](?:[a-z0-9_.-]*[a-z0-9_])?\.?")
PATH_SAFE = "/%:@!$&'()*+,;=-._~"
"""Characters left as they are in a path: the reserved ones, and ``%`` of existing escapes."""
SAFE_RE = re.compile(r"[A-Za-z0-9/%:@!$&'()*+,;=\-._~]*")
"""A path or query ``quote`` would leave as it is (the usual case), so it is not called."""


@dataclass(frozen=True, slots=True)
class Url:
    scheme: str
    host: str
    """Lower-case ASCII (IDNA) name, or an IP address without brackets."""
    port: int
    target: str
    """Path and query, percent-encoded: the request line's target."""
    authority: str
    """The ``Host`` header: the name, and the port unless it is the scheme's default."""


def parse(text: str) -> Url:
    """Raise :class:`Unreachable` for what cannot be requested over http(s)."""
    try:
        parts = urlsplit(text)
    except ValueError as error:
        raise Unreachable(f"not a valid URL ({error})") from None
    scheme, host, port, authority = _origin(parts.scheme, parts.netloc)
    path = parts.path or "/"
    target = path if SAFE_RE.fullmatch(path) else quote(path, safe=PATH_SAFE)
    if parts.query:
        query = parts.query
        target += f"?{query}" if SAFE_RE.fullmatch(query) else f"?{quote(query, safe=PATH_SAFE + '?')}"
    return Url(scheme, host, port, target, authority)


@functools.lru_cache(maxsize=1024)
def _origin(scheme: str, netloc: str) -> tuple[str, str, int, str]:
    """Scheme, host, port and ``Host`` header of a URL's origin, judged once per origin.

    ``SplitResult.port`` and ``.hostname`` parse the network location again on every
    access, and most links of a site share a few origins.
    """
    parts = SplitResult(scheme, netloc, "", "", "")
    try:
        port = parts.port
    except ValueError as error:
        raise Unreachable(f"not a valid URL ({error})") from None
    scheme = scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise Unreachable(f"unsupported scheme '{scheme}:'")
    host = _host(parts.hostname or "")
    port = DEFAULT_PORTS[scheme] if port is None else port
    if not 0 < port < 65536:
        raise Unreachable(f"port {port} is out of range")
    name = f"[{host}]" if ":" in host else host
    authority = name if port == DEFAULT_PORTS[scheme] else f"{name}:{port}"
    return scheme, host, port, authority


@functools.lru_cache(maxsize=1024)
def _host(hostname: str) -> str:
    """Most links of a site share a few hosts: each is checked and encoded once."""
    if not hostname:
        raise Unreachable("the URL has no host")
    try:
        return str(ipaddress.ip_address(hostname))
    except ValueError:
        pass
    try:
        ascii_name = hostname.encode("idna").decode("ascii").lower()
    except UnicodeError:
        raise Unreachable(f"'{hostname}' is not a valid host name") from None
    if not HOST_NAME_RE.fullmatch(ascii_name):
        raise Unreachable(f"'{hostname}' is not a valid host name")
    return ascii_name


def follow(base: str, location: str) -> str:
    """Where a ``Location`` header leads from ``base``, without the fragment."""
    try:
        parts = urlsplit(urljoin(base, location.strip()))
    except ValueError as error:
        raise Unreachable(f"redirects to an invalid URL ({error})") from None
    return urlunsplit(parts._replace(fragment=""))
