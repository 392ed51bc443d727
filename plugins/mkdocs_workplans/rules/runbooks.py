"""RB001-RB003: runbooks have their sections, an owner and a recent review."""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_workplans.dates import date_problem, days_overdue, parse_date
from mkdocs_workplans.findings import Finding
from mkdocs_workplans.model.document import Document
from mkdocs_workplans.rules.values import is_blank, where
from mkdocs_workplans.settings import Settings


def check_sections(document: Document, settings: Settings) -> Iterator[Finding]:
    if document.kind != "runbook" or not settings.required_sections:
        return
    present = {heading.text.casefold() for heading in document.headings}
    for section in settings.required_sections:
        if section.casefold() not in present:
            yield Finding("RB001", document.path, document.meta_line or 1, 1, f"runbook has no '{section}' section")


def check_review(document: Document, settings: Settings) -> Iterator[Finding]:
    meta = document.meta
    if document.kind != "runbook" or meta is None:
        return
    top = document.meta_line or 1
    for key in ("owner", "last_reviewed"):
        if is_blank(meta, key):
            line, column = meta.key_pos.get(key, (top, 1))
            yield Finding("RB003", document.path, line, column, f"runbook has no '{key}'")
    if is_blank(meta, "last_reviewed"):
        return
    reviewed = parse_date(meta.values["last_reviewed"])
    if reviewed is None:
        yield Finding(
            "RB003",
            document.path,
            *where(meta, "last_reviewed", top),
            f"last_reviewed {meta.values['last_reviewed']!r} {date_problem(meta.values['last_reviewed'])}",
        )
        return
    age = days_overdue(reviewed, settings.review_max_age_days, settings.today)
    if age is not None:
        yield Finding(
            "RB002",
            document.path,
            *where(meta, "last_reviewed", top),
            f"runbook review overdue: last reviewed {age} days ago "
            f"(review_max_age_days: {settings.review_max_age_days})",
        )
