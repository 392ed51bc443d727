"""The ids MkDocs gives headings, computed from source without rendering.

Python-Markdown's ``toc`` extension slugifies the heading's visible text with the
configured ``slugify`` and makes it unique with ``_1``, ``_2`` suffixes; ids set with
``attr_list`` are kept and reserved first. This module reproduces that so link
anchors can be checked by ``workplans check`` exactly as the build would see them.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown.extensions.toc import slugify as default_slugify
from markdown.extensions.toc import unique
from markdown_it import MarkdownIt

Slugify = Callable[[str, str], str]

_ATTR_LIST_RE = re.compile(r"\s*\{:?\s*([^{}]*)\}\s*$")
_ATTR_ID_RE = re.compile(r"(?:^|\s)#([^\s}]+)")
_TEXT_TOKENS = frozenset({"text", "code_inline"})

_INLINE = MarkdownIt("commonmark", {"html": True})

__all__ = ["block_attr_id", "default_slugify", "split_attr_list", "unique", "visible_text"]


def split_attr_list(source: str) -> tuple[str, str | None]:
    """Remove a trailing ``{#id .class}`` from heading source; return it and the id."""
    match = _ATTR_LIST_RE.search(source)
    if not match:
        return source, None
    found = _ATTR_ID_RE.search(match.group(1))
    return source[: match.start()], found.group(1) if found else None


def block_attr_id(line: str) -> str | None:
    """The id of a paragraph's last line when that line is only an attribute list (``{: #id }``)."""
    stripped, found = split_attr_list(line)
    return found if not stripped.strip() else None


def visible_text(source: str) -> str:
    """The heading text a reader sees: markup and raw HTML tags removed, entities decoded."""
    if not any(ch in source for ch in "`*_[<&\\!"):
        return source.strip()
    parts: list[str] = []
    for token in _INLINE.parseInline(source)[0].children or ():
        if token.type in _TEXT_TOKENS:
            parts.append(token.content)
        elif token.type == "softbreak":
            parts.append(" ")
    return "".join(parts).strip()
