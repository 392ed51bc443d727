"""Fetched exports kept for ``max_age`` seconds, so ``mkdocs serve`` does not fetch on every save.

Like the external-link cache (:mod:`mkdocs_workplans.external.cache`, whose directory and
signing key this shares) it lives in the user's cache directory, outside the
repository, and an entry is trusted only when signed with that user's key. An entry
holds the body and the time it was fetched: never the token, never a header, not even
the URL (which may carry credentials) — the file is named by a hash of the URL and the
signature binds it. The body is parsed as untrusted data again when read.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

from mkdocs_workplans.external.cache import signing_key, user_cache_dir
from mkdocs_workplans.statehub.export import MAX_BYTES

VERSION = 1


def _name(url: str) -> str:
    return hashlib.sha256(f"statehub\0{VERSION}\0{url}".encode()).hexdigest()[:40] + ".json"


def _signature(key: bytes, url: str, fetched: float, body: str) -> str:
    text = json.dumps([VERSION, url, fetched, body])
    return hmac.new(key, text.encode(), hashlib.sha256).hexdigest()


def read(directory: Path, url: str, now: float, max_age: float) -> bytes | None:
    """The body fetched from ``url`` less than ``max_age`` seconds ago, if one was kept and is ours."""
    key = signing_key(user_cache_dir())
    if key is None:
        return None
    path = directory / _name(url)
    try:
        if path.stat().st_size > 2 * MAX_BYTES:
            return None
        data: Any = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("version") != VERSION:
        return None
    fetched, body, signature = data.get("fetched"), data.get("body"), data.get("signature")
    if not (
        type(fetched) is float
        and math.isfinite(fetched)
        and 0 <= now - fetched < max_age
        and isinstance(body, str)
        and isinstance(signature, str)
        and hmac.compare_digest(signature, _signature(key, url, fetched, body))
    ):
        return None
    return body.encode("utf-8")


def write(directory: Path, url: str, fetched: float, body: bytes) -> None:
    """Keep ``body`` (already parsed as a valid export, hence UTF-8 JSON); failing to write only costs a fetch."""
    key = signing_key(user_cache_dir())
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        return  # a valid export in UTF-16 or UTF-32: fetched again next time
    if key is None:
        return
    entry = {"version": VERSION, "fetched": fetched, "body": text, "signature": _signature(key, url, fetched, text)}
    with contextlib.suppress(OSError):
        directory.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".statehub-", suffix=".tmp", dir=directory)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as stream:
                json.dump(entry, stream)
            os.replace(temporary, directory / _name(url))
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)
