"""Where an id links to, seen from one page of the site."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from mkdocs.utils import get_relative_url

from mkdocs_workplans.index import IdTarget
from mkdocs_workplans.render.escape import esc, label, safe_url
from mkdocs_workplans.render.placeholders import fill_inline, fill_parked, inline_marker, park_inline


@dataclass(frozen=True, slots=True)
class Linker:
    """Resolves ids of this site and of siblings to hrefs relative to ``page_url``."""

    ids: Mapping[str, IdTarget]
    sibling_ids: Mapping[str, IdTarget]
    page_url: str
    """The current page's URL relative to the site root, as ``File.url``."""
    page_src_uri: str | None
    url_of: Callable[[str], str | None]
    """A page's URL relative to the site root, from its ``src_uri``; ``None`` if not in the site."""

    def target(self, ident: str) -> IdTarget | None:
        return self.ids.get(ident) or self.sibling_ids.get(ident)

    def href(self, target: IdTarget) -> str | None:
        """``None`` when there is nowhere useful to go (unknown page, or this very page's top)."""
        if target.repo is not None or target.src_uri is None:
            return safe_url(target.url)
        return self.page_href(target.src_uri, target.anchor)

    def page_href(self, src_uri: str, anchor: str | None = None) -> str | None:
        fragment = f"#{anchor}" if anchor else ""
        if src_uri == self.page_src_uri:
            return fragment or None
        url = self.url_of(src_uri)
        if url is None:
            return None
        return get_relative_url(url, self.page_url) + fragment


def ref_link(target: IdTarget, href: str, inner_html: str) -> str:
    """An id link that tells, on hover, what it points at and in which state."""
    # The dash as a character reference: one character beyond Latin-1 would make Python store the
    # whole page's HTML, which MkDocs keeps until the build ends, in two bytes per character.
    parts = (target.title, label(target.status) if target.status else None)
    hint = " &#8211; ".join(esc(part) for part in parts if part)
    title = f' title="{hint}"' if hint else ""
    status = f' data-status="{esc(target.status)}"' if target.status else ""
    return f'<a class="wp-ref" href="{esc(href)}"{status}{title}>{inner_html}</a>'


@dataclass(frozen=True, slots=True)
class PendingLink:
    """An id written on a page, to be linked once the ids of the whole site are known.

    A page is rendered while the rest of the site may still be parsed (see
    :mod:`mkdocs_workplans.streamed`): its ids go in as inline markers, and :func:`fill_links`
    turns each into a link, or back into the text it was, once every id is known.
    """

    ident: str
    in_code: bool


def as_written(link: PendingLink) -> str:
    """The id as the page shows it without a link: in ``<code>`` when it was a code span."""
    return f"<code>{esc(link.ident)}</code>" if link.in_code else esc(link.ident)


def pending_html(link: PendingLink, linker: Linker) -> str:
    """The id as written, linked when it resolves."""
    inner = as_written(link)
    target = linker.target(link.ident)
    href = linker.href(target) if target else None
    return ref_link(target, href, inner) if target and href else inner


_PARKED = "id"


def park_links(html: str, pending: Sequence[PendingLink]) -> str:
    """The page's inline markers as ASCII comments around the ids as written, while a build waits
    for the site's ids (see :func:`.placeholders.park_inline`)."""
    if not pending:
        return html
    return park_inline(html, _PARKED, [as_written(link) for link in pending])


def fill_links(html: str, pending: Sequence[PendingLink], linker: Linker) -> str:
    """Put the id links (or the ids as text) in place of the page's inline markers, or of what
    :func:`park_links` made of them."""
    if not pending:
        return html
    fragments = [pending_html(link, linker) for link in pending]
    return fill_parked(fill_inline(html, fragments), _PARKED, fragments)


def id_marker(ident: str, pending: list[PendingLink]) -> str:
    """An id as ``<code>`` linked once the site's ids are known: its marker, with the id added to ``pending``."""
    pending.append(PendingLink(ident, in_code=True))
    return inline_marker(len(pending) - 1)
