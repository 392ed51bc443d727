"""Small inline pieces shared by headers, cards and indexes.

Badges always carry their status as text; the colour that ``workplans.css`` gives a
``data-status`` is a second cue, never the only one.
"""

from __future__ import annotations

from dataclasses import dataclass

from mkdocs_workplans.dates import days_overdue, parse_date
from mkdocs_workplans.model.document import Document
from mkdocs_workplans.render.escape import esc, label
from mkdocs_workplans.settings import Settings

#: Task statuses left out of a workplan's progress: dropped work is neither done nor to do.
NOT_COUNTED = frozenset({"cancelled"})


def status_badge(status: str | None) -> str:
    if not status:
        return '<span class="wp-badge" data-status="">no status</span>'
    return f'<span class="wp-badge" data-status="{esc(status)}">{esc(label(status))}</span>'


def priority_tag(priority: str | None) -> str:
    if not priority:
        return ""
    return f'<span class="wp-priority" data-priority="{esc(priority)}">{esc(priority)}</span>'


def date_text(value: object) -> str:
    """A ``<time>`` for a real date, the escaped text otherwise (rules report bad dates)."""
    if value is None:
        return ""
    date = parse_date(value)
    if date is None:
        return esc(value)
    return f'<time datetime="{date.isoformat()}">{date.isoformat()}</time>'


@dataclass(frozen=True, slots=True)
class Progress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def progress_of(document: Document, settings: Settings) -> Progress:
    """Tasks in a terminal status count as done; cancelled ones count for nothing."""
    done = total = 0
    for task in document.tasks:
        status = task.status
        if status in NOT_COUNTED:
            continue
        total += 1
        if status in settings.terminal_task_statuses:
            done += 1
    return Progress(done, total)


def progress_bar(progress: Progress) -> str:
    text = f"{progress.done}/{progress.total} tasks done" if progress.total else "no tasks"
    return (
        f'<span class="wp-progress" title="{text}">'
        f'<span class="wp-progress__track" role="progressbar" aria-label="Tasks done" aria-valuemin="0" '
        f'aria-valuemax="{progress.total}" aria-valuenow="{progress.done}">'
        f'<span class="wp-progress__bar" style="width: {progress.percent}%"></span></span>'
        f'<span class="wp-progress__label">{text}</span></span>'
    )


def review_overdue(last_reviewed: object, settings: Settings) -> bool:
    """RB002's condition, so the badge and the gate agree on what overdue means."""
    reviewed = parse_date(last_reviewed)
    return reviewed is not None and days_overdue(reviewed, settings.review_max_age_days, settings.today) is not None


OVERDUE_BADGE = '<span class="wp-badge" data-status="overdue">review overdue</span>'


def stale_badge(age: int) -> str:
    """WP011's finding for readers: the workplan is open but ``age`` days since its last update."""
    return f'<span class="wp-badge" data-status="stale" title="not updated for {age} days">stale: {age} days</span>'
