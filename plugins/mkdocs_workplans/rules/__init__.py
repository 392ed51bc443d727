"""Checks, registered by name, each in a small module named for what it checks.

A document check looks at one parsed file; a site check looks at all of them (for
uniqueness and references). Checks yield :class:`~mkdocs_workplans.findings.Finding`
objects and never log: severities, suppressions and reporting happen in
:mod:`mkdocs_workplans.analysis`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from difflib import get_close_matches
from typing import TYPE_CHECKING

from mkdocs_workplans.findings import Finding
from mkdocs_workplans.model.document import Document
from mkdocs_workplans.registry import Owner
from mkdocs_workplans.settings import Settings
from mkdocs_workplans.site import Site

if TYPE_CHECKING:
    from mkdocs_workplans.refcheck.context import RefContext

DocumentCheck = Callable[[Document, Settings], Iterable[Finding]]
SiteCheck = Callable[[Site], Iterable[Finding]]


@dataclass(frozen=True, slots=True)
class Registered:
    name: str
    owner: Owner
    document: DocumentCheck | None = None
    site: SiteCheck | None = None

    def run(self, site: Site) -> Iterable[Finding]:
        if self.site is not None:
            yield from self.site(site)
        if self.document is not None:
            for document in site.documents:
                yield from self.document(document, site.settings)


CHECKS: dict[str, Registered] = {}


def _register(registered: Registered) -> None:
    if registered.name in CHECKS:
        raise RuntimeError(f"check {registered.name!r} registered twice")
    CHECKS[registered.name] = registered


def document_check(name: str, owner: Owner = "workplans") -> Callable[[DocumentCheck], DocumentCheck]:
    def decorate(check: DocumentCheck) -> DocumentCheck:
        _register(Registered(name, owner, document=check))
        return check

    return decorate


def site_check(name: str, owner: Owner = "workplans") -> Callable[[SiteCheck], SiteCheck]:
    def decorate(check: SiteCheck) -> SiteCheck:
        _register(Registered(name, owner, site=check))
        return check

    return decorate


def load_all() -> dict[str, Registered]:
    """Import every check module once so that their decorators register them."""
    from mkdocs_workplans.rules import (  # noqa: F401
        external_links,
        references_ids,
        references_links,
        references_paths,
        references_retired,
        runbooks,
        staleness,
        tasks,
        uniqueness,
        workplan_meta,
    )

    return CHECKS


def enabled(settings: Settings) -> list[Registered]:
    owners = {"workplans"} if settings.workplans else set()
    if settings.refcheck:
        owners.add("refcheck")
    return [check for check in load_all().values() if check.owner in owners]


def close_match(value: str, known: Iterable[str], cutoff: float = 0.7) -> str | None:
    """A "did you mean" hint for a misspelt key, value, anchor or name."""
    found = get_close_matches(value, sorted(known), n=1, cutoff=cutoff)
    return f"did you mean '{found[0]}'?" if found else None


def with_refs(site: Site) -> Iterator[tuple[Document, RefContext]]:
    """Each document with the shared reference context; nothing without ``refcheck``."""
    if site.refs is not None:
        for document in site.documents:
            yield document, site.refs


def findings_for(site: Site) -> list[Finding]:
    """Run every enabled check over the site."""
    return [finding for registered in enabled(site.settings) for finding in registered.run(site)]
