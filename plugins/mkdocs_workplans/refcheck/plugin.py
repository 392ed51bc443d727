"""The ``refcheck`` plugin: thin event glue around the shared gate."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin

from mkdocs_workplans.gate import GateEvents
from mkdocs_workplans.refcheck.config import RefcheckConfig


class RefcheckPlugin(GateEvents, BasePlugin[RefcheckConfig]):
    """Checks links, anchors, code-span paths, ids and sibling-repository references."""
