"""Typed options of the ``workplans`` plugin (``plugins: - workplans: ...``)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from mkdocs_workplans.options.types import Regex, RuleSeverities, string_list

DEFAULT_ID_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-WP-\d{4}$"


class StatehubConfig(base.Config):
    id_pattern = c.Type(str, default="uuid")
    """``uuid`` or a regular expression every State Hub id must match."""
    task_url = c.Optional(c.Type(str))
    workstream_url = c.Optional(c.Type(str))

    def validate(self) -> tuple[base.ConfigErrors, base.ConfigWarnings]:
        failed, warnings = super().validate()
        pattern = self.get("id_pattern")
        if pattern != "uuid" and isinstance(pattern, str):
            try:
                Regex().run_validation(pattern)
            except ValidationError as error:
                failed.append(("id_pattern", error))
        for key in ("task_url", "workstream_url"):
            url = self.get(key)
            if url is not None and "{id}" not in url:
                failed.append((key, ValidationError("must contain '{id}'")))
        return failed, warnings


class RunbooksConfig(base.Config):
    required_sections = string_list([])
    review_max_age_days = c.Type(int, default=180)


class IndexesConfig(base.Config):
    """Where the generated index pages go; an empty string turns one off."""

    workplans = c.Type(str, default="workplans/index.md")
    tasks = c.Type(str, default="tasks/index.md")
    runbooks = c.Type(str, default="runbooks/index.md")
    always = c.Type(bool, default=False)
    """Generate the index pages and the inventory even in a site with no workplans or runbooks."""


class WorkplansConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """``false`` turns the plugin off without removing its settings (as Material's plugins do)."""
    include = string_list([])
    id_pattern = Regex(default=DEFAULT_ID_PATTERN)
    statuses = string_list(["proposed", "planned", "active", "blocked", "finished", "cancelled", "superseded"])
    terminal_statuses = string_list(["finished", "cancelled", "superseded"])
    task_statuses = string_list(["todo", "in_progress", "blocked", "done", "cancelled"])
    terminal_task_statuses = string_list(["done", "cancelled"])
    """Not in the contract's example: which task statuses count as finished for WP006."""
    priorities = string_list(["low", "medium", "high", "critical"])
    statehub = c.SubConfig(StatehubConfig)
    runbooks = c.SubConfig(RunbooksConfig)
    indexes = c.SubConfig(IndexesConfig)
    rules = RuleSeverities()
