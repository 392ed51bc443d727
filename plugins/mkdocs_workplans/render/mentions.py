"""ID mentions in prose and code spans become links.

Each mention is replaced by an inline marker (see :mod:`.placeholders`) and its link
HTML is collected, to be put in once the page is rendered.

The model says where each mention was written. Another plugin may have edited the
line since (rewriting a sibling link, say), so a mention is found again by its rank
among the same id's occurrences on that line rather than trusted by column.
Mentions in headings, in link text and in fenced code are left alone, as are ids
that sit inside a URL, an HTML tag or the text of a reference-style link, where a
link would break the markup.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from mkdocs_workplans.model.document import Mention
from mkdocs_workplans.model.inline import TAG_RE
from mkdocs_workplans.render.escape import esc
from mkdocs_workplans.render.links import Linker, ref_link
from mkdocs_workplans.render.placeholders import inline_marker

_URL_RE = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s<>]*")


def _occurrences(line: str, ident: str) -> list[int]:
    return [m.start() for m in re.finditer(rf"(?<![\w-]){re.escape(ident)}(?![\w-])", line)]


def _locate(current: str, original: str, mention: Mention) -> int | None:
    """Offset of ``mention`` in ``current``, the possibly edited form of ``original``."""
    column = mention.column - 1
    if current == original:
        return column if current.startswith(mention.ident, column) else None
    rank = sum(1 for start in _occurrences(original, mention.ident) if start < column)
    found = _occurrences(current, mention.ident)
    return found[rank] if rank < len(found) else None


def _protected(line: str) -> list[tuple[int, int]]:
    """Stretches of ``line`` where an id must stay as it is: URLs and HTML tags."""
    return [m.span() for m in _URL_RE.finditer(line)] + [m.span() for m in TAG_RE.finditer(line)]


def _in_link_text(line: str, start: int, end: int) -> bool:
    """Whether ``line[start:end]`` sits in ``[...]`` followed by ``(`` or ``[``: a link's text."""
    opening = line.rfind("[", 0, start)
    if opening < 0 or "]" in line[opening:start]:
        return False
    closing = line.find("]", end)
    return closing >= 0 and line[closing + 1 : closing + 2] in ("(", "[")


def _code_span(line: str, start: int, end: int) -> tuple[int, int] | None:
    """Bounds of the code span that holds exactly ``line[start:end]``, backticks included."""
    left, right = start, end
    if left > 1 and line[left - 1] == " " and line[left - 2] == "`" and right < len(line) and line[right] == " ":
        left, right = left - 1, right + 1
    width = 0
    while left - width > 0 and line[left - width - 1] == "`":
        width += 1
    if not width or line[right : right + width] != "`" * width or line[right + width : right + width + 1] == "`":
        return None
    return left - width, right + width


def _edit(
    line: str, protected: list[tuple[int, int]], start: int, mention: Mention, href: str, linker: Linker
) -> tuple[int, int, str] | None:
    end = start + len(mention.ident)
    target = linker.target(mention.ident)
    assert target is not None
    if mention.in_code:
        span = _code_span(line, start, end)
        if span is None:
            return None
        return span[0], span[1], ref_link(target, href, f"<code>{esc(mention.ident)}</code>")
    if any(a <= start < b for a, b in protected) or _in_link_text(line, start, end):
        return None
    return start, end, ref_link(target, href, esc(mention.ident))


def link_mentions(
    lines: list[str],
    originals: list[str],
    index_of: Callable[[int], int | None],
    mentions: list[Mention],
    linker: Linker,
    links: list[str],
) -> None:
    """Put markers into ``lines`` (the page's Markdown) in place, their HTML into ``links``.

    ``index_of`` maps a line of the file to an index into ``lines`` and into ``originals``,
    the lines as the engine read them.
    """
    by_line: dict[int, list[tuple[Mention, str]]] = defaultdict(list)
    for mention in mentions:
        if mention.in_heading or mention.in_link:
            continue
        target = linker.target(mention.ident)
        href = linker.href(target) if target else None
        if href:
            by_line[mention.line].append((mention, href))
    for number, found in by_line.items():
        index = index_of(number)
        if index is None:
            continue
        line = lines[index]
        protected = _protected(line)
        edits = []
        for mention, href in found:
            start = _locate(line, originals[index], mention)
            edit = _edit(line, protected, start, mention, href, linker) if start is not None else None
            if edit:
                edits.append(edit)
        for start, end, replacement in sorted(edits, reverse=True):
            line = line[:start] + inline_marker(len(links)) + line[end:]
            links.append(replacement)
        lines[index] = line
