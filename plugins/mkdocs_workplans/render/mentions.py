"""ID mentions in prose and code spans become links.

Each mention is replaced by an inline marker (see :mod:`.placeholders`) and noted as a
:class:`.links.PendingLink`: once the page is rendered and every id of the site is known,
the marker becomes a link, or the id as it was written when it leads nowhere.

The model says where each mention was written. Another plugin may have edited the
line since (rewriting a sibling link, say), so a mention is found again by its rank
among the same id's occurrences on that line rather than trusted by column.
Mentions in headings, in link text, in attribute lists and in fenced code are left alone, as are ids
that sit inside a URL, an HTML tag or the text of a reference-style link, where a
link would break the markup.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable

from mkdocs_workplans.model.document import Mention
from mkdocs_workplans.model.inline import TAG_RE
from mkdocs_workplans.render.links import PendingLink
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


def _edit(line: str, protected: list[tuple[int, int]], start: int, mention: Mention) -> tuple[int, int] | None:
    """The stretch of ``line`` the mention's marker replaces: the id, or its whole code span."""
    end = start + len(mention.ident)
    if mention.in_code:
        return _code_span(line, start, end)
    if any(a <= start < b for a, b in protected) or _in_link_text(line, start, end):
        return None
    return start, end


def link_mentions(
    lines: list[str],
    originals: list[str],
    index_of: Callable[[int], int | None],
    mentions: list[Mention],
    pending: list[PendingLink],
) -> None:
    """Put markers into ``lines`` (the page's Markdown) in place, the ids they stand for into ``pending``.

    ``index_of`` maps a line of the file to an index into ``lines`` and into ``originals``,
    the lines as the engine read them.
    """
    by_line: dict[int, list[Mention]] = defaultdict(list)
    for mention in mentions:
        if not (mention.in_heading or mention.in_markup):
            by_line[mention.line].append(mention)
    for number, found in by_line.items():
        index = index_of(number)
        if index is None:
            continue
        line = lines[index]
        protected = _protected(line)
        edits = []
        for mention in found:
            start = _locate(line, originals[index], mention)
            stretch = _edit(line, protected, start, mention) if start is not None else None
            if stretch:
                edits.append((*stretch, PendingLink(mention.ident, mention.in_code)))
        for start, end, link in sorted(edits, key=lambda edit: edit[0], reverse=True):
            line = line[:start] + inline_marker(len(pending)) + line[end:]
            pending.append(link)
        lines[index] = line
