"""Sibling repositories, known through a local checkout or a published inventory.

A checkout is read like this site: its ``mkdocs.yml`` (without running its plugins)
for ``docs_dir``, ``use_directory_urls``, ``site_url`` and the workplans options, then
every page through the same parser. An inventory is the ``workplans-inventory.json``
the sibling's own build publishes. Either way a :class:`Sibling` answers: does this
path exist, is it a page, which anchors does it have, where do readers go.
"""

from __future__ import annotations

import glob
import importlib
import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from mkdocs.structure.files import File

from mkdocs_workplans import __version__
from mkdocs_workplans.index import IdTarget, build_index, task_anchor
from mkdocs_workplans.model.extensions import from_raw, parse_options
from mkdocs_workplans.model.parser import load_document
from mkdocs_workplans.options.workplans import DEFAULT_ID_PATTERN
from mkdocs_workplans.references.repo import RepoFiles
from mkdocs_workplans.settings import Repo, mention_pattern

INVENTORY_LIMIT = 64 * 1024 * 1024
USER_AGENT = f"mkdocs-workplans/{__version__}"


@dataclass
class SiblingPage:
    path: str
    """Relative to the sibling's root (the directory of its ``mkdocs.yml``)."""
    url: str
    """Relative to the sibling's site root."""
    anchors: frozenset[str] | None
    """``None`` when the sibling's source cannot show them (snippets, ``:::`` blocks): not checked."""


@dataclass
class Sibling:
    repo: Repo
    problem: str | None = None
    """Why the sibling cannot be verified; ``None`` when it can."""
    files: RepoFiles | None = None
    """Set for a checkout; an inventory knows pages only."""
    pages: dict[str, SiblingPage] = field(default_factory=dict)
    ids: dict[str, IdTarget] = field(default_factory=dict)
    site_url: str | None = None

    @property
    def name(self) -> str:
        return self.repo.name

    def page_by_url(self, url: str) -> SiblingPage | None:
        url = url.removeprefix("/")
        for page in self.pages.values():
            if page.url == url or page.url.rstrip("/") == url.rstrip("/") or page.url == f"{url}index.html":
                return page
        return None

    def exists(self, path: str) -> bool | None:
        """``None`` when unknowable (an inventory lists pages only)."""
        if path in self.pages:
            return True
        if self.files is not None:
            return self.files.exists(path)
        return None

    def url_for(self, path: str, anchor: str | None) -> str | None:
        """Where a reader should go for ``path#anchor`` in this sibling."""
        fragment = f"#{anchor}" if anchor else ""
        page = self.pages.get(path)
        if page is not None and self.site_url:
            return _join(self.site_url, page.url) + fragment
        if self.repo.source_url:
            return _join(self.repo.source_url, path) + fragment
        return None


def _join(base: str, path: str) -> str:
    path = path.lstrip("/")
    return base.rstrip("/") + "/" + ("" if path == "./" else path)


class _TolerantLoader(yaml.SafeLoader):
    """Reads a sibling's ``mkdocs.yml`` without importing or executing anything."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    """``!ENV VAR`` or ``!ENV [VAR, ..., default]``, as MkDocs reads them."""
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(str(loader.construct_scalar(node)))
    if isinstance(node, yaml.SequenceNode):
        names = [str(loader.construct_scalar(item)) for item in node.value if isinstance(item, yaml.ScalarNode)]
        for name in names[:-1]:
            if name in os.environ:
                return os.environ[name]
        return names[-1] if names else None
    return None


#: Modules whose functions a sibling's ``mkdocs.yml`` may name as ``toc.slugify``.
SLUGIFY_MODULES = ("markdown.extensions.toc", "pymdownx.slugs")


def _allowed_callable(name: str) -> Any:
    """Import ``module.function`` only from :data:`SLUGIFY_MODULES`; anything else is absent."""
    module, _, function = name.rpartition(".")
    if module not in SLUGIFY_MODULES:
        return None
    try:
        return getattr(importlib.import_module(module), function, None)
    except ImportError:
        return None


def _python_tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    """``!!python/name:`` and ``!!python/object/apply:`` for known slugify functions only."""
    kind, _, name = suffix.partition(":")
    target = _allowed_callable(name)
    if target is None:
        return None
    if kind == "name":
        return target
    if kind == "object/apply" and isinstance(node, yaml.MappingNode):
        arguments = loader.construct_mapping(node, deep=True)
        keywords = arguments.get("kwds") or {}
        return target(*(arguments.get("args") or ()), **keywords) if isinstance(keywords, dict) else None
    return None


def _unknown_tag(_loader: yaml.SafeLoader, _suffix: str, _node: yaml.Node) -> Any:
    """Other tags are never resolved: the value is just absent."""
    return None


_TolerantLoader.add_constructor("!ENV", _env_tag)
_TolerantLoader.add_multi_constructor("!", _unknown_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _python_tag)


def _plugin_options(config: dict[str, Any], name: str) -> dict[str, Any] | None:
    """Options of plugin ``name`` in a raw ``mkdocs.yml`` (list or mapping form)."""
    plugins = config.get("plugins") or []
    entries: list[Any] = [plugins] if isinstance(plugins, dict) else list(plugins)
    for entry in entries:
        if entry == name:
            return {}
        if isinstance(entry, dict) and name in entry:
            options = entry[name]
            return options if isinstance(options, dict) else {}
    return None


def page_url(src_uri: str, use_directory_urls: bool) -> str:
    """The URL MkDocs gives a page, relative to the site root (MkDocs' own rule)."""
    return File(src_uri, src_dir=None, dest_dir="", use_directory_urls=use_directory_urls).url


def from_checkout(repo: Repo) -> Sibling:
    assert repo.path is not None
    root = repo.path
    config_path = next((root / n for n in ("mkdocs.yml", "mkdocs.yaml") if (root / n).is_file()), None)
    config: dict[str, Any] = {}
    if config_path is not None:
        try:
            loaded = yaml.load(config_path.read_text(encoding="utf-8"), Loader=_TolerantLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            return Sibling(repo, problem=f"cannot read {config_path.name}: {error}")
        config = loaded if isinstance(loaded, dict) else {}
    docs_dir = root / str(config.get("docs_dir") or "docs")
    use_directory_urls = config.get("use_directory_urls", True) is not False
    workplans = _plugin_options(config, "workplans")
    id_pattern = str((workplans or {}).get("id_pattern") or DEFAULT_ID_PATTERN)
    options = parse_options(
        from_raw(config.get("markdown_extensions")), mention_pattern(id_pattern) if workplans is not None else None
    )
    sources: dict[str, str] = {}
    if docs_dir.is_dir():
        for match in sorted(glob.glob("**/*.md", root_dir=docs_dir, recursive=True)):
            sources[(docs_dir / match).relative_to(root).as_posix()] = Path(match).as_posix()
    for pattern in (workplans or {}).get("include") or []:
        for match in sorted(glob.glob(str(pattern), root_dir=root, recursive=True)):
            rel = Path(match).as_posix()
            if match.endswith(".md") and not (root / rel).resolve().is_relative_to(docs_dir.resolve()):
                sources.setdefault(rel, rel)
    sibling = Sibling(repo, files=RepoFiles(root), site_url=repo.site_url or config.get("site_url") or None)
    documents = []
    for rel, src_uri in sources.items():
        document = load_document(root / rel, rel, options)
        documents.append((src_uri, document))
        anchors = set(document.anchors)
        if workplans is not None:
            anchors.update(task_anchor(t.task_id) for t in document.tasks if t.task_id)
        known = frozenset(anchors) if document.expanded_by is None else None
        sibling.pages[rel] = SiblingPage(rel, page_url(src_uri, use_directory_urls), known)
    sibling.ids = _with_urls(build_index(documents), sibling, {src: rel for rel, src in sources.items()})
    return sibling


def _with_urls(ids: dict[str, IdTarget], sibling: Sibling, paths: dict[str, str]) -> dict[str, IdTarget]:
    result = {}
    for ident, target in ids.items():
        url = sibling.url_for(target.path, target.anchor)
        result[ident] = replace(target, src_uri=None, repo=sibling.name, url=url)
    return result


def _fetch(url: str, timeout: float) -> bytes:
    """One GET with a timeout on every socket operation; the standard library suffices."""
    import urllib.request

    request = urllib.request.Request(url, headers={"Accept": "application/json", "User-Agent": USER_AGENT})
    with urllib.request.urlopen(request, timeout=timeout) as response:  # configured by the user, not by pages
        data: bytes = response.read(INVENTORY_LIMIT + 1)
    return data


def from_inventory(repo: Repo, timeout: float) -> Sibling:
    location = repo.inventory
    assert location is not None
    try:
        raw = _fetch(location, timeout) if "://" in location else Path(location).read_bytes()
        if len(raw) > INVENTORY_LIMIT:
            raise ValueError("inventory is larger than 64 MiB")
        return _parse_inventory(repo, json.loads(raw))
    except OSError as error:  # URLError, HTTPError, timeouts and missing files are all OSErrors
        return Sibling(repo, problem=f"inventory {location} unreachable: {getattr(error, 'reason', None) or error}")
    except (ValueError, KeyError, TypeError) as error:
        return Sibling(repo, problem=f"inventory {location} is not a workplans inventory: {error}")


def _parse_inventory(repo: Repo, data: Any) -> Sibling:
    if not isinstance(data, dict) or data.get("version") != 1:
        raise ValueError('expected a JSON object with "version": 1')
    sibling = Sibling(repo, site_url=repo.site_url or data.get("site_url") or None)
    for page in data.get("pages", []):
        path, url = str(page["path"]), str(page["url"])
        sibling.pages[path] = SiblingPage(path, url, frozenset(str(a) for a in page.get("anchors", [])))
    by_url = {page.url: page.path for page in sibling.pages.values()}
    for kind, key in (("workplan", "workplans"), ("task", "tasks")):
        for item in data.get(key, []):
            ident = str(item["id"])
            path = by_url.get(str(item.get("url", "")), str(item.get("path", "")))
            anchor = item.get("anchor") if kind == "task" else None
            sibling.ids[ident] = IdTarget(
                ident=ident,
                kind="task" if kind == "task" else "workplan",
                path=path,
                src_uri=None,
                anchor=anchor,
                status=item.get("status"),
                title=item.get("title"),
                statehub_id=item.get("state_hub_id"),
                workplan=item.get("workplan"),
                repo=repo.name,
                url=sibling.url_for(path, anchor) if path else None,
            )
    return sibling


def load(repo: Repo, timeout: float = 10) -> Sibling:
    """Know a sibling through its checkout when it is there, else its inventory."""
    if repo.path is not None and repo.path.is_dir():
        return from_checkout(repo)
    if repo.inventory:
        return from_inventory(repo, timeout)
    if repo.path is not None:
        return Sibling(repo, problem=f"no checkout at {repo.path} and no inventory configured")
    return Sibling(repo, problem="neither path nor inventory is configured")
