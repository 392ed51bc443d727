"""Pull-request scope: the findings a change is responsible for.

A pull request's author needs the findings of the files they changed, and the ones
their change caused elsewhere (a heading removed breaks the links to it in pages they
never opened), not every old finding of the site. Changed files come from git: what
differs from the given revision in the working tree, plus untracked files.
"""

from __future__ import annotations

import posixpath
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from pathlib import Path

from mkdocs_workplans.findings import Reported
from mkdocs_workplans.model.document import Document

#: Codes of findings on a link, whose cause may be the file the link points to.
LINK_CODES = frozenset({"RF001", "RF002", "RF009", "XR002", "XR003"})
#: Codes of findings on a code-span path, whose cause may be that file.
SPAN_CODES = frozenset({"RF003"})


class ChangesError(Exception):
    """Git cannot say what changed; the message says why, for the user."""


def changed_since(root: Path, ref: str) -> frozenset[str]:
    """Paths relative to ``root`` (``/``-separated) of files changed since ``ref``, untracked included."""
    git = shutil.which("git")
    if git is None:
        raise ChangesError("--changed-since needs git, which is not installed")
    if ref.startswith("-"):
        raise ChangesError(f"--changed-since: '{ref}' is not a revision")
    inside = _git(git, root, "rev-parse", "--is-inside-work-tree")
    if inside.returncode != 0:
        raise ChangesError(f"--changed-since needs a git repository, and {root} is not in one")
    if _git(git, root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise ChangesError(f"--changed-since: '{ref}' is not a commit of this repository")
    changed: set[str] = set()
    for args in (
        ("diff", "--name-only", "--relative", "-z", ref, "--"),
        ("ls-files", "-z", "--others", "--exclude-standard"),
    ):
        done = _git(git, root, *args)
        if done.returncode != 0:
            raise ChangesError(f"git {args[0]} failed: {done.stderr.strip()}")
        changed.update(name for name in done.stdout.split("\0") if name)
    return frozenset(changed)


def _git(git: str, root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [git, "-c", "core.quotepath=off", *args], cwd=root, capture_output=True, text=True, check=False
    )


def in_scope(
    reported: Iterable[Reported], changed: frozenset[str], documents: Mapping[str, Document]
) -> list[Reported]:
    """Findings in changed files, and findings elsewhere on a link or path to a changed file."""
    return [item for item in reported if item.finding.path in changed or _caused(item, changed, documents)]


def _caused(item: Reported, changed: frozenset[str], documents: Mapping[str, Document]) -> bool:
    finding = item.finding
    document = documents.get(finding.path)
    if document is None:
        return False
    if finding.code in LINK_CODES:
        base = posixpath.dirname(document.path)
        targets = [link.target for link in document.links if (link.line, link.column) == (finding.line, finding.column)]
        return any(not changed.isdisjoint(_pages(posixpath.join(base, target))) for target in targets)
    if finding.code in SPAN_CODES:
        spans = [
            span.text for span in document.code_spans if (span.line, span.column) == (finding.line, finding.column)
        ]
        return any(_target(text) in changed for text in spans)
    return False


def _pages(path: str) -> tuple[str, ...]:
    """The files a link to ``path`` may mean: the file, or a directory's index page."""
    target = _target(path)
    return (target, f"{target}/index.md", f"{target}/README.md")


def _target(path: str) -> str:
    """A link target as a path relative to the repository: no anchor, no query, normalised."""
    path = path.split("#", 1)[0].split("?", 1)[0]
    return posixpath.normpath(path) if path else ""
