"""Glob patterns expanded inside one directory tree, in bounded time, whatever the tree holds.

``glob.glob`` follows every symlink: with ``tools/a -> .`` and ``tools/b -> .`` the
pattern ``**/*.md`` (an ``include``) or ``tools/*/*/*/*/x.sh`` (a code span) walks
``tools/a/b/a/b/...`` until the operating system gives up, exponentially many paths;
and a pattern with ``..`` or an absolute one asks about any file on the machine.
:func:`expand` reads the same patterns (``*``, ``?``, ``[...]`` within a name,
``**`` for any number of directories, names starting with ``.`` only when the
pattern does) with three differences:

* it stays inside ``root``: no absolute patterns, no ``..``, no symlink that leads out;
* it visits each real directory once per position in the pattern, so a symlink loop
  (or two links to one directory) costs one visit, not an infinite or exponential walk;
* it examines at most ``budget`` directory entries and says when it stopped early.
"""

from __future__ import annotations

import fnmatch
import os
import re
from dataclasses import dataclass
from pathlib import Path

#: Directory entries one expansion may examine: far beyond any repository's include.
ENTRY_BUDGET = 200_000
_MAGIC_RE = re.compile(r"[*?\[]")


@dataclass(frozen=True, slots=True)
class Expansion:
    matches: list[str]
    """``/``-separated paths relative to the root, sorted."""
    complete: bool
    """``False`` when the entry budget ran out before the whole tree was seen."""
    outside: list[str]
    """Symlinks that matched but lead out of the root: neither followed nor matched."""


def _identity(path: Path) -> tuple[int, int] | None:
    """The real directory ``path`` is (device, inode), ``None`` when it is none."""
    try:
        status = path.stat()
    except (OSError, ValueError):
        return None
    return (status.st_dev, status.st_ino) if os.path.isdir(path) else None


def _inside(path: Path, top: Path) -> bool:
    try:
        return path.resolve().is_relative_to(top)
    except (OSError, RuntimeError, ValueError):
        return False


def _join(rel: str, name: str) -> str:
    return f"{rel}/{name}" if rel else name


def expand(pattern: str, root: Path, *, budget: int = ENTRY_BUDGET, first: bool = False) -> Expansion:
    """The paths under ``root`` that ``pattern`` matches; only the first one found if ``first``."""
    parts = [part for part in pattern.replace("\\", "/").split("/") if part not in ("", ".")]
    if not parts or pattern.startswith(("/", "\\")) or os.path.isabs(pattern) or Path(pattern).drive or ".." in parts:
        return Expansion([], True, [])
    top = root.resolve()
    found: set[str] = set()
    outside: set[str] = set()
    seen: set[tuple[int, int, int]] = set()
    stack: list[tuple[str, int]] = [("", 0)]
    while stack and not (first and found):
        rel, index = stack.pop()
        directory = root / rel if rel else root
        identity = _identity(directory)
        if identity is None or (*identity, index) in seen:
            continue
        seen.add((*identity, index))
        if index == len(parts):  # a trailing ``**`` matched the directory itself
            if rel:
                found.add(rel)
            continue
        part, last = parts[index], index == len(parts) - 1
        if not _MAGIC_RE.search(part):
            child = directory / part
            if last and os.path.lexists(child):
                (found if _inside(child, top) else outside).add(_join(rel, part))
            elif not last and _inside(child, top):
                stack.append((_join(rel, part), index + 1))
            continue
        try:
            with os.scandir(directory) as listing:
                entries = list(listing)
        except OSError:
            continue
        budget -= len(entries)
        if budget < 0:
            return Expansion(sorted(found), False, sorted(outside))
        hidden_ok = part.startswith(".")
        if part == "**":
            stack.append((rel, index + 1))
        for entry in entries:
            if entry.name.startswith(".") and not hidden_ok:
                continue
            if entry.is_symlink() and not _inside(Path(entry.path), top):
                if last and (part == "**" or fnmatch.fnmatchcase(entry.name, part)):
                    outside.add(_join(rel, entry.name))
                continue
            if part == "**":
                if _is_dir(entry):
                    stack.append((_join(rel, entry.name), index))
                elif last:
                    found.add(_join(rel, entry.name))
            elif fnmatch.fnmatchcase(entry.name, part):
                if last:
                    found.add(_join(rel, entry.name))
                elif _is_dir(entry):
                    stack.append((_join(rel, entry.name), index + 1))
    return Expansion(sorted(found), True, sorted(outside))


def _is_dir(entry: os.DirEntry[str]) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


def exists(pattern: str, root: Path) -> bool:
    """Whether anything under ``root`` matches ``pattern`` (see :func:`expand`)."""
    return bool(expand(pattern, root, first=True).matches)
