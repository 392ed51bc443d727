"""Checks, registered by name, each in a small module named for what it checks.

A document check looks at one parsed file; a site check looks at all of them (for
uniqueness and references). Checks yield :class:`~mkdocs_workplans.findings.Finding`
objects and never log: severities, suppressions and reporting happen in
:mod:`mkdocs_workplans.analysis`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from mkdocs_workplans.findings import Finding
from mkdocs_workplans.model.document import Document
from mkdocs_workplans.registry import Owner
from mkdocs_workplans.settings import Settings

DocumentCheck = Callable[[Document, Settings], Iterable[Finding]]
SiteCheck = Callable[[Sequence[Document], Settings], Iterable[Finding]]
F = TypeVar("F", DocumentCheck, SiteCheck)


@dataclass(frozen=True, slots=True)
class Registered:
    name: str
    owner: Owner
    site: bool
    check: DocumentCheck | SiteCheck


CHECKS: dict[str, Registered] = {}


def _register(name: str, owner: Owner, site: bool) -> Callable[[F], F]:
    def decorate(check: F) -> F:
        if name in CHECKS:
            raise RuntimeError(f"check {name!r} registered twice")
        CHECKS[name] = Registered(name, owner, site, check)
        return check

    return decorate


def document_check(name: str, owner: Owner = "workplans") -> Callable[[DocumentCheck], DocumentCheck]:
    return _register(name, owner, site=False)


def site_check(name: str, owner: Owner = "workplans") -> Callable[[SiteCheck], SiteCheck]:
    return _register(name, owner, site=True)


def load_all() -> dict[str, Registered]:
    """Import every check module once so that their decorators register them."""
    from mkdocs_workplans.rules import runbooks, tasks, uniqueness, workplan_meta  # noqa: F401

    return CHECKS


def enabled(settings: Settings) -> list[Registered]:
    owners = {"workplans"} if settings.workplans else set()
    if settings.refcheck:
        owners.add("refcheck")
    return [check for check in load_all().values() if check.owner in owners]


def close_match(value: str, known: Sequence[str]) -> str | None:
    """A "did you mean" hint for a misspelt key or value."""
    from difflib import get_close_matches

    found = get_close_matches(value, known, n=1, cutoff=0.7)
    return f"did you mean '{found[0]}'?" if found else None


def findings_for(documents: Sequence[Document], settings: Settings) -> list[Finding]:
    result: list[Finding] = []
    for registered in enabled(settings):
        if registered.site:
            result.extend(registered.check(documents, settings))  # type: ignore[arg-type]
        else:
            for document in documents:
                result.extend(registered.check(document, settings))  # type: ignore[arg-type]
    return result


__all__ = ["document_check", "site_check", "close_match", "findings_for", "Document", "Finding", "Settings"]
