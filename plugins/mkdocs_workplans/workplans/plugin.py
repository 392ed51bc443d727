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
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from mkdocs_workplans.analysis import Analysis
from mkdocs_workplans.gate import GateEvents
from mkdocs_workplans.generate import CSS_SOURCE, CSS_URI, JS_SOURCE, JS_URI
from mkdocs_workplans.inventory import FILENAME, build_inventory, write_inventory
from mkdocs_workplans.markdown import NAME as EXTENSION
from mkdocs_workplans.options.workplans import WorkplansConfig
from mkdocs_workplans.render import indexes, placeholders
from mkdocs_workplans.render.escape import esc
from mkdocs_workplans.render.links import Linker
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
        self.index_fragments: dict[str, list[str]] = {}
        """The HTML behind the markers of each generated index page."""
        self.indexes: frozenset[str] = frozenset()
        """``src_uri`` of the index pages this build generates."""
        self.page_links: dict[str, list[str]] = {}
        """The id links behind the inline markers of pages between Markdown and HTML."""
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
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        super().on_files(files, config=config)
        if self.gate is None or self.gate.check_only:
            return files  # `workplans check` renders nothing
        analysis = self._analysis()
        self.urls = {file.src_uri: file.url for file in files.documentation_pages()}
        if not self._for_readers():
            # A site with no workplans or runbooks gets no stylesheet, script, index pages or inventory.
            if CSS_URI in config.extra_css:
                config.extra_css.remove(CSS_URI)
            config.extra_javascript[:] = [script for script in config.extra_javascript if str(script) != JS_URI]
            return files
        for uri, source in ((CSS_URI, CSS_SOURCE), (JS_URI, JS_SOURCE)):
            if files.get_file_from_path(uri) is None:
                files.append(File.generated(config, uri, abs_src_path=str(source)))
        pages = [indexes.Page(src_uri, document) for src_uri, document in analysis.pages.items()]
        wanted = (
            (self.config.indexes.workplans, indexes.workplans_index),
            (self.config.indexes.tasks, indexes.tasks_index),
            (self.config.indexes.runbooks, indexes.runbooks_index),
        )
        self.index_fragments = {}
        self.page_links = {}
        self.markdown_given = {}
        # The indexes the gate counts as pages (see `indexes_to_generate`), so links to them agree.
        for src_uri, render in wanted:
            if src_uri not in analysis.generated or files.get_file_from_path(src_uri):
                continue
            url = File(src_uri, None, config.site_dir, config.use_directory_urls).url
            linker = self._linker(url, src_uri)
            index = render(pages, analysis.settings, linker)
            self.index_fragments[src_uri] = index.fragments
            # With an explicit nav the author places them (or not): no "not included in nav" notice.
            inclusion = InclusionLevel.UNDEFINED if config.nav is None else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, src_uri, content=index.markdown, inclusion=inclusion))
        return files

    # Late like the gate's: after every plugin has built or changed the navigation.
    @event_priority(-100)
    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        nav = super().on_nav(nav, config=config, files=files)
        self.indexes = frozenset(self.index_fragments)
        _build_first(files, self.indexes)
        return nav

    # Last, after the gate has read the page's ids.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        output = super().on_post_page(output, page=page, config=config) or output
        if page.file.src_uri in self.indexes and self.gate is not None and self.gate.releases:
            # Our index page is in `output` now; its HTML need not stay for the rest of the build while
            # MkDocs copies the output to write it (on the bench's 60,000 tasks, 37 MB each time).
            page.content = None
        return output

    # After other plugins' rewrites: the model's positions are re-checked against the text.
    @event_priority(-50)
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.gate is None:
            return markdown
        document = self._analysis().pages.get(page.file.src_uri)
        _escape_meta(page)
        if document is not None and document.kind == "workplan":
            _hide_material_status(page, config)
        if document is None or page.markdown is None:
            return markdown
        linker = self._linker(page.file.url, page.file.src_uri)
        rewritten, self.page_links[page.file.src_uri] = before_markdown(markdown, page.markdown, document, linker)
        if rewritten is not markdown:
            self.markdown_given[page.file.src_uri] = (markdown, rewritten)
        return rewritten

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str | None:
        if self.gate is None:
            return html
        src_uri = page.file.src_uri
        if page.file.generated_by is not None and src_uri in self.index_fragments:
            # Popped: an index of thousands of tasks is not kept twice until the build ends.
            return placeholders.fill_blocks(html, "index", self.index_fragments.pop(src_uri))
        links = self.page_links.pop(src_uri, [])
        given, rewritten = self.markdown_given.pop(src_uri, (None, None))
        if given is not None and page.markdown is rewritten:
            # Our markers were for the renderer alone. MkDocs keeps `page.markdown` until the build ends,
            # and plugins reading it later expect Markdown; one private-use character in it doubles its size.
            page.markdown = given
        analysis = self._analysis()
        document = analysis.pages.get(src_uri)
        if document is None:
            return placeholders.fill_inline(html, links)
        linker = self._linker(page.file.url, src_uri)
        statuses = card_statuses(analysis.statehub, analysis.settings.statehub)
        html = after_markdown(html, document, analysis.settings, linker, links, statuses)
        if self.gate.releases:
            document.release_render_inputs()
        return html

    # Before the gate's verdict, which may abort the build: the inventory is written either way.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.gate is not None and self.gate.analysis is not None and self._for_readers():
            self.gate.judge_rendered()
            urls = self.urls
            inventory = build_inventory(self.gate.analysis, lambda src_uri: urls.get(src_uri, src_uri))
            write_inventory(inventory, Path(config.site_dir) / FILENAME)
        super().on_post_build(config=config)

    def _for_readers(self) -> bool:
        """Whether the site has anything to render for readers: workplans, runbooks, or ``indexes.always``."""
        analysis = self._analysis()
        return analysis.settings.always_generate or any(doc.kind != "page" for doc in analysis.documents)

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


def _build_first(files: Files, src_uris: frozenset[str]) -> None:
    """Put the files of ``src_uris`` first in the order MkDocs reads and writes pages; the navigation,
    built already, keeps its order.

    An index of thousands of tasks is the largest page of a site, and writing it briefly takes a few
    times its size. Written first, its HTML is made before other pages' HTML fills the memory, and
    what it is made from is freed early, rather than all of it coming on top of every other page.
    """
    first = [file for file in files if file.src_uri in src_uris]
    if not first:
        return
    for file in [file for file in files if file.src_uri not in src_uris]:
        files.remove(file)
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
