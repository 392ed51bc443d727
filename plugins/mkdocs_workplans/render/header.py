"""The header that opens a workplan or runbook page.

It wraps the page's own first ``<h1>`` rather than replacing it, so the title keeps
its anchor, its permalink and its place in the table of contents; a page without an
``<h1>`` gets one from the (escaped) front-matter title.
"""

from __future__ import annotations

import re

from mkdocs_workplans.dates import stale_age
from mkdocs_workplans.model.document import Document
from mkdocs_workplans.render.badges import (
    OVERDUE_BADGE,
    date_text,
    priority_tag,
    progress_bar,
    progress_of,
    review_overdue,
    stale_badge,
    status_badge,
)
from mkdocs_workplans.render.escape import esc, fill_template
from mkdocs_workplans.render.links import PendingLink, id_marker
from mkdocs_workplans.settings import Settings

_H1_RE = re.compile(r"<h1\b[^>]*>.*?</h1>", re.DOTALL)


def _item(term: str, value_html: str) -> str:
    return f'<div class="wp-meta__item"><dt>{term}</dt><dd>{value_html}</dd></div>'


def _meta_list(items: list[tuple[str, str]]) -> str:
    return '<dl class="wp-meta">' + "".join(_item(term, value) for term, value in items if value) + "</dl>"


def workplan_header(document: Document, settings: Settings) -> tuple[str, str]:
    """Opening tag and body (after the title) of a workplan's header."""
    meta = document.meta
    assert meta is not None
    ident = meta.text("id") or ""
    status = meta.text("status")
    hub_id = document.workstream_id
    hub_url = fill_template(settings.workstream_url, hub_id) if hub_id and settings.matches_statehub(hub_id) else None
    hub = f'<a class="wp-hub" href="{esc(hub_url)}">State Hub workstream</a>' if hub_url else ""
    updated = date_text(meta.values.get("updated"))
    age = stale_age(document, settings)
    if age is not None:
        updated += " " + stale_badge(age)
    body = _meta_list(
        [
            ("ID", f"<code>{esc(ident)}</code>" if ident else ""),
            ("Status", status_badge(status)),
            ("Owner", esc(meta.text("owner") or "")),
            ("Priority", priority_tag(meta.text("planning_priority"))),
            ("Created", date_text(meta.values.get("created"))),
            ("Updated", updated),
            ("Progress", progress_bar(progress_of(document, settings))),
            ("State Hub", hub),
        ]
    )
    opening = f'<header class="wp-header" data-workplan="{esc(ident)}" data-status="{esc(status or "")}">'
    return opening, body


def runbook_header(document: Document, settings: Settings, pending: list[PendingLink]) -> tuple[str, str]:
    """Opening tag and body of a runbook's header: who owns it, and is its review due. Its related ids
    go in as markers, added to ``pending`` (see :func:`.links.fill_links`)."""
    meta = document.meta
    assert meta is not None
    reviewed = meta.values.get("last_reviewed")
    overdue = review_overdue(reviewed, settings)
    reviewed_html = date_text(reviewed)
    if overdue:
        reviewed_html += " " + OVERDUE_BADGE
    related = meta.values.get("related")
    idents = [str(item) for item in related] if isinstance(related, list) else [str(related)] if related else []
    body = _meta_list(
        [
            ("Owner", esc(meta.text("owner") or "")),
            ("App", esc(meta.text("app") or "")),
            ("Last reviewed", reviewed_html),
            ("Related", " ".join(id_marker(ident, pending) for ident in idents)),
        ]
    )
    state = "overdue" if overdue else "current"
    return f'<header class="wp-header wp-header--runbook" data-runbook="" data-review="{state}">', body


def wrap_title(html: str, opening: str, body: str, title: str | None) -> str:
    """Put ``opening`` + the page's first ``<h1>`` + ``body`` + ``</header>`` in its place."""
    match = _H1_RE.search(html)
    if match is None:
        heading = f'<h1 class="wp-header__title">{esc(title)}</h1>' if title else ""
        return f"{opening}{heading}{body}</header>\n{html}"
    return f"{html[: match.start()]}{opening}{match.group()}{body}</header>{html[match.end() :]}"
