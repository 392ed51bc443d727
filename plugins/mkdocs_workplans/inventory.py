"""``workplans-inventory.json``: what a sibling site needs to link into this one.

Sibling builds read it (``refcheck.repos.<name>.inventory``) to check links, anchors
and ids without a checkout, and to turn id mentions into links. The format is
versioned and described by ``schemas/workplans-inventory.schema.json``; output is
sorted and byte-for-byte reproducible so that publishing it never shows spurious
changes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Any

from mkdocs_workplans import __version__
from mkdocs_workplans.index import IdTarget, task_anchor
from mkdocs_workplans.site import Site

FILENAME = "workplans-inventory.json"
VERSION = 1


def inventory_text(site: Site, page_url: Callable[[str], str]) -> Iterator[str]:
    """The file's text, an entry at a time; ``page_url`` maps a page's ``src_uri`` to its URL (as ``File.url``).

    A site of 60,000 tasks has as many entries: made one by one, in order, they are never all held
    at once, as a build ends with every page's HTML in memory. The text is what ``json.dumps`` makes
    of the whole inventory with :data:`_FORMAT` (a test holds this).
    """
    head = {
        "version": VERSION,
        "generator": {"name": "mkdocs-workplans", "version": __version__},
        "site_url": site.settings.site_url,
    }
    yield json.dumps(head, **_FORMAT)[: -len("\n}")] + ",\n"
    pages = sorted((document.path, page_url(src_uri), src_uri) for src_uri, document in site.pages.items())
    yield from _section("pages", (_page(site, src_uri, url) for _path, url, src_uri in pages), last=False)
    ids = sorted(ident for ident, target in site.ids.items() if target.src_uri is not None)
    for kind, name in (("workplan", "workplans"), ("task", "tasks")):
        entries = (_id_entry(ident, site.ids[ident], page_url) for ident in ids if site.ids[ident].kind == kind)
        yield from _section(name, entries, last=kind == "task")
    yield "}\n"


def _section(name: str, entries: Iterator[dict[str, Any]], last: bool) -> Iterator[str]:
    """A top-level list of the file, as two-space indented JSON nests it."""
    yield f'  "{name}": ['
    separator = "\n"
    for entry in entries:
        yield separator + "    " + entry_json(entry, "    ")
        separator = ",\n"
    yield ("]" if separator == "\n" else "\n  ]") + ("\n" if last else ",\n")


def _page(site: Site, src_uri: str, url: str) -> dict[str, Any]:
    document = site.pages[src_uri]
    rendered = site.rendered or {}
    if src_uri in rendered:  # the task cards, with their ids, are in the rendered page
        anchors = set(rendered[src_uri])
    else:
        anchors = set(document.anchors)
        anchors.update(task_anchor(task.task_id) for task in document.tasks if task.task_id and task.block is not None)
    return {
        "path": document.path,
        "url": url,
        "title": document.title,
        "kind": document.kind,
        "anchors": sorted(anchors),
    }


def _id_entry(ident: str, target: IdTarget, page_url: Callable[[str], str]) -> dict[str, Any]:
    assert target.src_uri is not None, "only ids of this site's pages are listed"
    if target.kind == "workplan":
        return {
            "id": ident,
            "title": target.title,
            "status": target.status,
            "url": page_url(target.src_uri),
            "path": target.path,
            "state_hub_id": target.statehub_id,
        }
    return {
        "id": ident,
        "workplan": target.workplan,
        "title": target.title,
        "status": target.status,
        "url": page_url(target.src_uri),
        "anchor": target.anchor,
        "state_hub_id": target.statehub_id,
    }


#: The file's form: fixed key order, two-space indent, UTF-8 (and a trailing newline).
_FORMAT: dict[str, Any] = {"indent": 2, "ensure_ascii": False}

_string = json.JSONEncoder(ensure_ascii=False).encode


def entry_json(entry: Mapping[str, str | int | list[str] | None], margin: str = "") -> str:
    """``json.dumps(entry, **_FORMAT)``, each line after the first indented by ``margin``.

    Written out here because ``json`` encodes with an indent in pure Python, a few times slower than
    its C encoder, which this uses for each string; the inventory has an entry per page and per id
    (a test holds the two equal).
    """
    if not entry:
        return "{}"
    inner = margin + "  "
    fields = []
    for key, value in entry.items():
        if isinstance(value, list):
            items = f",\n{inner}  ".join(_string(item) for item in value)
            text = f"[\n{inner}  {items}\n{inner}]" if value else "[]"
        elif value is None:
            text = "null"
        elif isinstance(value, bool):
            text = "true" if value else "false"
        elif isinstance(value, int):
            text = int.__repr__(value)
        else:
            text = _string(value)
        fields.append(f"{inner}{_string(key)}: {text}")
    return "{\n" + ",\n".join(fields) + f"\n{margin}}}"


def write_inventory(site: Site, page_url: Callable[[str], str], path: Path) -> None:
    """:func:`inventory_text` into ``path``."""
    with path.open("w", encoding="utf-8") as stream:
        stream.writelines(inventory_text(site, page_url))
