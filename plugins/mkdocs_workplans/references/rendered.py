"""The ids of a rendered page: what a build's HTML really offers as link targets.

A regular expression over tags rather than ``html.parser``: it runs on every page of
every build, and the parser costs several times the budget the plugins have. It is
linear (no pattern can backtrack past a ``<`` or ``>``), and it errs on the side of
more ids, which can only hide a finding, never raise a false one.
"""

from __future__ import annotations

import html
import re
import sys

TAG_RE = re.compile(r"<[A-Za-z][^<>]*>")
ID_RE = re.compile(r"""\s(?:id|name)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+))""")


def rendered_ids(page_html: str) -> frozenset[str]:
    """Every ``id`` (and ``name``, as on old-style ``<a name>`` anchors) in ``page_html``."""
    found: set[str] = set()
    for tag in TAG_RE.finditer(page_html):
        text = tag.group()
        if "id" not in text and "name" not in text:
            continue
        for attribute in ID_RE.finditer(text):
            value = attribute.group(1) or attribute.group(2) or attribute.group(3) or ""
            # Shared: the same few ids ("context", "deploy") are on most pages of a site.
            found.add(sys.intern(html.unescape(value) if "&" in value else value))
    return frozenset(found)
