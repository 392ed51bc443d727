"""Typed configuration of the ``refcheck`` plugin (``plugins: - refcheck: ...``)."""

from __future__ import annotations

import re
from typing import TypeVar

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from mkdocs_workplans.config_options import Regex, RuleSeverities
from mkdocs_workplans.external.headers import Prefix


class RepoConfig(base.Config):
    path = c.Optional(c.Type(str))
    """Local checkout, relative to ``mkdocs.yml``."""
    site_url = c.Optional(c.Type(str))
    source_url = c.Optional(c.Type(str))
    inventory = c.Optional(c.Type(str))
    """URL or file path of the sibling's ``workplans-inventory.json``."""


class RetiredConfig(base.Config):
    pattern = Regex()
    message = c.Type(str, default="retired instruction")
    applies_to = c.ListOfItems(c.Choice(("workplan", "runbook", "page")), default=["workplan", "runbook", "page"])


HEADER_NAME_RE = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")
HEADER_VALUE_RE = re.compile(r"[\t\x20-\x7e]*")
N = TypeVar("N", int, float)
RESERVED_HEADERS = frozenset({"host", "connection", "content-length", "transfer-encoding"})
"""Headers the checker sets itself: ``Host`` carries the name while it connects to a vetted address."""


class Bounded(base.BaseConfigOption[N]):
    """An ``int`` or ``float`` (an integer is a fine float, a boolean is neither) no smaller
    than ``minimum``: a zero concurrency would make the checker wait forever."""

    def __init__(self, kind: type[N], default: N, minimum: N) -> None:
        super().__init__()
        self.kind: type[N] = kind
        self.default = default
        self.minimum: N = minimum

    def run_validation(self, value: object) -> N:
        accepted = (int, float) if self.kind is float else (int,)
        if isinstance(value, bool) or not isinstance(value, accepted):
            raise ValidationError(f"expected {'a number' if self.kind is float else 'an integer'}, got {value!r}")
        number: N = self.kind(value)
        if number < self.minimum:
            raise ValidationError(f"must be at least {self.minimum}, got {value}")
        return number


class HeaderRules(base.BaseConfigOption[dict[str, dict[str, str]]]):
    """``{URL prefix: {header name: value}}``; values may use ``!ENV``.

    A value whose environment variable is unset is dropped rather than refused, so
    forks without the secret still run the gate. Error messages name the prefix and
    the header but never echo a value: it is usually a credential.
    """

    def __init__(self) -> None:
        super().__init__()
        self.default = {}

    def run_validation(self, value: object) -> dict[str, dict[str, str]]:
        if not isinstance(value, dict):
            raise ValidationError("expected a mapping of URL prefix to a mapping of header name to value")
        result: dict[str, dict[str, str]] = {}
        for prefix, fields in value.items():
            try:
                Prefix.parse(str(prefix))
            except ValueError as error:
                raise ValidationError(f"prefix '{prefix}' {error}") from None
            if not isinstance(fields, dict):
                raise ValidationError(f"prefix '{prefix}': expected a mapping of header name to value")
            result[str(prefix)] = self._fields(str(prefix), fields)
        return result

    @staticmethod
    def _fields(prefix: str, fields: dict[object, object]) -> dict[str, str]:
        kept: dict[str, str] = {}
        for name, text in fields.items():
            if not isinstance(name, str) or not HEADER_NAME_RE.fullmatch(name):
                raise ValidationError(f"prefix '{prefix}': '{name}' is not a valid header name")
            if name.lower() in RESERVED_HEADERS:
                raise ValidationError(f"prefix '{prefix}': header '{name}' is set by the checker itself")
            if text is None:
                continue
            if not isinstance(text, str) or not HEADER_VALUE_RE.fullmatch(text):
                raise ValidationError(
                    f"prefix '{prefix}': the value of header '{name}' must be a string of printable ASCII"
                )
            kept[name] = text
        return kept


class ExternalConfig(base.Config):
    enabled = c.Type(bool, default=False)
    timeout = Bounded(float, 10.0, 0.01)
    """Seconds for each request attempt, connecting included."""
    concurrency = Bounded(int, 32, 1)
    per_host = Bounded(int, 4, 1)
    retries = Bounded(int, 2, 0)
    backoff = Bounded(float, 0.5, 0.0)
    cache = c.Optional(c.Type(str))
    """Relative to ``mkdocs.yml``; unset: ``external.json`` in the user's cache directory; ``""``: no cache."""
    cache_ttl_days = Bounded(int, 7, 0)
    ignore = c.ListOfItems(Regex(), default=[])
    """Regular expressions searched in each URL; a match skips it."""
    allow_private = c.Type(bool, default=False)
    headers = HeaderRules()


class RefcheckConfig(base.Config):
    repos = c.DictOfItems(c.SubConfig(RepoConfig), default={})
    source_url = c.Optional(c.Type(str))
    retired = c.ListOfItems(c.SubConfig(RetiredConfig), default=[])
    history = c.Choice(("relaxed", "strict"), default="relaxed")
    offline = c.Type(bool, default=False)
    external = c.SubConfig(ExternalConfig)
    rules = RuleSeverities()
