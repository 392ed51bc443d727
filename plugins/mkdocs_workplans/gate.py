"""Event glue shared by the ``workplans`` and ``refcheck`` plugins.

Both plugins feed one :class:`Gate` per build, so that with both configured every
file is still parsed once, checked once and each finding logged once. The gate logs
under ``mkdocs.plugins.workplans`` as ``path:line:col CODE message``; MkDocs' strict
mode counts those warnings itself, and errors abort the build once all pages were
processed.
"""

from __future__ import annotations

import datetime as dt
import logging
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs import plugins as host_plugins
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from mkdocs_workplans.analysis import Analysis, analyse, parse_options
from mkdocs_workplans.findings import Severity
from mkdocs_workplans.loading import DocumentCache, default_jobs
from mkdocs_workplans.options.settings import settings_from_mkdocs
from mkdocs_workplans.references.rendered import rendered_ids
from mkdocs_workplans.sources import Source, add_includes, is_generated, sources

#: ``mkdocs.plugins.workplans`` under MkDocs; under ProperDocs, which aliases the ``mkdocs``
#: modules to its own, ``properdocs.plugins.workplans`` so that its strict mode counts ours.
log = logging.getLogger(f"{host_plugins.__name__}.workplans")

_LEVELS = {Severity.ERROR: logging.ERROR, Severity.WARNING: logging.WARNING, Severity.INFO: logging.INFO}


@dataclass(frozen=True, kw_only=True)
class Run:
    """How this run goes where it is not a plain build: ``workplans check`` says so.

    The CLI sets it (see :data:`RUN`) around the build events it drives, so the gate
    is created with its final settings instead of having them overwritten later.
    """

    today: dt.date | None = None
    offline: bool = False
    external: bool = False
    check_only: bool = False
    """Analyse, but prepare nothing for readers: ``workplans check`` renders nothing."""
    cache_dir: Path | None = None
    processes: int | None = None


RUN: ContextVar[Run | None] = ContextVar("mkdocs_workplans_run", default=None)


class Gate:
    """The analysis of one build, shared by whichever of our plugins are configured."""

    def __init__(self, config: MkDocsConfig) -> None:
        self.config = config
        self.run = RUN.get() or Run()
        self.settings = settings_from_mkdocs(config, self.run.today, self.run.offline, self.run.external)
        self.analysis: Analysis | None = None
        self.reported = False
        self.rendered: dict[str, frozenset[str]] = {}
        """Ids of each page's final HTML, by ``src_uri``, as the build renders them."""

    @property
    def check_only(self) -> bool:
        return self.run.check_only

    def analyse(self, files: Files, serving: bool) -> Analysis:
        """Parse and check once per build.

        Documents are kept in memory across ``mkdocs serve`` rebuilds, so a save re-parses
        only the changed file; worker processes are not forked from the threaded server.
        """
        if self.analysis is None:
            problems = add_includes(files, self.config, self.settings)
            found, screened = sources(files, self.settings, self.config)
            options = parse_options(self.config, self.settings)
            cache = DocumentCache(options, self.run.cache_dir)
            generated = {
                file.src_uri
                for file in files.documentation_pages()
                if file.abs_src_path is None or is_generated(Path(file.abs_src_path))
            }
            self.analysis = analyse(
                found,
                options,
                self.settings,
                problems + screened,
                cache,
                self.run.processes or (1 if serving else default_jobs()),
                frozenset(generated),
                rendering=not self.check_only,
            )
            cache.save()
            _drop_unreadable(files, found, self.analysis)
        return self.analysis

    def settle_publication(self, files: Files) -> None:
        """Once plugins have built the navigation, pages they excluded (drafts) are known: their
        findings leave the report. Pages we removed ourselves (IN001) keep theirs."""
        if self.analysis is None:
            return
        published = {file.src_uri for file in files.documentation_pages()}
        withdrawn = frozenset(
            document.path
            for src_uri, document in self.analysis.pages.items()
            if src_uri not in published and not any(problem.code == "IN001" for problem in document.problems)
        )
        if withdrawn != self.analysis.withdrawn:
            self.analysis.withdraw(withdrawn)

    def judge_rendered(self) -> None:
        """Once every page is rendered: their HTML settles what the source could only estimate."""
        if self.analysis is not None and self.analysis.rendered is None and not self.check_only:
            self.analysis.judge_rendered(self.rendered)

    def report(self, serving: bool) -> None:
        if self.reported or self.analysis is None:
            return
        self.judge_rendered()
        self.reported = True
        for item in self.analysis.reported:
            log.log(_LEVELS[item.severity], item.finding.render())
        errors = self.analysis.count(Severity.ERROR)
        if errors and not serving:
            raise PluginError(f"workplans: {errors} error{'s' if errors != 1 else ''} found; see the log above")


def _drop_unreadable(files: Files, found: list[Source], analysis: Analysis) -> None:
    """Pages that got IN001 leave the build: MkDocs would otherwise read them and crash.

    The finding already fails the build; the other pages still get built and checked.
    """
    unreadable = {doc.path for doc in analysis.documents if any(p.code == "IN001" for p in doc.problems)}
    for source in found:
        if source.rel in unreadable:
            file = files.get_file_from_path(source.src_uri)
            if file is not None:
                files.remove(file)


class GateEvents:
    """Events of both plugins: find or create the build's gate and drive it.

    A mixin rather than a generic ``BasePlugin`` subclass, because MkDocs' plugin
    base reads its config class from the subscript and cannot take a type variable.
    """

    gate: Gate | None = None
    serving = False

    @property
    def enabled(self) -> bool:
        """The plugin's ``enabled`` option: ``false`` leaves the build as if it were not listed."""
        return getattr(getattr(self, "config", None), "enabled", True) is not False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        if not self.enabled:
            self.gate = None
            return config
        for plugin in config.plugins.values():
            other = getattr(plugin, "gate", None)
            if isinstance(plugin, GateEvents) and isinstance(other, Gate) and other.config is config:
                self.gate = other
                break
        else:
            self.gate = Gate(config)
        return config

    # Late, so that files added by other plugins' on_files are checked too.
    @event_priority(-50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if self.gate is not None:
            self.gate.analyse(files, self.serving)
        return files

    # Late, after plugins such as Material's blog have decided which pages are published.
    @event_priority(-100)
    def on_nav(self, nav: Any, *, config: MkDocsConfig, files: Files) -> Any:
        if self.gate is not None:
            self.gate.settle_publication(files)
        return nav

    # Last, so that the ids other plugins and hooks add (mkdocstrings, mkdocs-click, shortcodes,
    # our own task cards) are in the page's content, whose ids count as its anchors. The content,
    # not the whole output: the theme's navigation would make this quadratic in the number of pages.
    @event_priority(-100)
    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.gate is not None and page.file.src_uri not in self.gate.rendered:
            self.gate.rendered[page.file.src_uri] = rendered_ids(page.content or "")
        return output

    # Last, so that the verdict comes after everything else a build logs.
    @event_priority(-100)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.gate is not None:
            self.gate.report(self.serving)

    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        """Rebuild when an included file outside ``docs_dir`` changes."""
        if self.gate is not None and self.gate.analysis is not None:
            for document in self.gate.analysis.documents:
                path = self.gate.settings.root / document.path
                if not path.is_relative_to(self.gate.settings.docs_dir):
                    server.watch(str(path))
        return server
