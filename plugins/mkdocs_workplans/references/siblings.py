"""Sibling repositories, known through a local checkout or a published inventory.

A checkout is read like this site: its ``mkdocs.yml`` (without running its plugins)
for ``docs_dir``, ``use_directory_urls``, ``site_url`` and the workplans options, then
every page through the same parser. An inventory is the ``workplans-inventory.json``
the sibling's own build publishes. Either way a :class:`Sibling` answers: does this
path exist, is it a page, which anchors does it have, where do readers go.
"""

from __future__ import annotations

import importlib
import json
import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any
from urllib.parse import quote

import yaml
from mkdocs.structure.files import File

from mkdocs_workplans.globs import expand
from mkdocs_workplans.index import IdTarget, build_index, task_anchor
from mkdocs_workplans.model.extensions import from_raw, parse_options
from mkdocs_workplans.model.parser import load_document
from mkdocs_workplans.model.yamlmap import expands_within
from mkdocs_workplans.options.workplans import DEFAULT_ID_PATTERN
from mkdocs_workplans.references.inventory_format import parse_inventory, safe_site_url
from mkdocs_workplans.references.repo import RepoFiles
from mkdocs_workplans.settings import Repo, mention_pattern

INVENTORY_LIMIT = 64 * 1024 * 1024


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
        fragment = f"#{quote(anchor, safe=_URL_SAFE)}" if anchor else ""
        page = self.pages.get(path)
        if page is not None and self.site_url:
            return _join(self.site_url, page.url) + fragment
        if self.repo.source_url:
            return _join(self.repo.source_url, path) + fragment
        return None


#: Characters a URL built from a sibling's values may keep as they are; everything else is
#: percent-encoded, so that no value can end a Markdown link or an HTML attribute early.
_URL_SAFE = "/:@!$&*+,;=%~._-?#[]"


def _join(base: str, path: str) -> str:
    path = path.lstrip("/")
    return quote(base.rstrip("/") + "/" + ("" if path == "./" else path), safe=_URL_SAFE)


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
        positional, keywords = arguments.get("args") or [], arguments.get("kwds") or {}
        if not isinstance(positional, list) or not isinstance(keywords, dict):
            return None
        try:
            return target(*positional, **{str(key): value for key, value in keywords.items()})
        except Exception:  # any failure of a sibling's call means: no usable slugify
            return None
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


#: Nodes a sibling's ``mkdocs.yml`` may construct to (aliases counted each time they are used).
CONFIG_NODE_BUDGET = 100_000


def read_config(text: str) -> dict[str, Any]:
    """A sibling's ``mkdocs.yml`` as data: nothing imported but known slugify functions, nothing executed,
    and an alias bomb refused before it is built. Raises ``ValueError`` saying why it cannot be read."""
    loader = _TolerantLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return {}
        if not expands_within(root, CONFIG_NODE_BUDGET):
            raise ValueError(f"it expands to more than {CONFIG_NODE_BUDGET} values (alias bomb?)")
        loaded = loader.construct_document(root)
    except (yaml.YAMLError, RecursionError, TypeError) as error:
        raise ValueError(str(error).replace("\n", " ")) from None
    finally:
        loader.dispose()
    return loaded if isinstance(loaded, dict) else {}


def _inside(root: Path, relative: str) -> Path | None:
    """``root / relative`` when ``relative`` is a relative path that stays inside ``root`` (symlinks resolved)."""
    if not relative or os.path.isabs(relative) or Path(relative).drive:
        return None
    path = root / relative
    return path if path.resolve().is_relative_to(root.resolve()) else None


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
            config = read_config(config_path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            return Sibling(repo, problem=f"cannot read {config_path.name}: {error}")
    docs_dir = _inside(root, str(config.get("docs_dir") or "docs"))
    if docs_dir is None:
        return Sibling(repo, problem=f"docs_dir '{config.get('docs_dir')}' of its mkdocs.yml is outside the checkout")
    use_directory_urls = config.get("use_directory_urls", True) is not False
    workplans = _plugin_options(config, "workplans")
    id_pattern = str((workplans or {}).get("id_pattern") or DEFAULT_ID_PATTERN)
    options = parse_options(
        from_raw(config.get("markdown_extensions")), mention_pattern(id_pattern) if workplans is not None else None
    )
    sources: dict[str, str] = {}
    if docs_dir.is_dir():
        for match in expand("**/*.md", docs_dir).matches:
            sources[(docs_dir / match).relative_to(root).as_posix()] = match
    includes = (workplans or {}).get("include") or []
    for pattern in includes if isinstance(includes, list) else []:
        if _inside(root, str(pattern)) is None:
            return Sibling(repo, problem=f"include '{pattern}' of its mkdocs.yml is outside the checkout")
        for rel in expand(str(pattern), root).matches:
            if rel.endswith(".md") and not (root / rel).resolve().is_relative_to(docs_dir.resolve()):
                sources.setdefault(rel, rel)
    site_url = repo.site_url or config.get("site_url") or None
    if site_url is not None and not (isinstance(site_url, str) and safe_site_url(site_url)):
        return Sibling(repo, problem="site_url of its mkdocs.yml is not an http(s) URL")
    sibling = Sibling(repo, files=RepoFiles(root), site_url=site_url)
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
    """One GET under the fetch policy every network read shares (vetted hops, size cap, deadline)."""
    from mkdocs_workplans.external.fetch import FetchError, FetchPolicy, fetch

    data = fetch(url, policy=FetchPolicy(timeout=timeout, max_bytes=INVENTORY_LIMIT))
    if isinstance(data, FetchError):
        raise OSError(data.reason)
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
    except (ValueError, RecursionError) as error:
        return Sibling(repo, problem=f"inventory {location} is not a workplans inventory: {error}")


def _parse_inventory(repo: Repo, data: Any) -> Sibling:
    """The sibling ``data`` describes, every value checked first (see :mod:`.inventory_format`)."""
    inventory = parse_inventory(data)
    sibling = Sibling(repo, site_url=repo.site_url or inventory.site_url)
    for page in inventory.pages:
        sibling.pages[page.path] = SiblingPage(page.path, page.url, page.anchors)
    by_url = {page.url: page.path for page in sibling.pages.values()}
    for item in inventory.ids:
        path = by_url.get(item.url, item.path)
        sibling.ids[item.ident] = IdTarget(
            ident=item.ident,
            kind="task" if item.kind == "task" else "workplan",
            path=path,
            src_uri=None,
            anchor=item.anchor,
            status=item.status,
            title=item.title,
            statehub_id=item.state_hub_id,
            workplan=item.workplan,
            repo=repo.name,
            url=sibling.url_for(path, item.anchor) if path else None,
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
