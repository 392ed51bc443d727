"""From a site's files to its findings: parse once, run the enabled checks, grade.

This is the one code path behind ``workplans check`` and both plugins, which is why
they report identical findings.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from mkdocs.config.defaults import MkDocsConfig

from mkdocs_workplans.baseline import Ratchet
from mkdocs_workplans.collector import uncollected
from mkdocs_workplans.findings import Finding, Reported, Severity
from mkdocs_workplans.index import IdTarget, build_index
from mkdocs_workplans.loading import DocumentCache, load_documents
from mkdocs_workplans.model import extensions
from mkdocs_workplans.model.document import Document
from mkdocs_workplans.model.parser import ParseOptions
from mkdocs_workplans.references.context import build_context, load_siblings
from mkdocs_workplans.references.siblings import Sibling
from mkdocs_workplans.rules.catalog import findings_for
from mkdocs_workplans.settings import Settings
from mkdocs_workplans.site import Site
from mkdocs_workplans.sources import Source
from mkdocs_workplans.statehub.export import Export
from mkdocs_workplans.statehub.source import Unavailable, load_export


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


def has_workplans_or_runbooks(documents: Sequence[Document]) -> bool:
    return any(doc.kind != "page" for doc in documents)


def indexes_to_generate(settings: Settings, readers: bool) -> tuple[str, ...]:
    """The index pages the ``workplans`` plugin adds: all configured ones, in a site that has a
    workplan or a runbook (``readers``; or that asks for them ``always``); none in a site that has neither."""
    if settings.workplans and (settings.always_generate or readers):
        return settings.indexes
    return ()


@dataclass(frozen=True)
class Inputs:
    """What an analysis reads besides the site's own files, read once before parsing starts."""

    siblings: dict[str, Sibling] | None
    """Each configured sibling repository, when ``refcheck`` is configured."""
    statehub: Export | Unavailable | None

    @classmethod
    def read(cls, settings: Settings) -> Inputs:
        siblings = None
        if settings.refcheck:
            siblings = load_siblings(settings.repos, settings.offline, settings.external_options.timeout)
        statehub = load_export(settings.statehub, settings.offline) if settings.statehub is not None else None
        return cls(siblings, statehub)


def analyse(
    sources: Sequence[Source],
    options: ParseOptions,
    settings: Settings,
    extra: Sequence[Finding] = (),
    cache: DocumentCache | None = None,
    processes: int = 1,
    generated: frozenset[str] = frozenset(),
    rendering: bool = False,
    inputs: Inputs | None = None,
) -> Analysis:
    """Parse every source once (see :mod:`.loading`), run the enabled checks, grade.

    ``rendering``: a build will call :meth:`Analysis.judge_rendered`, so the checks it runs again
    are not run here (their findings would be replaced before anyone saw them). ``inputs``: when
    the caller read them already.
    """
    with uncollected():
        documents = load_documents(sources, options, cache, processes)
        analysis = assemble(sources, documents, settings, inputs or Inputs.read(settings), generated)
        check(analysis, extra, rendering)
        return analysis


def assemble(
    sources: Sequence[Source],
    documents: Sequence[Document],
    settings: Settings,
    inputs: Inputs,
    generated: frozenset[str],
    ids: dict[str, IdTarget] | None = None,
    anchors: Mapping[str, frozenset[str]] | None = None,
) -> Analysis:
    """The site of ``documents`` (one per source, in order), not yet checked; ``ids`` and ``anchors``
    (by path, see :func:`.references.context.anchors_of`): when made already, from documents that no
    longer hold their tasks and anchors."""
    pages = {source.src_uri: doc for source, doc in zip(sources, documents, strict=True)}
    generated = generated | set(indexes_to_generate(settings, has_workplans_or_runbooks(documents)))
    analysis = Analysis(
        settings, list(documents), pages, build_index(pages.items()) if ids is None else ids, generated=generated
    )
    if inputs.siblings is not None:
        analysis.refs = build_context(settings, pages, generated, analysis.sibling_ids, inputs.siblings, anchors)
    analysis.statehub = inputs.statehub
    return analysis


def check(
    analysis: Analysis, extra: Sequence[Finding], rendering: bool, per_document: Sequence[Finding] | None = None
) -> None:
    """Run the checks a build does not judge again once rendered (all of them, unless ``rendering``), and grade.

    ``per_document``: the findings of the per-document checks, when they ran as each document was parsed.
    """
    findings = list(extra)
    for document in analysis.documents:
        findings.extend(document.problems)
    if per_document is None:
        findings.extend(findings_for(analysis, on_render=False))
    else:
        findings.extend(per_document)
        findings.extend(findings_for(analysis, on_render=False, per_document=False))
    analysis.findings = findings
    everything = findings if rendering else [*findings, *findings_for(analysis, on_render=True)]
    analysis.reported = grade(everything, {doc.path: doc for doc in analysis.documents}, analysis.settings)
