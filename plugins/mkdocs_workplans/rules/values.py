"""Small value checks shared by several rules."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from mkdocs_workplans.codes import Code
from mkdocs_workplans.findings import Finding
from mkdocs_workplans.hints import close_match
from mkdocs_workplans.model.yamlmap import YamlMap
from mkdocs_workplans.settings import Settings


def is_blank(mapping: YamlMap, key: str) -> bool:
    """Missing, null or an empty/whitespace string."""
    value = mapping.values.get(key)
    return value is None or (isinstance(value, str) and not value.strip())


def where(mapping: YamlMap, key: str, fallback: int) -> tuple[int, int]:
    """Position of ``key``'s value if written, else of the block (``fallback`` line)."""
    return mapping.value_pos.get(key) or (fallback, 1)


def absence(mapping: YamlMap, key: str) -> str:
    """How a blank key is blank, for messages."""
    return "is empty" if key in mapping.values else "is missing"


def statehub_findings(
    path: str, mapping: YamlMap, key: str, fallback: int, settings: Settings, codes: tuple[Code, Code], missing: str
) -> Iterator[Finding]:
    """A State Hub id that is missing or empty (``codes[0]``) or malformed (``codes[1]``).

    Shared by workstreams (WP003/WP008) and tasks (TK001/TK002): the same id, the same rules.
    """
    if is_blank(mapping, key):
        line, column = mapping.key_pos.get(key, (fallback, 1))
        yield Finding(codes[0], path, line, column, f"{missing}: '{key}' {absence(mapping, key)}")
        return
    value = mapping.values[key]
    if not isinstance(value, str) or not settings.matches_statehub(value):
        yield Finding(codes[1], path, *where(mapping, key, fallback), f"'{key}' {value!r} is not a State Hub id")


def unknown_keys(path: str, mapping: YamlMap, known: Sequence[str], code: Code, what: str) -> Iterator[Finding]:
    """Keys outside the schema, each with a "did you mean" hint when one is close."""
    for key, at in mapping.key_pos.items():
        if key not in known:
            yield Finding(code, path, *at, f"unknown {what} '{key}'", close_match(key, known))
