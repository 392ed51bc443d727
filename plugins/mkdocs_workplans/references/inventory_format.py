"""A sibling's ``workplans-inventory.json``, checked value by value before anything uses it.

The file comes from another repository's build, fetched over the network or read from
disk: its values end up in this site's HTML (link targets, titles, statuses) and in
its findings. Every value is checked here against ``schemas/workplans-inventory.schema.json``
(types, enumerations) and against what the schema cannot say: lengths,
no control characters, URLs that are ``http(s)`` (``site_url``) or relative and plain
(page URLs, anchors), paths that stay inside the sibling. A file that fails any check
is not an inventory: the sibling cannot be verified (XR004), in the build as in
``workplans check``. Keys that only describe (``generator``, ``title``, ``kind``) may be
left out, as they always could; a key that is there must hold a value of its type.

Why a hand-written reader rather than ``jsonschema``: it would add four runtime
dependencies (one compiled) to check one small schema, and the checks the schema
cannot express would still be code here. ``tests/test_untrusted_input.py`` checks that
every inventory this accepts is valid under the published schema, so the two cannot
drift apart.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from mkdocs_workplans.references.repo import normalise

#: Longest title, id, status or path kept from an inventory; longer values refuse the file.
MAX_TEXT = 1024
MAX_URL = 2048
#: Items per list (pages, workplans, tasks, anchors of a page).
MAX_ITEMS = 200_000

_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: An absolute http(s) URL made of URL characters only (RFC 3986, without parentheses and quotes).
_SITE_URL_RE = re.compile(r"https?://[A-Za-z0-9._~!$&*+,;=:@%/?#\[\]-]+", re.IGNORECASE)
#: A relative URL as MkDocs writes ``File.url``: percent-encoded path characters, no scheme, not ``//host``.
_PAGE_URL_RE = re.compile(r"(?![A-Za-z][A-Za-z0-9+.-]*:)(?!/)[A-Za-z0-9._~!$&*+,;=:@%/-]*")
#: An id attribute's value as a fragment: no whitespace, quotes, angle brackets or parentheses.
_ANCHOR_RE = re.compile(r"[^\s\"'<>`\\()\x00-\x1f\x7f-\x9f]{1,1024}")


class InventoryError(ValueError):
    """The file is not a workplans inventory; the message names the first bad value."""


@dataclass(frozen=True, slots=True)
class PageEntry:
    path: str
    url: str
    anchors: frozenset[str]


@dataclass(frozen=True, slots=True)
class IdEntry:
    ident: str
    kind: str
    """``workplan`` or ``task``."""
    path: str
    url: str
    title: str | None
    status: str | None
    state_hub_id: str | None
    workplan: str | None
    anchor: str | None


@dataclass(frozen=True, slots=True)
class Inventory:
    site_url: str | None
    pages: list[PageEntry]
    ids: list[IdEntry]


def _object(value: object, where: str, required: tuple[str, ...]) -> Mapping[str, Any]:
    if not isinstance(value, dict):
        raise InventoryError(f"{where}: expected an object")
    missing = [key for key in required if key not in value]
    if missing:
        raise InventoryError(f"{where}: '{missing[0]}' is missing")
    return value


def _list(value: object, where: str) -> list[Any]:
    if not isinstance(value, list):
        raise InventoryError(f"{where}: expected a list")
    if len(value) > MAX_ITEMS:
        raise InventoryError(f"{where}: more than {MAX_ITEMS} items")
    return value


def _text(value: object, where: str, *, nullable: bool = False, empty: bool = True, limit: int = MAX_TEXT) -> Any:
    """A string (or ``None`` if ``nullable``) of at most ``limit`` characters, without control characters."""
    if value is None and nullable:
        return None
    if not isinstance(value, str):
        raise InventoryError(f"{where}: expected a string{' or null' if nullable else ''}")
    if len(value) > limit or (not value and not empty):
        raise InventoryError(f"{where}: {'empty' if not value else f'longer than {limit} characters'}")
    if _CONTROL_RE.search(value):
        raise InventoryError(f"{where}: control characters are not allowed")
    return value


def _matching(pattern: re.Pattern[str], value: object, where: str, what: str) -> str:
    text: str = _text(value, where, limit=MAX_URL)
    if not pattern.fullmatch(text):
        raise InventoryError(f"{where}: not {what}")
    return text


def _path(value: object, where: str) -> str:
    text: str = _text(value, where, empty=False)
    if normalise(text) != text:
        raise InventoryError(f"{where}: not a relative path inside the repository")
    return text


def _page_url(value: object, where: str) -> str:
    return _matching(_PAGE_URL_RE, value, where, "a relative URL")


def safe_site_url(url: str) -> bool:
    """Whether ``url`` is an absolute http(s) URL of URL characters only (no script, no markup)."""
    return len(url) <= MAX_URL and _SITE_URL_RE.fullmatch(url) is not None


def parse_inventory(data: object) -> Inventory:
    """The inventory ``data`` (parsed JSON) describes; raises :class:`InventoryError` at the first bad value."""
    top = _object(data, "inventory", ("version",))
    if top["version"] != 1 or type(top["version"]) is not int:
        raise InventoryError('expected "version": 1')
    if "generator" in top:
        generator = _object(top["generator"], "generator", ("name", "version"))
        if generator["name"] != "mkdocs-workplans":
            raise InventoryError("generator.name: expected 'mkdocs-workplans'")
        _text(generator["version"], "generator.version")
    site_url = top.get("site_url")
    if site_url is not None:
        site_url = _matching(_SITE_URL_RE, site_url, "site_url", "an http(s) URL")
    pages = []
    for number, item in enumerate(_list(top.get("pages", []), "pages")):
        where = f"pages[{number}]"
        page = _object(item, where, ("path", "url"))
        if page.get("kind", "page") not in ("page", "workplan", "runbook"):
            raise InventoryError(f"{where}.kind: expected page, workplan or runbook")
        _text(page.get("title"), f"{where}.title", nullable=True)
        listed = _list(page.get("anchors", []), f"{where}.anchors")
        anchors = frozenset(
            _matching(_ANCHOR_RE, anchor, f"{where}.anchors[{index}]", "an anchor")
            for index, anchor in enumerate(listed)
        )
        if len(anchors) != len(listed):
            raise InventoryError(f"{where}.anchors: listed twice")
        pages.append(PageEntry(_path(page["path"], f"{where}.path"), _page_url(page["url"], f"{where}.url"), anchors))
    ids = []
    for kind, key in (("workplan", "workplans"), ("task", "tasks")):
        for number, item in enumerate(_list(top.get(key, []), key)):
            where = f"{key}[{number}]"
            entry = _object(item, where, ("id",))
            ids.append(
                IdEntry(
                    ident=_text(entry["id"], f"{where}.id", empty=False, limit=200),
                    kind=kind,
                    path=_path(entry["path"], f"{where}.path") if "path" in entry else "",
                    url=_page_url(entry.get("url", ""), f"{where}.url"),
                    title=_text(entry.get("title"), f"{where}.title", nullable=True),
                    status=_text(entry.get("status"), f"{where}.status", nullable=True, limit=200),
                    state_hub_id=_text(entry.get("state_hub_id"), f"{where}.state_hub_id", nullable=True, limit=200),
                    workplan=_text(entry.get("workplan"), f"{where}.workplan", nullable=True, limit=200),
                    anchor=_matching(_ANCHOR_RE, entry["anchor"], f"{where}.anchor", "an anchor")
                    if kind == "task" and "anchor" in entry
                    else None,
                )
            )
    return Inventory(site_url, pages, ids)
