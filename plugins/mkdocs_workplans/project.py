"""A site whose settings are not in ``mkdocs.yml``: ``zensical.toml``, ``workplans.toml``, ``pyproject.toml``.

Zensical builds from ``zensical.toml`` and runs no MkDocs plugin, and an engine without a
plugin system has nowhere to put them at all, so the gate reads the site's layout and our
plugins' settings from those files itself. The plugins' tables are validated by the same
typed option classes as ``mkdocs.yml`` (:mod:`.options`), :class:`Settings` come from the
same :func:`~mkdocs_workplans.options.settings.build_settings`, and pages are found by
walking ``docs_dir`` with MkDocs' exclusions: the findings are those of a MkDocs build of
the same site.

Where each file keeps things:

- ``zensical.toml``: ``[project]`` holds ``docs_dir``, ``site_url``, ``use_directory_urls``,
  ``exclude_docs``, ``strict`` and ``markdown_extensions`` (as Zensical reads them), and
  ``[project.plugins.workplans]`` / ``[project.plugins.refcheck]`` the plugins' options;
- ``workplans.toml``, and ``[tool.workplans]`` in ``pyproject.toml``: the same layout keys at
  the top, and ``[workplans]`` / ``[refcheck]`` tables.
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
import posixpath
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar

import pathspec
from mkdocs.config import base
from mkdocs.structure.files import File
from mkdocs.utils import markdown_extensions as MARKDOWN_SUFFIXES

from mkdocs_workplans.analysis import Analysis, analyse
from mkdocs_workplans.findings import Finding
from mkdocs_workplans.loading import DocumentCache
from mkdocs_workplans.model import extensions
from mkdocs_workplans.model.parser import ParseOptions
from mkdocs_workplans.options.refcheck import RefcheckConfig
from mkdocs_workplans.options.settings import build_settings
from mkdocs_workplans.options.workplans import WorkplansConfig
from mkdocs_workplans.settings import Settings
from mkdocs_workplans.sources import Escapes, Source, included, is_generated

if sys.version_info >= (3, 11):
    import tomllib
else:
    import tomli as tomllib

C = TypeVar("C", bound=base.Config)
Engine = Literal["mkdocs", "zensical", "standalone"]

#: The files the gate looks for, in this order, when none is named.
CONFIG_NAMES = ("mkdocs.yml", "mkdocs.yaml", "zensical.toml", "workplans.toml", "pyproject.toml")


#: What MkDocs leaves out of every site (hidden files, ``templates/``), before ``exclude_docs``.
DEFAULT_EXCLUDE = (".*", "/templates/")


class ProjectError(Exception):
    """The configuration cannot be used: one line, which the CLI prints as a usage error."""


@dataclass(frozen=True, kw_only=True)
class Project:
    """The site's layout and our options, from a TOML file."""

    config_file: Path
    engine: Engine
    root: Path
    docs_dir: Path
    site_url: str | None
    use_directory_urls: bool
    strict: bool
    exclude_docs: str
    markdown_extensions: dict[str, Mapping[str, Any]]
    workplans: WorkplansConfig | None
    refcheck: RefcheckConfig | None
    plugins_table: str
    """Where the plugins' tables are, as a TOML header prefix: what messages name."""
    warnings: tuple[str, ...] = ()
    """Unknown options: a failure under ``--strict``, as in a MkDocs build."""


def find_config(directory: Path, names: tuple[str, ...] = CONFIG_NAMES) -> Path | None:
    """The first of ``names`` in ``directory`` (a ``pyproject.toml`` only with ``[tool.workplans]``)."""
    for name in names:
        path = directory / name
        if not path.is_file():
            continue
        if name == "pyproject.toml" and not isinstance(read_toml(path).get("tool", {}).get("workplans"), dict):
            continue
        return path
    return None


def is_toml(path: Path) -> bool:
    return path.suffix.lower() == ".toml"


def read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as stream:
            return tomllib.load(stream)
    except OSError as error:
        raise ProjectError(f"cannot read {path.name}: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ProjectError(f"invalid configuration in {path.name}: {error}") from None


def _tables(value: object) -> dict[str, Any]:
    """Plugins as a table of tables or as a list of names and one-key tables (both as in ``mkdocs.yml``)."""
    if isinstance(value, dict):
        return {str(name): options for name, options in value.items()}
    tables: dict[str, Any] = {}
    for item in value if isinstance(value, list) else []:
        if isinstance(item, str):
            tables[item] = {}
        elif isinstance(item, dict):
            tables.update({str(name): options for name, options in item.items()})
    return tables


def markdown_extensions(value: object) -> dict[str, Mapping[str, Any]]:
    """Extensions by short name with their options, from a list (as in ``mkdocs.yml``) or tables.

    Zensical lets ``pymdownx`` and ``zensical`` extensions nest one level
    (``[project.markdown_extensions.pymdownx.tabbed]``), and takes the toc ``slugify``
    as ``{object = "pymdownx.slugs.slugify", kwds = {...}}``; both are read as it reads them.
    """
    if not isinstance(value, dict):
        return extensions.from_raw(value)
    flat: dict[str, Any] = {}
    for name, options in value.items():
        if name in ("pymdownx", "zensical") and isinstance(options, dict):
            flat.update({f"{name}.{inner}": sub for inner, sub in options.items()})
        else:
            flat[str(name)] = options
    found = extensions.from_raw([{name: options} for name, options in flat.items()])
    toc = dict(found.get("toc", {}))
    slugify = toc.get("slugify")
    if isinstance(slugify, dict):
        module, _, function = str(slugify.get("object", "pymdownx.slugs.slugify")).rpartition(".")
        try:
            toc["slugify"] = getattr(importlib.import_module(module), function)(**slugify.get("kwds", {}))
        except (ImportError, AttributeError, TypeError) as error:
            raise ProjectError(f"toc slugify {slugify.get('object')!r} cannot be used: {error}") from None
        found["toc"] = toc
    return found


def _options(kind: type[C], raw: object, where: str, config_file: Path) -> tuple[C | None, list[str]]:
    """The plugin's validated options, ``None`` when its table is absent or ``enabled = false``."""
    if raw is None:
        return None, []
    if not isinstance(raw, dict):
        raise ProjectError(f"invalid configuration in {config_file.name}: [{where}] must be a table")
    options = kind(config_file_path=str(config_file))
    options.load_dict(raw)
    failed, warnings = options.validate()
    if failed:
        reasons = "; ".join(f"option '{key}': {error}" for key, error in failed)
        raise ProjectError(f"invalid configuration in {config_file.name}: [{where}] {reasons}")
    notes = [f"[{where}] option '{key}': {warning}" for key, warning in warnings]
    return (None if options.get("enabled") is False else options), notes


def load_project(config_file: Path) -> Project:
    """Read ``zensical.toml``, ``workplans.toml`` or a ``pyproject.toml`` with ``[tool.workplans]``."""
    data = read_toml(config_file)
    if config_file.name == "pyproject.toml":
        layout = data.get("tool", {}).get("workplans")
        if not isinstance(layout, dict):
            raise ProjectError(f"{config_file.name} has no [tool.workplans] table")
        engine: Engine = "standalone"
        prefix, plugins = "tool.workplans", layout
    elif "project" in data or config_file.name == "zensical.toml":
        layout = data.get("project", {})
        engine, prefix = "zensical", "project.plugins"
        plugins = _tables(layout.get("plugins"))
    else:
        layout, engine, prefix, plugins = data, "standalone", "", data
    root = config_file.resolve().parent
    docs_dir = (root / str(layout.get("docs_dir", "docs"))).resolve()
    if not docs_dir.is_dir():
        raise ProjectError(f"{config_file.name}: docs_dir {docs_dir} does not exist")
    where = f"{prefix}." if prefix else ""
    workplans, notes = _options(WorkplansConfig, plugins.get("workplans"), f"{where}workplans", config_file)
    refcheck, more = _options(RefcheckConfig, plugins.get("refcheck"), f"{where}refcheck", config_file)
    site_url = layout.get("site_url")
    return Project(
        config_file=config_file,
        engine=engine,
        root=root,
        docs_dir=docs_dir,
        site_url=str(site_url) if site_url else None,
        use_directory_urls=bool(layout.get("use_directory_urls", True)),
        strict=bool(layout.get("strict", False)),
        exclude_docs=str(layout.get("exclude_docs") or ""),
        markdown_extensions=markdown_extensions(layout.get("markdown_extensions")),
        workplans=workplans,
        refcheck=refcheck,
        plugins_table=prefix,
        warnings=tuple(notes + more),
    )


def project_settings(
    project: Project, today: dt.date | None = None, offline: bool = False, external: bool = False
) -> Settings:
    """The project's settings, built exactly as from ``mkdocs.yml``; no plugins or hooks change pages."""
    return build_settings(
        workplans=project.workplans,
        refcheck=project.refcheck,
        root=project.root,
        docs_dir=project.docs_dir,
        use_directory_urls=project.use_directory_urls,
        site_url=project.site_url,
        today=today,
        offline=offline,
        external=external,
        config_file=project.config_file,
    )


def parse_options(project: Project, settings: Settings) -> ParseOptions:
    return extensions.parse_options(project.markdown_extensions, settings.mention_pattern)


def walk_docs(project: Project, settings: Settings) -> tuple[list[Source], list[Finding], frozenset[str]]:
    """The site's Markdown pages as MkDocs finds them, the problems found, and the generated pages.

    Hidden files, ``templates/`` and ``exclude_docs`` are left out as MkDocs leaves them
    out; a ``README.md`` next to an ``index.md`` is not a page; the ``include`` files are
    added as the plugin adds them. Pages ``workplans generate`` wrote are link targets,
    not sources: they say what the others say.
    """
    exclude = pathspec.GitIgnoreSpec.from_lines([*DEFAULT_EXCLUDE, *project.exclude_docs.splitlines()])
    pages: dict[str, Path] = {}
    seen: set[str] = set()
    for folder, dirnames, filenames in os.walk(project.docs_dir, followlinks=True):
        # Symlinked folders are followed as MkDocs follows them, but each real folder once: a
        # symlink loop would otherwise be walked until the path is too long.
        real = os.path.realpath(folder)
        if real in seen:
            dirnames.clear()
            continue
        seen.add(real)
        dirnames.sort()
        relative = Path(folder).relative_to(project.docs_dir)
        for name in sorted(filenames):
            src_uri = (relative / name).as_posix()
            if not name.lower().endswith(MARKDOWN_SUFFIXES) or exclude.match_file(src_uri):
                continue
            pages[src_uri] = Path(folder) / name
    found: list[Source] = []
    problems: list[Finding] = []
    generated: set[str] = set()
    escapes = Escapes(settings)
    for src_uri, path in pages.items():
        folder = posixpath.dirname(src_uri)
        if path.stem == "README" and any(posixpath.join(folder, f"index{s}") in pages for s in MARKDOWN_SUFFIXES):
            continue
        if is_generated(path):
            generated.add(src_uri)
            continue
        rel = Path(os.path.relpath(path, settings.root)).as_posix()
        escaped = escapes(path)
        if escaped is not None:
            problems.append(escaped)
            continue
        found.append(Source(rel, path, src_uri))
    includes, outside = included(settings, lambda rel: rel in pages)
    found.extend(Source(rel, path, rel) for rel, path in includes)
    return sorted(found, key=lambda source: source.rel), problems + outside, frozenset(generated)


def page_url(src_uri: str, use_directory_urls: bool) -> str:
    """A page's URL relative to the site root, as MkDocs and Zensical give it."""
    return File(src_uri, None, "", use_directory_urls).url


def analyse_project(
    project: Project, settings: Settings, processes: int = 1, cache_dir: Path | None = None
) -> Analysis:
    """Parse and check the project's pages once, as a MkDocs build's gate does."""
    found, problems, generated = walk_docs(project, settings)
    options = parse_options(project, settings)
    cache = DocumentCache(options, cache_dir)
    analysis = analyse(found, options, settings, problems, cache, processes, generated)
    cache.save()
    return analysis
