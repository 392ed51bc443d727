"""The generated pages: every workplan, every task, every runbook.

Each page is Markdown whose group headings are real headings (so they are in the
table of contents and the search index). Its tables are HTML, because their cells
hold values that must be escaped for HTML and links already resolved against the
index page; they stand in the Markdown as markers (see :mod:`.placeholders`) and are
put in after rendering, as Python-Markdown would otherwise parse every tag of them.

The workplans and tasks indexes also carry a filter form, ``hidden`` until
``workplans.js`` (shipped next to the stylesheet) brings it to life: without script
the reader gets the full static tables. Rows carry what the filters match on
(``data-status``, ``data-owner``, ``data-priority``) and cells whose text does not
sort well carry a ``data-sort`` key.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from mkdocs_workplans.dates import stale_age
from mkdocs_workplans.index import task_anchor
from mkdocs_workplans.model.document import Document
from mkdocs_workplans.model.yamlmap import YamlMap
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
from mkdocs_workplans.render.escape import esc, label, markdown_text
from mkdocs_workplans.render.links import Linker
from mkdocs_workplans.render.placeholders import block_marker
from mkdocs_workplans.settings import Settings

TITLE_CLASS = "wp-index__title"
DATE_CLASS = "wp-index__date"
_BREAKABLE_RE = re.compile(r"[^\w\s]")
"""Characters after which browsers may break a line inside a word (``fristen-radar``)."""


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


@dataclass(frozen=True, slots=True)
class Cell:
    """A table cell: its HTML, a sort key when the text does not sort well, and a class."""

    html: str
    sort: str | None = None
    css: str | None = None

    def render(self) -> str:
        sort = f' data-sort="{esc(self.sort)}"' if self.sort is not None else ""
        css = f' class="{self.css}"' if self.css else ""
        return f"<td{css}{sort}>{self.html}</td>"


@dataclass(frozen=True, slots=True)
class Entry:
    """One row of an index, made from its page alone: a build makes it as soon as the page is parsed
    (see :mod:`mkdocs_workplans.streamed`) and puts the index together once every page is."""

    key: tuple[str, str, int]
    """Where the row sorts: an id or title, the page's path, the task's line."""
    group: str | None
    """The status the row is listed under (workplans and tasks)."""
    html: str
    """The ``<tr>``."""
    status: str
    """What the filters match the row on."""
    owner: str = ""
    priority: str = ""


def _entry(
    key: tuple[str, str, int], group: str | None, cells: Sequence[Cell], status: str, owner: str, priority: str = ""
) -> Entry:
    data = f' data-status="{esc(status)}"'
    if owner:
        data += f' data-owner="{esc(owner)}"'
    if priority:
        data += f' data-priority="{esc(priority)}"'
    html = f"<tr{data}>" + "".join(cell.render() for cell in cells) + "</tr>"
    return Entry(key, group, html, status, owner, priority)


def _title(href: str | None, text: str) -> Cell:
    """A cell holding a linked title that wraps between words only.

    The stylesheet stops breaks anywhere; a word with a hyphen, a slash or the like
    also goes in a ``wp-word`` span that the stylesheet keeps on one line.
    """
    words = " ".join(
        f'<span class="wp-word">{esc(word)}</span>' if _BREAKABLE_RE.search(word) else esc(word)
        for word in text.split()
    )
    return Cell(_link(href, words), css=TITLE_CLASS)


def _rank(value: str | None, order: Sequence[str]) -> str:
    """Sort key of a configured value: its place in the configuration; unknown and missing last."""
    if value in order:
        return str(order.index(value))
    return str(len(order) + (0 if value else 1))


def _table(columns: Sequence[str], rows: Sequence[Entry], kind: str, caption: str) -> str:
    """One table in a wrapper that scrolls sideways rather than crushing it on narrow screens.

    The wrapper is a labelled, focusable region so keyboard users can scroll it too.
    """
    head = "".join(f'<th scope="col">{column}</th>' for column in columns)
    body = "".join(row.html for row in rows)
    return (
        f'<div class="wp-table-wrap" role="region" aria-label="{esc(caption)}" tabindex="0">'
        f'<table class="wp-index wp-index--{kind}">'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def _select(name: str, text: str, values: Iterable[str]) -> str:
    options = "".join(f'<option value="{esc(value)}">{esc(label(value))}</option>' for value in values)
    return (
        f'<div class="wp-filters__field"><label for="wp-filter-{name}">{text}</label>'
        f'<select id="wp-filter-{name}" name="{name}"><option value="">all</option>{options}</select></div>'
    )


def _filters(noun: str, rows: Sequence[Entry], settings: Settings) -> str:
    """The filter form, ``hidden`` until the script shows it; options are the values the rows hold."""
    statuses = {row.status for row in rows if row.status}
    owners = sorted({row.owner for row in rows if row.owner}, key=str.casefold)
    priorities = {row.priority for row in rows if row.priority}
    order = settings.statuses if noun == "workplan" else settings.task_statuses
    return (
        f'<form class="wp-filters" data-wp-filters="{noun}s" role="search" aria-label="Find {noun}s" hidden>'
        '<div class="wp-filters__field wp-filters__field--text"><label for="wp-filter-q">Find</label>'
        '<input id="wp-filter-q" name="q" type="search" placeholder="ID or title" autocomplete="off"></div>'
        + _select("status", "Status", _ordered(statuses, order))
        + _select("owner", "Owner", owners)
        + _select("priority", "Priority", _ordered(priorities, settings.priorities))
        + '<button type="reset" class="wp-filters__reset">Show all</button>'
        '<p class="wp-filters__count" role="status" aria-live="polite"></p></form>'
    )


def _ordered(values: set[str], order: Sequence[str]) -> list[str]:
    """``values`` in configured order, then unknown ones alphabetically."""
    return [value for value in order if value in values] + sorted(values - set(order))


def _grouped(rows: Sequence[Entry], order: Sequence[str]) -> list[tuple[str, list[Entry]]]:
    """Rows by status, statuses in configured order, then any others (invalid ones) as "Other"."""
    groups: dict[str, list[Entry]] = {status: [] for status in order}
    other: list[Entry] = []
    for row in rows:
        if row.group in groups:
            groups[row.group].append(row)
        else:
            other.append(row)
    result = [(label(status).capitalize(), rows) for status, rows in groups.items() if rows]
    if other:
        result.append(("Other", other))
    return result


def _summary(groups: list[tuple[str, list[Entry]]], noun: str) -> str:
    total = sum(len(rows) for _, rows in groups)
    if not total:
        return f'<p class="wp-index__summary">No {noun}s in this site yet.</p>'
    counts = ", ".join(f"{len(rows)} {esc(name.lower())}" for name, rows in groups)
    return f'<p class="wp-index__summary">{total} {noun}{"" if total == 1 else "s"}: {counts}.</p>'


Kind = Literal["workplans", "tasks", "runbooks"]
KINDS: tuple[Kind, ...] = ("workplans", "tasks", "runbooks")
_WORKPLAN_COLUMNS = ("ID", "Title", "Status", "Owner", "Priority", "Progress", "Updated")
_TASK_COLUMNS = ("ID", "Task", "Status", "Priority", "Owner", "Workplan")


def entries(kind: Kind, src_uri: str, document: Document, settings: Settings, linker: Linker) -> list[Entry]:
    """The rows page ``src_uri`` adds to the index of ``kind``, linked from that index page (``linker``)."""
    meta = document.meta
    if meta is None:
        return []
    if kind == "workplans":
        return [_workplan_entry(src_uri, document, meta, settings, linker)] if document.kind == "workplan" else []
    if kind == "tasks":
        return _task_entries(src_uri, document, meta, settings, linker) if document.kind == "workplan" else []
    return [_runbook_entry(src_uri, document, meta, settings, linker)] if document.kind == "runbook" else []


def index_page(kind: Kind, rows: Iterable[Entry], settings: Settings) -> IndexPage:
    """The index of ``kind`` from the rows of every page; the rows are let go as their tables are made."""
    if kind == "workplans":
        groups = _grouped(sorted(rows, key=_key), settings.statuses)
        return _by_status("Workplans", "workplan", groups, _WORKPLAN_COLUMNS, settings)
    if kind == "tasks":
        return _by_status(
            "Tasks", "task", _grouped(sorted(rows, key=_key), settings.task_statuses), _TASK_COLUMNS, settings
        )
    return _runbooks(sorted(rows, key=_key))


def _key(entry: Entry) -> tuple[str, str, int]:
    return entry.key


def whole_index(kind: Kind, pages: Iterable[tuple[str, Document]], settings: Settings, linker: Linker) -> IndexPage:
    """The index of ``kind`` from every page at once (``src_uri``, model)."""
    rows = [row for src_uri, document in pages for row in entries(kind, src_uri, document, settings, linker)]
    return index_page(kind, rows, settings)


def _by_status(
    title: str, noun: str, groups: list[tuple[str, list[Entry]]], columns: Sequence[str], settings: Settings
) -> IndexPage:
    """An index of workplans or tasks: a summary, the filters when there are rows, a table per status.

    Each group's rows are let go once its table is made: on a site with thousands of tasks the rows
    and the tables would otherwise both be held, at the end of a build, when its memory peaks.
    """
    index = IndexPage()
    index.text(f"# {title}\n")
    index.html(_summary(groups, noun))
    if any(rows for _, rows in groups):
        index.html(_filters(noun, [row for _, rows in groups for row in rows], settings))
    for name, group_rows in groups:
        index.text(f"## {markdown_text(name)}\n")
        index.html(_table(columns, group_rows, f"{noun}s", f"{name} {noun}s"))
        group_rows.clear()
    return index


def _workplan_entry(src_uri: str, document: Document, meta: YamlMap, settings: Settings, linker: Linker) -> Entry:
    """A workplan with id, title, status, owner, priority, progress and last update."""
    href = linker.page_href(src_uri)
    ident = meta.text("id")
    status = meta.text("status")
    priority = meta.text("planning_priority")
    progress = progress_of(document, settings)
    updated = meta.values.get("updated")
    age = stale_age(document, settings)
    cells = [
        Cell(_link(href, f"<code>{esc(ident)}</code>") if ident else ""),
        _title(href, document.title or document.path),
        Cell(status_badge(status), sort=_rank(status, settings.statuses)),
        Cell(esc(meta.text("owner") or "")),
        Cell(priority_tag(priority), sort=_rank(priority, settings.priorities)),
        Cell(progress_bar(progress), sort=f"{progress.percent:03d}"),
        Cell(date_text(updated) + (" " + stale_badge(age) if age is not None else ""), css=DATE_CLASS),
    ]
    return _entry(
        (ident or "", document.path, 0), status, cells, status or "", meta.text("owner") or "", priority or ""
    )


def _task_entries(src_uri: str, document: Document, meta: YamlMap, settings: Settings, linker: Linker) -> list[Entry]:
    """Each task of a workplan, linking to its card."""
    plan = linker.page_href(src_uri)
    owner = meta.text("owner")
    rows = []
    for task in document.tasks:
        if task.block is None:
            continue
        ident = task.task_id
        card = linker.page_href(src_uri, task_anchor(ident) if ident else None)
        priority = task.block.text("priority")
        cells = [
            Cell(_link(card, f"<code>{esc(ident)}</code>") if ident else ""),
            _title(card, task.title),
            Cell(status_badge(task.status), sort=_rank(task.status, settings.task_statuses)),
            Cell(priority_tag(priority), sort=_rank(priority, settings.priorities)),
            Cell(esc(owner or "")),
            _title(plan, document.title or meta.text("id") or document.path),
        ]
        key = (ident or "", document.path, task.heading.line)
        rows.append(_entry(key, task.status, cells, task.status or "", owner or "", priority or ""))
    return rows


def _runbook_entry(src_uri: str, document: Document, meta: YamlMap, settings: Settings, linker: Linker) -> Entry:
    """A runbook with owner, app and review date, an overdue review marked."""
    reviewed = meta.values.get("last_reviewed")
    overdue = review_overdue(reviewed, settings)
    cells = [
        _title(linker.page_href(src_uri), document.title or document.path),
        Cell(esc(meta.text("owner") or "")),
        Cell(esc(meta.text("app") or "")),
        Cell(date_text(reviewed) + (" " + OVERDUE_BADGE if overdue else ""), css=DATE_CLASS),
    ]
    key = ((document.title or "").casefold(), document.path, 0)
    return _entry(key, None, cells, "overdue" if overdue else "current", meta.text("owner") or "")


def _runbooks(rows: list[Entry]) -> IndexPage:
    """Every runbook, overdue reviews counted."""
    count = len(rows)
    overdue_count = sum(row.status == "overdue" for row in rows)
    noun = "runbook" if count == 1 else "runbooks"
    index = IndexPage()
    index.text("# Runbooks\n")
    if not count:
        index.html('<p class="wp-index__summary">No runbooks in this site yet.</p>')
        return index
    index.html(f'<p class="wp-index__summary">{count} {noun}, {overdue_count} overdue for review.</p>')
    index.html(_table(("Runbook", "Owner", "App", "Last reviewed"), rows, "runbooks", "Runbooks"))
    return index
