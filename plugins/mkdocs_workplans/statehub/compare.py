"""What differs between the workplans and the State Hub export, once, for the rules and ``statehub diff``.

The rules (:mod:`mkdocs_workplans.rules.statehub`) turn each :class:`Difference` into a
finding; ``workplans statehub diff`` prints them per workplan for a sync job or a
person. One comparison for both, so the command and the gate never disagree.

Only ids the rules already accept are compared: a missing or malformed id is TK001,
TK002, WP003 or WP008, and comparing it again would say the same thing twice. Ids are
compared exactly as written.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from mkdocs_workplans.model.document import TASK_STATEHUB_KEY, WORKSTREAM_KEY, Document
from mkdocs_workplans.model.yamlmap import YamlMap
from mkdocs_workplans.settings import StateHub
from mkdocs_workplans.statehub.export import Export, HubTask

Kind = Literal["unknown_workstream", "unknown_task", "status_drift", "workstream_mismatch", "missing_rows"]
"""In the order of the contract: WP009, TK009, TK010, TK011, WP010."""


@dataclass(frozen=True, slots=True)
class Difference:
    kind: Kind
    path: str
    line: int
    column: int
    workplan: str | None
    """The workplan's id."""
    task: str | None
    """The task's id (``None`` for differences of the workplan itself)."""
    state_hub_id: str
    """The task's ``state_hub_task_id``, or the workplan's ``state_hub_workstream_id``."""
    ours: str | None = None
    """The workplan's side: the task's status, or the workplan's workstream id."""
    theirs: str | None = None
    """State Hub's side: its status after ``status_map``, or the task's workstream id."""
    missing: tuple[HubTask, ...] = ()
    """For ``missing_rows``: State Hub's tasks of the workstream that no task of the workplan carries."""


def hub_status(export: Export, hub: StateHub, state_hub_id: str | None) -> str | None:
    """State Hub's status of a task in the words of the workplans (``status_map`` applied)."""
    task = export.tasks.get(state_hub_id) if state_hub_id else None
    return None if task is None else hub.status_map.get(task.status, task.status)


def card_statuses(export: object, hub: StateHub | None) -> Callable[[str | None], str | None] | None:
    """State Hub's status of each task for the task cards, only when the build read the export.

    ``export`` is what the analysis loaded (an :class:`Export`, or the reason it could not).
    The plugin and the Markdown extension both ask here, so a card shows the same under every engine.
    """
    if not isinstance(export, Export) or hub is None:
        return None
    return lambda state_hub_id: hub_status(export, hub, state_hub_id)


def _at(mapping: YamlMap, key: str, fallback: int) -> tuple[int, int]:
    return mapping.value_pos.get(key) or mapping.key_pos.get(key) or (fallback, 1)


def differences(
    documents: Iterable[Document], export: Export, hub: StateHub, is_id: Callable[[str], bool]
) -> Iterator[Difference]:
    """Every difference of every workplan, in document order; ``is_id`` tells a well-formed State Hub id."""
    for document in documents:
        if document.kind == "workplan" and document.meta is not None:
            yield from _workplan(document, export, hub, is_id)


def _workplan(document: Document, export: Export, hub: StateHub, is_id: Callable[[str], bool]) -> Iterator[Difference]:
    meta = document.meta
    assert meta is not None
    plan, path = document.workplan_id, document.path
    stream = document.workstream_id
    stream = stream if stream and is_id(stream) else None
    known = stream is not None and stream in export.workstreams
    stream_at = _at(meta, WORKSTREAM_KEY, document.meta_line)
    if stream is not None and not known:
        yield Difference("unknown_workstream", path, *stream_at, plan, None, stream)
    carried: set[str] = set()
    for task in document.tasks:
        block, ident = task.block, task.state_hub_id
        if block is None or not ident or not is_id(ident):
            continue
        carried.add(ident)
        fence = task.fence_line or task.heading.line
        theirs = export.tasks.get(ident)
        if theirs is None:
            yield Difference("unknown_task", path, *_at(block, TASK_STATEHUB_KEY, fence), plan, task.task_id, ident)
            continue
        status, mapped = task.status, hub.status_map.get(theirs.status, theirs.status)
        if status and status != mapped:
            yield Difference(
                "status_drift", path, *_at(block, "status", fence), plan, task.task_id, ident, status, mapped
            )
        if known and theirs.workstream_id != stream:
            where = _at(block, TASK_STATEHUB_KEY, fence)
            yield Difference(
                "workstream_mismatch", path, *where, plan, task.task_id, ident, stream, theirs.workstream_id
            )
    if known:
        assert stream is not None
        missing = tuple(item for item in export.by_workstream.get(stream, ()) if item.id not in carried)
        if missing:
            yield Difference("missing_rows", path, *stream_at, plan, None, stream, missing=missing)
