"""The reader's side as a Python-Markdown extension: ``markdown_extensions: [mkdocs_workplans.markdown]``.

For engines that run Python-Markdown extensions but no MkDocs plugins (Zensical). It is
a thin adapter: a preprocessor and a postprocessor around the two steps of
:mod:`mkdocs_workplans.render.page`, which the ``workplans`` plugin calls too, so task
cards, workplan and runbook headers and linked ids come out byte for byte the same.

An extension sees one page's Markdown, without its front matter (Zensical strips it
first, ``md.Meta`` is not set) and without the rest of the site. So it works out where
it is: Zensical hands extensions the page being rendered (its ``path`` in ``docs_dir``
and ``url``) through its rendering-context preprocessor, and the project's root. With
those, the extension reads the site's configuration (``config_file``, or the first of
``zensical.toml``, ``mkdocs.yml``, ``workplans.toml``, ``pyproject.toml`` in the root),
analyses the site once per process exactly as ``workplans check`` does, and renders the
page from the same model: front matter, task ids and the ids of every other page. With
no page context (plain Python-Markdown), it renders what the text alone allows: its own
front matter if the text still has it, its task cards, links to its own tasks.

Under MkDocs and ProperDocs the ``workplans`` plugin renders, and takes this extension
out of the build if it is listed too (one ``mkdocs.yml`` can serve both engines).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from mkdocs.exceptions import ConfigurationError, PluginError

from mkdocs_workplans.analysis import Analysis
from mkdocs_workplans.index import build_index
from mkdocs_workplans.model import extensions
from mkdocs_workplans.model.document import Document
from mkdocs_workplans.model.parser import document_from
from mkdocs_workplans.options.settings import build_settings, defaults
from mkdocs_workplans.options.workplans import WorkplansConfig
from mkdocs_workplans.project import (
    ProjectError,
    analyse_project,
    find_config,
    is_toml,
    load_project,
    page_url,
    project_settings,
)
from mkdocs_workplans.refcheck.rewrite import rewrite_links
from mkdocs_workplans.render.cards import HubStatus
from mkdocs_workplans.render.escape import esc
from mkdocs_workplans.render.links import Linker, PendingLink, fill_links
from mkdocs_workplans.render.page import after_markdown, before_markdown
from mkdocs_workplans.render.placeholders import block_marker
from mkdocs_workplans.settings import Settings
from mkdocs_workplans.statehub.compare import card_statuses

NAME = "mkdocs_workplans.markdown"
"""How sites list the extension; the ``workplans`` plugin looks for it under this name."""

#: The last block of a page the extension renders: postprocessors also run on each heading's text
#: (the toc extension does that), and only the whole page ends with this.
END = block_marker("end", 0)

#: Front-matter keys Zensical's templates print (titles in ``<title>`` and the navigation).
ESCAPED_META = ("title", "description", "subtitle", "status")

#: The order Zensical itself looks for its configuration in, then the gate's own files.
ZENSICAL_ORDER = ("zensical.toml", "mkdocs.yml", "mkdocs.yaml", "workplans.toml", "pyproject.toml")

log = logging.getLogger("mkdocs_workplans.markdown")


@dataclass
class _Site:
    """One site's analysis, kept for the life of the process (a build renders every page)."""

    analysis: Analysis
    stamps: dict[str, float] = field(default_factory=dict)
    """Modification time of each page's file when analysed: a page saved since (``zensical serve``)
    makes the next page it renders analyse the site again."""

    def fresh(self, src_uri: str) -> bool:
        document = self.analysis.pages.get(src_uri)
        if document is None:
            return True
        path = self.analysis.settings.root / document.path
        try:
            return os.stat(path).st_mtime == self.stamps.get(src_uri)
        except OSError:
            return False


_SITES: dict[Path, _Site] = {}
#: Configurations that failed to load, so that the warning is given once per build.
_UNUSABLE: set[Path] = set()


@dataclass(frozen=True, slots=True)
class _Context:
    """The page being rendered, as the engine tells it."""

    src_uri: str
    url: str
    root: Path
    meta: dict[str, Any] | None
    """The engine's front matter of the page, which the extension escapes as the plugin does."""
    statuses: frozenset[str]
    """The page statuses the theme has icons for (``extra.status``)."""


def _zensical_context(md: Markdown) -> _Context | None:
    """Zensical's rendering context (``zensical.extensions.context``): the page and the project root."""
    for processor in md.preprocessors:
        page, config = getattr(processor, "page", None), getattr(processor, "config", None)
        path, url = getattr(page, "path", None), getattr(page, "url", None)
        if isinstance(path, str) and isinstance(url, str) and isinstance(config, dict) and config.get("root_dir"):
            meta = getattr(page, "meta", None)
            extra = config.get("extra")
            known = extra.get("status") if isinstance(extra, dict) else None
            return _Context(
                path,
                url,
                Path(str(config["root_dir"])).resolve(),
                meta if isinstance(meta, dict) else None,
                frozenset(known) if isinstance(known, dict) else frozenset(),
            )
    return None


def _analyse_mkdocs(config_file: Path) -> Analysis:
    """A ``mkdocs.yml`` that Zensical builds: its plugins' settings, read by MkDocs' own loader."""
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files

    from mkdocs_workplans.gate import Gate

    config = load_config(config_file=str(config_file))
    gate = Gate(config)
    gate.analyse(get_files(config), serving=True)
    assert gate.analysis is not None, "a served site is analysed at once"
    return gate.analysis


def _site(root: Path, config_file: str, src_uri: str) -> _Site | None:
    path = (root / config_file) if config_file else find_config(root, ZENSICAL_ORDER)
    if path is None:
        return None
    path = path.resolve()
    site = _SITES.get(path)
    if site is not None and site.fresh(src_uri):
        return site
    if path in _UNUSABLE:
        return None
    try:
        if is_toml(path):
            project = load_project(path)
            analysis = analyse_project(project, project_settings(project))
        else:
            analysis = _analyse_mkdocs(path)
    except (ProjectError, ConfigurationError, PluginError) as error:
        # Said once; the pages are built as they are, and `workplans check` fails on the same error.
        log.warning("workplans: %s cannot be used (%s); pages are not rendered by workplans", path.name, error)
        _UNUSABLE.add(path)
        return None
    stamps = {}
    for uri, document in analysis.pages.items():
        try:
            stamps[uri] = os.stat(analysis.settings.root / document.path).st_mtime
        except OSError:
            continue
    _SITES[path] = site = _Site(analysis, stamps)
    return site


def _configured(md: Markdown) -> dict[str, Mapping[str, Any]]:
    """The extensions ``md`` runs, by short name, with the settings of those that keep them.

    Python-Markdown keeps no list of its extensions: each one is known by the module of the
    processors it added, and its settings by the extensions that registered themselves
    (``toc``, ``footnotes``, ``pymdownx.snippets``, ...). Core modules add names no option reads.
    """
    processors = [*md.preprocessors, *md.parser.blockprocessors, *md.treeprocessors, *md.inlinePatterns]
    found: dict[str, Mapping[str, Any]] = {
        extensions.short_name(type(processor).__module__): {} for processor in [*processors, *md.postprocessors]
    }
    for extension in md.registeredExtensions:
        found[extensions.short_name(type(extension).__module__)] = extension.getConfigs()
    return found


def _standalone(text: str, configured: Mapping[str, Mapping[str, Any]]) -> tuple[Document, Settings]:
    """The text as the whole page: what it says of itself, with the declared defaults, parsed with the
    extensions ``configured`` for this Markdown (footnotes, attribute lists, snippets, ``toc`` slugs)."""
    root = Path.cwd()
    settings = build_settings(
        workplans=defaults(WorkplansConfig),
        refcheck=None,
        root=root,
        docs_dir=root,
        use_directory_urls=True,
        site_url=None,
    )
    options = extensions.parse_options(configured, settings.mention_pattern)
    return document_from(text, None, "page.md", options), settings


@dataclass
class _Page:
    """What the preprocessor found for the postprocessor, reset for every page."""

    document: Document | None = None
    settings: Settings | None = None
    linker: Linker | None = None
    links: list[PendingLink] = field(default_factory=list)
    hub_statuses: HubStatus | None = None
    """State Hub's status of each task, when the site's analysis read the export."""


class _Before(Preprocessor):
    """Markers for task cards and id links, before any other extension reads the text."""

    def __init__(self, md: Markdown, extension: WorkplansExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        state = self.extension.page = _Page()
        text = read = "\n".join(lines)
        context = _zensical_context(self.md)
        if context is None:
            document, settings = _standalone(text, _configured(self.md))
            ids = build_index([("page.md", document)])
            linker = Linker(ids, {}, "", "page.md", lambda _src_uri: None)
        else:
            site = _site(context.root, str(self.extension.getConfig("config_file")), context.src_uri)
            found = site.analysis.pages.get(context.src_uri) if site else None
            if site is None or found is None:
                return lines  # not a page of the analysed site: a generated index, say
            document, settings = found, site.analysis.settings
            linker = _linker(site.analysis, context)
            # Rewritten as the refcheck plugin does under MkDocs: the engine would leave `repo:path` links as written.
            refs = site.analysis.refs
            text = read if refs is None else rewrite_links(read, document, refs)
            if context.meta is not None:
                _escape_meta(context.meta, document.kind == "workplan", context.statuses)
            state.hub_statuses = card_statuses(site.analysis.statehub, settings.statehub)
        markdown, links = before_markdown(text, read, document)
        state.document, state.settings, state.linker, state.links = document, settings, linker, links
        return [*markdown.split("\n"), "", END]


def _linker(analysis: Analysis, context: _Context) -> Linker:
    known = set(analysis.pages) | set(analysis.generated)
    dirurls = analysis.settings.use_directory_urls

    def url_of(src_uri: str) -> str | None:
        return page_url(src_uri, dirurls) if src_uri in known else None

    # Zensical resolves the relative links of a page's HTML against its source file, as links to
    # ``.md`` files, and rewrites them for the page's URL: so they are written from the source's place.
    return Linker(analysis.ids, analysis.sibling_ids, page_url(context.src_uri, False), context.src_uri, url_of)


class _After(Postprocessor):
    """Cards, header and id links into the finished HTML, after every other postprocessor."""

    def __init__(self, md: Markdown, page: Callable[[], _Page]) -> None:
        super().__init__(md)
        self.page = page

    def run(self, text: str) -> str:
        state = self.page()
        end = text.rfind(END)
        if end < 0 or state.document is None or state.settings is None or state.linker is None:
            return text  # a heading's text, which toc runs postprocessors on, or not our page
        html = text[:end].removesuffix("\n") + text[end + len(END) :]
        html = after_markdown(html, state.document, state.settings, state.links, state.hub_statuses)
        return fill_links(html, state.links, state.linker)


class WorkplansExtension(Extension):
    """Task cards, workplan and runbook headers and linked ids, as the ``workplans`` plugin renders them."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {
            "config_file": [
                "",
                "The site's configuration, relative to the project root; "
                "empty: the first of zensical.toml, mkdocs.yml, workplans.toml, pyproject.toml",
            ]
        }
        self.page = _Page()
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # Before normalize_whitespace (30) and snippets (32): the plugin's markers go in before
        # Python-Markdown runs at all, and so do these.
        md.preprocessors.register(_Before(md, self), "workplans", 35)
        # After raw HTML is put back (30) and everything else: what on_page_content would see.
        md.postprocessors.register(_After(md, lambda: self.page), "workplans", 0)

    def reset(self) -> None:
        self.page = _Page()


def _escape_meta(meta: dict[str, Any], workplan: bool, statuses: frozenset[str]) -> None:
    """Front-matter values the engine prints into HTML verbatim, escaped as the plugin escapes them;
    a workplan's ``status`` kept out of the theme's page-status icons unless the site defines it."""
    if workplan and meta.get("status") not in statuses:
        meta.pop("status", None)
    for key in ESCAPED_META:
        value = meta.get(key)
        if value is not None:
            meta[key] = esc(value)


def makeExtension(**kwargs: Any) -> WorkplansExtension:
    return WorkplansExtension(**kwargs)
