"""Results of earlier runs, so that CI and ``mkdocs serve`` do not re-request every URL.

Only answers that will very likely still hold are kept — a success or a permanent
redirect — and only for ``cache_ttl_days``; failures are always checked again,
because a flaky server must not fail (or pass) the gate from memory. The file holds
URLs, statuses and times, never a header.

The cache is data another party may have written: by default it lives in the user's
cache directory, outside the repository, so a pull request cannot commit one; and
each entry is signed with a key kept in that directory (created on first use,
readable by the user only). An entry whose signature, types or lengths are wrong, or
that was written by another version or under other options (``allow_private``,
header prefixes), is ignored rather than trusted: a planted ``{"status": 200}``
cannot turn a broken link into a pass, and a damaged file cannot raise.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import logging
import math
import os
import secrets
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VERSION = 2
DAY = 86400.0
MAX_URL = 8192
KEY_BYTES = 32

log = logging.getLogger("mkdocs.plugins.workplans.external")


def user_cache_dir() -> Path:
    """This tool's directory in the user's cache (``XDG_CACHE_HOME``, ``~/.cache``, or the OS's)."""
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        configured = os.environ.get("XDG_CACHE_HOME", "")
        base = Path(configured) if os.path.isabs(configured) else Path.home() / ".cache"
    return base / "mkdocs-workplans"


def signing_key(directory: Path) -> bytes | None:
    """The user's key for signing entries, made on first use; ``None`` when it cannot be had."""
    path = directory / "key"
    with contextlib.suppress(OSError):
        directory.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileExistsError):
            handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(handle, "wb") as stream:
                stream.write(secrets.token_bytes(KEY_BYTES))
        key = path.read_bytes()
        if len(key) == KEY_BYTES:
            return key
    return None


@dataclass(frozen=True)
class Entry:
    status: int
    checked: float
    """Seconds since the epoch."""
    moved_to: str | None = None
    """Where a permanent redirect leads."""


class Cache:
    def __init__(self, path: Path | None, ttl_days: int, context: str) -> None:
        """``context`` names what the answers depend on besides the URL (version, options)."""
        self.ttl = ttl_days * DAY
        self.key = signing_key(user_cache_dir()) if path is not None and self.ttl > 0 else None
        self.path = path if self.key is not None else None
        self.context = context
        self.entries: dict[str, Entry] = {}
        self.changed = False
        if self.path is not None and self.ttl > 0:
            self.entries = self._read(self.path)

    def _name(self, url: str) -> str:
        return hashlib.sha256(f"{self.context}\0{url}".encode()).hexdigest()

    def _signature(self, url: str, entry: Entry) -> str:
        assert self.key is not None
        text = json.dumps([VERSION, self.context, url, entry.status, entry.checked, entry.moved_to])
        return hmac.new(self.key, text.encode(), hashlib.sha256).hexdigest()

    def _read(self, path: Path) -> dict[str, Entry]:
        """The trustworthy entries of ``path``; a missing, unreadable or foreign file is an empty cache."""
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError, RecursionError):
            log.info("external-link cache %s is not readable JSON: ignored", path)
            return {}
        items = data.get("entries") if isinstance(data, dict) and data.get("version") == VERSION else None
        if not isinstance(items, dict):
            log.info("external-link cache %s is not one this version writes: ignored", path)
            return {}
        entries = {}
        for name, item in items.items():
            parsed = self._entry(name, item)
            if parsed is not None:
                entries[parsed[0]] = parsed[1]
        if len(entries) < len(items):
            log.info("external-link cache %s: %d entries ignored", path, len(items) - len(entries))
        return entries

    def _entry(self, name: object, item: object) -> tuple[str, Entry] | None:
        """The URL and entry ``item`` holds, if well-formed, signed with our key and written for this context."""
        if not isinstance(item, dict):
            return None
        url, status, checked, moved_to, signature = (
            item.get(field) for field in ("url", "status", "checked", "moved_to", "signature")
        )
        if not (
            isinstance(url, str)
            and 0 < len(url) <= MAX_URL
            and type(status) is int
            and 100 <= status < 600
            and type(checked) is float
            and math.isfinite(checked)
            and (moved_to is None or (isinstance(moved_to, str) and 0 < len(moved_to) <= MAX_URL))
            and isinstance(signature, str)
            and name == self._name(url)
        ):
            return None
        entry = Entry(status, checked, moved_to)
        return (url, entry) if hmac.compare_digest(signature, self._signature(url, entry)) else None

    def get(self, url: str, now: float) -> Entry | None:
        entry = self.entries.get(url)
        return entry if entry is not None and 0 <= now - entry.checked < self.ttl else None

    def put(self, url: str, entry: Entry) -> None:
        if self.path is not None and self.ttl > 0 and len(url) <= MAX_URL:
            self.entries[url] = Entry(entry.status, float(entry.checked), entry.moved_to)
            self.changed = True

    def save(self) -> None:
        """Write atomically (temporary file, then rename), dropping expired entries.

        A cache that cannot be written only costs time on the next run, so failing to
        write it is not an error.
        """
        if self.path is None or not self.changed:
            return
        now = time.time()
        entries = {
            self._name(url): {
                "url": url,
                "status": e.status,
                "checked": e.checked,
                "moved_to": e.moved_to,
                "signature": self._signature(url, e),
            }
            for url, e in sorted(self.entries.items())
            if now - e.checked < self.ttl
        }
        text = json.dumps({"version": VERSION, "entries": entries}, indent=1, sort_keys=True)
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(prefix=".external-", suffix=".tmp", dir=self.path.parent)
            try:
                with os.fdopen(handle, "w", encoding="utf-8") as stream:
                    stream.write(text)
                os.replace(temporary, self.path)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(temporary)
