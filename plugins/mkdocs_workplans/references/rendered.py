"""The ids of a rendered page: what a build's HTML really offers as link targets.

Regular expressions rather than ``html.parser``: this runs on every page of every build,
and the parser costs several times the budget the plugins have. Each attribute name is
searched for as text (``re`` then skips ahead to it, instead of matching every tag), and a
match counts when it lies inside a tag: after a ``<`` and a letter, before the ``>`` that
closes it. The positions of the last ``<`` and ``>`` are carried forward from one match to
the next, so the page is scanned in linear time whatever it holds. It errs on the side of
more ids (an ``id=`` written inside another attribute's value counts), which can only hide a
finding, never raise a false one.
"""

from __future__ import annotations

import html
import re
import sys

_VALUE = r"""\s*=\s*(?:"([^"<>]*)"|'([^'<>]*)'|([^\s"'=<>`]+))"""
#: ``id`` and, as on old-style ``<a name>`` anchors, ``name``.
ATTRIBUTE_RES = (re.compile("id" + _VALUE), re.compile("name" + _VALUE))


def rendered_ids(page_html: str) -> frozenset[str]:
    """Every ``id`` (and ``name``) attribute value in ``page_html``."""
    found: set[str] = set()
    for attribute_re in ATTRIBUTE_RES:
        for value in _values(attribute_re, page_html):
            # Shared: the same few ids ("context", "deploy") are on most pages of a site.
            found.add(sys.intern(html.unescape(value) if "&" in value else value))
    return frozenset(found)


def _values(attribute_re: re.Pattern[str], text: str) -> list[str]:
    values = []
    opened = closed = -1  # the last `<` and `>` before the match
    scanned = 0  # up to where `opened` and `closed` are known
    tag, in_tag = -1, False  # the tag `opened` starts, and whether it is one
    for match in attribute_re.finditer(text):
        start = match.start()
        if not text[start - 1 : start].isspace():
            continue  # part of a longer name (`data-id`, `grid`)
        opened = max(opened, text.rfind("<", scanned, start))
        closed = max(closed, text.rfind(">", scanned, start))
        scanned = start
        if opened <= closed:
            continue
        if tag != opened:
            tag = opened
            following = text[tag + 1 : tag + 2]
            in_tag = following.isascii() and following.isalpha()
            if in_tag:
                next_open = text.find("<", tag + 1)
                end = len(text) if next_open < 0 else next_open
                in_tag = text.find(">", tag + 1, end) >= 0
        if in_tag:
            values.append(match.group(1) or match.group(2) or match.group(3) or "")
    return values
