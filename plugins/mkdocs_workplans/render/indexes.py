"""The generated pages: every workplan, every task, every runbook.

Each page is Markdown whose group headings are real headings (so they are in the
table of contents and the search index). Its tables are HTML, because their cells
hold values that must be escaped for HTML and links already resolved against the
index page; they stand in the Markdown as markers (see :mod:`.placeholders`) and are
put in after rendering, as Python-Markdown would otherwise parse every tag of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

from mkdocs_workplans.index import task_anchor
from mkdocs_workplans.model.document import Document
from mkdocs_workplans.render.badges import (
    OVERDUE_BADGE,
    date_text,
    priority_tag,
    progress_bar,
    progress_of,
    review_overdue,
    status_badge,
)
from mkdocs_workplans.render.escape import esc, label, markdown_text
from mkdocs_workplans.render.links import Linker
from mkdocs_workplans.render.placeholders import block_marker
from mkdocs_workplans.settings import Settings

Row = TypeVar("Row")


@dataclass(frozen=True, slots=True)
class Page:
    """A source page of the site with its model."""

    src_uri: str
    document: Document


@dataclass
class IndexPage:
    """Markdown with markers, and the HTML each marker stands for."""

    parts: list[str] = field(default_factory=list)
    fragments: list[str] = field(default_factory=list)

    def text(self, markdown: str) -> None:
        self.parts.append(markdown)

    def html(self, fragment: str) -> None:
        self.parts.append(block_marker("index", len(self.fragments)) + "\n")
        self.fragments.append(fragment)

    @property
    def markdown(self) -> str:
        return "\n".join(self.parts)


def _link(href: str | None, inner_html: str) -> str:
    return f'<a href="{esc(href)}">{inner_html}</a>' if href else inner_html


def _table(columns: Sequence[str], rows: Iterable[Sequence[str]], kind: str, statuses: Sequence[str]) -> str:
    head = "".join(f"<th>{column}</th>" for column in columns)
    body = "".join(
        f'<tr data-status="{esc(status)}">' + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"
        for cells, status in zip(rows, statuses, strict=True)
    )
    return (
        f'<div class="wp-table-wrap"><table class="wp-index wp-index--{kind}">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _grouped(
    items: Sequence[Row], status_of: Callable[[Row], str | None], order: Sequence[str]
) -> list[tuple[str, list[Row]]]:
    """Items by status, statuses in configured order, then any others (invalid ones) as "Other"."""
    groups: dict[str, list[Row]] = {status: [] for status in order}
    other: list[Row] = []
    for item in items:
        status = status_of(item)
        if status in groups:
            groups[status].append(item)
        else:
            other.append(item)
    result = [(label(status).capitalize(), rows) for status, rows in groups.items() if rows]
    if other:
        result.append(("Other", other))
    return result


def _summary(groups: list[tuple[str, list[Row]]], noun: str) -> str:
    total = sum(len(rows) for _, rows in groups)
    if not total:
        return f'<p class="wp-index__summary">No {noun}s in this site yet.</p>'
    counts = ", ".join(f"{len(rows)} {esc(name.lower())}" for name, rows in groups)
    return f'<p class="wp-index__summary">{total} {noun}{"" if total == 1 else "s"}: {counts}.</p>'


def workplans_index(pages: Sequence[Page], settings: Settings, linker: Linker) -> IndexPage:
    """Every workplan with id, title, status, owner, priority, progress and last update, by status."""
    workplans = sorted(
        (page for page in pages if page.document.kind == "workplan" and page.document.meta is not None),
        key=lambda page: ((page.document.meta.text("id") if page.document.meta else None) or "", page.document.path),
    )

    def status_of(page: Page) -> str | None:
        return page.document.meta.text("status") if page.document.meta else None

    groups = _grouped(workplans, status_of, settings.statuses)
    index = IndexPage()
    index.text("# Workplans\n")
    index.html(_summary(groups, "workplan"))
    for name, rows in groups:
        cells = []
        for page in rows:
            meta = page.document.meta
            assert meta is not None
            href = linker.page_href(page.src_uri)
            ident = meta.text("id")
            cells.append(
                [
                    _link(href, f"<code>{esc(ident)}</code>") if ident else "",
                    _link(href, esc(page.document.title or page.document.path)),
                    status_badge(meta.text("status")),
                    esc(meta.text("owner") or ""),
                    priority_tag(meta.text("planning_priority")),
                    progress_bar(progress_of(page.document, settings)),
                    date_text(meta.values.get("updated")),
                ]
            )
        columns = ("ID", "Title", "Status", "Owner", "Priority", "Progress", "Updated")
        index.text(f"## {markdown_text(name)}\n")
        index.html(_table(columns, cells, "workplans", [status_of(page) or "" for page in rows]))
    return index


def tasks_index(pages: Sequence[Page], settings: Settings, linker: Linker) -> IndexPage:
    """Every task of the site by status, each linking to its card."""
    tasks = []
    for page in pages:
        meta = page.document.meta
        if page.document.kind != "workplan" or meta is None:
            continue
        for task in page.document.tasks:
            if task.block is not None:
                tasks.append((page, meta.text("id"), task))
    tasks.sort(key=lambda row: (row[2].task_id or "", row[0].document.path, row[2].heading.line))
    groups = _grouped(tasks, lambda row: row[2].status, settings.task_statuses)
    index = IndexPage()
    index.text("# Tasks\n")
    index.html(_summary(groups, "task"))
    for name, rows in groups:
        cells = []
        for page, workplan_id, task in rows:
            ident = task.task_id
            card = linker.page_href(page.src_uri, task_anchor(ident) if ident else None)
            plan = linker.page_href(page.src_uri)
            cells.append(
                [
                    _link(card, f"<code>{esc(ident)}</code>") if ident else "",
                    _link(card, esc(task.title)),
                    status_badge(task.status),
                    priority_tag(task.block.text("priority") if task.block else None),
                    _link(plan, esc(page.document.title or workplan_id or page.document.path)),
                ]
            )
        columns = ("ID", "Task", "Status", "Priority", "Workplan")
        index.text(f"## {markdown_text(name)}\n")
        index.html(_table(columns, cells, "tasks", [row[2].status or "" for row in rows]))
    return index


def runbooks_index(pages: Sequence[Page], settings: Settings, linker: Linker) -> IndexPage:
    """Every runbook with owner, app and review date, overdue reviews marked."""
    runbooks = sorted(
        (page for page in pages if page.document.kind == "runbook" and page.document.meta is not None),
        key=lambda page: ((page.document.title or "").casefold(), page.document.path),
    )
    cells = []
    states = []
    for page in runbooks:
        meta = page.document.meta
        assert meta is not None
        reviewed = meta.values.get("last_reviewed")
        overdue = review_overdue(reviewed, settings)
        states.append("overdue" if overdue else "current")
        cells.append(
            [
                _link(linker.page_href(page.src_uri), esc(page.document.title or page.document.path)),
                esc(meta.text("owner") or ""),
                esc(meta.text("app") or ""),
                date_text(reviewed) + (" " + OVERDUE_BADGE if overdue else ""),
            ]
        )
    count = len(runbooks)
    overdue_count = states.count("overdue")
    noun = "runbook" if count == 1 else "runbooks"
    index = IndexPage()
    index.text("# Runbooks\n")
    if not count:
        index.html('<p class="wp-index__summary">No runbooks in this site yet.</p>')
        return index
    index.html(f'<p class="wp-index__summary">{count} {noun}, {overdue_count} overdue for review.</p>')
    index.html(_table(("Runbook", "Owner", "App", "Last reviewed"), cells, "runbooks", states))
    return index
