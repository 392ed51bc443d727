"""Which configured plugins and hooks may change a page's content, and so its anchors, in a build.

``workplans check`` renders nothing, so an anchor it cannot find in the source may
still be made in a build by a plugin or hook that rewrites pages. A plugin is
trusted not to add ids when it is one of ours, is known here, or only expands
blocks the parser sees (mkdocstrings' ``:::``: those pages are marked one by one);
anything else that handles a page event makes every page's anchors unknowable from
the source. The build itself needs none of this: it judges anchors on the rendered
pages.
"""

from __future__ import annotations

from mkdocs.config.defaults import MkDocsConfig

#: Page events through which a plugin or hook can change what a page's HTML holds.
PAGE_EVENTS = ("on_page_markdown", "on_page_content", "on_post_page")

#: Plugins known to add no ids to pages, or only on pages the parser marks (mkdocstrings).
KNOWN = frozenset(
    {
        "workplans",
        "refcheck",
        "search",
        "blog",
        "tags",
        "social",
        "offline",
        "privacy",
        "meta",
        "info",
        "optimize",
        "typeset",
        "projects",
        "group",
        "minify",
        "minify-html",
        "redirects",
        "git-revision-date",
        "git-revision-date-localized",
        "git-authors",
        "git-committers",
        "awesome-pages",
        "literate-nav",
        "section-index",
        "glightbox",
        "rss",
        "autorefs",
        "mkdocstrings",
        "gen-files",
        "exclude",
        "exclude-search",
        "mermaid2",
        "i18n",
        "coverage",
        "llmstxt",
    }
)


def _short(name: str) -> str:
    """``material/search`` and ``search`` are the same plugin to us."""
    return name.rsplit("/", 1)[-1]


def page_changers(config: MkDocsConfig) -> tuple[str, ...]:
    """Names of the site's plugins and hooks that may change pages and are not known not to add ids."""
    found: list[str] = []
    for name, plugin in config.plugins.items():
        if _short(name) in KNOWN:
            continue
        if any(callable(getattr(plugin, event, None)) for event in PAGE_EVENTS):
            found.append(name)
    return tuple(sorted(found))
