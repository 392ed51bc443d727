"""RF010: link syntax that Python-Markdown does not turn into a working link.

``[text]()`` renders as a link to the page itself, and ``[text][label]`` with no
``[label]: …`` definition renders as the brackets, as text: a reader sees both, an
author meant neither. A shortcut ``[label]`` alone is left alone (task lists and
prose use brackets), and an empty link that an attribute list gives an id
(``[](){#name}``, the autorefs idiom) is an anchor on purpose. When mkdocs-autorefs
runs, ``[text][identifier]`` is one of its cross-references, resolved at build time.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_workplans.findings import Finding
from mkdocs_workplans.model.document import Document
from mkdocs_workplans.settings import Settings


def check_link_syntax(document: Document, settings: Settings) -> Iterator[Finding]:
    for link in document.links:
        if not link.target and link.attr_id is None:
            what = "image" if link.image else "link"
            yield Finding("RF010", document.path, link.line, link.column, f"{what} '{link.text}' has an empty target")
    if settings.autorefs:
        return
    for reference in document.undefined_references:
        yield Finding(
            "RF010",
            document.path,
            reference.line,
            reference.column,
            f"reference '[{reference.label}]' is defined nowhere on this page; it shows as text",
        )
