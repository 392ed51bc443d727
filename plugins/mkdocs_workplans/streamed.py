"""An analysis made in a forked process while the build renders the site.

Parsing a site costs about half of what Python-Markdown takes to render it. A build that
parsed everything before its first page waited for that; now a child process
(:mod:`.pipeline`) reads and parses the pages one at a time, in the order MkDocs renders
them, and sends each page's model at once, while the build renders on the other core. The
build waits only for the page it is about to render, and for the verdict once every page is
rendered (the index pages, read last, need it). Whatever the child can do for a page it does
there, off the build's path: it also resolves the page's links and sends their rewrites. To
resolve them as the build will, it must know whether the site has index pages: that is decided
before the fork, from the front matter of the first page that could be a workplan or a runbook.

What the child keeps of a page once it has run the per-document checks on it, and what it
sends, is what a build keeps once checked (:meth:`.Document.for_rendering`): the text, code
spans and headings never accumulate, in either process. The checks of the whole site run in
the child once every page is parsed; their findings, the site's ids and what ``finish``
makes of the pages (the index pages) are its result. The checks a build
judges on the rendered pages run in the build at the end, as before.
``workplans check`` and ``mkdocs serve`` analyse in-process (:func:`.analysis.analyse`):
the same checks on the same documents, which the parity tests hold.
"""

from __future__ import annotations

import gc
import pickle
import zlib
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any, Generic, TypeVar

from mkdocs_workplans.analysis import Analysis, Inputs, assemble, check, grade, indexes_to_generate
from mkdocs_workplans.collector import uncollected
from mkdocs_workplans.findings import Finding
from mkdocs_workplans.model.document import Document, Link
from mkdocs_workplans.model.parser import ParseOptions, document_from, kind_of, read_source
from mkdocs_workplans.pipeline import Forked
from mkdocs_workplans.references.context import anchors_of, page_context
from mkdocs_workplans.references.links import rewrites
from mkdocs_workplans.rules.catalog import document_findings
from mkdocs_workplans.settings import Settings
from mkdocs_workplans.site import Site
from mkdocs_workplans.sources import Source

Made = TypeVar("Made")

#: Words without which a page's front matter cannot make it a workplan or a runbook (``type: workplan``);
#: a backslash could spell them as a YAML escape.
_KIND_WORDS = ("workplan", "runbook", "\\")


Rewrites = tuple[tuple[Link, str], ...]
"""A page's links that rendering rewrites, with their new targets (see :func:`.references.links.rewrites`)."""

Item = tuple[Document, bytes, Rewrites | None]
"""What the child sends of each page: its model for rendering, its anchors (packed), and its link rewrites
(``None`` without ``refcheck``)."""

Result = tuple[bytes, Made]
"""What the child returns: the findings of its checks and the site's ids, packed (see :meth:`complete`),
and what ``finish`` made."""


class StreamedAnalysis(Generic[Made]):
    """The analysis of ``sources``; ``finish`` makes something of every page (by ``src_uri``) in the child,
    once they are checked, and it comes with the analysis (:meth:`complete`): the index pages, which
    the build then need not make from models of its own.

    The child reads and parses one page at a time and runs the per-document checks on it at once,
    so that what only those read (the text, code spans, headings) is let go before the next page:
    it never holds the whole site's text. The checks of the whole site run once every page is parsed.
    """

    def __init__(
        self,
        sources: Sequence[Source],
        options: ParseOptions,
        settings: Settings,
        inputs: Inputs,
        problems: Sequence[Finding],
        generated: frozenset[str],
        finish: Callable[[Mapping[str, Document]], Made],
    ) -> None:
        self.sources = list(sources)
        self.settings = settings
        self.inputs = inputs
        self.generated = generated
        self._position = {source.src_uri: number for number, source in enumerate(self.sources)}
        self.unreadable: set[str] = set()
        """Paths of the sources that cannot be read (IN001): MkDocs must not read them either."""
        self.readers = False
        """Whether any page is a workplan or a runbook (the site then has index pages)."""
        # Read here and again in the child: MkDocs must not be handed a page it cannot read (IN001), which
        # must be known before the navigation is built; handing the texts over instead would keep the
        # whole site's text in this process, which renders it, for the rest of the build.
        for source in self.sources:
            text, _problem = read_source(source.path, source.rel, options.max_bytes)
            if text is None:
                self.unreadable.add(source.rel)
            elif not self.readers and any(word in text for word in _KIND_WORDS):
                self.readers = kind_of(text) != "page"

        listed = self.sources  # not `self`: the child would otherwise keep this object alive with a cycle
        # The pages links can lead to, the index pages included: the child rewrites links as the build will.
        pages = generated | frozenset(indexes_to_generate(settings, self.readers))

        def work(emit: Callable[[Item], None]) -> Result[Made]:
            gc.disable()  # the model has no cycles (see .collector)
            context = None
            if inputs.siblings is not None:
                paths = {source.rel: source.src_uri for source in listed}
                context = page_context(settings, paths, pages, inputs.siblings)
            shared = Site(settings, [], {}, refs=context, statehub=inputs.statehub)
            documents = []
            findings: list[Finding] = []
            for source in listed:
                text, problem = read_source(source.path, source.rel, options.max_bytes)
                document = document_from(text, problem, source.rel, options)
                findings += document_findings(shared, document)
                # Packed: the build needs a page's anchors only if it does not render the page (see `complete`).
                anchors = pickle.dumps(anchors_of(document, settings.workplans), pickle.HIGHEST_PROTOCOL)
                rendering = document.for_rendering()
                # Resolved here, on the other core, rather than in the build as it renders the page.
                moves = None if context is None else tuple(rewrites(context, rendering))
                emit((rendering, anchors, moves))
                document.release_document_inputs()
                documents.append(document)
            analysis = assemble(listed, documents, settings, inputs, generated)
            check(analysis, problems, rendering=True, per_document=findings)
            analysis.release_check_inputs()  # their memory serves what `finish` makes
            outcome = pickle.dumps((analysis.findings, analysis.ids), pickle.HIGHEST_PROTOCOL)
            return zlib.compress(outcome, 1), finish(analysis.pages)

        # The child and this process share the memory of everything made so far, until either writes to it;
        # the collector writes to every object it traverses. Frozen, what is shared stays shared.
        gc.freeze()
        self._forked: Forked[Item, Result[Made]] = Forked(work, _unpickled)

    def document(self, src_uri: str) -> Document | None:
        """The page's model for rendering, once the child has parsed it."""
        number = self._position.get(src_uri)
        return None if number is None else self._forked.item(number)[0]

    def rewrites(self, src_uri: str) -> Rewrites | None:
        """The page's link rewrites, once the child has parsed it; ``None`` without ``refcheck``."""
        number = self._position.get(src_uri)
        return None if number is None else self._forked.item(number)[2]

    def made(self) -> Made:
        """What ``finish`` made, once the child is done."""
        return self._forked.result()[1]

    def complete(self, rendered: Collection[str]) -> Analysis:
        """The whole analysis, graded as the build found it before rendering.

        ``rendered``: the pages (``src_uri``) the build renders. The ids of their HTML judge the links
        to them (:meth:`.Analysis.judge_rendered`), so their anchors in the source are not needed.

        The findings and ids stay packed (and compressed) until now: a build asks for them once it has
        written the index pages (:meth:`made`), the largest of the site, whose HTML then is not held
        beside them.
        """
        packed, _made = self._forked.result()
        findings, ids = pickle.loads(zlib.decompress(packed))
        items = [self._forked.item(number) for number in range(len(self.sources))]
        documents = [document for document, _anchors, _rewrites in items]
        anchors = {
            document.path: pickle.loads(found)
            for source, (document, found, _rewrites) in zip(self.sources, items, strict=True)
            if source.src_uri not in rendered
        }
        with uncollected():
            analysis = assemble(self.sources, documents, self.settings, self.inputs, self.generated, ids, anchors)
        analysis.findings = findings
        analysis.reported = grade(findings, {doc.path: doc for doc in documents}, self.settings)
        analysis.release_check_inputs()
        return analysis


def _unpickled(message: bytes) -> Any:
    """A message's pages, which live as long as the build, out of the garbage collector's way (see
    :mod:`.collector`): unfrozen, every collection of the build would traverse them again.

    Whatever else is unreachable is collected first. Rendering leaves cycles behind (Python-Markdown's,
    the templates'), and frozen they would never be freed. What the collection traverses is only what
    was made since the last freeze: a few pages' rendering. On the bench's 1,000 workplans the build
    runs about 6 % faster than one that lets the collector traverse the pages, in the same memory.
    """
    gc.collect()
    with uncollected():
        return pickle.loads(message)
