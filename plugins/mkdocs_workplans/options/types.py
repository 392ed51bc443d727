"""Option types shared by both plugins' typed options."""

from __future__ import annotations

import re
from pathlib import PureWindowsPath
from typing import TypeVar

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from mkdocs_workplans.codes import Code, is_code
from mkdocs_workplans.external.headers import Prefix
from mkdocs_workplans.registry import SEVERITY_NAMES


class Regex(c.Type[str]):
    """A string that must compile as a Python regular expression."""

    def __init__(self, default: str | None = None) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        text = super().run_validation(value)
        try:
            re.compile(text)
        except re.error as error:
            raise ValidationError(f"not a valid regular expression: {error}") from None
        return text


class RuleSeverities(c.DictOfItems[str]):
    """``{CODE: error|warning|info|ignore}``; an unknown code is named in the error."""

    def __init__(self) -> None:
        super().__init__(c.Choice(SEVERITY_NAMES), default={})

    def run_validation(self, value: object) -> dict[str, str]:
        result = super().run_validation(value)
        for code in result:
            if not is_code(code):
                raise ValidationError(f"unknown rule code '{code}'")
        return result


class InsidePath(c.Type[str]):
    """A ``/``-separated path (or glob) relative to the site that stays inside it: no absolute path,
    no ``..``. Every file the plugins read or write by an option stays in the repository or ``site_dir``;
    an empty string is kept (it turns an index off)."""

    def __init__(self, default: str | None = None) -> None:
        super().__init__(str, default=default)

    def run_validation(self, value: object) -> str:
        text = super().run_validation(value)
        parts = re.split(r"[\\/]", text)
        if text and (text.startswith(("/", "\\")) or PureWindowsPath(text).drive or ".." in parts):
            raise ValidationError(
                f"'{text}' must be a relative path that stays inside the site (no '/' first, no '..')"
            )
        return text


def rule_codes(severities: dict[str, str]) -> dict[Code, str]:
    """The validated ``rules:`` mapping with its keys typed as codes."""
    return {code: name for code, name in severities.items() if is_code(code)}


def string_list(default: list[str]) -> c.ListOfItems[str]:
    return c.ListOfItems(c.Type(str), default=default)


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


DURATION_RE = re.compile(r"(\d+(?:\.\d+)?)\s*(s|m|h|d)")
DURATION_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class Duration(base.BaseConfigOption[float]):
    """Seconds, as a number (``300``) or a number with a unit (``90s``, ``5m``, ``2h``, ``1d``)."""

    def __init__(self, default: float) -> None:
        super().__init__()
        self.default = default

    def run_validation(self, value: object) -> float:
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
            return float(value)
        match = DURATION_RE.fullmatch(value.strip()) if isinstance(value, str) else None
        if match is None:
            raise ValidationError(f"expected seconds or a duration such as 90s, 5m, 2h or 1d, got {value!r}")
        return float(match.group(1)) * DURATION_UNITS[match.group(2)]


ENV_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


class EnvName(c.Type[str]):
    """The name of an environment variable (the option holds the name, never the value)."""

    def __init__(self) -> None:
        super().__init__(str)

    def run_validation(self, value: object) -> str:
        text = super().run_validation(value)
        if not ENV_NAME_RE.fullmatch(text):
            raise ValidationError(f"'{text}' is not the name of an environment variable")
        return text


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
