"""The ids MkDocs gives headings and attribute lists, computed from source without rendering.

Python-Markdown's ``toc`` extension slugifies the heading's visible text with the
configured ``slugify`` and makes it unique with ``_1``, ``_2`` suffixes; ids set with
``attr_list`` are kept and reserved first. This module reproduces that so link
anchors can be checked by ``workplans check`` exactly as the build would see them.

Attribute lists are read with one grammar, Python-Markdown's (``{: #id .class key=value }``,
colon optional, quoted values), in the three places its ``attr_list`` extension looks: at the
end of a heading, on the last line of a block, and right after an inline element. Everything
here is a single forward scan: page text is untrusted and must not make a regex backtrack.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown.extensions.toc import slugify as default_slugify
from markdown_it import MarkdownIt

Slugify = Callable[[str, str], str]

_TEXT_TOKENS = frozenset({"text", "code_inline"})
_INLINE = MarkdownIt("commonmark", {"html": True})
#: ``toc``'s ``IDCOUNT_RE``, without its backtracking: the trailing digits are found by hand.
_STOP = " =}"

__all__ = [
    "Uniquifier",
    "attr_id",
    "block_attr_list",
    "default_slugify",
    "fence_attr_id",
    "inline_attr_id",
    "inline_attr_list",
    "split_attr_list",
    "visible_text",
]


def attr_id(text: str, start: int = 0, end: int | None = None, *, inline: bool = False) -> tuple[str | None, bool]:
    """The id an attribute list's inside ``text[start:end]`` assigns, and whether a stray ``}`` was left over.

    The inside starts after ``{`` (and the optional ``:``). The tokens are those of
    ``attr_list``'s scanner, tried in its order: ``key="v"``, ``key='v'``, ``key=v``,
    a bare word (``#id``, ``.class``, ``flag``), a space; scanning stops at the first
    character none of them matches. The last ``id`` wins, as with ``Element.set``.
    ``inline`` lists also stop at ``{``, so that a line of many candidates is read once.
    """
    stop = _STOP + "{" if inline else _STOP
    found: str | None = None
    index, size = start, len(text) if end is None else end
    no_quote_after = {'"': size + 1, "'": size + 1}  # a failed find answers every later one
    while index < size:
        if text[index] == " ":
            index += 1
            continue
        key_end = index
        while key_end < size and text[key_end] not in stop:
            key_end += 1
        if key_end == index:
            break
        key = text[index:key_end]
        if key_end < size and text[key_end] == "=":
            quote = text[key_end + 1] if key_end + 1 < size else ""
            if quote in no_quote_after:
                close = -1 if key_end + 2 >= no_quote_after[quote] else text.find(quote, key_end + 2, size)
                if close >= 0:
                    found = text[key_end + 2 : close] if key == "id" else found
                    index = close + 1
                    continue
                no_quote_after[quote] = min(no_quote_after[quote], key_end + 2)
            value_end = key_end + 1
            while value_end < size and text[value_end] not in stop:
                value_end += 1
            if value_end > key_end + 1:
                found = text[key_end + 1 : value_end] if key == "id" else found
                index = value_end
                continue
        if key.startswith("#"):
            found = key[1:]
        index = key_end
    return found, "}" in text[index:size]


def _inner_start(text: str, brace: int) -> int:
    """Where the inside of the attribute list opened at ``brace`` starts, or -1 if it cannot.

    ``\\{\\:?[ ]*`` then a character that is neither ``}`` nor a space, nor the end.
    """
    index = brace + 1
    if index < len(text) and text[index] == ":":
        index += 1
    while index < len(text) and text[index] == " ":
        index += 1
    return index if index < len(text) and text[index] not in "}\n" else -1


def split_attr_list(source: str) -> tuple[str, str | None]:
    """Remove a trailing ``{#id .class}`` from heading source; return the rest and the id.

    ``attr_list``'s ``HEADER_RE``: spaces, then ``{...}`` reaching to the last ``}`` of the
    line, followed by spaces only; the leftmost such list wins. A list that leaves a stray
    ``}`` is not applied (strict), and the heading keeps its text.
    """
    trimmed = source.rstrip(" ")
    if not trimmed.endswith("}"):
        return source, None
    last = len(trimmed) - 1
    brace = trimmed.find(" {")
    while 0 <= brace < last:
        inner = _inner_start(trimmed, brace + 1)
        if 0 <= inner <= last and "\n" not in trimmed[inner:last]:
            found, stray = attr_id(trimmed, inner, last)
            if stray:
                return source, None
            start = brace
            while start > 0 and trimmed[start - 1] == " ":
                start -= 1
            return trimmed[:start].rstrip("#").rstrip(), found
        brace = trimmed.find(" {", brace + 2)
    return source, None


def block_attr_list(line: str) -> tuple[bool, str | None]:
    """Whether a block's last line (not its first) is only an attribute list (``{: #id }``), and the id it gives.

    The line then leaves the rendered text for the block's attributes.
    """
    stripped = line.strip(" ")
    if not stripped.startswith("{") or not stripped.endswith("}") or len(stripped) < 3:
        return False, None
    inner = _inner_start(stripped, 0)
    if inner < 0 or inner >= len(stripped) - 1:
        return False, None
    found, stray = attr_id(stripped, inner, len(stripped) - 1)
    return (False, None) if stray else (True, found)


def inline_attr_list(text: str, pos: int, last_brace: int) -> bool:
    """Whether ``text[pos:last_brace + 1]`` is an attribute list for the inline element just before it.

    ``INLINE_RE``: ``{...}`` up to the last ``}`` of the line (``last_brace``); not strict,
    a stray ``}`` is put back as text but the attributes still apply.
    """
    if not text.startswith("{", pos) or last_brace <= pos:
        return False
    inner = _inner_start(text, pos)
    return 0 <= inner < last_brace


def inline_attr_id(text: str, pos: int, last_brace: int) -> str | None:
    """The id an attribute list at ``text[pos]`` gives the inline element before it (:func:`inline_attr_list`)."""
    if not inline_attr_list(text, pos, last_brace):
        return None
    return attr_id(text, _inner_start(text, pos), last_brace, inline=True)[0]


def fence_attr_id(info: str) -> str | None:
    """The id of a fenced block written ```` ``` { .lang #id } ```` (fenced_code, superfences)."""
    opening = info.find("{")
    closing = info.rfind("}")
    if opening < 0 or closing < opening:
        return None
    inner = _inner_start(info, opening)
    return attr_id(info, inner, closing)[0] if 0 <= inner < closing else None


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


class Uniquifier:
    """``toc``'s ``unique(id, ids)``, with the same results in linear time.

    ``unique`` tries ``id``, then ``id_1``, ``id_2``… (or counts up an ``id`` that already
    ends in ``_<digits>``) until one is free. Ids are only ever added, so a candidate once
    taken stays taken: each starting id remembers how far its count got, and the next
    heading with the same text starts there instead of at 1.
    """

    __slots__ = ("_next", "used")

    def __init__(self, used: set[str]) -> None:
        self.used = used
        self._next: dict[str, tuple[str, int, str]] = {}

    def __call__(self, wanted: str) -> str:
        resume = self._next.get(wanted)
        if resume is None:
            base, count = _count_of(wanted)
            candidate = wanted
        else:
            base, count, candidate = resume
        while candidate in self.used or not candidate:
            count += 1
            candidate = f"{base}_{count}"
        self._next[wanted] = (base, count, candidate)
        self.used.add(candidate)
        return candidate


_DIGITS = re.compile(r"[0-9]+\Z")


def _count_of(wanted: str) -> tuple[str, int]:
    """``("a", 2)`` for ``a_2``: the stem and the count ``unique`` would increment; else ``(wanted, 0)``."""
    underscore = wanted.rfind("_")
    if underscore >= 0 and _DIGITS.match(wanted, underscore + 1):
        return wanted[:underscore], int(wanted[underscore + 1 :])
    return wanted, 0
