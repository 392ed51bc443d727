"""A State Hub export: the workstreams and tasks the tracker holds, read as untrusted data.

The export is a JSON document (``schemas/statehub-export.schema.json``)::

    {"workstreams": [{"id": ..., "title": ...}],
     "tasks": [{"id": ..., "workstream_id": ..., "status": ..., "title": ...}]}

Whoever runs the server (or writes the file) is not trusted to be well-behaved: the
bytes are capped, every value's type and length is checked, counts are bounded, and a
problem is an :class:`ExportError` whose message quotes no value from the document (a
value may be huge or hostile), only where it is. Keys the format does not name are
ignored, so State Hub can add fields without breaking the gate.

The hand-written validation below mirrors the JSON Schema shipped in the package
rather than using ``jsonschema``: it is a few dozen lines for a flat format, it runs
in linear time with no dependency at run time, and a test holds the two to the same
verdicts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

MAX_BYTES = 10 * 1024 * 1024
"""Ten megabytes: some 60,000 tasks with long titles; anything larger is refused unread."""
MAX_WORKSTREAMS = 50_000
MAX_TASKS = 200_000
MAX_ID = 200
MAX_TITLE = 1000
MAX_STATUS = 100


class ExportError(ValueError):
    """Why a document is not a State Hub export; the message names places, never values."""


@dataclass(frozen=True, slots=True)
class HubTask:
    id: str
    workstream_id: str
    status: str
    title: str


@dataclass
class Export:
    workstreams: dict[str, str]
    """Title by workstream id."""
    tasks: dict[str, HubTask]
    """Tasks by id."""
    by_workstream: dict[str, list[HubTask]] = field(default_factory=dict)
    """Tasks by workstream id, in the export's order."""

    def __post_init__(self) -> None:
        if not self.by_workstream:
            for task in self.tasks.values():
                self.by_workstream.setdefault(task.workstream_id, []).append(task)


def parse_export(raw: bytes) -> Export:
    """The export in ``raw``, or :class:`ExportError`."""
    if len(raw) > MAX_BYTES:
        raise ExportError(f"is larger than {MAX_BYTES} bytes")
    try:
        data: Any = json.loads(raw)
    except RecursionError:
        raise ExportError("is nested too deeply") from None
    except ValueError as error:  # UnicodeDecodeError and JSONDecodeError alike
        raise ExportError(f"is not JSON: {_short(error)}") from None
    if not isinstance(data, dict):
        raise ExportError("is not a JSON object")
    workstreams: dict[str, str] = {}
    for index, item in enumerate(_items(data, "workstreams", MAX_WORKSTREAMS)):
        where = f"workstreams[{index}]"
        ident = _text(item, "id", MAX_ID, where, required=True)
        if ident in workstreams:
            raise ExportError(f"{where}.id: the same id as an earlier workstream")
        workstreams[ident] = _text(item, "title", MAX_TITLE, where)
    tasks: dict[str, HubTask] = {}
    for index, item in enumerate(_items(data, "tasks", MAX_TASKS)):
        where = f"tasks[{index}]"
        ident = _text(item, "id", MAX_ID, where, required=True)
        if ident in tasks:
            raise ExportError(f"{where}.id: the same id as an earlier task")
        tasks[ident] = HubTask(
            ident,
            _text(item, "workstream_id", MAX_ID, where, required=True),
            _text(item, "status", MAX_STATUS, where, required=True),
            _text(item, "title", MAX_TITLE, where),
        )
    return Export(workstreams, tasks)


def _items(data: dict[str, Any], key: str, limit: int) -> list[dict[str, Any]]:
    items = data.get(key)
    if not isinstance(items, list):
        raise ExportError(f"'{key}' is {'missing' if items is None else 'not a list'}")
    if len(items) > limit:
        raise ExportError(f"'{key}' has more than {limit} entries")
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise ExportError(f"{key}[{index}] is not an object")
    return items


def _text(item: dict[str, Any], key: str, limit: int, where: str, required: bool = False) -> str:
    """A string of at most ``limit`` characters (non-empty when ``required``); a missing title is ``""``."""
    value = item.get(key)
    if value is None and not required:
        return ""
    if not isinstance(value, str) or len(value) > limit or (required and not value.strip()):
        raise ExportError(
            f"{where}.{key}: expected a {'non-empty ' if required else ''}string of at most {limit} characters"
        )
    return value


def _short(error: ValueError) -> str:
    """The parser's reason without the document's text (a ``UnicodeDecodeError`` quotes bytes)."""
    if isinstance(error, json.JSONDecodeError):
        return f"{error.msg} at line {error.lineno} column {error.colno}"
    return "not UTF-8 text"
