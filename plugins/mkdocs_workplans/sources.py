"""Which files the gate reads: the site's Markdown pages plus the ``include`` globs.

Included files (``SCOPE.md``, ``workplans/*.md`` at the repository root) become pages
of the site at the same relative path. The plugin and the CLI both go through
:func:`add_includes` on MkDocs' own ``Files`` so they agree on the file set.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import File, Files, InclusionLevel, set_exclusions

from mkdocs_workplans.findings import Finding
from mkdocs_workplans.settings import Settings


@dataclass(frozen=True, slots=True)
class Source:
    rel: str
    """Relative to the directory of ``mkdocs.yml``; what findings print."""
    path: Path
    src_uri: str
    """The page's URI inside the site."""


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root)
    except ValueError:
        return False
    return True


def add_includes(files: Files, config: MkDocsConfig, settings: Settings) -> list[Finding]:
    """Add the ``include`` files to ``files``; files already in ``docs_dir`` win."""
    problems: list[Finding] = []
    root = settings.root
    for pattern in settings.include:
        for match in sorted(glob.glob(pattern, root_dir=root, recursive=True)):
            path = root / match
            rel = Path(match).as_posix()
            if not path.is_file() or _inside(path, settings.docs_dir) or files.get_file_from_path(rel):
                continue
            if not _inside(path, root):
                what = "symlink points outside the repository" if path.is_symlink() else "outside the repository"
                problems.append(Finding("IN001", rel, 1, 1, f"{what}; not included"))
                continue
            files.append(
                File(rel, src_dir=str(root), dest_dir=config.site_dir, use_directory_urls=config.use_directory_urls)
            )
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


def sources(files: Files, settings: Settings, config: MkDocsConfig) -> tuple[list[Source], list[Finding], set[str]]:
    """The Markdown pages of the site, sorted by the path findings will print, and the provisional ones.

    A page that is a symlink out of the repository is taken out of ``files`` with an
    IN001: publishing it would copy a file from elsewhere on the machine into the site.
    Pages a plugin excluded only for now (see :func:`provisionally_excluded`) are
    included, and their paths returned so that a build can drop them if never rendered.
    """
    found, problems = [], []
    provisional: set[str] = set()
    for file in files.documentation_pages(inclusion=lambda level: True):
        temporary = provisionally_excluded(file, config)
        if not (file.inclusion.is_included() or temporary):
            continue
        if file.abs_src_path is None:
            continue
        path = Path(file.abs_src_path)
        rel = Path(os.path.relpath(path, settings.root)).as_posix()
        if path.is_symlink() and path.exists() and not _inside(path, settings.root):
            problems.append(Finding("IN001", rel, 1, 1, "symlink points outside the repository; not published"))
            files.remove(file)
            continue
        found.append(Source(rel, path, file.src_uri))
        if temporary:
            provisional.add(rel)
    return sorted(found, key=lambda source: source.rel), problems, provisional
