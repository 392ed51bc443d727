"""The ``workplans`` plugin: thin event glue around the shared gate."""

from __future__ import annotations

from mkdocs.plugins import BasePlugin

from mkdocs_workplans.gate import GateEvents
from mkdocs_workplans.workplans.config import WorkplansConfig


class WorkplansPlugin(GateEvents, BasePlugin[WorkplansConfig]):
    """Checks workplans, tasks and runbooks; brings ``include`` files into the site."""
