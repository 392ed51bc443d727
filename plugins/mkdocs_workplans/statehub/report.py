"""``workplans statehub diff``: the differences per workplan, as a table or as JSON.

A row is one thing to act on: a task State Hub does not know, a status to bring in
step, a task in the wrong workstream, a workstream State Hub does not know, or a State
Hub task that no task of the workplan carries ("missing row", one row per task, so a
sync job can create them). Values from State Hub are data: the table shows them on
one line and shortened; JSON carries them in full.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from mkdocs_workplans.statehub.compare import Difference, Kind

LABELS: dict[Kind, str] = {
    "unknown_workstream": "workstream not in State Hub",
    "unknown_task": "task not in State Hub",
    "status_drift": "status drift",
    "workstream_mismatch": "workstream mismatch",
    "missing_rows": "missing row",
}
KINDS: dict[Kind, str] = {
    "unknown_workstream": "unknown_workstream",
    "unknown_task": "unknown_task",
    "status_drift": "status_drift",
    "workstream_mismatch": "workstream_mismatch",
    "missing_rows": "missing_row",
}
"""The ``kind`` of a JSON row: one missing row per State Hub task."""


@dataclass(frozen=True, slots=True)
class Row:
    kind: Kind
    line: int
    column: int
    task: str | None
    state_hub_id: str
    workplan: str | None
    """The workplan's side (a status or a workstream id)."""
    state_hub: str | None
    """State Hub's side (a status after ``status_map``, or a workstream id)."""
    title: str | None = None
    """State Hub's title of a missing row."""


@dataclass(frozen=True, slots=True)
class Workplan:
    path: str
    ident: str | None
    rows: tuple[Row, ...]


def rows(difference: Difference) -> Iterator[Row]:
    d = difference
    if d.kind != "missing_rows":
        yield Row(d.kind, d.line, d.column, d.task, d.state_hub_id, d.ours, d.theirs)
        return
    for task in d.missing:
        yield Row(d.kind, d.line, d.column, None, task.id, None, task.status, task.title)


def by_workplan(differences: Iterable[Difference]) -> list[Workplan]:
    """Differences grouped by workplan, in path order; workplans without any are left out."""
    grouped: dict[str, tuple[str | None, list[Row]]] = {}
    for difference in differences:
        grouped.setdefault(difference.path, (difference.workplan, []))[1].extend(rows(difference))
    return [
        Workplan(path, ident, tuple(sorted(found, key=lambda row: (row.line, row.column))))
        for path, (ident, found) in sorted(grouped.items())
    ]


def _cell(value: str | None, limit: int = 60) -> str:
    if not value:
        return "-"
    flat = " ".join(value.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def table(workplans: list[Workplan], compared: int) -> str:
    """One block per workplan: its path and id, then aligned columns."""
    lines: list[str] = []
    heading = ("LINE", "WHAT", "TASK", "STATE HUB ID", "WORKPLAN", "STATE HUB")
    for workplan in workplans:
        cells = [heading] + [
            (
                str(row.line),
                LABELS[row.kind],
                _cell(row.task),
                _cell(row.state_hub_id),
                _cell(row.workplan),
                _cell(f"{row.state_hub} ({row.title})" if row.title else row.state_hub),
            )
            for row in workplan.rows
        ]
        widths = [max(len(cell[column]) for cell in cells) for column in range(len(heading))]
        lines.append(f"{workplan.path} ({_cell(workplan.ident)})")
        lines.extend("  " + "  ".join(c.ljust(w) for c, w in zip(cell, widths, strict=True)).rstrip() for cell in cells)
        lines.append("")
    count = sum(len(workplan.rows) for workplan in workplans)
    if count:
        lines.append(f"{count} difference{'s' if count != 1 else ''} in {len(workplans)} of {compared} workplans.")
    else:
        lines.append(f"No differences: {compared} workplans in step with State Hub.")
    return "\n".join(lines) + "\n"


def as_json(workplans: list[Workplan], compared: int) -> str:
    document: dict[str, Any] = {
        "version": 1,
        "workplans": [
            {
                "path": workplan.path,
                "id": workplan.ident,
                "differences": [
                    {
                        "kind": KINDS[row.kind],
                        "line": row.line,
                        "column": row.column,
                        "task": row.task,
                        "state_hub_id": row.state_hub_id,
                        "workplan": row.workplan,
                        "state_hub": row.state_hub,
                        "title": row.title,
                    }
                    for row in workplan.rows
                ],
            }
            for workplan in workplans
        ],
        "summary": {
            "workplans": compared,
            "differing": len(workplans),
            "differences": sum(len(w.rows) for w in workplans),
        },
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
