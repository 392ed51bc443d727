"""Task cards: what each ```` ```task ```` block becomes.

The fence is replaced in the Markdown by a marker (see :mod:`.placeholders`); after
rendering, the marker becomes the card. When the task's ``<h2>`` directly precedes
it, the heading moves into the card, so the card is the heading (anchor, permalink
and toc entry intact) plus the task's state and the title is not shown twice; when
prose stands in between, the card carries the title as text.
"""

from __future__ import annotations

from collections.abc import Callable

from mkdocs_workplans.index import task_anchor
from mkdocs_workplans.model.document import Document, TaskSection
from mkdocs_workplans.render.badges import priority_tag, status_badge
from mkdocs_workplans.render.escape import esc, fill_template, label
from mkdocs_workplans.render.placeholders import find_blocks
from mkdocs_workplans.settings import Settings

HubStatus = Callable[[str | None], str | None]
"""State Hub's status of a ``state_hub_task_id`` (``status_map`` applied), when the build read the export."""


def hub_badge(status: str | None, hub: str | None) -> str:
    """ "State Hub: in progress" beside the task's own badge, only when the two differ."""
    if not hub or hub == status:
        return ""
    return (
        f'<span class="wp-badge wp-badge--hub" data-status="{esc(hub)}" '
        f'title="State Hub&#39;s status differs from the workplan&#39;s">State Hub: {esc(label(hub))}</span>'
    )


def task_card(
    task: TaskSection, settings: Settings, heading_html: str | None = None, hub_status: HubStatus | None = None
) -> str:
    """The card of ``task`` (whose block must be a mapping), around ``heading_html`` if given."""
    block = task.block
    assert block is not None
    ident = task.task_id
    status = task.status
    hub_id = task.state_hub_id
    hub_url = fill_template(settings.task_url, hub_id) if hub_id and settings.matches_statehub(hub_id) else None
    attributes = f' id="{esc(task_anchor(ident))}" data-task="{esc(ident)}"' if ident else ""
    parts = [
        f'<code class="wp-task__id">{esc(ident)}</code>' if ident else "",
        status_badge(status),
        hub_badge(status, hub_status(hub_id)) if hub_status is not None else "",
        priority_tag(task.priority),
        f'<a class="wp-hub" href="{esc(hub_url)}">State Hub</a>' if hub_url else "",
    ]
    title = heading_html or f'<p class="wp-task__title">{esc(task.title)}</p>'
    return (
        f'<div class="wp-task"{attributes} data-status="{esc(status or "")}">{title}'
        f'<div class="wp-task__meta">{" ".join(part for part in parts if part)}</div></div>'
    )


def fill_cards(html: str, document: Document, settings: Settings, hub_status: HubStatus | None = None) -> str:
    """Turn the task markers of ``document``'s rendered page into cards."""
    tasks = document.tasks
    pieces: list[str] = []
    cursor = 0
    for start, end, number in find_blocks(html, "task"):
        if number >= len(tasks) or tasks[number].block is None:
            continue
        before = html[cursor:start]
        heading, comments = None, ""
        kept = before.rstrip()
        # Comments between heading and block (a suppression, say) are invisible: the heading still moves.
        while kept.endswith("-->") and (comment := kept.rfind("<!--")) >= 0:
            kept, comments = kept[:comment].rstrip(), kept[comment:] + comments
        if kept.endswith("</h2>") and (opening := kept.rfind("<h2")) >= 0:
            before, heading = before[:opening] + comments, kept[opening:]
        pieces += [before, task_card(tasks[number], settings, heading, hub_status)]
        cursor = end
    pieces.append(html[cursor:])
    return "".join(pieces)
