"""YAML mappings that remember where each key was written.

Front matter and task blocks are small, but they come from users and are hostile
sometimes: alias bombs, duplicate keys, dates that do not exist. This module composes
the node graph first (cheap, aliases stay shared), walks it with a budget, and only
then constructs plain Python values. Timestamps stay strings so that a bad date is a
field-value finding rather than a constructor crash.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # the C loader is several times faster; fall back quietly where libyaml is missing
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

#: Nodes visited (counting every alias expansion) before a document is called a bomb.
NODE_BUDGET = 5_000


class _Loader(_BaseLoader):
    """Safe loader that keeps timestamps as the strings the author wrote."""


#: Integers beyond this many bits are refused: Python will not print one of more than 4,300
#: digits (``sys.set_int_max_str_digits``), and a title or id is never one.
MAX_INT_BITS = 3_000


def _bounded_int(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> int:
    """An integer as PyYAML reads it, or a problem where it is written when it is too large to print."""
    value: int = yaml.constructor.SafeConstructor.construct_yaml_int(loader, node)
    if value.bit_length() > MAX_INT_BITS:
        raise YamlProblem(
            f"integer of {len(node.value)} characters is too large", node.start_mark.line, node.start_mark.column
        )
    return value


_Loader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    yaml.constructor.SafeConstructor.construct_yaml_str,  # type: ignore[type-var]
)
_Loader.add_constructor("tag:yaml.org,2002:int", _bounded_int)


@dataclass(slots=True)
class YamlMap:
    """A top-level YAML mapping with the 1-based (line, column) of each key and value."""

    values: dict[str, Any]
    key_pos: dict[str, tuple[int, int]] = field(default_factory=dict)
    value_pos: dict[str, tuple[int, int]] = field(default_factory=dict)

    def pos(self, key: str) -> tuple[int, int] | None:
        return self.key_pos.get(key)

    def text(self, key: str) -> str | None:
        """The value as text for scalar values, ``None`` when missing or null."""
        value = self.values.get(key)
        if value is None or isinstance(value, (dict, list)):
            return None
        if isinstance(value, bool):
            return str(value).lower()
        return str(value)


class YamlProblem(Exception):
    """The text is not a usable YAML mapping; the message says why, for the user."""

    def __init__(self, message: str, line: int = 0, column: int = 0) -> None:
        super().__init__(message)
        self.line = line
        self.column = column


def expands_within(root: yaml.Node, budget: int, visit: Callable[[yaml.MappingNode], None] | None = None) -> bool:
    """Whether the composed ``root`` constructs to at most ``budget`` nodes, every alias counted
    each time it is used: what stops an alias bomb (or a cyclic alias) before it is built."""
    stack: list[yaml.Node] = [root]
    while stack:
        node = stack.pop()
        budget -= 1
        if budget < 0:
            return False
        if isinstance(node, yaml.MappingNode):
            if visit is not None:
                visit(node)
            for key, value in node.value:
                stack.append(key)
                stack.append(value)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return True


def _check_graph(root: yaml.MappingNode, first_line: int) -> None:
    """Reject alias bombs and duplicate keys before anything is constructed.

    A flat mapping of scalars (every task block, most front matter) cannot expand, so
    only its keys are compared; anything nested is walked with the node budget.
    """
    if all(isinstance(value, yaml.ScalarNode) for _key, value in root.value):
        _no_duplicates(root, first_line)
        return
    if not expands_within(root, NODE_BUDGET, lambda node: _no_duplicates(node, first_line)):
        raise YamlProblem(
            f"YAML expands to more than {NODE_BUDGET} nodes (alias bomb?)",
            root.start_mark.line,
            root.start_mark.column,
        )


def _no_duplicates(node: yaml.MappingNode, first_line: int) -> None:
    seen: dict[str, int] = {}
    for key, _value in node.value:
        if isinstance(key, yaml.ScalarNode):
            if key.value in seen:
                raise YamlProblem(
                    f"duplicate key '{key.value}' (first on line {seen[key.value] + first_line})",
                    key.start_mark.line,
                    key.start_mark.column,
                )
            seen[key.value] = key.start_mark.line


#: What a quoted value of the flat form may hold: printable characters that are no line break
#: to YAML 1.1 (so not NEL, U+2028 or U+2029) and no tab. With anything else PyYAML decides.
_QUOTABLE = "[^\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029\\ud800-\\udfff\\ufeff\\ufffe\\uffff"
#: ``key: value`` where the value is a quoted string without escapes or an identifier-like
#: plain word: the whole of a typical task block. YAML would read such a value as that string.
#: Keys are short: PyYAML looks no further than 1,024 characters for the ``:`` of a plain key.
_FLAT_LINE_RE = re.compile(
    rf"""([A-Za-z_][A-Za-z0-9_]{{0,199}}):[ ]+"""
    rf"""(?:"({_QUOTABLE}"\\]*)"|'({_QUOTABLE}']*)'|([A-Za-z_][A-Za-z0-9_.-]*))[ ]*"""
)
#: Plain words YAML 1.1 (PyYAML) reads as booleans or null rather than strings.
_NOT_STRINGS = frozenset(
    [
        "yes",
        "Yes",
        "YES",
        "no",
        "No",
        "NO",
        "true",
        "True",
        "TRUE",
        "false",
        "False",
        "FALSE",
        "on",
        "On",
        "ON",
        "off",
        "Off",
        "OFF",
        "null",
        "Null",
        "NULL",
    ]
)


def _flat(text: str, first_line: int) -> YamlMap | None:
    """The mapping of a block of simple ``key: string`` lines, or ``None`` to use the YAML parser.

    Task blocks are thousands per site and nearly all like this; reading them without
    building a YAML parser per block is the difference the budgets need. Anything else
    (comments, numbers, dates, nesting, escapes, duplicate keys, keys or values YAML
    reads as booleans or null, control characters and line breaks in quotes) goes to
    PyYAML, so what this returns is exactly what ``yaml.safe_load`` would.
    """
    result = YamlMap({})
    for number, line in enumerate(text.split("\n")):
        if not line:
            continue
        match = _FLAT_LINE_RE.fullmatch(line)
        if match is None or match.group(1) in result.values or not _NOT_STRINGS.isdisjoint(match.group(1, 4)):
            return None
        key = match.group(1)
        group = 2 if match.group(2) is not None else 3 if match.group(3) is not None else 4
        result.values[key] = match.group(group)
        result.key_pos[key] = (first_line + number, 1)
        result.value_pos[key] = (first_line + number, match.start(group) + (1 if group == 4 else 0))
    return result


def load_mapping(text: str, first_line: int) -> YamlMap:
    """Parse ``text`` (which starts on 1-based ``first_line`` of its file) as a mapping.

    Raises :class:`YamlProblem` with an absolute 1-based position when it is not one.
    """
    flat = _flat(text, first_line)
    if flat is not None:
        return flat
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return YamlMap({})
        if not isinstance(root, yaml.MappingNode):
            kind = "a list" if isinstance(root, yaml.SequenceNode) else "a scalar"
            raise YamlProblem(f"expected a YAML mapping, found {kind}", root.start_mark.line, root.start_mark.column)
        _check_graph(root, first_line)
        result = YamlMap({})
        for key_node, value_node in root.value:
            key = loader.construct_object(key_node, deep=True)
            result.values[str(key)] = loader.construct_object(value_node, deep=True)
            result.key_pos[str(key)] = (key_node.start_mark.line + first_line, key_node.start_mark.column + 1)
            result.value_pos[str(key)] = (value_node.start_mark.line + first_line, value_node.start_mark.column + 1)
        return result
    except YamlProblem as problem:
        problem.line += first_line
        problem.column += 1
        raise
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = error.problem or error.context or "invalid YAML"
        if error.context_mark is not None and (mark is None or mark.index >= len(text.rstrip())):
            # The text ended inside an unclosed quote or bracket: point at where it opened.
            mark = error.context_mark
            reason = f"{reason} {error.context}" if error.problem and error.context else reason
        line, column = (mark.line, mark.column) if mark else (0, 0)
        raise YamlProblem(f"invalid YAML: {reason}", line + first_line, column + 1) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as error:
        raise YamlProblem(f"invalid YAML: {error}", first_line, 1) from None
    finally:
        loader.dispose()
