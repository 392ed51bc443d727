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
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import partial
from typing import Literal

from mkdocs_workplans.dates import stale_age
from mkdocs_workplans.index import task_anchor
from mkdocs_workplans.model.document import Document, TaskSection
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
    """Markdown with markers, and the HTML each marker stands for, compressed.

    A build makes its index pages as soon as the analysis is done and writes them once every
    other page is rendered. The tables of 60,000 tasks are 35 MB of HTML and a fifteenth of that
    compressed; each table is compressed row by row as it is written, so that its HTML is whole
    only once, in its page.
    """

    parts: list[str] = field(default_factory=list)
    packed: list[bytes] = field(default_factory=list)

    def text(self, markdown: str) -> None:
        self.parts.append(markdown)

    def html(self, pieces: Iterable[str]) -> None:
        self.parts.append(block_marker("index", len(self.packed)) + "\n")
        # The fastest level: the tables repeat themselves, and the process that packs them has time to spare.
        packer = zlib.compressobj(1)
        chunks = [packer.compress(piece.encode()) for piece in pieces]
        chunks.append(packer.flush())
        self.packed.append(b"".join(chunks))

    @property
    def markdown(self) -> str:
        return "\n".join(self.parts)

    def fragments(self) -> list[str]:
        """The HTML of each marker, in order."""
        return [zlib.decompress(fragment).decode() for fragment in self.packed]


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
    """One row of an index: what it sorts, groups and filters on, and how to make its cells.

    The cells are made when the row's table is written, so that an index of thousands of
    rows is never held as the HTML of every row plus the table made of them.
    """

    key: tuple[str, str, int]
    """Where the row sorts: an id or title, the page's path, the task's line."""
    group: str | None
    """The status the row is listed under (workplans and tasks)."""
    status: str
    """What the filters match the row on."""
    cells: Callable[[], Sequence[Cell]]
    owner: str = ""
    priority: str = ""

    def html(self) -> str:
        """The ``<tr>``."""
        data = f' data-status="{esc(self.status)}"'
        if self.owner:
            data += f' data-owner="{esc(self.owner)}"'
        if self.priority:
            data += f' data-priority="{esc(self.priority)}"'
        return f"<tr{data}>" + "".join(cell.render() for cell in self.cells()) + "</tr>"


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


def _table(columns: Sequence[str], rows: Sequence[Entry], kind: str, caption: str) -> Iterator[str]:
    """One table in a wrapper that scrolls sideways rather than crushing it on narrow screens, a row at a time.

    The wrapper is a labelled, focusable region so keyboard users can scroll it too.
    """
    head = "".join(f'<th scope="col">{column}</th>' for column in columns)
    yield (
        f'<div class="wp-table-wrap" role="region" aria-label="{esc(caption)}" tabindex="0">'
        f'<table class="wp-index wp-index--{kind}"><thead><tr>{head}</tr></thead><tbody>'
    )
    for row in rows:
        yield row.html()
    yield "</tbody></table></div>"


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


def index_pages(
    wanted: Mapping[str, tuple[Kind, Linker]], pages: Mapping[str, Document], settings: Settings
) -> dict[str, IndexPage]:
    """The index pages of ``wanted`` (by ``src_uri``: each one's kind, and how its rows link to pages),
    from every page of the site (by ``src_uri``)."""
    return {
        src_uri: index_page(
            kind,
            [
                row
                for page_uri, document in pages.items()
                for row in entries(kind, page_uri, document, settings, linker)
            ],
            settings,
        )
        for src_uri, (kind, linker) in wanted.items()
    }


def _by_status(
    title: str, noun: str, groups: list[tuple[str, list[Entry]]], columns: Sequence[str], settings: Settings
) -> IndexPage:
    """An index of workplans or tasks: a summary, the filters when there are rows, a table per status.

    Each group's rows are let go once its table is made: on a site with thousands of tasks the rows
    and the tables would otherwise both be held, at the end of a build, when its memory peaks.
    """
    index = IndexPage()
    index.text(f"# {title}\n")
    index.html([_summary(groups, noun)])
    if any(rows for _, rows in groups):
        index.html([_filters(noun, [row for _, rows in groups for row in rows], settings)])
    for name, group_rows in groups:
        index.text(f"## {markdown_text(name)}\n")
        index.html(_table(columns, group_rows, f"{noun}s", f"{name} {noun}s"))
        group_rows.clear()
    return index


def _workplan_entry(src_uri: str, document: Document, meta: YamlMap, settings: Settings, linker: Linker) -> Entry:
    status = meta.text("status")
    cells = partial(_workplan_cells, src_uri, document, meta, settings, linker)
    key = (meta.text("id") or "", document.path, 0)
    return Entry(key, status, status or "", cells, meta.text("owner") or "", meta.text("planning_priority") or "")


def _workplan_cells(src_uri: str, document: Document, meta: YamlMap, settings: Settings, linker: Linker) -> list[Cell]:
    """A workplan with id, title, status, owner, priority, progress and last update."""
    href = linker.page_href(src_uri)
    ident = meta.text("id")
    status = meta.text("status")
    priority = meta.text("planning_priority")
    progress = progress_of(document, settings)
    age = stale_age(document, settings)
    return [
        Cell(_link(href, f"<code>{esc(ident)}</code>") if ident else ""),
        _title(href, document.title or document.path),
        Cell(status_badge(status), sort=_rank(status, settings.statuses)),
        Cell(esc(meta.text("owner") or "")),
        Cell(priority_tag(priority), sort=_rank(priority, settings.priorities)),
        Cell(progress_bar(progress), sort=f"{progress.percent:03d}"),
        Cell(
            date_text(meta.values.get("updated")) + (" " + stale_badge(age) if age is not None else ""), css=DATE_CLASS
        ),
    ]


def _task_entries(src_uri: str, document: Document, meta: YamlMap, settings: Settings, linker: Linker) -> list[Entry]:
    owner = meta.text("owner") or ""
    return [
        Entry(
            (task.task_id or "", document.path, task.heading.line),
            task.status,
            task.status or "",
            partial(_task_cells, src_uri, document, meta, task, settings, linker),
            owner,
            task.priority or "",
        )
        for task in document.tasks
        if task.block is not None
    ]


def _task_cells(
    src_uri: str, document: Document, meta: YamlMap, task: TaskSection, settings: Settings, linker: Linker
) -> list[Cell]:
    """A task of a workplan, linking to its card."""
    ident = task.task_id
    card = linker.page_href(src_uri, task_anchor(ident) if ident else None)
    return [
        Cell(_link(card, f"<code>{esc(ident)}</code>") if ident else ""),
        _title(card, task.title),
        Cell(status_badge(task.status), sort=_rank(task.status, settings.task_statuses)),
        Cell(priority_tag(task.priority), sort=_rank(task.priority, settings.priorities)),
        Cell(esc(meta.text("owner") or "")),
        _title(linker.page_href(src_uri), document.title or meta.text("id") or document.path),
    ]


def _runbook_entry(src_uri: str, document: Document, meta: YamlMap, settings: Settings, linker: Linker) -> Entry:
    status = "overdue" if review_overdue(meta.values.get("last_reviewed"), settings) else "current"
    cells = partial(_runbook_cells, src_uri, document, meta, settings, linker)
    return Entry(((document.title or "").casefold(), document.path, 0), None, status, cells, meta.text("owner") or "")


def _runbook_cells(src_uri: str, document: Document, meta: YamlMap, settings: Settings, linker: Linker) -> list[Cell]:
    """A runbook with owner, app and review date, an overdue review marked."""
    reviewed = meta.values.get("last_reviewed")
    return [
        _title(linker.page_href(src_uri), document.title or document.path),
        Cell(esc(meta.text("owner") or "")),
        Cell(esc(meta.text("app") or "")),
        Cell(date_text(reviewed) + (" " + OVERDUE_BADGE if review_overdue(reviewed, settings) else ""), css=DATE_CLASS),
    ]


def _runbooks(rows: list[Entry]) -> IndexPage:
    """Every runbook, overdue reviews counted."""
    count = len(rows)
    overdue_count = sum(row.status == "overdue" for row in rows)
    noun = "runbook" if count == 1 else "runbooks"
    index = IndexPage()
    index.text("# Runbooks\n")
    if not count:
        index.html(['<p class="wp-index__summary">No runbooks in this site yet.</p>'])
        return index
    index.html([f'<p class="wp-index__summary">{count} {noun}, {overdue_count} overdue for review.</p>'])
    index.html(_table(("Runbook", "Owner", "App", "Last reviewed"), rows, "runbooks", "Runbooks"))
    return index
