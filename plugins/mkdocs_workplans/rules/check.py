"""What a check is: a name, the plugin that owns it, the codes it may emit, and a function.

A document check looks at one parsed file; a site check looks at all of them (for
uniqueness and references). Checks yield :class:`~mkdocs_workplans.findings.Finding`
objects and never log: severities, suppressions and reporting happen in
:mod:`mkdocs_workplans.analysis`. The list of checks, in order, is
:mod:`mkdocs_workplans.rules.catalog`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from mkdocs_workplans.codes import Code
from mkdocs_workplans.findings import Finding
from mkdocs_workplans.model.document import Document
from mkdocs_workplans.references.context import RefContext
from mkdocs_workplans.registry import Owner
from mkdocs_workplans.settings import Settings
from mkdocs_workplans.site import Site

DocumentCheck = Callable[[Document, Settings], Iterable[Finding]]
InSiteCheck = Callable[[Document, Site], Iterable[Finding]]
SiteCheck = Callable[[Site], Iterable[Finding]]


@dataclass(frozen=True, slots=True, kw_only=True)
class Check:
    name: str
    owner: Owner
    """The plugin whose configuration turns the check on."""
    codes: frozenset[Code]
    """Every code the check may emit; a test holds checks to it and to the registry's owners."""
    document: DocumentCheck | None = None
    document_in_site: InSiteCheck | None = None
    """One document at a time too, but with what the site shares that is not its pages' content
    (settings, this repository's files, the siblings): it may run as soon as the document is parsed."""
    site: SiteCheck | None = None
    on_render: bool = False
    """Judged again once a build has rendered every page (``site.rendered``): the rendered HTML settles it."""

    def run(self, site: Site) -> Iterator[Finding]:
        if self.site is not None:
            yield from self.site(site)
        if self.document is not None or self.document_in_site is not None:
            for document in site.documents:
                yield from self.run_on(document, site)

    @property
    def per_document(self) -> bool:
        return self.site is None

    def run_on(self, document: Document, site: Site) -> Iterator[Finding]:
        """The findings of a per-document check on one ``document`` of ``site``."""
        if self.document is not None:
            yield from self.document(document, site.settings)
        if self.document_in_site is not None:
            yield from self.document_in_site(document, site)


def with_refs(site: Site) -> Iterator[tuple[Document, RefContext]]:
    """Each document with the shared reference context; nothing without ``refcheck``."""
    if site.refs is not None:
        for document in site.documents:
            yield document, site.refs
