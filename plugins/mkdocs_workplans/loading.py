"""Reading and parsing every source once: on both cores when it pays, from a cache when it can.

The cache key of a file is its content digest together with everything parsing
depends on (the package version and :class:`ParseOptions`), so a cached document is
the document a fresh parse would give. ``mkdocs serve`` keeps documents in memory
between rebuilds, so a save re-parses only the file that changed; ``workplans check
--cache DIR`` keeps them on disk between runs.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import pickle
import tempfile
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from mkdocs_workplans import __version__
from mkdocs_workplans.model.document import Document
from mkdocs_workplans.model.parser import ParseOptions, body_of, decode_source, document_from, read_bytes
from mkdocs_workplans.sources import Source

#: Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_MIN = 200

Entry = tuple[str, Document]
"""``(content digest, document)``."""

#: Documents kept for the life of the process (``mkdocs serve`` rebuilds), by options key and path.
_MEMORY: dict[str, dict[str, Entry]] = {}


def _parser_digest() -> str:
    """The parser's own source: a cached parse is stale once the code that made it changed."""
    model = Path(__file__).resolve().parent / "model"
    digest = hashlib.blake2b(digest_size=16)
    for path in sorted(model.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()


PARSER_DIGEST = _parser_digest()


def options_key(options: ParseOptions) -> str:
    """A digest of everything a parse depends on besides the text."""
    slugify = options.slugify
    cells = getattr(slugify, "__closure__", None) or ()
    described = [
        __version__,
        PARSER_DIGEST,
        f"{getattr(slugify, '__module__', '')}.{getattr(slugify, '__qualname__', repr(slugify))}",
        repr([cell.cell_contents for cell in cells if isinstance(cell.cell_contents, (str, int, bool, type(None)))]),
        repr(options.key_fields()),
    ]
    return hashlib.blake2b("\0".join(described).encode(), digest_size=16).hexdigest()


class DocumentCache:
    """Parsed documents by path and content digest, in memory and optionally on disk."""

    def __init__(self, options: ParseOptions, directory: Path | None = None) -> None:
        self.key = options_key(options)
        self.entries = _MEMORY.setdefault(self.key, {})
        self.file = directory / f"documents-{self.key}.pickle" if directory else None
        self.changed = False
        if self.file is not None and not self.entries and self.file.is_file():
            try:
                loaded = pickle.loads(self.file.read_bytes())  # our own cache file, written below
            except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
                loaded = None
            if isinstance(loaded, dict):
                self.entries.update(loaded)

    def get(self, rel: str, digest: str) -> Document | None:
        entry = self.entries.get(rel)
        return entry[1] if entry is not None and entry[0] == digest else None

    def put(self, rel: str, digest: str, document: Document) -> None:
        self.entries[rel] = (digest, document)
        self.changed = True

    def keep_only(self, paths: set[str]) -> None:
        for rel in set(self.entries) - paths:
            del self.entries[rel]
            self.changed = True

    def save(self) -> None:
        """Write the cache atomically; a failure to write only costs the next run time."""
        if self.file is None or not self.changed:
            return
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.file.parent, prefix=".documents-")
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(self.entries, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.file)
        except OSError:
            return


_WORKER_OPTIONS: ParseOptions | None = None


def _init_worker(options: ParseOptions) -> None:
    global _WORKER_OPTIONS
    _WORKER_OPTIONS = options


def _parse_in_worker(job: tuple[str, str]) -> Document:
    """Parse in a worker; the body is left out of the answer, the parent still has the text."""
    text, rel = job
    assert _WORKER_OPTIONS is not None
    document = document_from(text, None, rel, _WORKER_OPTIONS)
    document.body = ""
    return document


def default_jobs() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def _parse_all(jobs: list[tuple[str, str]], options: ParseOptions, processes: int) -> list[Document]:
    if processes <= 1 or len(jobs) < PARALLEL_MIN or "fork" not in multiprocessing.get_all_start_methods():
        return [document_from(text, None, rel, options) for text, rel in jobs]
    try:
        pickle.dumps(options)
    except (pickle.PicklingError, AttributeError, TypeError):
        return [document_from(text, None, rel, options) for text, rel in jobs]
    chunk = max(1, len(jobs) // (processes * 4))
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(processes, mp_context=context, initializer=_init_worker, initargs=(options,)) as pool:
        documents = list(pool.map(_parse_in_worker, jobs, chunksize=chunk))
    for document, (text, _rel) in zip(documents, jobs, strict=True):
        document.body = body_of(text, document.front_matter_end)
    return documents


def load_documents(
    sources: Sequence[Source], options: ParseOptions, cache: DocumentCache | None = None, processes: int = 1
) -> list[Document]:
    """One document per source, in the order given; each file read once and parsed at most once."""
    documents: list[Document | None] = [None] * len(sources)
    jobs: list[tuple[str, str]] = []
    pending: list[tuple[int, str]] = []
    for index, source in enumerate(sources):
        data, problem = read_bytes(source.path, source.rel, options.max_bytes)
        if data is None:
            documents[index] = document_from(None, problem, source.rel, options)
            continue
        digest = hashlib.blake2b(data, digest_size=16).hexdigest()
        cached = cache.get(source.rel, digest) if cache else None
        if cached is not None:
            documents[index] = cached
            continue
        text, problem = decode_source(data, source.rel)
        if text is None:
            documents[index] = document_from(None, problem, source.rel, options)
            continue
        jobs.append((text, source.rel))
        pending.append((index, digest))
    for (index, digest), document in zip(pending, _parse_all(jobs, options, processes), strict=True):
        documents[index] = document
        if cache is not None:
            cache.put(document.path, digest, document)
    if cache is not None:
        cache.keep_only({source.rel for source in sources})
    return [document for document in documents if document is not None]
