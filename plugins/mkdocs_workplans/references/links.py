"""Resolving one link target from its source file's place in the repository.

:func:`resolve` is pure: it takes the target text and returns where readers should
go (a rewrite, when MkDocs on its own would get it wrong) and the problems found.
The link rules turn problems into findings; the ``refcheck`` plugin applies rewrites.
"""

from __future__ import annotations

import posixpath
import re
from urllib.parse import unquote

from mkdocs_workplans.hints import close_match
from mkdocs_workplans.model.document import Document, Link
from mkdocs_workplans.references.context import RefContext
from mkdocs_workplans.references.outcome import Outcome
from mkdocs_workplans.references.pages import HINT_CUTOFF, AnchorRef, PageRef
from mkdocs_workplans.references.paths import is_absolute_local
from mkdocs_workplans.references.repo import normalise, relative
from mkdocs_workplans.references.siblings import Sibling

SCHEME_RE = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):(.*)$", re.DOTALL)
#: Schemes that are never repository names.
SCHEMES = frozenset(
    [
        "http",
        "https",
        "ftp",
        "ftps",
        "mailto",
        "tel",
        "sms",
        "data",
        "javascript",
        "file",
        "irc",
        "ircs",
        "news",
        "git",
        "ssh",
        "svn",
        "urn",
        "xmpp",
        "magnet",
        "geo",
        "about",
        "blob",
        "ws",
        "wss",
        "vscode",
        "slack",
        "zoommtg",
        "spotify",
    ]
)


def _split(target: str) -> tuple[str, str | None]:
    path, _, anchor = target.partition("#")
    path = path.partition("?")[0]
    return unquote(path), (unquote(anchor) if anchor else None)


def outcomes(ctx: RefContext, document: Document) -> list[tuple[Link, Outcome]]:
    """Each link of ``document`` with where it leads; computed once, for rules and rewrites."""
    found = ctx.outcomes.get(document.path)
    if found is None:
        source = ctx.pages.get(document.path)
        found = [(link, resolve(ctx, source, document.path, link.target)) for link in document.links]
        if ctx.keep_outcomes:
            ctx.outcomes[document.path] = found
    return found


def rewrites(ctx: RefContext, document: Document) -> list[tuple[Link, str]]:
    """The links of ``document`` a reader would find broken, each with the target that works (into
    siblings, to ``source_url``, between included root files and ``docs_dir``)."""
    return [(link, outcome.rewrite) for link, outcome in outcomes(ctx, document) if outcome.rewrite]


def resolve(ctx: RefContext, source: PageRef | None, source_path: str, target: str) -> Outcome:
    """Where ``target``, written in the file ``source_path``, leads; and what is wrong with it."""
    target = target.strip()
    if not target:
        return Outcome()
    if target.startswith("#"):
        anchor = unquote(target[1:])
        return Outcome(anchor=AnchorRef(source, anchor, None) if source is not None and anchor else None)
    if is_absolute_local(target):
        return Outcome().add("RF005", f"link to the absolute local path '{target}' only works on one machine")
    scheme = SCHEME_RE.match(target)
    if scheme:
        name = scheme.group(1)
        if name in ctx.siblings:
            return sibling_target(ctx.siblings[name], scheme.group(2))
        if name.lower() in ("http", "https"):
            return _sibling_url(ctx, target)
        if name.lower() in SCHEMES or scheme.group(2).startswith("//"):
            return Outcome()
        return Outcome().add(
            "XR001",
            f"unknown repository '{name}' in '{target}'",
            close_match(name, ctx.siblings, cutoff=HINT_CUTOFF),
        )
    if target.startswith("/"):
        return Outcome()  # site-absolute; MkDocs' own validation.links.absolute_links decides
    return _relative(ctx, source, source_path, target)


def sibling_target(sibling: Sibling, spec: str, what: str = "link") -> Outcome:
    """``repo:path#anchor`` (after the ``repo:``) checked against the sibling."""
    path, anchor = _split(spec)
    rel = normalise(path)
    outcome = Outcome()
    if rel is None:
        return outcome.add("XR005", f"{what} '{sibling.name}:{spec}' escapes the repository {sibling.name}")
    if sibling.problem is not None:
        return outcome.add("XR004", f"cannot verify {sibling.name}:{rel}: {sibling.problem}")
    exists = sibling.exists(rel)
    if exists is None:
        return outcome.add("XR004", f"cannot verify {sibling.name}:{rel}: its inventory lists pages only")
    if not exists:
        hint = sibling.files.close_match(rel) if sibling.files else close_match(rel, sibling.pages, cutoff=HINT_CUTOFF)
        return outcome.add("XR002", f"{sibling.name}:{rel} does not exist", hint)
    page = sibling.pages.get(rel)
    if anchor and page is not None and page.anchors is not None and anchor not in page.anchors:
        outcome.add(
            "XR003",
            f"anchor '#{anchor}' does not exist on {sibling.name}:{rel}",
            close_match(anchor, page.anchors, cutoff=HINT_CUTOFF),
        )
    outcome.rewrite = sibling.url_for(rel, anchor)
    return outcome


def _sibling_url(ctx: RefContext, url: str) -> Outcome:
    """Absolute URLs under a sibling's ``site_url`` or ``source_url`` are checked like paths."""
    for sibling in ctx.siblings.values():
        source_url = sibling.repo.source_url
        if source_url and url.startswith(source_url):
            outcome = sibling_target(sibling, url[len(source_url) :])
            outcome.rewrite = None
            return outcome
        site_url = sibling.site_url
        if site_url and url.startswith(site_url):
            path, anchor = _split(url[len(site_url) :])
            if sibling.problem is not None:
                return Outcome().add("XR004", f"cannot verify {url}: {sibling.problem}")
            page = sibling.page_by_url(path)
            if page is None:
                return Outcome().add("XR002", f"{url} is not a page of {sibling.name}")
            if anchor and page.anchors is not None and anchor not in page.anchors:
                return Outcome().add(
                    "XR003",
                    f"anchor '#{anchor}' does not exist on {sibling.name}:{page.path}",
                    close_match(anchor, page.anchors, cutoff=HINT_CUTOFF),
                )
            return Outcome()
    return Outcome()


def _relative(ctx: RefContext, source: PageRef | None, source_path: str, target: str) -> Outcome:
    path, anchor = _split(target)
    base = posixpath.dirname(source_path)
    absolute = posixpath.normpath(posixpath.join(ctx.settings.root.as_posix(), base, path))
    found = ctx.sibling_for_path(absolute)
    if found is not None:  # a sibling checkout, beside this repository or (as in a demo) inside it
        sibling, inner = found
        return sibling_target(sibling, inner + (f"#{anchor}" if anchor else ""))
    rel = normalise(posixpath.join(base, path)) if path else source_path
    if rel is None:
        return Outcome().add("RF001", f"link target '{target}' is outside the repository")
    page = ctx.pages.get(rel) or ctx.pages.get(f"{rel}/index.md") or ctx.pages.get(f"{rel}/README.md")
    if page is not None:
        outcome = Outcome(anchor=AnchorRef(page, anchor, rel) if anchor else None)
        if source is not None:
            wanted = relative(page.src_uri, posixpath.dirname(source.src_uri))
            if wanted != path and normalise(posixpath.join(posixpath.dirname(source.src_uri), path)) != page.src_uri:
                outcome.rewrite = wanted + (f"#{anchor}" if anchor else "")
        return outcome
    if not ctx.files.exists(rel) and not ctx.from_theme(rel):
        return Outcome().add("RF001", f"link target '{path}' does not exist", ctx.files.close_match(rel, base))
    if ctx.in_docs(rel):
        return Outcome()  # an asset of the site: MkDocs copies it
    source_url = ctx.settings.source_url
    if source_url:
        return Outcome(rewrite=source_url.rstrip("/") + "/" + rel + (f"#{anchor}" if anchor else ""))
    return Outcome().add("RF009", f"'{rel}' is not part of the site and refcheck has no source_url to link it to")
