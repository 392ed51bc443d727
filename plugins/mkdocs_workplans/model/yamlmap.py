"""YAML mappings that remember where each key was written.

Front matter and task blocks are small, but they come from users and are hostile
sometimes: alias bombs, duplicate keys, dates that do not exist. This module composes
the node graph first (cheap, aliases stay shared), walks it with a budget, and only
then constructs plain Python values. Timestamps stay strings so that a bad date is a
field-value finding rather than a constructor crash.
"""

from __future__ import annotations

import itertools
import re
import sys
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml

try:  # the C loader is several times faster; fall back quietly where libyaml is missing
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader  # type: ignore[assignment]

#: Values up to this long are shared between blocks (``todo``, ``high``); longer ones are mostly ids.
SHARED_VALUE_LENGTH = 16

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
    places: list[int] = field(default_factory=list)
    """Key line, key column, value line, value column of each key of ``values``, in its order.

    Four numbers in one list rather than two dicts of pairs: a site has a mapping per task,
    thousands of them, and a build holds them all while it checks.
    """

    def place(self, key_at: tuple[int, int], value_at: tuple[int, int]) -> None:
        """Record where the key last added to ``values`` and its value were written."""
        self.places.extend((*key_at, *value_at))

    @property
    def key_pos(self) -> Mapping[str, tuple[int, int]]:
        return _Places(self, 0)

    @property
    def value_pos(self) -> Mapping[str, tuple[int, int]]:
        return _Places(self, 2)

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


class _Places(Mapping[str, tuple[int, int]]):
    """The key or value positions of a :class:`YamlMap`, as a read-only mapping."""

    __slots__ = ("_mapping", "_offset")

    def __init__(self, mapping: YamlMap, offset: int) -> None:
        self._mapping = mapping
        self._offset = offset

    def __getitem__(self, key: str) -> tuple[int, int]:
        places = self._mapping.places
        for index, name in enumerate(self._mapping.values):
            if name == key:
                at = 4 * index + self._offset
                if at + 1 < len(places):
                    return places[at], places[at + 1]
                break
        raise KeyError(key)

    def __iter__(self) -> Iterator[str]:
        count = len(self._mapping.places) // 4
        return itertools.islice(iter(self._mapping.values), count)

    def __len__(self) -> int:
        return min(len(self._mapping.values), len(self._mapping.places) // 4)

    def items(self) -> Iterator[tuple[str, tuple[int, int]]]:  # type: ignore[override]
        """In one pass (a lookup walks the keys: fine for a few keys, not for all of them)."""
        places, offset = self._mapping.places, self._offset
        for index, key in enumerate(self):
            yield key, (places[4 * index + offset], places[4 * index + offset + 1])


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
        # Keys and short values (statuses, priorities) repeat in every block: one string each.
        key = sys.intern(match.group(1))
        group = 2 if match.group(2) is not None else 3 if match.group(3) is not None else 4
        value = match.group(group)
        result.values[key] = sys.intern(value) if len(value) <= SHARED_VALUE_LENGTH else value
        result.place((first_line + number, 1), (first_line + number, match.start(group) + (1 if group == 4 else 0)))
    return result


def _unclosed_quote(text: str, mark: yaml.Mark | None) -> yaml.Mark | None:
    """Where a quote left open began, when that is what broke the parse.

    A quoted value may span lines in YAML, so a quote left open on line 4 swallows the
    lines after it and PyYAML notices only where the swallowed text ends, lines later.
    When the error is on the line where such a multi-line quoted scalar ended, the
    quote's own line is the cause an author can act on.
    """
    if mark is None:
        return None
    found = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.index > mark.index:
                break
            if (
                isinstance(token, yaml.ScalarToken)
                and token.style in ('"', "'")
                and token.end_mark.line > token.start_mark.line
                and token.end_mark.line == mark.line
            ):
                found = token.start_mark
    except yaml.YAMLError:
        pass
    return found


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
            result.place(
                (key_node.start_mark.line + first_line, key_node.start_mark.column + 1),
                (value_node.start_mark.line + first_line, value_node.start_mark.column + 1),
            )
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
        opened = _unclosed_quote(text, mark)
        if opened is not None and mark is not None:
            reason = f"quote not closed on its line (YAML read on to line {mark.line + first_line}: {reason})"
            mark = opened
        line, column = (mark.line, mark.column) if mark else (0, 0)
        raise YamlProblem(f"invalid YAML: {reason}", line + first_line, column + 1) from None
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as error:
        raise YamlProblem(f"invalid YAML: {error}", first_line, 1) from None
    finally:
        loader.dispose()
