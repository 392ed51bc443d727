"""WP011: a workplan still open whose ``updated`` date is long past.

The condition is a function of its own because the site asks it too: the "stale"
badge of a workplan's header and of the workplans index says exactly what the gate
says, with the same age.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_workplans.findings import Finding
from mkdocs_workplans.model.document import Document
from mkdocs_workplans.rules import document_check
from mkdocs_workplans.rules.values import parse_date, where
from mkdocs_workplans.settings import Settings


def stale_age(document: Document, settings: Settings) -> int | None:
    """Days since an open workplan's ``updated`` when more than ``stale_after_days``, else ``None``.

    Open means a configured status that is not terminal. Without a valid status or date
    there is nothing to judge (WP001 and WP002 report those).
    """
    meta = document.meta
    if document.kind != "workplan" or meta is None:
        return None
    status = meta.values.get("status")
    updated = parse_date(meta.values.get("updated"))
    if status not in settings.statuses or status in settings.terminal_statuses or updated is None:
        return None
    age = (settings.today - updated).days
    return age if age > settings.stale_after_days else None


@document_check("workplan-staleness")
def check_staleness(document: Document, settings: Settings) -> Iterator[Finding]:
    age = stale_age(document, settings)
    if age is None:
        return
    assert document.meta is not None
    yield Finding(
        "WP011",
        document.path,
        *where(document.meta, "updated", document.meta_line or 1),
        f"workplan is stale: not updated for {age} days (stale_after_days: {settings.stale_after_days})",
    )
