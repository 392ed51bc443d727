"""Every check, in the order they run, each with the codes it may emit.

One explicit list instead of registration by import side effect: what runs is
readable here, and a test compares these declarations with the rule registry.
"""

from __future__ import annotations

from mkdocs_workplans.codes import Code
from mkdocs_workplans.findings import Finding
from mkdocs_workplans.model.document import Document
from mkdocs_workplans.rules import (
    external_links,
    references_ids,
    references_links,
    references_paths,
    references_retired,
    references_syntax,
    runbooks,
    staleness,
    statehub,
    tasks,
    uniqueness,
    workplan_meta,
)
from mkdocs_workplans.rules.check import Check
from mkdocs_workplans.settings import Settings
from mkdocs_workplans.site import Site

INPUT_CODES: frozenset[Code] = frozenset({"IN001", "IN002", "IN003", "IN004"})
"""Codes of reading and parsing a file (:mod:`mkdocs_workplans.model.parser`, :mod:`mkdocs_workplans.sources`),
which happen before any check and for every file."""

CHECKS: tuple[Check, ...] = (
    Check(
        name="workplan-front-matter",
        owner="workplans",
        codes=frozenset({"WP001", "WP002", "WP003", "WP005", "WP007", "WP008"}),
        document=workplan_meta.check_front_matter,
    ),
    Check(name="workplan-staleness", owner="workplans", codes=frozenset({"WP011"}), document=staleness.check_staleness),
    Check(
        name="task-blocks",
        owner="workplans",
        codes=frozenset({"TK001", "TK002", "TK004", "TK006", "TK007", "TK008", "WP006"}),
        document=tasks.check_tasks,
    ),
    Check(
        name="unique-ids",
        owner="workplans",
        codes=frozenset({"WP004", "TK003", "TK005"}),
        site=uniqueness.check_unique,
    ),
    Check(
        name="state-hub",
        owner="workplans",
        codes=frozenset({"WP009", "WP010", "TK009", "TK010", "TK011", "SH001"}),
        site=statehub.check_statehub,
    ),
    Check(name="runbook-sections", owner="workplans", codes=frozenset({"RB001"}), document=runbooks.check_sections),
    Check(
        name="runbook-review", owner="workplans", codes=frozenset({"RB002", "RB003"}), document=runbooks.check_review
    ),
    Check(
        name="links",
        owner="refcheck",
        codes=frozenset({"RF001", "RF002", "RF005", "RF009", "XR001", "XR002", "XR003", "XR004", "XR005"}),
        site=references_links.check_links,
        on_render=True,
    ),
    Check(
        name="link-syntax",
        owner="refcheck",
        codes=frozenset({"RF010"}),
        document=references_syntax.check_link_syntax,
    ),
    Check(
        name="code-span-paths",
        owner="refcheck",
        codes=frozenset({"RF003", "RF005", "XR002", "XR003", "XR004", "XR005"}),
        document_in_site=references_paths.check_code_span_paths,
    ),
    Check(
        name="make-targets",
        owner="refcheck",
        codes=frozenset({"RF007"}),
        document_in_site=references_paths.check_make_targets,
    ),
    Check(
        name="id-references",
        owner="refcheck",
        codes=frozenset({"RF004", "RF008", "XR004"}),
        site=references_ids.check_ids,
    ),
    Check(
        name="retired-patterns",
        owner="refcheck",
        codes=frozenset({"RF006"}),
        document_in_site=references_retired.check_retired,
    ),
    Check(
        name="external-links",
        owner="refcheck",
        codes=frozenset({"EX001", "EX002", "EX003", "EX004"}),
        site=external_links.external_links,
    ),
)


def enabled(settings: Settings) -> list[Check]:
    owners = {"workplans"} if settings.workplans else set()
    if settings.refcheck:
        owners.add("refcheck")
    return [check for check in CHECKS if check.owner in owners]


def findings_for(site: Site, *, on_render: bool | None = None, per_document: bool | None = None) -> list[Finding]:
    """Run the enabled checks over the site: all, or only those judged again once rendered (or not),
    or only the per-document ones (or the others)."""
    return [
        finding
        for check in enabled(site.settings)
        if (on_render is None or check.on_render == on_render)
        and (per_document is None or check.per_document == per_document)
        for finding in check.run(site)
    ]


def document_findings(site: Site, document: Document) -> list[Finding]:
    """The per-document checks on one ``document`` as soon as it is parsed (``site`` need not hold it yet)."""
    return [
        finding
        for check in enabled(site.settings)
        if check.per_document and not check.on_render
        for finding in check.run_on(document, site)
    ]
