"""Applying link rewrites to the Markdown MkDocs is about to render.

Positions come from the document model (see :mod:`mkdocs_workplans.model.offsets`
for the line offset). Rewrites never add or remove lines, so later plugins can still rely on the
model's line numbers.
"""

from __future__ import annotations

from collections.abc import Sequence

from mkdocs_workplans.model.document import Document, Link
from mkdocs_workplans.model.offsets import lines_stripped
from mkdocs_workplans.references.context import RefContext
from mkdocs_workplans.references.links import rewrites


def rewrite_links(markdown: str, document: Document, refs: RefContext) -> str:
    """The page's Markdown with the links readers would find broken rewritten (into siblings, to
    ``source_url``); the ``refcheck`` plugin and the Markdown extension both call this."""
    return apply_rewrites(markdown, line_offset(document, markdown), rewrites(refs, document))


def line_offset(document: Document, markdown: str) -> int:
    """How many leading lines of the file MkDocs stripped (front matter and blank lines)."""
    return max(lines_stripped(document, markdown), 0)


def apply_rewrites(markdown: str, offset: int, rewrites: Sequence[tuple[Link, str]]) -> str:
    """Replace each link's target, searching from the link's own position."""
    if not rewrites:
        return markdown
    starts = [0]
    starts.extend(index + 1 for index, char in enumerate(markdown) if char == "\n")
    pieces: list[str] = []
    cursor = 0
    for link, new_target in sorted(rewrites, key=lambda item: (item[0].line, item[0].column)):
        line = link.line - 1 - offset
        if not 0 <= line < len(starts):
            continue
        begin = max(starts[line] + link.column - 1, cursor)
        found = markdown.find(link.target, begin)
        if found < 0:
            continue
        pieces.append(markdown[cursor:found])
        pieces.append(new_target)
        cursor = found + len(link.target)
    pieces.append(markdown[cursor:])
    return "".join(pieces)
