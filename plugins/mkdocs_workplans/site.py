"""The parsed site as site-wide checks see it."""

from __future__ import annotations

from dataclasses import dataclass, field

from mkdocs_workplans.index import IdTarget
from mkdocs_workplans.model.document import Document
from mkdocs_workplans.references.context import RefContext
from mkdocs_workplans.settings import Settings
from mkdocs_workplans.statehub.export import Export
from mkdocs_workplans.statehub.source import Unavailable


@dataclass
class Site:
    settings: Settings
    documents: list[Document]
    """Sorted by path."""
    pages: dict[str, Document]
    """Documents by their page URI in the site."""
    ids: dict[str, IdTarget] = field(default_factory=dict)
    """Every workplan and task id of this site."""
    sibling_ids: dict[str, IdTarget] = field(default_factory=dict)
    """Workplan and task ids of the configured sibling repositories (filled by refcheck)."""
    generated: frozenset[str] = frozenset()
    """``src_uri`` of pages that plugins or hooks generate: link targets with no source to parse."""
    rendered: dict[str, frozenset[str]] | None = None
    """Ids of each rendered page's HTML by ``src_uri``, once a build has rendered them; the truth for RF002."""
    refs: RefContext | None = None
    """What reference checks share; set when the ``refcheck`` plugin is configured."""
    statehub: Export | Unavailable | None = None
    """The State Hub export, or why it was not read; ``None`` when ``statehub.export`` is not configured."""

    @property
    def workplans(self) -> list[Document]:
        return [doc for doc in self.documents if doc.kind == "workplan"]
