"""A whole page for readers: the steps every engine runs, before and after Markdown.

The ``workplans`` MkDocs plugin (``on_page_markdown`` / ``on_page_content``, then
``on_page_context`` for the id links) and the Python-Markdown extension
(:mod:`mkdocs_workplans.markdown`, a preprocessor and a postprocessor) both call exactly
these functions, so a page comes out the same whichever engine builds it. The id links
come last (:func:`.links.fill_links`): the plugin renders a page before the rest of the
site is parsed, and only then knows where every id leads.
"""

from __future__ import annotations

from mkdocs_workplans.model.document import Document
from mkdocs_workplans.render import cards, header
from mkdocs_workplans.render.links import PendingLink
from mkdocs_workplans.render.rewrite import rewrite
from mkdocs_workplans.settings import Settings


def before_markdown(markdown: str, as_read: str, document: Document) -> tuple[str, list[PendingLink]]:
    """The Markdown with markers for task cards and id links, and the id behind each inline marker.

    ``markdown`` is the text as other plugins or extensions left it, ``as_read`` as the
    engine read it (both after the front matter).
    """
    return rewrite(markdown, as_read, document)


def after_markdown(
    html: str,
    document: Document,
    settings: Settings,
    pending: list[PendingLink],
    hub_status: cards.HubStatus | None = None,
) -> str:
    """The rendered page with task cards and the workplan or runbook header put in; the ids of a
    runbook's header are added to ``pending``, whose markers :func:`.links.fill_links` fills.

    ``hub_status`` gives State Hub's status of a task when the build read the export.
    """
    if document.meta is None:
        return html
    if document.kind == "workplan":
        opening, body = header.workplan_header(document, settings)
        return header.wrap_title(cards.fill_cards(html, document, settings, hub_status), opening, body, document.title)
    if document.kind == "runbook":
        opening, body = header.runbook_header(document, settings, pending)
        return header.wrap_title(html, opening, body, document.title)
    return html
