"""From the model's line numbers to the Markdown MkDocs hands plugins.

The model numbers lines in the whole file; MkDocs hands ``on_page_markdown`` the text
after the front matter (and after the blank lines that followed it). The difference
in line count is how many lines MkDocs took off the top. Both the link rewrites of
``refcheck`` and the markers of ``workplans`` need it, so it is computed here once.
"""

from __future__ import annotations

from mkdocs_workplans.model.document import Document


def lines_stripped(document: Document, markdown: str) -> int:
    """How many leading lines of the document's file are not in ``markdown``; negative if more."""
    return document.newlines - markdown.count("\n")
