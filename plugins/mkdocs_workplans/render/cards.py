"""Task cards: what each ```` ```task ```` block becomes.

The fence is replaced in the Markdown by a marker (see :mod:`.placeholders`); after
rendering, the marker becomes the card. The card holds the whole task section: the
task's ``<h2>`` (anchor, permalink and toc entry intact), any prose before the block,
the task's state where the block was, and the body up to the next ``<h1>``/``<h2>``,
so a reader sees at a glance what belongs to which task. When the section cannot be
taken whole without cutting through other markup (a block inside a list or an
admonition), the card is the state alone, with the heading moved in only when it
directly precedes it, or the title as text.
"""

from __future__ import annotations

import re
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


_H2_RE = re.compile(r"<h2[\s>]")
_SECTION_END_RE = re.compile(r"<h[12][\s>]")
_TRAILING_RULE_RE = re.compile(r"<hr\s*/?>\s*$")
"""A rule authors put between tasks: it stays between the cards."""
_CONTAINER_RE = re.compile(r"<(/?)(div|ul|ol|li|dl|details|blockquote|table|section|article|aside)[\s>]")


def task_card(
    task: TaskSection,
    settings: Settings,
    heading_html: str | None = None,
    before: str = "",
    body: str = "",
    hub_status: HubStatus | None = None,
) -> str:
    """The card of ``task`` (whose block must be a mapping) around its heading, prose and body."""
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
    meta = f'<div class="wp-task__meta">{" ".join(part for part in parts if part)}</div>'
    inside = _body(before) + meta + _body(body)
    return f'<div class="wp-task"{attributes} data-status="{esc(status or "")}">{title}{inside}</div>'


def _body(html: str) -> str:
    """The HTML between heading, meta line and the next section, its outer white space dropped:
    engines differ in the newlines they leave around blocks (MkDocs' page content, Zensical's
    postprocessor), and a card must come out the same from both."""
    inner = html.strip()
    return f'<div class="wp-task__body">{inner}</div>' if inner else ""


def _balanced(html: str, start: int, end: int) -> bool:
    """Whether ``html[start:end]`` opens and closes its block containers in order (so it can be wrapped)."""
    depth = 0
    for match in _CONTAINER_RE.finditer(html, start, end):
        depth += -1 if match.group(1) else 1
        if depth < 0:
            return False
    return depth == 0


def fill_cards(html: str, document: Document, settings: Settings, hub_status: HubStatus | None = None) -> str:
    """Turn the task markers of ``document``'s rendered page into cards."""
    tasks = document.tasks
    markers = [marker for marker in find_blocks(html, "task") if marker[2] < len(tasks) and tasks[marker[2]].block]
    pieces: list[str] = []
    cursor = 0
    for position, (start, end, number) in enumerate(markers):
        task = tasks[number]
        limit = markers[position + 1][0] if position + 1 < len(markers) else len(html)
        following = _SECTION_END_RE.search(html, end, limit)
        stop = following.start() if following else limit
        if rule := _TRAILING_RULE_RE.search(html, end, stop):
            stop = rule.start()
        headings = list(_H2_RE.finditer(html, cursor, start))
        opening = headings[-1].start() if headings else -1
        closing = html.find("</h2>", opening, start) if opening >= 0 else -1
        if closing >= 0 and _balanced(html, opening, start) and _balanced(html, end, stop):
            closing += len("</h2>")
            card = task_card(
                task, settings, html[opening:closing], html[closing:start], html[end:stop], hub_status=hub_status
            )
            pieces += [html[cursor:opening], card]
            cursor = stop
            continue
        before = html[cursor:start]
        heading, comments = None, ""
        kept = before.rstrip()
        # Comments between heading and block (a suppression, say) are invisible: the heading still moves.
        while kept.endswith("-->") and (comment := kept.rfind("<!--")) >= 0:
            kept, comments = kept[:comment].rstrip(), kept[comment:] + comments
        if kept.endswith("</h2>") and (opening := kept.rfind("<h2")) >= 0:
            before, heading = before[:opening] + comments, kept[opening:]
        pieces += [before, task_card(task, settings, heading, hub_status=hub_status)]
        cursor = end
    pieces.append(html[cursor:])
    return "".join(pieces)
