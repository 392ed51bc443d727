"""Where every workplan and task id of the site lives.

Built once per analysis from the document model; used by the reference rules
(RF004, RF008), by rendering (ID mentions become links) and by the inventory that
sibling sites read.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from mkdocs_workplans.model.document import Document


@dataclass(frozen=True, slots=True, kw_only=True)
class IdTarget:
    ident: str
    kind: Literal["workplan", "task"]
    path: str
    """Source path of the workplan, relative to the directory of ``mkdocs.yml``."""
    src_uri: str | None
    """Page of the site the id lives on; ``None`` outside this site."""
    anchor: str | None
    """Task card anchor (the lowercased task id); ``None`` for workplans."""
    status: str | None
    title: str | None
    statehub_id: str | None
    workplan: str | None = None
    """For a task, the id of its workplan."""
    repo: str | None = None
    """The sibling repository it lives in; ``None`` for this site."""
    url: str | None = None
    """For a sibling's id: the absolute URL (page and anchor) readers should follow, if known."""


def task_anchor(task_id: str) -> str:
    """The ``id`` of a task card, as the contract fixes it."""
    return task_id.lower()


def build_index(documents: Iterable[tuple[str | None, Document]]) -> dict[str, IdTarget]:
    """Map every workplan and task id to its target; the first definition wins."""
    index: dict[str, IdTarget] = {}
    for src_uri, document in documents:
        meta = document.meta
        if document.kind != "workplan" or meta is None:
            continue
        workplan_id = document.workplan_id
        if workplan_id:
            index.setdefault(
                workplan_id,
                IdTarget(
                    ident=workplan_id,
                    kind="workplan",
                    path=document.path,
                    src_uri=src_uri,
                    anchor=None,
                    status=document.status,
                    title=document.title,
                    statehub_id=document.workstream_id,
                ),
            )
        for task in document.tasks:
            task_id = task.task_id
            if task_id and task.block is not None:
                index.setdefault(
                    task_id,
                    IdTarget(
                        ident=task_id,
                        kind="task",
                        path=document.path,
                        src_uri=src_uri,
                        anchor=task_anchor(task_id),
                        status=task.status,
                        title=task.title,
                        statehub_id=task.state_hub_id,
                        workplan=workplan_id,
                    ),
                )
    return index
