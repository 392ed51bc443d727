"""Which external URLs the site links to, and from where.

Each URL is requested once however many pages use it, but reported at every place
that uses it, because each of those lines is what an author has to fix.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from mkdocs_workplans.model.document import Document

SCHEME_RE = re.compile(r"https?://", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Use:
    path: str
    line: int
    column: int


def request_url(target: str) -> str:
    """The URL as it goes on the wire: the fragment is the browser's business, not the server's."""
    return target.split("#", 1)[0]


def collect(documents: Iterable[Document], skip: tuple[str, ...], ignore: Iterable[str]) -> dict[str, list[Use]]:
    """http(s) link targets of ``documents`` (in order of first use) with every place using them.

    URLs starting with one of ``skip`` are left out: those are a sibling's published
    site or forge, which refcheck already verifies from its checkout or inventory.
    URLs in which one of the ``ignore`` regular expressions is found are left out too.
    """
    patterns = [re.compile(pattern) for pattern in ignore]
    uses: dict[str, list[Use]] = {}
    for document in documents:
        for link in document.links:
            if not SCHEME_RE.match(link.target) or link.target.startswith(skip):
                continue
            url = request_url(link.target)
            if any(pattern.search(url) for pattern in patterns):
                continue
            uses.setdefault(url, []).append(Use(document.path, link.line, link.column))
    return uses
