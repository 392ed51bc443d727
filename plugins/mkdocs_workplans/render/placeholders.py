"""Markers that stand in the Markdown for HTML filled in after rendering.

Python-Markdown parses every tag of raw HTML it is given and stashes every inline
tag, and extensions may touch either; a marker passes through untouched and almost
for free. So task cards and index tables go into the Markdown as block markers
(``<!-- workplans:KIND:N -->``, an HTML comment on its own), id links as inline
markers (private-use characters around a number, plain text to Markdown), and the
HTML is put in place once the page is rendered: the cards in ``on_page_content``, the
id links and index tables in ``on_page_context``, once the whole site is analysed.
This keeps rendering cheap on sites with thousands of tasks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence

_BLOCK_RE = re.compile(r"<!-- workplans:(?P<kind>[a-z]+):(?P<number>\d+) -->")
_INLINE_OPEN, _INLINE_CLOSE = "\ue000", "\ue001"
_INLINE_RE = re.compile(f"{_INLINE_OPEN}(\\d+){_INLINE_CLOSE}")


def block_marker(kind: str, number: int) -> str:
    return f"<!-- workplans:{kind}:{number} -->"


def inline_marker(number: int) -> str:
    return f"{_INLINE_OPEN}{number}{_INLINE_CLOSE}"


def find_blocks(html: str, kind: str) -> Iterator[tuple[int, int, int]]:
    """``(start, end, number)`` of each block marker of ``kind``, in order."""
    if "<!-- workplans:" not in html:
        return
    for match in _BLOCK_RE.finditer(html):
        if match.group("kind") == kind:
            yield match.start(), match.end(), int(match.group("number"))


def fill_blocks(html: str, kind: str, fragments: Sequence[str]) -> str:
    """Replace the block markers of ``kind`` by their fragments."""
    pieces: list[str] = []
    cursor = 0
    for start, end, number in find_blocks(html, kind):
        if number < len(fragments):
            pieces += [html[cursor:start], fragments[number]]
            cursor = end
    pieces.append(html[cursor:])
    return "".join(pieces)


_PARKED_END = "<!-- /workplans -->"
_PARKED_RE = re.compile(
    r"<!-- workplans:(?P<kind>[a-z]+):(?P<number>\d+) -->(?P<text>.*?)" + re.escape(_PARKED_END), re.S
)


def park_inline(html: str, kind: str, texts: Sequence[str]) -> str:
    """Inline markers as ``<!-- workplans:KIND:N -->`` + ``texts[N]`` + ``<!-- /workplans -->``.

    HTML with no character beyond Latin-1 is stored in one byte per character, and a build keeps
    every page's HTML until it ends; and plugins that read a page's HTML before :func:`fill_parked`
    (an excerpt, a feed) see ``texts[N]``, the marker's text, rather than nothing.
    """
    if _INLINE_OPEN not in html:
        return html

    def replace(match: re.Match[str]) -> str:
        number = int(match.group(1))
        if number >= len(texts):
            return match.group()
        return f"{block_marker(kind, number)}{texts[number]}{_PARKED_END}"

    return _INLINE_RE.sub(replace, html)


def fill_parked(html: str, kind: str, fragments: Sequence[str]) -> str:
    """Replace what :func:`park_inline` parked, its text included, by the fragments."""
    if "<!-- workplans:" not in html:
        return html

    def replace(match: re.Match[str]) -> str:
        number = int(match.group("number"))
        if match.group("kind") != kind or number >= len(fragments):
            return match.group()
        return fragments[number]

    return _PARKED_RE.sub(replace, html)


def fill_inline(html: str, fragments: Sequence[str]) -> str:
    """Replace inline markers by their fragments."""
    if _INLINE_OPEN not in html:
        return html

    def replace(match: re.Match[str]) -> str:
        number = int(match.group(1))
        return fragments[number] if number < len(fragments) else match.group()

    return _INLINE_RE.sub(replace, html)
