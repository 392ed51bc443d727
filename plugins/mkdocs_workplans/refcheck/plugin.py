"""The ``refcheck`` plugin: thin event glue around the shared gate."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from mkdocs_workplans.gate import GateEvents
from mkdocs_workplans.options.refcheck import RefcheckConfig
from mkdocs_workplans.refcheck.rewrite import apply_rewrites, line_offset


class RefcheckPlugin(GateEvents, BasePlugin[RefcheckConfig]):
    """Checks links, anchors, code-span paths, ids and sibling-repository references.

    For readers it rewrites links MkDocs alone would break: into sibling repositories
    (to their ``site_url`` page or ``source_url`` file), to repository files that are
    not pages (to ``source_url``), and between included root files and ``docs_dir``.
    """

    # Early: rewrites are placed by the source positions the parser recorded, so they
    # must see the Markdown before other plugins change it.
    @event_priority(50)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.gate is None:
            return markdown
        document = self.gate.document(page.file.src_uri)
        moves = self.gate.rewrites(page.file.src_uri) if document is not None else None
        if document is None or moves is None:
            return markdown
        return apply_rewrites(markdown, line_offset(document, markdown), moves)
