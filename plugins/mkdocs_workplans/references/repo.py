"""What exists in a repository checkout: files, top-level entries, ``make`` targets.

Lookups are answered from the file system on demand and memoised, so a run costs one
``stat`` per distinct target rather than a walk of the whole tree.
"""

from __future__ import annotations

import glob
import os
import posixpath
import re
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath

from mkdocs_workplans import globs, hints

PLACEHOLDER_RE = re.compile(r"<[^<>/]+>|\{[^{}/]+\}|\$\{?[A-Za-z_][A-Za-z0-9_]*\}?")
MAKE_RULE_RE = re.compile(r"^([^\s:=#][^:=#]*?)\s*::?(?!=)")
MAKE_INCLUDE_RE = re.compile(r"^-?s?include\s+(.+)$")
MAKEFILES = ("GNUmakefile", "makefile", "Makefile")


def has_placeholder(path: str) -> bool:
    return "*" in path or PLACEHOLDER_RE.search(path) is not None


def as_glob(path: str) -> str:
    """``apps/<name>/values.yaml`` -> ``apps/*/values.yaml`` (also ``{x}``, ``$X``)."""
    return glob.escape(PLACEHOLDER_RE.sub("\0", path)).replace("\0", "*").replace("[*]", "*")


def normalise(path: str) -> str | None:
    """A repository-relative POSIX path without ``.`` and ``..``; ``None`` when it escapes."""
    joined = posixpath.normpath(path.lstrip("/")) if path else "."
    if joined == ".." or joined.startswith("../"):
        return None
    return "" if joined == "." else joined


def relative(target: str, start_dir: str) -> str:
    """``target`` relative to the directory ``start_dir``, both repository-relative.

    Pure string work: ``posixpath.relpath`` asks the operating system for the working
    directory on every call, which is most of the cost when thousands of links are resolved.
    """
    target_parts = target.split("/")
    start_parts = [part for part in start_dir.split("/") if part]
    common = 0
    while common < min(len(target_parts) - 1, len(start_parts)) and target_parts[common] == start_parts[common]:
        common += 1
    return "/".join([".."] * (len(start_parts) - common) + target_parts[common:])


@dataclass
class RepoFiles:
    root: Path
    _exists: dict[str, bool] = field(default_factory=dict)
    _dirs: dict[str, bool] = field(default_factory=dict)

    @cached_property
    def top_level(self) -> frozenset[str]:
        try:
            return frozenset(os.listdir(self.root))
        except OSError:
            return frozenset()

    @cached_property
    def resolved_root(self) -> Path:
        return self.root.resolve()

    def exists(self, rel: str) -> bool:
        """Whether ``rel`` is a file or directory inside the repository.

        A path that leaves the repository (``..``, a symlink out) does not exist in it,
        and a placeholder is expanded by :func:`.globs.exists`, which stays inside and
        is bounded whatever symlinks the tree holds.
        """
        known = self._exists.get(rel)
        if known is None:
            inner = normalise(rel)
            if inner is None or rel.startswith("/"):
                known = False
            elif has_placeholder(inner):
                known = globs.exists(as_glob(inner), self.root)
            else:
                path = self.root / inner
                known = path.exists() and self._contained(path)
            self._exists[rel] = known
        return known

    def is_dir(self, rel: str) -> bool:
        known = self._dirs.get(rel)
        if known is None:
            known = self._dirs[rel] = (self.root / rel).is_dir()
        return known

    def _contained(self, path: Path) -> bool:
        """Symlinks that lead out of the repository do not count as existing in it."""
        if not path.is_symlink() and ".." not in path.parts:
            return True
        try:
            path.resolve().relative_to(self.resolved_root)
        except ValueError:
            return False
        return True

    def close_match(self, rel: str) -> str | None:
        """A file in the same directory with a similar name, for a "did you mean" hint.

        Only directories inside the repository are listed: a hint never names a file elsewhere.
        """
        inner = normalise(rel)
        if not inner or rel.startswith("/"):
            return None
        parent = PurePosixPath(inner).parent
        directory = self.root / parent
        if not directory.resolve().is_relative_to(self.resolved_root):
            return None
        try:
            names = os.listdir(directory)
        except OSError:
            return None
        found = hints.closest(PurePosixPath(inner).name, names, cutoff=0.75)
        return f"did you mean '{(parent / found).as_posix()}'?" if found else None

    @cached_property
    def make_targets(self) -> frozenset[str] | None:
        """Targets of the top-level Makefile and the files it includes; ``None`` without one."""
        for name in MAKEFILES:
            path = self.root / name
            if path.is_file():
                return frozenset(_targets(path, self.root, set()))
        return None


def _targets(path: Path, root: Path, seen: set[Path]) -> set[str]:
    if path in seen or len(seen) > 50:
        return set()
    seen.add(path)
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return set()
    found: set[str] = set()
    for line in text.replace("\\\n", " ").splitlines():
        if line.startswith("\t"):
            continue
        include = MAKE_INCLUDE_RE.match(line)
        if include:
            for name in include.group(1).split():
                if "$" in name:
                    continue
                for match in globs.expand(name, root).matches:
                    found |= _targets(root / match, root, seen)
            continue
        rule = MAKE_RULE_RE.match(line)
        if rule:
            found.update(target for target in rule.group(1).split() if not target.startswith("."))
    return found
