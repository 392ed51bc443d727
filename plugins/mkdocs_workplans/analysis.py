"""From a site's files to its findings: parse once, run the enabled checks, grade.

This is the one code path behind ``workplans check`` and both plugins, which is why
they report identical findings.
"""

from __future__ import annotations

import gc
from collections.abc import Sequence
from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig

from mkdocs_workplans.baseline import Ratchet
from mkdocs_workplans.findings import Finding, Reported, Severity
from mkdocs_workplans.index import build_index
from mkdocs_workplans.loading import DocumentCache, load_documents
from mkdocs_workplans.model import extensions
from mkdocs_workplans.model.document import Document
from mkdocs_workplans.model.parser import ParseOptions
from mkdocs_workplans.references.context import build_context
from mkdocs_workplans.rules.catalog import findings_for
from mkdocs_workplans.settings import Settings
from mkdocs_workplans.site import Site
from mkdocs_workplans.sources import Source
from mkdocs_workplans.statehub.source import load_export


def parse_options(config: MkDocsConfig, settings: Settings) -> ParseOptions:
    """What parsing needs from ``mkdocs.yml``: the toc slugify, attr_list, the id pattern."""
    return extensions.parse_options(
        extensions.from_validated(config.markdown_extensions, config.mdx_configs), settings.mention_pattern
    )


@dataclass
class Analysis(Site):
    """The site with its graded findings."""

    reported: list[Reported] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    """Every finding that rendering cannot change (input problems and the other checks)."""
    withdrawn: frozenset[str] = frozenset()
    """Paths of pages that turned out not to be published (a draft blog post): their findings are not reported."""

    def withdraw(self, paths: frozenset[str]) -> None:
        """Leave out the findings of pages the site will not publish, as plugins decided by navigation time."""
        self.withdrawn = paths
        self._regrade()

    ratchet: Ratchet | None = None
    """How the findings compare with the baseline, when the run has one (``reported`` then holds the new ones)."""
    changed: tuple[str, frozenset[str]] | None = None
    """``(revision, changed paths)`` when the run reports only what a change is responsible for."""

    def judge_rendered(self, rendered: dict[str, frozenset[str]]) -> None:
        """Judge again, against the ids of the rendered pages, what the build settles better than the source."""
        self.rendered = rendered
        self._regrade()

    def _regrade(self) -> None:
        found = [*self.findings, *findings_for(self, on_render=True)]
        kept = [finding for finding in found if finding.path not in self.withdrawn]
        self.reported = grade(kept, {doc.path: doc for doc in self.documents}, self.settings)

    def release_check_inputs(self) -> None:
        """Once checked, a build keeps only what rendering and the checks judged again on the rendered
        pages read (see :meth:`Document.release_check_inputs`); links are resolved again when needed."""
        for document in self.documents:
            document.release_check_inputs()
        if self.refs is not None:
            self.refs.keep_outcomes = False
            self.refs.outcomes.clear()

    def count(self, severity: Severity) -> int:
        return sum(1 for item in self.reported if item.severity is severity)

    def failed(self, strict: bool) -> bool:
        worst = Severity.WARNING if strict else Severity.ERROR
        return any(item.severity >= worst for item in self.reported)

    def summary(self) -> dict[str, int]:
        return {
            "files": len(self.documents),
            "workplans": len(self.workplans),
            "tasks": sum(len(doc.tasks) for doc in self.workplans),
            "errors": self.count(Severity.ERROR),
            "warnings": self.count(Severity.WARNING),
            "infos": self.count(Severity.INFO),
        }


#: Under ``history: relaxed``, what terminal workplans may still say about the past.
HISTORICAL = frozenset({"RF003", "RF005"})


def severity_of(finding: Finding, document: Document | None, settings: Settings) -> Severity | None:
    """The default or configured severity, then the contract's two policies.

    In terminal workplans (``history: relaxed``) RF003 and RF005 describe the past and
    are info; with ``offline`` an unverifiable sibling (XR004) is a warning. An explicit
    ``rules:`` entry for the code always wins, except that a finding the source could not
    settle (``unverified``: the build decides) is never more than info.
    """
    if finding.unverified:
        return Severity.INFO if settings.severity(finding.code) is not None else None
    if finding.code in settings.severities:
        return settings.severities[finding.code]
    severity = settings.severity(finding.code)
    if (
        finding.code in HISTORICAL
        and settings.history == "relaxed"
        and document is not None
        and document.kind == "workplan"
        and document.meta is not None
        and document.status in settings.terminal_statuses
    ):
        return Severity.INFO
    if finding.code == "XR004" and settings.offline:
        return Severity.WARNING
    return severity


def grade(findings: Sequence[Finding], documents: dict[str, Document], settings: Settings) -> list[Reported]:
    """Apply suppressions and severities; sort for stable output."""
    result = []
    for finding in sorted(set(findings), key=Finding.sort_key):
        document = documents.get(finding.path)
        if document is not None and document.suppressed(finding.code, finding.line):
            continue
        severity = severity_of(finding, document, settings)
        if severity is not None:
            result.append(Reported(finding, severity))
    return result


def indexes_to_generate(settings: Settings, documents: Sequence[Document]) -> tuple[str, ...]:
    """The index pages the ``workplans`` plugin adds: all configured ones, in a site that has a
    workplan or a runbook (or that asks for them ``always``); none in a site that has neither."""
    if settings.workplans and (settings.always_generate or any(doc.kind != "page" for doc in documents)):
        return settings.indexes
    return ()


def analyse(
    sources: Sequence[Source],
    options: ParseOptions,
    settings: Settings,
    extra: Sequence[Finding] = (),
    cache: DocumentCache | None = None,
    processes: int = 1,
    generated: frozenset[str] = frozenset(),
    rendering: bool = False,
) -> Analysis:
    """Parse every source once (see :mod:`.loading`), run the enabled checks, grade.

    The cyclic garbage collector is paused meanwhile: the model has no cycles, and its
    passes over hundreds of thousands of young objects cost a seventh of a check. Then
    the model, which lives as long as the build, is frozen out of the collector's
    generations (``gc.freeze``): otherwise every later collection of the build, MkDocs'
    own included, traverses it again. Without cycles it is still freed by reference
    counting.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _analyse(sources, options, settings, extra, cache, processes, generated, rendering)
    finally:
        gc.freeze()
        if collecting:
            gc.enable()


def _analyse(
    sources: Sequence[Source],
    options: ParseOptions,
    settings: Settings,
    extra: Sequence[Finding],
    cache: DocumentCache | None,
    processes: int,
    generated: frozenset[str],
    rendering: bool,
) -> Analysis:
    """``rendering``: a build will call :meth:`Analysis.judge_rendered`, so the checks it runs again
    are not run here (their findings would be replaced before anyone saw them)."""
    documents = load_documents(sources, options, cache, processes)
    pages = {source.src_uri: doc for source, doc in zip(sources, documents, strict=True)}
    generated = generated | set(indexes_to_generate(settings, documents))
    findings = list(extra)
    for document in documents:
        findings.extend(document.problems)
    analysis = Analysis(settings, documents, pages, build_index(pages.items()), generated=generated)
    if settings.refcheck:
        analysis.refs = build_context(settings, pages, generated, analysis.sibling_ids)
    if settings.statehub is not None:
        analysis.statehub = load_export(settings.statehub, settings.offline)
    findings.extend(findings_for(analysis, on_render=False))
    analysis.findings = findings
    everything = findings if rendering else [*findings, *findings_for(analysis, on_render=True)]
    analysis.reported = grade(everything, {doc.path: doc for doc in documents}, settings)
    return analysis
