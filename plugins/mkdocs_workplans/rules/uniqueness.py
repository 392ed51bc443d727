"""WP004, TK005, TK003: ids that must be unique across the whole site.

Documents arrive sorted by path, so "first" is stable and the later copies are the
ones reported, each naming where the first one is.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_workplans.findings import Finding
from mkdocs_workplans.model.document import TASK_STATEHUB_KEY, WORKSTREAM_KEY
from mkdocs_workplans.rules.values import where
from mkdocs_workplans.site import Site


def check_unique(site: Site) -> Iterator[Finding]:
    workplans: dict[str, str] = {}
    tasks: dict[str, str] = {}
    statehub: dict[str, str] = {}
    for document in site.documents:
        meta = document.meta
        if document.kind != "workplan" or meta is None:
            continue
        path, top = document.path, document.meta_line or 1
        ident = meta.text("id")
        if ident:
            line, column = where(meta, "id", top)
            first = _first_use(workplans, ident, f"{path}:{line}")
            if first:
                yield Finding("WP004", path, line, column, f"workplan id '{ident}' is already used at {first}")
        hub = document.workstream_id
        if hub and hub.strip():
            line, column = where(meta, WORKSTREAM_KEY, top)
            yield from _once(statehub, hub, f"workstream of {ident or path}", path, line, column)
        for task in document.tasks:
            block = task.block
            if block is None:
                continue
            fence = task.fence_line or task.heading.line
            task_id = block.text("id")
            if task_id:
                line, column = where(block, "id", fence)
                first = _first_use(tasks, task_id, f"{path}:{line}")
                if first:
                    yield Finding("TK005", path, line, column, f"task id '{task_id}' is already used at {first}")
            hub = task.state_hub_id
            if hub and hub.strip():
                line, column = where(block, TASK_STATEHUB_KEY, fence)
                yield from _once(statehub, hub, f"task {task_id or 'T' + task.number}", path, line, column)


def _first_use(seen: dict[str, str], key: str, here: str) -> str | None:
    """Where ``key`` was first used, if that was somewhere other than ``here``."""
    first = seen.setdefault(key, here)
    return first if first != here else None


def _once(seen: dict[str, str], hub: str, owner: str, path: str, line: int, column: int) -> Iterator[Finding]:
    first = _first_use(seen, hub, f"{owner} ({path}:{line})")
    if first:
        yield Finding("TK003", path, line, column, f"State Hub id '{hub}' is already used by {first}")
