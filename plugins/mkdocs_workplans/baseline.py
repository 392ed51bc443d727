"""The baseline: the findings a site had when it adopted the gate, so that only new ones fail.

A legacy site with hundreds of findings cannot fix them all before turning the gate on.
With a baseline it turns the gate on first and fixes the old findings over time: the
gate fails on findings that are not in the baseline, and says which baseline entries
are fixed so that the file can shrink (a ratchet).

Entries are matched on the code, the path and a fingerprint of the flagged line's
content with whitespace normalised, plus the finding's rank among its equals in the
file, never on the line number: lines inserted above a finding leave it matched. The
file is JSON, sorted, with nothing that changes between runs, so it diffs well in review.
It is untrusted input like any file of the repository: it is read as data against a
schema, and a file that does not fit is refused with the reason.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mkdocs_workplans.codes import is_code
from mkdocs_workplans.findings import Finding, Reported

VERSION = 1
MAX_BYTES = 50 * 1024 * 1024


class BaselineError(Exception):
    """The baseline file cannot be used; the message says why, for the user."""


@dataclass(frozen=True, order=True, slots=True)
class Entry:
    path: str
    code: str
    fingerprint: str
    occurrence: int
    """Rank among the findings of the file with the same code and fingerprint, in line order."""
    message: str = ""
    """For the people reading the file and the list of fixed findings; not matched."""

    @property
    def key(self) -> tuple[str, str, str, int]:
        return (self.path, self.code, self.fingerprint, self.occurrence)

    def render(self) -> str:
        return f"{self.path} {self.code} {self.message}"


@dataclass(frozen=True, slots=True)
class Ratchet:
    """The findings of a run split by the baseline."""

    new: list[Reported]
    known: int
    """How many findings the baseline holds and the run still has."""
    fixed: list[Entry]


def fingerprint(line: str) -> str:
    """The line's content with runs of whitespace made one space, hashed short."""
    return hashlib.sha256(" ".join(line.split()).encode("utf-8")).hexdigest()[:16]


class Lines:
    """Lines of the repository's files, read once each: what fingerprints are made of."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files: dict[str, list[str]] = {}

    def line(self, path: str, number: int) -> str:
        lines = self.files.get(path)
        if lines is None:
            try:
                text = (self.root / path).read_bytes()[:MAX_BYTES].decode("utf-8", errors="replace")
            except OSError:
                text = ""  # a generated page or a file gone: the code and path still match
            lines = self.files[path] = text.splitlines()
        return lines[number - 1] if 0 < number <= len(lines) else ""


def entries(reported: Iterable[Reported], lines: Lines) -> list[tuple[Entry, Reported]]:
    """Each finding with its baseline entry, in the order of the findings."""
    ranks: Counter[tuple[str, str, str]] = Counter()
    result = []
    for item in sorted(reported, key=lambda item: Finding.sort_key(item.finding)):
        finding = item.finding
        mark = fingerprint(lines.line(finding.path, finding.line))
        rank = ranks[(finding.path, finding.code, mark)]
        ranks[(finding.path, finding.code, mark)] += 1
        result.append((Entry(finding.path, finding.code, mark, rank, finding.message), item))
    return result


def ratchet(reported: Sequence[Reported], baseline: Sequence[Entry], lines: Lines) -> Ratchet:
    """Which findings are new, how many the baseline knows, which of its entries are fixed."""
    remaining = {entry.key: entry for entry in baseline}
    new = []
    known = 0
    for entry, item in entries(reported, lines):
        if remaining.pop(entry.key, None) is None:
            new.append(item)
        else:
            known += 1
    return Ratchet(new, known, sorted(remaining.values()))


def dumps(reported: Sequence[Reported], lines: Lines) -> str:
    """The baseline file's text for these findings: sorted, stable, one entry per finding."""
    found = sorted(entry for entry, _item in entries(reported, lines))
    document = {
        "version": VERSION,
        "tool": "mkdocs-workplans",
        "findings": [
            {
                "path": e.path,
                "code": e.code,
                "fingerprint": e.fingerprint,
                "occurrence": e.occurrence,
                "message": e.message,
            }
            for e in found
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def write(path: Path, reported: Sequence[Reported], lines: Lines) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(dumps(reported, lines), encoding="utf-8")
    except OSError as error:
        raise BaselineError(f"cannot write the baseline {path}: {error.strerror or error}") from None


def load(path: Path) -> list[Entry]:
    """The entries of a baseline file; :class:`BaselineError` with the reason when it is not one."""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_BYTES + 1)
    except FileNotFoundError:
        raise BaselineError(
            f"no baseline at {path}: create it with 'workplans check --baseline {path} --update-baseline'"
        ) from None
    except OSError as error:
        raise BaselineError(f"cannot read the baseline {path}: {error.strerror or error}") from None
    if len(raw) > MAX_BYTES:
        raise BaselineError(f"the baseline {path} is larger than {MAX_BYTES // (1024 * 1024)} MB")
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineError(f"the baseline {path} is not JSON: {error}") from None
    if not isinstance(document, dict) or document.get("version") != VERSION:
        raise BaselineError(f"the baseline {path} is not a version {VERSION} baseline of workplans check")
    items = document.get("findings")
    if not isinstance(items, list):
        raise BaselineError(f"the baseline {path} has no 'findings' list")
    return [_entry(item, number, path) for number, item in enumerate(items, start=1)]


def _entry(item: object, number: int, path: Path) -> Entry:
    if (
        isinstance(item, dict)
        and isinstance(item.get("path"), str)
        and isinstance(item.get("code"), str)
        and is_code(item["code"])
        and isinstance(item.get("fingerprint"), str)
        and isinstance(item.get("occurrence"), int)
        and not isinstance(item.get("occurrence"), bool)
        and isinstance(item.get("message", ""), str)
    ):
        return Entry(item["path"], item["code"], item["fingerprint"], item["occurrence"], item.get("message", ""))
    raise BaselineError(
        f"entry {number} of the baseline {path} is not a finding "
        "(path, code, fingerprint, occurrence and message expected)"
    )
