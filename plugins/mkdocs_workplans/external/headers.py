"""Extra request headers, sent only to URLs under the prefix they were configured for.

Headers usually carry credentials (a token for a private forge), so the values are
wrapped in :class:`Secret`, which never shows itself in ``str``, ``repr`` or
f-strings: an accidental log line, an assertion message or a ``repr(settings)`` then
prints ``***`` instead of the token. Only :meth:`Secret.reveal` gives the value, and
only the request builder calls it.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from mkdocs_workplans.external.urls import DEFAULT_PORTS


class Secret:
    """A header value that cannot be printed by accident."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    def __str__(self) -> str:
        return "***"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


@dataclass(frozen=True)
class Prefix:
    """A URL prefix compared by parts, so ``https://git.example`` never matches
    ``https://git.example.evil/`` nor ``http://git.example/``."""

    scheme: str
    host: str
    port: int
    path: str
    """Always ends with ``/``, so ``/org`` does not match ``/organisation``."""

    @classmethod
    def parse(cls, text: str) -> Prefix:
        """Raise ``ValueError`` unless ``text`` is an http(s) URL with a host."""
        parts = urlsplit(text)
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS or not parts.hostname:
            raise ValueError("must be an http:// or https:// URL with a host")
        if parts.query or parts.fragment or parts.username or parts.password:
            raise ValueError("must not have a query, fragment or user name")
        path = parts.path if parts.path.endswith("/") else parts.path + "/"
        return cls(scheme, parts.hostname.lower(), parts.port or DEFAULT_PORTS[scheme], path)

    def covers(self, url: str) -> bool:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        try:
            port = parts.port or DEFAULT_PORTS.get(scheme)
        except ValueError:
            return False
        path = parts.path or "/"
        return (
            scheme == self.scheme
            and (parts.hostname or "").lower() == self.host
            and port == self.port
            and (path.startswith(self.path) or path + "/" == self.path)
        )


@dataclass(frozen=True)
class HeaderRule:
    prefix: Prefix
    headers: tuple[tuple[str, Secret], ...]


def headers_for(url: str, rules: tuple[HeaderRule, ...]) -> dict[str, str]:
    """The headers to send to ``url``: every rule whose prefix covers it, longer prefixes last
    so that the most specific rule wins a header both set."""
    chosen: dict[str, str] = {}
    for rule in sorted(rules, key=lambda rule: len(rule.prefix.path)):
        if rule.prefix.covers(url):
            chosen.update((name, value.reveal()) for name, value in rule.headers)
    return chosen


def secret_values(rules: tuple[HeaderRule, ...]) -> list[str]:
    """Every configured value, for scrubbing messages as a last line of defence."""
    return [value.reveal() for rule in rules for _name, value in rule.headers if value.reveal()]
