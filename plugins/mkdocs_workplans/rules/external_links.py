"""EX001-EX004: external http(s) links that are broken, unreachable, moved or throttled.

The only check that uses the network, so it runs only when asked (``external:
{enabled: true}`` or ``workplans check --external``) and imports the engine only then.
"""

from __future__ import annotations

from collections.abc import Iterator

from mkdocs_workplans.external.collect import collect
from mkdocs_workplans.findings import Finding
from mkdocs_workplans.settings import Settings
from mkdocs_workplans.site import Site


def verified_elsewhere(settings: Settings) -> tuple[str, ...]:
    """URL prefixes of the configured siblings, whose links refcheck verifies without a request."""
    return tuple(url for repo in settings.repos.values() for url in (repo.site_url, repo.source_url) if url is not None)


def external_links(site: Site) -> Iterator[Finding]:
    settings = site.settings
    if not settings.external:
        return
    options = settings.external_options
    uses = collect(site.documents, verified_elsewhere(settings), options.ignore)
    if not uses:
        return
    from mkdocs_workplans.external.check import check_urls

    for url, result in check_urls(uses, options).items():
        if result.code is None:
            continue
        for use in uses[url]:
            yield Finding(result.code, use.path, use.line, use.column, result.message, result.moved_to)
