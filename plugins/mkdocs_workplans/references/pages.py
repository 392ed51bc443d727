"""Pages of the site as link targets, and how a link's fragment is judged against one.

In a build the rendered page is the truth: every id that Python-Markdown, the
extensions, other plugins and hooks put into its HTML counts. ``workplans check``
renders nothing, so it judges by the anchors the parser computed from the source,
and only where the source can tell: on a page that snippets, autodoc blocks, tabs
or a page-changing plugin or hook may fill, a missing anchor is reported as
unverified (info), never as an error the build would contradict.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mkdocs_workplans.hints import close_match
from mkdocs_workplans.model.document import Document

#: Anchors are short: a looser match than for keys would suggest unrelated ones.
HINT_CUTOFF = 0.75


@dataclass(slots=True)
class PageRef:
    src_uri: str
    document: Document | None
    """``None`` for a page another plugin or a hook generates."""
    anchors: frozenset[str] | None
    """``None`` when unknown (generated pages): anchors are then not checked without rendering."""
    unverifiable: str | None = None
    """Why the source cannot show every anchor of the page (``None``: it can)."""


@dataclass(frozen=True, slots=True)
class AnchorRef:
    """A link's ``#fragment`` on a page of this site."""

    page: PageRef
    anchor: str
    label: str | None
    """How messages name the page (its path); ``None`` for a link within the same page."""


@dataclass(frozen=True, slots=True)
class AnchorVerdict:
    message: str
    hint: str | None
    verified: bool
    """``False`` when the source could not tell and nothing was rendered: the build decides."""


def judge(ref: AnchorRef, rendered: Mapping[str, frozenset[str]] | None) -> AnchorVerdict | None:
    """A verdict when the fragment is missing; ``None`` when it exists or cannot be judged at all."""
    known = rendered.get(ref.page.src_uri) if rendered is not None else None
    verified = known is not None or ref.page.unverifiable is None
    if known is None:
        known = ref.page.anchors
    if known is None or ref.anchor in known:
        return None
    message = f"anchor '#{ref.anchor}' does not exist on {ref.label or 'this page'}"
    if not verified:
        message += f" as written; not verified: {ref.page.unverifiable}, so `mkdocs build` checks it"
    return AnchorVerdict(message, close_match(ref.anchor, known, cutoff=HINT_CUTOFF), verified)
