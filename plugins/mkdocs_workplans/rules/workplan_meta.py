"""WP001-WP003, WP005, WP007, WP008: the front matter of one workplan."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mkdocs_workplans.dates import date_problem, parse_date
from mkdocs_workplans.findings import Finding
from mkdocs_workplans.hints import close_match
from mkdocs_workplans.model.document import WORKSTREAM_KEY, Document
from mkdocs_workplans.rules.values import absence, is_blank, statehub_findings, unknown_keys, where
from mkdocs_workplans.settings import Settings

REQUIRED = ("id", "title", "status", "created", "updated")
KNOWN = (
    *REQUIRED,
    WORKSTREAM_KEY,
    "type",
    "domain",
    "repo",
    "owner",
    "topic_slug",
    "planning_priority",
    "tags",
    "supersedes",
    "superseded_by",
)


def check_front_matter(document: Document, settings: Settings) -> Iterator[Finding]:
    meta = document.meta
    if document.kind != "workplan" or meta is None:
        return
    path, top = document.path, document.meta_line or 1
    for key in REQUIRED:
        if is_blank(meta, key):
            line, column = meta.key_pos.get(key, (top, 1))
            yield Finding("WP001", path, line, column, f"workplan field '{key}' {absence(meta, key)}")
    yield from _values(document, settings)
    yield from statehub_findings(
        path, meta, WORKSTREAM_KEY, top, settings, ("WP003", "WP008"), "workplan has no State Hub workstream"
    )
    yield from unknown_keys(path, meta, KNOWN, "WP007", "front-matter key")


def _values(document: Document, settings: Settings) -> Iterator[Finding]:
    """WP002 and WP005: values that are present but wrong."""
    meta = document.meta
    assert meta is not None
    path, top = document.path, document.meta_line or 1
    ident = meta.values.get("id")
    if not is_blank(meta, "id") and not (isinstance(ident, str) and re.fullmatch(settings.id_pattern, ident)):
        yield Finding(
            "WP002",
            path,
            *where(meta, "id", top),
            f"workplan id {ident!r} does not match id_pattern '{settings.id_pattern}'",
        )
    title = meta.values.get("title")
    if title is not None and not isinstance(title, (str, int, float)):
        yield Finding("WP002", path, *where(meta, "title", top), "workplan title must be text")
    for key, allowed, option in (
        ("status", settings.statuses, "statuses"),
        ("planning_priority", settings.priorities, "priorities"),
    ):
        if is_blank(meta, key):
            continue
        value = meta.values[key]
        if value not in allowed:
            yield Finding(
                "WP002",
                path,
                *where(meta, key, top),
                f"{key} {value!r} is not one of {option}: {', '.join(allowed)}",
                close_match(str(value), allowed),
            )
    dates = {}
    for key in ("created", "updated"):
        if is_blank(meta, key):
            continue
        parsed = parse_date(meta.values[key])
        if parsed is None:
            value = meta.values[key]
            yield Finding("WP002", path, *where(meta, key, top), f"{key} {value!r} {date_problem(value)}")
        else:
            dates[key] = parsed
    created, updated = dates.get("created"), dates.get("updated")
    if created and updated and updated < created:
        yield Finding(
            "WP005",
            path,
            *where(meta, "updated", top),
            f"updated {updated.isoformat()} is before created {created.isoformat()}",
        )
    for key, value in dates.items():
        if value > settings.today:
            yield Finding(
                "WP005",
                path,
                *where(meta, key, top),
                f"{key} {value.isoformat()} is in the future (today is {settings.today.isoformat()})",
            )
