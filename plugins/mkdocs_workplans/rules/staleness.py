"""WP011: a workplan still open whose ``updated`` date is long past.

The condition is :func:`mkdocs_workplans.dates.stale_age`, which the "stale" badges of
the workplan header and the workplans index ask too, so they say what the gate says.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_workplans.dates import stale_age
from mkdocs_workplans.findings import Finding
from mkdocs_workplans.model.document import Document
from mkdocs_workplans.rules.values import where
from mkdocs_workplans.settings import Settings


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
