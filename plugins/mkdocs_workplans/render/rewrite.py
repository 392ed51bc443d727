"""A page's Markdown with id links and task-card markers put in.

The model numbers lines in the whole file; MkDocs hands plugins the text after the
front matter (and after any blank lines that followed it). The difference in line
counts between the two is how many lines MkDocs took off the top, and every line is
compared with the text as MkDocs read it before it is replaced, so a page another plugin has
restructured is left as it is rather than garbled.
"""

from __future__ import annotations

from mkdocs_workplans.model.document import Document
from mkdocs_workplans.model.offsets import lines_stripped
from mkdocs_workplans.render.links import PendingLink
from mkdocs_workplans.render.mentions import link_mentions
from mkdocs_workplans.render.placeholders import block_marker

_FENCES = ("```", "~~~")


def rewrite(markdown: str, as_read: str, document: Document) -> tuple[str, list[PendingLink]]:
    """The Markdown with markers, and the id each inline marker stands for.

    ``markdown`` is the text as other plugins left it, ``as_read`` as MkDocs read it.
    """
    links: list[PendingLink] = []
    originals = as_read.split("\n")
    lines = markdown.split("\n")
    # Plugins that edit line by line (`"\n".join(markdown.splitlines())`, as mkdocs-static-i18n does on
    # every page) drop the final newlines, others add some: the lines before are still where they were.
    while originals and not originals[-1]:
        originals.pop()
    written = len(lines)
    while written and not lines[written - 1]:
        written -= 1
    offset = lines_stripped(document, as_read)
    if offset < 0 or written != len(originals):
        return markdown, links

    def index_of(number: int) -> int | None:
        index = number - 1 - offset
        return index if 0 <= index < len(originals) else None

    link_mentions(lines, originals, index_of, document.mentions, links)
    for number, task in enumerate(document.tasks):
        if task.block is None or task.fence_line is None or task.fence_end_line is None:
            continue
        first, last = index_of(task.fence_line), index_of(task.fence_end_line)
        if first is None or last is None or lines[first] != originals[first]:
            continue
        fence = lines[first]
        if len(fence) - len(fence.lstrip(" ")) > 3 or not fence.lstrip(" ").startswith(_FENCES):
            continue
        lines[first] = f"\n{block_marker('task', number)}\n"
        for index in range(first + 1, last + 1):
            lines[index] = ""
    return "\n".join(lines), links
