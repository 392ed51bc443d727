"""RF004 and RF008: workplan and task ids written in prose, code spans and front matter."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from mkdocs_workplans.findings import Finding
from mkdocs_workplans.hints import Names, close_match
from mkdocs_workplans.index import IdTarget
from mkdocs_workplans.model.document import Document
from mkdocs_workplans.site import Site

#: Front-matter keys whose values are ids (``related`` is the runbooks' list).
ID_KEYS = ("supersedes", "superseded_by", "related")
DROPPED = ("cancelled", "superseded")


def _references(document: Document) -> Iterator[tuple[str, int, int, str | None]]:
    """``(id, line, column, front-matter key or None)`` of every id the document names."""
    for mention in document.mentions:
        yield mention.ident, mention.line, mention.column, None
    meta = document.meta
    if meta is None:
        return
    for key in ID_KEYS:
        value: Any = meta.values.get(key)
        values = value if isinstance(value, list) else [value]
        line, column = meta.value_pos.get(key, (document.meta_line or 1, 1))
        for item in values:
            if isinstance(item, str) and item.strip():
                yield item.strip(), line, column, key


def check_ids(site: Site) -> Iterator[Finding]:
    if not site.settings.workplans or site.refs is None:
        return
    settings = site.settings
    unverifiable = sorted(name for name, sibling in site.refs.siblings.items() if sibling.problem)
    known: list[Names] = []  # indexed on the first unknown id, once for all of them
    for document in site.documents:
        status = document.meta.text("status") if document.meta else None
        live = not (document.kind == "workplan" and status in settings.terminal_statuses)
        for ident, line, column, key in _references(document):
            target = site.ids.get(ident) or site.sibling_ids.get(ident)
            if target is None:
                yield _unknown(site, document, ident, line, column, unverifiable, known)
            elif live and key != "supersedes" and target.status in DROPPED and target.path != document.path:
                yield Finding("RF008", document.path, line, column, f"{_what(target)} '{ident}' is {target.status}")


def _what(target: IdTarget) -> str:
    return "task" if target.kind == "task" else "workplan"


def _unknown(
    site: Site, document: Document, ident: str, line: int, column: int, unverifiable: list[str], known: list[Names]
) -> Finding:
    if unverifiable:
        return Finding(
            "XR004",
            document.path,
            line,
            column,
            f"cannot verify '{ident}': sibling {', '.join(unverifiable)} cannot be read",
        )
    workplan, _, task = ident.rpartition("-T")
    if task.isdigit() and (workplan in site.ids or workplan in site.sibling_ids):
        return Finding("RF004", document.path, line, column, f"workplan '{workplan}' has no task T{task}")
    if not known:
        known.append(Names([*site.ids, *site.sibling_ids]))
    return Finding(
        "RF004",
        document.path,
        line,
        column,
        f"'{ident}' is not a known workplan or task id",
        close_match(ident, known[0]),
    )
