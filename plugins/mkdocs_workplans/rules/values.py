"""Small value checks shared by several rules."""

from __future__ import annotations

import datetime as dt
import re

from mkdocs_workplans.model.yamlmap import YamlMap

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: object) -> dt.date | None:
    """A ``YYYY-MM-DD`` string as a date; ``None`` for anything else, impossible dates included."""
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def is_blank(mapping: YamlMap, key: str) -> bool:
    """Missing, null or an empty/whitespace string."""
    value = mapping.values.get(key)
    return value is None or (isinstance(value, str) and not value.strip())


def where(mapping: YamlMap, key: str, fallback: int) -> tuple[int, int]:
    """Position of ``key``'s value if written, else of the block (``fallback`` line)."""
    return mapping.value_pos.get(key) or (fallback, 1)
