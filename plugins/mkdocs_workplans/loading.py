"""Reading and parsing every source once: on both cores when it pays, from a cache when it can.

The cache key of a file is its content digest together with everything parsing
depends on (the package version, the parser's source and :class:`ParseOptions`), so a
cached document is the document a fresh parse would give. ``mkdocs serve`` keeps
documents in memory between rebuilds, so a save re-parses only the file that changed;
``workplans check --cache DIR`` keeps them on disk between runs.

The directory on disk is not ours alone: CI caches are restored from other branches,
so a pull request can plant a file there. The file is therefore JSON, read back
through :mod:`.model.codec` (it builds documents and nothing else, every field
checked), and signed with the user's key that also signs the external-link cache
(kept outside the repository and the cache directory): a planted, edited or stale
file is ignored, which costs one cold run and never a finding.
"""

from __future__ import annotations

import gc
import hashlib
import hmac
import json
import logging
import multiprocessing
import os
import pickle
import tempfile
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from mkdocs_workplans import __version__
from mkdocs_workplans.external.cache import signing_key, user_cache_dir
from mkdocs_workplans.model.codec import Invalid, Unencodable, decode_document, encode_document
from mkdocs_workplans.model.document import Document
from mkdocs_workplans.model.parser import ParseOptions, decode_source, document_from, read_bytes
from mkdocs_workplans.sources import Source

#: Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_MIN = 200
#: Documents a worker sends back at once: small enough for the answer to stay under the allocator's
#: threshold for memory of its own, which the thread receiving it would otherwise keep for the build.
CHUNK_MAX = 8

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


#: Format of the file on disk; another version's file is ignored.
FORMAT = 1
#: Larger cache files are not read (a cache of the 10 MiB-per-page limit times thousands would be absurd).
MAX_FILE_BYTES = 512 * 1024 * 1024

log = logging.getLogger("mkdocs.plugins.workplans")


class DocumentCache:
    """Parsed documents by path and content digest, in memory and optionally on disk.

    On disk: one line with the HMAC of the rest, then ``{"format", "key", "entries"}``
    as JSON, ``entries`` mapping each path to its content digest and encoded document.
    """

    def __init__(self, options: ParseOptions, directory: Path | None = None, *, keep: bool = True) -> None:
        """``keep``: hold the documents for the next build of this process (``mkdocs serve``); a build
        that changes its documents once checked (:meth:`Document.release_check_inputs`) must not."""
        self.key = options_key(options)
        self.entries = _MEMORY.setdefault(self.key, {}) if keep else {}
        self.signing = signing_key(user_cache_dir()) if directory is not None else None
        self.file = directory / f"documents-{self.key}.json" if directory and self.signing else None
        self.changed = False
        if self.file is not None and not self.entries:
            self.entries.update(self._read(self.file))

    def _sign(self, payload: bytes) -> bytes:
        assert self.signing is not None
        context = f"{FORMAT}\0{self.key}\0".encode()
        return hmac.new(self.signing, context + payload, "sha256").hexdigest().encode()

    def _read(self, path: Path) -> dict[str, Entry]:
        """The entries of ``path`` if we wrote it for these options; anything else is an empty cache.

        The collector is paused meanwhile: reading builds many objects and no cycles, and
        collections triggered by allocation alone would double the time of a warm start.
        """
        enabled = gc.isenabled()
        gc.disable()
        try:
            return self._entries(path)
        finally:
            if enabled:
                gc.enable()

    def _entries(self, path: Path) -> dict[str, Entry]:
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ValueError("too large")
            signature, _, payload = path.read_bytes().partition(b"\n")
            if not hmac.compare_digest(signature, self._sign(payload)):
                raise ValueError("not signed with this user's key for these options")
            data = json.loads(payload)
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, RecursionError) as error:
            log.info("document cache %s ignored: %s", path, error)
            return {}
        ours = isinstance(data, dict) and data.get("format") == FORMAT and data.get("key") == self.key
        items = data.get("entries") if ours else None
        if not isinstance(items, dict):
            log.info("document cache %s ignored: written for other options", path)
            return {}
        entries: dict[str, Entry] = {}
        for rel, item in items.items():
            try:
                digest, encoded = item
                document = decode_document(encoded)
            except (Invalid, TypeError, ValueError):
                continue
            if isinstance(digest, str) and document.path == rel:
                entries[rel] = (digest, document)
        return entries

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
        entries = {}
        for rel, (digest, document) in sorted(self.entries.items()):
            try:
                entries[rel] = [digest, encode_document(document)]
            except Unencodable:
                continue  # parsed again next time
        payload = json.dumps({"format": FORMAT, "key": self.key, "entries": entries}, separators=(",", ":")).encode()
        try:
            self.file.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.file.parent, prefix=".documents-")
            with os.fdopen(handle, "wb") as stream:
                stream.write(self._sign(payload) + b"\n" + payload)
            os.replace(temporary, self.file)
        except OSError:
            return


_WORKER_OPTIONS: ParseOptions | None = None


def _init_worker(options: ParseOptions) -> None:
    global _WORKER_OPTIONS
    _WORKER_OPTIONS = options


def _parse_in_worker(job: tuple[str, str]) -> Document:
    """Parse in a worker; the text is left out of the answer, the parent still has it."""
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
    chunk = max(1, min(len(jobs) // (processes * 4), CHUNK_MAX))
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(processes, mp_context=context, initializer=_init_worker, initargs=(options,)) as pool:
        documents = list(pool.map(_parse_in_worker, jobs, chunksize=chunk))
    for document, (text, _rel) in zip(documents, jobs, strict=True):
        document.body = text
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
