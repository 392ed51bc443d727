"""The ``refcheck`` plugin: thin event glue around the shared gate."""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from mkdocs_workplans.gate import GateEvents
from mkdocs_workplans.options.refcheck import RefcheckConfig
from mkdocs_workplans.refcheck.rewrite import rewrite_links


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
        analysis = self.gate.analysis if self.gate else None
        if analysis is None or analysis.refs is None:
            return markdown
        document = analysis.pages.get(page.file.src_uri)
        if document is None:
            return markdown
        return rewrite_links(markdown, document, analysis.refs)
