"""Everything reference checks share, built once per analysis.

This repository's files, the pages of the site by source path with their anchors,
and the sibling repositories (each loaded once: a checkout parsed, or an inventory
fetched).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

from mkdocs_workplans.index import IdTarget, task_anchor
from mkdocs_workplans.model.document import Document, Link
from mkdocs_workplans.references.outcome import Outcome
from mkdocs_workplans.references.pages import PageRef
from mkdocs_workplans.references.repo import RepoFiles
from mkdocs_workplans.references.siblings import Sibling, load
from mkdocs_workplans.settings import Repo, Settings


@dataclass
class RefContext:
    settings: Settings
    files: RepoFiles
    pages: dict[str, PageRef]
    """Pages of the site by source path (relative to the directory of ``mkdocs.yml``)."""
    siblings: dict[str, Sibling] = field(default_factory=dict)
    docs_prefix: str = ""
    """``docs_dir`` relative to the root, with a trailing ``/`` (empty when outside the root)."""

    def sibling_for_path(self, absolute: str) -> tuple[Sibling, str] | None:
        """The sibling whose configured ``path`` contains ``absolute``, and the path inside it."""
        for sibling in self.siblings.values():
            base = sibling.repo.path
            if base is None:
                continue
            try:
                inner = PurePosixPath(absolute).relative_to(base.as_posix())
            except ValueError:
                continue
            return sibling, inner.as_posix()
        return None

    outcomes: dict[str, list[tuple[Link, Outcome]]] = field(default_factory=dict)
    """Each document's links with where they lead, by path (see :func:`.links.outcomes`)."""
    keep_outcomes: bool = True
    """Whether ``outcomes`` fills up. A build asks for a page's outcomes twice, for its rewrites and
    once the site is rendered; keeping every page's in between would cost more memory than the
    second resolution costs time."""

    def in_docs(self, rel: str) -> bool:
        return bool(self.docs_prefix) and rel.startswith(self.docs_prefix)

    def from_theme(self, rel: str) -> bool:
        """Whether ``rel`` (a path in ``docs_dir``) is a file the theme puts into the site (``img/favicon.ico``)."""
        if not self.in_docs(rel):
            return False
        uri = rel[len(self.docs_prefix) :]
        return any((folder / uri).is_file() for folder in self.settings.theme_dirs)


def anchors_of(document: Document, with_task_cards: bool) -> frozenset[str]:
    """The page's anchors, plus its task cards' when the workplans plugin renders them."""
    if not with_task_cards:
        return frozenset(document.anchors)
    return frozenset(document.anchors | {task_anchor(t.task_id) for t in document.tasks if t.task_id})


def unverifiable(document: Document, settings: Settings) -> str | None:
    """Why the source cannot show every anchor ``document`` gets in a build, if it cannot."""
    if document.expanded_by is not None:
        return f"the page {document.expanded_by}"
    if settings.page_changers:
        return f"{', '.join(settings.page_changers)} may change pages"
    return None


def load_siblings(repos: dict[str, Repo], offline: bool, timeout: float) -> dict[str, Sibling]:
    """Each configured sibling, once; offline runs never fetch an inventory over HTTP."""
    result = {}
    for name, repo in sorted(repos.items()):
        if offline and not (repo.path and repo.path.is_dir()) and repo.inventory and "://" in repo.inventory:
            result[name] = Sibling(repo, problem=f"offline: inventory {repo.inventory} not fetched")
        else:
            result[name] = load(repo, timeout)
    return result


def build_context(
    settings: Settings,
    pages_by_uri: dict[str, Document],
    generated: frozenset[str],
    sibling_ids: dict[str, IdTarget],
    siblings: dict[str, Sibling],
    anchors: Mapping[str, frozenset[str]] | None = None,
) -> RefContext:
    """The context of one analysis, with the ``siblings`` read for it (:func:`load_siblings`); their ids
    are added to ``sibling_ids``. ``anchors``: each page's, by path, when the documents no longer hold them;
    a page they leave out has none of its own (a build judges links to it by its rendered HTML alone)."""
    refs = page_context(settings, {}, generated, siblings)
    refs.pages.update(
        (
            doc.path,
            PageRef(
                src_uri,
                doc,
                anchors.get(doc.path) if anchors is not None else anchors_of(doc, settings.workplans),
                unverifiable(doc, settings),
            ),
        )
        for src_uri, doc in pages_by_uri.items()
    )
    for sibling in siblings.values():
        for ident, target in sibling.ids.items():
            sibling_ids.setdefault(ident, target)
    return refs


def page_context(
    settings: Settings, paths: dict[str, str], generated: frozenset[str], siblings: dict[str, Sibling]
) -> RefContext:
    """A context that knows which pages exist (``paths``: ``src_uri`` by source path, and the
    ``generated`` ones) but not what they hold: enough to rewrite links before the site is parsed."""
    try:
        docs_prefix = settings.docs_dir.relative_to(settings.root).as_posix() + "/"
    except ValueError:
        docs_prefix = ""
    pages = {docs_prefix + src_uri: PageRef(src_uri, None, None) for src_uri in generated}
    pages.update((path, PageRef(src_uri, None, None)) for path, src_uri in paths.items())
    refs = RefContext(settings, RepoFiles(settings.root), pages, siblings, "" if docs_prefix == "./" else docs_prefix)
    refs.keep_outcomes = False
    return refs
