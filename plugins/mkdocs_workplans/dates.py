"""Dates as the contract reads them, and the date conditions that rules and readers share.

The gate and the pages ask the same questions: RB002 and the runbook header's
"review overdue" badge, WP011 and the "stale" badges of the workplan header and the
workplans index. Answering them here keeps the two from disagreeing.
"""

from __future__ import annotations

import datetime as dt
import re

from mkdocs_workplans.model.document import Document
from mkdocs_workplans.settings import Settings

_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")


def parse_date(value: object) -> dt.date | None:
    """A ``YYYY-MM-DD`` string as a date; ``None`` for anything else, impossible dates included."""
    if not isinstance(value, str) or not _DATE_RE.fullmatch(value):
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def days_overdue(reviewed: dt.date, max_age_days: int, today: dt.date) -> int | None:
    """How many days ago the review was, when that is more than ``max_age_days``; else ``None``."""
    if reviewed + dt.timedelta(days=max_age_days) < today:
        return (today - reviewed).days
    return None


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
