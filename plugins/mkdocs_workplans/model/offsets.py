"""From the model's line numbers to the Markdown MkDocs hands plugins.

The model numbers lines in the whole file; MkDocs hands ``on_page_markdown`` the text
after the front matter (and after the blank lines that followed it). The difference
in line count is how many lines MkDocs took off the top. Both the link rewrites of
``refcheck`` and the markers of ``workplans`` need it, so it is computed here once.
"""

from __future__ import annotations


def lines_stripped(body: str, markdown: str) -> int:
    """How many leading lines of ``body`` (the whole file) are not in ``markdown``; negative if more."""
    return body.count("\n") - markdown.count("\n")
