"""Escaping for the values authors and sibling sites control.

Titles, owners, statuses and State Hub ids end up inside HTML that MkDocs and the
themes pass through verbatim, so every one of them is escaped here, and URLs are
only emitted when their scheme cannot run script. Control and bidi-formatting
characters (U+202E and its kin) are shown as escapes rather than reordering what the
reader sees (see :mod:`mkdocs_workplans.controls`).
"""

from __future__ import annotations

import html
import re
from urllib.parse import quote

from mkdocs_workplans.controls import printable

_SAFE_URL_RE = re.compile(r"https?://[^\s\"'<>`\\]+", re.IGNORECASE)
_MARKDOWN_SPECIALS_RE = re.compile(r"([\\`*_{}\[\]()#+!|~-])")


def esc(value: object) -> str:
    """Text for HTML content or a double-quoted attribute."""
    return html.escape(printable(str(value)), quote=True)


def safe_url(url: str | None) -> str | None:
    """``url`` if it is a plain http(s) URL; ``None`` for ``javascript:`` and the like."""
    if url is None or not _SAFE_URL_RE.fullmatch(url):
        return None
    return url


def fill_template(template: str | None, value: str | None) -> str | None:
    """A ``{id}`` URL template from ``mkdocs.yml`` with an author's value quoted into it."""
    if not template or not value:
        return None
    return safe_url(template.replace("{id}", quote(value, safe="")))


def markdown_text(value: str) -> str:
    """Text safe in a Markdown heading: HTML escaped and Markdown punctuation backslashed."""
    return _MARKDOWN_SPECIALS_RE.sub(r"\\\1", esc(value))


def label(status: str) -> str:
    """How a status reads: ``in_progress`` becomes ``in progress``."""
    return status.replace("_", " ")
