"""Results of earlier runs, so that CI and ``mkdocs serve`` do not re-request every URL.

Only answers that will very likely still hold are kept — a success or a permanent
redirect — and only for ``cache_ttl_days``; failures are always checked again,
because a flaky server must not fail (or pass) the gate from memory. The file holds
URLs, statuses and times, never a header.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

VERSION = 1
DAY = 86400.0


@dataclass(frozen=True)
class Entry:
    status: int
    checked: float
    """Seconds since the epoch."""
    moved_to: str | None = None
    """Where a permanent redirect leads."""


class Cache:
    def __init__(self, path: Path | None, ttl_days: int) -> None:
        self.path = path
        self.ttl = ttl_days * DAY
        self.entries: dict[str, Entry] = {}
        self.changed = False
        if path is not None and self.ttl > 0:
            self.entries = self._read(path)

    @staticmethod
    def _read(path: Path) -> dict[str, Entry]:
        """The entries of ``path``; a missing, unreadable or foreign file is an empty cache."""
        try:
            data: Any = json.loads(path.read_text(encoding="utf-8"))
            if data.get("version") != VERSION:
                return {}
            return {
                str(url): Entry(int(item["status"]), float(item["checked"]), item.get("moved_to"))
                for url, item in data["urls"].items()
            }
        except (OSError, ValueError, TypeError, KeyError, AttributeError):
            return {}

    def get(self, url: str, now: float) -> Entry | None:
        entry = self.entries.get(url)
        return entry if entry is not None and 0 <= now - entry.checked < self.ttl else None

    def put(self, url: str, entry: Entry) -> None:
        if self.path is not None and self.ttl > 0:
            self.entries[url] = entry
            self.changed = True

    def save(self) -> None:
        """Write atomically (temporary file, then rename), dropping expired entries.

        A cache that cannot be written only costs time on the next run, so failing to
        write it is not an error.
        """
        if self.path is None or not self.changed:
            return
        now = time.time()
        urls = {
            url: {"status": e.status, "checked": e.checked, "moved_to": e.moved_to}
            for url, e in sorted(self.entries.items())
            if now - e.checked < self.ttl
        }
        text = json.dumps({"version": VERSION, "urls": urls}, indent=1, sort_keys=True)
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
