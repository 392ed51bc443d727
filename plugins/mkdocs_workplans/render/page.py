"""A whole page for readers: the two steps every engine runs, before and after Markdown.

The ``workplans`` MkDocs plugin (``on_page_markdown`` / ``on_page_content``) and the
Python-Markdown extension (:mod:`mkdocs_workplans.markdown`, a preprocessor and a
postprocessor) both call exactly these two functions, so a page comes out the same
whichever engine builds it.
"""

from __future__ import annotations

from mkdocs_workplans.model.document import Document
from mkdocs_workplans.render import cards, header, placeholders
from mkdocs_workplans.render.links import Linker
from mkdocs_workplans.render.rewrite import rewrite
from mkdocs_workplans.settings import Settings


def before_markdown(markdown: str, as_read: str, document: Document, linker: Linker) -> tuple[str, list[str]]:
    """The Markdown with markers for task cards and id links, and the HTML of each id link.

    ``markdown`` is the text as other plugins or extensions left it, ``as_read`` as the
    engine read it (both after the front matter).
    """
    return rewrite(markdown, as_read, document, linker)


def after_markdown(
    html: str,
    document: Document,
    settings: Settings,
    linker: Linker,
    links: list[str],
    hub_status: cards.HubStatus | None = None,
) -> str:
    """The rendered page with id links, task cards and the workplan or runbook header put in.

    ``hub_status`` gives State Hub's status of a task when the build read the export.
    """
    html = placeholders.fill_inline(html, links)
    if document.meta is None:
        return html
    if document.kind == "workplan":
        opening, body = header.workplan_header(document, settings)
        return header.wrap_title(cards.fill_cards(html, document, settings, hub_status), opening, body, document.title)
    if document.kind == "runbook":
        opening, body = header.runbook_header(document, settings, linker)
        return header.wrap_title(html, opening, body, document.title)
    return html
