"""MkDocs hook: the reading order of the automatic navigation.

``nav`` stays unset in ``mkdocs.yml``, so that pages the ``workplans`` plugin generates (the
demo's indexes) and files brought in with ``include`` appear without being listed, whether or
not they exist in a given build. MkDocs then orders pages alphabetically by file name; this
hook only reorders what is there: the paths in ``ORDER`` come first, in that order, and every
other page or section keeps its automatic place after them. Nothing is added or removed.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Sequence

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure import StructureItem
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page

#: Pages by ``src_uri``, sections by their directory with a trailing ``/``.
ORDER = (
    "index.md",
    "guide/",
    "guide/index.md",
    "guide/installing.md",
    "guide/configuring.md",
    "guide/writing.md",
    "guide/check.md",
    "guide/ci.md",
    "guide/engines.md",
    "guide/suppression.md",
    "guide/dates.md",
    "guide/references.md",
    "reference/",
    "reference/configuration.md",
    "reference/rules.md",
    "reference/security.md",
    "demo/",
    "demo/index.md",
    "demo/SCOPE.md",
    "demo/workplans/",
    "demo/tasks/",
    "demo/runbooks/",
)
_RANK = {path: rank for rank, path in enumerate(ORDER)}

#: Section titles that differ from the folder name MkDocs derives them from.
TITLES = {"guide/": "User guide"}


def _pages(items: Sequence[StructureItem]) -> Iterator[Page]:
    for item in items:
        if isinstance(item, Page):
            yield item
        elif isinstance(item, Section):
            yield from _pages(item.children)


def _path(item: object) -> str | None:
    """A page's ``src_uri``; a section's folder with a trailing ``/``."""
    if isinstance(item, Page):
        return item.file.src_uri
    if isinstance(item, Section):
        folders = [posixpath.dirname(page.file.src_uri) for page in _pages(item.children)]
        if folders:
            return posixpath.commonpath(folders) + "/"
    return None


def _sort(items: list[StructureItem]) -> None:
    items.sort(key=lambda item: _RANK.get(_path(item) or "", len(ORDER)))  # stable: the rest keep their order
    for item in items:
        if isinstance(item, Section):
            item.title = TITLES.get(_path(item) or "", item.title)
            _sort(item.children)


def on_nav(nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
    _sort(nav.items)
    nav.pages = list(_pages(nav.items))
    for number, page in enumerate(nav.pages):
        page.previous_page = nav.pages[number - 1] if number else None
        page.next_page = nav.pages[number + 1] if number + 1 < len(nav.pages) else None
    return nav
