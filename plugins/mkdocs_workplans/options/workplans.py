"""Typed options of the ``workplans`` plugin (``plugins: - workplans: ...``)."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from mkdocs_workplans.options.types import Bounded, Duration, EnvName, InsidePath, Regex, RuleSeverities, string_list

DEFAULT_ID_PATTERN = r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)*-WP-\d{4}$"


class StatehubConfig(base.Config):
    id_pattern = c.Type(str, default="uuid")
    """``uuid`` or a regular expression every State Hub id must match."""
    task_url = c.Optional(c.Type(str))
    workstream_url = c.Optional(c.Type(str))
    export = c.Optional(c.Type(str))
    """A State Hub export to verify against: an ``http(s)`` URL, or a file path relative to ``mkdocs.yml``."""
    token_env = c.Optional(EnvName())
    """The environment variable whose value is sent as ``Authorization: Bearer ...``."""
    status_map = c.DictOfItems(c.Type(str), default={})
    """State Hub status -> task status, for installations whose words differ."""
    max_age = Duration(default=300)
    """How long a fetched export is reused from the cache, in seconds (or ``5m``, ``1h``); 0: never."""
    timeout = Bounded(float, 10.0, 0.01)
    """Seconds for the whole fetch of an export URL, redirects and body included."""

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
        export = self.get("export")
        if isinstance(export, str) and not export.strip():
            failed.append(("export", ValidationError("must be a file path or an http(s) URL, not empty")))
        elif isinstance(export, str) and "://" in export and not export.lower().startswith(("http://", "https://")):
            failed.append(("export", ValidationError("a URL must be http:// or https://")))
        return failed, warnings


class RunbooksConfig(base.Config):
    required_sections = string_list([])
    review_max_age_days = c.Type(int, default=180)


class IndexesConfig(base.Config):
    """Where the generated index pages go; an empty string turns one off."""

    workplans = InsidePath(default="workplans/index.md")
    tasks = InsidePath(default="tasks/index.md")
    runbooks = InsidePath(default="runbooks/index.md")
    always = c.Type(bool, default=False)
    """Generate the index pages and the inventory even in a site with no workplans or runbooks."""


class WorkplansConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """``false`` turns the plugin off without removing its settings (as Material's plugins do)."""
    include = c.ListOfItems(InsidePath(), default=[])
    id_pattern = Regex(default=DEFAULT_ID_PATTERN)
    statuses = string_list(["proposed", "planned", "active", "blocked", "finished", "cancelled", "superseded"])
    terminal_statuses = string_list(["finished", "cancelled", "superseded"])
    task_statuses = string_list(["todo", "in_progress", "blocked", "done", "cancelled"])
    terminal_task_statuses = string_list(["done", "cancelled"])
    """Not in the contract's example: which task statuses count as finished for WP006."""
    priorities = string_list(["low", "medium", "high", "critical"])
    stale_after_days = c.Type(int, default=60)
    """A non-terminal workplan whose ``updated`` is older than this is stale (WP011)."""
    statehub = c.SubConfig(StatehubConfig)
    runbooks = c.SubConfig(RunbooksConfig)
    indexes = c.SubConfig(IndexesConfig)
    rules = RuleSeverities()
