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
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from mkdocs import plugins as host_plugins
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from mkdocs_workplans import baseline
from mkdocs_workplans.analysis import (
    Analysis,
    Inputs,
    analyse,
    has_workplans_or_runbooks,
    parse_options,
)
from mkdocs_workplans.baseline import BaselineError, Lines
from mkdocs_workplans.changes import in_scope
from mkdocs_workplans.findings import Reported, Severity
from mkdocs_workplans.loading import DocumentCache, default_jobs
from mkdocs_workplans.model.document import Document, Link
from mkdocs_workplans.options.refcheck import RefcheckConfig
from mkdocs_workplans.options.settings import plugin_options, settings_from_mkdocs
from mkdocs_workplans.options.workplans import WorkplansConfig
from mkdocs_workplans.pipeline import ForkFailed, can_fork
from mkdocs_workplans.references.links import rewrites
from mkdocs_workplans.references.rendered import rendered_ids
from mkdocs_workplans.registry import RULES
from mkdocs_workplans.render.indexes import IndexPage, Kind, index_pages
from mkdocs_workplans.render.links import Linker
from mkdocs_workplans.sources import Source, add_includes, sources
from mkdocs_workplans.streamed import StreamedAnalysis

#: ``mkdocs.plugins.workplans`` under MkDocs; under ProperDocs, which aliases the ``mkdocs``
#: modules to its own, ``properdocs.plugins.workplans`` so that its strict mode counts ours.
log = logging.getLogger(f"{host_plugins.__name__}.workplans")

OWNERS = ("workplans", "refcheck")
#: Plugins that build the same configuration again, and so render the same documents again:
#: mkdocs-static-i18n builds each further language from its ``on_post_build``.
REBUILDING_PLUGINS = frozenset({"i18n"})
SEVERITIES = (Severity.ERROR, Severity.WARNING)
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
    baseline: Path | None = None
    """``--baseline``: instead of the plugins' ``baseline`` option."""
    update_baseline: bool = False
    changed: tuple[str, frozenset[str]] | None = None
    """``--changed-since``: the revision and the paths changed since."""


RUN: ContextVar[Run | None] = ContextVar("mkdocs_workplans_run", default=None)


class Gate:
    """The analysis of one build, shared by whichever of our plugins are configured."""

    def __init__(self, config: MkDocsConfig, dirty: bool = False) -> None:
        self.config = config
        self.dirty = dirty
        """``mkdocs build --dirty``: pages that did not change are not rendered again."""
        self.run = RUN.get() or Run()
        self.settings = settings_from_mkdocs(config, self.run.today, self.run.offline, self.run.external)
        self._analysis: Analysis | None = None
        self.stream: StreamedAnalysis[dict[str, IndexPage]] | None = None
        """The analysis while a forked process makes it (a build's), until :attr:`analysis` is asked for."""
        self.inputs: Inputs | None = None
        self.indexes: Mapping[str, tuple[Kind, Linker]] = {}
        """The index pages the ``workplans`` plugin may generate, by ``src_uri``: each one's kind, and how its
        rows link to pages. The analysis makes them."""
        self.index_pages: dict[str, IndexPage] = {}
        """The index pages by ``src_uri``, once the analysis is complete."""
        self.published: frozenset[str] | None = None
        """``src_uri`` of the pages the build publishes, once the navigation is built."""
        self.urls: dict[str, str] = {}
        """The URL of each page the build publishes, by ``src_uri``, as the build that first published it gave it."""
        self.reported = False
        self.finished = False
        self.releases = False
        """Whether documents drop what they no longer need as the build goes (not in ``mkdocs serve``,
        which keeps them for the next build)."""
        self.rendered: dict[str, frozenset[str]] = {}
        """Ids of each page's final HTML, by ``src_uri``, as the build renders them."""

    @property
    def check_only(self) -> bool:
        return self.run.check_only

    @property
    def analysis(self) -> Analysis | None:
        """The whole analysis: in a build, asked for once the pages are rendered (then it waits for
        the analysing process to finish, which it usually has)."""
        if self._analysis is None and self.stream is not None:
            try:
                with _reported():
                    self.index_pages = self.stream.made()
                    self._analysis = self.stream.complete(self._rendering())
            finally:
                self.stream = None
            self._settle()
        return self._analysis

    def _rendering(self) -> frozenset[str]:
        """The pages this build renders: every published one, unless it renders only changed pages."""
        return frozenset() if self.dirty or self.published is None else self.published

    def analyse(self, files: Files, serving: bool) -> None:
        """Parse and check once per build.

        A build parses and checks in a forked process while MkDocs renders (see
        :mod:`mkdocs_workplans.streamed`). ``workplans check`` and ``mkdocs serve`` analyse here and
        now: the first renders nothing, and the second keeps its documents in memory across
        rebuilds, so a save re-parses only the changed file; worker processes are not forked from
        the threaded server.
        """
        if self._analysis is not None or self.stream is not None:
            return
        problems = add_includes(files, self.config, self.settings)
        found, screened, generated = sources(files, self.settings, self.config)
        options = parse_options(self.config, self.settings)
        # A single build renders the pages once: the check inputs can go once checked.
        rebuilt = any(name.rsplit("/", 1)[-1] in REBUILDING_PLUGINS for name in self.config.plugins)
        release = self.releases = not serving and not self.check_only and not rebuilt
        processes = self.run.processes or (1 if serving else default_jobs())
        self.inputs = Inputs.read(self.settings)
        indexes = partial(index_pages, self.indexes, settings=self.settings)
        if release and processes > 1 and can_fork():
            self.stream = StreamedAnalysis(
                found, options, self.settings, self.inputs, problems + screened, generated, indexes
            )
            _drop_unreadable(files, found, self.stream.unreadable)
            return
        cache = DocumentCache(options, self.run.cache_dir, keep=not release)
        analysis = self._analysis = analyse(
            found,
            options,
            self.settings,
            problems + screened,
            cache,
            processes,
            generated,
            rendering=not self.check_only,
            inputs=self.inputs,
        )
        cache.save()
        _drop_unreadable(files, found, {doc.path for doc in analysis.documents if _unreadable(doc)})
        if not self.check_only:
            self.index_pages = indexes(analysis.pages)
        if release:
            analysis.release_check_inputs()

    def document(self, src_uri: str) -> Document | None:
        """The model of a page, for rendering it; in a build, as soon as it is parsed."""
        if self.stream is not None:
            with _reported():
                return self.stream.document(src_uri)
        return self._analysis.pages.get(src_uri) if self._analysis is not None else None

    def index_page(self, src_uri: str) -> IndexPage | None:
        """A generated index page, once made; in a build, as soon as the analysing process is done, without
        waiting for the rest of the analysis (see :meth:`StreamedAnalysis.complete`)."""
        if self.stream is not None:
            with _reported():
                return self.stream.made().get(src_uri)
        return self.index_pages.get(src_uri)

    def has_workplans_or_runbooks(self) -> bool:
        if self.stream is not None:
            return self.stream.readers
        return self._analysis is not None and has_workplans_or_runbooks(self._analysis.documents)

    def rewrites(self, src_uri: str) -> Sequence[tuple[Link, str]] | None:
        """The page's links rendering rewrites, with their new targets; ``None`` without ``refcheck``."""
        if self.stream is not None:
            with _reported():
                return self.stream.rewrites(src_uri)
        analysis = self._analysis
        document = analysis.pages.get(src_uri) if analysis is not None else None
        if analysis is None or analysis.refs is None or document is None:
            return None
        return rewrites(analysis.refs, document)

    def settle_publication(self, files: Files) -> None:
        """Once plugins have built the navigation, pages they excluded (drafts) are known: their
        findings leave the report. Pages we removed ourselves (IN001) keep theirs.

        A plugin may build the same configuration again: mkdocs-static-i18n builds each further
        language from its ``on_post_build``, with that language's pages, and the gate reports once
        that build ends. A page any of these builds publishes is published, at the URL the first of
        them gives it: a translated page (``index.fr.md``) is published by its language's build
        (at ``fr/``), and that build publishes the pages not translated again, under its language.
        """
        pages = files.documentation_pages()
        for file in pages:
            self.urls.setdefault(file.src_uri, file.url)
        published = frozenset(file.src_uri for file in pages)
        self.published = published if self.published is None else self.published | published
        if self._analysis is not None:
            self._settle()

    def _settle(self) -> None:
        if self._analysis is None or self.published is None:
            return
        withdrawn = frozenset(
            document.path
            for src_uri, document in self._analysis.pages.items()
            if src_uri not in self.published and not _unreadable(document)
        )
        if withdrawn != self._analysis.withdrawn:
            self._analysis.withdraw(withdrawn)

    def judge_rendered(self) -> None:
        """Once every page is rendered: their HTML settles what the source could only estimate."""
        if self.analysis is not None and self.analysis.rendered is None and not self.check_only:
            self.analysis.judge_rendered(self.rendered)

    def finish(self) -> Analysis:
        """The analysis as reported, once: judged on the rendered pages, then ratcheted and scoped.

        With a baseline, ``reported`` keeps only the findings the baseline does not hold;
        with ``--changed-since``, only those in the changed files or caused by them.
        """
        assert self.analysis is not None, "finish() comes after analyse()"
        self.judge_rendered()
        analysis = self.analysis
        if self.finished:
            return analysis
        self.finished = True
        path = self.run.baseline or self.baseline_option()
        if path is not None:
            lines = Lines(self.settings.root)
            try:
                if self.run.update_baseline:
                    baseline.write(path, analysis.reported, lines)
                entries = [entry for entry, _item in baseline.entries(analysis.reported, lines)]
                if not self.run.update_baseline:
                    entries = baseline.load(path)
            except BaselineError as error:
                raise PluginError(str(error)) from None
            analysis.ratchet = baseline.ratchet(analysis.reported, entries, lines)
            analysis.reported = analysis.ratchet.new
        if self.run.changed is not None:
            documents = {document.path: document for document in analysis.documents}
            analysis.reported = in_scope(analysis.reported, self.run.changed[1], documents)
            analysis.changed = self.run.changed
        return analysis

    def baseline_option(self) -> Path | None:
        """The ``baseline`` option of either plugin, relative to ``mkdocs.yml``; both must agree."""
        options = (
            plugin_options(self.config, "workplans", WorkplansConfig),
            plugin_options(self.config, "refcheck", RefcheckConfig),
        )
        configured = {o.baseline for o in options if o is not None and o.baseline is not None}
        if len(configured) > 1:
            raise PluginError(
                f"the workplans and refcheck plugins name different baselines: {', '.join(sorted(configured))}"
            )
        return self.settings.root / configured.pop() if configured else None

    def report(self, serving: bool) -> None:
        """Log every finding, then fail the build on errors (and, in strict mode, on warnings).

        MkDocs' strict mode counts the warnings that reach its log, and ``-q`` drops them
        before they get there: then the gate counts its own and logs them as the errors
        that strict mode makes them, so that a verbosity flag cannot switch the gate off.
        """
        if self.reported or self.analysis is None:
            return
        self.reported = True
        analysis = self.finish()
        if analysis.ratchet is not None:
            fixed = len(analysis.ratchet.fixed)
            log.info(f"workplans: {_plural(analysis.ratchet.known, 'finding')} of the baseline not shown")
            if fixed:
                log.info(
                    f"workplans: {_plural(fixed, 'finding')} of the baseline {'is' if fixed == 1 else 'are'} fixed "
                    "(remove them with --update-baseline)"
                )
                for entry in analysis.ratchet.fixed:
                    log.info(f"  {entry.render()}")
        strict_unseen = bool(self.config.strict) and not log.isEnabledFor(logging.WARNING)
        failing = []
        for item in analysis.reported:
            level = _LEVELS[item.severity]
            if strict_unseen and item.severity is Severity.WARNING:
                level = logging.ERROR
            log.log(level, item.finding.render())
            if level >= logging.ERROR:
                failing.append(item)
        if failing and not serving:
            raise PluginError(verdict(failing))


def verdict(failing: list[Reported]) -> str:
    """``refcheck: 1 error found; see the log above``: which plugin's rules found what."""
    counts: dict[str, Counter[Severity]] = {}
    for item in failing:
        counts.setdefault(RULES[item.finding.code].owner, Counter())[item.severity] += 1
    parts = []
    for owner in sorted(counts, key=OWNERS.index):
        found = [_plural(counts[owner][severity], severity.label) for severity in SEVERITIES if counts[owner][severity]]
        parts.append(f"{owner}: {', '.join(found)}")
    strict = " in strict mode" if any(item.severity is Severity.WARNING for item in failing) else ""
    return f"{'; '.join(parts)} found{strict}; see the log above"


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


@contextmanager
def _reported() -> Iterator[None]:
    """A failure of the analysing process fails the build with its traceback (a bug of ours)."""
    try:
        yield
    except ForkFailed as error:
        raise PluginError(f"workplans: the analysis failed:\n{error}") from None


def _unreadable(document: Document) -> bool:
    return any(problem.code == "IN001" for problem in document.problems)


def _drop_unreadable(files: Files, found: list[Source], unreadable: set[str]) -> None:
    """Pages that got IN001 (paths in ``unreadable``) leave the build: MkDocs would otherwise read
    them and crash. The finding already fails the build; the other pages still get built and checked.
    """
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
    dirty = False

    @property
    def enabled(self) -> bool:
        """The plugin's ``enabled`` option: ``false`` leaves the build as if it were not listed."""
        return getattr(getattr(self, "config", None), "enabled", True) is not False

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

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
            self.gate = Gate(config, dirty=self.dirty)
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
