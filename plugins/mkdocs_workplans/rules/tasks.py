"""TK001, TK002, TK004, TK006-TK008 and WP006: the tasks of one workplan."""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_workplans.findings import Finding
from mkdocs_workplans.hints import close_match
from mkdocs_workplans.model.document import TASK_STATEHUB_KEY, Document, TaskSection
from mkdocs_workplans.rules.values import is_blank, statehub_findings, unknown_keys, where
from mkdocs_workplans.settings import Settings

KNOWN = ("id", "status", "priority", TASK_STATEHUB_KEY)


def check_tasks(document: Document, settings: Settings) -> Iterator[Finding]:
    if document.kind != "workplan" or document.meta is None:
        return
    workplan_id = document.meta.text("id")
    terminal = document.meta.text("status") in settings.terminal_statuses
    for task in document.tasks:
        if task.fence_line is None:
            yield Finding(
                "TK008",
                document.path,
                task.heading.line,
                task.heading.column,
                f"task heading 'T{task.number}' has no ```task block before the next section",
            )
        elif task.block is not None:
            yield from _block(document, task, workplan_id, settings)
            status = task.status
            if terminal and status in settings.task_statuses and status not in settings.terminal_task_statuses:
                yield Finding(
                    "WP006",
                    document.path,
                    *where(task.block, "status", task.fence_line),
                    f"task T{task.number} is '{status}' but the workplan is '{document.meta.text('status')}'",
                )


def _block(document: Document, task: TaskSection, workplan_id: str | None, settings: Settings) -> Iterator[Finding]:
    block, path, fence = task.block, document.path, task.fence_line or task.heading.line
    assert block is not None
    expected = f"{workplan_id}-T{task.number}" if workplan_id else None
    if is_blank(block, "id"):
        yield Finding(
            "TK004",
            path,
            *block.key_pos.get("id", (fence, 1)),
            f"task T{task.number} has no id" + (f"; expected '{expected}'" if expected else ""),
        )
    elif expected and block.values["id"] != expected:
        yield Finding(
            "TK004",
            path,
            *where(block, "id", fence),
            f"task id {block.values['id']!r} does not match its heading; expected '{expected}'",
        )
    for key, allowed, option in (
        ("status", settings.task_statuses, "task_statuses"),
        ("priority", settings.priorities, "priorities"),
    ):
        if is_blank(block, key):
            yield Finding("TK006", path, *block.key_pos.get(key, (fence, 1)), f"task T{task.number} has no {key}")
        elif block.values[key] not in allowed:
            value = block.values[key]
            yield Finding(
                "TK006",
                path,
                *where(block, key, fence),
                f"task {key} {value!r} is not one of {option}: {', '.join(allowed)}",
                close_match(str(value), allowed),
            )
    yield from statehub_findings(
        path, block, TASK_STATEHUB_KEY, fence, settings, ("TK001", "TK002"), f"task T{task.number} has no State Hub id"
    )
    yield from unknown_keys(path, block, KNOWN, "TK007", "task key")
