"""``workplans-inventory.json``: what a sibling site needs to link into this one.

Sibling builds read it (``refcheck.repos.<name>.inventory``) to check links, anchors
and ids without a checkout, and to turn id mentions into links. The format is
versioned and described by ``schemas/workplans-inventory.schema.json``; output is
sorted and byte-for-byte reproducible so that publishing it never shows spurious
changes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mkdocs_workplans import __version__
from mkdocs_workplans.index import task_anchor
from mkdocs_workplans.site import Site

FILENAME = "workplans-inventory.json"
VERSION = 1


def build_inventory(site: Site, page_url: Callable[[str], str]) -> dict[str, Any]:
    """The inventory of ``site``; ``page_url`` maps a page's ``src_uri`` to its URL (as ``File.url``)."""
    pages = []
    rendered = site.rendered or {}
    for src_uri, document in site.pages.items():
        if src_uri in rendered:  # the task cards, with their ids, are in the rendered page
            anchors = set(rendered[src_uri])
        else:
            anchors = set(document.anchors)
            anchors.update(
                task_anchor(task.task_id) for task in document.tasks if task.task_id and task.block is not None
            )
        pages.append(
            {
                "path": document.path,
                "url": page_url(src_uri),
                "title": document.title,
                "kind": document.kind,
                "anchors": sorted(anchors),
            }
        )
    workplans = []
    tasks = []
    for ident, target in site.ids.items():
        if target.src_uri is None:
            continue
        if target.kind == "workplan":
            workplans.append(
                {
                    "id": ident,
                    "title": target.title,
                    "status": target.status,
                    "url": page_url(target.src_uri),
                    "path": target.path,
                    "state_hub_id": target.statehub_id,
                }
            )
        else:
            tasks.append(
                {
                    "id": ident,
                    "workplan": target.workplan,
                    "title": target.title,
                    "status": target.status,
                    "url": page_url(target.src_uri),
                    "anchor": target.anchor,
                    "state_hub_id": target.statehub_id,
                }
            )
    return {
        "version": VERSION,
        "generator": {"name": "mkdocs-workplans", "version": __version__},
        "site_url": site.settings.site_url,
        "pages": sorted(pages, key=lambda page: (page["path"], page["url"])),
        "workplans": sorted(workplans, key=lambda item: item["id"]),
        "tasks": sorted(tasks, key=lambda item: item["id"]),
    }


#: The file's form: fixed key order, two-space indent, UTF-8 (and a trailing newline).
_FORMAT: dict[str, Any] = {"indent": 2, "ensure_ascii": False}


def dump_inventory(inventory: dict[str, Any]) -> str:
    """The file's text."""
    return json.dumps(inventory, **_FORMAT) + "\n"


def write_inventory(inventory: dict[str, Any], path: Path) -> None:
    """:func:`dump_inventory` into ``path``, in pieces: a build never holds the whole text at once."""
    with path.open("w", encoding="utf-8") as stream:
        json.dump(inventory, stream, **_FORMAT)
        stream.write("\n")
