"""MkDocs hook: add the generated rules reference page to the project's own site.

The page is rendered from ``mkdocs_workplans.registry.RULES`` by
``mkdocs_workplans.docs_pages.rules_reference`` on every build, so it always lists
exactly the codes the installed gate can report. Nobody writes it by hand: a file at
``docs/reference/rules.md`` is an error.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files

from mkdocs_workplans import registry
from mkdocs_workplans.docs_pages import RULES_PAGE, rules_reference


def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    existing = files.get_file_from_path(RULES_PAGE)
    if existing is not None and not existing.generated_by:
        raise PluginError(
            f"{RULES_PAGE} is generated from the rule registry; remove the hand-written "
            f"{existing.abs_src_path or existing.src_uri}"
        )
    if existing is not None:
        files.remove(existing)
    files.append(File.generated(config, RULES_PAGE, content=rules_reference()))
    return files


def on_serve(server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
    """Rebuild while serving when the registry (and so the page) changes."""
    server.watch(str(Path(registry.__file__).resolve()))
    return server
