"""RF001, RF002, RF005, RF009 and XR001-XR005 for Markdown links.

RF002 is judged against the rendered pages when the build has them (``site.rendered``),
else against the anchors the source shows (see :mod:`mkdocs_workplans.references.pages`).
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_workplans.findings import Finding
from mkdocs_workplans.references.links import outcomes
from mkdocs_workplans.references.pages import judge
from mkdocs_workplans.rules.check import with_refs
from mkdocs_workplans.site import Site


def check_links(site: Site) -> Iterator[Finding]:
    for document, refs in with_refs(site):
        for link, outcome in outcomes(refs, document):
            for problem in outcome.problems:
                yield Finding(problem.code, document.path, link.line, link.column, problem.message, problem.hint)
            verdict = judge(outcome.anchor, site.rendered) if outcome.anchor is not None else None
            if verdict is not None:
                yield Finding(
                    "RF002",
                    document.path,
                    link.line,
                    link.column,
                    verdict.message,
                    verdict.hint,
                    unverified=not verdict.verified,
                )
