"""Which files the gate reads: the site's Markdown pages plus the ``include`` globs.

Included files (``SCOPE.md``, ``workplans/*.md`` at the repository root) become pages
of the site at the same relative path. The plugin and the CLI both go through
:func:`add_includes` on MkDocs' own ``Files`` so they agree on the file set.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions

from mkdocs_workplans.findings import Finding
from mkdocs_workplans.globs import expand
from mkdocs_workplans.settings import Settings

#: First line of every file ``workplans generate`` writes: the gate does not parse such a page,
#: and ``workplans generate`` overwrites no file without it.
GENERATED_MARK = "<!-- workplans generate: made from the workplans; edit those, not this file -->"


def is_generated(path: str | Path) -> bool:
    """Whether ``workplans generate`` wrote the file (its first line is :data:`GENERATED_MARK`)."""
    try:
        with open(path, "rb") as stream:
            first = stream.readline(len(GENERATED_MARK) + 2)
    except OSError:
        return False
    return first.decode("utf-8", "replace").rstrip("\r\n") == GENERATED_MARK


@dataclass(frozen=True, slots=True)
class Source:
    rel: str
    """Relative to the directory of ``mkdocs.yml``; what findings print."""
    path: Path
    src_uri: str
    """The page's URI inside the site."""


def _inside(path: Path, root: Path) -> bool:
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError):  # a symlink loop resolves nowhere
        return False


def included(
    settings: Settings, taken: Callable[[str], bool], config_name: str = "mkdocs.yml"
) -> tuple[list[tuple[str, Path]], list[Finding]]:
    """The ``include`` files not already pages (``taken``), as ``(rel, path)``, and IN001 for those outside.

    Files in ``docs_dir`` are pages already and win over an include of the same path.
    Patterns are expanded by :func:`.globs.expand`: inside the repository only, and in
    bounded time whatever symlinks (loops included) the tree holds.
    """
    found: list[tuple[str, Path]] = []
    problems: list[Finding] = []
    root = settings.root
    for pattern in settings.include:
        expansion = expand(pattern, root)
        if not expansion.complete:
            problems.append(Finding("IN001", config_name, 1, 1, f"include '{pattern}' matches too many files; stopped"))
        for rel in expansion.outside:
            if rel.endswith(".md") or (root / rel).is_file():
                problems.append(Finding("IN001", rel, 1, 1, "symlink points outside the repository; not included"))
        for rel in expansion.matches:
            path = root / rel
            if not path.is_file() or _inside(path, settings.docs_dir) or taken(rel):
                continue
            if not _inside(path, root):
                what = "symlink points outside the repository" if path.is_symlink() else "outside the repository"
                problems.append(Finding("IN001", rel, 1, 1, f"{what}; not included"))
                continue
            found.append((rel, path))
    return found, problems


class Escapes:
    """IN001 for a file that is, or lies in a directory that is, a symlink out of the repository
    (and out of ``docs_dir``): publishing it would copy a file from elsewhere on the machine into
    the site. One rule for the MkDocs path (:func:`sources`) and the TOML path (``project``).

    Each directory is resolved once: resolving every file's path in full costs a system call per
    component of the path, for every page of the site."""

    def __init__(self, settings: Settings) -> None:
        self._settings = settings
        self._tops = (os.path.realpath(settings.root), os.path.realpath(settings.docs_dir))
        self._directories: dict[str, str] = {}

    def __call__(self, path: str | Path) -> Finding | None:
        real = self._real(os.fspath(path))
        if any(real == top or real.startswith(top.rstrip(os.sep) + os.sep) for top in self._tops):
            return None
        if not os.path.exists(path):  # a broken link, or a loop: there is nothing to publish
            return None
        rel = Path(os.path.relpath(path, self._settings.root)).as_posix()
        return Finding("IN001", rel, 1, 1, "symlink points outside the repository; not published")

    def _real(self, path: str) -> str:
        if os.path.islink(path):
            return os.path.realpath(path)
        directory, name = os.path.split(path)
        real = self._directories.get(directory)
        if real is None:
            real = self._directories[directory] = os.path.realpath(directory)
        return os.path.join(real, name)


def add_includes(files: Files, config: MkDocsConfig, settings: Settings) -> list[Finding]:
    """Add the ``include`` files to ``files``; files already in ``docs_dir`` win."""
    config_name = os.path.basename(config.config_file_path or "mkdocs.yml")
    found, problems = included(settings, lambda rel: files.get_file_from_path(rel) is not None, config_name)
    root, urls = str(settings.root), config.use_directory_urls
    for rel, _path in found:
        files.append(File(rel, src_dir=root, dest_dir=config.site_dir, use_directory_urls=urls))
    return problems


def provisionally_excluded(file: File, config: MkDocsConfig) -> bool:
    """Excluded by a plugin, not by ``mkdocs.yml``: Material's blog excludes its posts while it
    collects files and includes them again when it builds the navigation, so whichever order
    the plugins are listed in, the posts are pages the site publishes."""
    if file.inclusion is not InclusionLevel.EXCLUDED or file.abs_src_path is None:
        return False
    probe = File(file.src_uri, src_dir=None, dest_dir="", use_directory_urls=False)
    set_exclusions([probe], config)
    return bool(probe.inclusion.is_included())


def sources(
    files: Files, settings: Settings, config: MkDocsConfig
) -> tuple[list[Source], list[Finding], frozenset[str]]:
    """The Markdown pages of the site, sorted by the path findings will print; the problems found on
    the way; the ``src_uri`` of the included pages generated by ``workplans`` or a plugin.

    A file that is, or lies in a directory that is, a symlink out of the repository (and
    out of ``docs_dir``) is taken out of ``files`` with an IN001, pages and assets alike:
    publishing it would copy a file from elsewhere on the machine into the site.
    Pages a plugin excluded only for now (see :func:`provisionally_excluded`) are
    included; whether they are published is settled once navigation is built.
    """
    found, problems, generated = [], [], set()
    escaped_by = Escapes(settings)
    docs_dir = os.fspath(settings.docs_dir).rstrip(os.sep) + os.sep
    for file in list(files):
        if file.abs_src_path is None or not file.abs_src_path.startswith(docs_dir):  # the theme's own files
            continue
        escaped = escaped_by(file.abs_src_path)
        if escaped is not None:
            problems.append(escaped)
            files.remove(file)
    root = os.fspath(settings.root).rstrip(os.sep) + os.sep
    for file in files.documentation_pages(inclusion=lambda level: True):
        temporary = provisionally_excluded(file, config)
        if not (file.inclusion.is_included() or temporary):
            continue
        if file.abs_src_path is None or is_generated(file.abs_src_path):
            if file.inclusion.is_included():
                generated.add(file.src_uri)
            continue
        path = Path(file.abs_src_path)
        if file.abs_src_path.startswith(root):  # as `os.path.relpath`, which asks for the working directory each time
            rel = file.abs_src_path[len(root) :].replace(os.sep, "/")
        else:
            rel = Path(os.path.relpath(path, settings.root)).as_posix()
        found.append(Source(rel, path, file.src_uri))
    return sorted(found, key=lambda source: source.rel), problems, frozenset(generated)
