"""RF006: text that matches a retired pattern (outside front matter and HTML comments)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from mkdocs_workplans.findings import Finding
from mkdocs_workplans.model.document import Document
from mkdocs_workplans.site import Site


def check_retired(document: Document, site: Site) -> Iterator[Finding]:
    applicable = [(re.compile(r.pattern), r) for r in site.settings.retired if document.kind in r.applies_to]
    if not applicable:
        return
    in_comment = {n for first, last in document.comments for n in range(first, last + 1)}
    front_matter = document.body.count("\n", 0, document.front_matter_end)
    for number, line in enumerate(document.body.split("\n"), start=1):
        if number <= front_matter or number in in_comment:
            continue
        for regex, rule in applicable:
            for match in regex.finditer(line):
                yield Finding(
                    "RF006", document.path, number, match.start() + 1, f"retired: '{match.group()}': {rule.message}"
                )
