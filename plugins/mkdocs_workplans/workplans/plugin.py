"""The ``workplans`` plugin: the shared gate, plus what readers of the site get.

Checking is the gate's (see :mod:`mkdocs_workplans.gate`); this class adds the
reader's side on top of the same parsed model: page headers, task cards, linked ids,
the generated index pages, the stylesheet and script, escaped page titles and the inventory
sibling sites read. The HTML itself comes from :mod:`mkdocs_workplans.render`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from mkdocs_workplans.analysis import Analysis, indexes_to_generate
from mkdocs_workplans.gate import GateEvents
from mkdocs_workplans.generate import CSS_SOURCE, CSS_URI, JS_SOURCE, JS_URI
from mkdocs_workplans.inventory import FILENAME, write_inventory
from mkdocs_workplans.markdown import NAME as EXTENSION
from mkdocs_workplans.options.workplans import WorkplansConfig
from mkdocs_workplans.render import indexes, placeholders
from mkdocs_workplans.render.escape import esc
from mkdocs_workplans.render.links import Linker, PendingLink, fill_links, park_links
from mkdocs_workplans.render.page import after_markdown, before_markdown
from mkdocs_workplans.statehub.compare import card_statuses

#: Front-matter keys that MkDocs and the themes print into HTML without escaping.
ESCAPED_META = ("title", "description", "subtitle", "status")


class WorkplansPlugin(GateEvents, BasePlugin[WorkplansConfig]):
    """Checks workplans, tasks and runbooks; renders them for readers."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: dict[str, str] = {}
        """``src_uri`` to URL of every page, kept from ``on_files`` for links and the inventory."""
        self.index_linkers: dict[str, tuple[indexes.Kind, Linker]] = {}
        """Each index page this build may generate: its kind, and how its rows link to pages."""
        self.index_tables: dict[str, indexes.IndexPage] = {}
        """The tables behind the markers of each generated index page, between its Markdown and its template."""
        self.indexes: frozenset[str] = frozenset()
        """``src_uri`` of the index pages this build generates."""
        self.page_links: dict[str, list[PendingLink]] = {}
        """The ids behind the inline markers of pages between Markdown and their template."""
        self.markdown_given: dict[str, tuple[str, str]] = {}
        """``(markdown given, markdown returned)`` of pages between Markdown and HTML."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        super().on_config(config)
        if self.gate is None:
            return config
        if CSS_URI not in config.extra_css:
            config.extra_css.append(CSS_URI)
        if JS_URI not in (str(script) for script in config.extra_javascript):
            config.extra_javascript.append(JS_URI)
        # The extension, listed in the same mkdocs.yml for Zensical, would render every page twice.
        if EXTENSION in config.markdown_extensions:
            config.markdown_extensions.remove(EXTENSION)
        return config

    # As late as the gate's analysis, which the generated pages are made from.
    @event_priority(-50)
    def _on_files_analyse(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        # Before the gate analyses: its analysis makes the index pages, which link to pages by URL.
        self.urls = {file.src_uri: file.url for file in files.documentation_pages()}
        self.index_linkers = self._index_linkers(files, config) if self.gate is not None else {}
        if self.gate is not None:
            self.gate.indexes = self.index_linkers
        super().on_files(files, config=config)
        if self.gate is None or self.gate.check_only:
            return files  # `workplans check` renders nothing
        self.index_tables = {}
        self.page_links = {}
        self.markdown_given = {}
        self.indexes = frozenset()
        if not self._for_readers():
            # A site with no workplans or runbooks gets no stylesheet, script, index pages or inventory.
            if CSS_URI in config.extra_css:
                config.extra_css.remove(CSS_URI)
            config.extra_javascript[:] = [script for script in config.extra_javascript if str(script) != JS_URI]
            return files
        for uri, source in ((CSS_URI, CSS_SOURCE), (JS_URI, JS_SOURCE)):
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(source)))
        self.indexes = frozenset(self.index_linkers)
        return files

    # After plugins that rebuild the list of pages from the files they find in `docs_dir` (mkdocs-static-i18n,
    # at -100, reads the source path of every page, which a generated page has not).
    @event_priority(-110)
    def _on_files_indexes(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        # With an explicit nav the author places them (or not): no "not included in nav" notice.
        inclusion = InclusionLevel.UNDEFINED if config.nav is None else InclusionLevel.NOT_IN_NAV
        for src_uri in self.index_linkers:  # in configured order: the navigation lists them so
            if src_uri in self.indexes:
                # Their Markdown comes with the analysis, just before MkDocs reads them (`on_pre_page`).
                files.append(File.generated(config, src_uri, content="", inclusion=inclusion))
        return files

    on_files = CombinedEvent(_on_files_analyse, _on_files_indexes)

    def _index_linkers(self, files: Files, config: MkDocsConfig) -> dict[str, tuple[indexes.Kind, Linker]]:
        """The configured index pages, but those a page of the site or another plugin already provides;
        the gate leaves them out in a site with no workplan or runbook."""
        assert self.gate is not None
        configured = (self.config.indexes.workplans, self.config.indexes.tasks, self.config.indexes.runbooks)
        wanted = indexes_to_generate(self.gate.settings, readers=True)
        found = {}
        for src_uri, kind in zip(configured, indexes.KINDS, strict=True):
            if src_uri in wanted and files.get_file_from_path(src_uri) is None:
                url = File(src_uri, None, config.site_dir, config.use_directory_urls).url
                found[src_uri] = (kind, Linker({}, {}, url, src_uri, self.urls.get))  # rows link to pages only
        return found

    # Late like the gate's: after every plugin has built or changed the navigation.
    @event_priority(-100)
    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        nav = super().on_nav(nav, config=config, files=files)
        _reorder(files, self.indexes, last=True)
        return nav

    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        # Read last, the index pages are written first: their HTML, the largest of the site, is then let go
        # before the rest of the analysis is unpacked and the ids of the other pages' HTML accumulate (see
        # `on_post_page`).
        _reorder(files, self.indexes, last=False)
        return env

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page | None:
        src_uri = page.file.src_uri
        if self.gate is not None and src_uri in self.indexes and page.file.generated_by is not None:
            # Every other page is rendered by now (`_reorder`): the analysis is made, or nearly.
            index = self.gate.index_page(src_uri)
            if index is not None:
                page.file.content_string = index.markdown
                self.index_tables[src_uri] = index
        return page

    # Last, after the gate has read the page's ids.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        output = super().on_post_page(output, page=page, config=config) or output
        if page.file.src_uri in self.indexes and self.gate is not None and self.gate.releases:
            # Our index page is in `output` now; its HTML need not stay for the rest of the build while
            # MkDocs copies the output to write it (on the bench's 60,000 tasks, 35 MB each time).
            page.content = None
        return output

    # After other plugins' rewrites: the model's positions are re-checked against the text.
    @event_priority(-50)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.gate is None:
            return markdown
        document = self.gate.document(page.file.src_uri)
        _escape_meta(page)
        if document is not None and document.kind == "workplan":
            _hide_material_status(page, config)
        if document is None or page.markdown is None:
            return markdown
        rewritten, self.page_links[page.file.src_uri] = before_markdown(markdown, page.markdown, document)
        if rewritten is not markdown:
            self.markdown_given[page.file.src_uri] = (markdown, rewritten)
        return rewritten

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.gate is None:
            return html
        src_uri = page.file.src_uri
        given, rewritten = self.markdown_given.pop(src_uri, (None, None))
        if given is not None and page.markdown is rewritten:
            # Our markers were for the renderer alone. MkDocs keeps `page.markdown` until the build ends,
            # and plugins reading it later expect Markdown; one private-use character in it doubles its size.
            page.markdown = given
        document = self.gate.document(src_uri)
        if document is None:
            return html
        settings = self.gate.settings
        statuses = card_statuses(self.gate.inputs.statehub if self.gate.inputs else None, settings.statehub)
        pending = self.page_links.setdefault(src_uri, [])
        html = after_markdown(html, document, settings, pending, statuses)
        if self.gate.releases:
            document.release_render_inputs()
        # Until the id links go in (`on_page_context`), the markers must neither double the HTML's size
        # nor hide the ids from plugins that read the HTML now (excerpts, feeds).
        return park_links(html, pending)

    # First, so that the search index and other plugins see the id links and the index tables: where ids
    # lead is known only once the whole site is analysed, which comes after every page's Markdown is
    # rendered; an index page's tables wait, packed, for the page's turn to be written (`on_env`).
    @event_priority(100)
    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Any) -> Any:
        src_uri = page.file.src_uri
        index = self.index_tables.pop(src_uri, None)
        if index is not None and page.content is not None:
            page.content = placeholders.fill_blocks(page.content, "index", index.fragments())
        pending = self.page_links.pop(src_uri, None)
        if pending and page.content is not None:
            page.content = fill_links(page.content, pending, self._linker(page.file.url, src_uri))
        return context

    # Before the gate's verdict, which may abort the build: the inventory is written either way.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.gate is not None and self.gate.analysis is not None and self._for_readers():
            self.gate.judge_rendered()
            published, urls = self.gate.urls, self.urls
            write_inventory(
                self.gate.analysis,
                lambda src_uri: published.get(src_uri) or urls.get(src_uri, src_uri),
                Path(config.site_dir) / FILENAME,
            )
        super().on_post_build(config=config)

    def _for_readers(self) -> bool:
        """Whether the site has anything to render for readers: workplans, runbooks, or ``indexes.always``."""
        assert self.gate is not None
        return self.gate.settings.always_generate or self.gate.has_workplans_or_runbooks()

    def _analysis(self) -> Analysis:
        assert self.gate is not None and self.gate.analysis is not None, "the gate analyses in on_files"
        return self.gate.analysis

    def _linker(self, page_url: str, src_uri: str) -> Linker:
        analysis = self._analysis()
        return Linker(analysis.ids, analysis.sibling_ids, page_url, src_uri, self.urls.get)


def _hide_material_status(page: Page, config: MkDocsConfig) -> None:
    """Keep a workplan's ``status`` out of Material's page-status icons unless the site defines it.

    Material shows an unexplained icon in the navigation for any ``status`` it has no
    ``extra.status`` entry for; the workplan header already shows the status in words.
    """
    known = config.extra.get("status")
    if not isinstance(known, dict) or page.meta.get("status") not in known:
        page.meta.pop("status", None)


def _reorder(files: Files, src_uris: frozenset[str], last: bool) -> None:
    """Put the files of ``src_uris`` last (or first) in the order MkDocs reads (or writes) pages; the
    navigation, built already, keeps its order.

    The index pages are made from the whole analysis, which is made while the other pages render
    (see :mod:`mkdocs_workplans.streamed`): read last, they do not wait for it.
    """
    moved = [file for file in files if file.src_uri in src_uris]
    others = [file for file in files if file.src_uri not in src_uris]
    for file in [*moved, *others]:
        files.remove(file)
    for file in [*others, *moved] if last else [*moved, *others]:
        files.append(file)


def _escape_meta(page: Page) -> None:
    """Escape the front-matter values MkDocs and the themes put into HTML as they are.

    MkDocs puts ``title`` into the navigation and ``<title>`` verbatim; Material also
    prints ``description``, ``subtitle`` and ``status``. Titles from an ``<h1>`` are
    already HTML, so only front matter needs this.
    """
    for key in ESCAPED_META:
        value = page.meta.get(key)
        if isinstance(value, str):
            page.meta[key] = esc(value)
        elif value is not None:
            page.meta[key] = esc(str(value))
