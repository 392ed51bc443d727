"""What parsing needs to know of a site's Markdown extensions, from either way of listing them.

A site's own ``mkdocs.yml`` arrives validated by MkDocs (extension names plus a
``mdx_configs`` mapping); a sibling's is raw YAML (a list of names or one-key
mappings). Both become a mapping of short extension name to its options, and one
function turns that into :class:`~mkdocs_workplans.model.parser.ParseOptions`, so the
two never read the same option differently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from mkdocs_workplans.model.anchors import default_slugify
from mkdocs_workplans.model.parser import ParseOptions

#: Extensions whose indented bodies (after ``!!!``, ``???`` or ``===``) are Markdown.
CONTAINERS = frozenset({"admonition", "details", "tabbed"})


def short_name(name: str) -> str:
    """``pymdownx.tabbed`` and ``tabbed`` are the same extension to us."""
    return name.rsplit(".", 1)[-1]


def from_validated(names: Iterable[object], configs: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """From MkDocs' validated ``markdown_extensions`` and ``mdx_configs``."""
    return {short_name(name): configs.get(name) or {} for name in names if isinstance(name, str)}


def from_raw(entries: object) -> dict[str, Mapping[str, Any]]:
    """From a raw ``markdown_extensions`` list, as a sibling's ``mkdocs.yml`` holds it."""
    extensions: dict[str, Mapping[str, Any]] = {}
    for entry in entries if isinstance(entries, list) else []:
        if isinstance(entry, str):
            extensions[short_name(entry)] = {}
        elif isinstance(entry, dict):
            for key, value in entry.items():
                extensions[short_name(str(key))] = value if isinstance(value, dict) else {}
    return extensions


def parse_options(extensions: Mapping[str, Mapping[str, Any]], mention_pattern: str | None) -> ParseOptions:
    """The toc slugify and separator, attr_list, containers, footnotes, snippets and tab ids, as the build uses them."""
    toc = extensions.get("toc", {})
    slugify = toc.get("slugify")
    footnotes = extensions.get("footnotes")
    return ParseOptions(
        slugify=slugify if callable(slugify) else default_slugify,
        separator=str(toc.get("separator", "-")),
        attr_list="attr_list" in extensions,
        containers=bool(extensions.keys() & CONTAINERS),
        mention_pattern=mention_pattern,
        footnotes=footnotes is not None,
        footnote_separator=str((footnotes or {}).get("SEPARATOR", ":")),
        footnote_unique_ids=bool((footnotes or {}).get("UNIQUE_IDS", False)),
        snippets="snippets" in extensions,
        snippets_appended=bool(extensions.get("snippets", {}).get("auto_append")),
        tabbed_ids=bool(extensions.get("tabbed", {}).get("slugify")),
    )
